import Foundation

/// A Mustache layout compiled for rendering: text as bytes, tags as nodes with their names
/// already split, sections and partials already nested; and, for the whole file, its tags
/// with their lines and columns, which the checks and messages read (`LayoutSet`).
///
/// A layout is parsed once, here. swift-mustache is the reference the tests compare against:
/// this parser follows its rules (standalone lines, partial indentation, set delimiters,
/// parents and blocks, `name(transform)`) and refuses what it refuses with the same reasons,
/// and the renderer gives byte for byte what swift-mustache gives for the same values (a
/// property test holds the two to it on generated templates); it only does it without finding
/// out what each value is at every tag, and it keeps where each tag and each error is.
struct LayoutTemplate: Sendable {
    var nodes: [Node]
    /// Every tag of the file, in order (empty for the nested bodies).
    var tags: [Tag] = []

    /// Sections (and parents and blocks) nested deeper than this are refused at the tag that
    /// goes past it: rendering recurses once per level. Real layouts nest a handful deep.
    static let nestingLimit = 50

    /// A tag where it was written: `{{#papers}}` is a section named `papers`; a name's
    /// transforms are left out (`{{#empty(topics)}}` is named `topics`).
    struct Tag: Sendable {
        enum Kind: Sendable { case variable, section, inverted, close, partial, parent, block, comment, other }
        var kind: Kind
        var name: String
        var line: Int
        var column: Int
    }

    /// `indirect`: a node is copied as one reference to its box, not as its names' arrays
    /// (unboxed, copying the nodes of a template took 2% of a build).
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, body: LayoutTemplate, inverted: Bool)
        /// `{{$name}}` inside `{{<parent}}`: what the parent's block of that name renders.
        case blockDefinition(String, LayoutTemplate)
        /// `{{$name}}default{{/name}}` in a layout: the override if one is inherited, else the default.
        case block(String, defaultBody: LayoutTemplate, indentation: [UInt8])
        /// `{{>name}}` (no overrides) and `{{<name}}` (overrides, maybe none).
        case partial(String, dynamic: Bool, indentation: [UInt8], overrides: [String: LayoutTemplate]?)
        /// `{{% CONTENT_TYPE: TEXT}}`: whether variables are HTML-escaped from here on.
        case escaping(Bool)
    }

    /// A looked-up name: `paper.title`, `.`, `empty(topics)`.
    struct Name: Sendable {
        enum Scope: Sendable { case stack, top, current, sequence }
        var scope: Scope
        var path: [String]
        /// Applied innermost first: `empty(topics)` is ["empty"].
        var transforms: [String]
        /// The name when it is one key looked up through the stack (`{{title}}`), as most are:
        /// looked up without slicing the path and the transforms.
        var plainKey: String? { scope == .stack && path.count == 1 && transforms.isEmpty ? path[0] : nil }
    }

    struct ParseError: Error, Sendable {
        var message: String
        var line = 1
        var column = 1
        /// Past `nestingLimit`: a layout that is valid Mustache but too deep to render.
        var tooDeep = false
    }
}

extension LayoutTemplate.Name {
    init(_ text: String, transforms: [String]) {
        self.transforms = transforms.reversed()
        if text == "." {
            scope = .current
            path = []
        } else if text.isEmpty && !transforms.isEmpty {
            scope = .sequence
            path = []
        } else if text.first == "." {
            scope = .top
            path = text.split(separator: ".").map(String.init)
        } else {
            scope = .stack
            path = text.split(separator: ".").map(String.init)
        }
    }
}

// MARK: Parsing

extension LayoutTemplate {
    init(parsing text: String) throws {
        var parser = LayoutParser(Array(text))
        do {
            self = try parser.parse(LayoutParser.State())
        } catch var error as ParseError {
            (error.line, error.column) = parser.place(error.line)   // `line` holds the position until here
            throw error
        }
        tags = parser.tags
    }
}

/// The parser, over Characters as the reference's is (a `\r\n` is one newline).
private struct LayoutParser {
    let text: [Character]
    var position = 0
    var tags: [LayoutTemplate.Tag] = []
    /// How many sections, parents and blocks are open.
    var depth = 0
    /// Where each line starts, for the line and column of a position.
    let lineStarts: [Int]

    init(_ text: [Character]) {
        self.text = text
        var starts = [0]
        for (index, character) in text.enumerated() where character.isNewline { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The line and column (both from 1, in characters) of a position.
    func place(_ position: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return (low + 1, position - lineStarts[low] + 1)
    }

    mutating func record(_ kind: LayoutTemplate.Tag.Kind, _ name: String, at start: Int) {
        let (line, column) = place(start)
        tags.append(LayoutTemplate.Tag(kind: kind, name: name, line: line, column: column))
    }

    /// Opens a section, parent or block written at `start`, refusing one past the limit.
    mutating func enter(at start: Int) throws {
        depth += 1
        guard depth <= LayoutTemplate.nestingLimit else {
            throw LayoutTemplate.ParseError(message: "sections nest more than \(LayoutTemplate.nestingLimit) deep here; flatten the layout (a layout this deep cannot be rendered safely)",
                                            line: start, tooDeep: true)
        }
    }

    struct State {
        var section: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var inParent = false
        var parentTopLevel = false
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]
        var parentIndent: [Character]?

        func entering(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.section = name
            state.sectionTransforms = transforms
            state.parentTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func enteringParent(_ name: String) -> State {
            var state = self
            state.section = name
            state.sectionTransforms = []
            state.newLine = true
            state.inParent = true
            state.parentTopLevel = true
            return state
        }
    }

    var atEnd: Bool { position >= text.count }
    var current: Character { atEnd ? "\0" : text[position] }

    /// An error at the current position (held in `line` until `init(parsing:)` makes it a place).
    func error(_ message: String, at place: Int? = nil) -> LayoutTemplate.ParseError {
        LayoutTemplate.ParseError(message: message, line: place ?? position)
    }

    mutating func read(while test: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd, test(text[position]) { position += 1 }
        return Array(text[start..<position])
    }

    mutating func read(_ literal: [Character]) -> Bool {
        guard position + literal.count <= text.count, Array(text[position..<position + literal.count]) == literal else { return false }
        position += literal.count
        return true
    }

    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let nameCharactersWithBrackets = nameCharacters.union("()")
    static let partialNameCharacters = nameCharactersWithBrackets.union("/")

    static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }

    mutating func parse(_ start: State) throws -> LayoutTemplate {
        var nodes: [LayoutTemplate.Node] = []
        var state = start
        var whitespaceBefore: [Character] = []
        func text(_ characters: [Character]) { nodes.append(.text(Array(String(characters).utf8))) }
        func flushWhitespace() {
            if !whitespaceBefore.isEmpty { text(whitespaceBefore) }
            whitespaceBefore = []
        }
        while !atEnd {
            if state.newLine {
                let blank = read(while: Self.isBlank)
                if state.inParent && !state.parentTopLevel {
                    if let indent = state.parentIndent {
                        whitespaceBefore = Array(blank.dropFirst(indent.count))
                    } else {
                        state.parentIndent = blank
                    }
                } else {
                    whitespaceBefore = blank
                }
            }
            let plain = try readTextUntilTagOrNewline(state)
            if current.isNewline {
                text(whitespaceBefore + plain + [current])
                state.newLine = true
                position += 1
                continue
            }
            if !plain.isEmpty {
                text(whitespaceBefore + plain)
                whitespaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            var standalone = false
            // Where the tag began: its opening delimiter, just read.
            let tagStart = position - state.open.count
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let (name, transforms) = try parseName(state)
                record(inverted ? .inverted : .section, name, at: tagStart)
                try enter(at: tagStart)
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                let body = try parse(state.entering(name, newLine: standalone, transforms: transforms))
                depth -= 1
                nodes.append(.section(LayoutTemplate.Name(name, transforms: transforms), body: body, inverted: inverted))
            case "/":
                position += 1
                let nameStart = position
                let (name, transforms) = try parseName(state)
                record(.close, name, at: tagStart)
                guard name == state.section, transforms == state.sectionTransforms else {
                    throw error("a closing tag {{/...}} does not match the open section", at: nameStart)
                }
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                return LayoutTemplate(nodes: nodes)
            case "!":
                position += 1
                record(.comment, "", at: tagStart)
                try skipComment(state)
                standalone = isStandalone(state)
            case "{", "&":
                let triple = current == "{"
                flushWhitespace()
                position += 1
                let (name, transforms) = try parseName(state)
                if triple {
                    guard current == "}" else { throw error("a tag is not closed with }}") }
                    position += 1
                }
                record(.variable, name, at: tagStart)
                nodes.append(.variable(LayoutTemplate.Name(name, transforms: transforms), escaped: false))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                let dynamic = current == "*"
                if dynamic { position += 1 }
                let name = try parsePartialName(state)
                record(.partial, name, at: tagStart)
                if !whitespaceBefore.isEmpty { text(whitespaceBefore) }
                if isStandalone(state) {
                    standalone = true
                    nodes.append(.partial(name, dynamic: dynamic, indentation: Array(String(whitespaceBefore).utf8), overrides: nil))
                } else {
                    nodes.append(.partial(name, dynamic: dynamic, indentation: [], overrides: nil))
                }
                whitespaceBefore = []
            case "<":
                position += 1
                _ = read(while: \.isWhitespace)
                let written = try parsePartialName(state)
                let dynamic = written.first == "*"
                let name = dynamic ? String(written.dropFirst()) : written
                record(.parent, name, at: tagStart)
                try enter(at: tagStart)
                if !whitespaceBefore.isEmpty { text(whitespaceBefore) }
                if isStandalone(state) { standalone = true }
                let body = try parse(state.enteringParent(written))
                depth -= 1
                var overrides: [String: LayoutTemplate] = [:]
                for node in body.nodes {
                    switch node {
                    case .blockDefinition(let block, let template): overrides[block] = template
                    case .text: break
                    default: throw error("inside {{<parent}}...{{/parent}} only {{$block}} overrides may be written")
                    }
                }
                nodes.append(.partial(name, dynamic: dynamic, indentation: Array(String(whitespaceBefore).utf8), overrides: overrides))
                whitespaceBefore = []
            case "$":
                position += 1
                let (name, transforms) = try parseName(state)
                guard transforms.isEmpty else { throw error("a transform cannot be applied to {{<parent}} or {{$block}}") }
                record(.block, name, at: tagStart)
                try enter(at: tagStart)
                defer { depth -= 1 }
                if state.parentTopLevel {
                    if isStandalone(state) { standalone = true }
                    let body = try parse(state.entering(name, newLine: standalone))
                    nodes.append(.blockDefinition(name, body))
                } else {
                    if !whitespaceBefore.isEmpty { text(whitespaceBefore) }
                    if isStandalone(state) { standalone = true }
                    let body = try parse(state.entering(name, newLine: standalone))
                    nodes.append(.block(name, defaultBody: body, indentation: Array(String(whitespaceBefore).utf8)))
                    whitespaceBefore = []
                }
            case "=":
                position += 1
                record(.other, "", at: tagStart)
                state = try setDelimiters(state)
                standalone = isStandalone(state)
            case "%":
                position += 1
                record(.other, "", at: tagStart)
                nodes.append(try contentType(state))
                standalone = isStandalone(state)
            default:
                flushWhitespace()
                let (name, transforms) = try parseName(state)
                record(.variable, name, at: tagStart)
                nodes.append(.variable(LayoutTemplate.Name(name, transforms: transforms), escaped: true))
            }
            state.newLine = standalone
        }
        guard state.section == nil else { throw error("a section is opened but never closed with {{/...}}") }
        return LayoutTemplate(nodes: nodes)
    }

    /// Text up to the next opening delimiter (consumed) or newline (not consumed).
    mutating func readTextUntilTagOrNewline(_ state: State) throws -> [Character] {
        var result: [Character] = []
        while !atEnd {
            let character = text[position]
            if character == "\n" || character == "\r\n" { break }
            if character == state.open[0] {
                if read(state.open) { break }
            }
            result.append(character)
            position += 1
        }
        return result
    }

    mutating func parseName(_ state: State) throws -> (String, [String]) {
        _ = read(while: \.isWhitespace)
        let written = String(read(while: { Self.nameCharactersWithBrackets.contains($0) }))
        _ = read(while: \.isWhitespace)
        guard read(state.close) else { throw unclosedTag() }
        guard let open = written.firstIndex(of: "(") else {
            guard !written.contains(")") else { throw error("a tag is not closed with }}") }
            return (written, [])
        }
        // `a(b(name))`: transforms a, b applied to name, innermost first.
        var transforms: [String] = []
        var rest = Substring(written)
        var head = rest[..<open]
        while true {
            transforms.append(String(head))
            rest = rest[rest.index(after: rest.firstIndex(of: "(")!)...]
            guard let next = rest.firstIndex(where: { $0 == "(" || $0 == ")" }) else { throw error("a tag is not closed with }}") }
            head = rest[..<next]
            guard head.allSatisfy({ Self.nameCharacters.contains($0) }) else { throw error("a tag is not closed with }}") }
            if rest[next] == ")" {
                let closing = rest[next...]
                guard closing.allSatisfy({ $0 == ")" }), closing.count == transforms.count else { throw error("a tag is not closed with }}") }
                return (String(head), transforms)
            }
        }
    }

    /// A tag without its closing delimiter: at the end of the file, said so.
    func unclosedTag() -> LayoutTemplate.ParseError {
        error(atEnd ? "the file ends inside a tag; close it with }}" : "a tag is not closed with }}")
    }

    mutating func parsePartialName(_ state: State) throws -> String {
        _ = read(while: \.isWhitespace)
        let name = String(read(while: { Self.partialNameCharacters.contains($0) }))
        _ = read(while: \.isWhitespace)
        guard read(state.close) else { throw unclosedTag() }
        return name
    }

    mutating func skipComment(_ state: State) throws {
        while !atEnd {
            if read(state.close) { return }
            position += 1
        }
        throw error("the file ends inside a tag; close it with }}")
    }

    mutating func setDelimiters(_ state: State) throws -> State {
        _ = read(while: \.isWhitespace)
        let open = read(while: { !$0.isWhitespace })
        _ = read(while: \.isWhitespace)
        let close = read(while: { $0 != "=" && !$0.isWhitespace })
        _ = read(while: \.isWhitespace)
        guard read(["="]), read(state.close), !open.isEmpty, !close.isEmpty else { throw error("invalid set-delimiter tag") }
        var next = state
        next.open = open
        next.close = close
        next.parentTopLevel = false
        return next
    }

    mutating func contentType(_ state: State) throws -> LayoutTemplate.Node {
        _ = read(while: \.isWhitespace)
        let variable = String(read(while: { Self.nameCharacters.contains($0) }))
        _ = read(while: \.isWhitespace)
        guard read([":"]) else { throw error("unknown {{% ...}} pragma") }
        _ = read(while: \.isWhitespace)
        let value = String(read(while: { Self.nameCharacters.contains($0) }))
        _ = read(while: \.isWhitespace)
        guard read(state.close), variable == "CONTENT_TYPE", value == "HTML" || value == "TEXT" else { throw error("unknown {{% ...}} pragma") }
        return .escaping(value == "HTML")
    }

    /// A tag alone on its line (only blanks around it) takes its line with it.
    mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var end = position
        while end < text.count, Self.isBlank(text[end]) { end += 1 }
        if end < text.count, text[end].isNewline {
            position = end + 1
            return true
        }
        return false
    }
}

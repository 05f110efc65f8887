/// One entry of a BibTeX file, its values as the TeX written (macros expanded, `#` joined,
/// the outer braces or quotes taken off), field names in lower case.
public struct BibTeXEntry: Sendable {
    /// `inproceedings`, `article`…, lower case.
    public var type: String
    public var key: String
    public var fields: [(name: String, value: String)]
    public var location: SourceLocation

    public subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    mutating func set(_ name: String, _ value: String) {
        if let index = fields.firstIndex(where: { $0.name == name }) { fields[index].value = value } else { fields.append((name, value)) }
    }
}

/// A BibTeX file as BibTeX and biber read it:
/// - text outside entries is a comment, and so is a line starting with `%`;
/// - `@comment{…}` is skipped, `@preamble{…}` read and kept aside;
/// - `@string{name = value}` defines a macro, used bare in later values; `jan`…`dec` are
///   predefined;
/// - values are `{…}` (braces nest), `"…"` (braces nest inside), numbers or macros, joined by `#`;
/// - an entry is `@type{key, field = value, …}` or with `( )`, a trailing comma allowed.
///
/// A malformed entry is reported at its line, naming the entry, and the parser goes on at
/// the next line that starts with `@`, so the good entries of the file still count.
public struct BibTeXParser {
    public private(set) var entries: [BibTeXEntry] = []
    public private(set) var problems: [Diagnostic] = []
    public private(set) var preambles: [String] = []
    /// Control characters taken out of the file before reading it (see `init`).
    public private(set) var controlCharactersRemoved = 0

    let path: String
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var macros: [String: String] = Self.monthMacros
    /// Characters the file's values hold once macros are expanded, against `expansionBudget`.
    private var expanded = 0
    /// Macros whose definition was refused, with its line: a use is told where to look.
    private var refusedMacros: [String: Int] = [:]
    private let expansionBudget: Int

    /// The longest value a macro may expand to: a book's table of contents is far shorter.
    /// `@string` values joined with `#` double at each level (`m1 = m0 # m0`), so 28 levels of
    /// a 744-byte file stood for 3 GB; like YAML's aliases, they are capped.
    static let maximumValueLength = 1_000_000
    /// And all values of a file together, as a multiple of its length (plus a floor for small
    /// files): a real file's macros (journal names, months) expand it by a small factor.
    static let expansionFactor = 16
    static let expansionFloor = 16_000_000

    /// BibTeX's own: `month = jan`, the first three letters of the month's name.
    private static let monthMacros: [String: String] = Dictionary(uniqueKeysWithValues: Day.monthNames.map {
        (String($0.prefix(3)).lowercased(), $0)
    })

    /// Control characters (but tab and line ends) are taken out first: no page can carry
    /// them, and a paper file holding one would not load.
    public init(_ text: String, path: String) {
        self.path = path
        let scalars = Array(text.unicodeScalars)
        self.text = scalars.filter { !FrontMatterParser.isControl($0) }
        controlCharactersRemoved = scalars.count - self.text.count
        expansionBudget = Self.expansionFloor + Self.expansionFactor * scalars.count
        parse()
    }

    private struct Malformed: Error {
        var location: SourceLocation
        var message: String
    }

    private var atEnd: Bool { index >= text.count }
    private var current: Unicode.Scalar { text[index] }
    private var here: SourceLocation { SourceLocation(path: path, line: line, column: index - lineStart + 1) }

    private mutating func advance() {
        if text[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipSpace() {
        while !atEnd && current.properties.isWhitespace { advance() }
    }

    private mutating func parse() {
        var seen: [String: SourceLocation] = [:]
        while !atEnd {
            // Outside entries: comments, up to the next `@`; a `%` line is skipped whole.
            if current == "%" {
                while !atEnd && current != "\n" { advance() }
                continue
            }
            guard current == "@" else {
                advance()
                continue
            }
            let start = here
            do {
                if let entry = try readEntry(start) {
                    let folded = entry.key.lowercased()
                    if let first = seen[folded] {
                        problems.append(Diagnostic(start, "@\(entry.type){\(entry.key)}: the key '\(entry.key)' is already used by the entry at line \(first.line ?? 0); keys must be unique"))
                    } else {
                        seen[folded] = start
                        entries.append(entry)
                    }
                }
            } catch let malformed as Malformed {
                problems.append(Diagnostic(malformed.location, malformed.message))
                skipToNextEntry()
            } catch {
                skipToNextEntry()
            }
        }
    }

    /// After a malformed entry: the next `@` that starts a line (an `@` inside a broken
    /// entry's abstract is not an entry).
    private mutating func skipToNextEntry() {
        while !atEnd {
            if current == "\n" {
                advance()
                var probe = index
                while probe < text.count, text[probe] == " " || text[probe] == "\t" { probe += 1 }
                if probe < text.count, text[probe] == "@" {
                    while index < probe { advance() }
                    return
                }
                continue
            }
            advance()
        }
    }

    private mutating func identifier() -> String {
        var name = ""
        while !atEnd, current.isASCII, current.properties.isAlphabetic || current.properties.numericType != nil || "_-:.+/".unicodeScalars.contains(current) {
            name.unicodeScalars.append(current)
            advance()
        }
        return name
    }

    /// An entry, or nil for `@comment`, `@preamble` and `@string`.
    private mutating func readEntry(_ start: SourceLocation) throws -> BibTeXEntry? {
        advance()   // @
        skipSpace()
        let type = identifier().lowercased()
        guard !type.isEmpty else { throw Malformed(location: here, message: "'@' must be followed by an entry type such as @article or @inproceedings") }
        skipSpace()
        if type == "comment" {
            // `@comment{…}` is skipped whole; a bare `@comment` only itself.
            if !atEnd && (current == "{" || current == "(") { _ = try delimited(start, what: "@comment") }
            return nil
        }
        guard !atEnd, current == "{" || current == "(" else {
            throw Malformed(location: here, message: "@\(type): expected '{' after the entry type")
        }
        let closer: Unicode.Scalar = current == "{" ? "}" : ")"
        advance()
        skipSpace()
        switch type {
        case "preamble":
            preambles.append(try value(entry: "@preamble", start: start))
            try close(closer, entry: "@preamble")
            return nil
        case "string":
            let name = identifier().lowercased()
            guard !name.isEmpty else { throw Malformed(location: here, message: "@string: expected a macro name, as in @string{acl = \"…\"}") }
            skipSpace()
            guard !atEnd, current == "=" else { throw Malformed(location: here, message: "@string{\(name)}: expected '=' after the macro's name") }
            advance()
            do {
                macros[name] = try value(entry: "@string{\(name)}", start: start)
            } catch {
                refusedMacros[name] = start.line ?? 0
                throw error
            }
            try close(closer, entry: "@string{\(name)}")
            return nil
        default:
            break
        }
        var key = ""
        while !atEnd, !current.properties.isWhitespace, !",{}()\"#%'=".unicodeScalars.contains(current) {
            key.unicodeScalars.append(current)
            advance()
        }
        let name = "@\(type){\(key)}"
        guard !key.isEmpty else { throw Malformed(location: here, message: "@\(type) at line \(start.line ?? 0): expected the entry's key, as in @\(type){smith2020, …}") }
        skipSpace()
        var entry = BibTeXEntry(type: type, key: key, fields: [], location: start)
        while true {
            guard !atEnd else { throw Malformed(location: here, message: "\(name): the file ends before the entry is closed with '\(closer)'") }
            if current == closer {
                advance()
                return entry
            }
            guard current == "," else {
                throw Malformed(location: here, message: "\(name): expected ',' or '\(closer)' after \(entry.fields.last.map { "the value of '\($0.name)'" } ?? "the key"), found '\(current)'")
            }
            advance()
            skipSpace()
            if !atEnd && current == closer { continue }   // a trailing comma
            let fieldStart = here
            let field = identifier().lowercased()
            guard !field.isEmpty else {
                throw Malformed(location: here, message: "\(name): expected a field name such as title or author, found '\(atEnd ? "end of file" : String(current))'")
            }
            skipSpace()
            guard !atEnd, current == "=" else { throw Malformed(location: here, message: "\(name): expected '=' after the field name '\(field)'") }
            advance()
            let fieldValue = try value(entry: name, start: fieldStart)
            if entry[field] != nil {
                throw Malformed(location: fieldStart, message: "\(name): the field '\(field)' is given twice")
            }
            entry.fields.append((field, fieldValue))
            skipSpace()
        }
    }

    private mutating func close(_ closer: Unicode.Scalar, entry: String) throws {
        skipSpace()
        guard !atEnd, current == closer else { throw Malformed(location: here, message: "\(entry): expected '\(closer)' to close it") }
        advance()
    }

    /// A value: parts joined by `#`.
    private mutating func value(entry: String, start: SourceLocation) throws -> String {
        var result = ""
        var length = 0
        while true {
            skipSpace()
            let partStart = here
            guard !atEnd else { throw Malformed(location: here, message: "\(entry): the file ends where a value was expected") }
            switch current {
            case "{":
                result += try delimited(start, what: entry)
            case "\"":
                result += try delimited(start, what: entry)
            default:
                let word = identifier()
                guard !word.isEmpty else {
                    throw Malformed(location: here, message: "\(entry): expected a value in braces, in quotes, a number or a @string name, found '\(current)'")
                }
                if word.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) {
                    result += word
                } else if let macro = macros[word.lowercased()] {
                    let count = macro.unicodeScalars.count
                    length += count
                    expanded += count
                    if length > Self.maximumValueLength {
                        throw Malformed(location: partStart, message: "\(entry): the value expands to more than \(Self.maximumValueLength) characters through @string macros "
                                        + "(a macro made of macros that double at each level); write the text out, or remove the macros")
                    }
                    if expanded > expansionBudget {
                        throw Malformed(location: partStart, message: "\(entry): the file's @string macros expand its values to more than \(expansionBudget) characters in all "
                                        + "(\(Self.expansionFactor) times the file's length); write the text out, or use the large macros less")
                    }
                    result += macro
                } else if let line = refusedMacros[word.lowercased()] {
                    throw Malformed(location: partStart, message: "\(entry): '\(word)' is the @string refused at line \(line); fix it there")
                } else {
                    throw Malformed(location: here, message: "\(entry): '\(word)' is not a defined @string; put text in braces, as in {\(word)}")
                }
            }
            skipSpace()
            guard !atEnd, current == "#" else { return result }
            advance()
        }
    }

    /// `{…}` (or `(…)` around a comment) and `"…"`: braces nest inside, the outer pair is taken
    /// off, and the closer ends the value only outside braces. `\{`, `\}` and `\"` do not count.
    private mutating func delimited(_ start: SourceLocation, what: String) throws -> String {
        let opener = current
        let closer: Unicode.Scalar = opener == "(" ? ")" : opener == "\"" ? "\"" : "}"
        let open = here
        advance()
        var depth = 0
        var text = String.UnicodeScalarView()
        while !atEnd {
            let scalar = current
            if scalar == "\\", index + 1 < self.text.count {
                text.append(scalar)
                advance()
                text.append(current)
                advance()
                continue
            }
            if depth == 0 && scalar == closer {
                advance()
                return String(text)
            }
            if scalar == "{" { depth += 1 }
            if scalar == "}" {
                depth -= 1
                if depth < 0 { throw Malformed(location: here, message: "\(what): a '}' closes more braces than were opened") }
            }
            text.append(scalar)
            advance()
        }
        throw Malformed(location: open, message: "\(what): the \(opener == "\"" ? "quote" : "brace") opened here is never closed")
    }
}

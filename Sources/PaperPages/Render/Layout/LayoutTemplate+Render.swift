import Foundation

/// Renders compiled layouts (`LayoutTemplate`) over `LayoutValue`s into bytes, with
/// swift-mustache's rules: the context stack, sections over lists, booleans and values,
/// inverted sections, partials with their indentation, parents with block overrides (the
/// outermost override wins), transforms, and HTML escaping of `{{name}}` (& < > " ').
///
/// A name found nowhere on the stack, or missing from an object a dotted name goes through,
/// is recorded in `misses`, for the build's located error; inside a lenient object
/// (`extra`) it is null instead.
struct LayoutRenderer {
    let templates: [String: LayoutTemplate]
    private(set) var output: [UInt8] = []
    private(set) var misses: Set<String> = []

    init(templates: [String: LayoutTemplate]) {
        self.templates = templates
    }

    /// One value of the context stack, over the values it was pushed on: a section pushes a
    /// frame instead of copying the stack (an array copy retained every value on it, for every
    /// item of every list of every page).
    final class Frame {
        let value: LayoutValue
        let below: Frame?

        init(_ value: LayoutValue, below: Frame?) {
            self.value = value
            self.below = below
        }
    }

    struct Context {
        /// The innermost value; names are looked up from it outwards.
        var top: Frame
        /// Where the innermost list iteration is (`first()`, `index()`, ...).
        var sequence: (first: Bool, last: Bool, index: Int)?
        /// Put before each line of an indented standalone partial.
        var indentation: [UInt8] = []
        /// Block overrides from the parents being rendered.
        var inherited: [String: LayoutTemplate]?
        var escapes = true

        func pushing(_ value: LayoutValue, sequence: (first: Bool, last: Bool, index: Int)? = nil) -> Context {
            var next = self
            next.top = Frame(value, below: top)
            next.sequence = sequence
            return next
        }
    }

    /// Renders the layout `name` with `root` as the whole context (the build checks that every
    /// layout a page needs exists before rendering).
    mutating func render(_ name: String, _ root: LayoutValue) {
        guard let template = templates[name] else { return }
        render(template, Context(top: Frame(root, below: nil)))
    }

    private mutating func render(_ template: LayoutTemplate, _ start: Context) {
        var context = start
        guard !context.indentation.isEmpty else {
            for node in template.nodes { render(node, &context) }
            return
        }
        // The reference indents a node's output when this template's output so far ends a line.
        let origin = output.count
        for node in template.nodes {
            let before = output.count
            render(node, &context)
            if output.count > before, endsLine(from: origin, to: before) {
                output.insert(contentsOf: context.indentation, at: before)
            }
        }
    }

    /// Whether `output[from..<to]` ends with a newline Character: a `\n` not after a `\r`
    /// (`\r\n` is one Character, and not `\n`).
    private func endsLine(from: Int, to: Int) -> Bool {
        guard to > from, output[to - 1] == 0x0A else { return false }
        return !(to - 2 >= from && output[to - 2] == 0x0D)
    }

    private mutating func render(_ node: LayoutTemplate.Node, _ context: inout Context) {
        switch node {
        case .text(let bytes):
            output += bytes
        case .variable(let name, let escaped):
            guard let value = lookUp(name, context) else { return }
            write(value, escaped: escaped && context.escapes)
        case .section(let name, let body, let inverted):
            let value = lookUp(name, context)
            inverted ? renderInverted(value, body, context) : renderSection(value, body, context)
        case .blockDefinition:
            break
        case .block(let name, let defaultBody, let indentation):
            var inner = context
            inner.indentation += indentation
            inner.sequence = nil
            render(context.inherited?[name] ?? defaultBody, inner)
        case .partial(let name, let dynamic, let indentation, let overrides):
            var partialName = name
            if dynamic {
                guard case .text(let named)? = lookUp(LayoutTemplate.Name(name, transforms: []), context) else { return }
                partialName = named
            }
            guard let template = templates[partialName] else { return }
            var inner = context
            inner.indentation += indentation
            inner.sequence = nil
            inner.escapes = true
            if let overrides {
                inner.inherited = context.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(template, inner)
        case .escaping(let escapes):
            context.escapes = escapes
        }
    }

    private mutating func renderSection(_ value: LayoutValue?, _ body: LayoutTemplate, _ context: Context) {
        switch value {
        case .list(let items)?:
            for (index, item) in items.enumerated() {
                render(body, context.pushing(item, sequence: (index == 0, index == items.count - 1, index)))
            }
        case .bool(let flag)?:
            if flag { render(body, context) }
        case .null?, nil:
            break
        case let value?:
            render(body, context.pushing(value))
        }
    }

    private mutating func renderInverted(_ value: LayoutValue?, _ body: LayoutTemplate, _ context: Context) {
        switch value {
        case .list(let items)?:
            if items.isEmpty { render(body, context.pushing(.list(items))) }
        case .bool(let flag)?:
            if !flag { render(body, context) }
        case .null?, nil:
            render(body, context)
        default:
            break
        }
    }

    // MARK: Values

    private mutating func write(_ value: LayoutValue, escaped: Bool) {
        let text = Self.describe(value)
        escaped ? appendEscapedHTML(text, to: &output, apostrophe: true) : (output += text.utf8)
    }

    /// What `String(describing:)` gives, as swift-mustache writes it. A list is written as
    /// Swift writes an array; an object (`{{paper}}` rather than `{{paper.title}}`) is not text
    /// and writes nothing, where swift-mustache wrote the name of a Swift type.
    private static func describe(_ value: LayoutValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): "\(number)"
        case .text(let text): text
        case .list(let items): "[" + items.map { item in
            if case .text(let text) = item { return "\"" + text + "\"" }
            return describe(item)
        }.joined(separator: ", ") + "]"
        case .object: ""
        }
    }

    private mutating func lookUp(_ name: LayoutTemplate.Name, _ context: Context) -> LayoutValue? {
        if let key = name.plainKey {
            let (found, lenient) = Self.find(key, from: context.top)
            if let found { return found }
            if lenient { return .null }
            misses.insert(key)
            return nil
        }
        var value: LayoutValue
        switch name.scope {
        case .current:
            value = context.top.value
        case .sequence:
            guard let sequence = context.sequence, let first = name.transforms.first else { return nil }
            switch first {
            case "first": value = .bool(sequence.first)
            case "last": value = .bool(sequence.last)
            case "index": value = .int(sequence.index)
            case "even": value = .bool(sequence.index & 1 == 0)
            case "odd": value = .bool(sequence.index & 1 == 1)
            default: return nil
            }
            return applying(name.transforms.dropFirst(), to: value)
        case .top:
            guard let found = follow(name.path[...], from: context.top.value) else { return nil }
            value = found
        case .stack:
            guard let head = name.path.first else {
                value = context.top.value
                break
            }
            let (found, lenient) = Self.find(head, from: context.top)
            guard let child = found else {
                // A lenient object answers null for its own names, not for a path through them.
                if lenient { return name.path.count == 1 ? applying(name.transforms[...], to: .null) : nil }
                misses.insert(head)
                return nil
            }
            guard let rest = follow(name.path.dropFirst(), from: child) else { return nil }
            value = rest
        }
        return applying(name.transforms[...], to: value)
    }

    /// The value of `key` in the innermost object of the stack that has it; else whether an
    /// object passed on the way is lenient (answers null for names it lacks).
    private static func find(_ key: String, from top: Frame) -> (value: LayoutValue?, lenient: Bool) {
        var lenient = false
        var frame: Frame? = top
        while let current = frame {
            if case .object(let object) = current.value {
                if let child = object[key] { return (child, lenient) }
                lenient = lenient || object.lenient
            }
            frame = current.below
        }
        return (nil, lenient)
    }

    /// The rest of a dotted name, strictly inside `value`.
    private mutating func follow(_ path: ArraySlice<String>, from value: LayoutValue) -> LayoutValue? {
        var value = value
        for segment in path {
            guard case .object(let object) = value else { return nil }
            if let child = object[segment] {
                value = child
            } else if object.lenient {
                value = .null
            } else {
                misses.insert(segment)
                return nil
            }
        }
        return value
    }

    private func applying(_ transforms: ArraySlice<String>, to value: LayoutValue) -> LayoutValue? {
        var value = value
        for transform in transforms {
            guard let next = Self.transform(transform, value) else { return nil }
            value = next
        }
        return value
    }

    /// swift-mustache's transforms: on text, lists and integers; nil where it has none.
    private static func transform(_ name: String, _ value: LayoutValue) -> LayoutValue? {
        switch value {
        case .text(let text):
            switch name {
            case "empty": return .bool(text.isEmpty)
            case "capitalized": return .text(text.capitalized)
            case "lowercased": return .text(text.lowercased())
            case "uppercased": return .text(text.uppercased())
            case "reversed": return .text(String(text.reversed()))
            default: return nil
            }
        case .list(let items):
            switch name {
            case "first": return items.first
            case "last": return items.last
            case "reversed": return .list(items.reversed())
            case "count": return .int(items.count)
            case "empty": return .bool(items.isEmpty)
            default: return nil
            }
        case .int(let number):
            switch name {
            case "equalzero": return .bool(number == 0)
            case "plusone": return .int(number + 1)
            case "minusone": return .int(number - 1)
            case "even": return .bool(number & 1 == 0)
            case "odd": return .bool(number & 1 == 1)
            default: return nil
            }
        default:
            return nil
        }
    }
}

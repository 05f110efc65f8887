/// A small scanner for the tags of a Mustache file, with their line and column, so messages
/// can point at the tag (swift-mustache keeps no positions after parsing). It follows
/// set-delimiter tags (`{{=<% %>=}}`), so no tag escapes the checks that rely on it.
enum MustacheTags {
    enum Kind { case variable, section, inverted, close, partial, parent, block, comment, other }

    struct Tag {
        var kind: Kind
        var name: String
        var line: Int
        var column: Int

        /// The looked-up name without transforms: `empty(topics)` -> `topics`.
        var variableName: String {
            guard let open = name.lastIndex(of: "("), let close = name.firstIndex(of: ")"), open < close else { return name }
            return String(name[name.index(after: open)..<close])
        }

        /// Tags that open a section closed by `{{/name}}`.
        var opensSection: Bool { [.section, .inverted, .parent, .block].contains(kind) }
    }

    static func scan(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var line = 1, column = 1
        let scalars = Array(text.unicodeScalars)
        var open: [Unicode.Scalar] = ["{", "{"], close: [Unicode.Scalar] = ["}", "}"]
        func matches(_ delimiter: [Unicode.Scalar], at index: Int) -> Bool {
            index + delimiter.count <= scalars.count && scalars[index..<index + delimiter.count].elementsEqual(delimiter)
        }
        func advance(over range: Range<Int>) {
            for k in range { if scalars[k] == "\n" { line += 1; column = 1 } else { column += 1 } }
        }
        var i = 0
        while i < scalars.count {
            guard matches(open, at: i) else {
                advance(over: i..<i + 1)
                i += 1
                continue
            }
            let (startLine, startColumn) = (line, column)
            var j = i + open.count
            while j < scalars.count, !matches(close, at: j) { j += 1 }
            var inner = String(String.UnicodeScalarView(scalars[(i + open.count)..<min(j, scalars.count)]))
            var end = min(j + close.count, scalars.count)
            // A triple mustache ends with one more brace than the delimiter.
            if open == ["{", "{"], inner.hasPrefix("{"), end < scalars.count, scalars[end] == "}" { end += 1 }
            inner = inner.trimmingWhitespace()
            let tag = tag(inner, line: startLine, column: startColumn)
            tags.append(tag)
            if inner.hasPrefix("="), inner.hasSuffix("="), inner.count > 2 {
                let parts = inner.dropFirst().dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                if parts.count == 2 { open = Array(parts[0].unicodeScalars); close = Array(parts[1].unicodeScalars) }
            }
            advance(over: i..<end)
            i = end
        }
        return tags
    }

    private static func tag(_ inner: String, line: Int, column: Int) -> Tag {
        let sigils: [Character: Kind] = ["#": .section, "^": .inverted, "/": .close, ">": .partial,
                                         "<": .parent, "$": .block, "!": .comment, "{": .variable, "&": .variable, "=": .other, "%": .other]
        if let first = inner.first, let kind = sigils[first] {
            var name = inner.dropFirst().trimmingWhitespace()
            if first == "{" && name.hasSuffix("}") { name = String(name.dropLast()) }
            return Tag(kind: kind, name: name.trimmingWhitespace(), line: line, column: column)
        }
        return Tag(kind: .variable, name: inner, line: line, column: column)
    }
}

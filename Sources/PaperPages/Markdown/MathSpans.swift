/// `$...$` and `$$...$$` math, kept away from the Markdown parser and handed to KaTeX.
///
/// cmark-gfm knows nothing of TeX: `$a_1 * b_2$` would become emphasis and `|` would split a
/// table cell. So math spans are swapped for private-use placeholders before parsing and put
/// back afterwards as `<span class="math">TeX</span>`, which the site's script renders with
/// KaTeX; without JavaScript the reader sees the TeX source.
///
/// The rules are pandoc's: an opening `$` is followed by a non-space, a closing `$` follows a
/// non-space and is not followed by a digit (so "$5 and $6" is money), `\$` is a dollar sign,
/// and nothing inside code spans or fenced code blocks is math.
struct MathSpans {
    struct Span {
        var tex: String
        var display: Bool
        /// A placeholder character that was in the text itself, put back as it was.
        var literal = false
    }

    private(set) var spans: [Span] = []

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    /// The Markdown with every math span replaced by a placeholder.
    mutating func protect(_ markdown: String) -> String {
        // stdlib: Foundation's contains is slow on Linux. 0xEE starts the placeholders' UTF-8.
        guard markdown.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == 0xEE }) else { return markdown }
        return replaceSpans(in: fenceAware(markdown))
    }

    /// Splits the text into code and non-code stretches and replaces math only in the latter.
    private func fenceAware(_ markdown: String) -> [(text: Substring, code: Bool)] {
        var parts: [(Substring, Bool)] = []
        var fence: Substring?
        var start = markdown.startIndex
        var lineStart = markdown.startIndex
        while lineStart < markdown.endIndex {
            let lineEnd = markdown[lineStart...].firstIndex(of: "\n").map { markdown.index(after: $0) } ?? markdown.endIndex
            let line = markdown[lineStart..<lineEnd]
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) && trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) {
                    fence = nil
                    parts.append((markdown[start..<lineEnd], true))
                    start = lineEnd
                }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if start < lineStart { parts.append((markdown[start..<lineStart], false)) }
                fence = trimmed.prefix { $0 == trimmed.first }
                start = lineStart
            }
            lineStart = lineEnd
        }
        if start < markdown.endIndex { parts.append((markdown[start...], fence != nil)) }
        return parts
    }

    private mutating func replaceSpans(in parts: [(text: Substring, code: Bool)]) -> String {
        var output: [UInt8] = []
        for part in parts {
            if part.code { output += part.text.utf8 } else { replaceSpans(in: Array(part.text.utf8), into: &output) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    // The scanner works on UTF-8 bytes: every delimiter is ASCII, and a multi-byte character
    // never contains an ASCII byte, so other text is copied through untouched.
    private static let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
    private static let newline = UInt8(ascii: "\n")

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private mutating func replaceSpans(in text: [UInt8], into output: inout [UInt8]) {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == Self.backslash, index + 1 < text.count {
                output += text[index...index + 1]
                index += 2
                continue
            }
            if byte == Self.backtick {
                // A code span: copy through the matching run of backticks untouched.
                var run = 0
                while index + run < text.count, text[index + run] == Self.backtick { run += 1 }
                let end = closingBackticks(text, from: index + run, run: run) ?? index + run
                output += text[index..<end]
                index = end
                continue
            }
            if byte == 0xEE, index + 2 < text.count, text[index + 1] == 0x80, text[index + 2] == 0x80 || text[index + 2] == 0x81 {
                // U+E000 or U+E001 written in the text: kept out of the way of the placeholders.
                replace(with: Span(tex: String(decoding: text[index..<index + 3], as: UTF8.self), display: false, literal: true), into: &output)
                index += 3
                continue
            }
            if byte == Self.dollar, let (tex, end, display) = mathSpan(text, at: index) {
                replace(with: Span(tex: tex, display: display), into: &output)
                index = end
                continue
            }
            output.append(byte)
            index += 1
        }
    }

    /// Writes the placeholder of a new span: open, its number, close.
    private mutating func replace(with span: Span, into output: inout [UInt8]) {
        output += String(Self.open).utf8
        output += String(spans.count).utf8
        output += String(Self.close).utf8
        spans.append(span)
    }

    private func closingBackticks(_ text: [UInt8], from start: Int, run: Int) -> Int? {
        var index = start
        while index < text.count {
            if text[index] == Self.backtick {
                var length = 0
                while index + length < text.count, text[index + length] == Self.backtick { length += 1 }
                if length == run { return index + length }
                index += length
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The TeX, the index just past the closing delimiter, and whether it is display math.
    private func mathSpan(_ text: [UInt8], at start: Int) -> (String, Int, Bool)? {
        let display = start + 1 < text.count && text[start + 1] == Self.dollar
        let first = start + (display ? 2 : 1)
        guard first < text.count, display || !Self.isSpace(text[first]) else { return nil }
        var index = first
        var previous = Self.dollar
        while index < text.count {
            let byte = text[index]
            if byte == Self.backslash { index += 2; previous = UInt8(ascii: "x"); continue }
            if byte == Self.newline && previous == Self.newline { return nil }   // a blank line ends the paragraph
            if byte == Self.dollar {
                if display {
                    guard index + 1 < text.count, text[index + 1] == Self.dollar else { return nil }
                    let tex = String(decoding: text[first..<index], as: UTF8.self).trimmingWhitespace(newlines: true)
                    return tex.isEmpty ? nil : (tex, index + 2, true)
                }
                let followedByDigit = index + 1 < text.count && (0x30...0x39).contains(text[index + 1])
                if !Self.isSpace(previous) && !followedByDigit && index > first {
                    return (String(decoding: text[first..<index], as: UTF8.self), index + 1, false)
                }
                return nil
            }
            previous = byte
            index += 1
        }
        return nil
    }

    /// Puts the math back into rendered HTML, escaped, in spans the site's script looks for.
    /// Inside a tag (a link's title, an image's alt text) a span can't go: the TeX goes back
    /// as written, `$...$`, escaped for the attribute.
    func restore(in html: String) -> String {
        guard !spans.isEmpty, html.containsBytes(String(Self.open)) else { return html }
        var output = ""
        var rest = html[...]
        var inTag = false
        func copy(_ text: Substring) {
            output += text
            // cmark-gfm escapes < and > in attribute values, so the last one seen says where we are.
            if let last = text.utf8.lastIndex(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
                inTag = text.utf8[last] == UInt8(ascii: "<")
            }
        }
        while let open = rest.firstIndex(of: Self.open), let close = rest[open...].firstIndex(of: Self.close),
              let number = Int(rest[rest.index(after: open)..<close]), number < spans.count {
            copy(rest[..<open])
            let span = spans[number]
            if span.literal {
                output += span.tex
            } else if inTag {
                let dollars = span.display ? "$$" : "$"
                output += escapeHTML(dollars + span.tex + dollars)
            } else {
                output += "<span class=\"math \(span.display ? "math-display" : "math-inline")\">\(escapeHTML(span.tex))</span>"
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }
}

/// `text` with & < > " escaped, for HTML text and double-quoted attributes (see `appendEscapedHTML`).
public func escapeHTML(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
    var escaped: [UInt8] = []
    escaped.reserveCapacity(text.utf8.count + 32)
    appendEscapedHTML(text, to: &escaped)
    return String(decoding: escaped, as: UTF8.self)
}

/// The build's one HTML escaping: & < > " (and ' for layouts, as Mustache escapes it).
/// Over bytes, not Characters: faster, and a quote followed by a combining mark is one
/// Character but still ends an HTML attribute, so it must be escaped all the same.
func appendEscapedHTML(_ text: String, to bytes: inout [UInt8], apostrophe: Bool = false) {
    for byte in text.utf8 {
        switch byte {
        case 0x26: bytes += "&amp;".utf8
        case 0x3C: bytes += "&lt;".utf8
        case 0x3E: bytes += "&gt;".utf8
        case 0x22: bytes += "&quot;".utf8
        case 0x27 where apostrophe: bytes += "&#39;".utf8
        default: bytes.append(byte)
        }
    }
}

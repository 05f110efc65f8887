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
        var markdown = markdown
        let protected = markdown.withUTF8 { bytes -> String? in
            // 0xEE starts the placeholders' UTF-8.
            guard bytes.contains(where: { $0 == Self.dollar || $0 == 0xEE }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 64)
            for part in Self.fenceAware(bytes) {
                let text = UnsafeBufferPointer(rebasing: bytes[part.range])
                if part.code { output += text } else { replaceSpans(in: text, into: &output) }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return protected ?? markdown
    }

    /// Splits the text into code and non-code stretches (byte ranges), so that math is
    /// replaced only in the latter. Lines are read as bytes up to each LF (a CR before it is
    /// trailing space): as Characters, the text's grapheme breaking was a quarter of the
    /// Markdown step, and a CR LF is one Character, so no line of a CR LF file ever ended.
    private static func fenceAware(_ bytes: UnsafeBufferPointer<UInt8>) -> [(range: Range<Int>, code: Bool)] {
        var parts: [(Range<Int>, Bool)] = []
        var fence: (byte: UInt8, length: Int)?
        var start = 0, lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            lineEnd = min(lineEnd + 1, bytes.count)
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 { first += 1 }
            var run = first
            while run < lineEnd, first < lineEnd, bytes[run] == bytes[first] { run += 1 }
            let marker = first < lineEnd ? bytes[first] : 0
            if let open = fence {
                let closes = marker == open.byte && run - first >= open.length
                    && bytes[run..<lineEnd].allSatisfy { isSpace($0) || $0 == 0x0B || $0 == 0x0C }
                if closes {
                    fence = nil
                    parts.append((start..<lineEnd, true))
                    start = lineEnd
                }
            } else if (marker == backtick || marker == UInt8(ascii: "~")) && run - first >= 3 {
                if start < lineStart { parts.append((start..<lineStart, false)) }
                fence = (marker, run - first)
                start = lineStart
            }
            lineStart = lineEnd
        }
        if start < bytes.count { parts.append((start..<bytes.count, fence != nil)) }
        return parts
    }

    // The scanner works on UTF-8 bytes: every delimiter is ASCII, and a multi-byte character
    // never contains an ASCII byte, so other text is copied through untouched.
    private static let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
    private static let newline = UInt8(ascii: "\n")

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private mutating func replaceSpans(in text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == Self.backslash, index + 1 < text.count {
                output += UnsafeBufferPointer(rebasing: text[index...index + 1])
                index += 2
                continue
            }
            if byte == Self.backtick {
                // A code span: copy through the matching run of backticks untouched.
                var run = 0
                while index + run < text.count, text[index + run] == Self.backtick { run += 1 }
                let end = closingBackticks(text, from: index + run, run: run) ?? index + run
                output += UnsafeBufferPointer(rebasing: text[index..<end])
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

    private func closingBackticks(_ text: UnsafeBufferPointer<UInt8>, from start: Int, run: Int) -> Int? {
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
    private func mathSpan(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (String, Int, Bool)? {
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
    var text = text
    text.withUTF8 { utf8 in
        // Runs without a character to escape are copied whole, not a byte at a time: every
        // value of every page passes through here.
        var runStart = 0
        for (index, byte) in utf8.enumerated() {
            let entity: StaticString
            switch byte {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27 where apostrophe: entity = "&#39;"
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            bytes.append(entity)
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
}

extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes, without making a String of it.
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

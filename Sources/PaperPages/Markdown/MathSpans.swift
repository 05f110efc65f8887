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
    }

    private(set) var spans: [Span] = []

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    /// The Markdown with every math span replaced by a placeholder.
    mutating func protect(_ markdown: String) -> String {
        guard markdown.utf8.contains(UInt8(ascii: "$")) else { return markdown }   // stdlib: Foundation's contains is slow on Linux
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
        var output = ""
        for part in parts {
            if part.code { output += part.text } else { output += replaceSpans(in: Array(part.text)) }
        }
        return output
    }

    private mutating func replaceSpans(in text: [Character]) -> String {
        var output = ""
        var index = 0
        while index < text.count {
            let character = text[index]
            if character == "\\", index + 1 < text.count {
                output.append(character)
                output.append(text[index + 1])
                index += 2
                continue
            }
            if character == "`" {
                // A code span: copy through the matching run of backticks untouched.
                var run = 0
                while index + run < text.count, text[index + run] == "`" { run += 1 }
                if let end = closingBackticks(text, from: index + run, run: run) {
                    output += String(text[index..<end])
                    index = end
                } else {
                    output += String(repeating: "`", count: run)
                    index += run
                }
                continue
            }
            if character == "$", let (tex, end, display) = mathSpan(text, at: index) {
                output.append(Self.open)
                output += String(spans.count)
                output.append(Self.close)
                spans.append(Span(tex: tex, display: display))
                index = end
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    private func closingBackticks(_ text: [Character], from start: Int, run: Int) -> Int? {
        var index = start
        while index < text.count {
            if text[index] == "`" {
                var length = 0
                while index + length < text.count, text[index + length] == "`" { length += 1 }
                if length == run { return index + length }
                index += length
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The TeX, the index just past the closing delimiter, and whether it is display math.
    private func mathSpan(_ text: [Character], at start: Int) -> (String, Int, Bool)? {
        let display = start + 1 < text.count && text[start + 1] == "$"
        let delimiter = display ? 2 : 1
        let first = start + delimiter
        guard first < text.count, display || !text[first].isWhitespace else { return nil }
        var index = first
        var previous: Character = "$"
        while index < text.count {
            let character = text[index]
            if character == "\\" { index += 2; previous = "x"; continue }
            if character == "\n" && previous == "\n" { return nil }   // a blank line ends the paragraph
            if character == "$" {
                if display {
                    guard index + 1 < text.count, text[index + 1] == "$" else { return nil }
                    let tex = String(text[first..<index]).trimmingCharacters(in: .whitespacesAndNewlines)
                    return tex.isEmpty ? nil : (tex, index + 2, true)
                }
                let followedByDigit = index + 1 < text.count && text[index + 1].isNumber
                if !previous.isWhitespace && !followedByDigit && index > first {
                    return (String(text[first..<index]), index + 1, false)
                }
                return nil
            }
            previous = character
            index += 1
        }
        return nil
    }

    /// Puts the math back into rendered HTML, escaped, in spans the site's script looks for.
    func restore(in html: String) -> String {
        guard !spans.isEmpty, html.contains(Self.open) else { return html }
        var output = ""
        var rest = html[...]
        while let open = rest.firstIndex(of: Self.open), let close = rest[open...].firstIndex(of: Self.close),
              let number = Int(rest[rest.index(after: open)..<close]), number < spans.count {
            output += rest[..<open]
            let span = spans[number]
            output += "<span class=\"math \(span.display ? "math-display" : "math-inline")\">\(escapeHTML(span.tex))</span>"
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }
}

func escapeHTML(_ text: String) -> String {
    guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else { return text }
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        default: escaped.append(character)
        }
    }
    return escaped
}

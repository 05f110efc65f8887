/// A content file cut into its front matter (the YAML between the opening `---` and the
/// closing `---` or `...`) and its body: the one reading of that shape, for the loader and for
/// `import --force`, which rewrites a file's front matter and must find the same one.
///
/// Line ends are CRLF, LF or CR, as YAML and CommonMark both read them; the parts are given
/// with LF, and `lineEnding` is the file's own, to write it back as it was. A byte order mark
/// is skipped. Only a line that is exactly the marker (trailing blanks aside) is one: an
/// indented `---` inside a block scalar is text.
struct FrontMatterSplit: Sendable {
    /// The YAML text, without its markers.
    var yaml: String
    var body: String
    /// 1-based line of the closing marker.
    var closingLine: Int
    /// The file's line end: "\n", "\r\n" or "\r".
    var lineEnding: String

    enum Problem: Error, Equatable {
        /// The first line is not `---`.
        case noOpening
        /// No line after it is `---` or `...`.
        case notClosed
    }

    static func split(_ text: String) -> Result<FrontMatterSplit, Problem> {
        let lineEnding = Self.lineEnding(of: text)
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }   // a byte order mark
        if bytes.contains(13) { bytes = Self.unixLines(bytes) }
        func lineEnd(from start: Int) -> Int { bytes[start...].firstIndex(of: 10) ?? bytes.count }
        func isMarker(_ start: Int, _ end: Int, _ marks: [[UInt8]]) -> Bool {
            var last = end
            while last > start, bytes[last - 1] == 32 || bytes[last - 1] == 9 { last -= 1 }
            return marks.contains { bytes[start..<last].elementsEqual($0) }
        }
        let dashes = Array("---".utf8), dots = Array("...".utf8)
        let firstEnd = lineEnd(from: 0)
        guard isMarker(0, firstEnd, [dashes]) else { return .failure(.noOpening) }
        guard firstEnd < bytes.count else { return .failure(.notClosed) }
        var start = firstEnd + 1, line = 2
        while start <= bytes.count {
            let end = lineEnd(from: start)
            if isMarker(start, end, [dashes, dots]) {
                let yaml = String(decoding: bytes[(firstEnd + 1)..<max(firstEnd + 1, start - 1)], as: UTF8.self)
                let body = String(decoding: bytes[min(end + 1, bytes.count)...], as: UTF8.self)
                return .success(FrontMatterSplit(yaml: yaml, body: body, closingLine: line, lineEnding: lineEnding))
            }
            if end == bytes.count { break }
            start = end + 1
            line += 1
        }
        return .failure(.notClosed)
    }

    /// The file's line end, by its first one: CRLF, CR or LF.
    static func lineEnding(of text: String) -> String {
        guard let index = text.utf8.firstIndex(where: { $0 == 10 || $0 == 13 }) else { return "\n" }
        guard text.utf8[index] == 13 else { return "\n" }
        let next = text.utf8.index(after: index)
        return next < text.utf8.endIndex && text.utf8[next] == 10 ? "\r\n" : "\r"
    }

    /// CRLF and CR as LF.
    private static func unixLines(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 {
                result.append(10)
                if index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else {
                result.append(bytes[index])
            }
            index += 1
        }
        return result
    }

    /// `text` (with LF line ends) written with `lineEnding`.
    static func withLineEnding(_ text: String, _ lineEnding: String) -> String {
        lineEnding == "\n" ? text : text.replacing("\n", with: lineEnding)
    }
}

/// Limits on a content file's Markdown, checked when it is loaded (on all cores) so that no
/// file reaches cmark-gfm that would stall the build: notes and reviews are contributed, and
/// cmark-gfm 0.29's inline parser is not linear.
///
/// Measured with Debian's libcmark-gfm 0.29.0.gfm.6: in one paragraph, each link closed after
/// emphasis marks (`*`, `_`, `~`) that are still open is processed against all of them, about
/// 6 ns per pair (16,000 `*[a](b) ` took 1.6 s, 500 KB 61 s); a table row costs about 5 ns per
/// pair of its cells (20,000 cells, 2 s). Everything else tried (brackets, autolinks, HTML,
/// deep quotes and lists, footnotes, reference links) is linear, the slowest about 3 s per MB
/// (`a@a@…`, the email autolinker). So a file is refused when it is larger than `maximumBytes`,
/// when its blocks hold more pairs than `pairBudget` (about 0.15 s of the parser at worst), or
/// when quotes and lists nest deeper than `maximumNesting`. Blocks are counted between blank
/// lines, which no paragraph or table spans, so the count is never below the parser's work.
enum MarkdownLimits {
    static let maximumBytes = 1 << 20
    static let pairBudget = 20_000_000
    static let maximumNesting = 50

    /// Records the first limit `text` (a whole file: front matter and body) passes.
    static func check(_ text: String, path: String, log: inout DiagnosticLog) {
        // Read through a buffer: the string's own iterator took 5 ns a byte, a tenth of loading.
        var text = text
        text.withUTF8 { check($0, path: path, log: &log) }
    }

    private static func check(_ text: UnsafeBufferPointer<UInt8>, path: String, log: inout DiagnosticLog) {
        let size = text.count
        guard size <= maximumBytes else {
            log.error(SourceLocation(path: path),
                      "is \(megabytes(size)) MB; a Markdown file may be at most \(megabytes(maximumBytes)) MB (a long book's text): split it, or link to the document instead")
            return
        }
        var pairs = 0
        var block = Block(line: 1), heaviest = Block(line: 1)
        var line = 1
        var problem: Diagnostic?
        func endBlock(next: Int) {
            pairs += block.pairs
            if block.pairs > heaviest.pairs { heaviest = block }
            block = Block(line: next)
        }
        // Lines end in LF or CRLF, or CR in a file without LF.
        let lineEnd: UInt8 = text.contains(10) ? 10 : 13
        // A blank line ends a block, and so does `---` (the front matter's end, a rule or a
        // heading's underline: each ends a paragraph).
        var lineStart = true, blank = true, rule = true, escaped = false, nesting = Nesting()
        let marks = Self.marks   // once, not a lazy static's check at every byte
        for byte in text {
            // Most bytes are letters in the middle of a line: they only end a blank line, a
            // rule and an escape, so they skip the rest (this read a tenth of loading).
            if !lineStart && !marks[Int(byte)] {
                (blank, rule, escaped) = (false, false, false)
                continue
            }
            if byte == lineEnd {
                block.endRow()
                if blank || rule { endBlock(next: line + 1) }
                if nesting.depth > maximumNesting, problem == nil {
                    problem = Diagnostic(SourceLocation(path: path, line: line),
                                         "quotes and lists nest \(nesting.depth) deep here; at most \(maximumNesting) levels are read: flatten them")
                }
                line += 1
                (lineStart, blank, rule, escaped, nesting) = (true, true, true, false, Nesting())
                continue
            }
            if byte == 13 { continue }
            if lineStart { nesting.read(byte, atStart: &lineStart) }
            if byte != 32 && byte != 9 {
                blank = false
                if byte != UInt8(ascii: "-") { rule = false }
            }
            // An escaped mark (`\*`) is text, not a delimiter.
            if !escaped { block.count(byte) }
            escaped = !escaped && byte == UInt8(ascii: "\\")
            if problem != nil { break }
        }
        block.endRow()
        endBlock(next: line)
        if problem == nil, pairs > pairBudget {
            let what = heaviest.marks * heaviest.brackets >= heaviest.widestRow * heaviest.widestRow
                ? "pairs \(heaviest.marks) emphasis marks (*, _, ~) with \(heaviest.brackets) closing brackets (])"
                : "has table rows of up to \(heaviest.widestRow) cells"
            problem = Diagnostic(SourceLocation(path: path, line: heaviest.line),
                                 "this paragraph \(what), more than the Markdown parser reads in reasonable time; "
                                 + "split it with blank lines, or escape the marks (\\*)")
        }
        if let problem { log.append(contentsOf: [problem]) }
    }

    /// The bytes the reading above must look at inside a line: line ends, white space, the
    /// dash of a rule, an escape, and what `Block.count` counts.
    private static let marks: [Bool] = (0...255).map { byte in
        [10, 13, 32, 9].contains(byte) || "-\\*_~]|".utf8.contains(UInt8(byte))
    }

    /// One block's counts: open emphasis marks against closing brackets, and each row's cells.
    private struct Block {
        var line: Int
        var marks = 0, brackets = 0, pairs = 0
        var cells = 0, widestRow = 0

        mutating func count(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"): marks += 1
            case UInt8(ascii: "]"):
                brackets += 1
                pairs += marks
            case UInt8(ascii: "|"): cells += 1
            default: break
            }
        }

        mutating func endRow() {
            pairs += cells * cells
            widestRow = max(widestRow, cells)
            cells = 0
        }
    }

    /// The quotes and list items a line opens, read from its start: `>`, `-`, `+`, `*` or
    /// `1.` followed by a space, and the spaces between them.
    private struct Nesting {
        var depth = 0
        private var pending: UInt8?

        mutating func read(_ byte: UInt8, atStart: inout Bool) {
            if let marker = pending {
                pending = nil
                if byte == 32 || byte == 9 {
                    depth += 1
                    return
                }
                if marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")") || !(48...57).contains(byte) {
                    atStart = false
                    return
                }
            }
            switch byte {
            case UInt8(ascii: ">"): depth += 1
            case 32, 9: break
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "."), UInt8(ascii: ")"): pending = byte
            case 48...57: pending = byte
            default: atStart = false
            }
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / Double(1 << 20)
        return value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}

/// A paper's Markdown file in the content format, written from a reference: the front matter
/// in the order docs/content.md lists the keys, every text double-quoted (YAML reads nothing in it
/// as a number, a date or a boolean), the abstract as a literal block.
enum PaperFile {
    /// What an import sets on every paper it writes (`--reading`, `--topic`).
    struct Settings: Sendable {
        var reading: ReadingStatus?
        var topics: [String] = []
    }

    static func text(_ reference: Reference, extras: PaperExtras = PaperExtras(), settings: Settings = Settings(), added: Day?, body: String = "") -> String {
        var lines = ["---", "title: " + quoted(reference.title)]
        func names(_ key: String, _ people: [Person]) {
            lines.append(key + ":" + (people.isEmpty ? " []" : ""))
            for person in people {
                var parts = person.literal.map { ["literal: " + quoted($0)] } ?? ["given: " + quoted(person.given), "family: " + quoted(person.family)]
                if person.equalContribution { parts.append("equal: true") }
                if person.corresponding { parts.append("corresponding: true") }
                lines.append("  - {" + parts.joined(separator: ", ") + "}")
            }
        }
        // An anonymous work is `authors: []`; a book with editors only has `editors:` alone.
        if !reference.authors.isEmpty || reference.editors.isEmpty { names("authors", reference.authors) }
        if !reference.editors.isEmpty { names("editors", reference.editors) }
        if reference.moreAuthors { lines.append("more_authors: true") }
        if let year = reference.year {
            lines.append("year: \(year)")
            if let month = reference.month {
                if let day = reference.day, let date = Day(String(format: "%04d-%02d-%02d", year, month, day)) {
                    lines.append("date: \(date)")
                } else {
                    lines.append(String(format: "date: %04d-%02d", year, month))
                }
            }
        } else {
            lines.append("year: " + WrittenYear.undatedWord)
        }
        lines.append("type: \(reference.type.rawValue)")
        let optional: [(String, String?)] = [
            ("venue", reference.container), ("volume", reference.volume), ("issue", reference.issue), ("pages", reference.pages),
            ("publisher", reference.publisher), ("doi", reference.doi), ("arxiv", reference.arxiv), ("url", reference.url),
            ("pdf", reference.pdf),
        ]
        for (key, value) in optional { if let value { lines.append("\(key): " + quoted(value)) } }
        if !extras.links.isEmpty {
            lines.append("links:")
            for link in extras.links {
                lines.append("  - {kind: \(link.kind.rawValue), url: \(quoted(link.url))" + (link.label.map { ", label: " + quoted($0) } ?? "") + "}")
            }
        }
        let keys: [(String, String?)] = [("code", extras.code), ("dataset", extras.dataset), ("abbr", extras.abbr), ("award", extras.award), ("award_name", extras.awardName),
                                         ("preview", extras.preview), ("annotation", extras.annotation)]
        for (key, value) in keys { if let value { lines.append("\(key): " + quoted(value)) } }
        if extras.selected { lines.append("selected: true") }
        var topics: [String] = []
        for topic in reference.keywords + settings.topics where !topics.contains(where: { Slug.make($0) == Slug.make(topic) }) { topics.append(topic) }
        if !topics.isEmpty { lines.append("topics: [" + topics.map(quoted).joined(separator: ", ") + "]") }
        if Paper.isCitationKey(reference.key) { lines.append("citation_key: " + quoted(reference.key)) }
        if let reading = settings.reading { lines.append("reading: \(reading.rawValue)") }
        if let added { lines.append("added: \(added)") }
        if let abstract = reference.abstract {
            lines.append("abstract: |")
            lines += wrapped(abstract, width: 98).map { "  " + $0 }
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + body
    }

    /// YAML's double-quoted style, which takes any text: `\` and `"` escaped, control
    /// characters as `\x..` escapes.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || scalar.value == 0xFEFF
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    result += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, 2) : "\\u" + hex(scalar.value, 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static func hex(_ value: UInt32, _ digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Markdown text in lines of about `width` characters, for a literal block. A line never
    /// starts with a word Markdown would read as a list, a heading, a quote or a table
    /// (`- `, `1.`, `#`, `>`, `|`, `=`): lines break only before a word that starts with a
    /// letter. Blank lines (paragraphs) are kept.
    static func wrapped(_ markdown: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in markdown.components(separatedBy: "\n\n") {
            if !lines.isEmpty { lines.append("") }
            var line = ""
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count > width, word.first?.isLetter == true {
                    lines.append(line)
                    line = String(word)
                } else {
                    line += " " + word
                }
            }
            if !line.isEmpty { lines.append(line) }
        }
        // Other control characters would end the literal block; they go as spaces.
        return lines.map { String($0.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{FEFF}" ? " " : Character($0) }) }
    }
}

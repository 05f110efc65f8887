import Foundation

// RIS, CSL-JSON and COinS: the formats reference managers (Zotero, Mendeley, EndNote) import.

extension Reference {
    /// RIS (the RIS format specification's tags, as Zotero writes them), lines ending in CR LF.
    public var ris: String {
        var lines: [(String, String)] = []
        let risType = switch type {
        case .conference: "CPAPER"
        case .journal: "JOUR"
        case .preprint: "UNPB"
        case .report: "RPRT"
        case .thesis: "THES"
        case .book: "BOOK"
        case .chapter: "CHAP"
        case .other: "GEN"
        }
        lines.append(("TY", risType))
        lines.append(("ID", key))
        lines.append(("TI", plainTitle))
        for author in authors { lines.append(("AU", author.invertedName)) }
        for editor in editors { lines.append(("ED", editor.invertedName)) }
        if let container { lines.append((type == .journal ? "JO" : type == .conference || type == .chapter ? "T2" : "PB", container)) }
        if let year { lines.append(("PY", String(year))) }
        if month != nil, let isoDate { lines.append(("DA", String(isoDate.map { $0 == "-" ? "/" : $0 }))) }
        if let volume { lines.append(("VL", volume)) }
        if let issue { lines.append(("IS", issue)) }
        if let pageRange {
            lines.append(("SP", pageRange.first))
            if let last = pageRange.last { lines.append(("EP", last)) }
        }
        if let publisher { lines.append(("PB", publisher)) }
        if let doi { lines.append(("DO", doi)) }
        if let url = url ?? arxivURL ?? doiURL { lines.append(("UR", url)) }
        if let pdf { lines.append(("L1", pdf)) }
        if let arxiv { lines.append(("M1", "arXiv:" + arxiv)) }
        for keyword in keywords { lines.append(("KW", keyword)) }
        if let plainAbstract { lines.append(("AB", plainAbstract)) }
        lines.append(("ER", ""))
        // A value never spans lines: RIS reads a line break as the end of the field.
        var text = ""
        text.reserveCapacity(lines.reduce(0) { $0 + $1.1.utf8.count + 8 })
        for (tag, value) in lines {
            text += tag
            text += "  - "
            text += Self.oneLine(value)
            text += "\r\n"
        }
        return text
    }

    /// Line breaks (LF, CR, U+0085, U+2028, U+2029) as spaces; rare, since plain text has its
    /// white space folded already. Over bytes: 0xE2 also starts every curly quote and dash,
    /// and read as scalars those abstracts took a tenth of a paper page's time.
    static func oneLine(_ text: String) -> String {
        var text = text
        let folded = text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0xE2 || $0 == 0xC2 }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let width = switch byte {
                case 0x0A, 0x0D: 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: 2
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): 3
                default: 0
                }
                if width == 0 {
                    output.append(byte)
                    index += 1
                } else {
                    output.append(0x20)
                    index += width
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return folded ?? text
    }

    /// The CSL type (CSL 1.0.2's list).
    var cslType: String {
        switch type {
        case .conference: "paper-conference"
        case .journal: "article-journal"
        case .preprint: "article"
        case .report: "report"
        case .thesis: "thesis"
        case .book: "book"
        case .chapter: "chapter"
        case .other: "document"
        }
    }

    /// One CSL-JSON item (csl-data.json), keys in a fixed order.
    var cslItem: JSONValue {
        var item: [(String, JSONValue)] = [("id", .string(key)), ("citation-key", .string(key)), ("type", .string(cslType)),
                                           ("title", .string(plainTitle))]
        func names(_ people: [Person]) -> JSONValue {
            .array(people.map { person in
                if let literal = person.literal { return .object([("literal", .string(literal))]) }
                return .object((person.given.isEmpty ? [] : [("given", .string(person.given))]) + [("family", .string(person.family))])
            })
        }
        if !authors.isEmpty { item.append(("author", names(authors))) }
        if !editors.isEmpty { item.append(("editor", names(editors))) }
        if let year {
            var parts: [JSONValue] = [.int(year)]
            if let month {
                parts.append(.int(month))
                if let day { parts.append(.int(day)) }
            }
            item.append(("issued", .object([("date-parts", .array([.array(parts)]))])))
        }
        if let container { item.append(("container-title", .string(MarkdownInline.plain(container)))) }
        if let volume { item.append(("volume", .string(volume))) }
        if let issue { item.append(("issue", .string(issue))) }
        if let pageRange { item.append(("page", .string(pageRange.first + (pageRange.last.map { "-" + $0 } ?? "")))) }
        if let publisher { item.append(("publisher", .string(publisher))) }
        if let doi { item.append(("DOI", .string(doi))) }
        if let url = url ?? arxivURL { item.append(("URL", .string(url))) }
        if let arxiv { item.append(("number", .string("arXiv:" + arxiv))) }
        if !keywords.isEmpty { item.append(("keyword", .string(keywords.joined(separator: ", ")))) }
        if let plainAbstract { item.append(("abstract", .string(plainAbstract))) }
        return .object(item)
    }

    /// The OpenURL ContextObject of a COinS span (Z39.88-2004, KEV), for `title="…"`: Zotero's
    /// connector offers to save every paper of a list page from these.
    var coins: String {
        var pairs: [(String, String)] = [("ctx_ver", "Z39.88-2004")]
        switch type {
        case .journal, .preprint:
            pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", type == .journal ? "article" : "preprint"),
                      ("rft.atitle", plainTitle)]
            if let container { pairs.append(("rft.jtitle", MarkdownInline.plain(container))) }
        case .conference, .chapter:
            pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", type == .conference ? "proceeding" : "bookitem"),
                      ("rft.atitle", plainTitle)]
            if let container { pairs.append(("rft.btitle", MarkdownInline.plain(container))) }
        case .report, .thesis, .book, .other:
            pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", type == .report ? "report" : "book"),
                      ("rft.btitle", plainTitle)]
            if let container { pairs.append(("rft.pub", MarkdownInline.plain(container))) }
        }
        if let first = authors.first, first.literal == nil {
            pairs += [("rft.aulast", first.family), ("rft.aufirst", first.given)]
        }
        // The authors a list shows (see `PageContexts.listedAuthors`): a list page carries one
        // of these per paper.
        for author in authors.prefix(PageContexts.listedAuthors) { pairs.append(("rft.au", author.displayName)) }
        if let isoDate { pairs.append(("rft.date", isoDate)) }
        if let volume { pairs.append(("rft.volume", volume)) }
        if let issue { pairs.append(("rft.issue", issue)) }
        if let pageRange {
            pairs.append(("rft.spage", pageRange.first))
            if let last = pageRange.last { pairs.append(("rft.epage", last)) }
        }
        if let publisher { pairs.append(("rft.pub", publisher)) }
        if let doi { pairs.append(("rft_id", "info:doi/" + doi)) }
        if let arxiv { pairs.append(("rft_id", "info:arxiv/" + arxiv)) }
        if let url { pairs.append(("rft_id", url)) }
        return pairs.map { $0.0 + "=" + Self.kevEscaped($0.1) }.joined(separator: "&")
    }

    /// Percent-encoding of UTF-8 bytes, all but letters, digits and `-._~:/` (over bytes:
    /// Foundation's took most of the time a list page's COinS cost).
    static func kevEscaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// JSON with keys in the order written (JSONSerialization sorts or shuffles them); its strings
/// are `JSONText.quoted`, safe inside a `<script>` element too.
indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text() == rhs.text() }

    func text(indent: String? = nil, level: Int = 0) -> String {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: indent.map { Array($0.utf8) }, level: level)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text written into one buffer: made by joining each value's own string, every
    /// paper's CSL item and JSON-LD was a few hundred small strings.
    func write(to bytes: inout [UInt8], indent: [UInt8]? = nil, level: Int = 0) {
        func newline(_ level: Int) {
            guard let indent else { return }
            bytes.append(0x0A)
            for _ in 0..<level { bytes += indent }
        }
        switch self {
        case .string(let string): JSONText.appendQuoted(string, to: &bytes)
        case .int(let int): bytes += String(int).utf8
        case .bool(let bool): bytes += (bool ? "true" : "false").utf8
        case .array(let items):
            guard !items.isEmpty else { return bytes += "[]".utf8 }
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                item.write(to: &bytes, indent: indent, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return bytes += "{}".utf8 }
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                JSONText.appendQuoted(key, to: &bytes)
                bytes += (indent == nil ? ":" : ": ").utf8
                value.write(to: &bytes, indent: indent, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

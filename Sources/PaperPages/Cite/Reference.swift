import Foundation

/// A paper as citations see it. Every citation this site writes derives from it (BibTeX,
/// RIS, CSL-JSON, APA, COinS, the Highwire meta tags and JSON-LD), and the importer makes one
/// from each BibTeX or CSL-JSON entry, so one mapping serves both directions.
public struct Reference: Sendable, Equatable {
    public var type: PublicationType
    /// The citation key: `citation_key`, else the paper's slug (unique in the site, and made of
    /// characters every BibTeX reader accepts).
    public var key: String
    /// Markdown with `$…$` math, as front matter writes it.
    public var title: String
    public var authors: [Person]
    /// Editors, cited in the authors' place when there are none (a proceedings, a collection).
    public var editors: [Person] = []
    public var moreAuthors: Bool
    /// Nil for an undated work, which citation styles print as "n.d.".
    public var year: Int?
    public var month: Int?
    public var day: Int?
    /// The journal, the proceedings, the institution of a report or thesis.
    public var container: String?
    public var volume: String?
    public var issue: String?
    public var pages: String?
    public var publisher: String?
    public var doi: String?
    public var arxiv: String?
    public var url: String?
    public var pdf: String?
    /// Markdown.
    public var abstract: String?
    public var keywords: [String]
    /// The plain title and abstract, when made once ahead (`memoizingPlainText`) for the
    /// several formats that need them.
    private var plainTitleMemo: String?
    private var plainAbstractMemo: String?

    public init(type: PublicationType, key: String, title: String, authors: [Person], moreAuthors: Bool = false, year: Int?) {
        self.type = type
        self.key = key
        self.title = title
        self.authors = authors
        self.moreAuthors = moreAuthors
        self.year = year
        self.keywords = []
    }
}

extension Reference {
    init(_ paper: Paper) {
        self.init(type: paper.type ?? Self.inferredType(paper), key: paper.citationKey ?? paper.slug,
                  title: paper.title, authors: paper.authors, moreAuthors: paper.moreAuthors, year: paper.year)
        editors = paper.editors
        month = paper.month
        day = paper.date?.day
        container = paper.venue
        volume = paper.volume
        issue = paper.issue
        pages = paper.pages
        publisher = paper.publisher
        doi = paper.doi
        arxiv = paper.arxiv
        url = paper.url
        pdf = paper.pdf
        abstract = paper.abstract
        keywords = paper.topics
    }

    static func inferredOrWritten(_ paper: Paper) -> PublicationType { paper.type ?? inferredType(paper) }

    /// A paper without `type`: a preprint when its status or venue says so or it has only an
    /// arXiv id; a journal article when the venue reads as a journal; else a conference paper.
    static func inferredType(_ paper: Paper) -> PublicationType {
        let venue = paper.venue?.lowercased() ?? ""
        if paper.status?.lowercased() == "preprint" || venue == "arxiv" || venue == "corr" || (venue.isEmpty && paper.arxiv != nil) {
            return .preprint
        }
        if venue.isEmpty { return .other }
        let journalWords = ["journal", "transactions", "letters", "review", "magazine", "nature", "science", "jmlr", "tmlr"]
        return journalWords.contains(where: venue.contains) ? .journal : .conference
    }

    /// The title as text: math read as Unicode, Markdown's marks taken off.
    var plainTitle: String { plainTitleMemo ?? MarkdownInline.plain(title) }
    var plainAbstract: String? { plainAbstractMemo ?? abstract.map(MarkdownInline.plain) }

    /// The same reference with its plain title and abstract made now, once, for the formats.
    func memoizingPlainText() -> Reference {
        var reference = self
        reference.plainTitleMemo = plainTitle
        reference.plainAbstractMemo = plainAbstract
        return reference
    }

    var firstPage: String? { pageRange?.first }
    var lastPage: String? { pageRange?.last }

    /// `1--16`, `1–16`, `1-16` -> ("1", "16"); one page -> ("7", nil).
    var pageRange: (first: String, last: String?)? {
        guard let pages = pages?.trimmingWhitespace(), !pages.isEmpty else { return nil }
        let parts = pages.components(separatedBy: CharacterSet(charactersIn: "-–—")).filter { !$0.isEmpty }.map { $0.trimmingWhitespace() }
        guard let first = parts.first else { return nil }
        return (first, parts.count > 1 ? parts.last : nil)
    }

    /// `2025`, `2025-11`, `2025-11-13`; nil for an undated work.
    var isoDate: String? {
        guard let year else { return nil }
        // Zero-padded by hand: Foundation's String(format:) took a microsecond a call.
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return number < 0 ? digits : String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = padded(year, 4)
        if let month { text += "-" + padded(month, 2) }
        if let month, let day, month > 0 { text += "-" + padded(day, 2) }
        return text
    }

    var doiURL: String? { doi.map { "https://doi.org/" + $0 } }
    var arxivURL: String? { arxiv.map { "https://arxiv.org/abs/" + $0 } }
}

/// Inline Markdown (titles, abstracts) read as text: `$…$` math as Unicode (`PlainText`),
/// emphasis and code marks taken off, `[text](url)` as its text, backslash escapes as their
/// character.
enum MarkdownInline {
    /// CommonMark's backslash escapes: any ASCII punctuation character.
    static func isEscapable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar)
    }

    /// Text as Markdown that shows it as it is: Markdown's own characters escaped, and at the
    /// start the ones that would begin a heading, a list or a table.
    static func escaped(_ text: String, atStart: Bool = true) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if "\\*`_[]<>$".unicodeScalars.contains(scalar) || (atStart && escaped.isEmpty && "#+-|".unicodeScalars.contains(scalar)) {
                escaped += "\\"
            }
            escaped.unicodeScalars.append(scalar)
        }
        return escaped
    }

    static func plain(_ markdown: String) -> String {
        // Over UTF-8 bytes: every mark is ASCII, and every paper's abstract passes through here
        // for each format (white space: ASCII's and the no-break space, which abstracts carry).
        let bytes = Array(PlainText.fromTeX(markdown).utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var linkStart: Int?   // where `[text` began in the output
        var pendingSpace = false
        func isWord(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
        }
        while index < bytes.count {
            let byte = bytes[index]
            var width = 1
            switch byte {
            case 0x5C where index + 1 < bytes.count && isEscapable(Unicode.Scalar(bytes[index + 1])):   // `\*`
                index += 1
            case 0x2A, 0x60:   // `*`, backquote
                index += 1
                continue
            case 0x5F where !(index > 0 && index + 1 < bytes.count && isWord(bytes[index - 1]) && isWord(bytes[index + 1])):   // `_`
                index += 1
                continue
            case 0x5B:   // `[`
                linkStart = output.count + (pendingSpace ? 1 : 0)
                index += 1
                continue
            case 0x5D where linkStart != nil && index + 1 < bytes.count && bytes[index + 1] == 0x28:   // `](`
                // `[text](url)`: the text, without the URL.
                var end = index + 2
                while end < bytes.count, bytes[end] != 0x29 { end += 1 }
                linkStart = nil
                index = end + 1
                continue
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                pendingSpace = !output.isEmpty
                index += 1
                continue
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:
                pendingSpace = !output.isEmpty
                index += 2
                continue
            default:
                width = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            let end = min(index + width, bytes.count)
            while index < end {
                output.append(bytes[index])
                index += 1
            }
        }
        if let linkStart {
            // An unclosed `[`: put it back.
            output.insert(0x5B, at: min(linkStart, output.count))
        }
        return String(decoding: output, as: UTF8.self)
    }}

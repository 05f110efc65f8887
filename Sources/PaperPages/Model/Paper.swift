import Foundation

/// The owner's reading status of a paper (`reading:` in front matter).
public enum ReadingStatus: String, Sendable, CaseIterable, Comparable {
    case reading = "reading"
    case toRead = "to-read"
    case read = "read"
    case skipped = "skipped"

    /// Headings on the reading list, in the order a reader works through them.
    public var label: String {
        switch self {
        case .reading: "Reading"
        case .toRead: "To read"
        case .read: "Read"
        case .skipped: "Skipped"
        }
    }

    public static func < (lhs: ReadingStatus, rhs: ReadingStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What kind of publication a paper is (`type:` in front matter): it decides the container
/// a citation names (a conference's proceedings, a journal, an institution's report series)
/// and the type every citation format gives it.
public enum PublicationType: String, Sendable, CaseIterable {
    case conference, journal, preprint, report, thesis, book, chapter, other
}

/// One research paper (`papers/<slug>.md`).
public struct Paper: Sendable {
    public var slug: String
    public var source: SourceLocation
    public var title: String
    public var authors: [Person]
    /// A book or proceedings with editors and no authors (`editors:`); shown and cited in their place.
    public var editors: [Person]
    /// Nil for an undated work (`year: n.d.`): listed after the dated ones, cited "n.d.".
    public var year: Int?
    /// The month, from `date: 2024-05` or a whole `date`.
    public var month: Int?
    public var date: Day?
    public var venue: String?
    /// Bibliographic details for citations; `type` is inferred when absent (see `Reference`).
    public var type: PublicationType?
    public var volume: String?
    public var issue: String?
    public var pages: String?
    public var publisher: String?
    /// The key citations use (`citation_key`), kept from an imported BibTeX entry.
    public var citationKey: String?
    /// The author list ends in "and others": the names given are not all of them.
    public var moreAuthors: Bool
    public var status: String?
    public var openAccess: Bool
    public var arxiv: String?
    public var doi: String?
    public var url: String?
    public var pdf: String?
    public var code: String?
    public var dataset: String?
    /// Slides, posters, videos, project pages… (`links:`).
    public var links: [PaperLink]
    /// The venue's short name, shown as a badge (`abbr:`, al-folio's).
    public var abbr: String?
    /// One of the owner's selected papers, listed on the front page (`selected: true`).
    public var selected: Bool
    /// An award the paper received (Markdown), and its short name for the badge.
    public var award: String?
    public var awardName: String?
    /// A preview image: a path in the site (`/files/x.png`) or an http(s) URL.
    public var preview: String?
    /// A note beside the author list (Markdown), such as what the authors' marks mean.
    public var annotation: String?
    public var institutions: [String]
    public var topics: [String]
    public var citations: Int?
    public var saves: Int?
    public var reading: ReadingStatus?
    public var added: Day?
    public var related: [SlugReference]
    /// The owner's own reactions (`reactions:`), by id; checked against the site's in `SiteGraph`.
    public var reactions: [SlugReference]
    /// Markdown.
    public var abstract: String?
    /// The owner's notes, Markdown.
    public var body: String
    public var extra: [(String, FrontMatterValue)]
}

extension Paper {
    init?(slug: String, document: FrontMatterDocument, path: String, log: inout DiagnosticLog) {
        var fields = FieldReader(document, path: path)
        let before = log.diagnostics.count
        let title = fields.string("title", required: true, log: &log)
        let editors = fields.people("editors", log: &log)
        let authors = fields.people("authors", required: editors.isEmpty, log: &log)
        let date = fields.publicationDate("date", log: &log)
        let writtenYear = fields.year("year", required: date == nil, log: &log)
        if case .year(let year)? = writtenYear, let date, year != date.year {
            log.error(fields.location(of: "year"), "'year' is \(year) but 'date' is in \(date.year)")
        } else if case .undated? = writtenYear, date != nil {
            log.error(fields.location(of: "year"), "'year' is n.d. (no date) but 'date' gives one; remove one of them")
        }
        self.slug = slug
        self.source = SourceLocation(path: path)
        self.title = title ?? ""
        self.authors = authors
        self.editors = editors
        if case .year(let year)? = writtenYear { self.year = year } else { self.year = date?.year }
        self.month = date?.month
        self.date = date?.day
        self.venue = fields.string("venue", log: &log)
        self.type = fields.choice("type", as: PublicationType.self, log: &log)
        self.volume = fields.string("volume", log: &log)
        self.issue = fields.string("issue", log: &log)
        self.pages = fields.string("pages", log: &log)
        self.publisher = fields.string("publisher", log: &log)
        self.citationKey = fields.string("citation_key", log: &log)
        if let key = citationKey, !Self.isCitationKey(key) {
            log.error(fields.location(of: "citation_key"),
                      "'citation_key' must be one word of letters, digits and - _ : . / + (as BibTeX keys are), found \(quoted(key))")
        }
        self.moreAuthors = fields.bool("more_authors", log: &log) ?? false
        self.status = fields.string("status", log: &log)
        self.openAccess = fields.bool("open_access", log: &log) ?? false
        self.arxiv = fields.string("arxiv", log: &log)
        self.doi = fields.string("doi", log: &log).map(Paper.normalizedDOI)
        self.url = fields.url("url", log: &log)
        self.pdf = fields.url("pdf", log: &log)
        self.code = fields.url("code", log: &log)
        self.dataset = fields.url("dataset", log: &log)
        self.links = fields.links("links", log: &log)
        self.abbr = fields.string("abbr", log: &log)
        self.selected = fields.bool("selected", log: &log) ?? false
        self.award = fields.string("award", log: &log)
        self.awardName = fields.string("award_name", log: &log)
        self.preview = fields.link("preview", log: &log)
        self.annotation = fields.string("annotation", log: &log)
        self.institutions = fields.strings("institutions", log: &log)
        self.topics = fields.strings("topics", log: &log)
        self.citations = fields.int("citations", in: 0...Int.max, log: &log)
        self.saves = fields.int("saves", in: 0...Int.max, log: &log)
        self.reading = fields.choice("reading", as: ReadingStatus.self, log: &log)
        self.added = fields.day("added", log: &log)
        self.related = fields.slugs("related", log: &log)
        self.reactions = fields.reactionReferences("reactions", log: &log)
        self.abstract = fields.string("abstract", log: &log)
        self.body = document.body
        self.extra = fields.extras(of: "a paper", log: &log)
        if log.diagnostics.count > before { return nil }
    }

    /// Who the paper is by, as pages and author pages show it: its authors, or its editors
    /// when it has none.
    public var byline: [Person] { authors.isEmpty ? editors : authors }

    /// What BibTeX, biber and CSL processors all accept as a key.
    static func isCitationKey(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_:./+".unicodeScalars.contains($0)) }
    }

    /// DOIs are often pasted as links; keep the bare `10.xxxx/...` form.
    static func normalizedDOI(_ text: String) -> String {
        var doi = text.trimmingWhitespace()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
        where doi.lowercased().hasPrefix(prefix) {
            doi = String(doi.dropFirst(prefix.count))
        }
        return doi
    }
}

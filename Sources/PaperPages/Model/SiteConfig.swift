import Foundation

/// Site settings (`site.yaml`).
public struct SiteConfig: Sendable {
    public var title: String
    /// Where the site is served, always ending in `/`: `/`, `/reading/` or `https://example.org/reading/`.
    public var baseURL: String
    public var description: String?
    public var author: String?
    public var language: String
    /// The site's source repository; enables "edit this page" links.
    public var repository: String?
    /// The branch edits are proposed against (`repository_branch`, default `main`).
    public var repositoryBranch: String
    /// Where the content folder sits inside the repository (`content_path`, default `Content`).
    public var contentPath: String
    /// Raw HTML in Markdown is dropped unless the owner opts in: content may come from
    /// pasted abstracts and contributed reviews.
    public var allowRawHTML: Bool
    /// The specific reactions paper pages offer (`reactions:`), in the order shown.
    public var reactions: [Reaction]
    /// The owner's own names as papers write them (`owner:`): highlighted in author lists,
    /// and what makes a paper the owner's own for `citation_meta: own`. Matched by slug, so
    /// "Einstein, Albert" and "Albert Einstein" are one name.
    public var owner: [String]
    /// Show citation and save counts and "No code" / "No dataset" (`show_counters`); off by
    /// default, where a zero the owner never recorded would read as a dead paper.
    public var showCounters: Bool
    /// Which paper pages carry Google Scholar's `citation_*` tags and JSON-LD (`citation_meta`).
    public var citationMeta: CitationMeta
    /// What a visitor's exported reading state names the site by, so a file from another site
    /// is refused: `base_url` as site.yaml writes it when it names a host (a preview or a
    /// build for another path is still the same site), else the title.
    public var identity: String
    public var extra: [(String, FrontMatterValue)]

    /// The path part of `baseURL`, which prefixes every link: `/reading/`.
    public var basePath: String {
        guard let url = URLComponents(string: baseURL), url.scheme != nil else { return baseURL }
        let path = url.path.isEmpty ? "/" : url.path
        return path.hasSuffix("/") ? path : path + "/"
    }

    public init(title: String, baseURL: String = "/", description: String? = nil, author: String? = nil,
                language: String = "en", repository: String? = nil, allowRawHTML: Bool = false) {
        self.title = title
        self.baseURL = baseURL
        self.description = description
        self.author = author
        self.language = language
        self.repository = repository
        self.repositoryBranch = "main"
        self.contentPath = "Content"
        self.allowRawHTML = allowRawHTML
        self.reactions = Reaction.defaults
        self.owner = []
        self.showCounters = false
        self.citationMeta = .all
        self.identity = Self.identity(title: title, baseURL: baseURL)
        self.extra = []
    }

    /// The slugs of the owner's names, as author pages key people.
    public var ownerSlugs: Set<String> { Set(owner.map { Person(written: $0).slug }) }

    /// Whether `person` is the site's owner.
    public func isOwner(_ person: Person, slugs: Set<String>) -> Bool { slugs.contains(person.slug) }

    /// `/reading` -> `/reading/`; nil when it is neither an absolute path nor an http(s) URL,
    /// or holds anything that would break the links it prefixes: spaces, quotes, `?`, `#`,
    /// control characters, `.` or `..` segments.
    public static func normalizedBaseURL(_ text: String) -> String? {
        var base = text.trimmingWhitespace()
        if base.isEmpty { return "/" }
        var path = Substring(base)
        if let schemeEnd = base.range(of: "://") {
            guard ["http", "https"].contains(base[..<schemeEnd.lowerBound].lowercased()) else { return nil }
            let afterScheme = base[schemeEnd.upperBound...]
            let hostEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let host = afterScheme[..<hostEnd]
            let hostCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
            guard !host.isEmpty, host.unicodeScalars.allSatisfy(hostCharacters.contains) else { return nil }
            path = afterScheme[hostEnd...]
        } else if !base.hasPrefix("/") || base.hasPrefix("//") {
            return nil
        }
        let pathCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%!$&()*+,;=:@")
        guard path.unicodeScalars.allSatisfy(pathCharacters.contains),
              !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        // A % must start an escape: %2F, not %zz.
        let bytes = Array(path.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "%") {
            guard index + 2 < bytes.count, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else { return nil }
        }
        if !base.hasSuffix("/") { base += "/" }
        return base
    }

    /// Set once from site.yaml's values, so `--base-url` and `serve`, which replace `baseURL`,
    /// leave it as it was.
    private static func identity(title: String, baseURL: String) -> String {
        baseURL.hasPrefix("/") ? title : baseURL
    }

    /// What a base URL may look like, for messages.
    static let baseURLExpectation = "a path such as /reading/ or an http(s) URL such as https://example.org/reading/, "
        + "with no spaces, quotes, '?', '#' or '..'"
}

/// Where paper pages carry citation metadata for indexers (`citation_meta:` in site.yaml).
public enum CitationMeta: String, Sendable, CaseIterable {
    /// Every paper page: the site is a bibliography, and indexers may read every entry.
    case all
    /// Only the pages of papers with one of `owner`'s names among their authors: a reading
    /// list of other people's papers is not offered to Google Scholar as versions of them.
    case own
    /// No page.
    case none
}

extension SiteConfig {
    /// BCP 47's shape: `en`, `pt-BR`, `zh-Hant-TW`.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    static func isURLPath(_ text: String, allowing extra: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || extra.contains($0) }
    }
}

private extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

extension SiteConfig {
    static let fileName = "site.yaml"

    init?(yaml: String, path: String, log: inout DiagnosticLog) {
        let before = log.diagnostics.count
        guard let fieldList = FrontMatterParser.parseMapping(yaml, path: path, lineOffset: 0, log: &log) else { return nil }
        var fields = FieldReader(FrontMatterDocument(fields: fieldList, body: "", bodyLine: 0, lineOffset: 0), path: path)
        self.title = fields.string("title", required: true, log: &log) ?? ""
        self.baseURL = "/"
        if let written = fields.string("base_url", log: &log) {
            if let base = SiteConfig.normalizedBaseURL(written) {
                self.baseURL = base
            } else {
                log.error(fields.location(of: "base_url"), "'base_url' must be \(SiteConfig.baseURLExpectation), found \(quoted(written))")
            }
        }
        self.description = fields.string("description", log: &log)
        self.author = fields.string("author", log: &log)
        self.language = fields.string("language", log: &log) ?? "en"
        self.repository = fields.url("repository", log: &log).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.repositoryBranch = fields.string("repository_branch", log: &log) ?? "main"
        self.contentPath = (fields.string("content_path", log: &log) ?? "Content").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        // These three go into the `lang` attribute and into the forge's URLs, where a space,
        // a quote, a `?` or a `..` would break every page's links.
        if !Self.isLanguageTag(language) {
            log.error(fields.location(of: "language"), "'language' must be a language tag such as en, de or pt-BR, found \(quoted(language))")
        }
        if !Self.isURLPath(repositoryBranch, allowing: "-._/") || repositoryBranch.contains("..") {
            log.error(fields.location(of: "repository_branch"),
                      "'repository_branch' must be a branch name of letters, digits, '-', '_', '.' and '/', found \(quoted(repositoryBranch))")
        }
        if !Self.isURLPath(contentPath, allowing: "-._/ ") || contentPath.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            log.error(fields.location(of: "content_path"),
                      "'content_path' must be a folder inside the repository, such as Content or site/Content, found \(quoted(contentPath))")
        }
        self.allowRawHTML = fields.bool("allow_raw_html", log: &log) ?? false
        self.reactions = fields.reactions("reactions", log: &log)
        self.owner = fields.strings("owner", log: &log)
        self.showCounters = fields.bool("show_counters", log: &log) ?? false
        self.citationMeta = fields.choice("citation_meta", as: CitationMeta.self, log: &log) ?? .all
        self.identity = Self.identity(title: title, baseURL: baseURL)
        self.extra = fields.extras(of: "site.yaml", log: &log)
        if log.diagnostics.count > before { return nil }
    }
}

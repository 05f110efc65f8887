/// Every URL of the generated site, in one place, all under the site's base path.
struct SiteURLs: Sendable {
    /// `/` or `/reading/`: prefixes every link, so the site works under its base URL.
    let base: String
    /// `https://example.org/reading/` when `base_url` names a host; nil for path-only bases.
    let origin: String?

    init(_ config: SiteConfig) {
        base = config.basePath
        origin = config.baseURL.hasPrefix("/") ? nil : config.baseURL
    }

    var home: String { base }
    func paper(_ slug: String) -> String { papers + "\(slug)/" }
    /// What every paper's URL starts with, for the saved page's script.
    var papers: String { base + "papers/" }
    func note(_ slug: String) -> String { base + "notes/\(slug)/" }
    func review(_ slug: String) -> String { base + "reviews/\(slug)/" }
    func author(_ person: Person) -> String { facet(.author, person.slug) }
    func page(_ slug: String) -> String { base + "pages/\(slug)/" }
    func asset(_ path: String) -> String { base + path }
    /// A link front matter gives (`links:`, `preview:`): a path in the site (`/files/x.pdf`)
    /// under the base path, an http(s) URL as it is.
    func link(_ target: String) -> String { target.hasPrefix("/") ? base + target.dropFirst() : target }

    /// The full URL for `<link rel="canonical">`, when the host is known.
    func absolute(_ path: String) -> String? {
        origin.map { $0 + path.dropFirst(base.count) }
    }

    /// The file a page URL is served from: `/reading/papers/x/` -> `papers/x/index.html`.
    func outputFile(for url: String) -> String {
        Self.file(atSitePath: String(url.dropFirst(base.count)))
    }

    /// The file a path in the site is served from: a folder (`papers/x/`, or `` for the home)
    /// by its `index.html`.
    static func file(atSitePath path: String) -> String {
        path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    }
}

extension SiteURLs {
    /// `topics/`, `authors/`…: the index of every name of a kind.
    func facetIndex(_ kind: FacetKind) -> String { base + kind.folder + "/" }
    /// `topics/<slug>/`: the papers carrying one name.
    func facet(_ kind: FacetKind, _ slug: String) -> String { base + kind.folder + "/\(slug)/" }
    /// The reading list in another order, for readers without JavaScript: `sort/title/`.
    func sorted(_ order: String) -> String { base + "sort/\(order)/" }
    var saved: String { base + "saved/" }
    var search: String { base + "search/" }
    var map: String { base + "map/" }
    /// The Atom feed of the reading list, and of one topic.
    var feed: String { base + "feed.xml" }
    func topicFeed(_ slug: String) -> String { facet(.topic, slug) + "feed.xml" }

    /// Served by static hosts for any missing page, so every link in it starts at the base.
    var notFound: String { base + "404.html" }
}

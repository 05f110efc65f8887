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
    func paper(_ slug: String) -> String { base + "papers/\(slug)/" }
    func note(_ slug: String) -> String { base + "notes/\(slug)/" }
    func review(_ slug: String) -> String { base + "reviews/\(slug)/" }
    func page(_ slug: String) -> String { base + "pages/\(slug)/" }
    func asset(_ path: String) -> String { base + path }

    /// The full URL for `<link rel="canonical">`, when the host is known.
    func absolute(_ path: String) -> String? {
        origin.map { $0 + path.dropFirst(base.count) }
    }

    /// The file a page URL is served from: `/reading/papers/x/` -> `papers/x/index.html`.
    func outputFile(for url: String) -> String {
        let relative = String(url.dropFirst(base.count))
        return relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
    }
}

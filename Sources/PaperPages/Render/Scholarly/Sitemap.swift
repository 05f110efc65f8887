/// `sitemap.xml` (sitemaps.org 0.9): every page a search engine should index, with absolute
/// URLs: the home page, papers, notes, reviews, pages, the indexes and the first page of each
/// name's list. Other orders of the reading list, later list pages, search, saved and 404 are
/// left out. Past 50,000 URLs (the protocol's limit per file) `sitemap.xml` becomes an index
/// of `sitemap-1.xml`, `sitemap-2.xml`…
struct Sitemap {
    let graph: SiteGraph
    let urls: SiteURLs

    static let limit = 50_000

    var pages: [String] {
        var pages = [urls.home]
        pages += graph.papers.map { urls.paper($0.slug) }
        pages += graph.notes.map { urls.note($0.slug) }
        pages += graph.reviews.map { urls.review($0.slug) }
        pages += graph.pages.map { urls.page($0.slug) }
        for kind in FacetKind.allCases {
            pages.append(urls.facetIndex(kind))
            pages += graph.facets(kind).map { urls.facet(kind, $0.slug) }
        }
        pages.append(urls.map)
        return pages.compactMap { urls.absolute($0) }
    }

    /// Files by path in the site.
    func files() -> [(path: String, text: String)] {
        let all = pages
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        func urlset(_ locations: ArraySlice<String>) -> String {
            header + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + locations.map { "  <url><loc>\(escapeXML($0))</loc></url>\n" }.joined() + "</urlset>\n"
        }
        guard all.count > Self.limit else { return [("sitemap.xml", urlset(all[...]))] }
        let parts = stride(from: 0, to: all.count, by: Self.limit).map { all[$0..<min($0 + Self.limit, all.count)] }
        var files = parts.enumerated().map { ("sitemap-\($0.offset + 1).xml", urlset($0.element)) }
        let index = header + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            + files.map { "  <sitemap><loc>\(escapeXML(urls.absolute(urls.asset($0.0)) ?? $0.0))</loc></sitemap>\n" }.joined() + "</sitemapindex>\n"
        files.append(("sitemap.xml", index))
        return files
    }
}

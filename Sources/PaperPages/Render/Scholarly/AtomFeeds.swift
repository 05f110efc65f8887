/// Atom feeds (RFC 4287) of papers, newest additions first: `added`, else the publication
/// date, else the year. Every date in a feed comes from the content, not the clock, so a build
/// of the same content writes the same bytes.
struct AtomFeeds {
    let graph: SiteGraph
    let urls: SiteURLs
    /// `https://example.org/reading/`.
    let origin: String
    /// The graph's papers as references, in its order.
    let references: [Reference]
    /// Each paper's `<entry>`, made once for the list's feed and its topics' feeds.
    private let entries: [String]
    /// Each paper's `updated`, by place.
    private let updated: [String]

    init(graph: SiteGraph, urls: SiteURLs, origin: String, references: [Reference]) async {
        self.graph = graph
        self.urls = urls
        self.origin = origin
        self.references = references
        updated = graph.papers.map(Self.updated)
        let newest = Self.newestFirst(graph.papers.indices, updated, graph.papers)
        // Only papers some feed shows get an entry: the newest of the list and of each topic.
        var shown = Set(newest.prefix(ScholarlyFiles.feedLength))
        for topic in graph.facets(.topic) { shown.formUnion(Self.newestFirst(topic.paperPlaces, updated, graph.papers).prefix(ScholarlyFiles.topicFeedLength)) }
        var entries = Array(repeating: "", count: graph.papers.count)
        let places = shown.sorted()
        let texts = await places.parallelMap { [graph, urls, origin] place in
            Self.entry(graph.papers[place], references[place], updated: Self.updated(graph.papers[place]), graph: graph, urls: urls, origin: origin)
        }
        for (place, text) in zip(places, texts) { entries[place] = text }
        self.entries = entries
    }


    /// When the paper joined the list, as Atom's date-time.
    static func updated(_ paper: Paper) -> String {
        let day = paper.added ?? paper.date
        return (day?.description ?? String(format: "%04d-01-01", paper.year ?? 1970)) + "T00:00:00Z"
    }

    /// Places in the graph's papers, newest additions first; a paper without dates sorts by
    /// its year's first day, as `updated` dates it; then by slug.
    static func newestFirst(_ places: some Sequence<Int>, _ updated: [String], _ papers: [Paper]) -> [Int] {
        places.sorted { (updated[$0], papers[$1].slug) > (updated[$1], papers[$0].slug) }
    }

    func feed(title: String, href: String, places: [Int], length: Int = ScholarlyFiles.feedLength) -> String {
        let shown = Self.newestFirst(places, updated, graph.papers).prefix(length)
        let updated = shown.map { self.updated[$0] }.max() ?? "1970-01-01T00:00:00Z"
        func absolute(_ href: String) -> String { urls.absolute(href) ?? origin }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
        xml += graph.config.language.isEmpty ? ">\n" : " xml:lang=\"\(escapeXML(graph.config.language))\">\n"
        xml += "  <id>\(escapeXML(absolute(href)))</id>\n"
        xml += "  <title>\(escapeXML(title))</title>\n"
        if let description = graph.config.description { xml += "  <subtitle>\(escapeXML(description))</subtitle>\n" }
        xml += "  <updated>\(updated)</updated>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(escapeXML(absolute(href)))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(escapeXML(origin))\"/>\n"
        // Atom asks for a feed author unless every entry has one; papers may be anonymous.
        xml += "  <author><name>\(escapeXML(graph.config.author ?? graph.config.title))</name></author>\n"
        xml += "  <generator version=\"\(PaperPagesVersion.current)\">paperpages</generator>\n"
        for place in shown { xml += entries[place] }
        return xml + "</feed>\n"
    }

    private static func entry(_ paper: Paper, _ reference: Reference, updated: String, graph: SiteGraph, urls: SiteURLs, origin: String) -> String {
        func absolute(_ href: String) -> String { urls.absolute(href) ?? origin }
        let page = absolute(urls.paper(paper.slug))
        var xml = "  <entry>\n"
        xml += "    <id>\(escapeXML(page))</id>\n"
        xml += "    <title type=\"text\">\(escapeXML(reference.plainTitle))</title>\n"
        xml += "    <updated>\(updated)</updated>\n"
        if let date = paper.date { xml += "    <published>\(date.description)T00:00:00Z</published>\n" }
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(escapeXML(page))\"/>\n"
        if let pdf = paper.pdf { xml += "    <link rel=\"related\" type=\"application/pdf\" href=\"\(escapeXML(pdf))\"/>\n" }
        for author in paper.byline.prefix(PageContexts.listedAuthors) { xml += "    <author><name>\(escapeXML(author.displayName))</name></author>\n" }
        for topic in paper.topics {
            xml += "    <category term=\"\(escapeXML(Slug.make(topic)))\" label=\"\(escapeXML(topic))\" scheme=\"\(escapeXML(absolute(urls.facetIndex(.topic))))\"/>\n"
        }
        var summary = [paper.byline.count > PageContexts.listedAuthors ? PageContexts.authorsText(paper.byline) : nil,
                       paper.venue.map { "\($0), \(paper.year.map(String.init) ?? WrittenYear.undatedWord)" }].compactMap { $0 }.joined(separator: ". ")
        if let abstract = reference.plainAbstract { summary += (summary.isEmpty ? "" : ". ") + abstract }
        if !summary.isEmpty { xml += "    <summary type=\"text\">\(escapeXML(summary))</summary>\n" }
        return xml + "  </entry>\n"
    }
}

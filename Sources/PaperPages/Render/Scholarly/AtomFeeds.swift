/// Atom feeds (RFC 4287) of papers, newest additions first: `added`, else the publication
/// date, else the year. Every date in a feed comes from the content, not the clock, so a build
/// of the same content writes the same bytes.
struct AtomFeeds {
    let graph: SiteGraph
    let urls: SiteURLs
    /// `https://example.org/reading/`.
    let origin: String

    private func absolute(_ href: String) -> String { urls.absolute(href) ?? origin }

    /// When the paper joined the list, as Atom's date-time.
    static func updated(_ paper: Paper) -> String {
        let day = paper.added ?? paper.date
        return (day?.description ?? String(format: "%04d-01-01", paper.year)) + "T00:00:00Z"
    }

    static func newestFirst(_ papers: [Paper]) -> [Paper] {
        // A paper without dates sorts by its year's first day, as `updated` dates it.
        func day(_ paper: Paper) -> String { updated(paper) }
        return papers.sorted { (day($0), $1.slug) > (day($1), $0.slug) }
    }

    func feed(title: String, href: String, papers: [Paper]) -> String {
        let shown = Self.newestFirst(papers).prefix(ScholarlyFiles.feedLength)
        let updated = shown.map(Self.updated).max() ?? "1970-01-01T00:00:00Z"
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
        xml += "  <generator uri=\"https://github.com/paperpages\" version=\"\(PaperPagesVersion.current)\">paperpages</generator>\n"
        for paper in shown { xml += entry(paper) }
        return xml + "</feed>\n"
    }

    private func entry(_ paper: Paper) -> String {
        let reference = Reference(paper)
        let page = absolute(urls.paper(paper.slug))
        var xml = "  <entry>\n"
        xml += "    <id>\(escapeXML(page))</id>\n"
        xml += "    <title type=\"text\">\(escapeXML(reference.plainTitle))</title>\n"
        xml += "    <updated>\(Self.updated(paper))</updated>\n"
        if let date = paper.date { xml += "    <published>\(date.description)T00:00:00Z</published>\n" }
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(escapeXML(page))\"/>\n"
        if let pdf = paper.pdf { xml += "    <link rel=\"related\" type=\"application/pdf\" href=\"\(escapeXML(pdf))\"/>\n" }
        for author in paper.authors.prefix(PageContexts.listedAuthors) { xml += "    <author><name>\(escapeXML(author.displayName))</name></author>\n" }
        for topic in paper.topics {
            xml += "    <category term=\"\(escapeXML(Slug.make(topic)))\" label=\"\(escapeXML(topic))\" scheme=\"\(escapeXML(absolute(urls.facetIndex(.topic))))\"/>\n"
        }
        var summary = [paper.authors.count > PageContexts.listedAuthors ? PageContexts.authorsText(paper.authors) : nil,
                       paper.venue.map { "\($0), \(paper.year)" }].compactMap { $0 }.joined(separator: ". ")
        if let abstract = reference.plainAbstract { summary += (summary.isEmpty ? "" : ". ") + abstract }
        if !summary.isEmpty { xml += "    <summary type=\"text\">\(escapeXML(summary))</summary>\n" }
        return xml + "  </entry>\n"
    }
}

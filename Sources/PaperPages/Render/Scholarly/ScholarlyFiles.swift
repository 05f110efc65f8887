/// The files that carry the list to the scholarly web, beside the pages: the whole list as
/// `papers.bib`, `papers.ris` and `papers.json` (CSL-JSON); and, when
/// `base_url` names the site's host, the Atom feeds, `sitemap.xml` and `robots.txt`, whose
/// URLs must be absolute.
///
/// A paper's own BibTeX, RIS and APA are in its page's Cite section, not in files of their own
/// (three files per paper were 30,000 of a 10,000-paper site's 66,000, past what free hosts
/// take): the page's download buttons and the saved list (which fetches the page) read them
/// there, so every copy is the very text the page shows.
///
/// Made from the model alone, in well under a second at 10,000 papers; a file whose bytes did
/// not change is kept from the old site (see `SiteWriter`).
struct ScholarlyFiles {
    let graph: SiteGraph
    let urls: SiteURLs

    /// How many papers a feed carries, newest additions first: feed readers fetch the whole
    /// file on every poll. A topic's feed carries fewer: a site has hundreds of topics.
    static let feedLength = 50
    static let topicFeedLength = 20

    func files() async -> [OutputFile] {
        var files: [OutputFile] = []
        // Each paper's text in each format is made once, on all cores.
        let references = graph.papers.map { (Reference($0), $0.extras) }
        let made = await references.parallelMap { reference, extras in
            let bib = reference.bibTeXEntries(extras: extras), plain = reference.memoizingPlainText()
            // One CSL-JSON item per line: indented, an item's names and date parts took a
            // line each, a third of the file's bytes.
            return (bib: bib.full, ris: plain.ris, csl: plain.cslItem.text())
        }
        files.append(file(urls.asset("papers.bib"), made.map(\.bib).joined(separator: "\n")))
        files.append(file(urls.asset("papers.ris"), made.map(\.ris).joined(separator: "\r\n")))
        files.append(file(urls.asset("papers.json"), made.isEmpty ? "[]\n" : "[\n" + made.map(\.csl).joined(separator: ",\n") + "\n]\n"))
        guard let origin = urls.origin else { return files }
        let feeds = await AtomFeeds(graph: graph, urls: urls, origin: origin, references: references.map(\.0))
        files.append(file(urls.feed, feeds.feed(title: "\(graph.config.title): papers added", href: urls.feed, places: Array(graph.papers.indices))))
        for topic in graph.facets(.topic) {
            files.append(file(urls.topicFeed(topic.slug), feeds.feed(title: "\(graph.config.title): \(topic.name)", href: urls.topicFeed(topic.slug), places: topic.paperPlaces, length: Self.topicFeedLength)))
        }
        let sitemap = Sitemap(graph: graph, urls: urls)
        files += sitemap.files().map { file(urls.asset($0.path), $0.text) }
        // robots.txt is read only at a host's root, and an owner's own robots.txt wins.
        if urls.base == "/", !graph.assets.contains("robots.txt") {
            files.append(file(urls.asset("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: \(origin)sitemap.xml\n"))
        }
        return files
    }

    /// What every one of these files is made from: the site's settings and URLs, each paper as
    /// citations see it (with the dates the feeds sort by), and every name and page the
    /// sitemap lists. A build whose sources differ only elsewhere (a paper's notes, a note's
    /// answer, a review) keeps the files in place instead of making them again (1 s at
    /// 10,000 papers).
    func fingerprint() -> UInt64 {
        var hash = StableHash()
        hash.combine("scholarly 3")
        hash.combine(urls.base)
        hash.combine(urls.origin)
        let config = graph.config
        for text in [config.title, config.description, config.author, config.language] { hash.combine(text) }
        hash.combine(graph.assets.contains("robots.txt"))
        for paper in graph.papers {
            let reference = Reference(paper)
            hash.combine(paper.slug)
            for text in [reference.type.rawValue, reference.key, reference.title, reference.container, reference.volume, reference.issue,
                         reference.pages, reference.publisher, reference.doi, reference.arxiv, reference.url, reference.pdf,
                         reference.abstract, paper.added?.description, paper.date?.description] {
                hash.combine(text)
            }
            for number in [reference.year, reference.month, reference.day] { hash.combine(number) }
            hash.combine(reference.moreAuthors)
            // Names with their marks (papers.bib's `author+an`), then the editors.
            for people in [reference.authors, reference.editors] {
                hash.combine(people.count)
                for person in people {
                    hash.combine(person.given)
                    hash.combine(person.family)
                    hash.combine(person.literal)
                    hash.combine(person.equalContribution)
                    hash.combine(person.corresponding)
                }
            }
            // The list keys and links papers.bib carries as al-folio's fields.
            let extras = paper.extras
            for text in [extras.code, extras.dataset, extras.abbr, extras.award, extras.awardName, extras.preview, extras.annotation] {
                hash.combine(text)
            }
            hash.combine(extras.selected)
            hash.combine(extras.links.count)
            for link in extras.links {
                hash.combine(link.kind.rawValue)
                hash.combine(link.url)
                hash.combine(link.label)
            }
            hash.combine(reference.keywords.count)
            for keyword in reference.keywords { hash.combine(keyword) }
        }
        for slug in graph.notes.map(\.slug) + ["reviews"] + graph.reviews.map(\.slug) + ["pages"] + graph.pages.map(\.slug) { hash.combine(slug) }
        for kind in FacetKind.allCases {
            hash.combine(kind.folder)
            for facet in graph.facets(kind) { hash.combine(facet.slug) }
        }
        return hash.value
    }

    private func file(_ href: String, _ text: String) -> OutputFile {
        OutputFile(path: urls.outputFile(for: href), contents: Array(text.utf8))
    }
}

/// Text for XML: the five escapes, and characters XML 1.0 forbids (C0 controls but tab and
/// line breaks, U+FFFE, U+FFFF) left out, since one of them makes the whole feed unreadable.
func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}

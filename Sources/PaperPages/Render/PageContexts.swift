import Foundation

/// Builds the values each layout sees, from the site graph and the rendered Markdown.
///
/// Names are the front-matter keys where one exists (`open_access`, `citations`), so a site
/// author can guess them; `href` is always this site's own link to a page, `*_html` is
/// trusted HTML for `{{{triple}}}` tags, and every optional key is present (null when absent).
struct PageContexts: Sendable {
    let graph: SiteGraph
    let html: RenderedMarkdown
    let urls: SiteURLs
    let contributions: Contributions
    /// Paper slug -> its place in its reading-status group of the reading list, and the group's size.
    let readingPositions: [String: (position: Int, count: Int)]
    /// The reading list in each order, as places in `graph.papers` (see `readingList`).
    let readingLists: [ListOrder: [Int]]
    /// How many papers each reading status has.
    let readingGroupSizes: [ReadingStatus?: Int]
    /// `site`, available to every layout: the same for every page, so built once.
    private let site: FrozenValues
    /// Every paper's summary, built once: a paper is listed on the home page, its sort pages,
    /// and the page of each of its authors, topics, institutions, venue and year.
    private var summaries: [String: FrozenValues] = [:]
    /// Every note's summary, in the graph's order: `notes` of each page of the reading list.
    private var noteSummaries: FrozenList?

    /// A layout value tree that is never mutated after it is built and holds only value
    /// types, so sharing it between the rendering tasks is safe.
    private struct FrozenValues: @unchecked Sendable {
        let values: [String: Any]
    }

    private struct FrozenList: @unchecked Sendable {
        let items: [[String: Any]]
    }

    init(graph: SiteGraph, html: RenderedMarkdown, urls: SiteURLs) {
        self.graph = graph
        self.html = html
        self.urls = urls
        self.contributions = Contributions(graph.config)
        var positions: [String: (position: Int, count: Int)] = [:]
        for group in Dictionary(grouping: graph.papers.filter { $0.reading != nil }, by: \.reading).values {
            for (index, paper) in group.enumerated() { positions[paper.slug] = (index + 1, group.count) }
        }
        self.readingPositions = positions
        self.readingLists = Dictionary(uniqueKeysWithValues: ListOrder.allCases.map { ($0, Self.readingList(graph, $0)) })
        self.readingGroupSizes = Dictionary(grouping: graph.papers, by: \.reading).mapValues(\.count)
        self.site = FrozenValues(values: Self.siteValues(graph, urls))
    }

    /// Builds every paper's summary once, before rendering many pages; a rebuild that renders
    /// a few pages makes the few summaries it needs as it goes.
    mutating func prepareSummaries() {
        summaries.reserveCapacity(graph.papers.count)
        for paper in graph.papers { summaries[paper.slug] = FrozenValues(values: makePaperSummary(paper)) }
        noteSummaries = FrozenList(items: graph.notes.map(noteSummary))
    }

    /// Every note's summary (the reading list's `notes`), made once for the 80 pages of a
    /// 10,000-paper list rather than on each.
    var allNoteSummaries: [[String: Any]] {
        noteSummaries?.items ?? graph.notes.map(noteSummary)
    }

    private static func siteValues(_ graph: SiteGraph, _ urls: SiteURLs) -> [String: Any] {
        let config = graph.config
        return [
            "title": config.title,
            "description": config.description as Any,
            "author": config.author as Any,
            "language": config.language,
            "base": urls.base,
            "base_url": config.baseURL,
            "repository": config.repository as Any,
            "papers_count": graph.papers.count,
            "notes_count": graph.notes.count,
            "reviews_count": graph.reviews.count,
            "pages": graph.pages.map { ["title": $0.title, "href": urls.page($0.slug)] },
            // The lists a reader browses by, for the header and the home page.
            "indexes": FacetKind.allCases.map { ["label": $0.plural, "href": urls.facetIndex($0), "count": graph.facets($0).count] },
            "map_href": urls.map,
            "saved_href": urls.saved,
            "search_href": urls.search,
            "search_script": urls.asset("assets/search.js"),
            "script": urls.asset("assets/site.js"),
            "katex": urls.asset("assets/katex/"),
            "extra": Self.extra(config.extra),
        ]
    }

    func paperSummary(_ paper: Paper) -> [String: Any] {
        summaries[paper.slug]?.values ?? makePaperSummary(paper)
    }

    /// A paper in a list is rendered once from `partials/paper-item`, not once per list it is
    /// in (the reading list in four orders and the page of each of its names): the item's
    /// values are the paper's summary, `site`, and `filterable` (true for the reading list's
    /// items, which carry the data the in-place filters read).
    func listItemJobs(_ papers: [Paper]) -> [PageJob] {
        papers.flatMap { paper in
            [false, true].map { filterable in
                PageJob(layout: Self.listItemLayout, file: "the list item of " + urls.paper(paper.slug), kind: "paper list item") { [site] in
                    var values = summaries[paper.slug]?.values ?? makePaperSummary(paper)
                    values["site"] = site.values
                    values["filterable"] = filterable
                    return values
                }
            }
        }
    }

    static let listItemLayout = "partials/paper-item"

    /// Adds the rendered list items (from `listItemJobs(papers)`, in its order) to the
    /// summaries as `item_html`; the reading list's filterable variant is `filterable_item_html`.
    mutating func addListItems(_ papers: [Paper], _ texts: [String]) {
        for (index, paper) in papers.enumerated() {
            var values = summaries[paper.slug]?.values ?? makePaperSummary(paper)
            values["item_html"] = texts[2 * index]
            values["filterable_item_html"] = texts[2 * index + 1]
            summaries[paper.slug] = FrozenValues(values: values)
        }
    }

    /// The root of every page: `site`, `page` (what `<head>` needs) and the kind's own values.
    func root(title: String, href: String, kind: String, description: String?, _ values: [String: Any]) -> [String: Any] {
        var root = values
        root["site"] = site.values
        root["page"] = [
            "title": title,
            "href": href,
            "canonical": urls.absolute(href) as Any,
            "kind": kind,
            "description": (description ?? graph.config.description) as Any? as Any,
            "is_home": kind == "home",
        ] as [String: Any]
        return root
    }

    // MARK: Site-defined keys

    static func extra(_ values: [(String, FrontMatterValue)]) -> [String: Any] {
        Dictionary(values.map { ($0.0, plain($0.1)) }, uniquingKeysWith: { first, _ in first })
    }

    private static func plain(_ value: FrontMatterValue) -> Any {
        switch value {
        case .null: return Optional<Any>.none as Any
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .string(let string): return string
        case .list(let list): return list.map(plain)
        case .mapping(let mapping): return mapping.mapValues(plain)
        }
    }
}

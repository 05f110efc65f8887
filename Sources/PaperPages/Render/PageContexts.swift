import Foundation

/// Builds the values each layout sees, from the site graph and the rendered Markdown.
///
/// Names are the front-matter keys where one exists (`open_access`, `citations`), so a site
/// author can guess them; `href` is always this site's own link to a page, `*_html` is
/// trusted HTML for `{{{triple}}}` tags, and every optional key is present (null when absent).
struct PageContexts: Sendable {
    private(set) var graph: SiteGraph
    private(set) var html: RenderedMarkdown
    let urls: SiteURLs
    let contributions: Contributions
    /// Paper slug -> its place in its reading-status group of the reading list, and the group's size.
    let readingPositions: [String: (position: Int, count: Int)]
    /// The reading list in each order, as places in `graph.papers` (see `readingList`).
    let readingLists: [ListOrder: [Int]]
    /// How many papers each reading status has.
    let readingGroupSizes: [ReadingStatus?: Int]
    /// Preview images' sizes by their path in the site (see `PreparedSite.previewSizes`).
    var previewSizes: [String: ImageSize] = [:]
    /// The slugs of site.yaml's `owner` names, whose names author lists highlight.
    let ownerSlugs: Set<String>
    /// `site`, available to every layout: the same for every page, so built once.
    private let site: LayoutValue
    /// Each paper's adjacent papers (`SiteGraph.adjacentPapers`, scored against the whole
    /// list), worked out once for the paper's page, its fingerprint and the list items a
    /// rebuild renders, which all read them; shared by every copy of these values, and by the
    /// next values when what it is worked out from is the same (`adjacencyInputs`).
    private let adjacency: AdjacencyMemo
    private let adjacencyInputs: UInt64
    /// Every paper's summary, built once: a paper is listed on the home page, its sort pages,
    /// and the page of each of its authors, topics, institutions, venue and year. Shared by
    /// this value's copies (`replacing` keeps it: the summaries still hold), so pages planned
    /// before summaries and list items are made read them.
    private let summaries = PaperSummaries()
    /// Every note's summary, in the graph's order: `notes` of each page of the reading list.
    private let noteSummaries = SharedValue<LayoutValue>()

    /// `previous`: the values the last edit left (the preview server), whose adjacent papers
    /// are kept when every paper's names, topics, institutions, relations and place are as they were.
    /// `adjacency`: the adjacent papers worked out for this graph beforehand (a build works
    /// them out beside the Markdown, see `SiteBuilder.prepare`).
    init(graph: SiteGraph, html: RenderedMarkdown, urls: SiteURLs, previous: PageContexts? = nil, adjacency: AdjacencyMemo? = nil) {
        self.graph = graph
        self.html = html
        self.urls = urls
        self.contributions = Contributions(graph.config)
        self.ownerSlugs = graph.config.ownerSlugs
        // Places, not models, grouped: a paper is a large value to copy 10,000 times.
        var groups: [ReadingStatus?: [Int]] = [:]
        for (place, paper) in graph.papers.enumerated() { groups[paper.reading, default: []].append(place) }
        var positions: [String: (position: Int, count: Int)] = [:]
        for (status, group) in groups where status != nil {
            for (index, place) in group.enumerated() { positions[graph.papers[place].slug] = (index + 1, group.count) }
        }
        self.readingPositions = positions
        self.readingLists = Dictionary(uniqueKeysWithValues: ListOrder.allCases.map { ($0, Self.readingList(graph, $0)) })
        self.readingGroupSizes = groups.mapValues(\.count)
        self.site = Self.siteValues(graph, urls)
        let inputs = Self.adjacencyInputs(graph)
        adjacencyInputs = inputs
        if let previous, previous.adjacencyInputs == inputs { self.adjacency = previous.adjacency } else { self.adjacency = adjacency ?? AdjacencyMemo() }
    }

    /// What `SiteGraph.adjacentPapers` reads: the papers in order, and each one's relations,
    /// names, topics and institutions. A retitling or an edit to a paper's notes leaves it.
    private static func adjacencyInputs(_ graph: SiteGraph) -> UInt64 {
        var hash = StableHash()
        hash.combine(graph.papers.count)
        for paper in graph.papers {
            hash.combine(paper.slug)
            for list in [paper.related.map(\.slug), paper.byline.map(\.slug), paper.topics.map(Slug.make), paper.institutions.map(Slug.make)] {
                hash.combine(list.count)
                for slug in list { hash.combine(slug) }
            }
        }
        return hash.value
    }

    /// The papers a paper's page shows as adjacent work, worked out once (see `adjacency`).
    func adjacentPapers(of paper: Paper) -> [Paper] {
        adjacentSlugs(of: paper).compactMap { graph.paper($0) }
    }

    func adjacentSlugs(of paper: Paper) -> [String] {
        if let slugs = adjacency[paper.slug] { return slugs }
        let slugs = graph.adjacentSlugs(of: paper)
        adjacency[paper.slug] = slugs
        return slugs
    }

    /// Works out every paper's adjacent papers not worked out yet, on all cores: before the
    /// pages are planned, whose fingerprints read them all. (The preview server renders an
    /// edited paper's page before, and works out only its neighbours for it.)
    func workOutAdjacency() {
        Self.workOutAdjacency(graph, in: adjacency)
    }

    static func workOutAdjacency(_ graph: SiteGraph, in adjacency: AdjacencyMemo) {
        let missing = graph.papers.filter { adjacency[$0.slug] == nil }
        guard !missing.isEmpty else { return }
        let found = graph.adjacentSlugs(of: missing)
        adjacency.add(zip(missing.map(\.slug), found))
    }

    /// The values after edits that left every summary as it was (see `Fingerprints`): the
    /// lists, orders, positions and summaries made from the old graph all still hold.
    func replacing(graph: SiteGraph, html: RenderedMarkdown) -> PageContexts {
        var next = self
        next.graph = graph
        next.html = html
        return next
    }

    /// Builds every paper's summary once, before rendering many pages; a rebuild that renders
    /// a few pages makes the few summaries it needs as it goes.
    func prepareSummaries() async {
        let contexts = self
        let missing = graph.papers.filter { summaries[$0.slug] == nil }
        let made = await missing.parallelMap { contexts.makePaperSummary($0) }
        summaries.add(zip(missing.map(\.slug), made))
        noteSummaries.set(LayoutValue(graph.notes) { noteSummary($0) })
    }

    /// Every note's summary (the reading list's `notes`), made once for the 80 pages of a
    /// 10,000-paper list rather than on each.
    var allNoteSummaries: LayoutValue {
        noteSummaries.value ?? LayoutValue(graph.notes) { noteSummary($0) }
    }

    private static func siteValues(_ graph: SiteGraph, _ urls: SiteURLs) -> LayoutValue {
        let config = graph.config
        return [
            "title": .text(config.title),
            "description": LayoutValue(config.description),
            "author": LayoutValue(config.author),
            "language": .text(config.language),
            "base": .text(urls.base),
            "base_url": .text(config.baseURL),
            "repository": LayoutValue(config.repository),
            "papers_count": .int(graph.papers.count),
            "notes_count": .int(graph.notes.count),
            "reviews_count": .int(graph.reviews.count),
            "pages": LayoutValue(graph.pages) { ["title": .text($0.title), "href": .text(urls.page($0.slug))] },
            // The lists a reader browses by, for the header and the home page.
            "indexes": LayoutValue(FacetKind.allCases) {
                ["label": .text($0.plural), "href": .text(urls.facetIndex($0)), "count": .int(graph.facets($0).count)]
            },
            "map_href": .text(urls.map),
            "saved_href": .text(urls.saved),
            // The reader's own layer (site.js): reactions to offer, and the name an exported
            // reading state carries.
            "reactions": LayoutValue(config.reactions) { ["id": .text($0.id), "label": .text($0.label), "description": LayoutValue($0.description)] },
            "identity": .text(config.identity),
            "papers_href": .text(urls.papers),
            "search_href": .text(urls.search),
            // The feed and the site's citations (see `ScholarlyFiles`); no feed without a host.
            "feed_href": LayoutValue(urls.origin == nil ? nil : urls.feed),
            "search_script": .text(urls.asset("assets/search.js")),
            "script": .text(urls.asset("assets/site.js")),
            "saved_script": .text(urls.asset("assets/saved.js")),
            "katex": .text(urls.asset("assets/katex/")),
            "extra": Self.extra(config.extra),
        ]
    }

    func paperSummary(_ paper: Paper) -> LayoutValue {
        summaries[paper.slug] ?? makePaperSummary(paper)
    }

    /// A paper in a list is rendered once from `partials/paper-item`, not once per list it is
    /// in (the reading list in four orders and the page of each of its names): the item's
    /// values are the paper's summary, `site`, and `filterable` (true for the reading list's
    /// items, which carry the data the in-place filters read).
    func listItemJobs(_ papers: [Paper]) -> [PageJob] {
        papers.flatMap { paper in
            [false, true].map { filterable in
                PageJob(layout: Self.listItemLayout, file: "the list item of " + urls.paper(paper.slug), kind: "paper list item") { [site] in
                    paperSummary(paper).adding(["site": site, "filterable": .bool(filterable)])
                }
            }
        }
    }

    static let listItemLayout = "partials/paper-item"

    /// Adds the rendered list items (from `listItemJobs(papers)`, in its order) to the
    /// summaries as `item_html`; the reading list's filterable variant is `filterable_item_html`.
    func addListItems(_ papers: [Paper], _ texts: [String]) {
        // On all cores: each is a copy of a summary's dictionary (a sixth of a second of one
        // core at 10,000 papers, which left the other idle).
        summaries.add(Array(papers.indices).concurrentMap { index in
            (papers[index].slug, paperSummary(papers[index]).adding(["item_html": .text(texts[2 * index]), "filterable_item_html": .text(texts[2 * index + 1])]))
        })
    }

    /// Whether the paper's list items were added (`addListItems`).
    func hasListItems(_ paper: Paper) -> Bool {
        summaries.hasListItems(paper.slug)
    }

    /// The root of every page: `site`, `page` (what `<head>` needs) and the kind's own values.
    /// `topicFeed` is the feed of the topic a topic page lists, linked beside the site's.
    func root(title: String, href: String, kind: String, description: String?, topicFeed: (title: String, href: String)? = nil,
              _ values: [String: LayoutValue]) -> LayoutValue {
        var root = values
        root["site"] = site
        var feeds: [(title: String, href: String)] = []
        if urls.origin != nil {
            feeds.append(("\(graph.config.title): papers added", urls.feed))
            if let topicFeed { feeds.append(topicFeed) }
        }
        root["page"] = [
            "title": .text(title),
            "href": .text(href),
            "canonical": LayoutValue(urls.absolute(href)),
            "kind": .text(kind),
            "description": LayoutValue(description ?? graph.config.description),
            "is_home": .bool(kind == "home"),
            "og_type": .text(kind == "paper" ? "article" : "website"),
            "feeds": LayoutValue(feeds) { ["title": .text($0.title), "href": .text($0.href)] },
        ]
        return .object(LayoutObject(root))
    }

    // MARK: Site-defined keys

    /// `extra:` of a file or of site.yaml: whatever the owner wrote, looked up leniently (a
    /// key one paper has and another lacks is null there, not an error).
    static func extra(_ values: [(String, FrontMatterValue)]) -> LayoutValue {
        .object(LayoutObject(Dictionary(values.map { ($0.0, layoutValue($0.1)) }, uniquingKeysWith: { first, _ in first }), lenient: true))
    }

    private static func layoutValue(_ value: FrontMatterValue) -> LayoutValue {
        switch value {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .int(let int): .int(int)
        case .double(let double): .double(double)
        case .string(let string): .text(string)
        case .list(let list): .list(list.map(layoutValue))
        case .mapping(let mapping): .object(LayoutObject(mapping.mapValues(layoutValue), lenient: true))
        }
    }
}

/// Paper slug -> the slugs of its adjacent papers, filled as they are asked for, from any
/// thread. A class, so that the copies of one model's values share what any of them found
/// (`replacing(graph:html:)` keeps it: an edit that leaves every summary as it was leaves
/// every paper's neighbours as they were).
/// One value shared by copies of the values that hold it, set once it is made.
final class SharedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? { lock.withLock { stored } }

    func set(_ value: Value) { lock.withLock { stored = value } }
}

final class AdjacencyMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var slugs: [String: [String]] = [:]

    subscript(slug: String) -> [String]? {
        get { lock.withLock { slugs[slug] } }
        set { lock.withLock { slugs[slug] = newValue } }
    }

    func add(_ found: some Sequence<(String, [String])>) {
        lock.withLock { for (slug, adjacent) in found { slugs[slug] = adjacent } }
    }
}

import Foundation

/// The orders the reading list can be read in. Each has its own pre-rendered page, so
/// sorting works without JavaScript; the site's script re-sorts in place when it can.
enum ListOrder: String, CaseIterable, Sendable {
    case newest, oldest, title, cited

    var label: String {
        switch self {
        case .newest: "Newest"
        case .oldest: "Oldest"
        case .title: "Title"
        case .cited: "Most cited"
        }
    }

    /// Sorts a list already in the graph's order (newest first), as places in it, so that no
    /// model is moved while sorting; ties keep that order.
    func places(_ papers: [Paper]) -> [Int] {
        switch self {
        case .newest: return Array(papers.indices)
        case .oldest: return Array(papers.indices.reversed())
        case .title:
            // By the title as read (`$\delta$-STEAL` files under δ), as the page's script sorts it.
            let keys = papers.map { PlainText.fromTeX($0.title).lowercased() }
            return papers.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        case .cited:
            let citations = papers.map { $0.citations ?? 0 }
            return papers.indices.sorted { (citations[$1], $0) < (citations[$0], $1) }
        }
    }
}

extension PageContexts {
    func href(of order: ListOrder) -> String { order == .newest ? urls.home : urls.sorted(order.rawValue) }

    /// The reading list in `order`, grouped by the owner's reading status (then the unsorted
    /// rest): places in `graph.papers`, in reading order. Made once per order, not per page.
    static func readingList(_ graph: SiteGraph, _ order: ListOrder) -> [Int] {
        var byStatus: [ReadingStatus?: [Int]] = [:]
        for place in order.places(graph.papers) { byStatus[graph.papers[place].reading, default: []].append(place) }
        return (ReadingStatus.allCases + [nil]).flatMap { byStatus[$0] ?? [] }
    }

    func readingList(_ order: ListOrder) -> [(group: ReadingStatus?, paper: Paper)] {
        (readingLists[order] ?? Self.readingList(graph, order)).map { (graph.papers[$0].reading, graph.papers[$0]) }
    }

    /// Every item of the reading list, newest first, for the filters of a list of several
    /// pages (`ListPages.itemsFile`): `[[group, item HTML], ...]`, the HTML the build made.
    func readingListItems() -> [UInt8] {
        // Written by hand: 8 MB at 10,000 papers, a fifth of a second of one core with
        // JSONEncoder at the end of the build. The HTML's `<` and `>` are not escaped: the file
        // is only ever read as JSON.
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(graph.papers.count * 1024)
        for place in readingLists[.newest] ?? Self.readingList(graph, .newest) {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "["))
            JSONText.appendQuoted(graph.papers[place].reading?.rawValue ?? "none", to: &bytes)
            bytes.append(UInt8(ascii: ","))
            let html = paperSummary(graph.papers[place]).object?["filterable_item_html"]
            JSONText.appendQuoted(html.flatMap { if case .text(let html) = $0 { html } else { nil } } ?? "", to: &bytes, escapingMarkup: false)
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    /// The pages of the reading list in `order`.
    func readingListPages(_ order: ListOrder) -> ListPages {
        ListPages(first: href(of: order), items: graph.papers.count)
    }

    /// One page of the reading list: its slice of the papers, under their group headings
    /// (every group is there, with its whole count; one with no papers on this page is
    /// hidden until the filters fill it); with the choices for filtering and sorting it.
    func home(order: ListOrder = .newest, page: Int = 1) -> [String: LayoutValue] {
        let list = readingLists[order] ?? Self.readingList(graph, order)
        let pages = readingListPages(order)
        let slice = list[pages.range(page, of: list.count)].map { (group: graph.papers[$0].reading, paper: graph.papers[$0]) }
        let totals = readingGroupSizes
        let onPage = Dictionary(grouping: slice, by: \.group)
        // Items here carry the filters' data.
        func item(_ paper: Paper) -> LayoutValue {
            let summary = paperSummary(paper)
            return summary.adding(["item_html": summary.object?["filterable_item_html"] ?? .null])
        }
        // A list with no reading statuses at all (a fresh import, a publication list) is one
        // group of papers, not an "Unsorted" pile.
        let unsorted = totals.count == 1 && totals[nil] != nil ? "Papers" : "Unsorted"
        let groups: [LayoutValue] = (ReadingStatus.allCases + [nil]).compactMap { status in
            guard let total = totals[status] else { return nil }
            return ["label": .text(status?.label ?? unsorted), "value": .text(status?.rawValue ?? "none"),
                    "count": .int(total), "papers": LayoutValue(onPage[status] ?? []) { item($0.paper) }]
        }
        // The owner's selected papers (`selected: true`) head the front page only.
        let selected = order == .newest && page == 1 ? graph.papers.filter(\.selected) : []
        return [
            "groups": .list(groups),
            "selected": LayoutValue(selected) { paperSummary($0) },
            "pagination": pages.values(page),
            "all_items": pages.count > 1 ? .text(urls.asset(ListPages.itemsFile)) : .null,
            "notes": allNoteSummaries,
            "order": .text(order.label),
            // COinS for Zotero on the list in its own order; the other orders list the same
            // papers again.
            "coins": .bool(order == .newest),
            "sorts": LayoutValue(ListOrder.allCases) {
                ["key": .text($0.rawValue), "label": .text($0.label), "href": .text(href(of: $0)), "current": .bool($0 == order)]
            },
            "filters": [
                "years": filterChoices(.year),
                "topics": filterChoices(.topic),
                "venues": filterChoices(.venue),
            ],
        ]
    }

    /// `[{value, label, count, href}]` for a filter menu, the most used first (years newest first).
    private func filterChoices(_ kind: FacetKind) -> LayoutValue {
        // A topic only notes carry filters no paper out.
        var facets = graph.facets(kind).filter { !$0.papers.isEmpty }
        if kind != .year { facets.sort { ($1.papers.count, $0.name) < ($0.papers.count, $1.name) } }
        return LayoutValue(facets) {
            ["value": .text($0.slug), "label": .text($0.name), "count": .int($0.papers.count), "href": .text(urls.facet(kind, $0.slug))]
        }
    }

    func facetPages(_ kind: FacetKind, _ facet: Facet) -> ListPages {
        ListPages(first: urls.facet(kind, facet.slug), items: facet.papers.count)
    }

    /// One topic, author, institution, venue or year and (a page of) its papers.
    func facetPage(_ kind: FacetKind, _ facet: Facet, page: Int = 1) -> [String: LayoutValue] {
        // Places in the graph, not papers: a topic's pages would each copy all its papers.
        let places = facet.paperPlaces
        let pages = facetPages(kind, facet)
        var coNames: [LayoutValue] = []
        if kind == .author {
            // The people this author wrote with, most papers together first. Of a paper with
            // hundreds of authors only the first few count: all of them, on every author's
            // page, would grow with the square of the list.
            // Counted first, named after: a `default:` naming each person captured (and so
            // copied) all of these values once per author of every paper.
            var counts: [String: (person: Person, count: Int)] = [:]
            for place in places {
                for person in graph.papers[place].byline.prefix(Self.coauthorsCounted) where person.slug != facet.slug {
                    if (counts[person.slug]?.count += 1) == nil { counts[person.slug] = (person, 1) }
                }
            }
            // Each name spelt out once, not at every comparison of the sort.
            coNames = counts.values.map { (name: $0.person.displayName, person: $0.person, count: $0.count) }
                .sorted { ($1.count, $0.name) < ($0.count, $1.name) }.prefix(30)
                .map { ["name": .text($0.name), "href": .text(urls.author($0.person)), "count": .int($0.count)] }
        }
        return ["facet": [
            "kind": .text(kind.singular),
            "kind_plural": .text(kind.plural),
            "name": .text(facet.name),
            "count": .int(places.count),
            "papers": LayoutValue(places[pages.range(page, of: places.count)]) { paperSummary(graph.papers[$0]) },
            "pagination": pages.values(page),
            "index_href": .text(urls.facetIndex(kind)),
            "coauthors": .list(coNames),
            "notes": LayoutValue(facet.notes.compactMap { graph.note($0) }) { noteSummary($0) },
            "notes_count": .int(facet.notes.count),
        ]]
    }

    static let coauthorsCounted = 50

    /// Every name of a kind with its number of papers: authors by family name, years newest
    /// first, the rest most used first.
    func facetIndex(_ kind: FacetKind) -> [String: LayoutValue] {
        var facets = graph.facets(kind)
        switch kind {
        case .year: break
        case .author:
            let family = Dictionary(graph.papers.flatMap(\.byline).map { ($0.slug, $0.family.isEmpty ? $0.displayName : $0.family) },
                                    uniquingKeysWith: { first, _ in first })
            facets.sort { ((family[$0.slug] ?? $0.name).lowercased(), $0.name) < ((family[$1.slug] ?? $1.name).lowercased(), $1.name) }
        default:
            facets.sort { ($1.papers.count, $1.notes.count, $0.name) < ($0.papers.count, $0.notes.count, $1.name) }
        }
        return ["index": [
            "kind": .text(kind.singular),
            "label": .text(kind.plural),
            "count": .int(facets.count),
            "items": LayoutValue(facets) {
                ["name": .text($0.name), "href": .text(urls.facet(kind, $0.slug)), "count": .int($0.papers.count), "notes_count": .int($0.notes.count), "has_notes": .bool(!$0.notes.isEmpty)]
            },
        ]]
    }

    func sitemapPage() -> [String: LayoutValue] {
        let (map, shownPapers, shownTopics) = ResearchMap.site(graph, urls: urls)
        return ["map": [
            "svg": .text(map.svg(id: "site-map", nodeIDs: true)),
            "papers_shown": .int(shownPapers),
            "topics_shown": .int(shownTopics),
            "by_topics": .bool(graph.topics.contains { !$0.papers.isEmpty }),
            "papers_count": .int(graph.papers.count),
            "topics_count": .int(graph.topics.count),
            "partial": .bool(shownPapers < graph.papers.count || shownTopics < graph.topics.count),
        ]]
    }

    func page(_ page: Page) -> LayoutValue {
        ["slug": .text(page.slug), "href": .text(urls.page(page.slug)), "title": .text(page.title),
         "body_html": .text(html.pages[page.slug] ?? ""), "edit_url": LayoutValue(contributions.editURL("pages/\(page.slug).md")),
         "extra": Self.extra(page.extra)]
    }
}

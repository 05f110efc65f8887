import Foundation

extension SiteBuilder {
    /// The layouts this site's pages need, with how many pages need each, checked with the
    /// content so one run names every missing layout.
    static func layoutsNeeded(_ graph: SiteGraph) -> [String: Int] {
        let facets = FacetKind.allCases.reduce(0) { $0 + graph.facets($1).count }
        let needs = ["index": ListOrder.allCases.count, "facets": FacetKind.allCases.count, "map": 1, "saved": 1, "search": 1, "404": 1,
                     "paper": graph.papers.count, "partials/paper-item": graph.papers.count, "facet": facets,
                     "note": graph.notes.count, "review": graph.reviews.count, "page": graph.pages.count]
        return needs.filter { $0.value > 0 }
    }

    /// Every page of the site and the layout that renders it, with its fingerprint: planned
    /// once, rendered by `RenderStep`.
    static func jobs(_ contexts: PageContexts, _ fingerprints: Fingerprints) -> [PageJob] {
        var plan = PagePlan(contexts: contexts, fingerprints: fingerprints)
        let graph = contexts.graph, urls = contexts.urls
        // Every paper page's fingerprint reads its adjacent papers.
        contexts.workOutAdjacency()
        for order in ListOrder.allCases {
            let pages = contexts.readingListPages(order)
            for page in pages.numbers {
                let title = order == .newest ? graph.config.title : "Reading list by \(order.label.lowercased())"
                plan.add("index", pages.href(page), title: title + (page > 1 ? ", page \(page) of \(pages.count)" : ""),
                         kind: order == .newest && page == 1 ? "home" : "sorted") {
                    contexts.home(order: order, page: page)
                }
            }
        }
        for paper in graph.papers { plan.add(.paper(paper)) }
        for note in graph.notes { plan.add(.note(note)) }
        for review in graph.reviews { plan.add(.review(review)) }
        for page in graph.pages { plan.add(.page(page)) }
        for kind in FacetKind.allCases {
            plan.add("facets", urls.facetIndex(kind), title: kind.plural, kind: "facets") { contexts.facetIndex(kind) }
            for facet in graph.facets(kind) {
                let pages = contexts.facetPages(kind, facet)
                for page in pages.numbers {
                    let title = "\(kind.singular): \(facet.name)" + (page > 1 ? ", page \(page) of \(pages.count)" : "")
                    let feed = kind == .topic ? (title: "\(graph.config.title): \(facet.name)", href: urls.topicFeed(facet.slug)) : nil
                    plan.add("facet", pages.href(page), title: title, kind: "facet", topicFeed: feed) {
                        contexts.facetPage(kind, facet, page: page)
                    }
                }
            }
        }
        plan.add("map", urls.map, title: "Research map", kind: "map") { contexts.sitemapPage() }
        plan.add("saved", urls.saved, title: "Saved papers", kind: "saved") { [:] }
        plan.add("search", urls.search, title: "Search", kind: "search") { [:] }
        plan.add("404", urls.notFound, title: "Page not found", kind: "not-found", file: "404.html") { [:] }
        return plan.finished()
    }

    /// The pages that show these files in full: a paper's page, a note's, a page's; a review's
    /// page and its paper's (which shows the review).
    static func jobs(_ contexts: PageContexts, _ fingerprints: Fingerprints, showing documents: [LoadedDocument]) -> [PageJob] {
        var plan = PagePlan(contexts: contexts, fingerprints: fingerprints)
        var papers = Set<String>()
        for document in documents {
            if case .review(let review) = document, let paper = contexts.graph.paper(review.paper.slug), papers.insert(paper.slug).inserted {
                plan.add(.paper(paper))
            }
            if case .paper(let paper) = document, !papers.insert(paper.slug).inserted { continue }
            plan.add(document)
        }
        return plan.finished()
    }
}

/// Page jobs being listed, each with its fingerprint.
private struct PagePlan {
    let contexts: PageContexts
    let fingerprints: Fingerprints
    private var jobs: [PageJob] = []
    /// The file pages' fingerprints, worked out by `finished` on all cores (a tenth of a second
    /// of one core at 10,000 papers): each reads the summaries of the files its page lists.
    private var fingerprintsToMake: [(job: Int, make: @Sendable () -> UInt64)] = []

    init(contexts: PageContexts, fingerprints: Fingerprints) {
        self.contexts = contexts
        self.fingerprints = fingerprints
    }

    /// The jobs, each with its fingerprint.
    func finished() -> [PageJob] {
        var jobs = jobs
        let made = fingerprintsToMake.concurrentMap { $0.make() }
        for (pending, fingerprint) in zip(fingerprintsToMake, made) { jobs[pending.job].fingerprint = fingerprint }
        return jobs
    }

    /// Title and description are worked out only for the pages that are rendered.
    mutating func add(_ layout: String, _ href: String, title: @autoclosure @escaping @Sendable () -> String, kind: String,
                      description: @autoclosure @escaping @Sendable () -> String? = nil,
                      file: String? = nil, showing: [SourceLocation] = [],
                      listing: @autoclosure @escaping @Sendable () -> (files: [SourceLocation], numbers: [Int]) = ([], []),
                      topicFeed: (title: String, href: String)? = nil, paper: String? = nil,
                      _ values: @escaping @Sendable () -> [String: LayoutValue]) {
        let file = file ?? contexts.urls.outputFile(for: href)
        let contexts = contexts
        var job = PageJob(layout: layout, file: file) {
            contexts.root(title: title(), href: href, kind: kind, description: description(), topicFeed: topicFeed, values())
        }
        // A list page shows the whole site's summary; a file's page, what it lists of it.
        if showing.isEmpty {
            job.fingerprint = fingerprints.site
        } else {
            let fingerprints = fingerprints
            fingerprintsToMake.append((jobs.count, {
                let listing = listing()
                return fingerprints.page(showing: showing, listing: listing.files, numbers: listing.numbers)
            }))
        }
        job.source = showing.first?.path
        job.paper = paper
        jobs.append(job)
    }

    /// The page of one file. Besides the files it shows in full, it lists the files whose
    /// summaries its values read (see `Fingerprints.page(showing:listing:numbers:)`): change
    /// what a page's values read of another file, and the list here changes with it.
    mutating func add(_ document: LoadedDocument) {
        let contexts = contexts, graph = contexts.graph, urls = contexts.urls
        switch document {
        case .paper(let paper):
            add("paper", urls.paper(paper.slug), title: PlainText.fromTeX(paper.title), kind: "paper",
                description: paper.abstract.map { HTMLText.snippet(PlainText.fromTeX($0), limit: 200) },
                showing: [paper.source] + graph.reviews(of: paper).map(\.source),
                listing: Self.listing(paper, contexts), paper: paper.slug) {
                ["paper": contexts.paperPage(paper)]
            }
        case .note(let note):
            let paper = note.paper.flatMap { graph.paper($0.slug) }
            add("note", urls.note(note.slug), title: PlainText.fromTeX(note.question), kind: "note", showing: [note.source],
                listing: (paper.map { [$0.source] + graph.noteSources(of: $0) } ?? [], [])) {
                ["note": contexts.notePage(note)]
            }
        case .review(let review):
            let paper = graph.paper(review.paper.slug)
            let title = "Review of \(paper.map { PlainText.fromTeX($0.title) } ?? review.paper.slug) by \(review.reviewer)"
            add("review", urls.review(review.slug), title: title, kind: "review", showing: [review.source],
                listing: (paper.map { [$0.source] } ?? [], [])) {
                ["review": contexts.reviewPage(review)]
            }
        case .page(let page):
            add("page", urls.page(page.slug), title: page.title, kind: "page", showing: [page.source]) {
                ["page_content": contexts.page(page)]
            }
        }
    }

    /// What a paper's page reads of other files (`PageContexts.paperPage`): its notes, its
    /// related and adjacent papers (list items and the map), and its place in its reading group.
    private static func listing(_ paper: Paper, _ contexts: PageContexts) -> (files: [SourceLocation], numbers: [Int]) {
        let graph = contexts.graph
        // Sources only: copying 10,000 papers' neighbours to read their paths took 0.3 s.
        let files = graph.noteSources(of: paper) + paper.related.compactMap { graph.paperSource($0.slug) }
            + contexts.adjacentSlugs(of: paper).compactMap { graph.paperSource($0) }
        let place = contexts.readingPositions[paper.slug]
        return (files, [place?.position ?? -1, place?.count ?? -1])
    }
}

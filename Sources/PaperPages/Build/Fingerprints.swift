/// What each output page is made from, as one number: a page whose fingerprint is the one
/// recorded when the old site was written is not rendered again.
///
/// A list page (the reading list, a name's page, the map) depends on the whole site's
/// *summary* (everything that is shown outside a file's own page: titles, authors, dates,
/// topics, links between files, the settings and the layouts). A file's own page depends on
/// the *base* (the settings, the layouts and the site's counts that every page's header and
/// footer show), on the whole of the files it shows in full (a paper's page on the paper and
/// its reviews, a note's page on the note) and on the summaries of the files it lists (a
/// paper's page: its notes, related and adjacent papers; see `PagePlan`). The summary of a
/// file is its model with the parts that only its own pages show (Markdown bodies, abstracts,
/// review texts, site-defined keys) left out, so an edit to a paper's notes re-renders one
/// page, and an edit to its title re-renders the pages that list it: at 10,000 papers about
/// 900 list pages and a few dozen others, not all 18,000. Any field not named here counts as
/// shown everywhere.
struct Fingerprints: Sendable {
    /// The summary of the whole site: the fingerprint of a page that shows only that (lists,
    /// indexes, the map).
    let site: UInt64
    /// What every page shows: the settings, the layouts, and the counts and names of the
    /// header and footer.
    let base: UInt64
    /// Every Markdown file's bytes hash, by path.
    private(set) var sources: [String: UInt64]

    /// Each file's summary as a hash, with the hash of the bytes it was loaded from, by path,
    /// and the settings it was loaded with: the preview server keeps them, so that a rebuild
    /// hashes again only the summaries of the files that changed.
    private(set) var summaries: [String: (source: UInt64, summary: UInt64)] = [:]
    private var summarySettings: UInt64 = 0

    init(graph: SiteGraph, sources: [String: BuildCache.Source], settings: UInt64, layouts: LayoutSet, hasMath: Bool,
         previous: Fingerprints? = nil) {
        var hash = StableHash()
        hash.combine(settings)
        hash.combine(hasMath)
        for (name, source) in layouts.sources.sorted(by: { $0.key < $1.key }) {
            hash.combine(name)
            hash.combine(source.text)
        }
        // The site's values every page has (`PageContexts.siteValues`): its counts, its pages'
        // titles, how many names of each kind.
        for count in [graph.papers.count, graph.notes.count, graph.reviews.count] { hash.combine(count) }
        for page in graph.pages {
            hash.combine(page.slug)
            hash.combine(page.title)
        }
        for kind in FacetKind.allCases { hash.combine(graph.facets(kind).count) }
        base = hash.value
        // The site's summary: every file's, in the graph's order (which titles and dates decide).
        let reusable = previous?.summarySettings == settings ? previous?.summaries ?? [:] : [:]
        var summaries: [String: (source: UInt64, summary: UInt64)] = [:]
        summaries.reserveCapacity(sources.count)
        var writer = ByteWriter()
        func add(_ document: LoadedDocument, at location: SourceLocation) {
            let source = sources[location.path]?.hash
            let summary: UInt64
            if let source, let old = reusable[location.path], old.source == source {
                summary = old.summary
            } else {
                writer = ByteWriter()
                Self.writeSummary(of: document, to: &writer)
                summary = StableHash.of(writer.bytes)
            }
            if let source { summaries[location.path] = (source, summary) }
            hash.combine(summary)
        }
        for paper in graph.papers { add(.paper(paper), at: paper.source) }
        for note in graph.notes { add(.note(note), at: note.source) }
        for review in graph.reviews { add(.review(review), at: review.source) }
        for page in graph.pages { add(.page(page), at: page.source) }
        site = hash.value
        self.summaries = summaries
        summarySettings = settings
        self.sources = sources.mapValues(\.hash)
        sourcesSum = self.sources.reduce(0) { $0 &+ Self.entry($1.key, $1.value) }
        search = Self.search(site: site, sourcesSum)
    }

    /// The same fingerprints after edits that left every summary as it was (the preview
    /// server's quick path): only the edited files' hashes differ.
    func updating(_ hashes: [String: UInt64]) -> Fingerprints {
        var next = self
        for (path, hash) in hashes {
            if let old = next.sources[path] { next.sourcesSum &-= Self.entry(path, old) }
            next.sourcesSum &+= Self.entry(path, hash)
            next.sources[path] = hash
        }
        next.search = Self.search(site: site, next.sourcesSum)
        return next
    }

    /// Every file's path and bytes hash, as a sum of one hash per file: it does not depend on
    /// the order of the files, so an edit updates it without sorting 16,000 paths again.
    private var sourcesSum: UInt64 = 0

    private static func entry(_ path: String, _ hash: UInt64) -> UInt64 {
        var entry = StableHash()
        entry.combine(path)
        entry.combine(hash)
        return entry.value
    }

    private static func search(site: UInt64, _ sourcesSum: UInt64) -> UInt64 {
        var everything = StableHash()
        everything.combine(site)
        everything.combine(sourcesSum)
        return everything.value
    }

    /// A file's model with the parts only its own pages show left out: what the pages that
    /// list it or link to it are made from.
    static func writeSummary(of document: LoadedDocument, to writer: inout ByteWriter) {
        switch document {
        case .paper(var paper):
            // The owner's reactions show on the paper's page alone; an edit to them is checked
            // against site.yaml where the preview takes it (`LiveSite.edits`).
            (paper.abstract, paper.body, paper.reactions, paper.extra) = (nil, "", [], [])
            // So do its award's text, its annotation and its preview image (lists show the award's name).
            (paper.award, paper.annotation, paper.preview) = (paper.award.map { _ in "" }, nil, nil)
            writer.write(paper)
        case .note(var note):
            (note.body, note.extra) = ("", [])
            writer.write(note)
        case .review(var review):
            (review.strengths, review.concerns, review.questions, review.body, review.extra) = (nil, nil, nil, "", [])
            writer.write(review)
        case .page(var page):
            (page.body, page.extra) = ("", [])
            writer.write(page)
        }
    }

    static func summary(of document: LoadedDocument) -> [UInt8] {
        var writer = ByteWriter()
        writeSummary(of: document, to: &writer)
        return writer.bytes
    }

    /// A file's own page: the files it shows in full, the summaries of the files it lists, in
    /// order, and any numbers it shows that other files decide (a paper's place in its reading
    /// group), besides the base. The list is what the page's values read of other files
    /// (`PageContexts.paperPage`, `notePage`, `reviewPage`, `page`); the incremental property
    /// tests compare every such rebuild with a build from scratch.
    func page(showing locations: [SourceLocation], listing listed: [SourceLocation], numbers: [Int] = []) -> UInt64 {
        var hash = StableHash()
        hash.combine(base)
        for location in locations {
            hash.combine(location.path)
            // A file not in `sources` loaded with a problem and the build stops before here;
            // a random value keeps such a page from ever being reused.
            hash.combine(sources[location.path] ?? UInt64.random(in: 0...UInt64.max))
        }
        hash.combine(listed.count)
        for location in listed {
            hash.combine(location.path)
            hash.combine(summaries[location.path]?.summary ?? UInt64.random(in: 0...UInt64.max))
        }
        hash.combine(numbers.count)
        for number in numbers { hash.combine(number) }
        return hash.value
    }

    /// The search index shows every file's text.
    private(set) var search: UInt64
}

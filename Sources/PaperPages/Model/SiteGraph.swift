import Foundation
import Synchronization
/// The kinds of names that group papers, each with its own pages.
public enum FacetKind: String, Sendable, CaseIterable {
    case topic, author, institution, venue, year

    /// The URL folder: `topics/`, `authors/`…
    public var folder: String { rawValue + "s" }
    public var singular: String { rawValue.capitalized }
    public var plural: String { singular + "s" }
}

/// A name that groups papers (a topic, an author, an institution) with the papers it groups.
public struct Facet: Sendable {
    public var slug: String
    /// The spelling first met, e.g. "Université de Montréal".
    public var name: String
    /// Paper slugs, in the graph's paper order.
    public var papers: [String]
    /// The same papers as places in `SiteGraph.papers`, for the lookups done per page.
    var paperPlaces: [Int] = []
    /// The file where the name was first met, for messages.
    public var firstSource: SourceLocation
    /// Note slugs, in the graph's note order: topics only (a note's topics link to their pages,
    /// so a topic that only notes carry has a page too).
    public var notes: [String] = []
}

/// The model stage: every relation between pages resolved once, so renderers only look up.
///
/// Built from checked content; an unknown slug in `paper:` or `related:` is reported with
/// the file and line where it was written.
public struct SiteGraph: Sendable {
    public let config: SiteConfig
    /// Newest first (by year, then date, then title), the reading list's default order.
    public private(set) var papers: [Paper]
    public private(set) var notes: [Note]
    public private(set) var reviews: [Review]
    public private(set) var pages: [Page]
    public let assets: [String]

    private let paperIndex: [String: Int]
    private let noteIndex: [String: Int]
    /// Paper slug -> indices into `notes` / `reviews`, oldest first.
    private let notesByPaper: [String: [Int]]
    private let reviewsByPaper: [String: [Int]]
    public let topics: [Facet]
    public let authors: [Facet]
    public let institutions: [Facet]
    /// Venues in order of first appearance; years newest first.
    public let venues: [Facet]
    public let years: [Facet]
    private let topicIndex: [String: Int]
    private let authorIndex: [String: Int]
    private let institutionIndex: [String: Int]

    /// Resolves the graph, throwing unknown references.
    public init(_ content: SiteContent) throws {
        var log = DiagnosticLog()
        self.init(content, log: &log)
        try log.throwIfAny()
    }

    /// Resolves the graph, logging unknown references. A reference to a paper file that
    /// exists but failed to load is not reported again.
    init(_ content: SiteContent, log: inout DiagnosticLog) {
        config = content.config
        // Sorted by keys made once per item, not once per comparison (a date's text, a
        // parsed default date), and by index, so the models are not moved while sorting.
        let undated = Day("0001-01-01")!
        // Newest first; a month without a day before the month's dated papers' days would be
        // guessed, so it sorts as day 0; undated works (`year: n.d.`) come last.
        let paperKeys = content.papers.map {
            (year: $0.year ?? Int.min, month: $0.month ?? 0, day: $0.date?.day ?? 0, title: $0.title, slug: $0.slug)
        }
        papers = content.papers.indices.sorted { i, j in
            let (a, b) = (paperKeys[i], paperKeys[j])
            return (b.year, b.month, b.day, a.title, a.slug) < (a.year, a.month, a.day, b.title, b.slug)
        }.map { content.papers[$0] }
        paperIndex = Dictionary(uniqueKeysWithValues: papers.enumerated().map { ($1.slug, $0) })
        // Undated first, then by date (as their texts, `YYYY-MM-DD`, would sort), then by slug.
        let noteKeys = content.notes.map { ($0.date == nil ? 0 : 1, $0.date ?? undated, $0.slug) }
        notes = content.notes.indices.sorted { noteKeys[$0] < noteKeys[$1] }.map { content.notes[$0] }
        noteIndex = Dictionary(notes.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let reviewKeys = content.reviews.map { ($0.date == nil ? 0 : 1, $0.date ?? undated, $0.slug) }
        reviews = content.reviews.indices.sorted { reviewKeys[$0] < reviewKeys[$1] }.map { content.reviews[$0] }
        pages = content.pages.sorted { $0.slug < $1.slug }
        assets = content.assets

        let known = Set(paperIndex.keys).union(content.paperFiles)
        func check(_ reference: SlugReference, key: String) {
            guard !known.contains(reference.slug) else { return }
            var message = "'\(key)' names an unknown paper '\(reference.slug)': there is no papers/\(reference.slug).md"
            if let suggestion = Self.closest(to: reference.slug, in: known) { message += "; did you mean '\(suggestion)'?" }
            log.error(reference.location, message)
        }
        var notesByPaper: [String: [Int]] = [:]
        for (index, note) in notes.enumerated() {
            guard let reference = note.paper else { continue }
            check(reference, key: "paper")
            notesByPaper[reference.slug, default: []].append(index)
        }
        var reviewsByPaper: [String: [Int]] = [:]
        for (index, review) in reviews.enumerated() {
            check(review.paper, key: "paper")
            reviewsByPaper[review.paper.slug, default: []].append(index)
        }
        // A paper listing itself as related is harmless (exporters do it); adjacency skips it.
        for paper in papers {
            paper.related.forEach { check($0, key: "related") }
            if content.configLoaded { Self.checkReactions(of: paper, config, log: &log) }
        }
        // One key, one paper: a key citing two papers would make every citation ambiguous
        // (a paper without `citation_key` is cited by its slug). Keys differing in case clash
        // too, as biber folds them.
        var keys: [String: String] = [:]
        for paper in papers {
            let key = (paper.citationKey ?? paper.slug).lowercased()
            if let other = keys[key], other != paper.slug {
                log.error(paper.source, "the citation key '\(paper.citationKey ?? paper.slug)' is also papers/\(other).md's; give one of them another 'citation_key'")
            } else {
                keys[key] = paper.slug
            }
        }
        self.notesByPaper = notesByPaper
        self.reviewsByPaper = reviewsByPaper

        // The five kinds are independent: made side by side, their problems logged in order.
        let papers = self.papers
        let names: [@Sendable (Paper) -> [String]] = [
            { $0.topics }, { $0.byline.map(\.displayName) }, { $0.institutions }, { $0.venue.map { [$0] } ?? [] },
            { $0.year.map { [String($0)] } ?? [] },   // papers are newest first already
        ]
        let kinds: [FacetKind] = [.topic, .author, .institution, .venue, .year]
        let made = Mutex([([Facet], [String: Int], [Diagnostic])?](repeating: nil, count: kinds.count))
        DispatchQueue.concurrentPerform(iterations: kinds.count) { number in
            var kindLog = DiagnosticLog()
            let (facets, index) = Self.facets(kinds[number], papers, log: &kindLog, names[number])
            made.withLock { $0[number] = (facets, index, kindLog.diagnostics) }
        }
        let facets = made.withLock { $0.map { $0! } }
        for (_, _, diagnostics) in facets { log.append(contentsOf: diagnostics) }
        (topics, topicIndex) = Self.addingNotes(notes, to: facets[0].0, facets[0].1)
        (authors, authorIndex) = (facets[1].0, facets[1].1)
        (institutions, institutionIndex) = (facets[2].0, facets[2].1)
        venues = facets[3].0
        years = facets[4].0
    }

    /// The facets of one kind.
    public func facets(_ kind: FacetKind) -> [Facet] {
        switch kind {
        case .topic: topics
        case .author: authors
        case .institution: institutions
        case .venue: venues
        case .year: years
        }
    }

    /// Groups papers by a name they carry, keyed by the name's slug so spellings that differ
    /// only in case or diacritics meet on one page. Two different names that still reach one
    /// slug (a hash collision, in practice never) are an error naming both files.
    private static func facets(_ kind: FacetKind, _ papers: [Paper], log: inout DiagnosticLog,
                               _ names: (Paper) -> [String]) -> ([Facet], [String: Int]) {
        var facets: [Facet] = []
        var index: [String: Int] = [:]
        // Names recur (a topic on thousands of papers, an author on several): each is folded once.
        var slugs: [String: String] = [:]
        for (place, paper) in papers.enumerated() {
            for name in names(paper) {
                let slug = slugs[name] ?? Slug.make(name)
                slugs[name] = slug
                if let position = index[slug] {
                    if facets[position].papers.last != paper.slug {
                        facets[position].papers.append(paper.slug)
                        facets[position].paperPlaces.append(place)
                    }
                    // Spellings often differ ("Machine learning", "machine-learning") under one identity;
                    // two identities on one slug is a collision.
                    if facets[position].name != name, Slug.identity(name) != Slug.identity(facets[position].name) {
                        let first = facets[position]
                        log.error(paper.source, "the \(kind.rawValue) '\(name)' and the \(kind.rawValue) '\(first.name)' in \(first.firstSource.path) "
                                  + "would share the page \(kind.folder)/\(slug)/; write one of them the same way as the other, or differently enough to tell them apart")
                    }
                } else {
                    index[slug] = facets.count
                    facets.append(Facet(slug: slug, name: name, papers: [paper.slug], paperPlaces: [place], firstSource: paper.source))
                }
            }
        }
        return (facets, index)
    }

    /// The topics with the notes that carry them; a topic no paper carries is added after the
    /// papers' topics, in the order notes name it.
    private static func addingNotes(_ notes: [Note], to topics: [Facet], _ index: [String: Int]) -> ([Facet], [String: Int]) {
        var (topics, index) = (topics, index)
        for note in notes {
            for name in note.topics {
                let slug = Slug.make(name)
                if let position = index[slug] {
                    if topics[position].notes.last != note.slug { topics[position].notes.append(note.slug) }
                } else {
                    index[slug] = topics.count
                    topics.append(Facet(slug: slug, name: name, papers: [], paperPlaces: [], firstSource: note.source, notes: [note.slug]))
                }
            }
        }
        return (topics, index)
    }

    // MARK: Lookups

    /// The graph with these files' models swapped in: for edits that left every summary (see
    /// `Fingerprints`) as it was, so every relation, order and facet still holds. Nil when a
    /// file is not in the graph.
    func replacing(_ documents: [LoadedDocument]) -> SiteGraph? {
        var graph = self
        for document in documents {
            switch document {
            case .paper(let paper):
                guard let index = paperIndex[paper.slug] else { return nil }
                graph.papers[index] = paper
            case .note(let note):
                guard let index = notes.firstIndex(where: { $0.slug == note.slug }) else { return nil }
                graph.notes[index] = note
            case .review(let review):
                guard let index = reviews.firstIndex(where: { $0.slug == review.slug }) else { return nil }
                graph.reviews[index] = review
            case .page(let page):
                guard let index = pages.firstIndex(where: { $0.slug == page.slug }) else { return nil }
                graph.pages[index] = page
            }
        }
        return graph
    }

    public func paper(_ slug: String) -> Paper? { paperIndex[slug].map { papers[$0] } }
    public func note(_ slug: String) -> Note? { noteIndex[slug].map { notes[$0] } }
    public func notes(of paper: Paper) -> [Note] { (notesByPaper[paper.slug] ?? []).map { notes[$0] } }
    /// The files of a paper's notes, without copying the notes.
    public func noteSources(of paper: Paper) -> [SourceLocation] { (notesByPaper[paper.slug] ?? []).map { notes[$0].source } }
    /// The file of the paper of that slug, without copying the paper.
    public func paperSource(_ slug: String) -> SourceLocation? { paperIndex[slug].map { papers[$0].source } }
    public func reviews(of paper: Paper) -> [Review] { (reviewsByPaper[paper.slug] ?? []).map { reviews[$0] } }
    public func topic(_ name: String) -> Facet? { topicIndex[Slug.make(name)].map { topics[$0] } }
    public func author(_ person: Person) -> Facet? { authorIndex[person.slug].map { authors[$0] } }
    public func institution(_ name: String) -> Facet? { institutionIndex[Slug.make(name)].map { institutions[$0] } }

    /// Adjacent work: the explicit `related:` papers first, in the order written, then papers
    /// that share authors (weighted 3), topics (2) or institutions (1), best first.
    ///
    /// A name shared by a large part of the list (a big institution) says little about
    /// closeness, like a common word in search; names on more than a twentieth of the papers
    /// (at least 50) are skipped. Of a name's papers only the `facetWindow` nearest in the
    /// reading list's order (the same time) are scored, which keeps this linear in the size of
    /// the site: with a fixed set of topics, a topic's papers grow with the list.
    static let facetWindow = 500

    public func adjacentPapers(of paper: Paper, limit: Int = 8) -> [Paper] {
        var scores = [Int32](repeating: 0, count: papers.count)
        return adjacentPlaces(of: paper, limit: limit, scores: &scores).map { papers[$0] }
    }

    /// `adjacentPapers` by slug, without copying the papers (80,000 copies at 10,000 papers,
    /// when every paper's are worked out).
    func adjacentSlugs(of paper: Paper) -> [String] {
        adjacentSlugs(of: [paper])[0]
    }

    /// `adjacentSlugs` of many papers, on all cores. Each slice of them scores into one array
    /// as long as the list, left cleared after each paper: an array per paper was a list's
    /// length to clear for every paper (40 GB at 100,000 papers).
    func adjacentSlugs(of many: [Paper]) -> [[String]] {
        let size = max(1, many.count / (ProcessInfo.processInfo.activeProcessorCount * 4))
        let slices = stride(from: 0, to: many.count, by: size).map { $0..<min($0 + size, many.count) }
        return slices.concurrentMap { slice in
            var scores = [Int32](repeating: 0, count: papers.count)
            return many[slice].map { adjacentPlaces(of: $0, scores: &scores).map { papers[$0].slug } }
        }.flatMap { $0 }
    }

    /// `adjacentPapers` as places in `papers`. `scores`: one zero per paper, left so.
    private func adjacentPlaces(of paper: Paper, limit: Int = 8, scores: inout [Int32]) -> [Int] {
        var result = paper.related.filter { $0.slug != paper.slug }.compactMap { paperIndex[$0.slug] }
        // A handful of places: looked through, not hashed, for each of thousands of candidates.
        let seen = result + [paperIndex[paper.slug]].compactMap { $0 }
        let commonFacet = max(50, papers.count / 20)
        // Scores by place in an array, with the places scored: counting into a dictionary
        // hashed every candidate of every name (2% of a build).
        var scored: [Int] = []
        defer { for place in scored { scores[place] = 0 } }
        let own = paperIndex[paper.slug] ?? 0
        // The names that count, weighted: a name most of the list shares says nothing.
        let facets = (paper.byline.map { (author($0), 3) } + paper.topics.map { (topic($0), 2) } + paper.institutions.map { (institution($0), 1) })
            .compactMap { facet, weight in facet.flatMap { $0.paperPlaces.count <= commonFacet ? ($0, weight) : nil } }
        func add(_ facet: Facet, weight: Int) {
            var window = facet.paperPlaces[...]
            if window.count > Self.facetWindow {
                // The paper's own place among the name's papers (they are in the graph's order).
                var low = 0, high = window.count
                while low < high {
                    let middle = (low + high) / 2
                    if window[middle] < own { low = middle + 1 } else { high = middle }
                }
                let start = max(0, min(low - Self.facetWindow / 2, window.count - Self.facetWindow))
                window = window[start..<start + Self.facetWindow]
            }
            for place in window where !seen.contains(place) {
                if scores[place] == 0 { scored.append(place) }
                scores[place] += Int32(weight)
            }
        }
        for (facet, weight) in facets { add(facet, weight: weight) }
        // Keep only the best few (score descending, then the reading list's order) without
        // sorting every candidate.
        var best: [(score: Int, index: Int)] = []
        let wanted = max(0, limit - result.count)
        for index in scored where wanted > 0 {
            let candidate = (score: Int(scores[index]), index: index)
            guard best.count < wanted || (candidate.score, -candidate.index) > (best.last!.score, -best.last!.index) else { continue }
            let position = best.firstIndex { (candidate.score, -candidate.index) > ($0.score, -$0.index) } ?? best.count
            best.insert(candidate, at: position)
            if best.count > wanted { best.removeLast() }
        }
        result += best.map(\.index)
        return result
    }

    /// The owner's reactions must be ones the site offers: a misspelt one would vanish silently.
    static func checkReactions(of paper: Paper, _ config: SiteConfig, log: inout DiagnosticLog) {
        guard !paper.reactions.isEmpty else { return }   // most papers: no set to build
        let offered = Set(config.reactions.map(\.id))
        for reaction in paper.reactions where !offered.contains(reaction.slug) {
            var message = "'reactions' names '\(reaction.slug)', which this site does not offer"
            message += offered.isEmpty ? " (site.yaml's 'reactions' is empty)"
                : ": site.yaml's reactions are \(config.reactions.map(\.id).joined(separator: ", "))"
            if let suggestion = Self.closest(to: reaction.slug, in: offered) { message += "; did you mean '\(suggestion)'?" }
            log.error(reaction.location, message)
        }
    }

    /// The known slug nearest to a mistyped one, when it is close enough to be a typo.
    static func closest(to slug: String, in candidates: Set<String>) -> String? {
        let limit = max(2, slug.count / 4)
        return candidates
            .map { ($0, editDistance(slug, $0, limit: limit)) }
            .filter { $0.1 <= limit }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

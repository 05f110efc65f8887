/// The render step, one path for a build and for the preview server's rebuilds: given pages
/// planned once (`SiteBuilder.jobs`), it makes what they read that is shared between pages
/// (the papers' summaries, and the list items of the papers they list: each rendered once per
/// paper, see `PageContexts.listItemJobs`), then renders the pages in batches, each handed
/// over as soon as it is rendered, so that it is written (a build) or served (the preview
/// server) while the next one renders.
///
///     var batches = try await RenderStep(renderer: renderer, contexts: contexts).prepare(jobs, steps: &steps)
///     while let (files, jobs) = try await batches.next() { … }
///     try batches.finish()
struct RenderStep {
    let renderer: PageRenderer
    let contexts: PageContexts

    /// Pages in batches of this many: at most three batches of pages are held at once (two
    /// rendering, one being written).
    static let batchSize = 500

    /// Makes the summaries and list items `jobs` show, and those of `alsoListing` (the papers
    /// of the reading list's item file), then returns the jobs' batches.
    func prepare(_ jobs: [PageJob], alsoListing: [Paper] = [], steps: inout StepTimes) async throws -> Batches {
        if !jobs.isEmpty || !alsoListing.isEmpty {
            // Made for all papers at once when many pages list them, else as each page needs them.
            if jobs.count > 100 { await steps.time("summaries") { await contexts.prepareSummaries() } }
            try await steps.time("render list items") { try await renderListItems(Self.listedPapers(jobs, contexts) + alsoListing) }
        }
        return Batches(renderer: renderer, jobs: jobs)
    }

    /// The pages, rendered a batch at a time, the next batch begun before the one handed
    /// over is done: while the last pages of a batch render on one core, the other renders
    /// the next batch's first (with one batch at a time, a core waited at the end of every
    /// batch, a tenth of the render step at 10,000 papers). A batch with problems (a name a
    /// layout uses that the page lacks) ends the handing over, not the rendering, so that
    /// `finish` reports every problem in one run, once per place.
    struct Batches {
        let renderer: PageRenderer
        let jobs: [PageJob]
        private var start = 0
        private var rendering: [(jobs: ArraySlice<PageJob>, files: Task<[OutputFile], Error>)] = []
        private var problems: [Diagnostic] = []
        private var places: Set<SourceLocation> = []

        /// Batches being rendered at once: each holds its pages until it is handed over.
        static let inFlight = 2

        init(renderer: PageRenderer, jobs: [PageJob]) {
            self.renderer = renderer
            self.jobs = jobs
        }

        /// The next batch's files and jobs; nil when every page is rendered, or once one had
        /// problems.
        mutating func next() async throws -> (files: [OutputFile], jobs: ArraySlice<PageJob>)? {
            while true {
                while rendering.count < Self.inFlight && start < jobs.count {
                    let batch = jobs[start..<min(start + RenderStep.batchSize, jobs.count)]
                    start = batch.endIndex
                    rendering.append((batch, Task { [renderer] in try await renderer.render(Array(batch)) }))
                }
                guard !rendering.isEmpty else { return nil }
                let (batch, task) = rendering.removeFirst()
                do {
                    let files = try await task.value
                    if problems.isEmpty { return (files, batch) }
                } catch let failure as BuildFailure {
                    problems += failure.diagnostics.filter { places.insert($0.location).inserted }
                }
            }
        }

        /// Throws the problems of every batch.
        func finish() throws {
            if !problems.isEmpty { throw BuildFailure(problems) }
        }
    }

    /// The list items of these papers that are not rendered yet.
    private func renderListItems(_ papers: [Paper]) async throws {
        var seen = Set<String>()
        let missing = papers.filter { !contexts.hasListItems($0) && seen.insert($0.slug).inserted }
        guard !missing.isEmpty else { return }
        contexts.addListItems(missing, try await renderer.renderText(contexts.listItemJobs(missing)))
    }

    /// The papers whose list items these pages show: every paper when a list page (one that
    /// shows no file of its own) is among them, else the neighbours and related papers the
    /// paper pages show.
    static func listedPapers(_ jobs: [PageJob], _ contexts: PageContexts) -> [Paper] {
        if jobs.contains(where: { $0.source == nil }) { return contexts.graph.papers }
        return listedPapers(showing: jobs.compactMap { $0.paper.flatMap(contexts.graph.paper) }, contexts)
    }

    /// The papers whose list items these papers' pages show: their neighbours and related papers.
    static func listedPapers(showing papers: [Paper], _ contexts: PageContexts) -> [Paper] {
        var slugs: Set<String> = []
        for paper in papers {
            for other in contexts.adjacentPapers(of: paper) { slugs.insert(other.slug) }
            for reference in paper.related { slugs.insert(reference.slug) }
        }
        // In the list's order, by place: not a copy of every paper to test its slug.
        return contexts.graph.papers.indices.filter { slugs.contains(contexts.graph.papers[$0].slug) }.map { contexts.graph.papers[$0] }
    }
}

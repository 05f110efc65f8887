import Foundation
import Synchronization

/// The preview server's engine: the site built once on disk, then kept up to date in memory.
///
/// Like `zola serve`, it keeps what a build works out (the model, the Markdown, each page's
/// fingerprint) between edits. An edit that leaves every file's summary as it was (a paper's
/// notes or abstract, a note's answer, a review's text: see `Fingerprints`) takes the quick
/// path: only the edited files are read, and only the pages showing them are rendered. Any
/// other change re-reads the files the watcher named and re-renders the pages whose
/// fingerprints changed, the edited files' own pages first. The search index follows in the
/// background, after the pages are served. The folder built at start is never written again:
/// pages rendered since are served from memory.
///
/// A rebuild that fails keeps the last good site served, with its problems beside it.
public actor LiveSite {
    public nonisolated let builder: SiteBuilder
    private let served = Mutex(ServedSite())
    /// What the last good build or rebuild worked out; nil until one succeeds.
    private var state: State?
    /// Changes not yet built into `state`: kept through failed rebuilds.
    private var unsettled = ChangedFiles()
    private var running = false
    private var listeners: [Int: AsyncStream<SiteChange>.Continuation] = [:]
    private var nextListener = 0
    /// The search index: kept apart from `state`, since it is finished in the background
    /// while a rebuild may hold a copy of `state`.
    private var search = SearchState()
    /// The folder built at start, and the hash of each file's bytes as that build wrote it: a
    /// page rendered again to the same bytes is served from there, not held in memory (after
    /// a retitling, most of the 36,000 pages at 10,000 papers).
    private var disk = DiskSite()

    struct DiskSite: Sendable {
        var folder = ""
        var hashes: [String: UInt64] = [:]
    }

    struct State: Sendable {
        var prepared: PreparedSite
        /// Every loaded file's model, by path.
        var documents: [String: LoadedDocument]
        /// What each page of the site was made from (see `Fingerprints`), by path in the site.
        var fingerprints: [String: UInt64]
        /// The files copied into the site unchanged, by their path in the sources.
        var copySources: Set<String>
    }

    struct SearchState: Sendable {
        var memo = SearchMemo()
        /// The index's files in the site, and the fingerprint of what they were made from.
        var files: Set<String> = []
        var fingerprint: UInt64?
        /// Counts the indexes started, so that an index made from an older site is dropped.
        var generation = 0
        var task: Task<Void, Never>?
    }

    /// How long the search index waits for a pause in the edits before it starts: an index
    /// started while the writer is still saving is thrown away, and takes the cores the next
    /// save's pages need (at 10,000 papers it takes a second of both).
    private let searchDelay: Duration

    public init(builder: SiteBuilder, searchDelay: Duration = .milliseconds(750)) {
        self.builder = builder
        self.searchDelay = searchDelay
    }

    /// The site as it is now, for one request.
    public nonisolated var site: ServedSite { served.withLock { $0 } }

    /// Every change from now on, as it is published, until `stopListening(id)`.
    public func changes() -> (id: Int, changes: AsyncStream<SiteChange>) {
        let (stream, continuation) = AsyncStream<SiteChange>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = nextListener
        nextListener += 1
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.stopListening(id) } }
        return (id, stream)
    }

    public func stopListening(_ id: Int) {
        listeners.removeValue(forKey: id)?.finish()
    }

    /// Returns once the search index of the last rebuild is served.
    public func searchIndexed() async {
        while let task = search.task {
            await task.value
            if search.task == task { search.task = nil }
        }
    }

    /// Builds the site on disk (incrementally, from the cache) and serves it.
    @discardableResult
    public func start() async -> RebuildReport {
        await rebuild(ChangedFiles(everything: true))
    }

    /// Rebuilds after these files changed. Changes that arrive while a rebuild runs are built
    /// by that rebuild's caller, in a further round, so rebuilds never overlap.
    @discardableResult
    public func rebuild(_ changes: ChangedFiles) async -> RebuildReport {
        unsettled.formUnion(changes)
        if running { return RebuildReport() }
        running = true
        defer { running = false }
        var report = RebuildReport()
        while !unsettled.isEmpty {
            let round = unsettled
            if state == nil {
                report = await buildOnDisk()
            } else if let quick = await rebuildQuickly(round) {
                report = quick
            } else {
                report = await rebuildInMemory(round)
            }
            if report.problems.isEmpty {
                // Only what arrived during the round is left to build.
                unsettled.paths.subtract(round.paths)
                if round.everything { unsettled.everything = false }
            } else if unsettled == round {
                // Kept for when the problem is fixed; the watcher will say when.
                break
            }
        }
        return report
    }

    // MARK: The site on disk

    /// The first build, and any build while there is no good site yet: a normal build into the
    /// server's folder, whose record then tells what every page was made from.
    private func buildOnDisk() async -> RebuildReport {
        let clock = ContinuousClock(), start = clock.now
        var report = RebuildReport()
        report.builtOnDisk = true
        do {
            let built = try await builder.build()
            report.pagesRendered = built.pagesRendered
            report.steps = built.steps
            let output = try OutputFolder(builder.outputFolder, content: builder.contentFolder, layouts: builder.layoutsFolder, force: true)
            let cacheFolder = BuildCache.folder(for: output)
            var cache = BuildCache.loadRecord(from: cacheFolder)
            await cache.readSources(cacheFolder)
            var steps = StepTimes()
            let prepared = try await builder.prepare(SiteBuilder.Reuse(sources: cache.sources, markdown: cache.markdown), &steps)
            report.steps += steps.steps
            var files: [String: ServedFile] = [:]
            for path in cache.outputs.keys { files[path] = .disk(joinPath(output.path, path)) }
            disk = DiskSite(folder: output.path, hashes: cache.outputs.mapValues(\.contentHash))
            let copied = try copies(prepared, pages: Set(files.keys))
            for (destination, source) in copied { files[destination] = .disk(source) }
            state = State(prepared: prepared, documents: prepared.content.documents, fingerprints: cache.outputs.mapValues(\.fingerprint),
                          copySources: Set(copied.map(\.source)))
            let searchPage = prepared.urls.outputFile(for: prepared.urls.search)
            search.files = Set(files.keys.filter { $0.hasPrefix(SearchIndex.folder) && $0 != searchPage })
            search.fingerprint = prepared.fingerprints.search
            search.memo = BuildCache.readSearchMemo(from: cacheFolder) ?? SearchMemo()
            search.generation += 1
            report.pathsChanged = publish(problems: []) { site in
                let paths = Set(files.keys).union(site.files.keys)
                site.files = files
                site.basePath = prepared.urls.base
                return paths
            }.count
        } catch {
            report.problems = Self.problems(error, output: builder.outputFolder)
            publish(problems: report.problems) { _ in [] }
        }
        report.seconds = (clock.now - start).seconds
        report.firstPagesSeconds = report.seconds
        return report
    }

    // MARK: Edits that leave every summary as it was

    /// Edits to existing files that change only what their own pages show: those files are
    /// read, their Markdown rendered and their pages rendered, nothing else. Nil when the
    /// change is of another kind (a new, removed or broken file, a title, a layout), which
    /// the full path takes.
    private func rebuildQuickly(_ changes: ChangedFiles) async -> RebuildReport? {
        guard var state else { return nil }
        let clock = ContinuousClock(), start = clock.now
        var steps = StepTimes()
        let (current, builder) = (state, builder)
        guard let edits = await steps.time("load edited files", { Self.edits(changes, current, builder, keepingSummaries: true) }) else { return nil }
        let prepared = state.prepared
        let renderer = MarkdownRenderer(allowRawHTML: prepared.graph.config.allowRawHTML, basePath: prepared.urls.base)
        guard let graph = prepared.graph.replacing(edits.map(\.new)),
              let html = await steps.time("markdown", { prepared.html.updating(edits.map { ($0.old, $0.new) }, renderer: renderer) })
        else { return nil }
        let fingerprints = await steps.time("fingerprints") {
            prepared.fingerprints.updating(Dictionary(edits.map { ($0.path, $0.source.hash) }, uniquingKeysWith: { $1 }))
        }
        var contexts = prepared.contexts.replacing(graph: graph, html: html)
        let documents = edits.map(\.new)
        let toRender = await steps.time("plan pages") {
            SiteBuilder.jobs(contexts, fingerprints, showing: documents).filter { state.fingerprints[$0.file] != $0.fingerprint }
        }
        let pages = PageRenderer(layouts: prepared.layouts)
        let files: [OutputFile]
        do {
            // The papers whose pages are rendered: the edited ones and those of edited reviews.
            let shown = documents.compactMap { document -> Paper? in
                switch document {
                case .paper(let paper): graph.paper(paper.slug)
                case .review(let review): graph.paper(review.paper.slug)
                default: nil
                }
            }
            let listed = SiteBuilder.listedPapers(showing: shown, contexts)
            let items = try await steps.time("render list items") { try await pages.renderText(contexts.listItemJobs(listed)) }
            contexts.addListItems(listed, items)
            let paths = Set(toRender.map(\.file))
            let jobs = SiteBuilder.jobs(contexts, fingerprints, showing: documents).filter { paths.contains($0.file) }
            files = try await steps.time("render") { try await pages.render(jobs) }
        } catch {
            return nil
        }
        var report = RebuildReport()
        report.pagesRendered = files.count
        report.pathsChanged = publish(problems: []) { Self.put(files, into: &$0, disk: disk) }.count
        report.firstPagesSeconds = (clock.now - start).seconds

        var content = prepared.content
        for edit in edits { content.replace(edit.new, source: edit.source) }
        state.prepared = PreparedSite(content: content, layouts: prepared.layouts, graph: graph, html: html, fingerprints: fingerprints,
                                      contexts: contexts, urls: prepared.urls, settings: prepared.settings)
        for edit in edits { state.documents[edit.path] = edit.new }
        for file in files { state.fingerprints[file.path] = file.fingerprint }
        self.state = state
        report.searchRebuilt = indexInBackground(state.prepared)
        report.steps = steps.steps
        report.seconds = (clock.now - start).seconds
        return report
    }

    /// One edited file, loaded.
    private struct Edit: Sendable {
        var path: String
        var old: LoadedDocument
        var new: LoadedDocument
        var source: BuildCache.Source
    }

    /// The edited files, read and checked, when every one of them is a file of the site that
    /// loads without a problem (and, if asked, keeps its summary); else nil.
    private static func edits(_ changes: ChangedFiles, _ state: State, _ builder: SiteBuilder, keepingSummaries: Bool) -> [Edit]? {
        guard !changes.everything else { return nil }
        let loader = ContentLoader(folder: builder.contentFolder, fileSystem: builder.fileSystem)
        var edits: [Edit] = []
        for path in changes.paths.sorted() {
            guard let old = state.documents[path] else {
                // A file that came and went between two looks (an editor's test file) changes nothing.
                if builder.fileSystem.exists(path) || state.copySources.contains(path) || Self.isInside(path, folder: builder.layoutsFolder) { return nil }
                continue
            }
            guard let loaded = loader.loadOne(path), loaded.problems.isEmpty, let new = loaded.document, let source = loaded.source,
                  !keepingSummaries || Fingerprints.summary(of: old) == Fingerprints.summary(of: new) else { return nil }
            edits.append(Edit(path: path, old: old, new: new, source: source))
        }
        return edits
    }

    // MARK: Any other change

    private func rebuildInMemory(_ changes: ChangedFiles) async -> RebuildReport {
        guard var state else { return RebuildReport() }
        let clock = ContinuousClock(), start = clock.now
        var report = RebuildReport()
        var steps = StepTimes()
        do {
            var reuse = SiteBuilder.Reuse(sources: state.prepared.content.sources, markdown: state.prepared.html.memo,
                                          fingerprints: state.prepared.fingerprints)
            if !changes.everything {
                reuse.unchanged = state.documents
                for path in changes.paths { reuse.unchanged[path] = nil }
                if !changes.paths.contains(where: { Self.isInside($0, folder: builder.layoutsFolder) }) { reuse.layouts = state.prepared.layouts }
            }
            let prepared: PreparedSite
            if let edited = try await Self.prepared(after: changes, state, builder, &steps) {
                prepared = edited
            } else {
                prepared = try await builder.prepare(reuse, &steps)
            }
            var contexts = prepared.contexts
            let fingerprints = prepared.fingerprints
            let renderer = PageRenderer(layouts: prepared.layouts)

            // The edited files' own pages first, before the rest of the site is even planned.
            let (edited, firstJobs) = await steps.time("plan edited pages") { [state, contexts] in
                let edited = Self.documents(at: changes.paths, in: prepared.graph)
                return (edited, SiteBuilder.jobs(contexts, fingerprints, showing: edited).filter { state.fingerprints[$0.file] != $0.fingerprint })
            }
            // Then the pages of their neighbours, which list them.
            var neighbourPapers: [Paper] = []
            if !firstJobs.isEmpty {
                let listed = await steps.time("their neighbours") { [contexts] in SiteBuilder.listedPapers(showing: Self.papers(in: edited, prepared.graph), contexts) }
                neighbourPapers = listed
                let items = try await steps.time("their list items") { [contexts] in try await renderer.renderText(contexts.listItemJobs(listed)) }
                contexts.addListItems(listed, items)
                let paths = Set(firstJobs.map(\.file))
                let jobs = SiteBuilder.jobs(contexts, fingerprints, showing: edited).filter { paths.contains($0.file) }
                let files = try await steps.time("render edited pages") { try await renderer.render(jobs) }
                report.pathsChanged += publish(problems: []) { Self.put(files, into: &$0, disk: disk) }.count
                for file in files { state.fingerprints[file.path] = file.fingerprint }
                report.pagesRendered += files.count
                report.firstPagesSeconds = (clock.now - start).seconds
            }

            let all = await steps.time("plan pages") { SiteBuilder.jobs(contexts, fingerprints) }
            let toRender = all.filter { $0.fingerprint == nil || state.fingerprints[$0.file] != $0.fingerprint }
            let first = Self.pagesShowing(changes.paths, prepared).union(neighbourPapers.map { prepared.urls.outputFile(for: prepared.urls.paper($0.slug)) })

            // What the site holds now: a page no longer made, or a copied file no longer
            // there, is gone at once (and answers 404).
            let itemsFile = contexts.readingListPages(.newest).count > 1 ? ListPages.itemsFile : nil
            var kept = Set(all.map(\.file))
            if let itemsFile { kept.insert(itemsFile) }
            let copied = try copies(prepared, pages: kept)
            let copiedPaths = Set(copied.map(\.destination))
            let removed = Set(site.files.keys.filter { !kept.contains($0) && !copiedPaths.contains($0) && !search.files.contains($0) })
            let changedCopies = Set(copied.filter { changes.everything || changes.paths.contains($0.source) || site.files[$0.destination] != .disk($0.source) }
                .map(\.destination))
            // The first batch published takes the removals and the copied files with it.
            var siteChange = (removed: removed, copied: copied, changedCopies: changedCopies)
            func published(_ files: [OutputFile]) {
                for file in files { state.fingerprints[file.path] = file.fingerprint }
                report.pagesRendered += files.count
                if firstJobs.isEmpty && report.firstPagesSeconds == 0 { report.firstPagesSeconds = (clock.now - start).seconds }
            }
            // The edited files' pages and their neighbours', with the list items they show.
            let priority = toRender.filter { first.contains($0.file) }
            let byFile = Dictionary((neighbourPapers + Self.papers(in: edited, prepared.graph)).map {
                (prepared.urls.outputFile(for: prepared.urls.paper($0.slug)), $0)
            }, uniquingKeysWith: { first, _ in first })
            let near = SiteBuilder.listedPapers(showing: priority.compactMap { byFile[$0.file] }, contexts)
            contexts.addListItems(near, try await renderer.renderText(contexts.listItemJobs(near)))
            let priorityFiles = try await steps.time("render") { try await renderer.render(SiteBuilder.jobs(contexts, fingerprints, only: Set(priority.map(\.file)))) }
            report.pathsChanged += publishPages(priorityFiles, siteChange).count
            siteChange = ([], [], [])
            published(priorityFiles)

            // Then the rest in batches, with every summary and the list items they show, and
            // the reading list's items when it has several pages.
            let rest = toRender.filter { !first.contains($0.file) }
            let itemsStale = itemsFile.map { state.fingerprints[$0] != fingerprints.site } ?? false
            let listed = itemsStale ? prepared.graph.papers : SiteBuilder.listedPapers(rest, contexts)
            if rest.count > 100 { await steps.time("summaries") { contexts.prepareSummaries() } }
            let items = try await steps.time("render list items") { try await renderer.renderText(contexts.listItemJobs(listed)) }
            contexts.addListItems(listed, items)
            let jobs = SiteBuilder.jobs(contexts, fingerprints, only: Set(rest.map(\.file)))
            for start in stride(from: 0, to: jobs.count, by: SiteBuilder.renderBatch) {
                let batch = Array(jobs[start..<min(start + SiteBuilder.renderBatch, jobs.count)])
                let files = try await steps.time("render") { try await renderer.render(batch) }
                report.pathsChanged += publishPages(files, ([], [], [])).count
                published(files)
            }
            for path in removed { state.fingerprints[path] = nil }
            report.pathsRemoved = removed.count

            if let itemsFile, itemsStale {
                let bytes = try contexts.readingListItems()
                report.pathsChanged += publish(problems: []) { Self.put([OutputFile(path: itemsFile, contents: bytes)], into: &$0, disk: disk) }.count
                state.fingerprints[itemsFile] = fingerprints.site
            }
            state.prepared = prepared
            state.prepared.contexts = contexts
            state.documents = prepared.content.documents
            state.copySources = Set(copied.map(\.source))
            self.state = state
            publish(problems: []) { _ in [] }
            report.searchRebuilt = indexInBackground(prepared)
        } catch {
            report.problems = Self.problems(error, output: builder.outputFolder)
            publish(problems: report.problems) { _ in [] }
        }
        report.steps = steps.steps
        report.seconds = (clock.now - start).seconds
        return report
    }

    /// After edits to files the site already has (none added or removed, no layout and no
    /// site.yaml touched), the site made from the edited files and the models of the others
    /// kept in memory: the folder is not listed again, nor is every Markdown text looked up.
    /// Nil for any other change.
    private static func prepared(after changes: ChangedFiles, _ state: State, _ builder: SiteBuilder,
                                 _ steps: inout StepTimes) async throws -> PreparedSite? {
        guard let edits = await steps.time("load edited files", { Self.edits(changes, state, builder, keepingSummaries: false) }),
              !edits.isEmpty else { return nil }
        let old = state.prepared
        let renderer = MarkdownRenderer(allowRawHTML: old.graph.config.allowRawHTML, basePath: old.urls.base)
        guard let html = await steps.time("markdown", { old.html.updating(edits.map { ($0.old, $0.new) }, renderer: renderer) }) else { return nil }
        var content = old.content
        for edit in edits { content.replace(edit.new, source: edit.source) }
        var log = DiagnosticLog()
        let graph = await steps.time("model") { SiteGraph(content, log: &log) }
        try log.throwIfAny()
        let fingerprints = await steps.time("fingerprints") {
            Fingerprints(graph: graph, sources: content.sources, settings: old.settings, layouts: old.layouts, hasMath: html.hasMath,
                         previous: old.fingerprints)
        }
        let contexts = await steps.time("contexts") { PageContexts(graph: graph, html: html, urls: old.urls) }
        return PreparedSite(content: content, layouts: old.layouts, graph: graph, html: html, fingerprints: fingerprints,
                            contexts: contexts, urls: old.urls, settings: old.settings)
    }

    /// The papers whose pages show these files: the papers themselves, and reviews' papers.
    static func papers(in documents: [LoadedDocument], _ graph: SiteGraph) -> [Paper] {
        documents.compactMap { document in
            switch document {
            case .paper(let paper): paper
            case .review(let review): graph.paper(review.paper.slug)
            default: nil
            }
        }
    }

    /// The models of the files at these paths (`<content>/papers/<slug>.md`…), found by slug.
    static func documents(at paths: Set<String>, in graph: SiteGraph) -> [LoadedDocument] {
        paths.sorted().compactMap { path -> LoadedDocument? in
            let parts = path.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 1].hasSuffix(".md") else { return nil }
            let slug = String(parts[parts.count - 1].dropLast(3))
            let document: LoadedDocument?
            switch ContentKind(rawValue: String(parts[parts.count - 2])) {
            case .paper: document = graph.paper(slug).map { .paper($0) }
            case .note: document = graph.notes.first { $0.slug == slug }.map { .note($0) }
            case .review: document = graph.reviews.first { $0.slug == slug }.map { .review($0) }
            case .page: document = graph.pages.first { $0.slug == slug }.map { .page($0) }
            case nil: document = nil
            }
            // The same slug in another content folder is not this file.
            guard let document, document.source.path == path else { return nil }
            return document
        }
    }

    /// The pages that show an edited file in full: a paper's page (also for its reviews), a
    /// note's, a review's, a page's.
    static func pagesShowing(_ paths: Set<String>, _ prepared: PreparedSite) -> Set<String> {
        let urls = prepared.urls, graph = prepared.graph
        var pages = Set<String>()
        for paper in graph.papers where paths.contains(paper.source.path) { pages.insert(urls.outputFile(for: urls.paper(paper.slug))) }
        for note in graph.notes where paths.contains(note.source.path) { pages.insert(urls.outputFile(for: urls.note(note.slug))) }
        for review in graph.reviews where paths.contains(review.source.path) {
            pages.insert(urls.outputFile(for: urls.review(review.slug)))
            pages.insert(urls.outputFile(for: urls.paper(review.paper.slug)))
        }
        for page in graph.pages where paths.contains(page.source.path) { pages.insert(urls.outputFile(for: urls.page(page.slug))) }
        return pages
    }

    private func copies(_ prepared: PreparedSite, pages: Set<String>) throws -> [(destination: String, source: String)] {
        try builder.copySources(graph: prepared.graph, layouts: prepared.layouts, pages: pages, math: prepared.html.hasMath)
    }

    private static func isInside(_ path: String, folder: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    // MARK: The search index, in the background

    /// Starts indexing the site when its text changed; true when it did. An index still being
    /// made from an older site is left to finish and dropped.
    private func indexInBackground(_ prepared: PreparedSite) -> Bool {
        let fingerprint = prepared.fingerprints.search
        guard fingerprint != search.fingerprint else { return false }
        search.fingerprint = fingerprint
        search.generation += 1
        let generation = search.generation, memo = search.memo, delay = searchDelay
        search.task = Task.detached(priority: .utility) { [weak self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            guard await self?.isCurrentIndex(generation) == true else { return }
            let index = await SearchIndex(SearchDocuments(prepared.graph, html: prepared.html, urls: prepared.urls), previous: memo)
            guard let files = try? await index.files() else { return }
            await self?.finishIndexing(generation, files, memo: index.memo)
        }
        return true
    }

    private func isCurrentIndex(_ generation: Int) -> Bool { generation == search.generation }

    private func finishIndexing(_ generation: Int, _ files: [OutputFile], memo: SearchMemo) {
        guard generation == search.generation else { return }
        let paths = Set(files.map(\.path))
        let removed = search.files.subtracting(paths)
        publish(problems: site.problems) { site in
            for path in removed { site.files[path] = nil }
            return Self.put(files, into: &site, disk: disk).union(removed)
        }
        search.files = paths
        search.memo = memo
    }

    // MARK: Publishing

    /// Publishes rendered pages, with the pages removed and the copied files of the rebuild
    /// when they are given; returns the paths changed.
    private func publishPages(_ files: [OutputFile],
                              _ change: (removed: Set<String>, copied: [(destination: String, source: String)], changedCopies: Set<String>)) -> Set<String> {
        publish(problems: []) { site in
            var paths = Self.put(files, into: &site, disk: disk)
            for path in change.removed { site.files[path] = nil }
            for copy in change.copied { site.files[copy.destination] = .disk(copy.source) }
            paths.formUnion(change.removed)
            paths.formUnion(change.changedCopies)
            return paths
        }
    }

    /// Puts rendered files into the site; returns the paths whose bytes changed.
    private static func put(_ files: [OutputFile], into site: inout ServedSite, disk: DiskSite) -> Set<String> {
        var paths = Set<String>()
        for file in files {
            let bytes = file.contents ?? []
            let hash = StableHash.of(bytes)
            if disk.hashes[file.path] == hash {
                let built = ServedFile.disk(joinPath(disk.folder, file.path))
                if site.files[file.path] != built {
                    site.files[file.path] = built
                    paths.insert(file.path)
                }
                continue
            }
            if case .memory(_, hash)? = site.files[file.path] { continue }
            site.files[file.path] = .memory(bytes, hash: hash)
            paths.insert(file.path)
        }
        return paths
    }

    /// Swaps in the changed site and tells every listener, when anything a page shows changed:
    /// a file's bytes, or the problems shown over every page.
    @discardableResult
    private func publish(problems: [Diagnostic], _ change: (inout ServedSite) -> Set<String>) -> Set<String> {
        let (changed, update) = served.withLock { site -> (Set<String>, SiteChange?) in
            let changed = change(&site)
            guard !changed.isEmpty || site.problems != problems else { return (changed, nil) }
            site.version += 1
            if site.problems != problems { site.problemsChangedAt = site.version }
            site.problems = problems
            for path in changed { site.changedAt[path] = site.version }
            return (changed, SiteChange(version: site.version, paths: changed, problems: problems))
        }
        if let update {
            for listener in listeners.values { listener.yield(update) }
        }
        return changed
    }

    private static func problems(_ error: any Error, output: String) -> [Diagnostic] {
        if let failure = error as? BuildFailure { return failure.diagnostics }
        return [Diagnostic(SourceLocation(path: output), "cannot be built: \(SystemError.describe(error))")]
    }
}

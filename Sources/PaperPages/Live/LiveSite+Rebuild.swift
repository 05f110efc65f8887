import Foundation

/// Any other change: the model made again (from the edited files when it can), the pages whose
/// fingerprints changed rendered, the edited ones first.
extension LiveSite {
    func rebuildInMemory(_ changes: ChangedFiles) async -> RebuildReport {
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
                let layoutFolders = builder.layoutFolders
                if !changes.paths.contains(where: { path in layoutFolders.contains(where: { Self.isInside(path, folder: $0) }) }) { reuse.layouts = state.prepared.layouts }
            }
            let prepared: PreparedSite
            if let edited = try await Self.prepared(after: changes, state, builder, &steps) {
                prepared = edited
            } else {
                prepared = try await builder.prepare(reuse, &steps)
            }
            let contexts = prepared.contexts
            let fingerprints = prepared.fingerprints
            let renderer = PageRenderer(layouts: prepared.layouts)

            // The edited files' own pages first, before the rest of the site is even planned.
            let edited = Self.documents(at: changes.paths, in: prepared.graph)
            let (editedFiles, editedPages, neighbourPapers) = try await Self.renderPages(
                showing: edited, prepared.graph, contexts, fingerprints, served: state.fingerprints, renderer, &steps)
            if !editedFiles.isEmpty {
                report.pathsChanged += publish(problems: []) { Self.put(editedFiles, into: &$0, disk: disk) }.count
                for file in editedFiles { state.fingerprints[file.path] = file.fingerprint }
                report.pagesRendered += editedFiles.count
                report.firstPagesSeconds = (clock.now - start).seconds
            }

            let all = await steps.time("plan pages") { SiteBuilder.jobs(contexts, fingerprints) }
            let toRender = all.filter { $0.fingerprint == nil || state.fingerprints[$0.file] != $0.fingerprint }
            // Then the pages of their neighbours, which list them.
            let first = editedPages.union(neighbourPapers.map { prepared.urls.outputFile(for: prepared.urls.paper($0.slug)) })

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
            let siteChange = (removed: removed, copied: copied, changedCopies: changedCopies)
            func published(_ files: [OutputFile]) {
                for file in files { state.fingerprints[file.path] = file.fingerprint }
                report.pagesRendered += files.count
                if editedFiles.isEmpty && report.firstPagesSeconds == 0 { report.firstPagesSeconds = (clock.now - start).seconds }
            }
            // The edited files' pages and their neighbours', with the list items they show; the
            // first batch published takes the site's removals and copies with it.
            let step = RenderStep(renderer: renderer, contexts: contexts)
            var batches = try await step.prepare(toRender.filter { first.contains($0.file) }, steps: &steps)
            var siteChangePublished = false
            while let (files, _) = try await batches.next() {
                report.pathsChanged += publishPages(files, siteChangePublished ? ([], [], []) : siteChange).count
                siteChangePublished = true
                published(files)
            }
            try batches.finish()
            if !siteChangePublished { report.pathsChanged += publishPages([], siteChange).count }

            // Then the rest in batches, with every summary and the list items they show, and
            // the reading list's items when it has several pages.
            let itemsStale = itemsFile.map { state.fingerprints[$0] != fingerprints.site } ?? false
            batches = try await step.prepare(toRender.filter { !first.contains($0.file) }, alsoListing: itemsStale ? prepared.graph.papers : [],
                                             steps: &steps)
            let began = steps.now
            while let (files, _) = try await batches.next() {
                report.pathsChanged += publishPages(files, ([], [], [])).count
                published(files)
            }
            steps.record("render", since: began)
            try batches.finish()
            for path in removed { state.fingerprints[path] = nil }
            report.pathsRemoved = removed.count

            if let itemsFile, itemsStale {
                let bytes = contexts.readingListItems()
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
    static func prepared(after changes: ChangedFiles, _ state: State, _ builder: SiteBuilder,
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
        var contexts = await steps.time("contexts") { PageContexts(graph: graph, html: html, urls: old.urls, previous: old.contexts) }
        // An edit to a paper file leaves its image as it was: the sizes the full build read.
        contexts.previewSizes = old.contexts.previewSizes
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

    /// The pages that show these files in full (see `SiteBuilder.jobs(showing:)`), and those
    /// whose fingerprints differ from the pages served rendered, with the list items of the
    /// papers they list: what a save shows first. Returns the rendered files, every such
    /// page's path, and the papers listed.
    static func renderPages(showing documents: [LoadedDocument], _ graph: SiteGraph, _ contexts: PageContexts,
                            _ fingerprints: Fingerprints, served: [String: UInt64], _ renderer: PageRenderer,
                            _ steps: inout StepTimes) async throws -> (files: [OutputFile], pages: Set<String>, listed: [Paper]) {
        let planned = SiteBuilder.jobs(contexts, fingerprints, showing: documents)
        let stale = planned.filter { served[$0.file] != $0.fingerprint }
        let pages = Set(planned.map(\.file))
        guard !stale.isEmpty else { return ([], pages, []) }
        var batches = try await RenderStep(renderer: renderer, contexts: contexts).prepare(stale, steps: &steps)
        var files: [OutputFile] = []
        let began = steps.now
        while let (batch, _) = try await batches.next() { files += batch }
        steps.record("render edited pages", since: began)
        try batches.finish()
        return (files, pages, RenderStep.listedPapers(showing: papers(in: documents, graph), contexts))
    }

    func copies(_ prepared: PreparedSite, pages: Set<String>) throws -> [(destination: String, source: String)] {
        try builder.copySources(graph: prepared.graph, layouts: prepared.layouts, pages: pages, math: prepared.html.hasMath)
    }

    static func isInside(_ path: String, folder: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}

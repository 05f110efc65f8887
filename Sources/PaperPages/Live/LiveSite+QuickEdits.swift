import Foundation

/// Edits that leave every summary as it was: only the edited files read and their pages rendered.
extension LiveSite {
    /// Edits to existing files that change only what their own pages show: those files are
    /// read, their Markdown rendered and their pages rendered, nothing else. Nil when the
    /// change is of another kind (a new, removed or broken file, a title, a layout), which
    /// the full path takes.
    func rebuildQuickly(_ changes: ChangedFiles) async -> RebuildReport? {
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
        let contexts = prepared.contexts.replacing(graph: graph, html: html)
        let files: [OutputFile]
        do {
            files = try await Self.renderPages(showing: edits.map(\.new), graph, contexts, fingerprints, served: state.fingerprints,
                                               PageRenderer(layouts: prepared.layouts), &steps).files
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
    struct Edit: Sendable {
        var path: String
        var old: LoadedDocument
        var new: LoadedDocument
        var source: BuildCache.Source
    }

    /// The edited files, read and checked, when every one of them is a file of the site that
    /// loads without a problem (and, if asked, keeps its summary); else nil.
    static func edits(_ changes: ChangedFiles, _ state: State, _ builder: SiteBuilder, keepingSummaries: Bool) -> [Edit]? {
        guard !changes.everything else { return nil }
        let loader = ContentLoader(folder: builder.contentFolder, fileSystem: builder.fileSystem)
        var edits: [Edit] = []
        let layoutFolders = builder.layoutFolders
        for path in changes.paths.sorted() {
            guard let old = state.documents[path] else {
                // A file that came and went between two looks (an editor's test file) changes nothing.
                if builder.fileSystem.exists(path) || state.copySources.contains(path) || layoutFolders.contains(where: { Self.isInside(path, folder: $0) }) { return nil }
                continue
            }
            guard let loaded = loader.loadOne(path), loaded.problems.isEmpty, let new = loaded.document, let source = loaded.source,
                  !keepingSummaries || Fingerprints.summary(of: old) == Fingerprints.summary(of: new) else { return nil }
            // What the model checks with the whole site and a summary leaves out: the full path reports it.
            if case .paper(let paper) = new {
                var log = DiagnosticLog()
                SiteGraph.checkReactions(of: paper, state.prepared.graph.config, log: &log)
                guard log.diagnostics.isEmpty else { return nil }
            }
            edits.append(Edit(path: path, old: old, new: new, source: source))
        }
        return edits
    }
}

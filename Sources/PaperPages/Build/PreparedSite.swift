import Foundation

/// The site loaded, checked and modelled, with its Markdown rendered: everything pages are
/// rendered from. Made the same way by a build (`SiteBuilder`) and by the preview server
/// (`LiveSite`), which keeps it between edits.
struct PreparedSite: Sendable {
    var content: SiteContent
    var layouts: LayoutSet
    var graph: SiteGraph
    var html: RenderedMarkdown
    var fingerprints: Fingerprints
    var contexts: PageContexts
    var urls: SiteURLs
    /// The settings every page is made with (site.yaml's text, the base URL), for fingerprints.
    var settings: UInt64
    /// `Reuse.besideMarkdown`'s work, started once the model was made.
    var besideMarkdown: Task<(files: [OutputFile], made: Int), Never>?
}

extension SiteBuilder {
    /// What the last build or edit left, which `prepare` takes instead of doing it again.
    struct Reuse: Sendable {
        /// Models by path, taken when a file's bytes hash the same (see `ContentLoader.cached`).
        var sources: [String: BuildCache.Source] = [:]
        /// Models known to match their files (a watcher saw no change), taken without reading.
        var unchanged: [String: LoadedDocument] = [:]
        /// The layouts, when none of their files changed.
        var layouts: LayoutSet?
        /// Markdown HTML by `MarkdownMemo.key`.
        var markdown: [UInt64: String] = [:]
        /// The last fingerprints, whose files' summaries are not hashed again.
        var fingerprints: Fingerprints?
        /// Files made from the model alone (the build's citations, feeds and sitemap), made
        /// while the Markdown is rendered: cmark parses one file at a time, and this takes the
        /// other cores (1 s of a 10,000-paper build's 19 s, before).
        var besideMarkdown: (@Sendable (SiteGraph, SiteURLs) async -> (files: [OutputFile], made: Int))?
        /// Work out every paper's adjacent papers (`PageContexts.workOutAdjacency`) beside the
        /// Markdown too: a build plans every page, whose fingerprints read them all; the
        /// preview server renders an edited page first, which needs only its own.
        var adjacencyBesideMarkdown = false
    }

    /// Loads content and layouts and resolves the graph, collecting problems from all three so
    /// one run reports everything; throws them before any Markdown is rendered.
    func prepare(_ reuse: Reuse, _ steps: inout StepTimes) async throws -> PreparedSite {
        var log = DiagnosticLog()
        var (content, contentProblems) = try await steps.time("load content") {
            var loader = ContentLoader(folder: contentFolder, fileSystem: fileSystem)
            loader.cached = reuse.sources
            loader.unchanged = reuse.unchanged
            return try await loader.loadCollectingProblems()
        }
        log.append(contentsOf: contentProblems)
        let layouts = await steps.time("load layouts") { () -> LayoutSet? in
            if let layouts = reuse.layouts { return layouts }
            do { return try LayoutSet(folders: layoutFolders, fileSystem: fileSystem) } catch let failure as BuildFailure {
                log.append(contentsOf: failure.diagnostics)
            } catch {
                log.error(SourceLocation(path: layoutsFolder), "cannot be read: \(SystemError.describe(error))")
            }
            return nil
        }
        if let baseURL {
            if let base = SiteConfig.normalizedBaseURL(baseURL) {
                content.config.baseURL = base
            } else {
                log.error(SourceLocation(path: "--base-url"), "must be \(SiteConfig.baseURLExpectation), found \(quoted(baseURL))")
            }
        }
        let graph = await steps.time("model") { SiteGraph(content, log: &log) }
        if let layouts { log.append(contentsOf: layouts.missingLayouts(Self.layoutsNeeded(graph))) }
        try log.throwIfAny()
        guard let layouts else { throw BuildFailure(log.diagnostics) }
        let urls = SiteURLs(graph.config)
        let beside = reuse.besideMarkdown.map { work in Task { await work(graph, urls) } }
        let adjacency = AdjacencyMemo()
        let adjacencyWork = reuse.adjacencyBesideMarkdown ? Task { PageContexts.workOutAdjacency(graph, in: adjacency) } : nil
        let html = await steps.time("markdown") {
            let html = await RenderedMarkdown.make(graph, renderer: MarkdownRenderer(allowRawHTML: graph.config.allowRawHTML, basePath: urls.base),
                                                   cached: reuse.markdown)
            await adjacencyWork?.value
            return html
        }
        // Preview images' sizes, for their pages' `<img>`: read from the files each full build,
        // and part of every page's settings, so a replaced image re-renders its page.
        let previewSizes = Self.previewSizes(graph, contentFolder: contentFolder)
        var settings = StableHash()
        settings.combine(content.configHash)
        settings.combine(baseURL)
        for (path, size) in previewSizes.sorted(by: { $0.key < $1.key }) {
            settings.combine(path)
            settings.combine(size.width)
            settings.combine(size.height)
        }
        let fingerprints = await steps.time("fingerprints") {
            Fingerprints(graph: graph, sources: content.sources, settings: settings.value, layouts: layouts, hasMath: html.hasMath,
                         previous: reuse.fingerprints)
        }
        var contexts = await steps.time("contexts") { PageContexts(graph: graph, html: html, urls: urls, adjacency: adjacency) }
        contexts.previewSizes = previewSizes
        return PreparedSite(content: content, layouts: layouts, graph: graph, html: html, fingerprints: fingerprints,
                            contexts: contexts, urls: urls, settings: settings.value, besideMarkdown: beside)
    }

    /// The size of each paper's preview image that is a file of the site.
    static func previewSizes(_ graph: SiteGraph, contentFolder: String) -> [String: ImageSize] {
        var sizes: [String: ImageSize] = [:]
        for paper in graph.papers {
            guard let preview = paper.preview, preview.hasPrefix("/"), sizes[preview] == nil else { continue }
            let relative = preview.dropFirst().split(separator: "/").map(String.init)
            guard !relative.contains(".."), let size = ImageSize.of(file: joinPath(contentFolder, relative.joined(separator: "/"))) else { continue }
            sizes[preview] = size
        }
        return sizes
    }
}

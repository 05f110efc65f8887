import Foundation

/// What a finished build did, for the one-line summary.
public struct BuildReport: Sendable {
    public var pagesWritten: Int
    public var filesCopied: Int
    public var seconds: Double
    /// Time per named step, in order.
    public var steps: [(name: String, seconds: Double)]
}

/// The build as a sequence of named steps: load, model, Markdown, render, publish.
///
/// Everything is loaded and checked before the output folder is touched; any problem found by
/// any step fails the build with every message, and leaves the previous site as it was.
public struct SiteBuilder: Sendable {
    public var contentFolder: String
    public var layoutsFolder: String
    public var outputFolder: String
    /// Overrides `base_url` from site.yaml (for example to preview under a sub-path).
    public var baseURL: String?
    /// Debian's libjs-katex, copied into sites that have `$...$` math (fonts from fonts-katex).
    public var katexFolder: String
    /// Replace an output folder that holds files paperpages did not write.
    public var force: Bool
    public var fileSystem: FileSystem

    public init(content: String = "Content", layouts: String = "Layouts", output: String = "Public",
                baseURL: String? = nil, katex: String = KaTeX.debianFolder, force: Bool = false, fileSystem: FileSystem = .local) {
        self.contentFolder = content
        self.layoutsFolder = layouts
        self.outputFolder = output
        self.baseURL = baseURL
        self.katexFolder = katex
        self.force = force
        self.fileSystem = fileSystem
    }

    public func build() async throws -> BuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        var steps: [(String, Double)] = []
        func step<T>(_ name: String, _ work: () async throws -> T) async rethrows -> T {
            let began = clock.now
            let result = try await work()
            steps.append((name, (clock.now - began).seconds))
            return result
        }

        // The output folder is checked first, and locked for the whole build: a wrong --output
        // is refused before any work, and two builds into one folder never interleave.
        let output = try OutputFolder(outputFolder, content: contentFolder, layouts: layoutsFolder, force: force)
        let lock = try output.lock()
        defer { lock.release() }
        output.removeLeftovers()

        // Load content and layouts, and resolve the graph, collecting problems from all three
        // so one run reports everything; stop before rendering if there are any.
        var log = DiagnosticLog()
        var (content, contentProblems) = try await step("load content") {
            try await ContentLoader(folder: contentFolder, fileSystem: fileSystem).loadCollectingProblems()
        }
        log.append(contentsOf: contentProblems)
        let layouts = await step("load layouts") { () -> LayoutSet? in
            do { return try LayoutSet(folder: layoutsFolder, fileSystem: fileSystem) } catch let failure as BuildFailure {
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
        let graph = await step("model") { SiteGraph(content, log: &log) }
        if let layouts { log.append(contentsOf: layouts.missingLayouts(Self.layoutsNeeded(graph))) }
        try log.throwIfAny()
        guard let layouts else { throw BuildFailure(log.diagnostics) }
        let urls = SiteURLs(graph.config)
        let html = await step("markdown") {
            RenderedMarkdown(graph, renderer: MarkdownRenderer(allowRawHTML: graph.config.allowRawHTML, basePath: urls.base))
        }
        var contexts = PageContexts(graph: graph, html: html, urls: urls)
        let renderer = PageRenderer(layouts: layouts)
        let items = try await step("render list items") { try await renderer.renderText(contexts.listItemJobs()) }
        contexts.addListItems(items)
        let files = try await step("render") { [contexts] in try await renderer.render(Self.jobs(contexts)) }
        // The search index, from the same model and Markdown (search/ in the site).
        let documents = await step("search documents") { await SearchDocument.all(graph, html: html, urls: urls) }
        let index = await step("search postings") { await SearchIndex(documents) }
        let search = try await step("search files") { try await index.files() }
        let site = files + search
        let copies = try await step("plan copies") { () throws -> [Publisher.Copy] in try self.plannedCopies(graph: graph, layouts: layouts, pages: site, math: html.hasMath) }
        try await step("publish") { () throws -> Void in try Publisher(output: output).publish(files: site, copies: copies) }
        return BuildReport(pagesWritten: files.count, filesCopied: copies.count,
                           seconds: (clock.now - start).seconds, steps: steps)
    }

    /// Files copied unchanged: the content folder's other files and the layouts' CSS and JS.
    /// Two sources for one path is an error; a generated page wins over a copied file.
    private func plannedCopies(graph: SiteGraph, layouts: LayoutSet, pages: [OutputFile], math: Bool) throws -> [Publisher.Copy] {
        let generated = Set(pages.map(\.path))
        var byDestination: [String: Publisher.Copy] = [:]
        var log = DiagnosticLog()
        var sources = graph.assets.map { ($0, joinPath(contentFolder, $0)) } + layouts.assets.map { ($0, joinPath(layoutsFolder, $0)) }
        if math {
            sources += try KaTeX(folder: katexFolder, fileSystem: fileSystem).copies().map { ($0.destination, $0.source) }
        }
        for (destination, source) in sources where !generated.contains(destination) {
            if let other = byDestination[destination] {
                log.error(SourceLocation(path: source), "both this file and \(other.source) would be written to \(destination); rename one")
                continue
            }
            byDestination[destination] = Publisher.Copy(source: source, destination: destination)
        }
        try log.throwIfAny()
        return byDestination.values.sorted { $0.destination < $1.destination }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

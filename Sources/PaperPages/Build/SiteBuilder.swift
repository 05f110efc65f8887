import CSystemShims
import Foundation

/// What a finished build did, for the one-line summary.
public struct BuildReport: Sendable {
    /// Every page of the site, rendered anew or kept from the last build.
    public var pagesWritten: Int
    public var filesCopied: Int
    /// Pages rendered by this build; the rest were the same as the last build's.
    public var pagesRendered: Int = 0
    /// Files written anew; the rest of the site's files are the old site's, hard-linked.
    public var filesChanged: Int = 0
    /// Nothing differed: the site in place was left as it was.
    public var unchanged: Bool = false
    /// Citation files, feeds and sitemaps made by this build; 0 when those in place were kept
    /// (see `ScholarlyFiles.fingerprint`).
    public var citationFilesMade: Int = 0
    /// What the user should know of a build that succeeded (a damaged cache ignored).
    public var notes: [String] = []
    public var seconds: Double
    /// Time per named step, in order, and the memory the process held when it ended
    /// (resident set, bytes; 0 where unknown).
    public var steps: [StepTime]
}

/// The build as a sequence of named steps: load, model, Markdown, render, publish.
///
/// Everything is loaded and checked before the output folder is touched; any problem found by
/// any step fails the build with every message, and leaves the previous site as it was.
public struct SiteBuilder: Sendable {
    public var contentFolder: String
    /// The site's own layouts, each overriding the built-in file of its name; need not exist.
    public var layoutsFolder: String
    /// The built-in layouts (`BuiltInFiles.locate`), used for every file the site's own
    /// folder lacks; nil for a site whose layouts are all its own.
    public var themeFolder: String?
    public var outputFolder: String
    /// Overrides `base_url` from site.yaml (for example to preview under a sub-path).
    public var baseURL: String?
    /// Debian's libjs-katex, copied into sites that have `$...$` math (fonts from fonts-katex).
    public var katexFolder: String
    /// Replace an output folder that holds files paperpages did not write.
    public var force: Bool
    /// Read the cache of the last build (see `BuildCache`); a build always writes a new one.
    public var useCache: Bool
    public var fileSystem: FileSystem
    /// The process ends after this build (the `build` command): what the build made is left
    /// for the exit to reclaim, not freed object by object on the way out (a quarter of a
    /// second at 10,000 papers: the model, the HTML, every page's values; the way compilers
    /// skip freeing before they exit). Off for the preview server and the tests.
    public var exitsAfterBuild = false

    public init(content: String = "Content", layouts: String = "Layouts", theme: String? = nil, output: String = "Public",
                baseURL: String? = nil, katex: String = KaTeX.debianFolder, force: Bool = false, useCache: Bool = true,
                fileSystem: FileSystem = .local) {
        self.contentFolder = content
        self.layoutsFolder = layouts
        self.themeFolder = theme
        self.outputFolder = output
        self.baseURL = baseURL
        self.katexFolder = katex
        self.force = force
        self.useCache = useCache
        self.fileSystem = fileSystem
    }

    /// The folders layouts are looked up in, the site's first; the built-in folder once, even
    /// when the site's folder is it (a build inside the paperpages repository).
    public var layoutFolders: [String] {
        guard let themeFolder else { return [layoutsFolder] }
        guard fileSystem.exists(layoutsFolder) else { return [themeFolder] }
        let real = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }
        return real(layoutsFolder) == real(themeFolder) ? [layoutsFolder] : [layoutsFolder, themeFolder]
    }

    /// Set once for the process: a build allocates and frees pages, search chunks and lists of
    /// hundreds of kilobytes, and with glibc's default (a threshold that rises as big blocks are
    /// freed) the heap keeps their memory; at 10,000 papers the peak was 430-480 MiB, with
    /// this 391-414 (eight runs).
    private static let mallocTuned: Void = paperpages_keep_big_allocations_apart()

    public func build() async throws -> BuildReport {
        _ = Self.mallocTuned
        let clock = ContinuousClock()
        let start = clock.now
        var steps = StepTimes()

        // The output folder is checked first, and locked for the whole build: a wrong --output
        // is refused before any work, and two builds into one folder never interleave.
        let output = try OutputFolder(outputFolder, content: contentFolder, layouts: layoutsFolder, force: force)
        try output.refuseIfServedElsewhere()
        let lock = try output.lock()
        defer { lock.release() }
        output.removeLeftovers()
        let cacheFolder = BuildCache.folder(for: output)
        var cache = useCache ? await steps.time("read cache") { BuildCache.loadRecord(from: cacheFolder) } : BuildCache()
        // Taken before any source is read, so an edit made during the build shows next time.
        let taken = !fileSystem.isLocal ? nil : await steps.time("check sources") {
            InputStamp.take(content: contentFolder, layouts: layoutFolders, katex: katexFolder, baseURL: baseURL)
        }
        let stamp = taken?.stamp
        if let stamp, stamp == cache.stamp, output.holdsSite, !cache.outputs.isEmpty,
           cache.outputs.allSatisfy({ $0.value.matches(joinPath(output.path, $0.key)) }) {
            var report = BuildReport(pagesWritten: cache.pages, filesCopied: 0, seconds: (clock.now - start).seconds, steps: steps.steps)
            report.unchanged = true
            return report
        }
        if useCache, !cache.outputs.isEmpty {
            await steps.time("read cache") { await cache.readSources(cacheFolder) }
        }
        // A damaged cache file may hold anything: nothing of the cache is used.
        if !cache.damaged.isEmpty { cache = cache.discarded() }
        var damagedCache = cache.damaged

        // The site in place, whose files a page made from the same things is taken from.
        let previous = output.holdsSite ? cache.outputs : [:]
        var reuse = Reuse(sources: cache.sources, markdown: cache.markdown)
        reuse.adjacencyBesideMarkdown = true
        reuse.besideMarkdown = { graph, urls in
            let files = ScholarlyFiles(graph: graph, urls: urls)
            let fingerprint = files.fingerprint()
            if let kept = Self.keptScholarlyFiles(previous, fingerprint: fingerprint, in: output) { return (kept, 0) }
            let made = await files.files()
            return (made.map {
                var file = $0
                file.fingerprint = fingerprint
                return file
            }, made.count)
        }
        var builder = self
        if let taken { builder.fileSystem = fileSystem.remembering(taken.listings) }
        var prepared = try await builder.prepare(reuse, &steps)
        let (content, layouts, graph, html, fingerprints, urls) = (prepared.content, prepared.layouts, prepared.graph, prepared.html,
                                                                    prepared.fingerprints, prepared.urls)
        let contexts = prepared.contexts
        let renderer = PageRenderer(layouts: layouts)

        // A page made from what the page in place was made from is not rendered again.
        var (toRender, kept) = await steps.time("plan pages") { Self.partition(Self.jobs(contexts, fingerprints), previous: previous, in: output) }

        // Files are written as they are made, into the staging folder that publishing swaps
        // in, a batch at a time on a thread of the writer's own: the citations while the search
        // index is made, the search files while the list items are, then the pages as they
        // render. Nothing is held for the whole site (the search and citation files were 90 MB
        // at 10,000 papers, held until the pages began).
        let writer = SiteWriter(output: output, previous: previous, spare: (joinPath(cacheFolder, SpareSite.folderName), cache.spare))
        let background = BackgroundWriter(writer)
        // The search memo, written beside the work that follows the index (a third of a second
        // of one core at 10,000 papers), and saved with the cache when the build succeeds.
        var memoStaging: Task<String?, Never>?
        let rendered: Int
        var citationFilesMade = 0
        let published: Publisher.Result
        let copies: [Publisher.Copy]
        do {
            // The citation files, feeds and sitemap, made beside the Markdown
            // (`Reuse.besideMarkdown`), written while the search index is made.
            var scholarly: (files: [OutputFile], made: Int) = await steps.time("citations and feeds") { [task = prepared.besideMarkdown] in
                await task?.value ?? ([], 0)
            }
            prepared.besideMarkdown = nil   // a task keeps its result while it is referenced
            citationFilesMade = scholarly.made
            background.startWriting(scholarly.files)
            scholarly.files = []   // held by the writer until written, not by this build
            // The search index, from the same model and Markdown (search/ in the site).
            let pagePaths = Set(toRender.map(\.file) + kept.map(\.path))
            if let old = Self.keptSearchFiles(previous, pages: pagePaths, fingerprint: fingerprints.search, in: output) {
                try await background.finishWriting()
                background.startWriting(old)
            } else {
                let (previousMemo, memoDamaged) = useCache && damagedCache.isEmpty
                    ? await steps.time("read search memo") { BuildCache.readSearchMemo(from: cacheFolder) } : (nil, false)
                if memoDamaged { damagedCache.append(BuildCache.searchFile) }
                let index = await steps.time("search index") {
                    await SearchIndex(SearchDocuments(graph, html: html, urls: urls), previous: previousMemo ?? SearchMemo())
                }
                // Saved when it has drifted: a few documents missing from it cost little to
                // analyse again, less than writing the whole memo after every edit.
                if previousMemo == nil || index.memoChanges > max(50, index.documents.count / 50) {
                    memoStaging = Task.detached { [memo = index.memo] in BuildCache.stageSearchMemo(memo, in: cacheFolder) }
                }
                let searchFiles = try await steps.time("search files") { try await index.files() }.map {
                    var file = $0
                    file.fingerprint = fingerprints.search
                    return file
                }
                try await background.finishWriting()
                background.startWriting(searchFiles)
            }
            // The reading list's items for the filters, when it has several pages.
            let itemsFile = contexts.readingListPages(.newest).count > 1 ? ListPages.itemsFile : nil
            let keptItems = itemsFile.flatMap { Self.keptFile($0, previous, fingerprint: fingerprints.site, in: output) }
            rendered = toRender.count
            var links = LinkCheck(urls, papers: graph.papers)
            var batches = try await RenderStep(renderer: renderer, contexts: contexts)
                .prepare(toRender, alsoListing: itemsFile != nil && keptItems == nil ? graph.papers : [], steps: &steps)
            toRender = []
            // The reading list's items, made beside the pages from the list items just rendered
            // (or kept from the site in place).
            let items = itemsFile.map { path in
                Task.detached { [contexts] in
                    keptItems ?? OutputFile(path: path, contents: contexts.readingListItems(), fingerprint: fingerprints.site)
                }
            }
            // Each batch is written on the writer's thread while the next renders.
            let began = steps.now
            while let (files, jobs) = try await batches.next() {
                await links.add(files, sources: jobs.map(\.source))
                try await background.finishWriting()
                background.startWriting(files)
            }
            try await background.finishWriting()
            steps.record("render and write", since: began)
            try batches.finish()
            // Unchanged pages, hard-linked from the old site (once some file has changed).
            try await steps.time("keep unchanged pages") { try writer.add(kept) }
            if let items { try writer.add([await items.value]) }
            copies = try await steps.time("plan copies") { try self.plannedCopies(graph: graph, layouts: layouts, pages: writer.paths, math: html.hasMath) }
            try writer.add(copies)
            try await steps.time("check links") { [links] in
                try await Self.checkLinks(links, keptPages: kept, previous: previous, writer: writer)
            }
            published = try await steps.time("publish") { () throws -> Publisher.Result in
                try writer.finish(keepingOldSite: true)
            }
        } catch {
            // Never abandoned while a batch is being written.
            try? await background.finishWriting()
            writer.abandon()
            if let staged = await memoStaging?.value { BuildCache.discardSearchMemo(staged, in: cacheFolder) }
            throw error
        }
        // The old site is deleted while the cache is written.
        let removal = published.oldSite.map { old in Task.detached { Publisher.removeSite(at: old) } }
        let stagedMemo = await memoStaging?.value
        await steps.time("write cache") {
            var next = BuildCache()
            next.sources = content.sources
            next.markdown = html.memo
            next.outputs = published.outputs
            // A site left in place leaves the spare as it was.
            next.spare = published.spare ?? (published.unchanged ? cache.spare : [:])
            next.stamp = stamp
            next.pages = rendered + kept.count
            // Nothing new to remember: the cache on disk already says all this.
            if let stagedMemo { BuildCache.commitSearchMemo(stagedMemo, in: cacheFolder) }
            if !(published.unchanged && next.sameEntries(as: cache)) { next.save(to: cacheFolder, previous: cache, encodedModel: content.modelEncoder()) }
        }
        // Done before the output's lock is released, so the next build finds no half-deleted site.
        if let removal { await steps.time("delete old site") { await removal.value } }
        var report = BuildReport(pagesWritten: rendered + kept.count, filesCopied: copies.count, seconds: 0, steps: steps.steps)
        report.pagesRendered = rendered
        report.filesChanged = published.written
        report.unchanged = published.unchanged
        report.citationFilesMade = citationFilesMade
        report.notes = BuildCache.damageNotes(damagedCache, in: cacheFolder)
        report.seconds = (clock.now - start).seconds
        report.steps = steps.steps
        if exitsAfterBuild { LeftForExit.keep((prepared, cache, writer, kept)) }
        return report
    }

    /// Every link of the rendered pages, and of the kept ones when a file of the last site is
    /// gone (a kept page is the same as when it was checked, so only a removed file can break
    /// its links), must lead to a file of the new site.
    static func checkLinks(_ rendered: LinkCheck, keptPages: [OutputFile], previous: [String: BuildCache.Output], writer: SiteWriter) async throws {
        var links = rendered
        let site = writer.paths
        if previous.keys.contains(where: { !site.contains($0) }) {
            let folder = writer.output.path
            for start in stride(from: 0, to: keptPages.count, by: RenderStep.batchSize) {
                let batch = keptPages[start..<min(start + RenderStep.batchSize, keptPages.count)].filter { $0.path.hasSuffix(".html") }
                let read = batch.concurrentMap { page in
                    OutputFile(path: page.path, contents: FileManager.default.contents(atPath: joinPath(folder, page.path)).map { [UInt8]($0) })
                }
                await links.add(read, sources: batch.map(\.source))
            }
        }
        try DiagnosticLog(links.problems(site: site, output: writer.output.requested)).throwIfAny()
    }

    /// Files copied unchanged, hashed so that an unchanged file is kept from the old site
    /// with its modification time.
    private func plannedCopies(graph: SiteGraph, layouts: LayoutSet, pages generated: Set<String>, math: Bool) throws -> [Publisher.Copy] {
        try copySources(graph: graph, layouts: layouts, pages: generated, math: math).map { destination, source in
            let hash = (try? fileSystem.read(source)).map { StableHash.of([UInt8]($0)) } ?? UInt64.random(in: 0...UInt64.max)
            return Publisher.Copy(source: source, destination: destination, contentHash: hash)
        }
    }

    /// Files copied unchanged, by destination in the site: the content folder's other files,
    /// the layouts' CSS and JS, and KaTeX when there is math. Two sources for one path is an
    /// error; a generated page wins over a copied file.
    func copySources(graph: SiteGraph, layouts: LayoutSet, pages generated: Set<String>, math: Bool) throws -> [(destination: String, source: String)] {
        var byDestination: [String: String] = [:]
        var log = DiagnosticLog()
        var sources = graph.assets.map { ($0, joinPath(contentFolder, $0)) } + layouts.assets.map { ($0.path, $0.source) }
        if math {
            sources += try KaTeX(folder: katexFolder, fileSystem: fileSystem).copies().map { ($0.destination, $0.source) }
        }
        for (destination, source) in sources where !generated.contains(destination) {
            if let other = byDestination[destination] {
                log.error(SourceLocation(path: source), "both this file and \(other) would be written to \(destination); rename one")
                continue
            }
            byDestination[destination] = source
        }
        try log.throwIfAny()
        return byDestination.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension SiteBuilder {
    /// The process's resident set in bytes, from /proc/self/statm (0 where there is none).
    static func residentMemory() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Values a build leaves to the process's exit (`SiteBuilder.exitsAfterBuild`): held here,
/// they are never freed one by one.
enum LeftForExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ value: Any) { lock.withLock { values.append(value) } }
}

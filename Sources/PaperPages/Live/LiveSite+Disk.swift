import Foundation

/// The site on disk: the build the preview starts from.
extension LiveSite {
    /// The first build, and any build while there is no good site yet: a normal build into the
    /// server's folder, whose record then tells what every page was made from.
    func buildOnDisk() async -> RebuildReport {
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
            // Made again in the background after each edit, with the index (see `indexInBackground`).
            let scholarlyPrint = ScholarlyFiles(graph: prepared.graph, urls: prepared.urls).fingerprint()
            let scholarly = cache.outputs.filter { $0.value.fingerprint == scholarlyPrint }.map(\.key)
            search.files = Set(files.keys.filter { $0.hasPrefix(SearchIndex.folder) && $0 != searchPage }).union(scholarly)
            search.fingerprint = prepared.fingerprints.search
            search.memo = BuildCache.readSearchMemo(from: cacheFolder).memo ?? SearchMemo()
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
            // No change to the sources will come to end this one: see `retryAfterOtherBuilds`.
            waitsForAnotherBuild = state == nil && outputFolder?.isLockedByAnotherBuild == true
        }
        report.seconds = (clock.now - start).seconds
        report.firstPagesSeconds = report.seconds
        return report
    }

    /// The output folder, or nil when --output is refused (the build says why).
    var outputFolder: OutputFolder? {
        try? OutputFolder(builder.outputFolder, content: builder.contentFolder, layouts: builder.layoutsFolder, force: true)
    }

    /// While there is no site because another build held the serve folder's lock at the first
    /// build, builds again as soon as that build is done (polling the lock twice a second);
    /// every other failure waits for a change to the sources. Runs until cancelled.
    public func retryAfterOtherBuilds(_ onRebuild: @Sendable (RebuildReport) -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(500)) } catch { return }
            guard waitsForAnotherBuild, outputFolder?.isLockedByAnotherBuild == false else { continue }
            waitsForAnotherBuild = false
            onRebuild(await rebuild(ChangedFiles(everything: true)))
        }
    }
}

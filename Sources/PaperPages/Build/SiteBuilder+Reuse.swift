/// Which parts of the site in place a build can keep: see `Fingerprints` and `BuildCache`.
extension SiteBuilder {
    /// The jobs to render, and the pages kept as they are: a page whose fingerprint is the one
    /// recorded for the file in place, when that file is still the one the last build wrote.
    static func partition(_ jobs: [PageJob], previous: [String: BuildCache.Output], in output: OutputFolder) -> ([PageJob], [OutputFile]) {
        var render: [PageJob] = []
        var kept: [OutputFile] = []
        for job in jobs {
            if let fingerprint = job.fingerprint, let old = previous[job.file], old.fingerprint == fingerprint,
               old.matches(joinPath(output.path, job.file)) {
                kept.append(OutputFile(path: job.file, contents: nil, fingerprint: fingerprint, source: job.source))
            } else {
                render.append(job)
            }
        }
        return (render, kept)
    }

    /// The papers whose list items the pages to render show: every paper when a list is
    /// rendered, else the neighbours shown on the paper pages that are.
    static func listedPapers(_ jobs: [PageJob], _ contexts: PageContexts) -> [Paper] {
        if jobs.contains(where: { $0.layout != "paper" && $0.layout != "note" && $0.layout != "review" && $0.layout != "page" }) {
            return contexts.graph.papers
        }
        let byFile = Dictionary(contexts.graph.papers.map { (contexts.urls.outputFile(for: contexts.urls.paper($0.slug)), $0) },
                                uniquingKeysWith: { first, _ in first })
        return listedPapers(showing: jobs.filter { $0.layout == "paper" }.compactMap { byFile[$0.file] }, contexts)
    }

    /// The papers whose list items these papers' pages show: their neighbours and related papers.
    static func listedPapers(showing papers: [Paper], _ contexts: PageContexts) -> [Paper] {
        var slugs: Set<String> = []
        for paper in papers {
            for other in contexts.adjacentPapers(of: paper) { slugs.insert(other.slug) }
            for reference in paper.related { slugs.insert(reference.slug) }
        }
        return contexts.graph.papers.filter { slugs.contains($0.slug) }
    }

    /// One file in place, when it was made from what it would be made from now.
    static func keptFile(_ path: String, _ previous: [String: BuildCache.Output], fingerprint: UInt64, in output: OutputFolder) -> OutputFile? {
        guard let old = previous[path], old.fingerprint == fingerprint, old.matches(joinPath(output.path, path)) else { return nil }
        return OutputFile(path: path, contents: nil, fingerprint: fingerprint)
    }

    /// The search index in place, when it was made from exactly these sources.
    /// (The search page, `search/index.html`, is a page like any other.)
    static func keptSearchFiles(_ previous: [String: BuildCache.Output], pages: Set<String>, fingerprint: UInt64,
                                in output: OutputFolder) -> [OutputFile]? {
        let old = previous.filter { $0.key.hasPrefix(SearchIndex.folder) && !pages.contains($0.key) }
        guard !old.isEmpty, old.values.allSatisfy({ $0.fingerprint == fingerprint }),
              old.allSatisfy({ $0.value.matches(joinPath(output.path, $0.key)) }) else { return nil }
        return old.keys.sorted().map { OutputFile(path: $0, contents: nil, fingerprint: fingerprint) }
    }

    /// The citation files, feeds and sitemap in place, when they were made from exactly this
    /// (see `ScholarlyFiles.fingerprint`): the files the last build recorded with it.
    static func keptScholarlyFiles(_ previous: [String: BuildCache.Output], fingerprint: UInt64, in output: OutputFolder) -> [OutputFile]? {
        let old = previous.filter { $0.value.fingerprint == fingerprint }
        guard !old.isEmpty, old.allSatisfy({ $0.value.matches(joinPath(output.path, $0.key)) }) else { return nil }
        return old.keys.sorted().map { OutputFile(path: $0, contents: nil, fingerprint: fingerprint) }
    }
}

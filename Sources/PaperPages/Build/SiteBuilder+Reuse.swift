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

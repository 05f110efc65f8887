import Foundation

/// The search index, made in the background once the writer pauses, and with it the files
/// made from every paper (citations, feeds, sitemap: `ScholarlyFiles`).
extension LiveSite {
    /// Starts indexing the site when its text changed; true when it did. An index still being
    /// made from an older site is left to finish and dropped.
    func indexInBackground(_ prepared: PreparedSite) -> Bool {
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
            let scholarly = await ScholarlyFiles(graph: prepared.graph, urls: prepared.urls).files()
            await self?.finishIndexing(generation, files + scholarly, memo: index.memo)
        }
        return true
    }

    func isCurrentIndex(_ generation: Int) -> Bool { generation == search.generation }

    func finishIndexing(_ generation: Int, _ files: [OutputFile], memo: SearchMemo) {
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
}

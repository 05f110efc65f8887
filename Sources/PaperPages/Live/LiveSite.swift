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
    var state: State?
    /// Changes not yet built into `state`: kept through failed rebuilds.
    private var unsettled = ChangedFiles()
    private var running = false
    /// The first build failed because another build held the output's lock.
    var waitsForAnotherBuild = false
    private var listeners: [Int: AsyncStream<SiteChange>.Continuation] = [:]
    private var nextListener = 0
    /// The search index (and the files made with it, see `indexInBackground`): kept apart from
    /// `state`, since it is finished in the background while a rebuild may hold a copy of `state`.
    var search = SearchState()
    /// The folder built at start, and the hash of each file's bytes as that build wrote it: a
    /// page rendered again to the same bytes is served from there, not held in memory (after
    /// a retitling, most of the 36,000 pages at 10,000 papers).
    var disk = DiskSite()

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
        /// The index's files and the citation files in the site, and the fingerprint of what
        /// they were made from.
        var files: Set<String> = []
        var fingerprint: UInt64?
        /// Counts the indexes started, so that an index made from an older site is dropped.
        var generation = 0
        var task: Task<Void, Never>?
    }

    /// How long the search index waits for a pause in the edits before it starts: an index
    /// started while the writer is still saving is thrown away, and takes the cores the next
    /// save's pages need (at 10,000 papers it takes a second of both).
    let searchDelay: Duration

    public init(builder: SiteBuilder, searchDelay: Duration = .milliseconds(750)) {
        self.builder = builder
        self.searchDelay = searchDelay
    }

    /// The site as it is now, for one request.
    public nonisolated var site: ServedSite { served.withLock { $0 } }

    /// Every change from now on, as it is published, until `stopListening(id)`.
    public func changes() -> (id: Int, changes: AsyncStream<SiteChange>) {
        let (stream, continuation) = AsyncStream<SiteChange>.makeStream(bufferingPolicy: .bufferingNewest(64))
        // At most `maximumListeners` at once: the oldest stream is ended (an open page's
        // EventSource connects again by itself), so open streams bound the memory they hold.
        while listeners.count >= Self.maximumListeners, let oldest = listeners.keys.min() { stopListening(oldest) }
        let id = nextListener
        nextListener += 1
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.stopListening(id) } }
        return (id, stream)
    }

    /// More open pages than one person previews; each stream holds about 20 KB.
    public static let maximumListeners = 256

    /// How many event streams are listening now.
    public var listenerCount: Int { listeners.count }

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

    // MARK: Publishing

    /// Publishes rendered pages, with the pages removed and the copied files of the rebuild
    /// when they are given; returns the paths changed.
    func publishPages(_ files: [OutputFile],
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
    static func put(_ files: [OutputFile], into site: inout ServedSite, disk: DiskSite) -> Set<String> {
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
    func publish(problems: [Diagnostic], _ change: (inout ServedSite) -> Set<String>) -> Set<String> {
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

    static func problems(_ error: any Error, output: String) -> [Diagnostic] {
        if let failure = error as? BuildFailure { return failure.diagnostics }
        return [Diagnostic(SourceLocation(path: output), "cannot be built: \(SystemError.describe(error))")]
    }
}

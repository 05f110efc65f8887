import Foundation

/// The new site, written batch by batch as the build produces it, into a staging folder that
/// `finish` swaps in atomically (see `Publisher`): pages never have to be held in memory all
/// at once, and writing overlaps rendering.
///
/// `previous` records the site in place (see `BuildCache`): a file whose bytes are the same as
/// the old site's, and which is still the file the last build wrote, is hard-linked into the
/// new site rather than written, so it keeps its modification time and deploy tools see it
/// unchanged. The staging folder is made only when the first file differs: when every file is
/// such a file, the site in place is not touched at all.
final class SiteWriter {
    let output: OutputFolder
    let previous: [String: BuildCache.Output]
    private let oldSite: Bool
    private var staging: String?
    /// Links decided before the staging folder exists.
    private var pending: [(path: String, old: BuildCache.Output)] = []
    private var folders: Set<String> = []
    /// Every file of the new site so far, with its record.
    private(set) var outputs: [String: BuildCache.Output] = [:]
    private(set) var written = 0

    init(output: OutputFolder, previous: [String: BuildCache.Output]) {
        self.output = output
        self.previous = previous
        oldSite = output.holdsSite
    }

    var paths: Set<String> { Set(outputs.keys) }

    private func reusable(_ path: String, fingerprint: UInt64?, contentHash: UInt64?) -> BuildCache.Output? {
        guard oldSite, let old = previous[path], fingerprint.map({ $0 == old.fingerprint }) ?? true,
              contentHash.map({ $0 == old.contentHash }) ?? true, old.matches(joinPath(output.path, path)) else { return nil }
        return old
    }

    /// Generated files: written, or linked from the old site when their bytes are the same
    /// (or, for a file without contents, when it was made from the same inputs).
    func add(_ files: [OutputFile]) throws {
        var plan: [(path: String, old: BuildCache.Output?, action: Publisher.Action, record: BuildCache.Output)] = []
        for file in files {
            if let contents = file.contents {
                let hash = StableHash.of(contents)
                let old = reusable(file.path, fingerprint: nil, contentHash: hash)
                let record = BuildCache.Output(fingerprint: file.fingerprint, contentHash: hash, size: 0, modified: 0, inode: 0)
                plan.append((file.path, old, old == nil ? .bytes(contents) : .link, record))
            } else {
                guard let old = reusable(file.path, fingerprint: file.fingerprint, contentHash: nil) else {
                    throw BuildFailure([Diagnostic(SourceLocation(path: joinPath(output.requested, file.path)),
                                                   "changed while the site was being built; build again")])
                }
                plan.append((file.path, old, .link, old))
            }
        }
        try carryOut(plan)
    }

    /// Files copied unchanged; a path a generated file already took is skipped.
    func add(_ copies: [Publisher.Copy]) throws {
        let plan = copies.filter { outputs[$0.destination] == nil }.map { copy in
            let old = reusable(copy.destination, fingerprint: copy.contentHash, contentHash: copy.contentHash)
            let record = BuildCache.Output(fingerprint: copy.contentHash, contentHash: copy.contentHash, size: 0, modified: 0, inode: 0)
            return (path: copy.destination, old: old, action: old == nil ? Publisher.Action.copy(copy.source) : .link, record: record)
        }
        try carryOut(plan)
    }

    private func carryOut(_ plan: [(path: String, old: BuildCache.Output?, action: Publisher.Action, record: BuildCache.Output)]) throws {
        for entry in plan {
            outputs[entry.path] = entry.old.map {
                BuildCache.Output(fingerprint: entry.record.fingerprint, contentHash: $0.contentHash, size: $0.size, modified: $0.modified, inode: $0.inode)
            } ?? entry.record
        }
        let changes = plan.filter { $0.old == nil }
        if staging == nil {
            pending += plan.compactMap { entry in entry.old.map { (entry.path, $0) } }
            guard !changes.isEmpty else { return }
            try open()   // writes the pending links, this plan's among them
            try write(changes.map { ($0.path, $0.action) })
        } else {
            try write(plan.map { ($0.path, $0.action) })
        }
        written += changes.count
    }

    /// Makes the staging folder, marked first (an interrupted build's staging folder is then
    /// known as ours; the old site's marker is kept as it is), and writes the pending links.
    private func open() throws {
        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let folder = joinPath(output.parent, output.stagingPrefix + token)
        try wrapping(folder) { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) }
        staging = folder
        let marker = joinPath(folder, OutputFolder.marker)
        if !oldSite || link(joinPath(output.path, OutputFolder.marker), marker) != 0 {
            try wrapping(marker) { try Publisher.write(Array(OutputFolder.markerText.utf8), to: marker) }
        }
        let links = pending.map { ($0.path, Publisher.Action.link) }
        pending = []
        try write(links)
    }

    /// Folders first, parents before children (sorted paths), then the files on all cores: a
    /// site is tens of thousands of small files, one system call or three each.
    private func write(_ actions: [(path: String, action: Publisher.Action)]) throws {
        guard let staging, !actions.isEmpty else { return }
        var new: [String] = []
        for (path, _) in actions {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted {
                new.append(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        for folder in new.sorted() where mkdir(joinPath(staging, folder), 0o755) != 0 && errno != EEXIST {
            throw failure(joinPath(staging, folder), POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        var current = ""
        let records: [(size: Int, modified: Int, inode: UInt64)]
        do {
            records = try Publisher.perform(actions, staging: staging, oldSite: output.path, current: &current)
        } catch {
            throw failure(current, error)
        }
        for ((path, _), disk) in zip(actions, records) {
            guard let record = outputs[path] else { continue }
            outputs[path] = BuildCache.Output(fingerprint: record.fingerprint, contentHash: record.contentHash,
                                              size: disk.size, modified: disk.modified, inode: disk.inode)
        }
    }

    /// Swaps the new site in, or leaves the site in place when nothing differs from it.
    /// With `keepingOldSite`, the replaced site is left for the caller to delete (its path is
    /// in the result), so that its deletion can overlap other work.
    func finish(keepingOldSite: Bool = false) throws -> Publisher.Result {
        if staging == nil {
            if oldSite, paths == Set(previous.keys) {
                return Publisher.Result(outputs: outputs, written: 0, unchanged: true)
            }
            try open()   // files were removed: the new site is the old one's links, fewer
        }
        guard let staging else { throw failure(output.path, POSIXError(.EIO)) }
        // The empty output folder is kept in git through a .gitkeep; keep it across swaps.
        let keep = joinPath(output.path, ".gitkeep")
        if FileManager.default.fileExists(atPath: keep) { try? FileManager.default.copyItem(atPath: keep, toPath: joinPath(staging, ".gitkeep")) }
        self.staging = nil
        let old = try Publisher(output: output).swap(staging, deletingOld: !keepingOldSite)
        return Publisher.Result(outputs: outputs, written: written, unchanged: false, oldSite: old)
    }

    /// Removes the staging folder of a build that failed; the site in place is untouched.
    func abandon() {
        if let staging { Publisher.removeSite(at: staging) }
        staging = nil
    }

    private func wrapping(_ place: String, _ work: () throws -> Void) throws {
        do { try work() } catch { throw failure(place, error) }
    }

    private func failure(_ place: String, _ error: Error) -> BuildFailure {
        if let failure = error as? BuildFailure { return failure }
        let shown = staging.map { place.hasPrefix($0) ? joinPath(output.requested, String(place.dropFirst($0.count + 1))) : place } ?? place
        abandon()
        return BuildFailure([Diagnostic(SourceLocation(path: output.requested),
                                        "could not write the site (\(shown): \(SystemError.describe(error))); the folder is unchanged")])
    }
}

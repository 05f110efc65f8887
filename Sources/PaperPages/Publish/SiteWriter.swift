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
///
/// Given a spare folder (see `SpareSite`), the writer stages there: files the spare already
/// has right are kept, the others replaced, and after the swap the replaced site is the next
/// spare rather than deleted.
final class SiteWriter {
    let output: OutputFolder
    let previous: [String: BuildCache.Output]
    private let oldSite: Bool
    private var staging: String?
    /// Where the spare is kept and its record, when the build keeps one.
    private let spareLocation: (path: String, record: [String: BuildCache.Output])?
    /// The spare being brought up to date, once staging has begun in it.
    private var spare: SpareSite?
    /// The spare's files that the new site has, right or rewritten.
    private var claimed: Set<String> = []
    /// Links decided before the staging folder exists.
    private var pending: [(path: String, old: BuildCache.Output)] = []
    private var folders: Set<String> = []
    /// Every file of the new site so far, with its record.
    private(set) var outputs: [String: BuildCache.Output] = [:]
    private(set) var written = 0

    init(output: OutputFolder, previous: [String: BuildCache.Output], spare: (path: String, record: [String: BuildCache.Output])? = nil) {
        self.output = output
        self.previous = previous
        oldSite = output.holdsSite
        spareLocation = spare
    }

    /// Whether the spare's folder can be used: made (the cache folder may not exist yet) and on
    /// the output's file system, for the swap and the hard links. Asked only once staging begins.
    private var spareUsable: Bool {
        guard let spareLocation else { return false }
        let parent = (spareLocation.path as NSString).deletingLastPathComponent
        var folder = stat(), outputParent = stat()
        return (try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)) != nil
            && stat(parent, &folder) == 0 && stat(output.parent, &outputParent) == 0 && folder.st_dev == outputParent.st_dev
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
    /// With a spare: stages in it, or in a new spare when there is none.
    private func open() throws {
        let spareLocation = spareUsable ? self.spareLocation : nil
        if let spareLocation, let found = SpareSite(path: spareLocation.path, record: spareLocation.record) {
            spare = found
            staging = spareLocation.path
            folders = found.folders
        } else {
            var folder = output.stagingPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            folder = joinPath(output.parent, folder)
            if let spareLocation {
                // An unmarked spare is one a killed build had only begun to make.
                Publisher.removeTree(spareLocation.path)
                folder = spareLocation.path
            }
            try wrapping(folder) { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) }
            staging = folder
            if spareLocation != nil { spare = SpareSite(empty: folder) }
            let marker = joinPath(folder, OutputFolder.marker)
            if !oldSite || link(joinPath(output.path, OutputFolder.marker), marker) != 0 {
                try wrapping(marker) { try Publisher.write(Array(OutputFolder.markerText.utf8), to: marker) }
            }
        }
        let links = pending.map { ($0.path, Publisher.Action.link) }
        pending = []
        try write(links)
    }

    /// Folders first, parents before children (sorted paths), then the files on all cores: a
    /// site is tens of thousands of small files, one system call or three each. In a spare,
    /// a file it already has right is left as it is.
    private func write(_ actions: [(path: String, action: Publisher.Action)]) throws {
        guard let staging, !actions.isEmpty else { return }
        var todo: [(path: String, action: Publisher.Action)] = []
        var kept: [(path: String, disk: BuildCache.Output.Disk)] = []
        var replacing: Set<String> = []
        for (path, action) in actions {
            guard let spare else {
                todo.append((path, action))
                continue
            }
            claimed.insert(path)
            let right: BuildCache.Output.Disk?
            switch action {
            case .link: right = previous[path].flatMap { spare.holds(path, inode: $0.inode) }
            case .bytes, .copy: right = outputs[path].flatMap { spare.holds(path, contentHash: $0.contentHash) }
            }
            if let right {
                kept.append((path, right))
                continue
            }
            todo.append((path, action))
            if spare.files[path] != nil { replacing.insert(path) }
            if spare.folders.contains(path) {
                // A folder where the new site has a file: it goes, and with it what it held.
                Publisher.removeTree(joinPath(staging, path))
                folders = folders.filter { $0 != path && !$0.hasPrefix(path + "/") }
            }
        }
        var new: [String] = []
        for (path, _) in todo {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted {
                new.append(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        for folder in new.sorted() {
            // A file in the spare where the new site has a folder goes first.
            if spare?.files[folder] != nil { unlink(joinPath(staging, folder)) }
            if mkdir(joinPath(staging, folder), 0o755) != 0 && errno != EEXIST {
                throw failure(joinPath(staging, folder), POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
        }
        var current = ""
        let records: [BuildCache.Output.Disk]
        do {
            records = try Publisher.perform(todo, staging: staging, oldSite: output.path, replacing: replacing, current: &current)
        } catch {
            throw failure(current, error)
        }
        for (path, disk) in zip(todo.map(\.path), records) + kept {
            guard let record = outputs[path] else { continue }
            outputs[path] = BuildCache.Output(fingerprint: record.fingerprint, contentHash: record.contentHash,
                                              size: disk.size, modified: disk.modified, inode: disk.inode)
        }
    }

    /// Swaps the new site in, or leaves the site in place when nothing differs from it.
    /// With `keepingOldSite`, the replaced site is left for the caller to delete (its path is
    /// in the result), so that its deletion can overlap other work; with a spare, a replaced
    /// site is kept as the next spare instead (its record in the result).
    func finish(keepingOldSite: Bool = false) throws -> Publisher.Result {
        if staging == nil {
            if oldSite, paths == Set(previous.keys) {
                return Publisher.Result(outputs: outputs, written: 0, unchanged: true)
            }
            try open()   // files were removed: the new site is the old one's links, fewer
        }
        guard let staging else { throw failure(output.path, POSIXError(.EIO)) }
        if let spare {
            // What the spare has and the new site has not: files first, then emptied folders,
            // deepest first.
            for path in spare.files.keys where !claimed.contains(path) { unlink(joinPath(staging, path)) }
            var needed: Set<String> = []
            for path in outputs.keys {
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty, needed.insert(parts.joined(separator: "/")).inserted { parts = parts.dropLast() }
            }
            for folder in spare.folders.subtracting(needed).sorted(by: >) { rmdir(joinPath(staging, folder)) }
        }
        // The empty output folder is kept in git through a .gitkeep; keep it across swaps.
        let keep = joinPath(output.path, ".gitkeep")
        if FileManager.default.fileExists(atPath: keep) { try? FileManager.default.copyItem(atPath: keep, toPath: joinPath(staging, ".gitkeep")) }
        let spared = spare != nil
        self.staging = nil
        spare = nil
        let old = try Publisher(output: output).swap(staging, deletingOld: !keepingOldSite && !spared)
        if spared, old != nil, oldSite {
            return Publisher.Result(outputs: outputs, written: written, unchanged: false, spare: previous)
        }
        // No site was replaced, or the replaced folder was not one this program wrote.
        if spared, let old, !keepingOldSite {
            Publisher.removeSite(at: old)
            return Publisher.Result(outputs: outputs, written: written, unchanged: false)
        }
        return Publisher.Result(outputs: outputs, written: written, unchanged: false, oldSite: old)
    }

    /// Removes the staging folder of a build that failed; the site in place is untouched. A
    /// spare is left as it is: the next build checks every file of it anyway.
    func abandon() {
        if let staging, spare == nil || spare?.files.isEmpty == true { Publisher.removeSite(at: staging) }
        staging = nil
        spare = nil
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

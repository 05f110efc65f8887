import CSystemShims
import Foundation

/// The publish stage: writes the finished site into a staging folder beside the output and
/// swaps the two in one step, so at every instant the output path holds either the whole old
/// site or the whole new one, whatever happens to the process.
///
/// On Linux the swap is `renameat2(RENAME_EXCHANGE)`; after it, the staging name holds the old
/// site, which is then deleted. A build killed before or after the swap leaves a staging folder
/// carrying the site marker, which the next build removes (`OutputFolder.removeLeftovers`).
public struct Publisher: Sendable {
    public var output: OutputFolder

    public init(output: OutputFolder) {
        self.output = output
    }

    /// Files to copy unchanged: (source path, path in the site).
    public struct Copy: Sendable {
        public var source: String
        public var destination: String
        /// The hash of the source's bytes: an old copy with the same hash is reused.
        var contentHash: UInt64 = 0
    }

    /// What publishing did: the record of every file of the new site, and how many files
    /// were written anew (the rest are the old site's files, hard-linked).
    struct Result: Sendable {
        var outputs: [String: BuildCache.Output]
        var written: Int
        /// Nothing differed from the site in place, which was left as it was.
        var unchanged: Bool
    }

    /// Publishes `files` and `copies`. `previous` records the site in place (see `BuildCache`):
    /// a file whose bytes are the same as the old site's, and which is still the file the
    /// last build wrote, is hard-linked into the new site rather than written, so it keeps
    /// its modification time and deploy tools see it unchanged. When every file is such a
    /// file, the site in place is not touched at all.
    @discardableResult
    func publish(files: [OutputFile], copies: [Copy], previous: [String: BuildCache.Output] = [:]) throws -> Result {
        let manager = FileManager.default
        // Which old files can be reused: decided before the staging folder exists, so a build
        // that changes nothing writes nothing.
        let oldSite = output.holdsSite
        func reusable(_ path: String, fingerprint: UInt64?, contentHash: UInt64?) -> BuildCache.Output? {
            guard oldSite, let old = previous[path], fingerprint.map({ $0 == old.fingerprint }) ?? true,
                  contentHash.map({ $0 == old.contentHash }) ?? true, old.matches(joinPath(output.path, path)) else { return nil }
            return old
        }
        var plan: [(path: String, old: BuildCache.Output?, write: Action)] = []
        var outputs: [String: BuildCache.Output] = [:]
        let generated = Set(files.map(\.path))
        for copy in copies where !generated.contains(copy.destination) {
            let old = reusable(copy.destination, fingerprint: copy.contentHash, contentHash: copy.contentHash)
            plan.append((copy.destination, old, old == nil ? .copy(copy.source) : .link))
            outputs[copy.destination] = BuildCache.Output(fingerprint: copy.contentHash, contentHash: copy.contentHash, size: 0, modified: 0, inode: 0)
        }
        for file in files {
            if let contents = file.contents {
                let hash = StableHash.of(contents)
                let old = reusable(file.path, fingerprint: nil, contentHash: hash)
                plan.append((file.path, old, old == nil ? .bytes(contents) : .link))
                outputs[file.path] = BuildCache.Output(fingerprint: file.fingerprint, contentHash: hash, size: 0, modified: 0, inode: 0)
            } else {
                guard let old = reusable(file.path, fingerprint: file.fingerprint, contentHash: nil) else {
                    throw BuildFailure([Diagnostic(SourceLocation(path: joinPath(output.requested, file.path)),
                                                   "changed while the site was being built; build again")])
                }
                plan.append((file.path, old, .link))
                outputs[file.path] = old
            }
        }
        let written = plan.filter { $0.old == nil }.count
        if oldSite, written == 0, Set(plan.map(\.path)) == Set(previous.keys) {
            return Result(outputs: previous.merging(outputs) { old, new in
                BuildCache.Output(fingerprint: new.fingerprint, contentHash: old.contentHash, size: old.size, modified: old.modified, inode: old.inode)
            }, written: 0, unchanged: true)
        }

        let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = joinPath(output.parent, output.stagingPrefix + token)
        var current = ""
        do {
            current = staging
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            // The marker first: an interrupted build's staging folder is then known as ours.
            // The old site's marker is kept as it is, like any unchanged file.
            let marker = joinPath(staging, OutputFolder.marker)
            if !oldSite || link(joinPath(output.path, OutputFolder.marker), marker) != 0 {
                try Self.write(Array(OutputFolder.markerText.utf8), to: marker)
            }
            // Folders first, parents before children (sorted paths), then the files on all
            // cores: a site is tens of thousands of small files, one system call or three each.
            var folders: Set<String> = []
            for (path, _, _) in plan {
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted { parts = parts.dropLast() }
            }
            for folder in folders.sorted().map({ joinPath(staging, $0) }) where mkdir(folder, 0o755) != 0 && errno != EEXIST {
                current = folder
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            let records = try Self.perform(plan.map { ($0.path, $0.write) }, staging: staging, oldSite: output.path, current: &current)
            for ((path, old, _), disk) in zip(plan, records) {
                let record = old ?? outputs[path]!
                outputs[path] = BuildCache.Output(fingerprint: outputs[path]!.fingerprint, contentHash: record.contentHash,
                                                  size: disk.size, modified: disk.modified, inode: disk.inode)
            }
            // The empty output folder is kept in git through a .gitkeep; keep it across swaps.
            let keep = joinPath(output.path, ".gitkeep")
            if manager.fileExists(atPath: keep) { try? manager.copyItem(atPath: keep, toPath: joinPath(staging, ".gitkeep")) }
        } catch {
            try? manager.removeItem(atPath: staging)
            let place = current.hasPrefix(staging) ? joinPath(output.requested, String(current.dropFirst(staging.count + 1))) : current
            throw BuildFailure([Diagnostic(SourceLocation(path: output.requested),
                                           "could not write the site (\(place): \(SystemError.describe(error))); the folder is unchanged")])
        }
        try swap(staging)
        return Result(outputs: outputs, written: written, unchanged: false)
    }

    /// How one file of the new site comes to be.
    enum Action: Sendable {
        /// Copied from a source file.
        case copy(String)
        case bytes([UInt8])
        /// Hard-linked from the same path in the old site: same bytes, same modification time.
        case link
    }

    /// Carries out `actions` in parallel; returns how each file looks on disk, in order.
    private static func perform(_ actions: [(path: String, action: Action)], staging: String, oldSite: String,
                                current: inout String) throws -> [(size: Int, modified: Int, inode: UInt64)] {
        let slices = max(1, min(actions.count, ProcessInfo.processInfo.activeProcessorCount * 2))
        let results = SliceResults<(size: Int, modified: Int, inode: UInt64)>(count: actions.count)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            for index in stride(from: slice, to: actions.count, by: slices) {
                let (path, action) = actions[index]
                let target = joinPath(staging, path)
                do {
                    switch action {
                    case .link:
                        // Where the file system refuses hard links, the old file is copied.
                        if link(joinPath(oldSite, path), target) != 0 {
                            try FileManager.default.copyItem(atPath: joinPath(oldSite, path), toPath: target)
                        }
                    case .copy(let source):
                        // A symbolic link is copied as the file it points to: a relative link
                        // (Debian's katex.min.js -> katex.js) would dangle in the published site.
                        do {
                            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: source).resolvingSymlinksInPath().path, toPath: target)
                        } catch {
                            results.fail(source, error)
                            return
                        }
                    case .bytes(let contents):
                        try write(contents, to: target)
                    }
                    guard let disk = BuildCache.Output.onDisk(target) else { throw POSIXError(.EIO) }
                    results.set(index, disk)
                } catch {
                    results.fail(target, error)
                    return
                }
            }
        }
        if let (place, error) = results.failure {
            current = place
            throw error
        }
        return results.values
    }

    /// Puts the staging folder at the output path in one atomic step and deletes the old site.
    private func swap(_ staging: String) throws {
        let manager = FileManager.default
        var info = stat()
        let hadOutput = lstat(output.path, &info) == 0
        var result: Int32
        if hadOutput {
            result = paperpages_rename_exchange(staging, output.path)
            if result != 0 && (errno == EINVAL || errno == ENOSYS) { result = twoRenames(staging) }
        } else {
            result = paperpages_rename_noreplace(staging, output.path)
            if result != 0 && (errno == EINVAL || errno == ENOSYS) { result = rename(staging, output.path) }
        }
        guard result == 0 else {
            let reason = SystemError.describe(errno)
            try? manager.removeItem(atPath: staging)
            throw BuildFailure([Diagnostic(SourceLocation(path: output.requested), "could not replace the site: \(reason); the folder is unchanged")])
        }
        if hadOutput {
            // The old site now sits under the staging name. Mark it before deleting, so that
            // if this process dies half way the next build finishes the job.
            Self.removeSite(at: staging)
        }
    }

    /// Deletes a site folder this build owns, the marker last: a build killed half way leaves
    /// a folder that still says it is a site, which the next build removes.
    static func removeSite(at folder: String) {
        let manager = FileManager.default
        let marker = joinPath(folder, OutputFolder.marker)
        if !manager.fileExists(atPath: marker) { try? write(Array(OutputFolder.markerText.utf8), to: marker) }
        let entries = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != OutputFolder.marker }
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            removeTree(joinPath(folder, entries[index]))
        }
        unlink(marker)
        rmdir(folder)
    }

    /// Deletes a file or a folder and everything in it, without following links: plain
    /// unlink and rmdir calls, several times faster than FileManager's removeItem.
    static func removeTree(_ path: String) {
        if unlink(path) == 0 || errno == ENOENT { return }
        guard let directory = opendir(path) else { return }
        var children: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { children.append(name) }
        }
        closedir(directory)
        for child in children { removeTree(joinPath(path, child)) }
        rmdir(path)
    }

    /// For file systems without RENAME_EXCHANGE: the old site moves aside under the staging
    /// name's sibling, the new one moves in; the gap between is as short as two renames.
    private func twoRenames(_ staging: String) -> Int32 {
        let aside = staging + "-old"
        guard rename(output.path, aside) == 0 else { return -1 }
        guard rename(staging, output.path) == 0 else {
            let saved = errno
            _ = rename(aside, output.path)
            errno = saved
            return -1
        }
        return rename(aside, staging)
    }

    /// A plain open/write/close: `Data.write` syncs every file to disk, which made publishing
    /// a 1,000-paper site take seconds. The swap, not each file, is what must be atomic.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
    }
}

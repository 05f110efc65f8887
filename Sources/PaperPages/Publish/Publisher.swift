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
        /// The replaced site, under its staging name, when its deletion was left to the caller
        /// (`SiteWriter.finish(keepingOldSite:)`); marked, so a killed build's is removed next time.
        var oldSite: String? = nil
        /// The record of the replaced site, kept as the spare (see `SpareSite`).
        var spare: [String: BuildCache.Output]? = nil
    }

    /// Publishes `files` and `copies` in one go (see `SiteWriter`, which a build feeds batch
    /// by batch). Generated files win over copies of the same path.
    @discardableResult
    func publish(files: [OutputFile], copies: [Copy], previous: [String: BuildCache.Output] = [:]) throws -> Result {
        let writer = SiteWriter(output: output, previous: previous)
        do {
            try writer.add(files)
            try writer.add(copies)
            return try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
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
    /// The files at the paths in `replacing` are unlinked first, never written into: in a
    /// spare they may be hard links to the site in place.
    static func perform(_ actions: [(path: String, action: Action)], staging: String, oldSite: String, replacing: Set<String> = [],
                                current: inout String) throws -> [BuildCache.Output.Disk] {
        let slices = max(1, min(actions.count, ProcessInfo.processInfo.activeProcessorCount * 2))
        let results = SliceResults<BuildCache.Output.Disk>(count: actions.count)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            for index in stride(from: slice, to: actions.count, by: slices) {
                let (path, action) = actions[index]
                let target = joinPath(staging, path)
                if replacing.contains(path) { unlink(target) }
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
                        let resolved = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
                        do {
                            try FileManager.default.copyItem(atPath: resolved, toPath: target)
                        } catch {
                            // The file that failed: the source when it cannot be read, else the
                            // copy being written (a full disk is the copy's problem, not the source's).
                            results.fail(access(resolved, R_OK) == 0 ? target : source, error)
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
    /// Returns where the old site now is when `deletingOld` is false.
    @discardableResult
    func swap(_ staging: String, deletingOld: Bool = true) throws -> String? {
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
        guard hadOutput else { return nil }
        // The old site now sits under the staging name. Mark it before deleting, so that
        // if this process dies half way the next build finishes the job.
        if deletingOld { Self.removeSite(at: staging) }
        return deletingOld ? nil : staging
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
        guard let children = directoryNames(path) else { return }
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
        try write(bytes, to: descriptor)
    }

    /// All of `bytes` to an open file.
    static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
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

import Foundation
import Synchronization

extension OutputFolder {
    /// Held for a whole build into one output: a second build into the same folder is refused
    /// rather than interleaving its swap with this one's.
    public final class Lock: @unchecked Sendable {
        private let descriptor: Int32
        private let path: String

        fileprivate init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        /// Removes the lock file, then releases it (in that order, so a build that opened the
        /// old file notices it is gone and starts again on a new one).
        public func release() {
            state.withLock {
                guard !released else { return }
                released = true
                unlink(path)
                close(descriptor)
            }
        }

        /// Closing a descriptor twice could close another thread's file that reused the number.
        private let state = NSLock()
        private var released = false

        deinit { release() }
    }

    /// Takes the output's lock file (beside it, removed at the end) with `flock`, which the
    /// kernel releases when a process dies, so a killed build never blocks the next one.
    public func lock() throws -> Lock {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        while true {
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw BuildFailure([Diagnostic(SourceLocation(path: requested), "cannot create the lock file \(lockPath): \(SystemError.describe(errno))")])
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                close(descriptor)
                throw BuildFailure([Diagnostic(SourceLocation(path: requested),
                    "another paperpages build is writing this folder\(Self.holder(lockPath)); wait for it to finish, then build again")])
            }
            // The file may have been removed by the build that held it between our open and
            // our flock: then this lock guards nothing; take the new file instead.
            var opened = stat(), current = stat()
            if fstat(descriptor, &opened) == 0, stat(lockPath, &current) == 0,
               opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                Self.writeProcessNumber(to: descriptor)
                return Lock(descriptor: descriptor, path: lockPath)
            }
            close(descriptor)
        }
    }

    /// Staging folders of builds that were killed: each holds a whole site (or the old one
    /// being deleted). Only folders that carry the marker, or are empty, are removed.
    /// Call with the lock held, so no running build's staging folder is among them.
    public func removeLeftovers() {
        let manager = FileManager.default
        for entry in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(stagingPrefix) {
            let leftover = joinPath(parent, entry)
            let entries = (try? manager.contentsOfDirectory(atPath: leftover)) ?? ["?"]
            if entries.isEmpty || entries.contains(Self.marker) { Publisher.removeSite(at: leftover) }
        }
    }
}

extension OutputFolder {
    /// `.<name>.paperpages-serving` beside the output: held by `paperpages serve` for as long as
    /// it runs, so that a build into its folder (which would change what the preview serves,
    /// with another base URL, say) is refused, not only one that overlaps its own builds.
    var servingLockPath: String { joinPath(parent, ".\(name).paperpages-serving") }

    /// The folders this process serves: its own builds into them are the preview's.
    private static let servedHere = Mutex<Set<String>>([])

    /// Held by a running preview; released (and its file removed) when the preview stops.
    public final class ServingLock: Sendable {
        private let descriptor: Int32
        private let path: String, folder: String

        fileprivate init(descriptor: Int32, path: String, folder: String) {
            self.descriptor = descriptor
            self.path = path
            self.folder = folder
        }

        deinit {
            unlink(path)
            close(descriptor)
            _ = OutputFolder.servedHere.withLock { $0.remove(folder) }
        }
    }

    /// Takes the serving lock, or says which preview has it.
    public func holdForServing() throws -> ServingLock {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let descriptor = open(servingLockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BuildFailure([Diagnostic(SourceLocation(path: requested), "cannot create \(servingLockPath): \(SystemError.describe(errno))")])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw BuildFailure([Diagnostic(SourceLocation(path: requested),
                                           "another paperpages serve is using this folder\(Self.holder(servingLockPath)); stop it, or pass --output with a folder of this preview's own")])
        }
        Self.writeProcessNumber(to: descriptor)
        _ = Self.servedHere.withLock { $0.insert(path) }
        return ServingLock(descriptor: descriptor, path: servingLockPath, folder: path)
    }

    /// Refuses a build into a folder another process's preview is serving.
    func refuseIfServedElsewhere() throws {
        if Self.servedHere.withLock({ $0.contains(path) }) { return }
        let descriptor = open(servingLockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return
        }
        throw BuildFailure([Diagnostic(SourceLocation(path: requested),
                                       "is the folder of a running paperpages serve\(Self.holder(servingLockPath)), which serves what is built there; build into another folder, such as Public")])
    }

    /// A lock file's contents: this process's number, which `holder` reads back.
    static func writeProcessNumber(to descriptor: Int32) {
        _ = ftruncate(descriptor, 0)
        _ = "\(getpid())\n".withCString { write(descriptor, $0, strlen($0)) }
    }

    /// ` (process N)`, from a lock file, or nothing.
    static func holder(_ lockFile: String) -> String {
        let pid = (try? String(contentsOfFile: lockFile, encoding: .utf8))?.trimmingWhitespace(newlines: true) ?? ""
        return pid.isEmpty ? "" : " (process \(pid))"
    }

    /// Whether another process holds the output's build lock now: its lock file is there and
    /// names a running process (or none yet: a build between taking the lock and writing its
    /// number). Read, not tried with `flock`: a try that succeeded would hold the lock for an
    /// instant, and a build starting then would be refused.
    public var isLockedByAnotherBuild: Bool {
        guard let text = try? String(contentsOfFile: lockPath, encoding: .utf8) else { return false }
        guard let pid = Int32(text.trimmingWhitespace(newlines: true)) else { return true }
        return pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
    }
}

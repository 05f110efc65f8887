import Foundation

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
                let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingWhitespace(newlines: true) ?? ""
                close(descriptor)
                throw BuildFailure([Diagnostic(SourceLocation(path: requested),
                    "another paperpages build is writing this folder\(holder.isEmpty ? "" : " (process \(holder))"); wait for it to finish, then build again")])
            }
            // The file may have been removed by the build that held it between our open and
            // our flock: then this lock guards nothing; take the new file instead.
            var opened = stat(), current = stat()
            if fstat(descriptor, &opened) == 0, stat(lockPath, &current) == 0,
               opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                let pid = "\(getpid())\n"
                _ = ftruncate(descriptor, 0)
                _ = pid.withCString { write(descriptor, $0, strlen($0)) }
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

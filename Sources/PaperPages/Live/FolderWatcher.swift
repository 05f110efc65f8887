import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches the content and layouts folders and yields the files that changed, in batches
/// (see `ChangeCoalescer`).
///
/// On Linux it asks the kernel (inotify), one watch per folder, added as folders appear, so
/// a save is seen within a millisecond and an idle site costs nothing. Where inotify is
/// missing or its watches run out, it falls back to comparing every file's size, time and
/// inode once a second (at 10,000 papers, a few tens of milliseconds of one core).
///
/// Paths are spelled as the folder given plus the path inside it, as the loader spells them.
public final class FolderWatcher: Sendable {
    public let folders: [String]
    /// How the watcher learns of changes, for the server's first line and the tests.
    public enum Mode: String, Sendable { case inotify, polling }
    private let stopped = Atomic<Bool>(false)
    private let pollingInterval: Duration
    private let coalescing: ChangeCoalescer

    public init(folders: [String], pollingInterval: Duration = .seconds(1),
                quiet: Duration = .milliseconds(15), longest: Duration = .milliseconds(250)) {
        self.folders = folders
        self.pollingInterval = pollingInterval
        self.coalescing = ChangeCoalescer(quiet: quiet, longest: longest)
    }

    /// Starts watching on a thread of its own; the stream ends when `stop` is called.
    public func start(forcePolling: Bool = false) -> (mode: Mode, changes: AsyncStream<ChangedFiles>) {
        let (stream, continuation) = AsyncStream<ChangedFiles>.makeStream()
        continuation.onTermination = { [self] _ in stop() }
        #if canImport(Glibc)
        if !forcePolling, let inotify = Inotify(folders: folders) {
            let thread = Thread { [self] in
                run(inotify, continuation)
                continuation.finish()
            }
            thread.name = "paperpages-watcher"
            thread.start()
            return (.inotify, stream)
        }
        #endif
        let thread = Thread { [self] in
            runPolling(continuation)
            continuation.finish()
        }
        thread.name = "paperpages-watcher"
        thread.start()
        return (.polling, stream)
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    #if canImport(Glibc)
    private func run(_ inotify: Inotify, _ continuation: AsyncStream<ChangedFiles>.Continuation) {
        var coalescer = coalescing
        let clock = ContinuousClock()
        defer { close(inotify.descriptor) }
        while !isStopped {
            // Wakes at least every 100 ms to see whether to stop.
            var wait = 100
            if let deadline = coalescer.deadline {
                wait = max(0, min(wait, Int(((deadline - clock.now).seconds * 1000).rounded(.up))))
            }
            var poller = pollfd(fd: inotify.descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, Int32(wait)) > 0 {
                coalescer.add(inotify.readEvents(), at: clock.now)
            }
            if let batch = coalescer.take(at: clock.now) { continuation.yield(batch) }
        }
    }
    #endif

    private func runPolling(_ continuation: AsyncStream<ChangedFiles>.Continuation) {
        var known = FileStates.take(folders)
        let clock = ContinuousClock()
        var next = clock.now + pollingInterval
        while !isStopped {
            if clock.now < next {
                Thread.sleep(forTimeInterval: min(0.1, (next - clock.now).seconds))
                continue
            }
            next = clock.now + pollingInterval
            let now = FileStates.take(folders)
            let changed = known.changes(to: now)
            known = now
            if !changed.isEmpty { continuation.yield(changed) }
        }
    }
}

/// Every file's size, modification time and inode under some folders: what polling compares.
struct FileStates: Sendable {
    struct State: Equatable, Sendable {
        var size: Int64, seconds: Int, nanoseconds: Int, inode: UInt64
    }
    var files: [String: State] = [:]

    /// One pass over the folders: a `readdir` and an `fstatat` per entry, no more (a build's
    /// walk also checks links and permissions; the build that follows reports those).
    static func take(_ folders: [String]) -> FileStates {
        var states = FileStates()
        var seen = Set<[UInt64]>()   // folders visited, by device and inode: links may loop
        func visit(_ folder: String) {
            guard let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            let descriptor = dirfd(directory)
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." || SourceFiles.isIgnored(name) { continue }
                var info = stat()
                guard fstatat(descriptor, name, &info, 0) == 0 else { continue }
                let path = joinPath(folder, name)
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted { visit(path) }
                } else {
                    states.files[path] = State(size: Int64(info.st_size), seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec,
                                               inode: UInt64(info.st_ino))
                }
            }
        }
        for folder in folders { visit(folder) }
        return states
    }

    func changes(to now: FileStates) -> ChangedFiles {
        var paths = Set<String>()
        for (path, state) in now.files where files[path] != state { paths.insert(path) }
        for path in files.keys where now.files[path] == nil { paths.insert(path) }
        return ChangedFiles(paths: paths)
    }
}

#if canImport(Glibc)
/// One inotify instance watching folders and every folder inside them.
private final class Inotify: @unchecked Sendable {
    // Used by the watcher's thread only, after `init`.
    let descriptor: Int32
    private var folderOf: [Int32: String] = [:]
    private var overflowed = false
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                                     | IN_DELETE_SELF | IN_MOVE_SELF)

    init?(folders: [String]) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        for folder in folders {
            guard watchTree(folder) else {
                close(descriptor)
                return nil
            }
        }
    }

    /// Watches a folder and every folder inside it; false when the kernel refuses (the
    /// per-user limit of watches, `fs.inotify.max_user_watches`, is reached).
    @discardableResult
    private func watchTree(_ folder: String) -> Bool {
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        if watch < 0 { return errno != ENOSPC && errno != ENOMEM ? true : false }
        folderOf[watch] = folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return true }
        for name in names where !SourceFiles.isIgnored(name) {
            let path = joinPath(folder, name)
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, !watchTree(path) { return false }
        }
        return true
    }

    /// Every file under a folder that just appeared: it may have filled before its watch was added.
    private func filesUnder(_ folder: String) -> [String] {
        ((try? FolderWalk(folder).files()) ?? []).map { joinPath(folder, $0) }
    }

    func readEvents() -> ChangedFiles {
        var changes = ChangedFiles()
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size)
                let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
                handle(event, name: name, into: &changes)
            }
        }
        return changes
    }

    private func handle(_ event: inotify_event, name: String, into changes: inout ChangedFiles) {
        if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
            changes.everything = true
            return
        }
        guard let folder = folderOf[event.wd] else { return }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            folderOf[event.wd] = nil
            return
        }
        if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
            // A watched folder went away or moved: what it held is gone from its old path.
            changes.everything = true
            return
        }
        guard !name.isEmpty, !SourceFiles.isIgnored(name) else { return }
        let path = joinPath(folder, name)
        changes.paths.insert(path)
        if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            if !watchTree(path) { changes.everything = true }
            changes.paths.formUnion(filesUnder(path))
        } else if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
            // Its files are gone from their paths: the loader re-lists the folder.
            changes.everything = true
        }
    }
}
#endif

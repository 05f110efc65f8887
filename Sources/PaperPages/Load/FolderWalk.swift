import Foundation

/// Lists a source folder the way a build must: a symlinked root is followed; a link inside
/// it may point anywhere inside it (followed, loops caught) but never outside; an unreadable
/// file or folder, a link to nowhere and a device are errors naming the path, never skipped.
/// Version-control folders and editor litter (`SourceFiles.isIgnored`) are skipped, and a
/// link to them, or to a hidden file, is an error (`SourceFiles.unpublished`).
struct FolderWalk {
    let folder: String
    private var problems = DiagnosticLog()
    private var found: [(path: String, info: stat)] = []

    init(_ folder: String) {
        self.folder = folder
    }

    /// Paths of every file, relative to the folder, sorted; throws every problem found.
    func files() throws -> [String] {
        try filesWithInfo().map(\.path)
    }

    /// Every file, as `files()`, with what `stat` said of it (of a link's target) when it
    /// was listed: the build's input stamp is made of these, not of a second `stat` each.
    func filesWithInfo() throws -> [(path: String, info: stat)] {
        var walk = self
        guard let root = realpath(folder, nil) else {
            throw BuildFailure([Diagnostic(SourceLocation(path: folder), "cannot be read: \(SystemError.describe(errno))")])
        }
        let rootPath = String(cString: root)
        free(root)
        var info = stat()
        guard stat(rootPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw BuildFailure([Diagnostic(SourceLocation(path: folder), "is not a folder")])
        }
        walk.visit(relative: "", realRoot: rootPath, ancestors: [FileID(info)])
        try walk.problems.throwIfAny()
        return walk.found.sorted { $0.path < $1.path }
    }

    /// What `lstat` said of a folder's entry (or why it failed), and for a file why it can't
    /// be read, if it can't.
    private struct EntryInfo: Sendable {
        var info = stat()
        var lstatError: Int32?
        var unreadable: Int32?
    }

    /// The entries' `lstat`, on all cores for a big folder (a system call or two each,
    /// 10,000 in a reading list's papers/ folder).
    private static func entryInfos(_ paths: [String]) -> [EntryInfo] {
        let look = { @Sendable (path: String) -> EntryInfo in
            var entry = EntryInfo()
            if lstat(path, &entry.info) != 0 {
                entry.lstatError = errno
            } else if (entry.info.st_mode & S_IFMT) == S_IFREG {
                entry.unreadable = unreadable(path)
            }
            return entry
        }
        return paths.count < 64 ? paths.map(look) : paths.concurrentMap(look)
    }

    /// Why a file can't be read (errno), or nil when it can.
    private static func unreadable(_ path: String) -> Int32? {
        access(path, R_OK) == 0 ? nil : errno
    }

    private struct FileID: Hashable {
        var device: UInt64, inode: UInt64
        init(_ info: stat) { device = UInt64(info.st_dev); inode = UInt64(info.st_ino) }
    }

    private mutating func visit(relative: String, realRoot: String, ancestors: Set<FileID>) {
        let path = relative.isEmpty ? folder : joinPath(folder, relative)
        guard let listed = directoryNames(path) else {
            problems.error(SourceLocation(path: path), "this folder cannot be read: \(SystemError.describe(errno))")
            return
        }
        let names = listed.filter { !SourceFiles.isIgnored($0) }.sorted()
        let children = names.map { relative.isEmpty ? $0 : relative + "/" + $0 }
        let infos = Self.entryInfos(children.map { joinPath(folder, $0) })
        for ((name, child), entry) in zip(zip(names, children), infos) {
            if name.hasPrefix(notUTF8Mark) {
                let shown = relative.isEmpty ? String(name.dropFirst()) : relative + "/" + name.dropFirst()
                problems.error(SourceLocation(path: joinPath(folder, shown)),
                               "this name is not UTF-8 text (shown with \u{FFFD} where its bytes are not), so it cannot be a web address; rename it")
                continue
            }
            let childPath = joinPath(folder, child)
            // A newline in a name would split the message that names it, and the URL made of it.
            if name.unicodeScalars.contains(where: \.isControlCharacter) {
                problems.error(SourceLocation(path: escapedForMessage(childPath, limit: 200)),
                               "this name holds a control character (shown escaped); rename it")
                continue
            }
            if let error = entry.lstatError {
                problems.error(SourceLocation(path: childPath), "cannot be read: \(SystemError.describe(error))")
                continue
            }
            var info = entry.info
            var unreadable = entry.unreadable
            if (info.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: childPath)) ?? "?"
                guard let resolved = realpath(childPath, nil) else {
                    let reason = errno == ELOOP ? "symbolic links that lead in a loop" : "\(target), which does not exist"
                    problems.error(SourceLocation(path: childPath), "is a symbolic link to \(reason); fix or remove the link")
                    continue
                }
                let real = String(cString: resolved)
                free(resolved)
                guard RealPath.isSameOrAncestor(realRoot, of: real) else {
                    problems.error(SourceLocation(path: childPath),
                                   "is a symbolic link to \(real), outside \(folder); links may only point inside it (copy the file in instead)")
                    continue
                }
                // A link is published only where its target would be: `repo -> .git` or
                // `a.txt -> secrets.bak` would publish what the walk skips or refuses.
                let targetRelative = real == realRoot ? "" : String(real.dropFirst(realRoot.count + 1))
                if let reason = SourceFiles.unpublished(targetRelative) {
                    problems.error(SourceLocation(path: childPath),
                                   "is a symbolic link to \(targetRelative), \(reason); a link is published only where its target would be: remove the link, or copy in what should be published")
                    continue
                }
                guard stat(childPath, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFREG { unreadable = Self.unreadable(childPath) }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let id = FileID(info)
                if ancestors.contains(id) {
                    problems.error(SourceLocation(path: childPath), "leads back to a folder that contains it (a loop of links); remove the link")
                    continue
                }
                visit(relative: child, realRoot: realRoot, ancestors: ancestors.union([id]))
            case S_IFREG:
                if let error = unreadable {
                    problems.error(SourceLocation(path: childPath), "cannot be read: \(SystemError.describe(error))")
                    continue
                }
                found.append((child, info))
            default:
                problems.error(SourceLocation(path: childPath), "is not a file or a folder (a device, socket or pipe); remove it")
            }
        }
    }
}

import Foundation

/// The folder a build publishes into, checked before anything is read or written.
///
/// A build replaces the whole output folder, so pointing it at the wrong place would delete
/// whatever was there. Like git (which never deletes what it did not create), the build only
/// replaces a folder that is new, empty, or marked as a site paperpages wrote; it never
/// touches the sources, the working directory, `/` or a home folder, even with `--force`.
public struct OutputFolder: Sendable {
    /// As the user spelled it, for messages.
    public let requested: String
    /// The real, absolute folder: a symlink given as output is followed, never replaced.
    public let path: String

    /// Written into every published site; only a folder carrying it is replaced without `--force`.
    public static let marker = ".paperpages-site"
    static let markerText = "This folder was written by paperpages and is replaced as a whole by every build.\n"

    /// The folders the output must stay clear of, by what a message calls them.
    public struct Protected: Sendable {
        public var label: String
        public var path: String
        /// Also refuse an output inside it (the sources: the next build would read the site).
        public var refuseInside: Bool

        public init(label: String, path: String, refuseInside: Bool) {
            self.label = label
            self.path = path
            self.refuseInside = refuseInside
        }
    }

    public init(_ requested: String, content: String, layouts: String, force: Bool) throws {
        let protected = [
            Protected(label: "the content folder (\(content))", path: content, refuseInside: true),
            Protected(label: "the layouts folder (\(layouts))", path: layouts, refuseInside: true),
            Protected(label: "the working directory", path: FileManager.default.currentDirectoryPath, refuseInside: false),
        ]
        try self.init(requested, protecting: protected, force: force)
    }

    public init(_ requested: String, protecting protected: [Protected], force: Bool) throws {
        self.requested = requested
        func refuse(_ reason: String) -> BuildFailure {
            BuildFailure([Diagnostic(SourceLocation(path: requested), reason)])
        }
        guard !requested.isEmpty else { throw refuse("the output folder must be named") }
        guard let real = RealPath.resolve(requested) else {
            throw refuse("is a symbolic link that leads in a loop; point --output at a folder")
        }
        path = real

        var info = stat()
        let exists = lstat(real, &info) == 0
        if exists && (info.st_mode & S_IFMT) != S_IFDIR {
            throw refuse("is a file, not a folder: a build writes a folder of pages there; choose another --output, such as Public")
        }
        let action = "a build replaces the output folder as a whole, which would delete"
        if real == "/" { throw refuse("is the root folder; \(action) everything on this machine. Choose a folder of its own, such as Public") }
        for home in Self.homeFolders() where RealPath.isSameOrAncestor(real, of: home) {
            throw refuse("\(real == home ? "is" : "contains") a home folder (\(home)); \(action) it. Choose a folder of its own, such as Public")
        }
        let resolved = protected.compactMap { folder in RealPath.resolve(folder.path).map { (folder, $0) } }
        for (folder, other) in resolved where real == other {
            throw refuse("is \(folder.label); \(action) it. Choose a folder of its own, such as Public")
        }
        for (folder, other) in resolved {
            if RealPath.isSameOrAncestor(real, of: other) {
                throw refuse("contains \(folder.label); \(action) it. Choose a folder of its own, such as Public")
            }
            if folder.refuseInside && RealPath.isSameOrAncestor(other, of: real) {
                throw refuse("is inside \(folder.label); the site would be written among the sources and read back as content by the next build. Choose a folder outside it")
            }
        }
        if exists && !force {
            let foreign = Self.foreignEntries(real)
            if !foreign.isEmpty {
                let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", ..." : "")
                let one = foreign.count == 1
                throw refuse("holds \(foreign.count) file\(one ? "" : "s") or folder\(one ? "" : "s") that paperpages did not write (\(shown)), "
                             + "and no \(Self.marker) file that marks a site it wrote; \(action) \(one ? "it" : "them"). "
                             + "Choose an empty or new folder, or pass --force to replace it (once, for a site an earlier paperpages wrote without the mark)")
            }
        }
    }

    var parent: String { (path as NSString).deletingLastPathComponent }
    var name: String { (path as NSString).lastPathComponent }
    /// Whether the folder holds a site paperpages wrote (its files may then be reused).
    var holdsSite: Bool { FileManager.default.fileExists(atPath: joinPath(path, Self.marker)) }

    /// Names beside the output that belong to a build of it: the lock and staging folders.
    var lockPath: String { joinPath(parent, ".\(name).paperpages-lock") }
    var stagingPrefix: String { ".\(name).paperpages-staging-" }

    /// The entries of an existing folder that say paperpages did not write it: everything,
    /// unless it is empty, holds only `.gitkeep`, or carries the marker.
    static func foreignEntries(_ folder: String) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        if entries.contains(marker) { return [] }
        return entries.filter { $0 != ".gitkeep" }
    }

    /// `$HOME` and every folder in /home, and root's.
    static func homeFolders() -> [String] {
        var homes: Set<String> = ["/root", "/home"]
        if let home = ProcessInfo.processInfo.environment["HOME"], let real = RealPath.resolve(home), real != "/" { homes.insert(real) }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/home")) ?? [] { homes.insert("/home/" + entry) }
        return homes.sorted()
    }
}

/// Absolute paths with every symbolic link resolved, also for paths that do not exist yet.
enum RealPath {
    /// The real path: the longest existing prefix through `realpath`, the rest lexically.
    /// Nil for a loop of links.
    static func resolve(_ path: String, depth: Int = 0) -> String? {
        guard depth < 40 else { return nil }
        let absolute = path.hasPrefix("/") ? path : joinPath(FileManager.default.currentDirectoryPath, path)
        var existing = absolute
        var rest: [String] = []
        while true {
            var info = stat()
            if lstat(existing, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFLNK, stat(existing, &info) != 0 {
                    // A dangling link: follow where it points, relative to its own folder.
                    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: existing) else { return nil }
                    let base = (existing as NSString).deletingLastPathComponent
                    let next = target.hasPrefix("/") ? target : joinPath(base, target)
                    return resolve(([next] + rest).joined(separator: "/"), depth: depth + 1)
                }
                break
            }
            if errno == ELOOP { return nil }
            let component = (existing as NSString).lastPathComponent
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing { break }
            rest.insert(component, at: 0)
            existing = parent
        }
        guard let resolved = realpath(existing, nil) else { return errno == ELOOP ? nil : lexical(absolute) }
        defer { free(resolved) }
        return lexical(([String(cString: resolved)] + rest).joined(separator: "/"))
    }

    /// `.` and `..` and repeated slashes removed without touching the disk.
    static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func isSameOrAncestor(_ folder: String, of other: String) -> Bool {
        folder == other || folder == "/" || other.hasPrefix(folder + "/")
    }
}

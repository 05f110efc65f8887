/// A file of the site as the preview server serves it.
public enum ServedFile: Sendable, Equatable {
    /// A file on disk: a page of the site built when the server started, or a file copied
    /// unchanged (the layouts' CSS and JavaScript, the content's images, KaTeX), read from its
    /// source so that an edit to it is served at once.
    case disk(String)
    /// A page rendered since the server started, held in memory, with a hash of its bytes.
    case memory([UInt8], hash: UInt64)
}

/// The site the preview server serves: what every path holds now, and the problems of the
/// last rebuild, shown over every page until they are fixed.
public struct ServedSite: Sendable {
    /// By path in the site: `papers/x/index.html`, `style.css`.
    public var files: [String: ServedFile] = [:]
    /// The base path the site is built for and served under: `/` or `/sub/`.
    public var basePath = "/"
    /// Counts every change, so that a page can ask what changed since it was served.
    public var version = 0
    /// The last rebuild's problems, empty when it succeeded.
    public var problems: [Diagnostic] = []
    /// The version at which each path last changed (appeared, changed or vanished), so that a
    /// page served before a change and opened after it can tell; 0 for none since the start.
    public var changedAt: [String: Int] = [:]
    /// The version at which `problems` last changed.
    public var problemsChangedAt = 0

    public init() {}
}

/// What one step of a rebuild changed, told to the open pages.
public struct SiteChange: Sendable, Equatable {
    public var version: Int
    /// Paths in the site whose bytes changed, that appeared or that vanished.
    public var paths: Set<String>
    public var problems: [Diagnostic]
}

/// Files that changed in the content or layouts folder, as the watcher saw them.
public struct ChangedFiles: Sendable, Equatable {
    /// Spelled as the folder given plus the path inside it (`Content/papers/x.md`), as the
    /// loader spells them.
    public var paths: Set<String>
    /// The watcher lost track (too many events, a folder replaced): read everything again.
    public var everything: Bool

    public init(paths: Set<String> = [], everything: Bool = false) {
        self.paths = paths
        self.everything = everything
    }

    public var isEmpty: Bool { paths.isEmpty && !everything }

    public mutating func formUnion(_ other: ChangedFiles) {
        paths.formUnion(other.paths)
        everything = everything || other.everything
    }
}

/// One rebuild, for the server's log line and the tests that count what an edit re-rendered.
public struct RebuildReport: Sendable {
    public var pagesRendered = 0
    /// Pages whose bytes changed (a page re-rendered to the same bytes does not count).
    public var pathsChanged = 0
    public var pathsRemoved = 0
    public var searchRebuilt = false
    /// A build into the serve folder (at start, or while no build had succeeded), not an edit.
    public var builtOnDisk = false
    public var problems: [Diagnostic] = []
    /// From the save being seen to the edited files' own pages being served.
    public var firstPagesSeconds = 0.0
    public var seconds = 0.0
    public var steps: [StepTime] = []
}

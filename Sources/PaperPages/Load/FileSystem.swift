import Foundation

/// The file access the pipeline needs, as a small injectable value: tests and tools can
/// swap any part of it without touching the pipeline.
public struct FileSystem: Sendable {
    /// Paths of every file under a folder, relative to it, sorted (see `FolderWalk`).
    public var listFiles: @Sendable (_ folder: String) throws -> [String]
    public var read: @Sendable (_ path: String) throws -> Data
    public var exists: @Sendable (_ path: String) -> Bool
    /// The machine's own files: only then can file metadata tell that nothing changed since
    /// the last build (`InputStamp`); a stand-in file system always builds.
    var isLocal = false

    public init(
        listFiles: @escaping @Sendable (String) throws -> [String],
        read: @escaping @Sendable (String) throws -> Data,
        exists: @escaping @Sendable (String) -> Bool
    ) {
        self.listFiles = listFiles
        self.read = read
        self.exists = exists
    }

    public static let local: FileSystem = {
        var local = FileSystem(
            listFiles: { folder in try FolderWalk(folder).files() },
            read: { path in try Data(contentsOf: URL(fileURLWithPath: path)) },
            exists: { path in FileManager.default.fileExists(atPath: path) }
        )
        local.isLocal = true
        return local
    }()
}

extension FileSystem {
    /// This file system with some folders' files already listed (by `InputStamp`'s walk,
    /// taken at the start of the build): a folder of 17,000 files is walked once, not twice.
    func remembering(_ listings: [String: [String]]) -> FileSystem {
        var remembering = self
        let list = listFiles
        remembering.listFiles = { folder in try listings[folder] ?? list(folder) }
        return remembering
    }

    /// The folder's files, with problems in it (a link outside, an unreadable file) logged so
    /// the rest is still checked; throws only when the folder itself can't be read.
    func listFiles(_ folder: String, log: inout DiagnosticLog) throws -> [String] {
        do {
            return try listFiles(folder)
        } catch let failure as BuildFailure {
            if failure.diagnostics.contains(where: { $0.location.path == folder }) { throw failure }
            log.append(contentsOf: failure.diagnostics)
            return []
        }
    }
}

/// Joins a user-given folder and a relative path the way the user would write it.
public func joinPath(_ folder: String, _ relative: String) -> String {
    if folder.isEmpty || folder == "." { return relative }
    return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
}

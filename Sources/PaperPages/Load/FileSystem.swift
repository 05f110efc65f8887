import Foundation

/// The file access the pipeline needs, as a small injectable value: tests and tools can
/// swap any part of it without touching the pipeline.
public struct FileSystem: Sendable {
    /// Paths of every regular file under a folder, relative to it, sorted; hidden files skipped.
    public var listFiles: @Sendable (_ folder: String) throws -> [String]
    public var read: @Sendable (_ path: String) throws -> Data
    public var exists: @Sendable (_ path: String) -> Bool

    public init(
        listFiles: @escaping @Sendable (String) throws -> [String],
        read: @escaping @Sendable (String) throws -> Data,
        exists: @escaping @Sendable (String) -> Bool
    ) {
        self.listFiles = listFiles
        self.read = read
        self.exists = exists
    }

    public static let local = FileSystem(
        listFiles: { folder in
            let root = URL(fileURLWithPath: folder, isDirectory: true)
            guard let walker = FileManager.default.enumerator(
                at: root,
                includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles]
            ) else { return [] }
            let prefix = root.standardizedFileURL.path.count + 1
            var files: [String] = []
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                files.append(String(url.standardizedFileURL.path.dropFirst(prefix)))
            }
            return files.sorted()
        },
        read: { path in try Data(contentsOf: URL(fileURLWithPath: path)) },
        exists: { path in FileManager.default.fileExists(atPath: path) }
    )
}

/// Joins a user-given folder and a relative path the way the user would write it.
func joinPath(_ folder: String, _ relative: String) -> String {
    if folder.isEmpty || folder == "." { return relative }
    return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
}

import Foundation
import Synchronization

/// The real folders a file may be served from: the built site, the content, the layouts,
/// KaTeX. Resolved when first asked for and again while one does not exist yet: the serve
/// folder is made by the first build that succeeds, which may come long after the start
/// (a first build that failed, or waited for another build's lock). Resolved once at start,
/// a missing folder stayed missing, and every page the first build wrote was refused.
final class ServedRoots: Sendable {
    private let folders: [String]
    private let resolved: Mutex<[String?]>

    init(_ folders: [String]) {
        self.folders = folders
        resolved = Mutex(folders.map { _ in nil })
    }

    /// Whether `path` (a real path) is inside one of the folders.
    func contains(_ path: String) -> Bool {
        let roots = resolved.withLock { known -> [String] in
            for (index, folder) in folders.enumerated() where known[index] == nil { known[index] = Self.realPath(folder) }
            return known.compactMap { $0 }
        }
        return roots.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    private static func realPath(_ folder: String) -> String? {
        guard let real = realpath(folder, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}

import Foundation

/// How `import` and `new` put a file into the content folder: written whole under a temporary
/// name (`SourceFiles.temporaryName`, which the content walk never takes for content), then
/// linked into place where no file is, or renamed over the file it replaces. A reader (a build,
/// serve's watcher) sees the old file or the new one, never half of one; a command killed
/// in between leaves only the temporary file, which the next `import` or `new` removes (`prepare`).
enum ContentFileWriter {
    enum Outcome { case written, exists }

    /// Removes what killed commands left in `folder`: called once per command, before its
    /// first write there (a listing of papers/ per imported entry was 80 listings of 10,000
    /// names for one PMLR volume).
    static func prepare(_ folder: String) {
        SourceFiles.removeTemporaryLeftovers(in: folder.isEmpty ? "." : folder)
    }

    /// Writes `text` at `path`; `.exists` (and nothing written) when `replacing` is false and
    /// a file is already there.
    static func write(_ text: String, to path: String, replacing: Bool) throws -> Outcome {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = joinPath(folder, SourceFiles.temporaryName(for: (path as NSString).lastPathComponent))
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            unlink(temporary)
            throw Diagnostic(SourceLocation(path: path), "was not written: \(SystemError.describe(error))")
        }
        defer { unlink(temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else {
                throw Diagnostic(SourceLocation(path: path), "was not written: \(SystemError.describe(errno))")
            }
            return .written
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return .exists }
            throw Diagnostic(SourceLocation(path: path), "was not written: \(SystemError.describe(errno))")
        }
        return .written
    }
}

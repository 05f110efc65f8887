import Foundation

/// `paperpages init`: a new site of one's own, from the shipped `Starter/` folder.
///
/// The folder must be new, or empty but for a `.git` (a repository just created and cloned);
/// every file is created where none is (`ContentFileWriter`, linked into place), so nothing is
/// ever overwritten, even by a file that appears while init runs.
public struct SiteStarter: Sendable {
    public enum Host: String, Sendable, CaseIterable {
        case github, gitlab, none
    }

    /// The shipped starter folder (`BuiltInFiles.starter`).
    public var starter: String
    public var host: Host = .github
    public var title: String?
    public var author: String?
    /// Where the deploy workflow fetches paperpages from, and the tag or commit it builds.
    public var source: String = PaperPagesVersion.source
    public var ref: String = PaperPagesVersion.releaseTag

    public init(starter: String) {
        self.starter = starter
    }

    /// Starter files whose names are hidden in the site, kept visible in the repository (a
    /// `.github/` or `.gitignore` there would act on paperpages' own repository).
    static let renames = ["gitignore": ".gitignore", "github": ".github", "gitlab-ci.yml": ".gitlab-ci.yml"]

    /// Writes the site into `folder`; returns the files written, relative to it.
    public func start(in folder: String) throws -> [String] {
        try Self.refuseUnsuitable(folder)
        let files = BuiltInFiles.files(in: starter).filter { include($0) }
        if !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw Diagnostic(SourceLocation(path: folder), "cannot be made: \(SystemError.describe(error))")
            }
        }
        var written: [String] = []
        for file in files {
            let target = Self.siteName(file)
            let path = joinPath(folder, target)
            let parent = (path as NSString).deletingLastPathComponent
            do { if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } } catch {
                throw Diagnostic(SourceLocation(path: parent), "cannot be made: \(SystemError.describe(error))")
            }
            guard let data = FileManager.default.contents(atPath: joinPath(starter, file)) else {
                throw Diagnostic(SourceLocation(path: joinPath(starter, file)), "cannot be read; reinstall paperpages")
            }
            let text = fill(String(decoding: data, as: UTF8.self), file: target)
            if try ContentFileWriter.write(text, to: path, replacing: false) == .exists {
                throw Diagnostic(SourceLocation(path: path), "appeared while init was running; it was left as it is, and init stopped")
            }
            written.append(target)
        }
        return written
    }

    private func include(_ file: String) -> Bool {
        switch Self.siteName(file) {
        case let name where name.hasPrefix(".github/"): host == .github
        case ".gitlab-ci.yml": host == .gitlab
        default: true
        }
    }

    static func siteName(_ file: String) -> String {
        var parts = file.split(separator: "/").map(String.init)
        if let first = parts.first, let renamed = renames[first] { parts[0] = renamed }
        return parts.joined(separator: "/")
    }

    /// The starter's placeholders, and site.yaml's title and author when given.
    private func fill(_ text: String, file: String) -> String {
        var text = text
        for (token, value) in [("@PAPERPAGES_VERSION@", PaperPagesVersion.current), ("@PAPERPAGES_SOURCE@", source),
                               ("@PAPERPAGES_REF@", ref), ("@PAPERPAGES_HOMEPAGE@", PaperPagesVersion.homepage)] {
            text = text.replacingOccurrences(of: token, with: value)
        }
        if file == "Content/site.yaml" {
            if let title { text = Self.replacingValue(of: "title", with: title, in: text) }
            if let author { text = Self.replacingValue(of: "author", with: author, in: text) }
        }
        return text
    }

    /// `key: "..."` with a new value, quoted as a YAML double-quoted string (JSON's escapes).
    static func replacingValue(of key: String, with value: String, in text: String) -> String {
        let quoted = (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(key + ":") ? "\(key): \(quoted)" : String(line)
        }.joined(separator: "\n")
    }

    /// A folder init may write into: none yet, or an empty one (a `.git` allowed); never a
    /// file, a link (whose target is not what the user named) or a folder with files.
    static func refuseUnsuitable(_ folder: String) throws {
        var info = stat()
        guard lstat(folder, &info) == 0 else {
            if errno == ENOENT { return }
            throw Diagnostic(SourceLocation(path: folder), "cannot be read: \(SystemError.describe(errno))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw Diagnostic(SourceLocation(path: folder), "is a symbolic link; give init the folder itself (or a new name), so the site is written where you can see it")
        default:
            throw Diagnostic(SourceLocation(path: folder), "is a file, not a folder; give init a new folder name, as in `paperpages init my-reading-list`")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw Diagnostic(SourceLocation(path: folder), "cannot be read: \(SystemError.describe(error))")
        }
        let others = entries.filter { $0 != ".git" }.sorted()
        if !others.isEmpty {
            let shown = others.prefix(3).joined(separator: ", ") + (others.count > 3 ? " and \(others.count - 3) more" : "")
            throw Diagnostic(SourceLocation(path: folder), "is not empty (it holds \(shown)); init writes only into a new or empty folder and never overwrites a file: "
                             + "give it a new folder name, as in `paperpages init my-reading-list`")
        }
    }
}

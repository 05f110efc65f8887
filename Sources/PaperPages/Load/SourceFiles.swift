import Foundation

/// Which files of Content/ and Layouts/ a build reads, publishes, skips or refuses.
///
/// Editors, operating systems and version control leave files beside the sources; they are
/// skipped without a word. Hidden files are refused, except the few a static host reads,
/// since publishing a `.env` by accident is worse than being told about it.
enum SourceFiles {
    /// Never read nor published: version control, desktop litter, editor backups and swap files.
    static func isIgnored(_ name: String) -> Bool {
        if ignoredNames.contains(name) || isTemporary(name) { return true }
        if name.hasSuffix("~") || name.hasPrefix(".#") || name.hasPrefix("._") || name.hasPrefix(".~lock.") { return true }
        if name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#") { return true }
        return ignoredExtensions.contains { name.hasSuffix($0) }
    }

    private static let ignoredNames: Set<String> = [
        ".git", ".svn", ".hg", ".gitignore", ".gitkeep", ".gitattributes", ".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX",
    ]
    private static let ignoredExtensions = [".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp"]

    /// What `import` and `new` write before linking a file into place: `<name>.paperpages-tmp-<pid>`.
    /// A command killed before it removed its file leaves one, which is never content.
    static func temporaryName(for name: String, process: Int32 = getpid()) -> String {
        "\(name)\(temporaryMark)\(process)"
    }

    static let temporaryMark = ".paperpages-tmp-"

    static func isTemporary(_ name: String) -> Bool {
        // The marks the first versions of `import` and `new` used, which a killed one may have left.
        // Searched as bytes (`containsBytes`): Foundation's `contains` was most of listing a
        // folder of 10,000 papers.
        [temporaryMark, ".paperpages-import-", ".paperpages-new-"].contains { name.containsBytes($0) }
    }

    /// Removes the temporary files that commands killed before they finished left in `folder`
    /// (those of a process that is still running are its own, and stay).
    static func removeTemporaryLeftovers(in folder: String) {
        for name in directoryNames(folder) ?? [] where isTemporary(name) {
            guard let pid = name.split(separator: "-").last.flatMap({ Int32($0) }) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(joinPath(folder, name)) }
        }
    }

    /// Why a file or folder at `relative` (a path inside a source folder) is never published,
    /// or nil when it may be: it is skipped (version control, litter, a temporary file), or
    /// refused (hidden). A symbolic link obeys the rule of the file it points to.
    static func unpublished(_ relative: String) -> String? {
        if relative.split(separator: "/").contains(where: { isIgnored(String($0)) }) {
            return "which the build never publishes (version control, editor backups, swap files and temporary files are skipped)"
        }
        return problem(publishing: relative).map { _ in
            "which is hidden, and hidden files are not published except \(publishedHidden.sorted().joined(separator: ", "))"
        }
    }

    /// Hidden files and folders that static hosts read: GitHub Pages, Apache, RFC 8615.
    static let publishedHidden: Set<String> = [".nojekyll", ".htaccess", ".well-known"]

    /// Why a file (relative to its folder) cannot be published as it is, or nil. (A Markdown
    /// file outside the kind folders is refused by the content loader, which knows them.)
    static func problem(publishing relative: String) -> String? {
        let parts = relative.split(separator: "/")
        if let hidden = parts.first(where: { $0.hasPrefix(".") }), !(parts.first == hidden && publishedHidden.contains(String(hidden))) {
            return "is hidden ('\(hidden)'), and hidden files are not published except \(publishedHidden.sorted().joined(separator: ", ")), which static hosts read; move it out of the folder or rename it"
        }
        return nil
    }

    static func isMarkdown(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }
}

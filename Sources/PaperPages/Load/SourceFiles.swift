/// Which files of Content/ and Layouts/ a build reads, publishes, skips or refuses.
///
/// Editors, operating systems and version control leave files beside the sources; they are
/// skipped without a word. Hidden files are refused, except the few a static host reads,
/// since publishing a `.env` by accident is worse than being told about it.
enum SourceFiles {
    /// Never read nor published: version control, desktop litter, editor backups and swap files.
    static func isIgnored(_ name: String) -> Bool {
        if ignoredNames.contains(name) { return true }
        if name.hasSuffix("~") || name.hasPrefix(".#") || name.hasPrefix("._") || name.hasPrefix(".~lock.") { return true }
        if name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#") { return true }
        return ignoredExtensions.contains { name.hasSuffix($0) }
    }

    private static let ignoredNames: Set<String> = [
        ".git", ".svn", ".hg", ".gitignore", ".gitkeep", ".gitattributes", ".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX",
    ]
    private static let ignoredExtensions = [".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp"]

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

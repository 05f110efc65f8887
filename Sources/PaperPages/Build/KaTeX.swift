import Foundation

/// KaTeX, as Debian packages it, copied into a site that has math: the script, its
/// stylesheet and the WOFF2 fonts (every browser that runs KaTeX reads WOFF2). Nothing is
/// fetched from a CDN and nothing is kept in the project's repository.
public struct KaTeX: Sendable {
    public static let debianFolder = "/usr/share/javascript/katex"
    /// Where the site's script looks for it: `assets/katex/katex.min.js`.
    static let destination = "assets/katex/"

    let folder: String
    let fileSystem: FileSystem

    func copies() throws -> [Publisher.Copy] {
        let script = joinPath(folder, "katex.min.js"), style = joinPath(folder, "katex.min.css")
        // Debian links fonts/ to fonts-katex's folder; list the real one.
        let fonts = URL(fileURLWithPath: joinPath(folder, "fonts")).resolvingSymlinksInPath().path
        let fontFiles = ((try? fileSystem.listFiles(fonts)) ?? []).filter { $0.hasSuffix(".woff2") }
        guard fileSystem.exists(script), fileSystem.exists(style), !fontFiles.isEmpty else {
            throw BuildFailure([Diagnostic(SourceLocation(path: folder),
                "the site has $...$ math, which needs KaTeX here: install Debian's libjs-katex and fonts-katex "
                + "(`make deps` does), or pass --katex with a folder holding katex.min.js, katex.min.css and fonts/")])
        }
        return [Publisher.Copy(source: script, destination: Self.destination + "katex.min.js"),
                Publisher.Copy(source: style, destination: Self.destination + "katex.min.css")]
            + fontFiles.map { Publisher.Copy(source: joinPath(fonts, $0), destination: Self.destination + "fonts/" + $0) }
    }
}

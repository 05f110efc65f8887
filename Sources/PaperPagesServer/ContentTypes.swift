import Hummingbird

/// The Content-Type of each kind of file a site holds, from Hummingbird's table of file
/// extensions, with `charset=utf-8` on text (the site is UTF-8 throughout).
enum ContentTypes {
    /// Not in Hummingbird's table: BibTeX and RIS citations, JavaScript modules, source maps.
    private static let extra = ["bib": "application/x-bibtex", "ris": "application/x-research-info-systems", "mjs": "text/javascript",
                                "map": "application/json", "webmanifest": "application/manifest+json", "avif": "image/avif"]
    /// Text besides `text/*`: these get `charset=utf-8` too.
    private static let text: Set<String> = ["application/json", "application/javascript", "application/xml", "image/svg+xml",
                                            "application/x-bibtex", "application/manifest+json"]

    static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        let fileExtension = String(name[name.index(after: dot)...]).lowercased()
        guard let type = extra[fileExtension] ?? MediaType.getMediaType(forExtension: fileExtension).map({ "\($0)" }) else {
            return "application/octet-stream"
        }
        return type.hasPrefix("text/") || text.contains(type) ? type + "; charset=utf-8" : type
    }
}

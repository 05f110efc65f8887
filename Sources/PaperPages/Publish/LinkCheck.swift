import Foundation

/// The build's check of its own output: every internal link of every page points at a file
/// the build writes. Run on the pages as they are rendered, and on the whole site's paths just
/// before it is published, so a link to nowhere (a mistyped link in a note, a layout linking a
/// page kind that does not exist) fails the build instead of reaching readers as a 404.
///
/// Internal links are `href` and `src` attributes that are relative, that start with the base
/// path, or that start with the site's full address (`base_url` with a host). Fragments and
/// queries are dropped; a link to a folder means its `index.html`.
struct LinkCheck: Sendable {
    let base: String
    let origin: String?
    /// Each target (a path in the site) with the first page that links to it, the content
    /// file that page shows (nil for list pages) and the link as written.
    private(set) var targets: [String: (page: String, source: String?, written: String)] = [:]

    init(_ urls: SiteURLs) {
        base = urls.base
        origin = urls.origin
    }

    /// Adds the links of these pages (HTML files), read on all cores; `sources[i]` is the
    /// content file `files[i]` shows.
    mutating func add(_ files: [OutputFile], sources: [String?] = []) async {
        let pages = files.enumerated().filter { $0.element.path.hasSuffix(".html") && $0.element.contents != nil }
        let (base, origin) = (base, origin)
        let found = await pages.map(\.element).parallelMap { Self.links(in: $0.contents!, page: $0.path, base: base, origin: origin) }
        for ((offset, page), links) in zip(pages, found) {
            for (target, written) in links where targets[target] == nil {
                targets[target] = (page.path, offset < sources.count ? sources[offset] : nil, written)
            }
        }
    }

    /// Every target that is not a file of `site`, as an error at the content file of the page
    /// that links to it (or at the page, for a page no file makes).
    func problems(site: Set<String>, output: String) -> [Diagnostic] {
        targets.compactMap { target, from in
            if Self.resolves(target, in: site) { return nil }
            let leads = target.hasPrefix("../") ? "a place above the site's root" : "\(target), which the build does not write"
            let place = from.source.map { SourceLocation(path: $0) } ?? SourceLocation(path: joinPath(output, from.page))
            let page = from.source == nil ? "links" : "its page (\(from.page)) links"
            return Diagnostic(place, "\(page) to \(quoted(from.written)), that is \(leads); fix or remove the link (in the file, or in the layout if the file has no such link)")
        }
    }

    static func resolves(_ target: String, in site: Set<String>) -> Bool {
        if target.hasPrefix("../") { return false }
        if target.isEmpty || target.hasSuffix("/") { return site.contains(target + "index.html") }
        return site.contains(target) || site.contains(target + "/index.html")
    }

    // MARK: Reading links out of a page

    /// The internal links of one page: each as a path in the site, and as written.
    static func links(in bytes: [UInt8], page: String, base: String, origin: String?) -> [(String, String)] {
        var found: [(String, String)] = []
        var seen: Set<String> = []
        let folder = page.contains("/") ? String(page[..<page.lastIndex(of: "/")!]) + "/" : ""
        bytes.withUnsafeBufferPointer { text in
            var index = 0
            let count = text.count
            while index < count {
                // `href="` or `src="` (or single quotes) after a space: an attribute.
                guard text[index] == UInt8(ascii: "="), index + 1 < count,
                      text[index + 1] == UInt8(ascii: "\"") || text[index + 1] == UInt8(ascii: "'") else {
                    index += 1
                    continue
                }
                let quote = text[index + 1]
                let isLink = endsWith(text, at: index, " href") || endsWith(text, at: index, "\nhref") || endsWith(text, at: index, ":href")
                    || endsWith(text, at: index, " src") || endsWith(text, at: index, "\nsrc")
                var end = index + 2
                while end < count && text[end] != quote { end += 1 }
                if isLink {
                    let written = String(decoding: UnsafeBufferPointer(rebasing: text[(index + 2)..<end]), as: UTF8.self)
                    if let target = target(of: decodeEntities(written), folder: folder, base: base, origin: origin), seen.insert(target).inserted {
                        found.append((target, written))
                    }
                }
                index = end + 1
            }
        }
        return found
    }

    private static func endsWith(_ text: UnsafeBufferPointer<UInt8>, at end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end >= count else { return false }
        let start = word.utf8Start
        for offset in 0..<count where text[end - count + offset] != start[offset] { return false }
        return true
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The path in the site a link leads to, or nil when it leads elsewhere (another site,
    /// `mailto:`, a fragment of the same page, a path of the host outside the base).
    static func target(of link: String, folder: String, base: String, origin: String?) -> String? {
        var link = link.trimmingWhitespace()
        if let cut = link.firstIndex(where: { $0 == "#" || $0 == "?" }) { link = String(link[..<cut]) }
        if link.isEmpty || link.hasPrefix("//") { return nil }
        let relative: String
        if let origin, link.hasPrefix(origin) {
            relative = String(link.dropFirst(origin.count))
        } else if hasScheme(link) {
            return nil
        } else if link.hasPrefix("/") {
            guard link.hasPrefix(base) else { return link + "/" == base ? "" : nil }
            relative = String(link.dropFirst(base.count))
        } else {
            relative = folder + link
        }
        return normalized(relative.removingPercentEncoding ?? relative)
    }

    private static func hasScheme(_ link: String) -> Bool {
        guard let colon = link.firstIndex(of: ":"), let first = link.first, first.isASCII, first.isLetter else { return false }
        return link[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    /// `a/./b/../c/` -> `a/c/`; a path that climbs above the site's root is `../`.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        let pieces = path.split(separator: "/", omittingEmptySubsequences: false)
        for (number, piece) in pieces.enumerated() {
            let last = number == pieces.count - 1
            switch piece {
            case ".": if last { parts.append("") }
            case "..":
                if parts.isEmpty { return "../" } else { parts.removeLast() }
                if last { parts.append("") }
            case "" where !last: continue
            default: parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}

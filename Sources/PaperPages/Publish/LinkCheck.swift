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
    private(set) var targets: [String: (page: String, source: String?, written: String, order: Int)] = [:]
    /// Pages added so far, so that "first" means first in the order pages were added.
    private var added = 0
    /// The absolute links already resolved, by a hash of their bytes (see `LinkReader`).
    private var resolved: Set<UInt64> = []

    /// Paths in the site that a paper's front matter names itself (`links:`, `preview:`), with
    /// that paper's file: a missing one is reported there, whichever page met it first.
    var declared: [String: String] = [:]

    init(_ urls: SiteURLs, papers: [Paper] = []) {
        base = urls.base
        origin = urls.origin
        for paper in papers {
            for target in paper.links.map(\.url) + [paper.preview].compactMap({ $0 }) where target.hasPrefix("/") {
                declared[String(target.dropFirst())] = declared[String(target.dropFirst())] ?? paper.source.path
            }
        }
    }

    /// Adds the links of these pages (HTML files), read on all cores; `sources[i]` is the
    /// content file `files[i]` shows. Each slice of pages is read by one task, which keeps
    /// the first page of each target it meets: most links (the header's, the assets', a
    /// name's page) are on thousands of pages and are merged once per slice, not per page.
    mutating func add(_ files: [OutputFile], sources: [String?] = []) async {
        let pages = files.indices.filter { files[$0].path.hasSuffix(".html") && files[$0].contents != nil }
        guard !pages.isEmpty else { return }
        let (base, origin) = (base, origin)
        let slices = min(pages.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        let known = resolved
        let found = await withTaskGroup(of: (Int, LinkReader).self) { group in
            for slice in 0..<slices {
                group.addTask {
                    var reader = LinkReader(base: base, origin: origin, known: known)
                    for index in stride(from: slice, to: pages.count, by: slices) {
                        reader.read(files[pages[index]].contents!, page: files[pages[index]].path, number: pages[index])
                    }
                    return (slice, reader)
                }
            }
            var all: [(Int, LinkReader)] = []
            for await part in group { all.append(part) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for reader in found {
            resolved.formUnion(reader.seen)
            for (target, first) in reader.firsts {
                // The first page in the order the pages came, whichever slice met it.
                if let known = targets[target], known.order <= first.page + added { continue }
                targets[target] = (files[first.page].path, first.page < sources.count ? sources[first.page] : nil, first.written, first.page + added)
            }
        }
        added += files.count
    }

    /// Every target that is not a file of `site`, as an error at the content file of the page
    /// that links to it (or at the page, for a page no file makes).
    func problems(site: Set<String>, output: String) -> [Diagnostic] {
        targets.compactMap { target, from in
            if Self.resolves(target, in: site) { return nil }
            let leads = target.hasPrefix("../") ? "a place above the site's root" : "\(target), which the build does not write"
            if let paper = declared[target] {
                return Diagnostic(SourceLocation(path: paper), "names \(quoted("/" + target)) (in 'links' or 'preview'), which is not a file of the site; "
                                  + "put the file in the content folder at \(target), or fix the path")
            }
            let place = from.source.map { SourceLocation(path: $0) } ?? SourceLocation(path: joinPath(output, from.page))
            let page = from.source == nil ? "links" : "its page (\(from.page)) links"
            return Diagnostic(place, "\(page) to \(quoted(from.written)), that is \(leads); fix or remove the link (in the file, or in the layout if the file has no such link)")
        }
    }

    static func resolves(_ target: String, in site: Set<String>) -> Bool {
        if target.hasPrefix("../") { return false }
        let file = SiteURLs.file(atSitePath: target)
        // `papers/x` without its slash: a static host redirects it to the folder.
        return site.contains(file) || (file == target && site.contains(target + "/index.html"))
    }

    // MARK: Reading links out of a page

    static func endsWith(_ text: UnsafeBufferPointer<UInt8>, at end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end >= count else { return false }
        let start = word.utf8Start
        for offset in 0..<count where text[end - count + offset] != start[offset] { return false }
        return true
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The path in the site a link leads to, or nil when it leads elsewhere (another site,
    /// `mailto:`, a fragment of the same page, a path of the host outside the base).
    static func target(of link: String, folder: String, base: String, origin: String?) -> String? {
        var link = link.first?.isWhitespace == true || link.last?.isWhitespace == true ? link.trimmingWhitespace() : link
        if let cut = link.utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) { link = String(link[..<cut]) }
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
        let decoded = relative.utf8.contains(UInt8(ascii: "%")) ? relative.removingPercentEncoding ?? relative : relative
        return needsNormalizing(decoded) ? normalized(decoded) : decoded
    }

    private static func hasScheme(_ link: String) -> Bool {
        guard let colon = link.firstIndex(of: ":"), let first = link.first, first.isASCII, first.isLetter else { return false }
        return link[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    /// Whether a path has a `.` or `..` segment or an empty one (`a//b`).
    static func needsNormalizing(_ path: String) -> Bool {
        var previous = UInt8(ascii: "/")
        for byte in path.utf8 {
            if previous == UInt8(ascii: "/") && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")) { return true }
            previous = byte
        }
        return false
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

/// One task's reading of many pages' links. A link that starts with `/` or names a scheme is
/// the same wherever it is written, and the header's, the assets' and the names' links are on
/// thousands of pages: each is resolved once, known again by a hash of its bytes, without a
/// String made for it (1.4 million links at 10,000 papers, some 30,000 distinct).
struct LinkReader {
    let base: String
    let origin: String?
    /// Each target met, with the first page (its number) and the link as written there.
    private(set) var firsts: [String: (page: Int, written: String)] = [:]
    /// Absolute links resolved by earlier batches, and those this reader resolved.
    let known: Set<UInt64>
    private(set) var seen: Set<UInt64> = []

    init(base: String, origin: String?, known: Set<UInt64> = []) {
        self.base = base
        self.origin = origin
        self.known = known
    }

    mutating func read(_ bytes: [UInt8], page: String, number: Int) {
        var folder: String?
        bytes.withUnsafeBufferPointer { text in
            guard let start = text.baseAddress else { return }
            let count = text.count
            var index = 0
            // memchr finds each `=` (SIMD), not a loop over every byte of the page.
            while index < count, let found = memchr(start + index, Int32(UInt8(ascii: "=")), count - index) {
                index = start.distance(to: found.assumingMemoryBound(to: UInt8.self))
                // `href="` or `src="` (or single quotes) after a space: an attribute.
                guard index > 0, index + 1 < count, text[index + 1] == UInt8(ascii: "\"") || text[index + 1] == UInt8(ascii: "'") else {
                    index += 1
                    continue
                }
                let quote = text[index + 1]
                // Most attributes are not links: the `f` of href or the `c` of src is tried first.
                let last = text[index - 1]
                let isLink = (last == UInt8(ascii: "f") || last == UInt8(ascii: "c"))
                    && (LinkCheck.endsWith(text, at: index, " href") || LinkCheck.endsWith(text, at: index, "\nhref")
                        || LinkCheck.endsWith(text, at: index, ":href") || LinkCheck.endsWith(text, at: index, " src") || LinkCheck.endsWith(text, at: index, "\nsrc"))
                let close = memchr(start + index + 2, Int32(quote), count - index - 2)
                let end = close.map { start.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                if isLink && end > index + 2 && text[index + 2] != UInt8(ascii: "#") {
                    let link = UnsafeBufferPointer(rebasing: text[(index + 2)..<end])
                    let absolute = link[0] == UInt8(ascii: "/") || link.contains(UInt8(ascii: ":"))
                    var hash = StableHash()
                    if absolute { hash.combine(bytes: UnsafeRawBufferPointer(link)) }
                    if !absolute || (!known.contains(hash.value) && seen.insert(hash.value).inserted) {
                        let written = String(decoding: link, as: UTF8.self)
                        if !absolute && folder == nil { folder = page.contains("/") ? String(page[..<page.lastIndex(of: "/")!]) + "/" : "" }
                        if let target = LinkCheck.target(of: LinkCheck.decodeEntities(written), folder: folder ?? "", base: base, origin: origin),
                           firsts[target] == nil {
                            firsts[target] = (number, written)
                        }
                    }
                }
                index = end + 1
            }
        }
    }
}

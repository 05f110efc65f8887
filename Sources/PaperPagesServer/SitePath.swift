/// A request's path, checked and turned into a path in the site, the way a careful static host
/// does it: percent-decoded once, then refused if any part could leave the site.
enum SitePath: Equatable, Sendable {
    /// A file's path in the site: `papers/x/index.html`, `style.css`; empty for the home page.
    case file(String)
    /// Outside the site's base path.
    case outside
    /// The base path without its last slash (`/sub`): redirected to it.
    case baseWithoutSlash
    /// `..`, `.`, an empty part (`//`), a NUL, a backslash or a broken escape, plain or
    /// percent-encoded: never looked up.
    case refused

    /// `path` is the request's path without its query, as sent; `base` is `/` or `/sub/`.
    init(_ path: String, base: String) {
        guard let decoded = Self.percentDecoded(path) else { self = .refused; return }
        // The parts are checked on the decoded text, so `%2e%2e` and `%2f` are caught too.
        if decoded.contains("\0") || decoded.contains("\\") { self = .refused; return }
        guard decoded.hasPrefix(base) else {
            self = decoded + "/" == base ? .baseWithoutSlash : .outside
            return
        }
        let relative = String(decoded.dropFirst(base.count))
        if relative.isEmpty { self = .file(""); return }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part == "." || part == ".." { self = .refused; return }
            // Only the last part may be empty: `papers/x/`.
            if part.isEmpty && index != parts.count - 1 { self = .refused; return }
        }
        self = .file(relative)
    }

    /// Percent-decodes a path, or nil when an escape is broken or the bytes are not UTF-8.
    static func percentDecoded(_ path: String) -> String? {
        var bytes: [UInt8] = []
        var input = Array(path.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard input.count >= 2, let high = hexValue(input.removeFirst()), let low = hexValue(input.removeFirst()) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

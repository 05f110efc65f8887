import Foundation

/// Slugs name pages in URLs: lower-case letters, digits and `-` (CONTENT.md).
public enum Slug {
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A slug for a free-text name (a topic, an author, an institution): diacritics folded,
    /// so "Université de Montréal" and "Universite de Montreal" share a page.
    public static func make(_ text: String) -> String {
        // Most names and topics are ASCII: slug their bytes directly. Foundation's folding is
        // slow on Linux, and a build makes slugs for every name on every page that lists it.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text.utf8) }
        return foldedSlug(text)
    }

    /// Any text: letters folded to ASCII (ü -> u, ł -> l), then slugged.
    static func foldedSlug(_ text: String) -> String {
        // Letters that do not decompose into a base letter and a mark.
        let special: [Character: String] = ["ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss",
                                            "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ı": "i"]
        let folded = String(text.flatMap { special[$0] ?? String($0) })
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash && !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "x" : slug
    }

    private static func asciiSlug(_ bytes: String.UTF8View) -> String {
        var slug: [UInt8] = []
        slug.reserveCapacity(bytes.count)
        var pendingDash = false
        for byte in bytes {
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) {
                if pendingDash && !slug.isEmpty { slug.append(0x2D) }
                slug.append(lower)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "x" : String(decoding: slug, as: UTF8.self)
    }
}

/// A slug written in one file that names a page in another, with where it was written.
public struct SlugReference: Sendable, Hashable {
    public var slug: String
    public var location: SourceLocation
}

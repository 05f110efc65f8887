import Foundation

/// Slugs name pages in URLs: lower-case letters, digits and `-` (docs/content.md).
public enum Slug {
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Longest slug kept whole, in bytes; a longer one is cut and given a hash of the whole,
    /// well inside the 255-byte limit on a file name.
    static let maximumLength = 96

    /// A slug for a free-text name (a topic, an author, an institution). Spellings that differ
    /// only in case, diacritics or punctuation share a page ("Université de Montréal" and
    /// "Universite de Montreal"); distinct names get distinct pages:
    /// - `+`, `#` and `&` become words: "C++" -> `c-plus-plus`, "C#" -> `c-sharp`, "C" -> `c`;
    /// - names in other scripts are transliterated and keep a short hash of the original, since
    ///   transliteration merges names that differ ("王芳" and "汪芳" are both Wang Fang):
    ///   "Иван Петров" -> `ivan-petrov-…`, "张伟" -> `zhang-wei-…`;
    /// - a slug over `maximumLength` bytes is cut at a word and ends in a hash of the whole.
    public static func make(_ text: String) -> String {
        // Most names are ASCII: slug their bytes directly (Foundation's folding is slow on Linux,
        // and a build makes slugs for every name on every page that lists it).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let slug = asciiSlug(text.utf8)
            return slug.isEmpty ? unnamed(text) : shortened(slug)
        }
        return cache.slug(for: text)
    }

    /// What identifies a name: folded, with every run of other characters as one `-` and
    /// letters of any script kept. Two names with one identity are one page.
    static func identity(_ text: String) -> String {
        let core = lettersAndDigits(text)
        // A name of symbols alone ("???", "🔥") is its own identity.
        return core.isEmpty ? text : core
    }

    /// The folded letters and digits of any script, each run of anything else one `-`.
    private static func lettersAndDigits(_ text: String) -> String {
        var identity = ""
        var pendingDash = false
        for scalar in TextFolding.fold(text).unicodeScalars {
            if let word = symbolWords[scalar] {
                if !identity.isEmpty { identity += "-" }
                identity += word
                pendingDash = true
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingDash && !identity.isEmpty { identity += "-" }
                identity.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return identity
    }

    /// A name with no letters or digits at all.
    private static func unnamed(_ text: String) -> String { "x-" + hash(text) }

    private static let symbolWords: [Unicode.Scalar: String] = ["+": "plus", "#": "sharp", "&": "and"]

    /// Names outside ASCII, through folding and, for other scripts, ICU's transliteration.
    static func foldedSlug(_ text: String) -> String {
        let identity = lettersAndDigits(text)
        if identity.isEmpty { return unnamed(text) }
        if identity.utf8.allSatisfy({ $0 < 0x80 }) { return shortened(identity) }
        let latin = identity.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? ""
        let readable = asciiSlug(latin.utf8)
        return shortened((readable.isEmpty ? "x" : readable) + "-" + hash(identity))
    }

    private static func shortened(_ slug: String) -> String {
        guard slug.utf8.count > maximumLength else { return slug }
        var cut = String(decoding: slug.utf8.prefix(maximumLength - 9), as: UTF8.self)
        if let dash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: dash) > 40 { cut = String(cut[..<dash]) }
        while cut.hasSuffix("-") { cut.removeLast() }
        return cut + "-" + hash(slug)
    }

    /// Eight base-36 characters of a 64-bit FNV-1a hash: stable across runs and machines.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let digits = String(value % 2_821_109_907_456, radix: 36)   // 36^8
        return String(repeating: "0", count: 8 - digits.count) + digits
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
            } else if let word = symbolWords[Unicode.Scalar(lower)] {
                if !slug.isEmpty { slug.append(0x2D) }
                slug += word.utf8
                pendingDash = true
            } else {
                pendingDash = true
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Transliteration is slow and a name is slugged on every page that lists it.
    private static let cache = SlugCache()

    private final class SlugCache: @unchecked Sendable {
        private let lock = NSLock()
        private var slugs: [String: String] = [:]

        func slug(for text: String) -> String {
            if let known = lock.withLock({ slugs[text] }) { return known }
            let slug = Slug.foldedSlug(text)
            lock.withLock {
                // Bounded, for a process that lives on (a preview server) or sees endless names.
                if slugs.count >= 200_000 { slugs.removeAll(keepingCapacity: true) }
                slugs[text] = slug
            }
            return slug
        }
    }
}

/// A slug written in one file that names a page in another, with where it was written.
public struct SlugReference: Sendable, Hashable {
    public var slug: String
    public var location: SourceLocation
}

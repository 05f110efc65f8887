import Foundation

/// An author, in the CSL name model: given and family parts, or one literal name.
public struct Person: Sendable, Hashable {
    public var given: String { didSet { updateSlug() } }
    public var family: String { didSet { updateSlug() } }
    /// Set for names that are not split (consortia, mononyms).
    public var literal: String? { didSet { updateSlug() } }
    /// The key that groups one person's papers across files: "rishi-bommasani". Kept, not
    /// computed when asked: pages ask for it many times per name (links, highlights, maps).
    public private(set) var slug = ""
    /// Marks beside the name on a paper (`equal: true`, `corresponding: true`), never part of it:
    /// al-folio's `Einstein*†` is read as these, and pages show them with a legend.
    public var equalContribution = false
    public var corresponding = false

    public init(given: String, family: String) {
        self.given = given.trimmingWhitespace()
        self.family = family.trimmingWhitespace()
        updateSlug()
    }

    public init(literal: String) {
        self.given = ""
        self.family = literal.trimmingWhitespace()
        self.literal = self.family
        updateSlug()
    }

    /// `"Rishi Bommasani"` or BibTeX-style `"Bommasani, Rishi"`. In the first form the last
    /// word is the family name, keeping particles with it ("Ludwig van Beethoven" -> "van Beethoven").
    public init(written: String) {
        let text = written.trimmingWhitespace()
        if let comma = text.firstIndex(of: ",") {
            self.init(given: String(text[text.index(after: comma)...]), family: String(text[..<comma]))
            return
        }
        var words = text.split(separator: " ").map(String.init)
        guard words.count > 1 else {
            self.init(literal: text)
            return
        }
        var family = [words.removeLast()]
        let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn"]
        while let last = words.last, words.count > 1, particles.contains(last) {
            family.insert(words.removeLast(), at: 0)
        }
        self.init(given: words.joined(separator: " "), family: family.joined(separator: " "))
    }

    /// The name as a reader expects it: "Rishi Bommasani".
    public var displayName: String {
        literal ?? (given.isEmpty ? family : "\(given) \(family)")
    }

    /// "Bommasani, Rishi", as RIS and Google Scholar's tags write names; a literal name whole.
    public var invertedName: String {
        literal ?? (given.isEmpty ? family : family + ", " + given)
    }

    private mutating func updateSlug() { slug = Slug.make(displayName) }

    /// The same name without its marks: what groups, cites and compares people.
    public var unmarked: Person {
        var person = self
        person.equalContribution = false
        person.corresponding = false
        return person
    }
}

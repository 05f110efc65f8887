/// The marks personal sites write onto names (al-folio's `Einstein*†`, `*Pang, Ce`,
/// `Lee^, Yong Jae`), read off the name into the author's flags: a mark is never part of a
/// name, or one person gets two author pages and citations carry the symbol.
enum AuthorMarks {
    /// Equal contribution.
    static let equal: Set<Character> = ["*", "∗", "#"]
    /// Corresponding author.
    static let corresponding: Set<Character> = ["†", "^", "✉"]
    /// Marks with no fixed meaning: taken off the name, and reported.
    static let other: Set<Character> = ["‡", "§", "¶"]

    static func isMark(_ character: Character) -> Bool {
        equal.contains(character) || corresponding.contains(character) || other.contains(character)
    }

    /// The name without the marks at either end of its parts, the flags they stand for, and
    /// any mark without a meaning here.
    static func read(_ person: Person) -> (person: Person, unread: [Character]) {
        var unread: [Character] = []
        var marked = person
        func strip(_ text: String) -> String {
            var part = Substring(text.trimmingWhitespace())
            while let last = part.last, isMark(last) { note(last); part.removeLast() }
            while let first = part.first, isMark(first) { note(first); part.removeFirst() }
            return part.trimmingWhitespace()
        }
        func note(_ mark: Character) {
            if equal.contains(mark) { marked.equalContribution = true }
            else if corresponding.contains(mark) { marked.corresponding = true }
            else { unread.append(mark) }
        }
        if let literal = person.literal {
            let name = strip(literal)
            var result = Person(literal: name.isEmpty ? literal : name)
            result.equalContribution = marked.equalContribution
            result.corresponding = marked.corresponding
            return (result, unread)
        }
        let family = strip(person.family), given = strip(person.given)
        guard !family.isEmpty else { return (person, []) }
        var result = Person(given: given, family: family)
        result.equalContribution = marked.equalContribution || person.equalContribution
        result.corresponding = marked.corresponding || person.corresponding
        return (result, unread)
    }

    /// biblatex's data annotation of a name list, as `Reference.markAnnotation` writes it:
    /// `1="equal,corresponding"; 2="equal"` (item numbers from 1; other annotations skipped).
    static func applyAnnotation(_ annotation: String, to people: inout [Person]) {
        for item in annotation.split(separator: ";") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let number = Int(parts[0].trimmingWhitespace()), people.indices.contains(number - 1) else { continue }
            let words = parts[1].trimmingCharacters(in: .init(charactersIn: "\" ")).split(separator: ",").map { $0.trimmingWhitespace() }
            if words.contains("equal") { people[number - 1].equalContribution = true }
            if words.contains("corresponding") { people[number - 1].corresponding = true }
        }
    }
}

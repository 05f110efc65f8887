/// BibTeX's name lists: names joined by `and`, each written "First von Last", "von Last,
/// First" or "von Last, Jr, First"; a name in braces (`{World Health Organization}`) is one
/// literal name; a final "and others" says the list is incomplete.
///
/// The "von" part is the run of words starting in lower case, and stays with the family name
/// ("Ludwig van Beethoven": family "van Beethoven"), as `Person(written:)` keeps it. A "Jr"
/// part is kept at the end of the family name ("King Jr."), since the content format's
/// names have no suffix.
enum BibTeXNames {
    struct List {
        var people: [Person]
        var more: Bool
        var unknownCommands: [String]
    }

    static func parse(_ tex: String) -> List {
        var names = split(tex, on: { words, index in words[index].lowercased() == "and" })
        var more = false
        if let last = names.last, last.count == 1, last[0].lowercased() == "others" {
            names.removeLast()
            more = true
        }
        var unknown: [String] = []
        let people = names.compactMap { words -> Person? in
            guard !words.isEmpty else { return nil }
            let person = person(words, unknown: &unknown)
            if person.displayName.isEmpty { return nil }
            // "Last, First" with nothing before the comma (", Aidan N."), or a last part that
            // is only braces: the name as written, not split, since a paper file's names need
            // a family name.
            if person.literal == nil && person.family.isEmpty { return Person(literal: person.given) }
            return person
        }
        return List(people: people, more: more, unknownCommands: unknown)
    }

    /// Words at brace depth 0 (a braced group stays inside its word), grouped into names at
    /// each word the separator test accepts.
    private static func split(_ tex: String, on isSeparator: ([String], Int) -> Bool) -> [[String]] {
        var words: [String] = []
        var word = ""
        var depth = 0
        for scalar in tex.unicodeScalars {
            if scalar == "{" { depth += 1 }
            if scalar == "}" { depth = max(0, depth - 1) }
            if depth == 0 && (scalar.properties.isWhitespace || scalar == "~") {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else if depth == 0 && scalar == "," {
                if !word.isEmpty { words.append(word) }
                words.append(",")
                word = ""
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        var names: [[String]] = [[]]
        for index in words.indices {
            if isSeparator(words, index) { names.append([]) } else { names[names.count - 1].append(words[index]) }
        }
        return names.filter { !$0.isEmpty }
    }

    private static func person(_ words: [String], unknown: inout [String]) -> Person {
        func text(_ parts: ArraySlice<String>) -> String {
            let converted = TeXText.convert(parts.joined(separator: " "), to: .plain)
            unknown += converted.unknown
            return converted.text
        }
        // One braced group and nothing else: an institution or a name not to be split.
        if words.count == 1, let only = words.first, only.hasPrefix("{"), only.hasSuffix("}"), isOneGroup(only) {
            return Person(literal: text([only][...]))
        }
        var parts = words.split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
        // "Yuan*, Zhihang," (a comma left at the end, as hand-kept lists have): "Last, First",
        // not a Jr part with no first name.
        if parts.count == 3, parts[2].isEmpty { parts.removeLast() }
        switch parts.count {
        case 1:
            let all = parts[0]
            // First von Last: von is the lower-case run before the last word.
            // One word is a family name (BibTeX's "Last"): a mononym.
            guard all.count > 1 else { return Person(given: "", family: text(all[...])) }
            if let vonStart = all.dropLast().firstIndex(where: isLowerCase) {
                return Person(given: text(all[..<vonStart]), family: text(all[vonStart...]))
            }
            return Person(given: text(all.dropLast()), family: text(all[(all.count - 1)...]))
        case 2:
            return Person(given: text(parts[1][...]), family: text(parts[0][...]))
        default:
            let family = [text(parts[0][...]), text(parts[1][...])].filter { !$0.isEmpty }.joined(separator: " ")
            return Person(given: text(parts[2...].flatMap { $0 }[...]), family: family)
        }
    }

    private static func isOneGroup(_ word: String) -> Bool {
        var depth = 0
        for (offset, scalar) in word.unicodeScalars.enumerated() {
            if scalar == "{" { depth += 1 }
            if scalar == "}" { depth -= 1 }
            if depth == 0 && offset < word.unicodeScalars.count - 1 { return false }
        }
        return true
    }

    /// A von word: its first letter at brace depth 0 is lower case. `{\"u}ber` counts by its
    /// letter; a word starting with a plain braced group (`{Da}Silva`) counts as upper case.
    private static func isLowerCase(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard index + 1 < scalars.count, scalars[index + 1] == "\\" else { return false }
                // A special character: skip the command's name and look at its letter.
                index += 2
                while index < scalars.count, scalars[index].isASCII, scalars[index].properties.isAlphabetic, index + 1 < scalars.count,
                      scalars[index + 1].properties.isAlphabetic { index += 1 }
                index += 1
                continue
            }
            if scalar.properties.isAlphabetic { return scalar.properties.isLowercase }
            index += 1
        }
        return false
    }
}

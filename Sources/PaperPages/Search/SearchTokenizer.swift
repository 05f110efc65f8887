import Foundation

/// Turns text into search terms. The search page's script (`Layouts/assets/search.js`) does the
/// same to a query, so both must change together; the browser tests check that they agree.
///
/// - lower-cased, diacritics folded (ü → u), with explicit mappings for letters that do not
///   decompose: ł → l, ø → o, ß → ss, æ → ae, œ → oe, đ → d, ı → i, þ → th;
/// - TeX reduced to words: `$\alpha$-divergence` → alpha, divergence;
/// - a hyphenated word is indexed joined and split: pre-training → pretraining, pre, training;
/// - a word mixing letters and digits is kept whole and split: GPT-3 → gpt3, gpt, 3;
/// - Chinese, Japanese and Korean text as overlapping character bigrams;
/// - a few English function words are dropped.
enum SearchTokenizer {
    static let foldings: [Character: String] = [
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
    ]

    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "with",
    ]

    /// Terms in order of appearance, repeated as often as they occur (for term frequencies).
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        for word in words(normalized(text)) { appendTerms(of: word, to: &terms) }
        return terms
    }

    /// Lower-cased and folded text, with TeX commands turned into their names.
    static func normalized(_ text: String) -> String {
        var text = text
        if text.utf8.contains(UInt8(ascii: "\\")) || text.utf8.contains(UInt8(ascii: "$")) { text = detexed(text) }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let mapped = String(text.flatMap { foldings[$0] ?? String($0) })
        return mapped.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// `$\hat{\alpha}_1$` → ` hat  alpha  1`: commands keep their names, braces and scripts
    /// become spaces, and `$` goes (so `$\alpha$-divergence` stays one hyphenated word).
    static func detexed(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                let next = text.index(after: index)
                let end = text[next...].firstIndex { !$0.isLetter } ?? text.endIndex
                output += end == next ? " " : " " + text[next..<end]
                index = end == next ? (next < text.endIndex ? text.index(after: next) : next) : end
                continue
            }
            if character != "$" { output.append("{}^_".contains(character) ? " " : character) }
            index = text.index(after: index)
        }
        return output
    }

    /// Runs of letters and digits, keeping inner hyphens (`pre-training`, `gpt-3`).
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            let isWordCharacter = character.isLetter || character.isNumber
            let isInnerHyphen = (character == "-" || character == "‐") && start != nil && next < text.endIndex
                && (text[next].isLetter || text[next].isNumber)
            if isWordCharacter || isInnerHyphen {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(text[wordStart..<index])
                start = nil
            }
            index = next
        }
        if let wordStart = start { words.append(text[wordStart...]) }
        return words
    }

    private static func appendTerms(of word: Substring, to terms: inout [String]) {
        if word.contains(where: isCJK) {
            appendCJK(word, to: &terms)
            return
        }
        let parts = word.split(whereSeparator: { $0 == "-" || $0 == "‐" })
        // Each hyphen part, split again where letters meet digits: gpt3 → gpt, 3.
        var pieces: [Substring] = []
        for part in parts { pieces += letterDigitRuns(part) }
        let joined = parts.joined()
        if pieces.count > 1 {
            if !stopWords.contains(joined) { terms.append(joined) }
            for piece in pieces where !stopWords.contains(String(piece)) { terms.append(String(piece)) }
        } else if !stopWords.contains(joined) {
            terms.append(joined)
        }
    }

    private static func letterDigitRuns(_ word: Substring) -> [Substring] {
        var runs: [Substring] = []
        var start = word.startIndex
        for index in word.indices.dropFirst() where word[index].isNumber != word[word.index(before: index)].isNumber {
            runs.append(word[start..<index])
            start = index
        }
        runs.append(word[start...])
        return runs
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        return (0x3040...0x30FF).contains(scalar) || (0x3400...0x4DBF).contains(scalar) || (0x4E00...0x9FFF).contains(scalar)
            || (0xAC00...0xD7AF).contains(scalar) || (0xF900...0xFAFF).contains(scalar) || (0x20000...0x2FA1F).contains(scalar)
    }

    /// CJK runs as overlapping bigrams (a lone character as itself); other runs in the word as words.
    private static func appendCJK(_ word: Substring, to terms: inout [String]) {
        var segments: [(cjk: Bool, text: [Character])] = []
        for character in word {
            let cjk = isCJK(character)
            if segments.last?.cjk == cjk { segments[segments.count - 1].text.append(character) } else { segments.append((cjk, [character])) }
        }
        for segment in segments {
            if !segment.cjk {
                let text = String(segment.text).trimmingCharacters(in: CharacterSet(charactersIn: "-‐"))
                if !text.isEmpty { appendTerms(of: Substring(text), to: &terms) }
            } else if segment.text.count == 1 {
                terms.append(String(segment.text))
            } else {
                for i in 0..<(segment.text.count - 1) { terms.append(String(segment.text[i...i + 1])) }
            }
        }
    }
}

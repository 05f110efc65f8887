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
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "with",
    ]
    /// No stop word is longer: a longer term is kept without hashing it.
    private static let longestStopWord = stopWords.map(\.utf8.count).max() ?? 0

    private static func isStopWord(_ term: String) -> Bool {
        term.utf8.count <= longestStopWord && stopWords.contains(term)
    }

    /// Terms in order of appearance, repeated as often as they occur (for term frequencies).
    ///
    /// Most text is ASCII: words made only of ASCII letters, digits and hyphens are handled as
    /// bytes; a word with any other character goes through the Unicode rules.
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { utf8 in
            if utf8.contains(where: { $0 == 0x5C || $0 == 0x24 }) {   // \ or $
                detexed(Array(utf8)).withUnsafeBufferPointer { appendTerms(in: $0, to: &terms) }
            } else {
                appendTerms(in: utf8, to: &terms)
            }
        }
        return terms
    }

    /// `terms`, over the text's bytes (read in place, not copied).
    private static func appendTerms(in bytes: UnsafeBufferPointer<UInt8>, to terms: inout [String]) {
        var index = 0
        let count = bytes.count
        func isWordByte(_ byte: UInt8) -> Bool { byte >= 0x80 || isASCIIAlphanumeric(byte) }
        while index < count {
            guard isWordByte(bytes[index]) else { index += 1; continue }
            let start = index
            var ascii = true
            while index < count {
                let byte = bytes[index]
                if isWordByte(byte) {
                    if byte >= 0x80 { ascii = false }
                    index += 1
                } else if byte == 0x2D, index + 1 < count, isWordByte(bytes[index + 1]) {   // an inner hyphen
                    index += 1
                } else {
                    break
                }
            }
            let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if ascii {
                appendASCIITerms(of: word, to: &terms)
            } else {
                for unicodeWord in words(normalized(String(decoding: word, as: UTF8.self))) { appendTerms(of: unicodeWord, to: &terms) }
            }
        }
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The ASCII case of `appendTerms`: lower-cased, joined and split at hyphens and where
    /// letters meet digits.
    private static func appendASCIITerms(of word: UnsafeBufferPointer<UInt8>, to terms: inout [String]) {
        // Most words are one piece (no hyphen, no letters meeting digits): lower-cased straight
        // into their String in the same pass that finds it is one, without the arrays below.
        var onePiece = true
        let term = String(unsafeUninitializedCapacity: word.count) { buffer in
            var previousIsDigit = word.first.map { $0 &- 0x30 < 10 } ?? false
            for offset in 0..<word.count {
                let byte = word[offset]
                let isDigit = byte &- 0x30 < 10
                if byte == 0x2D || isDigit != previousIsDigit {
                    onePiece = false
                    return 0
                }
                previousIsDigit = isDigit
                buffer[offset] = byte &- 0x41 < 26 ? byte + 0x20 : byte
            }
            return word.count
        }
        if onePiece {
            if !term.isEmpty && !isStopWord(term) { terms.append(term) }
            return
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(word.count)
        var pieces: [[UInt8]] = []
        var piece: [UInt8] = []
        for byte in word {
            if byte == 0x2D {
                if !piece.isEmpty { pieces.append(piece); piece = [] }
                continue
            }
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if let last = piece.last, ((0x30...0x39).contains(last)) != ((0x30...0x39).contains(lower)) {
                pieces.append(piece)
                piece = []
            }
            piece.append(lower)
            joined.append(lower)
        }
        if !piece.isEmpty { pieces.append(piece) }
        let joinedTerm = String(decoding: joined, as: UTF8.self)
        if pieces.count > 1 {
            if !isStopWord(joinedTerm) { terms.append(joinedTerm) }
            for piece in pieces {
                let term = String(decoding: piece, as: UTF8.self)
                if !isStopWord(term) { terms.append(term) }
            }
        } else if !joinedTerm.isEmpty && !isStopWord(joinedTerm) {
            terms.append(joinedTerm)
        }
    }

    /// Lower-cased and folded text (the same folding as slugs), compatibility forms first
    /// made plain as the page's script makes them (NFKC: `x²` → `x2`, `ǅ` → `dž`, `①` → `1`),
    /// so that a query typed either way finds the other.
    static func normalized(_ text: String) -> String {
        TextFolding.fold(text.precomposedStringWithCompatibilityMapping)
    }

    /// `$\hat{\alpha}_1$` → ` hat  alpha  1`: commands keep their (ASCII) names, braces and
    /// scripts become spaces, and `$` goes (so `$\alpha$-divergence` stays one hyphenated word).
    static func detexed(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func isASCIILetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C {   // \
                var end = index + 1
                while end < bytes.count && isASCIILetter(bytes[end]) { end += 1 }
                output.append(0x20)
                if end > index + 1 {
                    output += bytes[(index + 1)..<end]
                    index = end
                } else {
                    // `\$`, `\,`, `\é`: drop the escaped character, all of its bytes.
                    index += 2
                    while index < bytes.count && (0x80...0xBF).contains(bytes[index]) { index += 1 }
                }
                continue
            }
            switch byte {
            case 0x24: break                                         // $
            case 0x7B, 0x7D, 0x5E, 0x5F: output.append(0x20)         // { } ^ _
            default: output.append(byte)
            }
            index += 1
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
            if !isStopWord(joined) { terms.append(joined) }
            for piece in pieces where !isStopWord(String(piece)) { terms.append(String(piece)) }
        } else if !isStopWord(joined) {
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

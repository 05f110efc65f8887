import Foundation

/// How text is folded wherever two spellings must meet: slugs (`Müller` and `Muller` share
/// an author page) and search terms (`muller` finds `Müller`). One table, one rule.
enum TextFolding {
    /// Letters that do not decompose into a base letter and a mark.
    static let letters: [Character: String] = [
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
    ]

    /// Lower-cased, with diacritics, width and the letters above folded: `Łukasz Müller` -> `lukasz muller`.
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let mapped = String(text.flatMap { letters[$0] ?? String($0) })
        return mapped.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }
}

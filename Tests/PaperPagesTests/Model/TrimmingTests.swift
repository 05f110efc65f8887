import Foundation
import PropertyBased
import Testing
@testable import PaperPages

@Suite("Model: trimming whitespace as Foundation does")
struct TrimmingTests {
    /// Every White_Space scalar, and neighbours that are not (zero-width space, BOM, NBSP's
    /// neighbours, letters, a combining mark).
    static let scalars: [Character] = ["\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", "\u{20}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}",
                                       "\u{2005}", "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
                                       "\u{FEFF}", "\u{9F}", "\u{A1}", "a", "é", "\u{301}", "x"]

    @Test func trimsEveryScalarFoundationTrims() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            #expect(text.trimmingWhitespace().isEmpty == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
            #expect(text.trimmingWhitespace(newlines: true).isEmpty == CharacterSet.whitespacesAndNewlines.contains(scalar),
                    "U+\(String(value, radix: 16))")
        }
    }

    @Test func trimsWhatFoundationTrims() async {
        await propertyCheck(count: 5_000, input: Gen.element(of: Self.scalars).array(of: 0...6)) { characters in
            var text = ""
            for character in characters.compactMap({ $0 }) { text.unicodeScalars.append(contentsOf: character.unicodeScalars) }
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
            #expect(text.trimmingWhitespace(newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(text.unicodeScalars.map(\.value))")
        }
    }
}

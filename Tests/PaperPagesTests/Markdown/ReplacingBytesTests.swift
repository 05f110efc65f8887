import PropertyBased
import Testing
@testable import PaperPages

@Suite("Markdown: replacing patterns in one pass over bytes")
struct ReplacingBytesTests {
    static let patterns: [(pattern: String, with: String)] = [("a<", "[A]"), ("<", "&lt;"), ("é&", "É"), ("&", "&amp;")]

    /// The rule written plainly: at each place, the first pattern that matches is replaced.
    static func reference(_ text: String) -> String {
        var rest = Substring(text), output = ""
        outer: while !rest.isEmpty {
            for (pattern, replacement) in patterns where rest.utf8.starts(with: pattern.utf8) {
                output += replacement
                rest = Substring(rest.utf8.dropFirst(pattern.utf8.count))
                continue outer
            }
            output.unicodeScalars.append(rest.unicodeScalars.first!)
            rest = Substring(rest.unicodeScalars.dropFirst())
        }
        return output
    }

    @Test func replacesAsTheRuleSays() async {
        await propertyCheck(count: 3_000, input: Gen.element(of: Array("ab<&é ")).array(of: 0...12)) { characters in
            let text = String(characters.compactMap { $0 })
            #expect(text.replacingBytes(Self.patterns) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}

import PropertyBased
import Testing
import Yams
@testable import PaperPages

/// `YAMLTypes` against the reference it replaces: Yams' default resolver's regular
/// expressions (less the timestamp rule, which the loader never used).
@Suite("Load: YAML value types")
struct YAMLTypesTests {
    static let reference = Resolver.default.removing(.timestamp)

    static func referenceType(_ text: String) -> Yams.Tag.Name {
        reference.resolveTag(of: Node(text))
    }

    /// Values front matter holds, and the edges of each pattern.
    static let examples = [
        "", "~", "null", "Null", "NULL", "nULL", "none", "yes", "Yes", "YES", "yEs", "no", "true", "True", "TRUE", "tRUE", "false",
        "on", "On", "ON", "off", "OFF", "y", "n", "2022", "-7", "+7", "0", "00", "07", "08", "0o7", "0o", "0b101", "0b", "0b2", "0x1F",
        "0x", "0xg", "1_000", "_1", "1:30", "1:60", "1:5", "190:20:30", "1:30.5", "1:30.", "0:30", "3.14", "3.", ".5", "-.5", "+.inf",
        ".inf", "-.Inf", ".NaN", "+.nan", ".nan", ".", "1e5", "1E+5", "1e", "1.5e-3", ".5e3", ".5e+3", "6.8523015e+5", "685.230_15e+03",
        "<<", "=", "==", "2022-07-16", "2022-7", "NeurIPS", "cs.LG", "1.2.3", "v2", "- 1", "1 ", " 1", "١٢", "2401.26610",
    ]

    @Test func givesTheTypesYamsPatternsGive() {
        for text in Self.examples {
            #expect(YAMLTypes.type(of: text) == Self.referenceType(text), "\(text.debugDescription)")
        }
    }

    /// Short strings of the characters the patterns are made of.
    static let alphabet = Array("0123456789_+-.:eEbBoOxXaAfFinIN~ulsyYtT<=9 ")

    @Test func agreesWithYamsOnAnyShortText() async {
        await propertyCheck(count: 20_000, input: Gen.element(of: Self.alphabet).array(of: 0...7)) { characters in
            let text = String(characters.compactMap { $0 })
            #expect(YAMLTypes.type(of: text) == Self.referenceType(text), "\(text.debugDescription)")
        }
    }

    @Test func typesOnlyWhatWasLeftToTheResolver() throws {
        let yaml = "a: true\nb: 'true'\nc: !!str 12\nd: [1, 1.5, ~, \"2\"]\ne: |\n  7\n"
        let root = try #require(try Yams.compose(yaml: yaml, .basic).map(YAMLTypes.typed))
        let typed = try #require(try Yams.compose(yaml: yaml, Self.reference))
        for key in ["a", "b", "c", "e"] {
            #expect(root[key]?.tag == typed[key]?.tag, "\(key)")
        }
        #expect(root["d"]?.sequence?.map(\.tag) == typed["d"]?.sequence?.map(\.tag))
        #expect(root["a"]?.bool == true)
        #expect(root["b"]?.bool == nil)
    }
}

import Foundation
import Testing
@testable import PaperPages

@Suite("Search: terms")
struct SearchTokenizerTests {
    @Test func foldsCaseAndDiacriticsIncludingLettersThatDoNotDecompose() {
        #expect(SearchTokenizer.terms("Jürgen Müller") == ["jurgen", "muller"])
        #expect(SearchTokenizer.terms("Łukasz Øksendal Straße Æsir Đorđe") == ["lukasz", "oksendal", "strasse", "aesir", "dorde"])
    }

    @Test func stripsTeX() {
        #expect(SearchTokenizer.terms("$\\alpha$-divergence") == ["alphadivergence", "alpha", "divergence"])
        #expect(SearchTokenizer.terms("$\\delta$-STEAL") == ["deltasteal", "delta", "steal"])
        #expect(SearchTokenizer.terms("$O(\\sqrt{T})$ regret") == ["o", "sqrt", "t", "regret"])
    }

    @Test func hyphenatedWordsAreJoinedAndSplit() {
        #expect(SearchTokenizer.terms("Pre-Training") == ["pretraining", "pre", "training"])
        #expect(SearchTokenizer.terms("state-of-the-art") == ["stateoftheart", "state", "art"])   // "of", "the" dropped
    }

    @Test func wordsWithDigitsAreKeptWholeAndSplit() {
        #expect(SearchTokenizer.terms("GPT-3") == ["gpt3", "gpt", "3"])
        #expect(SearchTokenizer.terms("GPT3 and 175B") == ["gpt3", "gpt", "3", "175b", "175", "b"])
        #expect(SearchTokenizer.terms("2025") == ["2025"])
    }

    @Test func cjkTextBecomesBigrams() {
        #expect(SearchTokenizer.terms("基础模型") == ["基础", "础模", "模型"])
        #expect(SearchTokenizer.terms("大 模型LLM") == ["大", "模型", "llm"])
    }

    /// The cases the page's script is held to in Node (Tests/JS/search.test.mjs): the build
    /// gives the same terms for each, and the tables the file gives the script are the build's.
    @Test func theScriptsCasesAreTheBuildsTerms() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../JS/terms-cases.json")
        let shared = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(shared["fold"] as? [String: String] == Dictionary(uniqueKeysWithValues: TextFolding.letters.map { (String($0.key), $0.value) }))
        #expect(shared["stop"] as? [String] == SearchTokenizer.stopWords.sorted())
        let cases = try #require(shared["cases"] as? [[String: Any]])
        #expect(cases.count >= 20)
        for item in cases {
            let text = try #require(item["text"] as? String)
            #expect(SearchTokenizer.terms(text) == item["terms"] as? [String], "\(text)")
        }
    }

    @Test func functionWordsAreDropped() {
        #expect(SearchTokenizer.terms("On the Opportunities and Risks of Foundation Models") == ["opportunities", "risks", "foundation", "models"])
    }
}

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

    @Test func functionWordsAreDropped() {
        #expect(SearchTokenizer.terms("On the Opportunities and Risks of Foundation Models") == ["opportunities", "risks", "foundation", "models"])
    }
}

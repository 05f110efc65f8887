import Foundation
import PropertyBased
import Testing
@testable import PaperPages

@Suite("Search: the index under search/")
struct SearchIndexTests {
    private func json(_ site: TemporarySite, _ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("search/" + path)))
    }

    /// The postings of a term as (document, impact), read back the way the page's script does.
    private func postings(_ site: TemporarySite, _ term: String) throws -> [(Int, Int)] {
        let manifest = try #require(try json(site, "manifest.json") as? [String: Any])
        let chunks = try #require(manifest["chunks"] as? [String])
        let chunk = chunks.lastIndex { $0.utf16.lexicographicallyPrecedes(term.utf16) || $0 == term } ?? 0
        let terms = try #require(try json(site, "index/\(chunk).json") as? [String: [Int]])
        guard let flat = terms[term] else { return [] }
        var document = 0
        return stride(from: 0, to: flat.count, by: 2).map { i in
            document += flat[i]
            return (document, flat[i + 1])
        }
    }

    /// A record is written by hand: it must be JSON whose values are the document's own, keys
    /// sorted and absent values left out, whatever its text holds.
    @Test func aRecordIsJSONOfItsDocumentsValues() throws {
        let awkward = "\"Quoted\" <b>&amp;</b> back\\slash\ttab\nline \u{1} \u{2028}\u{2029} Zoë 数学 /path/"
        let document = SearchDocument(kind: "paper", url: "/papers/o-brien/", title: awkward, authors: ["O'Brien", awkward], year: 2024,
                                      venue: nil, topics: [awkward, "a/b"], reading: "to-read", snippet: awkward, fields: ["unused"])
        let text = String(decoding: document.record, as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.record)) as? [String: Any])
        #expect(object["title"] as? String == awkward && object["snippet"] as? String == awkward)
        #expect(object["authors"] as? [String] == ["O'Brien", awkward])
        #expect(object["year"] as? Int == 2024 && object["kind"] as? String == "paper")
        // Facets, which a result does not show, are in facets.json only.
        #expect(object["venue"] == nil && object["fields"] == nil && object["topics"] == nil && object["reading"] == nil)
        let keys = ["authors", "kind", "snippet", "title", "url", "year"]
        let places = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(places == places.sorted() && Set(object.keys) == Set(keys))
        // Nothing in it can end a <script> element or a line of JavaScript.
        #expect(!text.contains("<") && !text.contains("\u{2028}") && !text.contains("\n"))
    }

    /// Document `d`'s record: record `d % records` of `docs/<d / records>.json`.
    private func record(_ site: TemporarySite, _ document: Int) throws -> [String: Any] {
        let manifest = try #require(try json(site, "manifest.json") as? [String: Any])
        let size = try #require(manifest["records"] as? Int)
        let records = try #require(try json(site, "docs/\(document / size).json") as? [[String: Any]])
        return records[document % size]
    }

    private func url(_ site: TemporarySite, _ document: Int) throws -> String {
        try #require(try record(site, document)["url"] as? String)
    }

    @Test func theManifestDescribesEveryPageAndChunk() async throws {
        let site = try TemporarySite()
        try await site.build()
        let manifest = try #require(try json(site, "manifest.json") as? [String: Any])
        let papers = try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("papers").path).count
        #expect(manifest["documents"] as? Int == papers + 3 + 2)
        let chunks = try #require(manifest["chunks"] as? [String])
        #expect(chunks == chunks.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
        // Each chunk is named by the shortest start of its first term that sorts after the
        // chunk before it: every term of a chunk falls in that chunk.
        let before: (String, String) -> Bool = { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        var previousLast: String?
        for (index, name) in chunks.enumerated() {
            let terms = try #require(try json(site, "index/\(index).json") as? [String: [Int]])
            let first = try #require(terms.keys.min(by: before)), last = try #require(terms.keys.max(by: before))
            #expect(first.hasPrefix(name) && !before(first, name))
            if let previousLast { #expect(before(previousLast, name)) }
            previousLast = last
        }
        #expect(SearchIndex.separator(after: "=deep taylor", upTo: "=deep tensor") == "=deep te")
        #expect(SearchIndex.separator(after: "model", upTo: "models") == "models")
        #expect(SearchIndex.separator(after: "", upTo: "abc") == "a")
        #expect(SearchIndex.separator(after: "zoe", upTo: "zoë") == "zoë")
        #expect(manifest["facets"] == nil)   // in facets.json, fetched only to filter
        // The script's tables, from the ones the build itself uses.
        #expect(manifest["fold"] as? [String: String] == Dictionary(uniqueKeysWithValues: TextFolding.letters.map { (String($0.key), $0.value) }))
        #expect(manifest["stop"] as? [String] == SearchTokenizer.stopWords.sorted())
        let facetFile = try #require(try json(site, "facets.json") as? [String: Any])
        let facets = try #require(facetFile["values"] as? [String: [[String: Any]]])
        #expect(facets["kind"]?.map { $0["value"] as? String } == ["paper", "note", "review"])
        #expect(facets["year"]?.first?["value"] as? String == "2025")
        let table = try #require(facetFile["documents"] as? [String: [[Int]]])
        #expect(Set(table.keys) == ["kind", "year", "venue", "topic", "reading"])
        #expect(table["kind"]?.count == manifest["documents"] as? Int)
    }

    @Test func aTermFindsItsPagesAndTitlesOutweighBodies() async throws {
        let site = try TemporarySite()
        try await site.build()
        let found = try postings(site, "chameleonbench")
        let urls = try found.map { try url(site, $0.0) }
        #expect(urls.contains("/papers/chameleonbench/"))
        #expect(urls.contains("/reviews/chameleonbench-review/"))
        // The paper has the word in its title; the note only in its body.
        let impacts = Dictionary(uniqueKeysWithValues: try found.map { (try url(site, $0.0), $0.1) })
        #expect(impacts["/papers/chameleonbench/"]! > impacts["/notes/does-alignment-faking-need-a-benchmark/"] ?? 0)
        // Folded, split and joined forms are all there.
        #expect(try postings(site, "pretraining").isEmpty == false)
        #expect(try postings(site, "timothee").map { try url(site, $0.0) } == ["/papers/transfer-bandit-policies/"])
    }

    /// A word in more documents than `longPostings` is written in its chunk as its head, the
    /// postings of highest impact (ties in document order), with the highest impact left out
    /// and its documents; its whole postings in `all/<n>.json`, as they would be in a chunk.
    @Test func aCommonWordsChunkHoldsItsHeadAndItsWholePostingsAreApart() async throws {
        // "common" in all 30 documents, more often in some; "rare" in three.
        let documents = SearchDocuments(count: 30) { number in
            let body = Array(repeating: "common", count: 1 + number % 7).joined(separator: " ") + (number % 10 == 0 ? " rare" : "") + " filler text"
            return SearchDocument(kind: "paper", url: "/papers/p\(number)/", title: "Paper \(number)", authors: [], year: nil, venue: nil,
                                  topics: [], reading: nil, snippet: "", fields: ["Paper \(number)", "", "", "", body])
        }
        let index = await SearchIndex(documents)
        func read(_ files: [OutputFile], _ path: String) throws -> [String: Any] {
            let file = try #require(files.first { $0.path == "search/" + path })
            let contents = try #require(file.contents)
            return try #require(try JSONSerialization.jsonObject(with: Data(contents)) as? [String: Any])
        }
        func pairs(_ flat: [Int]) -> [(document: Int, impact: Int)] {
            var document = 0
            return stride(from: 0, to: flat.count, by: 2).map { document += flat[$0]; return (document, flat[$0 + 1]) }
        }
        let plain = try await index.files()
        let headed = try await index.files(longPostings: 10, headPostings: 4)
        let whole = try #require(try read(plain, "index/0.json")["common"] as? [Int])
        let entry = try #require(try read(headed, "index/0.json")["common"] as? [String: Any])
        #expect(entry["df"] as? Int == 30)
        let head = pairs(try #require(entry["head"] as? [Int]))
        let ordered = pairs(whole).sorted { ($0.impact, $1.document) > ($1.impact, $0.document) }
        #expect(head.map(\.document) == ordered.prefix(4).map(\.document).sorted())
        #expect(entry["cut"] as? Int == ordered[4].impact && ordered[4].impact <= head.map(\.impact).min()!)
        let file = try #require(entry["all"] as? Int)
        #expect(try read(headed, "all/\(file).json")["common"] as? [Int] == whole)
        // A word in few documents is written whole, as before; no whole file without a long word.
        #expect(try read(headed, "index/0.json")["rare"] as? [Int] == (try read(plain, "index/0.json")["rare"] as? [Int]))
        #expect(!plain.contains { $0.path.hasPrefix("search/all/") })
    }

    /// The terms a misspelt word may be read as: each in the file of its first letter and of
    /// its second, with how many documents hold it; never numbers, whole titles or words
    /// under three letters; every file listed in the manifest.
    @Test func theTermsForCorrectingAWordAreFiledByTheirFirstTwoLetters() async throws {
        let site = try TemporarySite()
        try await site.build()
        let manifest = try #require(try json(site, "manifest.json") as? [String: Any])
        let keys = try #require(manifest["corrections"] as? [String])
        var files: [String: [String: Int]] = [:]
        for key in keys { files[key] = try #require(try json(site, "terms/\(key).json") as? [String: Int]) }
        let written = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("search/terms").path)
        #expect(Set(written) == Set(keys.map { $0 + ".json" }))
        func key(_ letter: Character) -> String { String(letter.unicodeScalars.first!.value, radix: 16) }
        #expect(files[key("c")]?["chameleonbench"] == (try postings(site, "chameleonbench")).count)
        #expect(files[key("h")]?["chameleonbench"] == (try postings(site, "chameleonbench")).count)
        #expect(files[key("p")]?["primacy"] != nil && files[key("r")]?["primacy"] != nil)
        #expect(files[key("t")]?["timothee"] != nil)   // folded as a query is
        let all = files.values.flatMap(\.keys)
        #expect(!all.contains { $0.hasPrefix("=") || $0.unicodeScalars.count < 3 || $0.contains(where: \.isNumber) })
        #expect(!all.contains("gpt3") && !all.contains("the"))
        // Every term of a file has its first or second letter as the file's key.
        for (fileKey, terms) in files {
            #expect(terms.keys.allSatisfy { Array($0.unicodeScalars.prefix(2)).map { String($0.value, radix: 16) }.contains(fileKey) })
        }
    }

    @Test func aWholeTitleIsOneTerm() async throws {
        let site = try TemporarySite()
        try await site.build()
        let key = SearchIndex.titleKey(SearchTokenizer.terms("On the Opportunities and Risks of Foundation Models"))
        #expect(key == "=opportunities risks foundation models")
        #expect(try postings(site, key).map { try url(site, $0.0) } == ["/papers/on-the-opportunities-and-risks-of-foundation-models/"])
    }

    @Test func recordsHoldWhatAResultShows() async throws {
        let site = try TemporarySite()
        try await site.build()
        let documents = try (0..<19).map { try record(site, $0) }
        let delta = try #require(documents.first { $0["url"] as? String == "/papers/delta-steal/" })
        #expect(delta["title"] as? String == "δ-STEAL: LLM Stealing Attack with Local Differential Privacy")
        #expect(delta["kind"] as? String == "paper")
        #expect(delta["year"] as? Int == 2025)
        #expect((delta["snippet"] as? String)?.isEmpty == false)
        #expect((delta["snippet"] as? String)?.contains("<") == false)
        // TeX in a snippet reads as Unicode, not as commands.
        let transfer = try #require(documents.first { $0["url"] as? String == "/papers/transfer-bandit-policies/" })
        #expect((transfer["snippet"] as? String)?.contains("source distribution ν'k") == true)
        #expect((transfer["snippet"] as? String)?.contains("\\") == false)
    }

    @Test func htmlBecomesPlainText() {
        #expect(HTMLText.plain("<p>A &lt;b&gt; &amp; <em>c</em> &quot;d&quot; &#39;e&#39;</p>").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                == "A <b> & c \"d\" 'e'")
        #expect(HTMLText.snippet("one two three four", limit: 9) == "one two…")
    }

    /// The byte-level reading of TeX gives what the Character-level one gives, whenever it
    /// answers; with non-ASCII text too (a combining mark, a Greek letter, a curly quote).
    @Test func theBytewiseTeXToTextIsTheCharacterOne() async {
        let pieces = ["$", "\\", "\\$", "{", "}", "^", "_", "alpha", "Gamma", "leq", "x", " ", "\r\n", "2", "é", "\u{301}", "α", "’"]
        let text = Gen.element(of: pieces).array(of: 0...40).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 2_000, input: text) { text in
            if let bytewise = PlainText.bytewiseFromTeX(text) { #expect(bytewise == PlainText.characterFromTeX(text), "\(text.debugDescription)") }
            #expect(PlainText.fromTeX(text) == PlainText.characterFromTeX(text), "\(text.debugDescription)")
        }
        #expect(PlainText.bytewiseFromTeX("Café: $\\alpha$ ’s rate") == "Café: α ’s rate")
    }

    @Test func theASCIISnippetIsTheCharacterSnippet() async {
        let text = Gen.element(of: Array("ab Z9.-\n\t  \r\u{0B}\u{0C}x")).array(of: 0...120).map { String($0.compactMap { $0 }) }
        await propertyCheck(count: 1_000, input: text, Gen.int(in: 1...40)) { text, limit in
            // The byte path answers for text without a carriage return, and must agree.
            #expect((HTMLText.asciiSnippet(text, limit: limit) != nil) == !text.prefix(2 * limit).utf8.contains(13))
            #expect(HTMLText.snippet(text, limit: limit) == HTMLText.characterSnippet(text, limit: limit), "\(text.debugDescription), \(limit)")
        }
    }
}

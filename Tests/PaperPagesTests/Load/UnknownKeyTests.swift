import Foundation
import Testing
@testable import PaperPages

/// Keys the content format does not define: a misspelt one names the key meant, any other
/// says where a site's own keys go, and `extra:` is that place. In every kind of file.
@Suite("Load: misspelt and unknown front-matter keys")
struct UnknownKeyTests {
    static let paperText = "---\ntitle: T\nauthors: [Ada Lovelace]\nyear: 2024\nKEY\n---\nBody.\n"

    func failure(_ path: String, _ text: String) async throws -> [String] {
        let site = try TemporarySite()
        try site.write(path, text)
        return await site.buildFailure()
    }

    @Test(arguments: [
        ("venu: NeurIPS", "venue"), ("topic: [x]", "topics"), ("author: Ada Lovelace", "authors"),
        ("abstarct: Text.", "abstract"), ("grant: x", nil), ("arxive: 2401.00001", "arxiv"), ("citation-key: x", "citation_key"),
        ("extras: {a: 1}", "extra"),
    ] as [(String, String?)])
    func aMisspeltPaperKeyNamesTheKeyMeant(_ key: String, _ meant: String?) async throws {
        let problems = try await failure("papers/p.md", Self.paperText.replacingOccurrences(of: "KEY", with: key))
        let name = String(key.prefix { $0 != ":" })
        if let meant {
            #expect(problems == ["Content/papers/p.md:5:1: '\(name)' is not a key of a paper; did you mean '\(meant)'?"])
        } else {
            #expect(problems.count == 1 && problems[0].hasPrefix("Content/papers/p.md:5:1: '\(name)' is not a key of a paper (see docs/content.md"))
        }
    }

    @Test func everyKindOfFileIsChecked() async throws {
        #expect(try await failure("notes/n.md", "---\nquestion: Why?\ntopic: [x]\n---\n")
                == ["Content/notes/n.md:3:1: 'topic' is not a key of a note; did you mean 'topics'?"])
        #expect(try await failure("reviews/r.md", "---\npaper: delta-steal\nreviewer: Ada\nratng: 4\n---\n")
                == ["Content/reviews/r.md:4:1: 'ratng' is not a key of a review; did you mean 'rating'?"])
        #expect(try await failure("pages/p.md", "---\ntitel: About\ntitle: About\n---\n")
                == ["Content/pages/p.md:2:1: 'titel' is not a key of a page; did you mean 'title'?"])
        let site = try TemporarySite()
        try site.write("site.yaml", try site.read("site.yaml") + "base-url: /reading/\nlanguge: de\n")
        #expect(await site.buildFailure() == [
            "Content/site.yaml:8:1: 'base-url' is not a key of site.yaml; did you mean 'base_url'?",
            "Content/site.yaml:9:1: 'languge' is not a key of site.yaml; did you mean 'language'?",
        ])
    }

    @Test func aKeyFarFromAnyDefinedOneSaysWhereOwnKeysGo() async throws {
        let problems = try await failure("papers/p.md", Self.paperText.replacingOccurrences(of: "KEY", with: "funding: CRFM"))
        #expect(problems == ["Content/papers/p.md:5:1: 'funding' is not a key of a paper (see docs/content.md for its keys); "
                             + "put keys of your own under 'extra:', as in `extra: {funding: ...}`, and layouts read them as {{extra.funding}}"])
    }

    @Test func ownKeysUnderExtraReachTheModelInOrder() async throws {
        let site = try TemporarySite()
        try site.write("papers/p.md", Self.paperText.replacingOccurrences(of: "KEY", with: "extra:\n  funding: CRFM\n  poster: 42"))
        let content = try await ContentLoader(folder: site.content.path).load()
        let paper = try #require(content.papers.first { $0.slug == "p" })
        #expect(paper.extra.map(\.0) == ["funding", "poster"])
        #expect(paper.extra.last?.1 == .int(42))
        #expect(try await failure("papers/q.md", Self.paperText.replacingOccurrences(of: "KEY", with: "extra: [a, b]"))
                == ["Content/papers/q.md:5:8: 'extra' must be a mapping of keys of your own, such as `extra: {funding: CRFM}`, found a list"])
    }

    @Test func spellingDistanceCountsASwapAsOneEdit() {
        #expect(Spelling.distance("abstarct", "abstract") == 1)
        #expect(Spelling.distance("venu", "venue") == 1)
        #expect(Spelling.distance("kitten", "sitting") == 3)
        #expect(Spelling.closest(to: "yr", among: ["year"]) == nil)        // short names: one edit at most
        #expect(Spelling.closest(to: "doi2", among: ["doi", "url"]) == "doi")
    }
}

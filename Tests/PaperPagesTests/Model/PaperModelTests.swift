import Testing
@testable import PaperPages

@Suite("Model: papers, notes, reviews and site settings")
struct PaperModelTests {
    private func paper(_ yaml: String, body: String = "") -> (Paper?, [String]) {
        var log = DiagnosticLog()
        let path = "Content/papers/p.md"
        guard let document = FrontMatterParser.parse("---\n\(yaml)\n---\n\(body)", path: path, log: &log) else {
            return (nil, log.diagnostics.map(\.description))
        }
        let paper = Paper(slug: "p", document: document, path: path, log: &log)
        return (paper, log.diagnostics.map(\.description))
    }

    @Test func readsEveryFieldOfTheFoundationModelsPaper() throws {
        let (paper, problems) = paper("""
            title: "On the Opportunities and Risks of Foundation Models"
            authors: ["Rishi Bommasani", "Hudson, Drew A.", {given: Ehsan, family: Adeli}, "Sydney von Arx"]
            year: 2022
            venue: arXiv
            status: preprint
            open_access: true
            arxiv: "2108.07258"
            doi: https://doi.org/10.48550/arXiv.2108.07258
            pdf: https://arxiv.org/pdf/2108.07258
            institutions: [Stanford University]
            topics: [foundation models]
            citations: 4200
            saves: 0
            reading: read
            added: 2025-11-20
            related: [other-paper]
            abstract: AI is undergoing a paradigm shift.
            extra: {funding: CRFM}
            """, body: "Notes.")
        #expect(problems.isEmpty)
        let p = try #require(paper)
        #expect(p.authors.map(\.displayName) == ["Rishi Bommasani", "Drew A. Hudson", "Ehsan Adeli", "Sydney von Arx"])
        #expect(p.authors[3].family == "von Arx")
        #expect(p.year == 2022 && p.venue == "arXiv" && p.status == "preprint" && p.openAccess)
        #expect(p.doi == "10.48550/arXiv.2108.07258")
        #expect(p.citations == 4200 && p.saves == 0 && p.reading == .read)
        #expect(p.added?.description == "2025-11-20")
        #expect(p.related.map(\.slug) == ["other-paper"])
        #expect(p.related[0].location.line == 17)
        #expect(p.extra.map(\.0) == ["funding"])
        #expect(p.extra.first?.1 == .string("CRFM"))
    }

    @Test func reportsAWrongYearAtItsLineAndColumn() {
        let (paper, problems) = paper("title: T\nauthors: [A B]\nvenue: arXiv\nstatus: preprint\nopen_access: true\nyear: twenty")
        #expect(paper == nil)
        #expect(problems == [#"Content/papers/p.md:7:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "twenty""#])
    }

    @Test func reportsEveryProblemOfAFileAtOnce() {
        let (_, problems) = paper("""
            authors: []
            year: 2022
            open_access: maybe
            code: ftp://example.org/code
            citations: -1
            reading: done
            added: 2025-02-30
            related: [Not A Slug]
            """)
        #expect(problems == [
            "Content/papers/p.md:1:1: 'title' is required: expected text",
            #"Content/papers/p.md:4:14: 'open_access' must be true or false, found "maybe""#,
            #"Content/papers/p.md:5:7: 'code' must be an http(s) URL, found "ftp://example.org/code""#,
            #"Content/papers/p.md:6:12: 'citations' must be an integer >= 0, found "-1""#,
            #"Content/papers/p.md:7:10: 'reading' must be one of 'reading', 'to-read', 'read', 'skipped', found "done""#,
            #"Content/papers/p.md:8:8: 'added' must be a date written YYYY-MM-DD, found "2025-02-30""#,
            #"Content/papers/p.md:9:11: 'related' must be a slug (lower-case letters, digits and '-'), found "Not A Slug""#,
        ])
    }

    @Test func takesTheYearFromTheDateAndChecksThemAgainstEachOther() {
        #expect(paper("title: T\nauthors: [A B]\ndate: 2021-06-01").0?.year == 2021)
        #expect(paper("title: T\nauthors: [A B]").1 == ["Content/papers/p.md:1:1: 'year' is required: expected a year from 1000 to 9999, or n.d. for a work with no date"])
        #expect(paper("title: T\nauthors: [A B]\nyear: 2020\ndate: 2021-06-01").1 == ["Content/papers/p.md:4:7: 'year' is 2020 but 'date' is in 2021"])
    }

    @Test func requiresTheReviewedPaperAndReviewer() {
        var log = DiagnosticLog()
        let document = FrontMatterParser.parse("---\nrating: 6\n---\n", path: "Content/reviews/r.md", log: &log)!
        #expect(Review(slug: "r", document: document, path: "Content/reviews/r.md", log: &log) == nil)
        #expect(log.diagnostics.map(\.description) == [
            "Content/reviews/r.md:1:1: 'paper' is required: expected a paper slug",
            "Content/reviews/r.md:1:1: 'reviewer' is required: expected text",
            #"Content/reviews/r.md:2:9: 'rating' must be an integer from 1 to 5, found "6""#,
        ])
    }

    @Test func readsSiteSettingsAndNormalisesTheBaseURL() throws {
        var log = DiagnosticLog()
        let config = try #require(SiteConfig(yaml: "title: Reading\nbase_url: https://example.org/reading\n", path: "site.yaml", log: &log))
        #expect(config.baseURL == "https://example.org/reading/")
        #expect(config.basePath == "/reading/")
        #expect(!config.allowRawHTML)
        #expect(SiteConfig(yaml: "title: R\nbase_url: reading\n", path: "site.yaml", log: &log) == nil)
        #expect(log.diagnostics.map(\.description) == [
            #"site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "reading""#,
        ])
        for hostile in ["/a b/", "/x\"onload=\"y/", "/q?x=1", "/f#frag", "/a/\n/b", "https://h/x'y", "/../up/", "/%zz/", "javascript:alert(1)", "//evil.org/"] {
            #expect(SiteConfig.normalizedBaseURL(hostile) == nil, "\(hostile)")
        }
        for fine in ["/", "/reading", "/sub/path/", "https://example.org", "http://localhost:8000/x/", "/caf%C3%A9/"] {
            #expect(SiteConfig.normalizedBaseURL(fine) != nil, "\(fine)")
        }
    }

    @Test func makesSlugsThatFoldDiacritics() {
        #expect(Slug.make("Université de Montréal") == "universite-de-montreal")
        #expect(Slug.make("Łukasz Kaiser") == "lukasz-kaiser")
        #expect(Slug.make("Jürgen Schmidhuber") == "jurgen-schmidhuber")
        #expect(Slug.isValid("delta-steal") && !Slug.isValid("Delta_Steal") && !Slug.isValid("-x"))
    }

    @Test func asciiNamesTakeTheFastPathToTheSameSlug() {
        // The ASCII path skips Foundation's folding; both paths must agree.
        for name in ["Percy Liang", "  AI  Safety!! ", "GPT-3 (175B)", "", "---", "Sydney von Arx", "ACML 2025", "a_b.c/d"] {
            #expect(Slug.make(name) == Slug.foldedSlug(name), "\(name)")
        }
        #expect(Slug.make("  AI  Safety!! ") == "ai-safety")
        #expect(Slug.make("GPT-3 (175B)") == "gpt-3-175b")
        #expect(Slug.make("---").hasPrefix("x-") && Slug.make("---") != Slug.make("???"))
        #expect(Slug.make("C++") == "c-plus-plus" && Slug.make("C#") == "c-sharp" && Slug.make("C") == "c")
    }

    @Test func distinctNamesInOtherScriptsGetDistinctStablePages() {
        let names = ["张伟", "王芳", "汪芳", "Иван Петров", "Γιώργος Παπαδόπουλος", "Ivan Petrov"]
        let slugs = names.map(Slug.make)
        #expect(Set(slugs).count == names.count)
        #expect(slugs.allSatisfy(Slug.isValid))
        #expect(slugs[3].hasPrefix("ivan-petrov-") && slugs[0].hasPrefix("zhang-wei-") && slugs[4].hasPrefix("giorgos-papadopoulos-"))
        // Stable: the hash is FNV-1a, the same on every machine and run.
        #expect(Slug.make("Иван Петров") == "ivan-petrov-vmq7y7wv")
        // Spellings of one name still meet.
        #expect(Slug.make("Иван  петров") == Slug.make("Иван Петров"))
    }

    @Test func longNamesAreCutWithinTheFileNameLimit() {
        let long = String(repeating: "deep learning ", count: 40)
        let slug = Slug.make(long)
        #expect(slug.utf8.count <= Slug.maximumLength && Slug.isValid(slug))
        #expect(slug != Slug.make(long + "x"))
        let cjk = String(repeating: "基础模型", count: 60)
        #expect(Slug.make(cjk).utf8.count <= Slug.maximumLength)
    }

    @Test func citationFieldsAreReadAndAKeyIsOneWord() throws {
        let (paper, problems) = paper("""
            title: T
            authors: [A B]
            year: 2025
            type: conference
            volume: 304
            issue: "2"
            pages: "1--16"
            publisher: PMLR
            citation_key: "rehman25"
            more_authors: true
            """)
        #expect(problems.isEmpty)
        #expect(paper?.type == .conference && paper?.volume == "304" && paper?.issue == "2" && paper?.pages == "1--16")
        #expect(paper?.publisher == "PMLR" && paper?.citationKey == "rehman25" && paper?.moreAuthors == true)
        #expect(paper.map(Reference.init)?.pageRange?.first == "1" && paper.map(Reference.init)?.pageRange?.last == "16")
        let (_, wrong) = self.paper("title: T\nauthors: [A B]\nyear: 2025\ntype: poster\ncitation_key: \"two words}\"")
        #expect(wrong == [
            "Content/papers/p.md:5:7: 'type' must be one of 'conference', 'journal', 'preprint', 'report', 'thesis', 'book', 'chapter', 'other', found \"poster\"",
            "Content/papers/p.md:6:15: 'citation_key' must be one word of letters, digits and - _ : . / + (as BibTeX keys are), found \"two words}\"",
        ])
    }
}

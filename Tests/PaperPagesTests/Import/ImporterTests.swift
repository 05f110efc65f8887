import Foundation
import Testing
@testable import PaperPages

/// Re-importing never overwrites what the owner edited; `new` never overwrites anything.
@Suite struct ImporterTests {
    static let entry = #"""
    @inproceedings{rehman25,
      title = {Punching Above Precision: Small Quantized Model Distillation with Learnable Regularizer},
      author = {Rehman, Abdur and Sharif, S M A and Rahaman, Md Abdur and Rasool, Mohamed Jismy Aashik and Kim, Seongwan and Lee, Jaeho},
      booktitle = {Proceedings of the 17th Asian Conference on Machine Learning},
      year = {2025},
      pages = {1--16},
      url = {https://proceedings.mlr.press/v304/rehman25.html},
    }
    """#

    @Test func anEditedPaperIsReportedNotOverwritten() throws {
        let site = try TemporarySite()
        try site.write("import.bib", in: site.root, Self.entry)
        let before = try site.read("papers/punching-above-precision.md")
        let importer = Importer(content: site.content.path, today: Day("2026-11-29")!)
        let plan = importer.plan([site.root.appendingPathComponent("import.bib").path])
        // Matched by its URL under the owner's own slug; the owner wrote "ACML" as the venue.
        #expect(plan.steps.map(\.path) == [site.content.appendingPathComponent("papers/punching-above-precision.md").path])
        #expect(plan.steps.map(\.action) == [.differs(["venue"])])
        #expect(try importer.apply(plan) == (0, 0))
        #expect(try site.read("papers/punching-above-precision.md") == before)
    }

    @Test func forceReplacesTheImportedKeysAndKeepsTheOwnersOwn() async throws {
        let site = try TemporarySite()
        try site.write("import.bib", in: site.root, Self.entry)
        let notes = "\nMy notes: the regularizer is the interesting part.\n"
        try site.write("papers/punching-above-precision.md", try site.read("papers/punching-above-precision.md") + notes)
        let importer = Importer(content: site.content.path, force: true, today: Day("2026-11-29")!)
        let plan = importer.plan([site.root.appendingPathComponent("import.bib").path])
        #expect(plan.steps.map(\.action) == [.replace(["venue"])])
        #expect(try importer.apply(plan) == (0, 1))
        let text = try site.read("papers/punching-above-precision.md")
        #expect(text.contains("venue: \"Proceedings of the 17th Asian Conference on Machine Learning\""))
        // The owner's keys and notes are kept: reading status, related papers, the body.
        #expect(text.contains("reading: read") && text.contains("related: [direct-quantized-training]"))
        #expect(text.contains("added: 2025-12-01"))
        #expect(text.hasSuffix("---\n" + notes))
        try await site.build()
        // The same import again changes nothing.
        let again = importer.plan([site.root.appendingPathComponent("import.bib").path])
        #expect(again.steps.map(\.action) == [.same])
    }

    @Test func aFileTheBuildWouldRefuseWithTheSiteIsNotWritten() async throws {
        // A paper cited as `rehman25`; an entry whose key BibTeX tools would not read is
        // cited by its slug, which here would be `rehman25` too: the build refuses two papers
        // with one key, so the import leaves the entry out and says why.
        let site = try TemporarySite()
        try site.write("papers/punching.md", "---\ntitle: Punching\nauthors: [A B]\nyear: 2025\ncitation_key: rehman25\n---\n")
        try site.write("import.bib", in: site.root, "@misc{kéy, title = {Rehman25}, author = {C D}, year = {2024}}\n")
        let plan = Importer(content: site.content.path, today: Day("2026-12-06")!).plan([site.root.appendingPathComponent("import.bib").path])
        #expect(plan.steps.isEmpty)
        #expect(plan.problems.map(\.message) == ["@misc{kéy}: would be written as \(site.content.path)/papers/rehman25.md, which the build refuses: "
                                                + "the citation key 'rehman25' is also papers/punching.md's; give one of them another 'citation_key'; it was left out"])
        try await site.build()
    }

    @Test func aBibliographyCannotNameAFileOfTheOwnersToPublish() throws {
        // Downloads/untrusted.bib names files near it: only a file beside it, not hidden, is taken.
        let site = try TemporarySite()
        try site.write("Downloads/beside.pdf", in: site.root, "%PDF beside")
        try site.write("Downloads/.env.pdf", in: site.root, "SECRET=1")
        try site.write("Downloads/.ssh/id.pdf", in: site.root, "key")
        try site.write("statement.pdf", in: site.root, "one folder up, not al-folio's assets")
        try site.write("Downloads/untrusted.bib", in: site.root, """
            @misc{a, title = {A}, author = {A B}, year = {2024}, pdf = {beside.pdf}}
            @misc{b, title = {B}, author = {A B}, year = {2024}, pdf = {.env.pdf}, slides = {.ssh/id.pdf}}
            @misc{c, title = {C}, author = {A B}, year = {2024}, pdf = {../statement.pdf}, poster = {/statement.pdf}}
            @misc{d, title = {D}, author = {A B}, year = {2024}, pdf = {/etc/hostname.pdf}}
            """)
        let importer = Importer(content: site.content.path, today: Day("2026-12-06")!)
        let plan = importer.plan([site.root.appendingPathComponent("Downloads/untrusted.bib").path])
        #expect(plan.files.map(\.sitePath) == ["/files/beside.pdf"])
        _ = try importer.apply(plan)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("files").path) == ["beside.pdf"])
        let notes = plan.steps.flatMap(\.entry.notes)
        #expect(notes.filter { $0.contains("neither an http(s) URL nor a file name") }.count == 3)   // .env.pdf, .ssh/id.pdf, ../statement.pdf
        #expect(notes.filter { $0.contains("not found beside the .bib file") }.count == 2)   // /statement.pdf, /etc/hostname.pdf
    }

    @Test func risFromAReferenceManager() throws {
        // EndNote's and Mendeley's older tags (T1, A1, A2, Y1 with slashes, JF, N2), a value
        // wrapped onto a second line, a record without ER at the end.
        let site = try TemporarySite()
        try site.write("export.ris", in: site.root, """
            TY  - JOUR
            T1  - Attention is all you need
            A1  - Vaswani, Ashish
            A1  - Shazeer, Noam
            A2  - Guyon, I.
            Y1  - 2017/12//
            JF  - Advances in Neural Information Processing Systems
            N2  - The dominant sequence transduction models are based on complex recurrent
            or convolutional neural networks.
            KW  - transformers
            UR  - https://arxiv.org/abs/1706.03762
            ER  -\u{20}

            TY  - RPRT
            TI  - Cut short
            """)
        let plan = Importer(content: site.content.path, today: Day("2026-12-06")!).plan([site.root.appendingPathComponent("export.ris").path])
        #expect(plan.problems.map(\.message) == ["a record from line 14 has no 'ER  -' line to end it; it was not imported"])
        let reference = try #require(plan.steps.first).entry.reference
        #expect(reference.title == "Attention is all you need" && reference.authors.map(\.family) == ["Vaswani", "Shazeer"])
        #expect(reference.editors.map(\.family) == ["Guyon"] && reference.year == 2017 && reference.month == 12 && reference.day == nil)
        #expect(reference.container == "Advances in Neural Information Processing Systems" && reference.arxiv == "1706.03762" && reference.url == nil)
        #expect(reference.abstract == "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.")
        #expect(reference.keywords == ["transformers"] && reference.type == .journal)
    }

    @Test func aPreviewImageIsTakenOnlyFromWhereALinksFileIs() throws {
        // `preview` names a file as a link field does, under the same rules: no `..`, no hidden file.
        let site = try TemporarySite()
        try site.write("private.png", in: site.root, "not for the site")
        try site.write("Downloads/.hidden.png", in: site.root, "not for the site")
        try site.write("Downloads/fig.png", in: site.root, "a figure")
        try site.write("Downloads/list.bib", in: site.root, """
            @misc{a, title = {A}, author = {A B}, year = {2024}, preview = {../private.png}}
            @misc{b, title = {B}, author = {A B}, year = {2024}, preview = {.hidden.png}}
            @misc{c, title = {C}, author = {A B}, year = {2024}, preview = {fig.png}}
            """)
        let plan = Importer(content: site.content.path, today: Day("2026-12-06")!).plan([site.root.appendingPathComponent("Downloads/list.bib").path])
        #expect(plan.files.map(\.sitePath) == ["/files/fig.png"])
        #expect(plan.steps.map(\.entry.extras.preview) == [nil, nil, "/files/fig.png"])
    }

    @Test func filesOfOneNameFromTwoBibliographiesKeepTheirOwnLinks() async throws {
        // Two lists, each with its own `paper.pdf`, and a `paper.pdf` of other bytes already in the site.
        let site = try TemporarySite()
        try site.write("files/paper.pdf", "%PDF the site's own")
        try site.write("one/paper.pdf", in: site.root, "%PDF one")
        try site.write("two/paper.pdf", in: site.root, "%PDF two")
        try site.write("one/list.bib", in: site.root, "@misc{one, title = {One}, author = {A B}, year = {2024}, pdf = {paper.pdf}}\n")
        try site.write("two/list.bib", in: site.root, "@misc{two, title = {Two}, author = {A B}, year = {2024}, pdf = {paper.pdf}}\n")
        let importer = Importer(content: site.content.path, today: Day("2026-12-06")!)
        let plan = importer.plan(["one/list.bib", "two/list.bib"].map { site.root.appendingPathComponent($0).path })
        #expect(plan.files.map(\.sitePath) == ["/files/paper-2.pdf", "/files/paper-3.pdf"])
        #expect(plan.steps.map { $0.entry.extras.links.map(\.url) } == [["/files/paper-2.pdf"], ["/files/paper-3.pdf"]])
        _ = try importer.apply(plan)
        #expect(try site.read("files/paper.pdf") == "%PDF the site's own")
        #expect(try site.read("files/paper-2.pdf") == "%PDF one" && site.read("files/paper-3.pdf") == "%PDF two")
        // Imported again with --force after the list gained a poster: the new file is copied too.
        try site.write("one/poster.pdf", in: site.root, "%PDF poster")
        try site.write("one/list.bib", in: site.root, "@misc{one, title = {One}, author = {A B}, year = {2024}, pdf = {paper.pdf}, poster = {poster.pdf}}\n")
        var forced = importer
        forced.force = true
        let again = forced.plan([site.root.appendingPathComponent("one/list.bib").path])
        #expect(again.steps.map(\.action) == [.replace(["links"])])
        _ = try forced.apply(again)
        #expect(try site.read("files/poster.pdf") == "%PDF poster")
        try await site.build()
    }

    @Test func aDryRunPlansAndWritesNothing() throws {
        let site = try TemporarySite(example: false)
        try site.write("import.bib", in: site.root, Self.entry)
        let plan = Importer(content: site.content.path, today: Day("2026-11-29")!).plan([site.root.appendingPathComponent("import.bib").path])
        #expect(plan.steps.map(\.action) == [.create])
        #expect(plan.steps[0].path.hasSuffix("papers/punching-above-precision-small-quantized-model.md"))
        #expect(!FileManager.default.fileExists(atPath: site.content.appendingPathComponent("papers").path))
    }

    @Test func cslJSONIsImportedLikeBibTeX() throws {
        let site = try TemporarySite(example: false)
        try site.write("zotero.json", in: site.root, #"""
        [{"id": "http://zotero.org/users/1/items/ABCD", "citation-key": "bommasani2021", "type": "article",
          "title": "On the Opportunities and Risks of Foundation Models", "number": "arXiv:2108.07258",
          "author": [{"family": "Bommasani", "given": "Rishi"}, {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                     {"literal": "Stanford CRFM"}],
          "issued": {"date-parts": [[2021, 8, 16]]}, "URL": "https://arxiv.org/abs/2108.07258", "keyword": "foundation models, AI safety",
          "abstract": "AI is undergoing a paradigm shift with the rise of models (e.g., BERT, DALL-E, GPT-3) trained on *broad* data."},
         {"id": "no-year", "type": "article-journal", "title": "Undated", "author": [{"family": "Doe"}]}]
        """#)
        let plan = Importer(content: site.content.path, today: Day("2026-11-29")!).plan([site.root.appendingPathComponent("zotero.json").path])
        // An item with no date is a paper all the same: undated, and said so.
        #expect(plan.problems.isEmpty)
        let undated = try #require(plan.steps.last)
        #expect(undated.entry.reference.year == nil && undated.entry.notes == ["no 'issued' year: imported as undated (year: n.d.)"])
        #expect(undated.text.contains("\nyear: n.d.\n"))
        let reference = try #require(plan.steps.first).entry.reference
        #expect(reference.type == .preprint && reference.arxiv == "2108.07258" && reference.key == "bommasani2021")
        #expect(reference.authors.map(\.family) == ["Bommasani", "van Beethoven", "Stanford CRFM"] && reference.authors[2].literal != nil)
        #expect(reference.month == 8 && reference.day == 16 && reference.keywords == ["foundation models", "AI safety"])
        #expect(reference.abstract?.hasSuffix("trained on \\*broad\\* data.") == true)
    }

    @Test func newWritesAFileThatBuildsAndNeverOverwrites() async throws {
        let site = try TemporarySite()
        let today = Day("2026-11-29")!
        let paper = try NewFile.create(.paper, slug: "attention-is-all-you-need", paper: nil, content: site.content.path, today: today)
        let note = try NewFile.create(.note, slug: "why-attention", paper: "attention-is-all-you-need", content: site.content.path, today: today)
        _ = try NewFile.create(.review, slug: "attention-review", paper: "attention-is-all-you-need", content: site.content.path, today: today)
        #expect(try site.read("papers/attention-is-all-you-need.md").contains("title: \"Attention is all you need\""))
        #expect(try String(contentsOfFile: note, encoding: .utf8).contains("question: \"Why attention?\""))
        try await site.build()
        let written = try String(contentsOfFile: paper, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try NewFile.create(.paper, slug: "attention-is-all-you-need", paper: nil, content: site.content.path, today: today) }
        #expect(try String(contentsOfFile: paper, encoding: .utf8) == written)
        #expect(throws: Diagnostic.self) { try NewFile.create(.review, slug: "orphan", paper: nil, content: site.content.path, today: today) }
        #expect(throws: Diagnostic.self) { try NewFile.create(.note, slug: "x", paper: "no-such-paper", content: site.content.path, today: today) }
        #expect(throws: Diagnostic.self) { try NewFile.create(.paper, slug: "Not A Slug", paper: nil, content: site.content.path, today: today) }
    }
}

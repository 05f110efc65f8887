import Foundation
import Testing
@testable import PaperPages

/// BibTeX as real files are written: DBLP, arXiv, ACL Anthology and Zotero exports, and the
/// constructs of the BibTeX book (macros, concatenation, crossref, comments, accents, names).
@Suite struct BibTeXImportTests {
    /// Entries written the way DBLP, arXiv, the ACL Anthology and Better BibTeX write them.
    static let library = #"""
    % Exported by hand from public records, in each source's conventions.
    @comment{jabref-meta: databaseType:bibtex;}
    @preamble{"\newcommand{\noopsort}[1]{}"}
    @string{acl = "Association for Computational Linguistics"}
    @string{procacl = "Proceedings of the 61st Annual Meeting of the " # acl}

    @inproceedings{vaswani2017attention,
      title     = {Attention is All you {Need}},
      author    = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. and Kaiser, {\L}ukasz and Polosukhin, Illia},
      booktitle = {Advances in Neural Information Processing Systems},
      volume    = {30},
      year      = 2017,
      month     = dec,
      pages     = {5998--6008},
      url       = {https://papers.nips.cc/paper/7181-attention-is-all-you-need},
    }

    @article{DBLP:journals/corr/abs-2108-07258,
      author     = {Rishi Bommasani and Drew A. Hudson and Ehsan Adeli and others},
      title      = {On the Opportunities and Risks of Foundation Models},
      journal    = {CoRR},
      volume     = {abs/2108.07258},
      year       = {2021},
      url        = {https://arxiv.org/abs/2108.07258},
      eprinttype = {arXiv},
      eprint     = {2108.07258},
    }

    @inproceedings(mueller-etal-2023-acl,
      title = "{M}{\"u}ller's {\'E}tude: Fa{\c{c}}ade of {\o}ther Stra{\ss}e Models --- a {$\delta$}-study",
      author = "M{\"u}ller, J{\"o}rg and van der Berg, Anna and King, Jr, Martin Luther and {World Health Organization}",
      booktitle = procacl,
      month = jul,
      year = "2023",
      address = "Toronto, Canada",
      publisher = acl,
      doi = "10.18653/v1/2023.acl-long.1",
      pages = "1--12",
      keywords = {language models; evaluation},
      abstract = "We show that $x^2 \le y$ holds in 95\% of cases~\cite{foo}, with \emph{large} gains \& \textbf{no} cost.",
    )

    @proceedings{icml2024,
      title     = {Proceedings of the 41st International Conference on Machine Learning},
      booktitle = {Proceedings of the 41st International Conference on Machine Learning},
      year      = {2024},
      publisher = {PMLR},
      volume    = {235},
    }

    @inproceedings{child2024,
      title    = {A Paper in a Volume},
      author   = {Ludwig van Beethoven and Jean de La Fontaine},
      crossref = {icml2024},
      pages    = {100--110},
    }

    @misc{broken2024,
      title  = {A Broken Entry},
      author = {Someone, A.}
      year   = {2024},
    }

    @techreport{report2020,
      title       = {A Technical Report},
      author      = {Doe, Jane},
      institution = {Example University},
      number      = {TR-2020-7},
      year        = {2020},
    }
    """#

    func imported() -> (entries: [ImportedEntry], problems: [Diagnostic]) {
        BibTeXImport.entries(BibTeXParser(Self.library, path: "library.bib"))
    }

    func entry(_ key: String) throws -> Reference {
        try #require(imported().entries.first { $0.reference.key == key }).reference
    }

    @Test func aMalformedEntryIsLocatedAndTheOthersAreStillImported() throws {
        let result = imported()
        #expect(result.problems.map(\.description) == ["library.bib:61:3: @misc{broken2024}: expected ',' or '}' after the value of 'author', found 'y'"])
        // The volume is an entry of its own (an edited book), and lends its papers their venue.
        #expect(result.entries.map(\.reference.key) == ["vaswani2017attention", "DBLP:journals/corr/abs-2108-07258", "mueller-etal-2023-acl",
                                                         "icml2024", "child2024", "report2020"])
        let volume = try #require(result.entries.first { $0.reference.key == "icml2024" })
        #expect(volume.reference.type == .book && volume.notes.contains("a volume: imported as a book of its own, and its papers take their venue and year from it"))
    }

    @Test func macrosConcatenationAccentsAndMathBecomeUnicodeAndMarkdown() throws {
        let paper = try entry("mueller-etal-2023-acl")
        #expect(paper.title == "Müller’s Étude: Façade of øther Straße Models — a $\\delta$-study")
        #expect(paper.container == "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics")
        #expect(paper.publisher == "Association for Computational Linguistics")
        #expect(paper.month == 7 && paper.year == 2023)
        #expect(paper.pages == "1–12")
        #expect(paper.doi == "10.18653/v1/2023.acl-long.1")
        #expect(paper.keywords == ["language models", "evaluation"])
        #expect(paper.abstract == "We show that $x^2 \\le y$ holds in 95% of cases, with *large* gains & **no** cost.")
    }

    @Test func namesWithVonPartsJrInstitutionsAndOthers() throws {
        let names = try entry("mueller-etal-2023-acl").authors
        #expect(names.map(\.given) == ["Jörg", "Anna", "Martin Luther", ""])
        #expect(names.map(\.family) == ["Müller", "van der Berg", "King Jr", "World Health Organization"])
        #expect(names[3].literal == "World Health Organization")
        let beethoven = try entry("child2024").authors
        #expect(beethoven.map(\.family) == ["van Beethoven", "de La Fontaine"])
        let corr = try entry("DBLP:journals/corr/abs-2108-07258")
        #expect(corr.moreAuthors && corr.authors.count == 3)
        #expect(try entry("vaswani2017attention").authors[6].displayName == "Łukasz Kaiser")
    }

    /// Found by the RIS fuzzer: `AU  - ,utler, Mark` (nothing before the comma) made a name with
    /// an empty family, as BibTeX's ", Aidan N." did; a name of nothing but a comma is left out.
    @Test func anRISValueNeverBreaksItsLine() {
        // Every line break Unicode has becomes a space; curly quotes and dashes (which share
        // the line separators' first byte) are kept.
        #expect(Reference.oneLine("a\r\nb\u{2028}c\u{2029}d\u{85}e “quoted” — dash…") == "a  b c d e “quoted” — dash…")
        #expect(Reference.oneLine("plain") == "plain")
    }

    /// A file only ever read as JSON (the reading list's items) keeps its HTML's `<`, `>` and
    /// `&`; every other escape stays, and the text reads back as it was.
    @Test func jsonForAFileReadOnlyAsJSONKeepsItsMarkup() throws {
        let text = "<li class=\"a\">A &amp; B\n\u{2028}\u{1}</li>"
        var bytes: [UInt8] = []
        JSONText.appendQuoted(text, to: &bytes, escapingMarkup: false)
        #expect(String(decoding: bytes, as: UTF8.self) == #""<li class=\"a\">A &amp; B\n\u2028\u0001</li>""#)
        let read = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(read == text)
    }

    @Test func jsonIsWrittenCompactOrIndentedWithItsScriptSafeEscapes() {
        let value = JSONValue.object([("title", .string("A <b> & \"c\"\u{2028}")), ("year", .int(2024)), ("open", .bool(true)),
                                      ("author", .array([.object([("family", .string("Lovelace"))]), .array([])])), ("none", .object([]))])
        #expect(value.text() == #"{"title":"A \u003cb\u003e \u0026 \"c\"\u2028","year":2024,"open":true,"author":[{"family":"Lovelace"},[]],"none":{}}"#)
        #expect(value.text(indent: "  ") == """
            {
              "title": "A \\u003cb\\u003e \\u0026 \\"c\\"\\u2028",
              "year": 2024,
              "open": true,
              "author": [
                {
                  "family": "Lovelace"
                },
                []
              ],
              "none": {}
            }
            """)
    }

    @Test func anRISNameWithNothingBeforeItsCommaIsKeptAsWritten() throws {
        let ris = "TY  - JOUR\r\nTI  - T\r\nAU  - ,utler, Mark\r\nAU  - Butler, Mark\r\nAU  - ,\r\nPY  - 2002\r\nER  - \r\n"
        let entry = try #require(RISImport.entries(ris, path: "x.ris").entries.first)
        #expect(entry.reference.authors.map(\.displayName) == ["utler, Mark", "Mark Butler"])
        let file = PaperFile.text(entry.reference, added: Day("2026-12-07"))
        guard case .success(let paper) = Importer.load(file, slug: "x", path: "x.md") else {
            Issue.record("the written file does not load:\n\(file)")
            return
        }
        #expect(RISImport.entries(Reference(paper).ris, path: "again.ris").entries.count == 1)
    }

    /// Found by the fuzzer: ", Aidan N." (nothing before the comma) made a name with an empty
    /// family, which the paper file it was written to could not load.
    @Test func aNameWithAnEmptyLastPartIsKeptAsWritten() throws {
        let parser = BibTeXParser("@article{x, title = {T}, year = 2017, author = {Gomez, Aidan N. and , Aidan N. and {} and Kaiser, {}}}", path: "x.bib")
        let entry = try #require(BibTeXImport.entries(parser).entries.first)
        #expect(entry.reference.authors.map(\.displayName) == ["Aidan N. Gomez", "Aidan N.", "Kaiser"])
        let file = PaperFile.text(entry.reference, added: Day("2026-12-06"))
        var log = DiagnosticLog()
        let document = try #require(FrontMatterParser.parse(file, path: "x.md", log: &log))
        #expect(Paper(slug: "x", document: document, path: "x.md", log: &log) != nil, "\(log.diagnostics)")
    }

    @Test func typesIdentifiersAndCrossref() throws {
        let corr = try entry("DBLP:journals/corr/abs-2108-07258")
        #expect(corr.type == .preprint && corr.arxiv == "2108.07258" && corr.container == "arXiv" && corr.volume == nil)
        let child = try entry("child2024")
        #expect(child.type == .conference && child.year == 2024 && child.volume == "235" && child.publisher == "PMLR")
        #expect(child.container == "Proceedings of the 41st International Conference on Machine Learning")
        let report = try entry("report2020")
        #expect(report.type == .report && report.container == "Example University" && report.issue == "TR-2020-7")
        let nips = try entry("vaswani2017attention")
        #expect(nips.type == .conference && nips.month == 12 && nips.title == "Attention is All you Need")
    }

    @Test func noLaTeXIsLeftOutsideMath() throws {
        let parser = try BibTeXParser(String(contentsOf: TemporarySite.repository.appendingPathComponent("Benchmarks/pmlr-v304-acml2025.bib"), encoding: .utf8),
                                      path: "pmlr.bib")
        let entries = BibTeXImport.entries(parser).entries + imported().entries
        for entry in entries {
            let reference = entry.reference
            let texts = [reference.title, reference.abstract ?? "", reference.container ?? ""] + reference.authors.map(\.displayName)
            for text in texts {
                // Math spans aside, no command and no brace is left.
                let outside = text.split(separator: "$", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
                let commands = outside.ranges(of: #/\\[A-Za-z]+/#).map { String(outside[$0]) }
                #expect(commands.isEmpty || commands == ["\\Steal"], "\(entry.name): \(commands)")
                #expect(!outside.contains("{") && !outside.contains("}"), "\(entry.name): \(text)")
            }
        }
    }

    @Test func pmlrDoublyEscapedAbstractsKeepTheirMath() throws {
        let parser = try BibTeXParser(String(contentsOf: TemporarySite.repository.appendingPathComponent("Benchmarks/pmlr-v304-acml2025.bib"), encoding: .utf8),
                                      path: "pmlr.bib")
        let result = BibTeXImport.entries(parser)
        #expect(result.problems.isEmpty)
        #expect(result.entries.count == 80 && result.entries.filter { $0.reference.type == .conference }.count == 79)
        let volume = try #require(result.entries.first { $0.reference.type == .book })
        #expect(volume.reference.editors.count > 0 && volume.reference.authors.isEmpty && volume.reference.day == 13)
        let jiang = try #require(result.entries.first { $0.reference.key == "jiang25" }).reference
        #expect(jiang.abstract?.contains("each arm $i\\in[K]$ is associated with a distribution $\\mathcal{D_{i}}$") == true)
        #expect(jiang.url == "https://proceedings.mlr.press/v304/jiang25.html")
        #expect(jiang.pdf == "https://proceedings.mlr.press/v304/jiang25/jiang25.pdf")
        #expect(jiang.year == 2025 && jiang.month == 11 && jiang.day == 13)
        let depth = try #require(result.entries.first { $0.reference.title.hasPrefix("D$^3$epth") })
        #expect(depth.reference.title.hasPrefix("D$^3$epth: Distilling Diffusion Models"))
        let wu = try #require(result.entries.first { $0.reference.key == "wu25" }).reference
        #expect(wu.abstract?.contains("we propose *Sequence-Level Preference Optimization* for VLM (*SPO-VLM*)") == true)
    }

    /// Found by the `bibtex` fuzz target: what a hostile or broken file holds still makes
    /// paper files that load and BibTeX that reads back.
    @Test func hostileValuesStillMakeFilesThatLoadAndBibTeXThatReadsBack() throws {
        let deep = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        let text = """
        @article{a, title = {Control\u{01}\u{7F} characters \(deep)}, author = {Doe, Jane}, year = 2020,
          abstract = {a {math $x{y$ split} and an open $\\alpha}}}
        @article{b, title = {Unterminated $x\\\\}, author = {Roe, R.}, year = 2021}
        """
        let parser = BibTeXParser(text, path: "hostile.bib")
        #expect(parser.controlCharactersRemoved == 2)
        let entries = BibTeXImport.entries(parser).entries
        #expect(entries.map(\.reference.key) == ["a", "b"])
        #expect(entries[0].reference.title == "Control characters x")
        for entry in entries {
            var log = DiagnosticLog()
            let file = PaperFile.text(entry.reference, added: nil)
            let document = try #require(FrontMatterParser.parse(file, path: "x.md", log: &log))
            #expect(Paper(slug: "x", document: document, path: "x.md", log: &log) != nil, "\(log.diagnostics)")
            let written = BibTeXParser(entry.reference.bibTeX, path: "written.bib")
            #expect(written.problems.isEmpty && written.entries.count == 1, "\(entry.reference.bibTeX)")
        }
    }
}

import Foundation
import Testing
@testable import PaperPages

/// Real bibliographies nobody here wrote (Tests/Data/bibliographies, sources in its README):
/// al-folio sites' `papers.bib`, a DBLP export, a Zotero CSL-JSON export. Per file: every
/// entry with a title becomes a paper, every link survives, names carry no marks, months are
/// kept, the imported site builds with no broken link, and its own papers.bib imports back to
/// the same paper files.
@Suite(.serialized) struct RealBibliographyTests {
    static let folder = TemporarySite.repository.appendingPathComponent("Tests/Data/bibliographies")
    static let day = Day("2026-12-06")!

    /// A site of the example's layouts and site.yaml with only this file's papers.
    static func imported(_ files: [String], importer configure: (inout Importer) -> Void = { _ in }) throws -> (TemporarySite, Importer.Plan) {
        let site = try TemporarySite()
        for folder in ["papers", "notes", "reviews"] { try FileManager.default.removeItem(at: site.content.appendingPathComponent(folder)) }
        var importer = Importer(content: site.content.path, today: day)
        configure(&importer)
        let plan = importer.plan(files)
        _ = try importer.apply(plan)
        return (site, plan)
    }

    static func papers(in site: TemporarySite) throws -> [String: Paper] {
        let folder = site.content.appendingPathComponent("papers")
        var papers: [String: Paper] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var log = DiagnosticLog()
            let path = folder.appendingPathComponent(name).path
            let document = try #require(FrontMatterParser.parse(try String(contentsOfFile: path, encoding: .utf8), path: path, log: &log))
            let paper = try #require(Paper(slug: String(name.dropLast(3)), document: document, path: path, log: &log), "\(log.diagnostics)")
            papers[paper.citationKey ?? paper.slug] = paper
        }
        return papers
    }

    /// The entries of a BibTeX file with a title, and its fields whose value is an http(s) URL.
    static func census(_ file: URL) throws -> (titled: Int, links: [(key: String, field: String, url: String)]) {
        let parser = BibTeXParser(try String(contentsOf: file, encoding: .utf8), path: file.path)
        let entries = parser.entries.filter { $0["title"] != nil }
        let links = entries.flatMap { entry in
            entry.fields.compactMap { field, value -> (String, String, String)? in
                let url = BibTeXImport.verbatimValue(value)
                return BibTeXImport.isWebURL(url) ? (entry.key, field, url) : nil
            }
        }
        return (entries.count, links)
    }

    static let bibFiles = ["al-folio-example.bib", "al-folio-42shawn.bib", "al-folio-594zyc.bib", "dblp-limaye.bib", "better-biblatex-particles.bib", "jabref-groups.bib"]

    @Test(arguments: bibFiles) func everyTitledEntryAndEveryLinkSurvivesAndTheSiteBuilds(_ name: String) async throws {
        let file = Self.folder.appendingPathComponent(name)
        let (titled, links) = try Self.census(file)
        let (site, plan) = try Self.imported([file.path])
        #expect(plan.problems.map(\.description) == [])
        #expect(plan.steps.count == titled)
        let papers = try Self.papers(in: site)
        #expect(papers.count == titled)
        for link in links {
            let paper = try #require(papers[link.key], "\(link.key)")
            // The link is somewhere on the paper: its own keys, or `links:`; an arXiv abstract
            // page is its arXiv id, a DOI link its DOI.
            let kept = [paper.url, paper.pdf, paper.code, paper.dataset].contains(link.url) || paper.links.contains { $0.url == link.url }
                || (paper.arxiv.map { link.url.contains($0) } ?? false) || (paper.doi.map { link.url.lowercased().contains($0.lowercased()) } ?? false)
            #expect(kept, "\(link.key): \(link.field) = \(link.url)")
        }
        for paper in papers.values {
            for person in paper.byline {
                #expect(!person.displayName.contains { AuthorMarks.isMark($0) }, "\(paper.slug): \(person.displayName)")
            }
        }
        // The build's link check passes: no page links to a file that is not there.
        try await site.build()
    }

    @Test func alFolioMarksBecomeFlagsAndItsKeysAreKept() async throws {
        let (site, plan) = try Self.imported([Self.folder.appendingPathComponent("al-folio-example.bib").path])
        let papers = try Self.papers(in: site)
        let epr = try #require(papers["PhysRev.47.777"])
        #expect(epr.authors.map(\.family) == ["Einstein", "Podolsky", "Rosen"])
        #expect(epr.authors.map(\.equalContribution) == [true, true, true] && epr.authors.map(\.corresponding) == [true, false, false])
        #expect(epr.year == 1935 && epr.month == 5 && epr.date == nil)
        #expect(epr.abbr == "PhysRev")
        #expect(epr.links.map(\.kind) == [.html, .video])
        #expect(epr.annotation == "\\* Example use of superscripts\\\n† Albert Einstein")
        let nobel = try #require(papers["einstein1905photoelectriceffect"])
        #expect(nobel.awardName == "Nobel Prize" && nobel.award?.contains("**Nobel Prize in Physics**") == true)
        // What has no place is said once per field, with how many entries had it.
        let dropped = Dictionary(uniqueKeysWithValues: plan.dropped.map { ($0.field, $0.count) })
        #expect(dropped["altmetric"] == 1 && dropped["dimensions"] == 1 && dropped["bibtex_show"] == 4)
        // The local pdf and previews are not beside this copy of the file: each is reported with what to do.
        let notes = plan.steps.flatMap(\.entry.notes)
        #expect(notes.contains { $0.hasPrefix("'pdf' names a file, example_pdf.pdf, not found") && $0.contains("/files/example_pdf.pdf") })
        #expect(notes.contains { $0.hasPrefix("'preview' names an image, brownian-motion.gif") })

        try await site.build()
        let page = try site.page("papers/\(epr.slug)/index.html")
        #expect(page.select("//ul[@class='authors']/li/a").map(\.text) == ["A. Einstein", "B. Podolsky", "N. Rosen"])
        #expect(page.select("//ul[@class='authors']/li[1]/sup").map(\.text) == ["*", "†"])
        #expect(page.text("//p[@class='marks-legend']") == "* Equal contribution · † Corresponding author")
        #expect(page.text("//li[contains(@class, 'badge-abbr')]") == "PhysRev")
        #expect(page.select("//ul[@class='links']//a[@data-kind]").map(\.text) == ["HTML", "Video"])
        // The exported BibTeX names carry no mark: the marks are biblatex's annotation of the list.
        let cite = try site.citation(epr.slug, "bibtex")
        #expect(cite.contains("author    = {Einstein, A. and Podolsky, B. and Rosen, N.}"))
        #expect(cite.contains(#"author+an = {1="equal,corresponding"; 2="equal"; 3="equal"}"#))
        #expect(!cite.contains("†") && !cite.contains("\\emph"))
    }

    @Test func handKeptNamesLoseTheirMarksAndTrailingCommas() throws {
        let (site, _) = try Self.imported([Self.folder.appendingPathComponent("al-folio-42shawn.bib").path])
        let papers = try Self.papers(in: site)
        // `Shang*, Yuzhang and Yuan*, Zhihang, and Xie, Bin`
        let ptqdm = try #require(papers["Shang_2022_CVPR_PTQDM"])
        #expect(ptqdm.authors.prefix(2).map(\.displayName) == ["Yuzhang Shang", "Zhihang Yuan"])
        #expect(ptqdm.authors.prefix(3).map(\.equalContribution) == [true, true, false])
        // `Lee^, Yong Jae and Yan^, Yan`
        let prumerge = try #require(papers["Shang_2024_PruMerge"])
        #expect(prumerge.authors.suffix(2).map(\.displayName) == ["Yong Jae Lee", "Yan Yan"] && prumerge.authors.suffix(2).allSatisfy(\.corresponding))
        // One person, one author page: the marked and unmarked spellings share a slug.
        let slugs = Set(papers.values.flatMap(\.authors).filter { $0.family == "Shang" }.map(\.slug))
        #expect(slugs == ["yuzhang-shang"])
    }

    @Test func editorsMonthsAndLocalFilesBesideTheBibliography() async throws {
        // al-folio's layout: _bibliography/papers.bib, assets/pdf/, assets/img/publication_preview/.
        let source = try TemporarySite(example: false)
        let bib = source.root.appendingPathComponent("_bibliography/papers.bib")
        try FileManager.default.createDirectory(at: bib.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("al-folio-594zyc.bib"), to: bib)
        try source.write("assets/pdf/aaai20_damd.pdf", in: source.root, "%PDF-1.4 the paper")
        let image = source.root.appendingPathComponent("assets/img/publication_preview/aaai20_fig.png")
        try FileManager.default.createDirectory(at: image.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(ImageSizeTests.png(width: 640, height: 480)).write(to: image)
        let (site, plan) = try Self.imported([bib.path])
        #expect(plan.files.map(\.sitePath).sorted() == ["/files/aaai20_damd.pdf", "/files/aaai20_fig.png"])
        #expect(try site.read("files/aaai20_damd.pdf") == "%PDF-1.4 the paper")
        #expect(FileManager.default.contentsEqual(atPath: site.content.appendingPathComponent("files/aaai20_fig.png").path,
                                                  andPath: source.root.appendingPathComponent("assets/img/publication_preview/aaai20_fig.png").path))
        let papers = try Self.papers(in: site)
        let damd = try #require(papers["zhang2020task"])
        #expect(damd.links.contains(PaperLink(kind: .pdf, url: "/files/aaai20_damd.pdf")) && damd.preview == "/files/aaai20_fig.png")
        #expect(damd.month == 1 && damd.selected && damd.abbr == "AAAI" && damd.code == "https://github.com/thu-spmi/damd-multiwoz")
        let parg = try #require(papers["gao-etal-2020-paraphrase"])
        #expect(parg.editors.map(\.family) == ["Jurafsky", "Chai", "Schluter", "Tetreault"] && parg.month == 7)
        // A URL escaped for LaTeX (`\&`) is the URL.
        let basis = try #require(papers["zhang2025basis"])
        #expect(basis.links.first { $0.label == "scholar" }?.url.contains("&hl=en&user=") == true)
        try await site.build()
        let page = try site.page("papers/\(damd.slug)/index.html")
        #expect(page.first("//ul[@class='links']//a[@data-kind='pdf']")?.attributes["href"] == "/files/aaai20_damd.pdf")
        let preview = page.first("//img[@class='preview']")
        #expect(preview?.attributes["src"] == "/files/aaai20_fig.png" && preview?.attributes["width"] == "640" && preview?.attributes["height"] == "480")
        // The selected papers head the front page.
        let home = try site.page("index.html")
        #expect(home.select("//section[@class='selected-papers']//a[@class='paper-title']").count == papers.values.filter(\.selected).count)
    }

    @Test func dblpMathAndIdentifiers() throws {
        let (site, _) = try Self.imported([Self.folder.appendingPathComponent("dblp-limaye.bib").path])
        let papers = try Self.papers(in: site)
        #expect(papers["DBLP:journals/siamcomp/LimayeSSTV21"]?.title == #"A Fixed-Depth Size-Hierarchy Theorem for $\mathrm{AC}^0[\oplus]$ via the Coin Problem"#)
        #expect(papers["DBLP:conf/stoc/LimayeS0TV19"]?.title == #"A fixed-depth size-hierarchy theorem for AC${}^{\mbox{0}}$\[$\oplus$\] via the coin problem"#)
        #expect(papers["DBLP:journals/corr/abs-2408-03465"]?.arxiv == "2408.03465")
        #expect(papers["DBLP:journals/cacm/LimayeST24"]?.authors.last?.displayName == "Sébastien Tavenas")
    }

    @Test func zoteroCSLJSONKeepsInstitutionsEditorsAndMonths() throws {
        let (site, plan) = try Self.imported([Self.folder.appendingPathComponent("zotero-csl.json").path])
        #expect(plan.problems.isEmpty && plan.steps.count == 8)
        let papers = try Self.papers(in: site)
        let oma = try #require(papers["uaprof_oma:2003"])
        #expect(oma.authors == [Person(literal: "Open Mobile Alliance")] && oma.month == 5 && oma.date == nil)
        #expect(papers["labragayo2019"]?.editors.count == 4)
        #expect(papers["fielding2014"]?.doi == "10.17487/rfc7230" && papers["fielding2014"]?.month == 6)
        #expect(papers["alanezi2021"]?.arxiv == "2103.07781")
        #expect(plan.dropped.contains { $0.field == "accessed" && $0.count == 3 })
    }

    @Test func aJabRefLibraryKeepsItsEditedVolumeAndLeavesItsAttachments() throws {
        let (site, plan) = try Self.imported([Self.folder.appendingPathComponent("jabref-groups.bib").path])
        let papers = try Self.papers(in: site)
        // The edited volume is an entry of its own, and its chapters take their venue from it.
        let volume = try #require(papers["Hornborg2012"])
        #expect(volume.type == .book && volume.authors.isEmpty && volume.editors.map(\.family) == ["Hornborg", "Clark", "Hermele"])
        #expect(papers["Bogadottir2012"]?.type == .chapter && papers["Bogadottir2012"]?.venue == volume.title)
        #expect(papers["Bogadottir2012"]?.authors.first?.displayName == "Ragnheiur Bogadóttir")
        // A reference manager's attachments are never copied into a public site: reported, with the rest.
        #expect(plan.files.isEmpty && plan.dropped.contains { $0.field == "file" && $0.count == 4 })
        #expect(papers["Nail2020a"]?.date == Day("2020-03-01"))
    }

    @Test func betterCSLJSONDateRangesAndYearsBeforeTheCommonEra() throws {
        let (site, plan) = try Self.imported([Self.folder.appendingPathComponent("bbt-csl-dates.json").path])
        #expect(plan.problems.isEmpty && plan.steps.count == 7)
        let papers = try Self.papers(in: site)
        // A range is dated by its start; an open end changes nothing.
        #expect(papers["t1"]?.date == Day("2014-12-31") && papers["t3"]?.date == Day("2014-12-31"))
        #expect(papers["Staiger1985"]?.year == 1985 && papers["Staiger1985"]?.month == nil)
        #expect(papers["t5"]?.year == nil && papers["t6"]?.year == nil && papers["t2"]?.year == nil)
        let notes = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.entry.reference.key, $0.entry.notes) })
        #expect(notes["t5"] == ["its year, -334, is not one a paper file writes (1000 to 9999): imported as undated (year: n.d.)"])
        #expect(notes["t2"] == ["no 'issued' year: imported as undated (year: n.d.)"])
    }

    /// The site's own papers.bib (and papers.json) import back to the same paper files.
    @Test(arguments: bibFiles + ["zotero-csl.json", "bbt-csl-dates.json"]) func theSitesOwnFilesImportBackToTheSamePapers(_ name: String) async throws {
        let (site, _) = try Self.imported([Self.folder.appendingPathComponent(name).path])
        try await site.build()
        let export = name.hasSuffix(".json") ? "papers.json" : "papers.bib"
        let (again, plan) = try Self.imported([site.output.appendingPathComponent(export).path])
        #expect(plan.problems.isEmpty)
        let folder = "papers"
        let names = try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent(folder).path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: again.content.appendingPathComponent(folder).path).sorted() == names)
        for file in names {
            #expect(try again.read("\(folder)/\(file)") == site.read("\(folder)/\(file)"), "\(file)")
        }
    }

    /// papers.ris and papers.json carry citations, not al-folio's keys or marks: imported back,
    /// each paper cites the same in that format (the RIS of the paper read from papers.ris is
    /// the paper's RIS, byte for byte; the same for CSL-JSON).
    @Test(arguments: bibFiles) func theSitesRISAndCSLJSONImportBackToTheSameCitations(_ name: String) async throws {
        let (site, _) = try Self.imported([Self.folder.appendingPathComponent(name).path])
        try await site.build()
        let papers = try Self.papers(in: site)
        for (export, format) in [("papers.ris", \Reference.ris), ("papers.json", \Reference.cslText)] as [(String, KeyPath<Reference, String>)] {
            let (again, plan) = try Self.imported([site.output.appendingPathComponent(export).path])
            #expect(plan.problems.isEmpty && plan.steps.count == papers.count, "\(export)")
            let back = try Self.papers(in: again)
            for (key, paper) in papers {
                let other = try #require(back[key], "\(export): \(key)")
                #expect(Reference(other)[keyPath: format] == Reference(paper)[keyPath: format], "\(export): \(key)")
            }
        }
    }

    @Test func importSettingsAndUniqueCitationKeys() throws {
        let file = Self.folder.appendingPathComponent("dblp-limaye.bib").path
        let (site, _) = try Self.imported([file]) { $0.reading = .toRead; $0.topics = ["Complexity"]; $0.today = Day("2025-01-31")! }
        let papers = try Self.papers(in: site)
        #expect(papers.values.allSatisfy { $0.reading == .toRead && $0.topics == ["Complexity"] && $0.added == Day("2025-01-31") })
        // Another bibliography with one of the same keys for another paper: cited by another key.
        let importer = Importer(content: site.content.path, today: Self.day)
        let other = site.root.appendingPathComponent("other.bib")
        try "@misc{DBLP:journals/cacm/LimayeST24, title = {Another paper entirely}, author = {Ada Lovelace}, year = {1843}}\n"
            .write(to: other, atomically: true, encoding: .utf8)
        let plan = importer.plan([file, other.path])
        let created = plan.steps.filter { $0.action == .create }
        #expect(plan.problems.isEmpty && plan.steps.count == 13)
        #expect(created.count == 1 && created.first?.entry.reference.key == "DBLP:journals/cacm/LimayeST24-2")
        #expect(created.first?.entry.notes.contains("its citation key DBLP:journals/cacm/LimayeST24 is another paper's: cited as DBLP:journals/cacm/LimayeST24-2") == true)
    }
}

extension Reference {
    var cslText: String { cslItem.text() }
}

import Foundation
import Testing
@testable import PaperPages

@Suite("End to end: the example site")
struct ExampleSiteTests {
    @Test func theReadingListListsEveryPaper() async throws {
        let site = try TemporarySite()
        let report = try await site.build()
        let paperFiles = try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("papers").path)
        #expect(paperFiles.count >= 11)
        let written = FileManager.default.enumerator(atPath: site.output.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".html") }
        #expect(report.pagesWritten == written.count)
        // Home and three other orders, papers, notes, reviews, the about page, 5 indexes, the map, saved, 404.
        #expect(report.pagesWritten > 4 + paperFiles.count + 3 + 2 + 1 + 5 + 3)

        let home = try site.page("index.html")
        let listed = home.select("//main//li[@class='paper-item']/a[@class='paper-title']").map { $0["href"] ?? "" }
        #expect(Set(listed) == Set(paperFiles.map { "/papers/\($0.dropLast(3))/" }))
        #expect(listed.count == paperFiles.count)
        #expect(home.select("//section[@class='reading-group']/h2").map(\.text).first == "Reading (3)")
    }

    @Test func thePaperPageShowsTheFoundationModelsPaper() async throws {
        let site = try TemporarySite()
        try await site.build()
        let page = try site.page("papers/on-the-opportunities-and-risks-of-foundation-models/index.html")
        #expect(page.text("//title") == "On the Opportunities and Risks of Foundation Models · Paper pages")
        #expect(page.text("//h1") == "On the Opportunities and Risks of Foundation Models")
        let authors = page.select("//ul[@class='authors']/li").map(\.text)
        #expect(authors.prefix(3) == ["Rishi Bommasani", "Drew A. Hudson", "Ehsan Adeli"])
        #expect(page.select("//ul[@class='badges']/li").map(\.text) == ["preprint", "2022", "arXiv", "Open access"])
        #expect(page.text("//section[@class='abstract']/p").hasPrefix("AI is undergoing a paradigm shift"))
        #expect(page.first("//a[text()='arXiv:2108.07258']")?["href"] == "https://arxiv.org/abs/2108.07258")
        #expect(page.select("//ul[@class='counters']/li").map(\.text) == ["0 citations", "1 reviews", "0 saves", "No code", "No dataset", "1 institutions"])

        // The owner's notes: a table, a task list and a footnote, rendered by cmark-gfm.
        let notes = "//div[@class='owner-notes']"
        #expect(page.select("\(notes)//table/tbody/tr").count == 4)
        #expect(page.select("\(notes)//li/input[@type='checkbox' and @checked]").count == 2)
        #expect(page.select("\(notes)//li/input[@type='checkbox']").count == 4)
        let footnoteLink = try #require(page.first("\(notes)//sup/a"))
        let target = String(try #require(footnoteLink["href"]).dropFirst())
        #expect(page.first("//*[@id='\(target)']")?.text.contains("consolidation of methodologies") == true)
        #expect(page.text("\(notes)//del") == "Treat the report as a survey.")

        // The review is shown on its paper, and the Q&A notes are listed.
        #expect(page.text("//section[@class='reviews']//article[@class='review']//h3") == "Review by The site owner")
        #expect(page.select("//section[@class='reviews']//h4").map(\.text) == ["Strengths", "Concerns", "Questions"])
        #expect(page.select("//section[@class='discussion']//li/a").count == 2)
    }

    @Test func everyPageKindIsWrittenWhereTheContentFormatSays() async throws {
        let site = try TemporarySite()
        try await site.build()
        let note = try site.page("notes/how-might-foundation-models-evolve/index.html")
        #expect(note.text("//h1") == "How might the use of foundation models evolve in the future?")
        #expect(note.first("//p[@class='about']/a")?["href"] == "/papers/on-the-opportunities-and-risks-of-foundation-models/")
        #expect(note.select("//div[@class='answer']/ul/li/strong").map(\.text).first == "Scale:")
        #expect(note.select("//section//ul/li/a").map { $0["href"] ?? "" } == ["/notes/what-is-homogenization/"])
        let review = try site.page("reviews/chameleonbench-review/index.html")
        #expect(review.first("//p[@class='about']/a")?["href"] == "/papers/chameleonbench/")
        let about = try site.page("pages/about/index.html")
        #expect(about.text("//article/h1") == "About this site")
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("assets/site.css").path))
    }

    @Test func aSiteBuiltUnderASubPathLinksOnlyToFilesItHas() async throws {
        let site = try TemporarySite()
        try await site.build(baseURL: "/sub/path")
        var checked = 0
        let walker = FileManager.default.enumerator(at: site.output, includingPropertiesForKeys: nil)!
        for case let url as URL in walker where url.pathExtension == "html" {
            let page = try HTMLDocument(file: url)
            let links = page.select("//a/@href | //link/@href | //img/@src | //script/@src").map(\.text)
            for link in links where !link.hasPrefix("http") && !link.hasPrefix("#") && !link.hasPrefix("data:") {
                #expect(link.hasPrefix("/sub/path/"), "\(url.path): \(link)")
                var file = String(link.dropFirst("/sub/path/".count).split(separator: "#", omittingEmptySubsequences: false).first ?? "")
                if file.isEmpty || file.hasSuffix("/") { file += "index.html" }
                #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent(file).path), "\(url.path): \(link)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func extraFrontMatterKeysReachTheLayouts() async throws {
        let site = try TemporarySite()
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md").replacingOccurrences(of: "\nyear:", with: "\nextra:\n  poster: \"Hall B, 42\"\nyear:"))
        try site.write("paper.mustache", in: site.layouts,
                       try site.read("paper.mustache", in: site.layouts)
                        .replacingOccurrences(of: "<h1 id=\"paper-title\">", with: "<p class=\"poster\">{{extra.poster}}{{extra.undeclared}}</p><h1 id=\"paper-title\">"))
        try await site.build()
        let page = try site.page("papers/delta-steal/index.html")
        #expect(page.text("//p[@class='poster']") == "Hall B, 42")
    }

    @Test func everyProblemInTheSiteIsReportedInOneRun() async throws {
        let site = try TemporarySite()
        try site.write("papers/broken.md", "---\ntitle: Broken\nauthors: [A B]\nyear: 2020\nopen_access: sometimes\n---\n")
        try site.write("notes/Bad Name.md", "---\nquestion: Q\n---\n")
        try site.write("reviews/orphan.md", "---\npaper: broken\nreviewer: R\nconfidence: 9\n---\n")
        try site.write("site.yaml", "title: ''\n")
        let problems = await site.buildFailure()
        #expect(problems == [
            "Content/notes/Bad Name.md: file name 'Bad Name' is not a valid slug: use lower-case letters, digits and '-' (for example 'bad-name')",
            #"Content/papers/broken.md:5:14: 'open_access' must be true or false, found "sometimes""#,
            #"Content/reviews/orphan.md:4:13: 'confidence' must be an integer from 1 to 5, found "9""#,
            "Content/site.yaml:1:8: 'title' must not be empty",
        ])
    }
}

@Suite("Build: page metadata")
struct PageMetadataTests {
    @Test func describesAPaperByTheStartOfItsAbstractOnOneLine() async throws {
        let site = try TemporarySite()
        try await site.build()
        let description = try #require(try site.page("papers/delta-steal/index.html").first("//meta[@name='description']")?["content"])
        #expect(description.hasPrefix("Large language models (LLMs) demonstrate remarkable capabilities across various tasks."))
        #expect(description.hasSuffix("…") && description.count <= 201)
        #expect(!description.contains("\n"))
    }
}

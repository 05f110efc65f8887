import Foundation
import Testing
@testable import PaperPages

@Suite("End to end: the reading-frame paper page and the pages around it")
struct ReadingFrameTests {
    static let foundation = "papers/on-the-opportunities-and-risks-of-foundation-models/index.html"

    @Test func thePaperPageHasTheSeedsSectionsInOrder() async throws {
        let site = try TemporarySite()
        try await site.build()
        let page = try site.page(Self.foundation)
        let sections = page.select("//article[@class='paper']/section").map { $0["class"] ?? "" }
        // The seed's sections in its order, then how to cite the paper.
        #expect(sections == ["paper-detail", "next-steps", "reading-frame", "institutions", "research-map", "reviews", "discussion", "cite"])
        #expect(page.select("//article/section//h2").map(\.text) == [
            "Abstract", "Decide what to do with this paper", "Keep the important context close to the paper", "Institutions",
            "Research map", "Structured reviews 1 review(s)", "Work discussion 2 comment(s)", "Cite this paper",
        ])
        // Authors, institutions, topics, venue and year link to their pages.
        #expect(page.first("//ul[@class='authors']/li/a[text()='Percy Liang']")?["href"] == "/authors/percy-liang/")
        #expect(page.first("//section[@class='institutions']//a")?["href"] == "/institutions/stanford-university/")
        #expect(page.select("//dl[@class='frame-facts']//ul[@class='tags']/li/a").map { $0["href"] ?? "" }.first == "/topics/foundation-models/")
        #expect(page.first("//ul[@class='badges']/li/a[text()='arXiv']")?["href"] == "/venues/arxiv/")
        // Reactions need the script: rendered disabled, enabled by it.
        #expect(page.select("//div[@class='actions']/button").map { $0["data-action"] ?? "" } == ["like", "dislike", "save"])
        #expect(page.select("//div[@class='actions']/button[@disabled]").count == 3)
        #expect(page.text("//p[@class='owner-status']/a") == "Read")
        // The owner's notes sit below the frame's h3: their `##` become h4.
        #expect(page.select("//div[@class='owner-notes']/h4").map(\.text) == ["What to take from each part", "Follow-ups"])
        #expect(page.text("//dl[@class='frame-facts']/dt[text()='In the reading list']/following-sibling::dd[1]") == "Read, 4 of 4")
    }

    @Test func withoutARepositoryThePageOffersTemplatesAndWithOneTheForgesEditor() async throws {
        let site = try TemporarySite()
        try await site.build()
        var page = try site.page(Self.foundation)
        #expect(page.select("//a[text()='Edit this page']").isEmpty)
        let template = page.text("//section[@class='reviews']//details[@class='template']//pre/code")
        #expect(template.hasPrefix("--- paper: on-the-opportunities-and-risks-of-foundation-models reviewer:"))   // text() folds lines

        try site.write("site.yaml", try site.read("site.yaml") + "repository: https://github.com/someone/reading/\n")
        try await site.build()
        page = try site.page(Self.foundation)
        #expect(page.first("//a[text()='Edit this page']")?["href"]
                == "https://github.com/someone/reading/edit/main/Content/papers/on-the-opportunities-and-risks-of-foundation-models.md")
        let propose = try #require(page.first("//a[text()='Propose a review']")?["href"])
        #expect(propose.hasPrefix("https://github.com/someone/reading/new/main/Content/reviews?filename=on-the-opportunities-and-risks-of-foundation-models-your-name.md&value=---%0Apaper:"))
        #expect(try site.page("notes/what-is-homogenization/index.html").first("//a[text()='Edit this page']") != nil)
    }

    @Test func emptyReviewsAndDiscussionShowTheSeedsEmptyStates() async throws {
        let site = try TemporarySite()
        try await site.build()
        let page = try site.page("papers/direct-quantized-training/index.html")
        #expect(page.text("//section[@class='reviews']/p[@class='empty']") == "No structured reviews yet. High-signal critique starts here.")
        #expect(page.text("//section[@class='discussion']/p[@class='empty']") == "No discussion yet. The first strong comment sets the tone.")
    }

    @Test func facetPagesAndIndexesListTheirPapers() async throws {
        let site = try TemporarySite()
        try await site.build()
        let content = try await ContentLoader(folder: site.content.path).load()
        let graph = try SiteGraph(content)
        for kind in FacetKind.allCases {
            let index = try site.page("\(kind.folder)/index.html")
            let entries = index.select("//ul[@class='facet-index']/li/a")
            #expect(entries.count == graph.facets(kind).count, "\(kind)")
            for facet in graph.facets(kind) {
                let page = try site.page("\(kind.folder)/\(facet.slug)/index.html")
                #expect(page.text("//h1") == facet.name)
                #expect(page.select("//ul[@class='paper-list']/li/a[@class='paper-title']").map { $0["href"] ?? "" }
                        == facet.papers.map { "/papers/\($0)/" })
            }
        }
        let years = try site.page("years/index.html").select("//ul[@class='facet-index']/li/a").map(\.text)
        #expect(years == years.sorted(by: >))
        let liang = try site.page("authors/percy-liang/index.html")
        #expect(liang.select("//section//ul[@class='tags']/li/a").map(\.text).contains("Rishi Bommasani"))
    }

    @Test func theReadingListComesInFourOrdersWithoutJavaScript() async throws {
        let site = try TemporarySite()
        try await site.build()
        func titles(_ file: String) throws -> [String] {
            try site.page(file).select("//section[@id='reading-to-read']//li[@class='paper-item']").map { $0["data-title"] ?? "" }
        }
        let newest = try titles("index.html")
        let oldest = try titles("sort/oldest/index.html")
        let byTitle = try titles("sort/title/index.html")
        #expect(newest.count > 2)
        #expect(oldest == newest.reversed())
        #expect(byTitle == byTitle.sorted { $0.lowercased() < $1.lowercased() })
        #expect(Set(byTitle) == Set(newest))
        let home = try site.page("index.html")
        #expect(home.first("//nav[@class='sorts']//a[@aria-current='page']")?.text == "Newest")
        #expect(home.first("//form[@class='filters']")?["hidden"] != nil)   // shown by the script
        #expect(home.select("//select[@name='topic']/option").count == 1 + (try SiteGraph(try await ContentLoader(folder: site.content.path).load())).topics.count)
    }

    @Test func mapSavedAndNotFoundPagesExist() async throws {
        let site = try TemporarySite()
        try await site.build(baseURL: "/sub/")
        let map = try site.page("map/index.html")
        let nodes = map.select("//svg[@id='site-map']//a")
        #expect(nodes.count > 13)
        #expect(map.first("//a[@id='site-map-paper-delta-steal']")?["href"] == "/sub/papers/delta-steal/")
        #expect(try site.page(Self.foundation).first("//a[@class='explorer']")?["href"]
                == "/sub/map/#site-map-paper-on-the-opportunities-and-risks-of-foundation-models")
        #expect(try site.page("saved/index.html").first("//div[@data-saved-list]") != nil)
        let missing = try site.page("404.html")
        #expect(missing.text("//h1") == "Page not found")
        #expect(missing.first("//ul/li/a")?["href"] == "/sub/")   // absolute: served for any missing path
    }

    @Test func kaTeXIsCopiedOnlyWhenTheSiteHasMath() async throws {
        let site = try TemporarySite()
        try await site.build()
        let katex = site.output.appendingPathComponent("assets/katex")
        #expect(FileManager.default.fileExists(atPath: katex.appendingPathComponent("katex.min.js").path))
        let fonts = try FileManager.default.contentsOfDirectory(atPath: katex.appendingPathComponent("fonts").path)
        #expect(fonts.contains("KaTeX_Main-Regular.woff2"))
        #expect(fonts.allSatisfy { $0.hasSuffix(".woff2") })
        // A copied file, not a link into /usr/share.
        let attributes = try FileManager.default.attributesOfItem(atPath: katex.appendingPathComponent("katex.min.js").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)

        for name in try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("papers").path) {
            try site.write("papers/" + name, try site.read("papers/" + name).replacingOccurrences(of: "$", with: ""))
        }
        try await site.build()
        #expect(!FileManager.default.fileExists(atPath: katex.path))
    }

    @Test func mathWithoutKaTeXInstalledIsAClearError() async throws {
        let site = try TemporarySite()
        var builder = site.builder()
        builder.katexFolder = site.root.appendingPathComponent("no-katex").path
        do {
            _ = try await builder.build()
            Issue.record("the build should fail")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.first?.message.contains("install Debian's libjs-katex and fonts-katex") == true)
        }
    }
}

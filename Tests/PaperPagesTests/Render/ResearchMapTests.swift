import Testing
@testable import PaperPages

@Suite("Render: the research map")
struct ResearchMapTests {
    private func graph() async throws -> SiteGraph {
        let site = try TemporarySite()
        return try SiteGraph(try await ContentLoader(folder: site.content.path).load())
    }

    @Test func aPapersSliceHasItsPeopleTopicsAndAdjacentWorkInColumns() async throws {
        let graph = try await graph()
        let urls = SiteURLs(graph.config)
        let paper = try #require(graph.paper("activation-steering-meets-preference-optimization"))
        let adjacent = graph.adjacentPapers(of: paper)
        let map = ResearchMap.around(paper, in: graph, urls: urls, adjacent: adjacent)
        let byKind = Dictionary(grouping: map.nodes, by: \.kind)
        #expect(byKind[.current]?.map(\.href) == ["/papers/\(paper.slug)/"])
        #expect(byKind[.author]?.map(\.label) == Array(paper.authors.map(\.displayName).prefix(8)))
        #expect(byKind[.topic]?.map(\.label) == Array(paper.topics.prefix(6)))
        #expect(byKind[.paper]?.map(\.href) == adjacent.prefix(8).map { "/papers/\($0.slug)/" })
        // Columns left to right; every node inside the picture.
        #expect(Set(byKind[.author]!.map(\.x)) == [250])
        #expect(map.nodes.allSatisfy { $0.x > 0 && $0.x < map.width && $0.y > 0 && $0.y < map.height })
        // An adjacent paper is joined to the topics it shares, or else to the paper.
        let center = map.nodes.firstIndex { $0.kind == .current }!
        for (index, node) in map.nodes.enumerated() where node.kind == .paper {
            let sources = map.edges.filter { $0.to == index }.map { map.nodes[$0.from] }
            let other = try #require(graph.paper(String(node.href.dropFirst("/papers/".count).dropLast())))
            let shared = Set(other.topics.map(Slug.make)).intersection(paper.topics.map(Slug.make))
            if shared.isEmpty {
                #expect(sources.map(\.kind) == [.current])
            } else {
                #expect(Set(sources.map { Slug.make($0.label) }) == shared)
            }
        }
        #expect(map.edges.contains { $0.from == center })
    }

    @Test func theSVGIsLinksWithNamesAndNoScript() async throws {
        let graph = try await graph()
        let paper = try #require(graph.paper("delta-steal"))
        let svg = ResearchMap.around(paper, in: graph, urls: SiteURLs(graph.config), adjacent: graph.adjacentPapers(of: paper)).svg(id: "map")
        let page = try HTMLDocument("<body>" + svg + "</body>")
        let links = page.select("//svg/g[@class='map-nodes']/a")
        #expect(links.count >= 5)
        // Each link is named by its <title> alone (an aria-label beside it said it twice).
        let names = page.select("//svg/g[@class='map-nodes']/a/title").map(\.text)
        #expect(names.count == links.count && names.allSatisfy { !$0.isEmpty })
        #expect(links.allSatisfy { ($0["href"] ?? "").hasPrefix("/") && $0["aria-label"] == nil && $0["id"] == nil })
        #expect(names.first == "This paper: δ-STEAL: LLM Stealing Attack with Local Differential Privacy")
        #expect(page.text("//svg/title").hasPrefix("Research map of δ-STEAL"))
        #expect(page.select("//script").isEmpty)
    }

    @Test func theSiteMapIsRepeatableAndKeepsLabelsApart() async throws {
        let graph = try await graph()
        let urls = SiteURLs(graph.config)
        let first = ResearchMap.site(graph, urls: urls), second = ResearchMap.site(graph, urls: urls)
        #expect(first.map.svg(id: "m") == second.map.svg(id: "m"))
        #expect(first.shownPapers == graph.papers.count)
        #expect(first.shownTopics == graph.topics.count)
        let nodes = first.map.nodes
        #expect(nodes.allSatisfy { $0.x >= 205 && $0.x <= first.map.width - 205 })
        // No two dots on one spot.
        for i in nodes.indices { for j in nodes.indices where j > i {
            #expect(abs(nodes[i].x - nodes[j].x) + abs(nodes[i].y - nodes[j].y) > 5, "\(nodes[i].label) / \(nodes[j].label)")
        } }
    }

    @Test func aLargeSiteMapKeepsTheMostSharedTopics() async throws {
        let graph = try await graph()
        let (map, papers, topics) = ResearchMap.site(graph, urls: SiteURLs(graph.config), maxTopics: 3, maxPapers: 5)
        #expect(papers == 5)
        #expect(topics == 3)
        let kept = map.nodes.filter { $0.kind == .topic }.map(\.label)
        let mostShared = graph.topics.sorted { ($0.papers.count, $1.name) > ($1.papers.count, $0.name) }.prefix(3).map(\.name)
        #expect(kept == Array(mostShared))
    }
}

@Suite("Render: contributing to a static site")
struct ContributionsTests {
    @Test func forgeEditorLinksFollowTheRepositorysHost() {
        var config = SiteConfig(title: "T", repository: "https://github.com/someone/reading")
        config.contentPath = "site/Content"
        let github = Contributions(config)
        #expect(github.editURL("papers/x.md") == "https://github.com/someone/reading/edit/main/site/Content/papers/x.md")
        let url = github.newFileURL(folder: "reviews", name: "x-you.md", contents: "---\npaper: x\n---\n")
        #expect(url == "https://github.com/someone/reading/new/main/site/Content/reviews?filename=x-you.md&value=---%0Apaper:%20x%0A---%0A")
        config.repository = "https://gitlab.com/someone/reading"
        config.repositoryBranch = "trunk"
        #expect(Contributions(config).editURL("papers/x.md") == "https://gitlab.com/someone/reading/-/edit/trunk/site/Content/papers/x.md")
        config.repository = "https://codeberg.org/someone/reading"
        #expect(Contributions(config).editURL("papers/x.md") == "https://codeberg.org/someone/reading/_edit/trunk/site/Content/papers/x.md")
        config.repository = nil
        #expect(Contributions(config).editURL("papers/x.md") == nil)
    }

    @Test func theTemplatesAreContentThatBuilds() async throws {
        // A visitor who copies a template and changes nothing but the date gets a valid file.
        let site = try TemporarySite()
        try site.write("reviews/from-template.md", Contributions.reviewTemplate(paper: "delta-steal").replacingOccurrences(of: "YYYY-MM-DD", with: "2026-01-02"))
        try site.write("notes/from-template.md", Contributions.noteTemplate(paper: "delta-steal").replacingOccurrences(of: "YYYY-MM-DD", with: "2026-01-02"))
        try await site.build()
        let page = try site.page("papers/delta-steal/index.html")
        #expect(page.text("//section[@class='reviews']//article[@id='review-from-template']//h3") == "Review by Your name")
        #expect(page.select("//section[@class='discussion']//ul[@class='note-list']/li").count == 1)
    }
}

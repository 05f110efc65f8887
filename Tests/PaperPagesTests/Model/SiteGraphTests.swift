import Testing
@testable import PaperPages

@Suite("Model: the site graph")
struct SiteGraphTests {
    @Test func resolvesTheExampleSitesRelations() async throws {
        let site = try TemporarySite()
        let content = try await ContentLoader(folder: site.content.path).load()
        let graph = try SiteGraph(content)
        let foundation = try #require(graph.paper("on-the-opportunities-and-risks-of-foundation-models"))
        #expect(Set(graph.notes(of: foundation).map(\.slug)) == ["how-might-foundation-models-evolve", "what-is-homogenization"])
        #expect(graph.reviews(of: foundation).map(\.slug) == ["foundation-models-review"])
        #expect(graph.topic("AI Safety")?.papers.contains(foundation.slug) == true)
        #expect(graph.institution("Stanford University")?.papers == [foundation.slug])
        #expect(graph.author(Person(written: "Rishi Bommasani"))?.papers == [foundation.slug])

        // Explicit `related:` comes first, in the order written; then shared topics rank.
        let wu = try #require(graph.paper("activation-steering-meets-preference-optimization"))
        let adjacent = graph.adjacentPapers(of: wu).map(\.slug)
        #expect(Array(adjacent.prefix(2)) == ["jailbreak-defense-attention-heads", "great-contradiction-showdown"])
        #expect(!adjacent.contains(wu.slug))
        #expect(adjacent.count <= 8)
    }

    @Test func reportsUnknownSlugsWhereTheyAreWritten() async throws {
        let site = try TemporarySite()
        try site.write("notes/stray.md", "---\nquestion: Why?\npaper: chameleonbnch\n---\nBecause.\n")
        try site.write("papers/loner.md", "---\ntitle: Loner\nauthors: [A B]\nyear: 2020\nrelated:\n  - delta-steal\n  - no-such-paper\n---\n")
        let problems = await site.buildFailure()
        #expect(problems == [
            "Content/notes/stray.md:3:8: 'paper' names an unknown paper 'chameleonbnch': there is no papers/chameleonbnch.md; did you mean 'chameleonbench'?",
            "Content/papers/loner.md:7:5: 'related' names an unknown paper 'no-such-paper': there is no papers/no-such-paper.md",
        ])
    }

    @Test func groupsPapersByVenueAndYear() async throws {
        let site = try TemporarySite()
        let graph = try SiteGraph(try await ContentLoader(folder: site.content.path).load())
        #expect(graph.years.map(\.name) == ["2025", "2022"])   // newest first
        #expect(graph.years.map(\.papers.count).reduce(0, +) == graph.papers.count)
        let acml = try #require(graph.facets(.venue).first { $0.slug == "acml" })
        #expect(acml.papers.count == graph.papers.filter { $0.venue == "ACML" }.count)
        #expect(graph.facets(.venue).map(\.slug).contains("arxiv"))
    }

    @Test func aCitationKeyNamesOnePaper() async throws {
        let site = try TemporarySite()
        // delta-steal is cited by its slug; another paper may not take it as its key.
        try site.write("papers/chameleonbench.md", try site.read("papers/chameleonbench.md").replacingOccurrences(of: "\nyear:", with: "\ncitation_key: Delta-Steal\nyear:"))
        #expect(await site.buildFailure() == [
            "Content/papers/chameleonbench.md: the citation key 'Delta-Steal' is also papers/delta-steal.md's; give one of them another 'citation_key'",
        ])
    }
}

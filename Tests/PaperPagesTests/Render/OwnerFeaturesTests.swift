import Foundation
import Testing
@testable import PaperPages

/// What makes a freshly imported publication list look curated: the owner's names, selected
/// papers, counters only on request, where citation tags go, undated and month-dated works,
/// and a research map when no paper has topics.
@Suite struct OwnerFeaturesTests {
    static func site(_ config: String, papers: [String: String]) throws -> TemporarySite {
        let site = try TemporarySite()
        for folder in ["papers", "notes", "reviews"] { try FileManager.default.removeItem(at: site.content.appendingPathComponent(folder)) }
        try site.write("site.yaml", "title: Publications\nbase_url: https://example.org/\n" + config)
        for (slug, frontMatter) in papers { try site.write("papers/\(slug).md", "---\n\(frontMatter)\n---\n") }
        return site
    }

    static let papers = [
        "own": "title: Own work\nauthors: ['Einstein, Albert', {given: Boris, family: Podolsky, equal: true}]\nyear: 1935\ndate: 1935-05\nvenue: Phys. Rev.\nselected: true",
        "other": "title: Someone else's\nauthors: [Marie Curie]\nyear: 1903\nvenue: Phys. Rev.",
        "undated": "title: A manuscript\nauthors: []\nyear: n.d.",
    ]

    @Test func theOwnersNamesSelectedPapersAndCitationTagsOnTheirOwnPapersOnly() async throws {
        let site = try Self.site("owner: [Albert Einstein]\ncitation_meta: own\n", papers: Self.papers)
        try await site.build()
        let own = try site.page("papers/own/index.html")
        #expect(own.select("//ul[@class='authors']/li[@class='owner']/a").map(\.text) == ["Albert Einstein"])
        #expect(own.text("//dd/time") == "May 1935")
        #expect(own.select("//meta[@name='citation_title']").map { $0.attributes["content"] } == ["Own work"])
        let other = try site.page("papers/other/index.html")
        #expect(other.select("//meta[@name='citation_title']").isEmpty && other.first("//script[@type='application/ld+json']") == nil)
        let home = try site.page("index.html")
        #expect(home.select("//section[@class='selected-papers']//a[@class='paper-title']").map(\.text) == ["Own work"])
        #expect(home.select("//section[@class='selected-papers']//strong[@class='owner']").map(\.text) == ["Albert Einstein"])
        // No reading statuses at all: one group of papers, not "Unsorted"; undated last.
        #expect(home.text("//section[@id='reading-none']/h2").hasPrefix("Papers"))
        #expect(home.select("//section[@id='reading-none']//a[@class='paper-title']").map(\.text) == ["Own work", "Someone else's", "A manuscript"])
    }

    @Test func countersOnlyWhenTheOwnerAsksAndNoCitationTagsWhenToldSo() async throws {
        let quiet = try Self.site("citation_meta: none\n", papers: Self.papers)
        try await quiet.build()
        let page = try quiet.page("papers/other/index.html")
        #expect(page.select("//ul[@class='counters']/li").map(\.text) == ["0 reviews", "0 institutions"])
        #expect(page.select("//meta[@name='citation_title']").isEmpty)
        let counted = try Self.site("show_counters: true\n", papers: Self.papers)
        try await counted.build()
        #expect(try counted.page("papers/other/index.html").select("//ul[@class='counters']/li").map(\.text)
                == ["0 citations", "0 reviews", "0 saves", "No code", "No dataset", "0 institutions"])
    }

    @Test func anUndatedWorkIsCitedNoDate() async throws {
        let site = try Self.site("", papers: Self.papers)
        try await site.build()
        let page = try site.page("papers/undated/index.html")
        #expect(page.select("//ul[@class='badges']/li").map(\.text) == ["n.d."])
        #expect(page.text("//ul[@class='authors']/li") == "Anonymous")
        let bib = try site.citation("undated", "bibtex")
        #expect(bib.hasPrefix("@") && !bib.contains("year") && !bib.contains("author"))
        let ris = try site.citation("undated", "ris")
        #expect(ris.hasPrefix("TY  - ") && !ris.contains("PY  -"))
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("years/n-d").path))
        #expect(page.text("//p[@class='cite-apa']").contains("(n.d.)"))
    }

    @Test func aListWithoutTopicsIsMappedByItsPeopleVenuesAndYears() async throws {
        let site = try Self.site("", papers: Self.papers)
        try await site.build()
        let map = try site.page("map/index.html")
        #expect(map.select("//*[contains(@class, 'map-venue')]").count == 1)   // Phys. Rev., on two papers
        #expect(map.text("//main").contains("No paper has topics yet"))
    }
}

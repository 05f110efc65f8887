import Foundation
import Testing
@testable import PaperPages

/// The reader's own layer as the build writes it: the specific reactions on paper pages, the
/// owner's reactions, the saved page's filters and the data its bibliography is made from.
/// What the browser does with them is tested in Tests/Browser/test_reading_state.py.
@Suite("End to end: specific reactions and the saved list's data")
struct ReaderLayerTests {
    static let foundation = ReadingFrameTests.foundation

    @Test func everyPaperPageOffersTheDefaultReactionsAndShowsTheOwners() async throws {
        let site = try TemporarySite()
        try await site.build()
        let page = try site.page(Self.foundation)
        // In Next steps, beside like, dislike and save; disabled until the script runs.
        let buttons = page.select("//section[@class='next-steps']//details[@class='specific-reactions']//button")
        #expect(buttons.map(\.text) == ["Insightful", "Important", "Surprising", "Skeptical", "Replicated", "Outdated"])
        #expect(buttons.map { $0["data-reaction"] ?? "" } == ["insightful", "important", "surprising", "skeptical", "replicated", "outdated"])
        #expect(buttons.allSatisfy { $0["disabled"] != nil && $0["aria-pressed"] == "false" })
        #expect(page.text("//section[@class='next-steps']//summary") == "Add specific reaction")
        // Each button is described by its meaning, and by the owner's mark when the owner chose it.
        #expect(page.text("//span[@id='reaction-insightful-hint']") == "Chosen by the owner. Changes how I think about the problem.")
        #expect(page.text("//span[@id='reaction-skeptical-hint']") == "I doubt the claims or the method.")
        #expect(buttons.allSatisfy { page.first("//span[@id='\($0["aria-describedby"] ?? "")']") != nil })
        // The owner's reactions, in the site's order, for everyone: in Next steps and in the frame.
        #expect(page.select("//p[contains(@class, 'owner-reactions')]/span").map(\.text) == ["Insightful", "Important"])
        let facts = "//dl[@class='frame-facts']"
        #expect(page.text("\(facts)/dt[text()='Your reactions']/following-sibling::dd[1]") == "None yet")
        #expect(page.select("\(facts)/dt[text()=\"The owner's reactions\"]/following-sibling::dd[1]//li").map(\.text) == ["Insightful", "Important"])

        // A paper without the owner's reactions has none shown.
        let other = try site.page("papers/delta-steal/index.html")
        #expect(other.select("//p[contains(@class, 'owner-reactions')]").isEmpty)
        #expect(other.select("//dt[text()=\"The owner's reactions\"]").isEmpty)
        #expect(other.select("//span[@class='owner-mark']").isEmpty)

        // The saved page filters by each reaction and says who the exported state belongs to.
        let saved = try site.page("saved/index.html")
        #expect(saved.select("//fieldset[@data-saved-filters]//input").map { $0["value"] ?? "" } == [
            "saved", "liked", "disliked", "reaction:insightful", "reaction:important", "reaction:surprising", "reaction:skeptical",
            "reaction:replicated", "reaction:outdated", "all",
        ])
        let script = saved.first("//script[contains(@src, 'saved.js')]")
        #expect(script?["data-site"] == "https://paperpages.example/")
        #expect(script?["data-papers"] == "/papers/")
    }

    @Test func siteYamlNamesTheReactionsOrTurnsThemOff() async throws {
        let site = try TemporarySite()
        try site.write("site.yaml", """
            title: "Reading group"
            reactions:
              - Must read
              - {name: Reproduced, description: "We ran the code and got the same numbers."}

            """)
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md").replacingOccurrences(of: "\nyear:", with: "\nreactions: [must-read]\nyear:"))
        // The example's owner chose reactions this set lacks: named, with where they are written.
        let foundation = "papers/on-the-opportunities-and-risks-of-foundation-models.md"
        #expect(await site.buildFailure() == [
            "Content/\(foundation):35:13: 'reactions' names 'important', which this site does not offer: site.yaml's reactions are must-read, reproduced",
            "Content/\(foundation):35:24: 'reactions' names 'insightful', which this site does not offer: site.yaml's reactions are must-read, reproduced",
        ])
        try site.write(foundation, try site.read(foundation).replacingOccurrences(of: "reactions: [Important, Insightful]\n", with: ""))
        try await site.build()
        var page = try site.page("papers/delta-steal/index.html")
        let buttons = page.select("//details[@class='specific-reactions']//button")
        #expect(buttons.map(\.text) == ["Must read", "Reproduced"])
        #expect(buttons.map { $0["data-reaction"] ?? "" } == ["must-read", "reproduced"])
        #expect(page.text("//span[@id='reaction-reproduced-hint']") == "We ran the code and got the same numbers.")
        #expect(page.text("//span[@id='reaction-must-read-hint']") == "Chosen by the owner.")
        // Without a host in base_url, the title names the site's exported state.
        #expect(try site.page("saved/index.html").first("//script[contains(@src, 'saved.js')]")?["data-site"] == "Reading group")

        try site.write("site.yaml", "title: Reading group\nreactions: []\n")
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md").replacingOccurrences(of: "reactions: [must-read]\n", with: ""))
        try await site.build()
        page = try site.page("papers/delta-steal/index.html")
        #expect(page.select("//details[@class='specific-reactions']").isEmpty)
        #expect(page.select("//dt[text()='Your reactions']").isEmpty)
        #expect(page.select("//div[@class='actions']/button").count == 3)   // like, dislike and save stay
        #expect(try site.page("saved/index.html").select("//input[starts-with(@value, 'reaction:')]").isEmpty)
    }

    /// The saved list's bibliography is assembled in the browser from each listed paper's
    /// page (site.js's `citationIn`): every paper page must carry its title and its Cite
    /// section's BibTeX, RIS and APA, the very entries of the whole list's files, and the
    /// site must write no citation file per paper (three per paper were 30,000 files at
    /// 10,000 papers).
    @Test func eachPaperPageCarriesTheCitationsTheSavedListTakes() async throws {
        let site = try TemporarySite()
        try await site.build()
        let slugs = try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("papers").path)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(slugs.count == 14)
        let wholeRIS = try site.read("papers.ris", in: site.output)
        let wholeBib = BibTeXParser(try site.read("papers.bib", in: site.output), path: "papers.bib")
        for slug in slugs {
            let folder = "papers/\(slug)/"
            #expect(try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent(folder).path) == ["index.html"])
            let page = try site.page(folder + "index.html")
            #expect(page.first("//article[@class='paper']")?["data-slug"] == slug)
            #expect(page.first("//article[@class='paper']")?["data-title"]?.isEmpty == false)
            #expect(page.first("//p[@class='cite-apa']")?.innerHTML.isEmpty == false, "\(slug)")
            let ris = try site.citation(slug, "ris")
            #expect(ris.hasPrefix("TY  - ") && ris.hasSuffix("ER  - \r\n") && wholeRIS.contains(ris), "\(slug)")
            let bib = BibTeXParser(try site.citation(slug, "bibtex"), path: "\(slug).bib")
            let entry = try #require(bib.entries.first)
            #expect(bib.problems.isEmpty && bib.entries.count == 1)
            let whole = try #require(wholeBib.entries.first { $0.key == entry.key })
            #expect(entry["title"] == whole["title"] && entry["author"] == whole["author"], "\(slug)")
            #expect(page.select("//button[@data-download]").compactMap { $0["data-download"] } == ["bibtex", "ris"])
        }
    }

    /// The owner's reactions show only on the paper's own page, but they are checked against
    /// site.yaml with the whole site: an edit to them takes the path that checks.
    @Test func anOwnersReactionIsCheckedWhenTheSiteIsRebuilt() async throws {
        let site = try TemporarySite()
        try await site.build()
        let file = "papers/delta-steal.md"
        try site.write(file, try site.read(file).replacingOccurrences(of: "\nyear:", with: "\nreactions: [Surprising]\nyear:"))
        try await site.build()
        #expect(try site.page("papers/delta-steal/index.html").select("//p[contains(@class, 'owner-reactions')]/span").map(\.text) == ["Surprising"])
        try site.write(file, try site.read(file).replacingOccurrences(of: "reactions: [Surprising]", with: "reactions: [Suprising]"))
        let problems = await site.buildFailure()
        #expect(problems.count == 1)
        #expect(problems.first?.hasSuffix("'reactions' names 'suprising', which this site does not offer: site.yaml's reactions are "
                                           + "insightful, important, surprising, skeptical, replicated, outdated; did you mean 'surprising'?") == true)
    }
}

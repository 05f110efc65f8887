import Foundation
import Testing
@testable import PaperPages

/// The build's check of its own links, and the pages that make every name that links real.
@Suite("Publish: every internal link leads to a file the build writes")
struct LinkCheckTests {
    static let note = "notes/what-is-homogenization.md"

    @Test func aLinkToNowhereFailsTheBuildAtItsFileAndNothingIsPublished() async throws {
        let site = try TemporarySite()
        try await site.build()
        let before = try site.snapshotOutput()
        try site.write(Self.note, try site.read(Self.note) + "\nSee [the survey](../../papers/no-such-paper/), ![a figure](figure.png) and [the list](/).\n")
        #expect(await site.buildFailure() == [
            "Content/notes/what-is-homogenization.md: its page (notes/what-is-homogenization/index.html) links to \"../../papers/no-such-paper/\", "
                + "that is papers/no-such-paper/, which the build does not write; fix or remove the link (in the file, or in the layout if the file has no such link)",
            "Content/notes/what-is-homogenization.md: its page (notes/what-is-homogenization/index.html) links to \"figure.png\", "
                + "that is notes/what-is-homogenization/figure.png, which the build does not write; fix or remove the link (in the file, or in the layout if the file has no such link)",
        ])
        #expect(try site.snapshotOutput() == before)
    }

    @Test func aLayoutLinkingAPageNoOneWritesIsNamedOnAListPage() async throws {
        let site = try TemporarySite()
        try site.write("facets.mustache", in: site.layouts,
                       try site.read("facets.mustache", in: site.layouts).replacingOccurrences(of: "<h1>", with: "<a href=\"{{site.base}}glossary/\">Glossary</a><h1>"))
        let problems = await site.buildFailure()
        #expect(problems.count == 1)
        #expect(problems.first?.hasSuffix("index.html: links to \"/glossary/\", that is glossary/, which the build does not write; fix or remove the link (in the file, or in the layout if the file has no such link)") == true)
    }

    /// A page made from unchanged files is kept, not rendered again; a file removed from the
    /// content folder still breaks its links.
    @Test func removingAFileThatAnUnchangedNoteLinksToFailsTheIncrementalBuild() async throws {
        let site = try TemporarySite()
        try site.write("figures/homogenization.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try site.write(Self.note, try site.read(Self.note) + "\n![The figure](../../figures/homogenization.svg)\n")
        try await site.build()
        try FileManager.default.removeItem(at: site.content.appendingPathComponent("figures/homogenization.svg"))
        let problems = await site.buildFailure()
        #expect(problems == ["Content/notes/what-is-homogenization.md: its page (notes/what-is-homogenization/index.html) links to \"../../figures/homogenization.svg\", "
                             + "that is figures/homogenization.svg, which the build does not write; fix or remove the link (in the file, or in the layout if the file has no such link)"])
        try site.write(Self.note, try site.read(Self.note).replacingOccurrences(of: "![The figure](../../figures/homogenization.svg)", with: ""))
        #expect(await site.buildFailure() == [])
    }

    @Test func aTopicOnlyNotesCarryHasAPageListingThem() async throws {
        let site = try TemporarySite()
        try site.write(Self.note, try site.read(Self.note).replacingOccurrences(of: "topics: [foundation models, AI safety]", with: "topics: [foundation models, AI safety, Homogenization]"))
        try await site.build()
        let page = try site.page("topics/homogenization/index.html")
        #expect(page.text("//h1") == "Homogenization")
        #expect(page.select("//section[@aria-labelledby='notes-title']//li/a").map { $0["href"] } == ["/notes/what-is-homogenization/"])
        #expect(page.select("//ul[@class='paper-list']").isEmpty)
        let index = try site.page("topics/index.html")
        #expect(index.select("//a[@href='/topics/homogenization/']").count == 1)
        // Not a filter of the reading list: it would filter every paper out.
        #expect(try site.page("index.html").select("//option[@value='homogenization']").isEmpty)
        #expect(try StarterTests.brokenLinks(in: site.output) == [])
    }

    @Test(arguments: [
        ("../x/", "papers/a/", "papers/x/"), ("./", "papers/a/", "papers/a/"), ("c.png", "papers/a/", "papers/a/c.png"),
        ("/sub/map/", "", "map/"), ("/elsewhere/", "", nil), ("https://host.example/sub/feed.xml", "", "feed.xml"),
        ("https://other.example/", "", nil), ("mailto:a@b.c", "", nil), ("#top", "", nil), ("../../../x", "a/", "../"),
        ("/sub/papers/a%20b/?q=1#f", "", "papers/a b/"), ("/sub", "", ""),
    ] as [(String, String, String?)])
    func linksAreResolvedAsABrowserWould(_ link: String, _ folder: String, _ target: String?) {
        #expect(LinkCheck.target(of: link, folder: folder, base: "/sub/", origin: "https://host.example/sub/") == target)
    }
}

import Foundation
import Testing
@testable import PaperPages

@Suite("Render: Mustache layouts")
struct LayoutTests {
    @Test func reportsAVariableTheModelDoesNotHaveAtItsLine() async throws {
        let site = try TemporarySite()
        var paperLayout = try site.read("paper.mustache", in: site.layouts)
        paperLayout = paperLayout.replacingOccurrences(of: "<li class=\"badge\"><a href=\"{{venue_href}}\">{{venue}}</a></li>{{/venue}}",
                                                       with: "<li>{{venu}}</li>{{/venue}}")
        try site.write("paper.mustache", in: site.layouts, paperLayout)
        let line = paperLayout.components(separatedBy: "\n").firstIndex { $0.contains("{{venu}}") }! + 1
        let problems = await site.buildFailure()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("Layouts/paper.mustache:\(line):") == true)
        #expect(problems.first?.contains("'venu' is not a value of the paper page") == true)
    }

    @Test func reportsAMissingNameInASharedPartialOnce() async throws {
        let site = try TemporarySite()
        let partial = try site.read("partials/review.mustache", in: site.layouts)
        try site.write("partials/review.mustache", in: site.layouts, partial.replacingOccurrences(of: "Review by {{reviewer}}", with: "Review by {{reviewr}}"))
        let problems = await site.buildFailure()
        #expect(problems == ["Layouts/partials/review.mustache:3:38: 'reviewr' is not a value of the paper page or review page "
                             + "(rendering papers/chameleonbench/index.html, reviews/foundation-models-review/index.html)"])
    }

    @Test func reportsAMissingNameInTheListItemOnceForAllItsPapers() async throws {
        // The list item is rendered once per paper and reused by every list.
        let site = try TemporarySite()
        let partial = try site.read("partials/paper-item.mustache", in: site.layouts)
        try site.write("partials/paper-item.mustache", in: site.layouts, partial.replacingOccurrences(of: "{{venue}}", with: "{{venu}}"))
        let problems = await site.buildFailure()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("Layouts/partials/paper-item.mustache:3:458: 'venu' is not a value of the paper list item (rendering the list item of /papers/") == true)
    }

    @Test func anAbsentOptionalValueIsNotAnError() async throws {
        // The example papers have no `code`; `{{#code}}` must still be a valid test.
        let site = try TemporarySite()
        try await site.build()
        let page = try site.page("papers/delta-steal/index.html")
        #expect(page.text("//ul[@class='counters']/li[4]") == "No code")
    }

    @Test func reportsAMissingLayoutAndAMissingPartial() async throws {
        let site = try TemporarySite()
        try FileManager.default.removeItem(at: site.layouts.appendingPathComponent("note.mustache"))
        try site.write("review.mustache", in: site.layouts, "{{<base}}{{$main}}\n{{> partials/nope}}{{/main}}{{/base}}")
        let problems = await site.buildFailure()
        // Layout files are checked when loaded, before pages are known, so the missing note
        // layout is reported only once the layouts themselves are sound.
        #expect(problems == [
            "Layouts/review.mustache:2:1: 'review' includes 'partials/nope', but there is no Layouts/partials/nope.mustache",
        ])
        try FileManager.default.removeItem(at: site.layouts.appendingPathComponent("review.mustache"))
        let missing = await site.buildFailure()
        #expect(missing == [
            "Layouts/note.mustache: layout not found; 3 pages need it",
            "Layouts/review.mustache: layout not found; 2 pages need it",
        ])
    }

    @Test func reportsAMustacheSyntaxErrorAtItsLine() async throws {
        let site = try TemporarySite()
        try site.write("page.mustache", in: site.layouts, "{{<base}}{{$main}}\n{{#page_content}}\n<h1>{{title}}</h1>\n{{/main}}{{/base}}")
        let problems = await site.buildFailure()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("Layouts/page.mustache:") == true)
        #expect(problems.first?.contains("invalid Mustache") == true)
    }

    @Test func sharesOneBaseThroughInheritance() async throws {
        let site = try TemporarySite()
        try await site.build()
        for file in ["index.html", "papers/chameleonbench/index.html", "notes/what-is-homogenization/index.html",
                     "reviews/chameleonbench-review/index.html", "pages/about/index.html"] {
            let page = try site.page(file)
            #expect(page.first("//link[@rel='stylesheet']")?["href"] == "/assets/site.css", "\(file)")
            #expect(page.text("//header//a[@class='site-title']") == "Paper pages", "\(file)")
            #expect(page.select("//main").count == 1, "\(file)")
        }
    }

    @Test func scansTagsWithTheirPositions() {
        let tags = MustacheTags.scan("a\n  {{#paper}}{{{title_html}}}\n{{> partials/x}}{{^empty(topics)}}")
        #expect(tags.map(\.kind) == [.section, .variable, .partial, .inverted])
        #expect(tags.map(\.name) == ["paper", "title_html", "partials/x", "empty(topics)"])
        #expect(tags.map(\.line) == [2, 2, 3, 3])
        #expect(tags.map(\.column) == [3, 13, 1, 17])
        #expect(tags[3].variableName == "topics")
    }
}

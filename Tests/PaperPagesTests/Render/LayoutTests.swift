import Foundation
import Mustache
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

    /// A layout is parsed once; its tags keep their places, for the checks and messages.
    @Test func parsesTagsWithTheirPositions() throws {
        let template = try LayoutTemplate(parsing: "a\n  {{#paper}}{{{title_html}}}\n{{> partials/x}}{{^empty(topics)}}{{/empty(topics)}}{{/paper}}")
        let tags = template.tags
        #expect(tags.map(\.kind) == [.section, .variable, .partial, .inverted, .close, .close])
        #expect(tags.map(\.name) == ["paper", "title_html", "partials/x", "topics", "topics", "paper"])
        #expect(tags.map(\.line) == [2, 2, 3, 3, 3, 3])
        #expect(tags.map(\.column) == [3, 13, 1, 17, 35, 53])
    }

    /// What swift-mustache (the reference) refuses, the one parser refuses, at the place the
    /// reference names, with a reason a layout's author can act on.
    @Test(arguments: [
        ("{{#papers}}\n", "a section is opened but never closed with {{/...}}"),
        ("{{#a}}{{b\n", "the file ends inside a tag; close it with }}"),
        ("{{#papers}}x{{/paper}}\n", "a closing tag {{/...}} does not match the open section"),
        ("x\n{{=<% =}}", "invalid set-delimiter tag"),
        ("{{<base}}{{#a}}{{/a}}{{/base}}", "inside {{<parent}}...{{/parent}} only {{$block}} overrides may be written"),
        ("{{% CONTENT_TYPE: PDF}}", "unknown {{% ...}} pragma"),
    ])
    func refusesWhatTheReferenceRefusesWithItsPlace(_ text: String, _ reason: String) throws {
        var reference: (line: Int, column: Int)?
        do { _ = try MustacheTemplate(string: text) } catch let error as MustacheTemplate.ParserError {
            reference = (error.context.lineNumber, error.context.columnNumber)
        }
        let place = try #require(reference, "the reference accepts \(text)")
        do {
            _ = try LayoutTemplate(parsing: text)
            Issue.record("accepted \(text)")
        } catch let error as LayoutTemplate.ParseError {
            #expect(error.message == reason)
            #expect((error.line, error.column) == place, "\(text)")
        }
    }
}

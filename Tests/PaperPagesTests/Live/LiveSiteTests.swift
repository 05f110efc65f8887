import Foundation
import PropertyBased
import Testing
@testable import PaperPages

/// The preview server's engine: after any edit, the site it serves is the site a build from
/// scratch makes, and it re-renders only what the edit changed.
@Suite("Live site")
struct LiveSiteTests {
    /// Random sequences of the incremental tests' edits; after each, the live site, rebuilt
    /// from the files the watcher would name, is compared with a build from scratch.
    @Test func theServedSiteIsTheBuildFromScratchAfterEveryEdit() async throws {
        await propertyCheck(count: 3, input: Gen.int(in: 0...9_999).array(of: 5...7)) { choices in
            await Self.compareAfterEachEdit(choices)
        }
    }

    @Test func everyKindOfEditServesTheBuildFromScratch() async {
        await Self.compareAfterEachEdit(Array(0..<SiteEdit.kinds).map { $0 + SiteEdit.kinds * 53 })
    }

    static func compareAfterEachEdit(_ choices: [Int]) async {
        do {
            let site = try TemporarySite()
            let live = LiveSite(builder: site.builder(), searchDelay: .zero)
            let started = await live.start()
            #expect(started.problems.isEmpty)
            let scratch = site.root.appendingPathComponent("Scratch")
            for choice in choices {
                let before = FileStates.take([site.content.path, site.layouts.path])
                let edit = try SiteEdit.apply(choice, to: site)
                let changes = before.changes(to: FileStates.take([site.content.path, site.layouts.path]))
                let report = await live.rebuild(changes)
                await live.searchIndexed()
                #expect(report.problems.isEmpty, "after \(edit): \(report.problems)")
                try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: scratch.path, useCache: false).build()
                let built = try IncrementalBuildTests.files(scratch).filter { $0.key != OutputFolder.marker }
                let served = try Self.files(of: live.site)
                let differing = Set(built.keys).union(served.keys).filter { built[$0] != served[$0] }.sorted()
                #expect(differing.isEmpty, "after \(edit) (rendered \(report.pagesRendered) pages), these differ from a full build: \(differing.prefix(10))")
                if !differing.isEmpty { return }
            }
        } catch {
            Issue.record("edits \(choices.map { $0 % SiteEdit.kinds }): \(error)")
        }
    }

    /// Every file the live site serves, with its bytes.
    static func files(of site: ServedSite) throws -> [String: Data] {
        try site.files.mapValues { file in
            switch file {
            case .disk(let path): try Data(contentsOf: URL(fileURLWithPath: path))
            case .memory(let bytes, _): Data(bytes)
            }
        }
    }

    /// Hugo's kind of rebuild test: an edit to a paper's notes re-renders its page alone (and
    /// the search index), and the pages showing the paper's title follow a retitling.
    @Test func anEditRendersOnlyThePagesItChanges() async throws {
        let site = try TemporarySite()
        let live = LiveSite(builder: site.builder(), searchDelay: .zero)
        await live.start()
        let page = "papers/delta-steal/index.html"
        let before = live.site

        let paper = site.content.appendingPathComponent("papers/delta-steal.md").path
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nOne more thought, added later.\n")
        // As vim saves: a test file made and removed beside it, which changes nothing.
        let probe = site.content.appendingPathComponent("papers/4913").path
        let edited = await live.rebuild(ChangedFiles(paths: [paper, probe]))
        #expect(edited.pagesRendered == 1)
        #expect(edited.searchRebuilt)
        await live.searchIndexed()
        let after = live.site
        #expect(after.version > before.version)
        let changedPages = after.files.keys.filter { !$0.hasPrefix("search/") && after.files[$0] != before.files[$0] }
        #expect(changedPages == [page])
        #expect((after.changedAt[page] ?? 0) > before.version)
        guard case .memory(let bytes, _)? = after.files[page] else {
            Issue.record("the edited page is not served from memory")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("One more thought, added later."))

        // The same bytes saved again: nothing to render, nothing told to the pages.
        let again = await live.rebuild(ChangedFiles(paths: [paper]))
        #expect(again.pagesRendered == 0)
        #expect(live.site.version == after.version)

        try site.write("papers/delta-steal.md", Self.replacingLine("title:", in: try site.read("papers/delta-steal.md"), with: "title: \"Retitled for the test\""))
        let retitled = await live.rebuild(ChangedFiles(paths: [paper]))
        #expect(retitled.problems.isEmpty)
        #expect(retitled.pagesRendered > 10)
        let home = try #require(try Self.files(of: live.site)["index.html"])
        #expect(String(decoding: home, as: UTF8.self).contains("Retitled for the test"))
    }

    /// The owner's reactions show on the paper's page alone: an edit to them renders that
    /// page, and one the site does not offer is reported, not served.
    @Test func anEditToTheOwnersReactionsRendersThePaperAlone() async throws {
        let site = try TemporarySite()
        let live = LiveSite(builder: site.builder(), searchDelay: .zero)
        await live.start()
        let file = "papers/on-the-opportunities-and-risks-of-foundation-models.md"
        let path = site.content.appendingPathComponent(file).path
        let text = try site.read(file)
        try site.write(file, Self.replacingLine("reactions:", in: text, with: "reactions: [Outdated]"))
        let edited = await live.rebuild(ChangedFiles(paths: [path]))
        #expect(edited.problems.isEmpty)
        #expect(edited.pagesRendered == 1)
        let page = try #require(try Self.files(of: live.site)["papers/on-the-opportunities-and-risks-of-foundation-models/index.html"])
        #expect(String(decoding: page, as: UTF8.self).contains("The owner's reactions: <span class=\"reaction-tag\">Outdated</span>"))

        let good = live.site
        try site.write(file, Self.replacingLine("reactions:", in: text, with: "reactions: [Outdatd]"))
        let broken = await live.rebuild(ChangedFiles(paths: [path]))
        #expect(broken.problems.map(\.message) == [
            "'reactions' names 'outdatd', which this site does not offer: site.yaml's reactions are "
                + "insightful, important, surprising, skeptical, replicated, outdated; did you mean 'outdated'?",
        ])
        #expect(live.site.files == good.files)
    }

    /// A broken file keeps the last good site served, with the problem located; fixing it
    /// clears the problem and serves the fix.
    @Test func aBrokenFileKeepsTheLastGoodSiteUntilItIsFixed() async throws {
        let site = try TemporarySite()
        let live = LiveSite(builder: site.builder(), searchDelay: .zero)
        await live.start()
        let good = live.site
        let path = site.content.appendingPathComponent("papers/delta-steal.md").path
        let text = try site.read("papers/delta-steal.md")

        try site.write("papers/delta-steal.md", Self.replacingLine("year:", in: text, with: "year: [unclosed"))
        let broken = await live.rebuild(ChangedFiles(paths: [path]))
        let problem = try #require(broken.problems.first)
        #expect(problem.location.path == path)
        #expect(problem.location.line != nil)
        #expect(live.site.problems == broken.problems)
        #expect(live.site.files == good.files)

        // Another edit while broken: still the old site, still the problem.
        try site.write("papers/chameleonbench.md", try site.read("papers/chameleonbench.md") + "\nMore.\n")
        let stillBroken = await live.rebuild(ChangedFiles(paths: [site.content.appendingPathComponent("papers/chameleonbench.md").path]))
        #expect(!stillBroken.problems.isEmpty)
        #expect(live.site.files == good.files)

        try site.write("papers/delta-steal.md", text + "\nFixed.\n")
        let fixed = await live.rebuild(ChangedFiles(paths: [path]))
        #expect(fixed.problems.isEmpty)
        #expect(live.site.problems.isEmpty)
        let served = try Self.files(of: live.site)
        #expect(String(decoding: try #require(served["papers/delta-steal/index.html"]), as: UTF8.self).contains("Fixed."))
        // Both edits are served: the one made while the site was broken too.
        #expect(String(decoding: try #require(served["papers/chameleonbench/index.html"]), as: UTF8.self).contains("More."))
    }

    /// A removed paper's page is gone at once; a new paper appears in the lists.
    @Test func aRemovedPaperIsGoneAndANewOneIsListed() async throws {
        let site = try TemporarySite()
        let live = LiveSite(builder: site.builder(), searchDelay: .zero)
        await live.start()
        let old = site.content.appendingPathComponent("papers/delta-steal.md")
        let new = site.content.appendingPathComponent("papers/a-new-paper.md")
        let text = try site.read("papers/delta-steal.md")
        try FileManager.default.moveItem(at: old, to: new)
        try site.write("papers/a-new-paper.md", Self.replacingLine("title:", in: text, with: "title: \"A new paper\""))
        // (No other file of the example site names delta-steal.)
        let report = await live.rebuild(ChangedFiles(paths: [old.path, new.path]))
        #expect(report.problems.isEmpty)
        #expect(live.site.files["papers/delta-steal/index.html"] == nil)
        #expect(report.pathsRemoved > 0)
        let served = try Self.files(of: live.site)
        #expect(String(decoding: try #require(served["index.html"]), as: UTF8.self).contains("A new paper"))
        #expect(served["papers/a-new-paper/index.html"] != nil)
    }

    static func replacingLine(_ prefix: String, in text: String, with line: String) -> String {
        text.components(separatedBy: "\n").map { $0.hasPrefix(prefix) ? line : $0 }.joined(separator: "\n")
    }
}

import Foundation
import Testing
@testable import PaperPages

@Suite("Publish: atomic swap of the output folder")
struct PublisherTests {
    @Test func replacesTheOutputAndKeepsGitkeep() throws {
        let site = try TemporarySite(example: false)
        try site.write(".gitkeep", in: site.output, "")
        try site.write("stale.html", in: site.output, "old")
        try Publisher(output: OutputFolder(site.output.path, protecting: [], force: true)).publish(files: [OutputFile(path: "a/index.html", contents: Array("new".utf8))], copies: [])
        let files = try site.snapshotOutput()
        #expect(Set(files.keys) == ["/.gitkeep", "/.paperpages-site", "/a/index.html"])
        // Nothing is left beside the output: no staging or previous folders.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: site.root.path)
        #expect(siblings.sorted() == ["Content", "Layouts", "Public"])
    }

    @Test func aFailedBuildLeavesTheOutputByteForByte() async throws {
        let site = try TemporarySite()
        try await site.build()
        let before = try site.snapshotOutput()
        #expect(before.count > 20)
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md").replacingOccurrences(of: "year: 2025", with: "year: twenty"))
        let problems = await site.buildFailure()
        #expect(problems == [#"Content/papers/delta-steal.md:10:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "twenty""#])
        #expect(try site.snapshotOutput() == before)
    }

    @Test func aFailedCopyLeavesTheOutputAndNoStagingFolder() throws {
        let site = try TemporarySite(example: false)
        try site.write("index.html", in: site.output, "old")
        let copy = Publisher.Copy(source: site.root.appendingPathComponent("missing.css").path, destination: "x.css")
        #expect(throws: BuildFailure.self) {
            try Publisher(output: OutputFolder(site.output.path, protecting: [], force: true)).publish(files: [], copies: [copy])
        }
        #expect(try site.snapshotOutput() == ["/index.html": Data("old".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == ["Content", "Layouts", "Public"])
    }

    @Test func oneBuildAtATimeHoldsTheOutputsLock() throws {
        let site = try TemporarySite(example: false)
        let output = try OutputFolder(site.output.path, protecting: [], force: false)
        let first = try output.lock()
        #expect(FileManager.default.fileExists(atPath: output.lockPath))
        #expect(throws: BuildFailure.self) { try output.lock() }
        first.release()
        first.release()   // idempotent: a second close could close a descriptor reused by another thread
        #expect(!FileManager.default.fileExists(atPath: output.lockPath))
        let second = try output.lock()
        second.release()
    }

    @Test func resolvesPathsThatDoNotExistYetAndDanglingLinks() throws {
        let site = try TemporarySite(example: false)
        let root = try #require(RealPath.resolve(site.root.path))
        #expect(RealPath.resolve(site.root.path + "/a/./b/../c") == root + "/a/c")
        try FileManager.default.createSymbolicLink(atPath: site.root.path + "/link", withDestinationPath: "target/site")
        #expect(RealPath.resolve(site.root.path + "/link") == root + "/target/site")
        #expect(RealPath.isSameOrAncestor("/a", of: "/a/b") && !RealPath.isSameOrAncestor("/a", of: "/ab"))
    }
}

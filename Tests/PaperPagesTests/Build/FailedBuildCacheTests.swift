import Foundation
import Testing
@testable import PaperPages

/// The cache is written only when the build succeeds: a build that fails while rendering
/// leaves the cache as it found it (none, for a first build), and no temporary file behind.
@Suite("Incremental builds: the cache a failed build leaves")
struct FailedBuildCacheTests {
    private func cacheFolder(_ site: TemporarySite) -> URL { site.root.appendingPathComponent(".paperpages-cache/Public") }

    /// A layout naming a value the pages lack fails the build once every page is rendered.
    private func breakPaperLayout(_ site: TemporarySite) throws {
        let layout = try site.read("paper.mustache", in: site.layouts)
        try site.write("paper.mustache", in: site.layouts, layout.replacingOccurrences(of: "{{venue}}", with: "{{venu}}"))
    }

    /// The cache's files (not the spare site's folder beside them), with their bytes.
    private func files(_ folder: URL) throws -> [String: Data] {
        var isFolder: ObjCBool = false
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
    }

    @Test func aFirstBuildThatFailsLeavesNoCache() async throws {
        let site = try TemporarySite()
        try breakPaperLayout(site)
        let problems = await site.buildFailure()
        #expect(problems.contains { $0.contains("'venu' is not a value of the paper page") })
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".paperpages-cache").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func aBuildThatFailsLeavesTheCacheAsItWas() async throws {
        let site = try TemporarySite()
        try await site.build()
        let before = try files(cacheFolder(site))
        #expect(before.keys.contains { $0.hasPrefix("sources-") })
        // A paper's notes edited (its model and its Markdown are new), and then the build fails.
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nA thought added later.\n")
        try breakPaperLayout(site)
        #expect(!(await site.buildFailure()).isEmpty)
        #expect(try files(cacheFolder(site)) == before)
        // Fixed, the next build uses the cache and gives the site a build from scratch gives.
        try site.write("paper.mustache", in: site.layouts, try site.read("paper.mustache", in: site.layouts).replacingOccurrences(of: "{{venu}}", with: "{{venue}}"))
        try await site.build()
        let incremental = try site.snapshotOutput()
        let scratch = try TemporarySite()
        try FileManager.default.removeItem(at: scratch.content)
        try FileManager.default.copyItem(at: site.content, to: scratch.content)
        try FileManager.default.removeItem(at: scratch.layouts)
        try FileManager.default.copyItem(at: site.layouts, to: scratch.layouts)
        try await scratch.build()
        #expect(try scratch.snapshotOutput() == incremental)
        #expect(try files(cacheFolder(site)).keys.allSatisfy { !$0.hasPrefix(".") })
    }
}

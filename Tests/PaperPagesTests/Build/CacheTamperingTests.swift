import Foundation
import PropertyBased
import Testing
@testable import PaperPages

/// A cache file damaged on disk or edited by hand never reaches the site: every file of
/// `.paperpages-cache/` carries a checksum (`CacheSeal`), and a build that finds one that does
/// not match ignores the whole cache, says so, and builds in full.
@Suite("Incremental builds: a damaged cache")
struct CacheTamperingTests {
    /// Random same-length edits and byte flips of every cache file, each after an edit that
    /// makes the next build read the cache (the models, the Markdown and the search memo);
    /// then the site built with the cache equals one built with `--no-cache`.
    @Test func aTamperedCacheGivesTheBuildWithoutCache() async throws {
        await propertyCheck(count: 24, input: Gen.int(in: 0...Int(Int32.max)).array(of: 4)) { choices in
            await Self.tamperAndCompare(choices)
        }
    }

    static func tamperAndCompare(_ choices: [Int]) async {
        do {
            let site = try TemporarySite()
            let scratch = site.root.appendingPathComponent("Scratch")
            try await site.build()
            // The notes of a paper and a note's answer: Markdown and search made again.
            try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nA thought added later.\n")
            try await site.build()
            let folder = site.root.appendingPathComponent(".paperpages-cache/Public")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bin") }.sorted()
            let name = names[choices[0] % names.count]
            let path = folder.appendingPathComponent(name)
            var bytes = [UInt8](try Data(contentsOf: path))
            let start = choices[1] % bytes.count
            if choices[2] % 2 == 0 {
                // One bit flipped.
                bytes[start] ^= UInt8(1 << (choices[3] % 8))
            } else {
                // A run of up to 16 bytes overwritten with others, the length kept.
                var generator = SplitMix(seed: UInt64(choices[3]))
                for index in start..<min(bytes.count, start + 1 + choices[3] % 16) { bytes[index] = bytes[index] &+ UInt8(1 + generator.next() % 255) }
            }
            try Data(bytes).write(to: path)
            try site.write("notes/" + (try Self.firstNote(site)), try site.read("notes/" + (try Self.firstNote(site))) + "\nAnd one more line.\n")
            let report = try await site.build()
            try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: scratch.path, useCache: false).build()
            let (ours, theirs) = (try IncrementalBuildTests.files(site.output), try IncrementalBuildTests.files(scratch))
            let differing = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }.sorted()
            #expect(differing.isEmpty, "\(name) tampered at \(start): these differ from a build without cache: \(differing.prefix(10))")
            // A damaged file is said to be, unless it was one this build did not need.
            if !report.notes.isEmpty {
                #expect(report.notes == BuildCache.damageNotes([name], in: folder.path))
            }
        } catch {
            Issue.record("\(choices): \(error)")
        }
    }

    static func firstNote(_ site: TemporarySite) throws -> String {
        try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("notes").path).sorted()[0]
    }

    /// The record, a shard and the search memo, each damaged once, each said.
    @Test(arguments: ["record.bin", "sources-0.bin", "search.bin"])
    func eachDamagedFileIsNamed(_ name: String) async throws {
        let site = try TemporarySite()
        try await site.build()
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nA thought added later.\n")
        try await site.build()
        let path = site.root.appendingPathComponent(".paperpages-cache/Public/" + name)
        var bytes = [UInt8](try Data(contentsOf: path))
        bytes[bytes.count - 20] ^= 0x20
        try Data(bytes).write(to: path)
        // An edit that changes the search index, so the memo is read.
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nAnd a second thought.\n")
        let report = try await site.build()
        if name == "search.bin" {
            // Read once the pages are planned: the search index is made in full, and the pages
            // whose sources are unchanged (the record and shards are whole) are kept.
            #expect(report.notes == ["\(path.path): damaged (its checksum does not match what was written); the search index was made without it"])
        } else {
            #expect(report.notes == ["\(path.path): damaged (its checksum does not match what was written); the cache was ignored and the site built in full"])
            #expect(report.pagesRendered == report.pagesWritten)
        }
        // The cache written by that build is whole again.
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md") + "\nA third.\n")
        let next = try await site.build()
        #expect(next.notes.isEmpty)
        #expect(next.pagesRendered < next.pagesWritten)
    }
}

/// A small seeded generator, so a failing case is reproduced from its printed choices.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

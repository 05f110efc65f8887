import Foundation
import Testing
@testable import PaperPages

/// SIGKILL at random moments of a rebuild: the output path must always hold the complete old
/// site or the complete new one, and the next build must leave nothing behind.
@Suite("Safety: a build killed at any moment")
struct InterruptedBuildTests {
    static let papers = 2000
    static let kills = 12

    /// A site of `papers` generated papers whose every page names the version.
    static func writeSite(_ site: HostileSite, version: Int) throws {
        try site.write("Content/site.yaml", "title: Kill test, version \(version)\n")
        let topics = ["Bandits", "Alignment", "Quantization", "Memory", "Transfer learning", "Search"]
        for index in 0..<papers {
            let text = paper("""
                title: "Paper \(index) of version \(version)"
                year: \(2000 + index % 25)
                authors: [Author \(index % 300), Coauthor \(index % 97)]
                topics: [\(topics[index % topics.count]), \(topics[(index / 7) % topics.count])]
                venue: Venue \(index % 12)
                """, body: "Notes on paper \(index), version \(version).\n")
            try site.write("Content/papers/p\(index).md", text)
        }
    }

    /// The site's files and bytes, without the folder itself.
    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func theOutputIsAlwaysTheWholeOldOrTheWholeNewSite() async throws {
        let site = try await HostileSite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/notes"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/reviews"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/papers/good.md"))

        // Both versions built in full once, elsewhere, as the reference of what a whole site is.
        var references: [[String: Data]] = []
        var seconds = 0.0
        for version in 0...1 {
            try Self.writeSite(site, version: version)
            let started = Date()
            let run = try await site.run(["build", "--output", "Reference\(version)", "--katex", "/nonexistent"], limit: 300)
            seconds = max(seconds, Date().timeIntervalSince(started))
            #expect(run.status == 0, "\(run.stderr)")
            references.append(try Self.files(site.root.appendingPathComponent("Reference\(version)")))
        }
        #expect(references[0] != references[1] && references[0].count > Self.papers)
        let output = site.root.appendingPathComponent("Public")
        try FileManager.default.removeItem(at: output)
        #expect(try await site.run(["build", "--katex", "/nonexistent"], limit: 300).status == 0)   // version 1 is in Content now
        var current = 1

        var generator = SystemRandomNumberGenerator()
        var outcomes: [String] = []
        for kill in 0..<Self.kills {
            let target = 1 - current
            try Self.writeSite(site, version: target)
            // Most kills land late, where the site is written and swapped; some early.
            let moment = kill < 3 ? Double.random(in: 0...0.3, using: &generator) * seconds
                                  : Double.random(in: 0.5...1.1, using: &generator) * seconds
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = ["build", "--katex", "/nonexistent"]
            process.currentDirectoryURL = site.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(moment))
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let now = try Self.files(output)
            if now == references[current] {
                outcomes.append("old")
            } else if now == references[target] {
                outcomes.append("new")
                current = target
            } else {
                Issue.record("after a kill at \(moment) s the output is neither site: \(now.count) files")
                return
            }
        }
        // The next build finishes the job and leaves nothing beside the output.
        try Self.writeSite(site, version: 1 - current)
        #expect(try await site.run(["build", "--katex", "/nonexistent"], limit: 300).status == 0)
        #expect(try Self.files(output) == references[1 - current])
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == [".paperpages-cache", "Content", "Layouts", "Public", "Reference0", "Reference1"])
        print("kills: \(outcomes.joined(separator: " ")); a full build took \(String(format: "%.2f", seconds)) s")
    }
}

import Foundation
import Testing
@testable import PaperPages

/// Inputs whose point is their cost: each command is run as a child of a small Python script
/// that reports the child's time and peak memory (`getrusage(RUSAGE_CHILDREN)` of that script
/// alone, so other tests' processes do not count). The margins are generous: what is asserted
/// is that nothing grows with the attack (seconds, not minutes; megabytes, not gigabytes).
@Suite("Safety: limits on what untrusted input can cost")
struct LimitsTests {
    struct Measured {
        var status: Int32
        var seconds: Double
        var peakMegabytes: Double
        var output: String
    }

    /// Waits on a thread of its own, not on the cooperative threads other tests' servers need.
    static func measure(_ arguments: [String], in folder: URL) async throws -> Measured {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try measureBlocking(arguments, in: folder) }) }
        }
    }

    private static func measureBlocking(_ arguments: [String], in folder: URL) throws -> Measured {
        let script = """
            import resource, subprocess, sys, time
            start = time.monotonic()
            run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            seconds = time.monotonic() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{run.returncode} {seconds:.3f} {peak:.1f}")
            print(run.stdout + run.stderr, end="")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, CommandLineTests.executable.path] + arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let first = text.prefix { $0 != "\n" }.split(separator: " ")
        return Measured(status: Int32(first[0]) ?? -1, seconds: Double(first[1]) ?? -1, peakMegabytes: Double(first[2]) ?? -1,
                        output: String(text.drop { $0 != "\n" }.dropFirst()))
    }

    /// A BibTeX file of 744 bytes whose @string macros double at each level stood for 3 GB.
    @Test func aBibTeXMacroBombIsRefusedQuicklyInLittleMemory() async throws {
        let site = try TemporarySite()
        var lines = [#"@string{m0 = "abcdefghijklmnopqrstuvwxyz0123456789"}"#]
        for level in 1...28 { lines.append("@string{m\(level) = m\(level - 1) # m\(level - 1)}") }
        lines.append("@article{bomb, title = m28, author = {Ada Lovelace}, year = 2024}")
        lines.append("@article{fine, title = {A Fine Paper}, author = {Grace Hopper}, year = 2024}")
        try site.write("bomb.bib", in: site.root, lines.joined(separator: "\n") + "\n")
        let run = try await Self.measure(["import", "--dry-run", "bomb.bib"], in: site.root)
        #expect(run.status == 1)
        #expect(run.output.contains("bomb.bib:16:21: @string{m15}: the value expands to more than 1000000 characters through @string macros (a macro made of macros that double at each level); write the text out, or remove the macros"), "\(run.output)")
        #expect(run.output.contains("bomb.bib:17:15: @string{m16}: 'm15' is the @string refused at line 16; fix it there"), "\(run.output)")
        // The entry after the bomb is still read.
        #expect(run.output.contains("new       Content/papers/a-fine-paper.md"), "\(run.output)")
        #expect(run.seconds < 10, "\(run.seconds) s")
        #expect(run.peakMegabytes < 300, "\(run.peakMegabytes) MB")
        print("BibTeX macro bomb: \(run.seconds) s, \(run.peakMegabytes) MB")
    }

    /// 10 MB of `*[a](b) ` took cmark-gfm over 300 s; 1 MB just under the size limit, built as
    /// one paragraph, about 60.
    @Test(arguments: [("10 MB", 1_250_000), ("1 MB", 130_000)])
    func untrustedMarkdownNeverStallsTheBuild(_ size: String, _ repeats: Int) async throws {
        let site = try await HostileSite()
        try site.write("Content/reviews/stall.md", "---\npaper: good\nreviewer: R\n---\n" + String(repeating: "*[a](b) ", count: repeats))
        let run = try await Self.measure(["build"], in: site.root)
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("Content/reviews/stall.md"), "\(run.output)")
        #expect(run.seconds < 10, "\(run.seconds) s")
        #expect(run.peakMegabytes < 500, "\(run.peakMegabytes) MB")
        print("Markdown of \(size): \(run.seconds) s, \(run.peakMegabytes) MB")
    }

    /// What the limits leave through is what real writing holds: a long review of many
    /// paragraphs with links and emphasis, and a table of 2,000 rows.
    @Test func longRealisticMarkdownStillBuilds() async throws {
        let site = try await HostileSite()
        let paragraph = "The *method* is [sound](https://example.org/a), but the **ablation** in [Table 2](#t2) is _thin_; see ~~the appendix~~ [the code](https://example.org/c).\n\n"
        let table = "| Model | Score | Link |\n|---|---|---|\n" + String(repeating: "| *GPT* | 0.5 | [run](https://example.org/r) |\n", count: 2_000)
        try site.write("Content/reviews/long.md", "---\npaper: good\nreviewer: R\n---\n" + String(repeating: paragraph, count: 3_000) + table)
        let run = try await Self.measure(["build"], in: site.root)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.seconds < 30, "\(run.seconds) s")
    }
}

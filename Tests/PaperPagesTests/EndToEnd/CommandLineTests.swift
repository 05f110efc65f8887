import Foundation
import Testing

/// The `paperpages` executable, run as a user runs it.
@Suite("End to end: the command line")
struct CommandLineTests {
    /// The executable sits beside the test bundle in SwiftPM's products folder.
    static let executable: URL = {
        var folder = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("paperpages").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("paperpages")
    }()

    private func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    @Test func buildsWithTheDefaultFoldersAndPrintsOneLine() throws {
        let site = try TemporarySite()
        let result = try run(["build"], in: site.root)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        // The files are the site's CSS and scripts and KaTeX (script, stylesheet, fonts).
        #expect(lines.first?.hasPrefix("Wrote 137 pages and copied ") == true)
        #expect(lines.first?.contains(" files to Public/ in ") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test func importsAnAlFolioBibliographyWithItsFilesAndSaysWhatItDid() throws {
        // al-folio's layout: _bibliography/papers.bib beside assets/pdf/.
        let site = try TemporarySite()
        for folder in ["papers", "notes", "reviews"] { try FileManager.default.removeItem(at: site.content.appendingPathComponent(folder)) }
        let bib = site.root.appendingPathComponent("_bibliography/papers.bib")
        try FileManager.default.createDirectory(at: bib.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TemporarySite.repository.appendingPathComponent("Tests/Data/bibliographies/al-folio-example.bib"), to: bib)
        try site.write("assets/pdf/example_pdf.pdf", in: site.root, "%PDF-1.4")
        let result = try run(["import", "_bibliography/papers.bib", "--reading", "to-read", "--topic", "Physics", "--added", "2025-01-31"], in: site.root)
        #expect(result.status == 0 && result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("file      Content/files/example_pdf.pdf  <- assets/pdf/example_pdf.pdf (copied)"))
        #expect(lines.contains("dropped (no place in a paper file): bibtex_show (4), additional_info (1), altmetric (1), dimensions (1), "
                               + "google_scholar_id (1), inspirehep_id (1), location (1), numpages (1)"))
        #expect(lines.contains("Imported: 9 new, 0 replaced, 0 kept as they are, 0 unchanged"))
        #expect(lines.last?.hasPrefix("Next: paperpages serve") == true)
        let epr = try site.read("papers/can-quantum-mechanical-description-of-physical.md")
        #expect(epr.contains("  - {kind: pdf, url: \"/files/example_pdf.pdf\"}") && epr.contains("reading: to-read\nadded: 2025-01-31\n"))
        #expect(epr.contains("topics: [\"Physics\"]"))
        #expect(try run(["build"], in: site.root).status == 0)
    }

    @Test func reportsProblemsOnStandardErrorAndExitsNonZero() throws {
        let site = try TemporarySite()
        try site.write("papers/delta-steal.md", try site.read("papers/delta-steal.md").replacingOccurrences(of: "year: 2025", with: "year: twenty"))
        let result = try run(["build", "--output", "Site"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n") == [
            #"Content/papers/delta-steal.md:10:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "twenty""#,
            "error: build failed with 1 problem; nothing was written",
        ])
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Site").path))
    }

    @Test func answersVersionAndHelp() throws {
        let site = try TemporarySite(example: false)
        #expect(try run(["--version"], in: site.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try run(["build", "--help"], in: site.root)
        #expect(help.status == 0)
        for option in ["--content", "--layouts", "--output", "--base-url"] {
            #expect(help.stdout.contains(option), "\(option)")
        }
    }

    /// `paperpages serve` with its defaults, from the site's folder: it takes the next port when
    /// the first is busy, prints the address, serves the site there, and stops cleanly on
    /// SIGTERM (Ctrl-C, SIGINT, is the browser tests').
    @Test func serveTakesTheNextFreePortAndStopsOnSIGTERM() throws {
        let site = try TemporarySite()
        // A port held by another program.
        let busy = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(busy) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var port = 0
        for candidate in 23_000..<23_100 {
            address.sin_port = in_port_t(UInt16(candidate).bigEndian)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(busy, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { port = candidate; break }
        }
        #expect(port > 0)
        listen(busy, 1)

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", String(port)]
        process.currentDirectoryURL = site.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("(Ctrl-C to stop)") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let serving = try #require(text.split(separator: "\n").first { $0.hasPrefix("Serving ") })
        let url = try #require(URL(string: String(serving.split(separator: " ")[1])))
        #expect(url.host == "127.0.0.1")
        #expect(url.port ?? 0 > port)
        #expect(url.path == "/")
        let home = try RawHTTP(port: url.port ?? 0).request("GET", "/")
        #expect(home.status == 200)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".paperpages-serve/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))   // Public/ is not touched

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}

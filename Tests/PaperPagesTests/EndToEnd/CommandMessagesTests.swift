import Foundation
import Testing
@testable import PaperPages

/// What `import` and `new` say when the input is wrong: each message names the file or the
/// argument and says what to do, instead of Foundation's "The operation could not be completed".
@Suite("End to end: messages of import and new")
struct CommandMessagesTests {
    @Test func aMisspeltContentFolderIsRefusedNotCreated() async throws {
        let site = try TemporarySite()
        try site.write("import.bib", in: site.root, ImporterTests.entry)
        for arguments in [["new", "paper", "an-idea", "--content", "Contnet"], ["import", "import.bib", "--content", "Contnet"]] {
            let run = try await HostileSite.run(arguments, in: site.root)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.contains("Contnet: content folder not found: pass --content with the folder that holds site.yaml"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Contnet").path), "\(arguments)")
        }
    }

    @Test func aLongSlugIsRefusedInOneLine() async throws {
        let site = try TemporarySite()
        let run = try await HostileSite.run(["new", "paper", String(repeating: "a", count: 300)], in: site.root)
        #expect(run.status == 1)
        #expect(run.stderr == "error: Content/papers: the slug is 300 characters long; a slug names a file and a web address, and may be at most 96: shorten it\n")
    }

    @Test func cslJSONProblemsSayWhatIsWrong() throws {
        let site = try TemporarySite(example: false)
        let cases: [(String, String, String)] = [
            ("deep.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
             "deep.json: nests arrays and objects more than 100 deep; CSL-JSON items nest a few levels: this is not a CSL-JSON export"),
            ("cut.json", #"[{"id": "x", "title": "A"#, "cut.json: is not JSON: Unexpected end of file during JSON parse.; expected CSL-JSON, an array of items, as Zotero exports it"),
            ("object-title.json", #"[{"id": "c", "title": {"x": 1}, "author": [{"family": "X"}], "issued": {"date-parts": [[1949]]}}]"#,
             #"object-title.json: item 1 (id "c"): 'title' is an object, not text; a paper needs a title, authors and a year"#),
        ]
        for (name, text, message) in cases {
            try site.write(name, in: site.root, text)
            let plan = Importer(content: site.content.path, today: Day("2026-11-29")!).plan([site.root.appendingPathComponent(name).path])
            #expect(plan.problems.map(\.description) == [site.root.path + "/" + message], "\(name)")
        }
        // A title that is a number is its digits (Orwell's novel, a CSL export of it).
        try site.write("number.json", in: site.root, #"[{"id": "a", "title": 1984, "author": [{"family": "Orwell", "given": "George"}], "issued": {"date-parts": [[1949]]}}]"#)
        let plan = Importer(content: site.content.path, today: Day("2026-11-29")!).plan([site.root.appendingPathComponent("number.json").path])
        #expect(plan.problems.isEmpty)
        #expect(plan.steps.map(\.entry.reference.title) == ["1984"])
    }

    @Test func aFileNameThatIsNotUTF8IsNamedAsSuch() async throws {
        let site = try await HostileSite()
        // "caf\xE9.png": Latin-1, as an old archive unpacks it.
        let bytes: [CChar] = Array((site.root.path + "/Content/").utf8CString.dropLast()) + [0x63, 0x61, 0x66, -23, 0x2E, 0x70, 0x6E, 0x67, 0]
        let descriptor = open(bytes, O_WRONLY | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        close(descriptor)
        let run = try await site.run(["build"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Content/caf\u{FFFD}.png: this name is not UTF-8 text (shown with \u{FFFD} where its bytes are not), so it cannot be a web address; rename it\n"), "\(run.stderr)")
    }
}

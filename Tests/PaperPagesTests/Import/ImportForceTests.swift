import Foundation
import Testing
import Yams
@testable import PaperPages

/// `import --force` rewrites a paper's front matter key by key, reading it as the loader does
/// (`FrontMatterSplit`): however the owner saved the file, their keys stay keys and their
/// notes stay the body.
@Suite struct ImportForceTests {
    /// The owner's file, in a shape editors and other tools write.
    struct Shape: Sendable, CustomStringConvertible {
        var description: String
        var transform: @Sendable (String) -> String
    }

    static let shapes: [Shape] = [
        Shape(description: "LF, as written") { $0 },
        Shape(description: "CRLF line ends (Windows)") { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        Shape(description: "CR line ends (classic Mac OS)") { $0.replacingOccurrences(of: "\n", with: "\r") },
        Shape(description: "an abstract holding an indented '---' line") {
            $0.replacingOccurrences(of: "  solution for real-world deployment.\n", with: "  solution for real-world deployment.\n  ---\n  A second part, after a rule.\n")
        },
        Shape(description: "quoted keys") {
            $0.replacingOccurrences(of: "\ntitle:", with: "\n\"title\":").replacingOccurrences(of: "\nreading:", with: "\n'reading':")
        },
        Shape(description: "front matter closed with YAML's '...'") { text in
            let end = text.range(of: "\n---\n", options: [], range: text.index(after: text.startIndex)..<text.endIndex)!
            return text.replacingCharacters(in: end, with: "\n...\n")
        },
        Shape(description: "a byte order mark and trailing blanks on the markers") {
            "\u{FEFF}" + $0.replacingOccurrences(of: "---\n", with: "---  \n")
        },
        Shape(description: "a comment above a key and a blank line") {
            $0.replacingOccurrences(of: "\nreading: read", with: "\n\n# Finished in December.\nreading: read")
        },
    ]

    @Test(arguments: shapes)
    func theOwnersKeysAndNotesSurvive(_ shape: Shape) async throws {
        let site = try TemporarySite()
        try site.write("import.bib", in: site.root, ImporterTests.entry)
        let notes = "\nMy notes: the regularizer is the interesting part.\n\n---\n\nAfter a rule.\n"
        let original = shape.transform(try site.read("papers/punching-above-precision.md")
            .replacingOccurrences(of: "\nreading: read", with: "\nreading: read\nextra:\n  my_rating: 5") + notes)
        let path = site.content.appendingPathComponent("papers/punching-above-precision.md")
        try Data(original.utf8).write(to: path)
        let before = try #require(Self.loaded(path.path))

        let importer = Importer(content: site.content.path, force: true, today: Day("2026-11-29")!)
        let plan = importer.plan([site.root.appendingPathComponent("import.bib").path])
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        #expect(plan.steps.map(\.action) == [.replace(["venue"])])
        _ = try importer.apply(plan)

        let after = try #require(Self.loaded(path.path))
        // The imported key replaced; every other key the same value; the body the same text.
        #expect(after.values["venue"] == "\"Proceedings of the 17th Asian Conference on Machine Learning\"")
        var expected = before.values
        expected["venue"] = after.values["venue"]
        // The keys the import writes (the entry has no abstract: the owner's stays).
        for key in ["title", "pages", "date", "url", "pdf", "type", "citation_key"] { expected[key] = after.values[key] }
        #expect(after.values == expected)
        for key in ["reading", "topics", "related", "extra", "added", "status", "open_access"] {
            #expect(after.values[key] != nil && after.values[key] == before.values[key], "\(key)")
        }
        #expect(after.body == before.body)
        // Written back with the file's own line ends.
        let written = try String(contentsOf: path, encoding: .utf8)
        #expect(FrontMatterSplit.lineEnding(of: written) == FrontMatterSplit.lineEnding(of: original))
        // And it builds.
        try await site.build()
    }

    /// A paper's front matter as key -> the YAML value's text, and its body.
    static func loaded(_ path: String) -> (values: [String: String], body: String)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var log = DiagnosticLog()
        guard let document = FrontMatterParser.parse(text, path: path, log: &log), log.isEmpty else { return nil }
        var values: [String: String] = [:]
        for field in document.fields { values[field.key] = Self.text(field.value) }
        return (values, document.body)
    }

    private static func text(_ node: Yams.Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.style == .doubleQuoted ? "\"\(scalar.string)\"" : scalar.string
        case .sequence(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { text($0.key) + ": " + text($0.value) }.joined(separator: ", ") + "}"
        case .alias: return "*"
        }
    }

    @Test func aFlowMappingFrontMatterIsLeftAsItIsAndSaidSo() throws {
        let site = try TemporarySite()
        try site.write("import.bib", in: site.root, ImporterTests.entry)
        let flow = "---\n{title: \"Punching Above Precision\", authors: [Abdur Rehman], year: 2025, venue: ACML, reading: read,\n url: \"https://proceedings.mlr.press/v304/rehman25.html\"}\n---\nNotes.\n"
        try site.write("papers/punching-above-precision.md", flow)
        let importer = Importer(content: site.content.path, force: true, today: Day("2026-11-29")!)
        let plan = importer.plan([site.root.appendingPathComponent("import.bib").path])
        let path = site.content.appendingPathComponent("papers/punching-above-precision.md").path
        #expect(plan.problems.map(\.description) == ["\(path): was not replaced: its front matter cannot be rewritten key by key (write one top-level key per line, not a {…} mapping on one line); the file was left as it is"])
        #expect(plan.steps.isEmpty)
        _ = try importer.apply(plan)
        #expect(try site.read("papers/punching-above-precision.md") == flow)
    }
}

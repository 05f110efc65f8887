import Testing
@testable import PaperPages

@Suite("Load: front matter")
struct FrontMatterTests {
    private func parse(_ text: String) -> (FrontMatterDocument?, [String]) {
        var log = DiagnosticLog()
        let document = FrontMatterParser.parse(text, path: "Content/papers/x.md", log: &log)
        return (document, log.diagnostics.map(\.description))
    }

    @Test func splitsFrontMatterFromBody() throws {
        let (document, problems) = parse("---\ntitle: A\nyear: 2022\n---\n# Notes\n\nBody.\n")
        #expect(problems.isEmpty)
        let fields = try #require(document).fields
        #expect(fields.map(\.key) == ["title", "year"])
        #expect(fields[1].valueLocation == SourceLocation(path: "Content/papers/x.md", line: 3, column: 7))
        #expect(document?.body == "# Notes\n\nBody.\n")
        #expect(document?.bodyLine == 5)
    }

    @Test func acceptsWindowsLineEndingsAndByteOrderMark() throws {
        let (document, problems) = parse("\u{FEFF}---\r\ntitle: A\r\n---\r\nBody\r\n")
        #expect(problems.isEmpty)
        #expect(try #require(document).fields.first?.key == "title")
    }

    /// Classic Mac OS line ends (CR alone) are line ends to YAML and CommonMark, and here.
    @Test func acceptsCROnlyLineEndingsAndYAMLsDocumentEnd() throws {
        let (document, problems) = parse("---\rtitle: A\ryear: 2022\r...\rBody\rmore\r")
        #expect(problems.isEmpty)
        #expect(try #require(document).fields.map(\.key) == ["title", "year"])
        #expect(document?.body == "Body\nmore\n")
        #expect(document?.bodyLine == 5)
        // A control character is still found on its line, counted in CR line ends.
        let (_, control) = parse("---\rtitle: A\ryear: 2022\r---\rBody\u{7}\r")
        #expect(control == ["Content/papers/x.md:5:5: contains the control character U+0007, which a web page cannot carry; remove it"])
    }

    @Test func manyValuesWithoutAliasesAreNotCalledAnAliasBomb() {
        let (_, problems) = parse("---\ntitle: A\nx: [" + Array(repeating: "1", count: 110_000).joined(separator: ",") + "]\n---\n")
        #expect(problems == ["Content/papers/x.md:2: the YAML holds more than 100000 values (keys and list items); a page's front matter needs far fewer: move long data out of it"])
    }

    @Test func reportsAFileWithoutFrontMatter() {
        let (document, problems) = parse("# Just Markdown\n")
        #expect(document == nil)
        #expect(problems == ["Content/papers/x.md:1:1: expected front matter: the file must start with a line '---'"])
    }

    @Test func reportsUnclosedFrontMatter() {
        let (_, problems) = parse("---\ntitle: A\n")
        #expect(problems == ["Content/papers/x.md:1:1: front matter is not closed: add a line '---' after the last key"])
    }

    @Test func reportsInvalidYAMLAtTheFileLine() {
        let (_, problems) = parse("---\ntitle: A\nauthors: [Ada\nyear: 2022\n---\n")
        #expect(problems.count == 1)
        // The YAML error is on the file's line 4 or 5, never on a line of the YAML block alone.
        #expect(problems[0].hasPrefix("Content/papers/x.md:"))
        #expect(problems[0].contains("invalid YAML"))
        #expect(problems[0].contains("line 3, column 10"))
    }

    @Test func reportsDuplicateKeysWithBothLines() {
        let (_, problems) = parse("---\ntitle: A\nyear: 2020\ntitle: B\n---\n")
        #expect(problems == ["Content/papers/x.md:4:1: 'title' is given twice (first on line 2)"])
    }

    @Test func reportsAFrontMatterThatIsNotAMapping() {
        let (_, problems) = parse("---\n- a\n- b\n---\n")
        #expect(problems == ["Content/papers/x.md:2:1: expected a mapping of 'key: value' lines, found a list"])
    }
}

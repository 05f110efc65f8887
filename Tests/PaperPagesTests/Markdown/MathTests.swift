import Testing
@testable import PaperPages

@Suite("Markdown: $...$ math, kept from cmark-gfm for KaTeX")
struct MathTests {
    let renderer = MarkdownRenderer()

    private func math(_ markdown: String) throws -> [(tex: String, display: Bool)] {
        let page = try HTMLDocument("<body>" + renderer.render(markdown) + "</body>")
        return page.select("//span[contains(@class, 'math')]").map { ($0.text, $0["class"] == "math math-display") }
    }

    @Test func inlineMathSurvivesEmphasisAndTableCells() throws {
        // Unprotected, `_` and `*` would become emphasis and `|` would split the cell.
        let spans = try math("The bound $a_1 * b_2$ holds.\n\n| Norm | Value |\n|---|---|\n| $\\|x\\|_2$ | 1 |\n")
        #expect(spans.map(\.tex) == ["a_1 * b_2", "\\|x\\|_2"])
        #expect(spans.allSatisfy { !$0.display })
        let page = try HTMLDocument("<body>" + renderer.render("| Norm | Value |\n|---|---|\n| $\\|x\\|_2$ | 1 |\n") + "</body>")
        #expect(page.select("//tbody/tr/td").count == 2)
    }

    @Test func displayMathAndEscapedText() throws {
        let spans = try math("$$\n\\sum_{i=1}^n x_i < \\infty\n$$\n")
        #expect(spans.count == 1)
        #expect(spans.first?.tex == "\\sum_{i=1}^n x_i < \\infty")   // `<` reaches KaTeX as text, escaped in HTML
        #expect(spans.first?.display == true)
    }

    @Test func moneyEscapesAndCodeAreNotMath() throws {
        #expect(try math("It costs $5 and $6 a month.").isEmpty)
        #expect(try math("A literal \\$x\\$ sign.").isEmpty)
        #expect(try math("Use `$x$` in TeX.").isEmpty)
        #expect(try math("```\n$x$\n```\n\nBut $y$ is.").map(\.tex) == ["y"])
        #expect(try math("$ x$ and $x $ are not math.").isEmpty)
    }

    @Test func fencedCodeIsNotMathWhateverTheLineEndsOrFenceLength() throws {
        // A file saved on Windows: its CR LF lines still open and close the fence.
        #expect(try math("```\r\n$x$\r\n```\r\n\r\nBut $y$ is.\r\n").map(\.tex) == ["y"])
        // A fence of four closes only with four or more; three inside it is code.
        #expect(try math("~~~~ tex\n$a$\n~~~\n$b$\n~~~~~  \n$c$\n").map(\.tex) == ["c"])
        // Unclosed, the fence runs to the end.
        #expect(try math("$a$\n  ```\n$b$\n").map(\.tex) == ["a"])
    }

    @Test func titlesKeepMathInline() {
        #expect(renderer.renderInline("$\\delta$-STEAL: attacks") == "<span class=\"math math-inline\">\\delta</span>-STEAL: attacks")
    }

    @Test func plainTextReadsMathAsUnicode() {
        #expect(PlainText.fromTeX("$\\delta$-STEAL") == "δ-STEAL")
        #expect(PlainText.fromTeX("$O(\\sqrt{T})$ regret") == "O(√T) regret")
        #expect(PlainText.fromTeX("Costs \\$5") == "Costs $5")
        #expect(PlainText.fromTeX("No math here") == "No math here")
    }
}

@Suite("Markdown: fields nested in a page")
struct NestedMarkdownTests {
    let renderer = MarkdownRenderer()

    @Test func headingsMoveDownByTheOffsetAndStopAtSix() throws {
        let html = renderer.render("# One\n\n## Two\n\n##### Five\n", headingOffset: 2)
        let page = try HTMLDocument("<body>" + html + "</body>")
        #expect(page.text("//h3") == "One")
        #expect(page.text("//h4") == "Two")
        #expect(page.text("//h6") == "Five")
        #expect(page.select("//h1 | //h2").isEmpty)
    }

    @Test func taskListCheckboxesAreNamedByTheirState() throws {
        let page = try HTMLDocument("<body>" + renderer.render("- [x] read it\n- [ ] review it\n") + "</body>")
        #expect(page.select("//li/input").map { $0["aria-label"] ?? "" } == ["Done", "Not done"])
    }
}

import Testing
@testable import PaperPages

@Suite("Markdown: cmark-gfm with GitHub's extensions")
struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    private func document(_ markdown: String, _ renderer: MarkdownRenderer? = nil) throws -> HTMLDocument {
        try HTMLDocument("<body>" + (renderer ?? self.renderer).render(markdown) + "</body>")
    }

    /// Texts rendered together (one taking of the parse lock) give what each gives alone,
    /// whatever their kinds and settings, in their order: math, footnotes with a prefix,
    /// shifted headings, inline titles, task lists and an empty text side by side.
    @Test func textsRenderedTogetherGiveWhatEachGivesAlone() throws {
        let sources: [MarkdownRenderer.Source] = [
            .init(markdown: "## Method\n\nWe bound $\\delta$ by $$x^2$$.[^1]\n\n[^1]: A note.", idPrefix: "notes", headingOffset: 1),
            .init(markdown: "$\\alpha$-divergence *and* `code`", inline: true),
            .init(markdown: ""),
            .init(markdown: "- [x] done\n- [ ] open\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
            .init(markdown: "1984. A Novel\n# not a heading", inline: true),
            .init(markdown: "Second footnote.[^a]\n\n[^a]: Its text.", idPrefix: "abstract"),
        ]
        let alone = sources.map { source in
            source.inline ? renderer.renderInline(source.markdown)
                : renderer.render(source.markdown, idPrefix: source.idPrefix, headingOffset: source.headingOffset)
        }
        #expect(renderer.render(sources) == alone)
        #expect(alone[0].contains("<h3>Method</h3>") && alone[0].contains("notes-fn-1") && alone[0].contains("\\delta"))
        #expect(alone[1].hasPrefix("<span class=\"math math-inline\">") && !alone[1].hasPrefix("<p>"))
        #expect(alone[4] == "1984. A Novel # not a heading")
    }

    @Test func rendersTablesWithAlignment() throws {
        let page = try document("| Model | Params |\n|---|---:|\n| GPT-3 | 175B |\n")
        #expect(page.select("//table/thead/tr/th").map(\.text) == ["Model", "Params"])
        #expect(page.first("//table/tbody/tr/td[2]")?["style"] == "text-align: right")   // not the obsolete align=
        #expect(page.first("//table/tbody/tr/td[2]")?["align"] == nil)
        #expect(page.text("//table/tbody/tr/td[1]") == "GPT-3")
    }

    @Test func rendersTaskListsStrikethroughAndAutolinks() throws {
        let page = try document("- [x] read it\n- [ ] review it\n\n~~old~~ see https://arxiv.org/abs/2108.07258\n")
        let boxes = page.select("//li/input[@type='checkbox']")
        #expect(boxes.count == 2)
        #expect(boxes[0]["checked"] != nil && boxes[1]["checked"] == nil)
        #expect(page.text("//del") == "old")
        #expect(page.first("//a")?["href"] == "https://arxiv.org/abs/2108.07258")
    }

    @Test func rendersFootnotesWithPrefixedIDs() throws {
        let page = try document("A claim.[^1]\n\n[^1]: The source.\n", nil)
        #expect(page.first("//sup/a")?["href"] == "#fn-1")
        let prefixed = try HTMLDocument(renderer.render("A claim.[^1]\n\n[^1]: The source.\n", idPrefix: "notes"))
        #expect(prefixed.first("//sup/a")?["href"] == "#notes-fn-1")
        #expect(prefixed.first("//section[@class='footnotes']//li")?["id"] == "notes-fn-1")
        #expect(prefixed.text("//section[@class='footnotes']//li/p").hasPrefix("The source."))
    }

    @Test func dropsRawHTMLUnlessTheSiteAllowsIt() throws {
        let markdown = "<div class=\"callout\">Hi</div>\n\nText with <b>bold</b> and <script>alert(1)</script>\n"
        let safe = try document(markdown)
        #expect(safe.select("//div[@class='callout']").isEmpty)
        #expect(safe.select("//b").isEmpty)
        #expect(safe.select("//script").isEmpty)
        let allowed = try document(markdown, MarkdownRenderer(allowRawHTML: true))
        #expect(allowed.text("//div[@class='callout']") == "Hi")
        #expect(allowed.text("//b") == "bold")
        // The tagfilter extension still neutralises <script> when raw HTML is allowed.
        #expect(allowed.select("//script").isEmpty)
    }

    @Test func rebasesRootRelativeLinksOnly() throws {
        let page = try document("[a](/papers/x/) [b](../y/) [c](https://example.org/) ![i](/figures/f.png)",
                                MarkdownRenderer(basePath: "/sub/path/"))
        #expect(page.select("//a").map { $0["href"] ?? "" } == ["/sub/path/papers/x/", "../y/", "https://example.org/"])
        #expect(page.first("//img")?["src"] == "/sub/path/figures/f.png")
    }

    @Test func rendersATitleInline() {
        #expect(renderer.renderInline("The *Primacy* Effect") == "The <em>Primacy</em> Effect")
        #expect(renderer.renderInline("A & B <i>") == "A &amp; B <!-- raw HTML omitted -->")
    }

    @Test func givesTheSameHTMLWhenCalledFromManyThreads() async {
        // cmark-gfm edits global tables while parsing; the renderer's lock must make
        // concurrent callers safe and their results identical to a serial render.
        let inputs = (0..<64).map { "| a | b |\n|---|---|\n| \($0) | ~~x~~ |\n\n- [x] t\n\nnote[^n]\n\n[^n]: f \($0)\n" }
        let expected = inputs.map { renderer.render($0) }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { [renderer] in (index, renderer.render(input)) }
            }
            var results = [String](repeating: "", count: inputs.count)
            for await (index, html) in group { results[index] = html }
            return results
        }
        #expect(results == expected)
    }
}

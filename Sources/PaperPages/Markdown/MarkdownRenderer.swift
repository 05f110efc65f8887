import CCmarkGFM
import Foundation

/// Markdown to HTML through libcmark-gfm, with GitHub's extensions and footnotes.
///
/// cmark-gfm 0.29 edits a process-wide table while it parses (the inline parser's special
/// characters, set and cleared around each document's inlines: github/cmark-gfm#176), so
/// every parse here takes one lock: Markdown is parsed on one thread at a time. What follows
/// a parse (the tree's edits, the HTML renderer, the copy into Swift) reads only the document's
/// own nodes and runs outside the lock, on all cores.
public struct MarkdownRenderer: Sendable {
    /// Keep raw HTML blocks and inlines; otherwise cmark replaces them with a comment.
    public var allowRawHTML: Bool
    /// Prefix for root-relative links (`/papers/x/`) so they work under `base_url`.
    public var basePath: String

    public init(allowRawHTML: Bool = false, basePath: String = "/") {
        self.allowRawHTML = allowRawHTML
        self.basePath = basePath
        Self.registerExtensions()
    }

    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The lock around every parse.
    private static let lock = NSLock()

    /// Registers the core extensions exactly once per process (a Swift `static let` is lazily
    /// initialised once, thread-safely).
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    static func registerExtensions() { _ = registration }

    private var options: Int32 {
        // Table alignment as `style`: the `align` attribute is obsolete in HTML5.
        CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
            | (allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT)
    }

    /// Block Markdown (a body, an abstract) to HTML. `idPrefix` keeps footnote ids unique
    /// when several Markdown fields end up on one page; `headingOffset` moves the field's
    /// headings down (`##` becomes `<h3>` with 1) so they nest under the page's own sections.
    public func render(_ markdown: String, idPrefix: String = "", headingOffset: Int = 0) -> String {
        render([Source(markdown: markdown, idPrefix: idPrefix, headingOffset: headingOffset)])[0]
    }

    /// One line of inline Markdown (a title) to HTML, without the paragraph around it.
    ///
    /// Only inline syntax applies: "1984. A Novel" is not a list, "# Hash" not a heading and
    /// "<div>x" not an HTML block. cmark-gfm has no inline-only entry point, so the line is
    /// given a leading `¶`: a line starting with it can only be a paragraph, and as
    /// punctuation it leaves the first character's emphasis rules as at the start of a line.
    public func renderInline(_ markdown: String) -> String {
        render([Source(markdown: markdown, inline: true)])[0]
    }

    /// A text to render: block Markdown (`render`) or one line of inline Markdown (`renderInline`).
    public struct Source: Sendable {
        public var markdown: String
        public var idPrefix = ""
        public var headingOffset = 0
        public var inline = false

        public init(markdown: String, idPrefix: String = "", headingOffset: Int = 0, inline: Bool = false) {
            self.markdown = markdown
            self.idPrefix = idPrefix
            self.headingOffset = headingOffset
            self.inline = inline
        }
    }

    /// Several texts, parsed under one taking of the parse lock: taken once per text, by
    /// threads rendering side by side, the lock was handed over thousands of times, each a
    /// sleep and a wake-up in the kernel (1.5% of a build).
    public func render(_ sources: [Source]) -> [String] {
        var documents = sources.map { source in
            var math = MathSpans()
            let markdown = source.inline ? Self.inlineLead + Self.oneLine(source.markdown) : source.markdown
            let text = math.protect(markdown).utf8CString
            return (math: math, text: text, parser: makeParser(), tree: OpaquePointer?.none)
        }
        Self.lock.withLock {
            for index in documents.indices {
                guard let parser = documents[index].parser else { continue }
                documents[index].text.withUnsafeBufferPointer { buffer in
                    cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
                }
                documents[index].tree = cmark_parser_finish(parser)
            }
        }
        return zip(sources, documents).map { source, document in
            defer { if let parser = document.parser { cmark_parser_free(parser) } }
            let html = Self.labelTaskCheckboxes(document.math.restore(in: renderHTML(document.tree, parser: document.parser, headingOffset: source.headingOffset)))
            if source.inline { return Self.paragraphTakenOff(html) }
            return source.idPrefix.isEmpty ? html : Self.prefixFootnoteIDs(html, with: source.idPrefix)
        }
    }

    private static func oneLine(_ markdown: String) -> Substring {
        markdown.split(whereSeparator: \.isNewline).joined(separator: " ").drop { $0 == " " || $0 == "\t" }
    }

    /// An inline text's HTML without the paragraph cmark put it in, nor the lead put before it.
    private static func paragraphTakenOff(_ rendered: String) -> String {
        var html = rendered.trimmingWhitespace(newlines: true)
        if html.hasPrefix("<p>" + Self.inlineLead) && html.hasSuffix("</p>") {
            html = String(html.dropFirst(3 + Self.inlineLead.count).dropLast(4))
        }
        return html
    }

    private static let inlineLead = "\u{B6}"

    private func makeParser() -> OpaquePointer? {
        guard let parser = cmark_parser_new(options) else { return nil }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        return parser
    }

    /// A parsed document's HTML, its tree edited first (links rebased, headings shifted); frees the tree.
    private func renderHTML(_ parsed: OpaquePointer?, parser: OpaquePointer?, headingOffset: Int) -> String {
        guard let document = parsed, let parser else { return "" }
        defer { cmark_node_free(document) }
        rebaseLinks(in: document)
        if headingOffset > 0 { shiftHeadings(in: document, by: headingOffset) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// Root-relative link and image targets (`/papers/x/`) get the site's base path, so a
    /// site hosted under `/reading/` keeps working links.
    private func rebaseLinks(in document: OpaquePointer) {
        guard basePath != "/", let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE,
                  let raw = cmark_node_get_url(node) else { continue }
            let url = String(cString: raw)
            if url.hasPrefix("/") && !url.hasPrefix("//") && !url.hasPrefix(basePath) {
                cmark_node_set_url(node, basePath + url.dropFirst())
            }
        }
    }

    private func shiftHeadings(in document: OpaquePointer, by offset: Int) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
            cmark_node_set_heading_level(node, min(6, cmark_node_get_heading_level(node) + Int32(offset)))
        }
    }

    /// cmark-gfm's task-list checkboxes have no accessible name; screen readers would
    /// announce "checkbox, disabled" with no state words. Name them by their state.
    static func labelTaskCheckboxes(_ html: String) -> String {
        guard html.containsBytes("<input type=\"checkbox\"") else { return html }
        return html.replacingBytes([
            ("<input type=\"checkbox\" checked=\"\" disabled=\"\" />", "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\" />"),
            ("<input type=\"checkbox\" disabled=\"\" />", "<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\" />"),
        ])
    }

    /// cmark-gfm names footnotes `fn-1` / `fnref-1` in every document it renders.
    static func prefixFootnoteIDs(_ html: String, with prefix: String) -> String {
        guard html.containsBytes("data-footnote") else { return html }
        return html.replacingBytes([
            ("id=\"fn-", "id=\"\(prefix)-fn-"),
            ("href=\"#fn-", "href=\"#\(prefix)-fn-"),
            ("id=\"fnref-", "id=\"\(prefix)-fnref-"),
            ("href=\"#fnref-", "href=\"#\(prefix)-fnref-"),
        ])
    }
}

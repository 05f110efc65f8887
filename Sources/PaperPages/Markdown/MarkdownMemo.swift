/// The Markdown renderer behind a cache: a text rendered by an earlier build with the same
/// settings is not parsed again (cmark-gfm is the one serial step of the build).
struct MarkdownMemo {
    let renderer: MarkdownRenderer
    let cached: [UInt64: String]
    /// What this build asked for, to be cached for the next: entries no longer used drop out.
    private(set) var used: [UInt64: String] = [:]
    private let settings: UInt64

    init(renderer: MarkdownRenderer, cached: [UInt64: String]) {
        self.renderer = renderer
        self.cached = cached
        var hash = StableHash()
        hash.combine(renderer.allowRawHTML)
        hash.combine(renderer.basePath)
        settings = hash.value
    }

    private func key(_ inline: Bool, _ markdown: String, _ idPrefix: String, _ headingOffset: Int) -> UInt64 {
        var hash = StableHash()
        hash.combine(settings)
        hash.combine(inline)
        hash.combine(markdown)
        hash.combine(idPrefix)
        hash.combine(headingOffset)
        return hash.value
    }

    mutating func render(_ markdown: String, idPrefix: String = "", headingOffset: Int = 0) -> String {
        let key = key(false, markdown, idPrefix, headingOffset)
        let html = used[key] ?? cached[key] ?? renderer.render(markdown, idPrefix: idPrefix, headingOffset: headingOffset)
        used[key] = html
        return html
    }

    mutating func renderInline(_ markdown: String) -> String {
        let key = key(true, markdown, "", 0)
        let html = used[key] ?? cached[key] ?? renderer.renderInline(markdown)
        used[key] = html
        return html
    }
}

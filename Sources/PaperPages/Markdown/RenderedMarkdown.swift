/// The HTML of every Markdown field in the site, made in one serial step (see
/// `MarkdownRenderer`) so that page rendering can then run on all cores.
struct RenderedMarkdown: Sendable {
    struct PaperHTML: Sendable {
        var title: String
        var abstract: String?
        var body: String
        var award: String?
        var annotation: String?
    }

    struct NoteHTML: Sendable {
        var question: String
        var body: String
    }

    struct ReviewHTML: Sendable {
        var strengths: String?
        var concerns: String?
        var questions: String?
        var body: String
    }

    var papers: [String: PaperHTML] = [:]
    var notes: [String: NoteHTML] = [:]
    var reviews: [String: ReviewHTML] = [:]
    var pages: [String: String] = [:]
    /// Whether any field holds `$...$` math, so the build copies KaTeX into the site.
    var hasMath = false

    static let mathMarker = "<span class=\"math "

    private func hasMarker(_ html: String?) -> Bool {
        html?.containsBytes(Self.mathMarker) == true
    }

    /// The HTML this build used, by `MarkdownMemo.key`: the next build's cache.
    var memo: [UInt64: String] = [:]

    /// Every Markdown field of the site as HTML. The fields are gone through twice: first to
    /// list the texts not in the cache, which are then rendered on all cores (only cmark-gfm's
    /// own parse and render take turns, see `MarkdownRenderer`; math, footnotes and checkboxes
    /// are handled around it in parallel), then to fill in the HTML.
    static func make(_ graph: SiteGraph, renderer: MarkdownRenderer, cached: [UInt64: String] = [:]) async -> RenderedMarkdown {
        var memo = MarkdownMemo(renderer: renderer, cached: cached, collecting: true)
        _ = RenderedMarkdown(graph, &memo)
        await memo.renderMissing()
        return RenderedMarkdown(graph, &memo)
    }

    private init(_ graph: SiteGraph, _ renderer: inout MarkdownMemo) {
        defer { memo = renderer.used }
        for paper in graph.papers { add(.paper(paper), &renderer) }
        for note in graph.notes { add(.note(note), &renderer) }
        for review in graph.reviews { add(.review(review), &renderer) }
        for page in graph.pages { add(.page(page), &renderer) }
        hasMath = papers.values.contains { hasMarker($0.title) || hasMarker($0.abstract) || hasMarker($0.body) || hasMarker($0.award) || hasMarker($0.annotation) }
            || notes.values.contains { hasMarker($0.question) || hasMarker($0.body) }
            || reviews.values.contains { [$0.strengths, $0.concerns, $0.questions, $0.body].contains(where: hasMarker) }
            || pages.values.contains(where: hasMarker)
    }

    /// One file's Markdown fields as HTML.
    private mutating func add(_ document: LoadedDocument, _ renderer: inout MarkdownMemo) {
        switch document {
        case .paper(let paper):
            papers[paper.slug] = PaperHTML(
                title: renderer.renderInline(paper.title),
                abstract: paper.abstract.map { renderer.render($0, idPrefix: "abstract", headingOffset: 2) },
                body: renderer.render(paper.body, idPrefix: "notes", headingOffset: 2),
                award: paper.award.map { renderer.render($0, idPrefix: "award", headingOffset: 3) },
                annotation: paper.annotation.map { renderer.render($0, idPrefix: "annotation", headingOffset: 3) })
        case .note(let note):
            notes[note.slug] = NoteHTML(question: renderer.renderInline(note.question),
                                        body: renderer.render(note.body, idPrefix: "note-\(note.slug)"))
        case .review(let review):
            // Reviews appear on their paper's page too: their ids carry the review's slug.
            let prefix = "review-\(review.slug)"
            reviews[review.slug] = ReviewHTML(
                strengths: review.strengths.map { renderer.render($0, idPrefix: prefix + "-strengths", headingOffset: 4) },
                concerns: review.concerns.map { renderer.render($0, idPrefix: prefix + "-concerns", headingOffset: 4) },
                questions: review.questions.map { renderer.render($0, idPrefix: prefix + "-questions", headingOffset: 4) },
                body: renderer.render(review.body, idPrefix: prefix, headingOffset: 3))
        case .page(let page):
            pages[page.slug] = renderer.render(page.body)
        }
    }

    /// Whether one file's HTML holds math.
    private func hasMath(_ document: LoadedDocument) -> Bool {
        switch document {
        case .paper(let paper): papers[paper.slug].map { [$0.title, $0.abstract, $0.body, $0.award, $0.annotation].contains(where: hasMarker) } ?? false
        case .note(let note): notes[note.slug].map { hasMarker($0.question) || hasMarker($0.body) } ?? false
        case .review(let review): reviews[review.slug].map { [$0.strengths, $0.concerns, $0.questions, $0.body].contains(where: hasMarker) } ?? false
        case .page(let page): hasMarker(pages[page.slug])
        }
    }

    /// The HTML after edits to these files (the preview server's quick path), rendering only
    /// theirs; nil when an edit adds the site's first math or removes math from a file (the
    /// site may then need KaTeX copied or dropped, which the full path decides).
    func updating(_ documents: [(old: LoadedDocument, new: LoadedDocument)], renderer: MarkdownRenderer) -> RenderedMarkdown? {
        var next = self
        var memo = MarkdownMemo(renderer: renderer, cached: self.memo)
        for (old, new) in documents {
            let hadMath = hasMath(old)
            next.add(new, &memo)
            if next.hasMath(new) != hadMath { return nil }
        }
        // The entries of the edited files' old texts stay until the next full pass.
        next.memo.merge(memo.used) { $1 }
        return next
    }
}

import Foundation

/// Builds the values each layout sees, from the site graph and the rendered Markdown.
///
/// Names are the front-matter keys where one exists (`open_access`, `citations`), so a site
/// author can guess them; `href` is always this site's own link to a page, `*_html` is
/// trusted HTML for `{{{triple}}}` tags, and every optional key is present (null when absent).
struct PageContexts: Sendable {
    let graph: SiteGraph
    let html: RenderedMarkdown
    let urls: SiteURLs
    /// `site`, available to every layout: the same for every page, so built once.
    private let site: FrozenValues

    /// A layout value tree that is never mutated after it is built and holds only value
    /// types, so sharing it between the rendering tasks is safe.
    private struct FrozenValues: @unchecked Sendable {
        let values: [String: Any]
    }

    init(graph: SiteGraph, html: RenderedMarkdown, urls: SiteURLs) {
        self.graph = graph
        self.html = html
        self.urls = urls
        self.site = FrozenValues(values: Self.siteValues(graph, urls))
    }

    private static func siteValues(_ graph: SiteGraph, _ urls: SiteURLs) -> [String: Any] {
        let config = graph.config
        return [
            "title": config.title,
            "description": config.description as Any,
            "author": config.author as Any,
            "language": config.language,
            "base": urls.base,
            "base_url": config.baseURL,
            "repository": config.repository as Any,
            "papers_count": graph.papers.count,
            "notes_count": graph.notes.count,
            "reviews_count": graph.reviews.count,
            "pages": graph.pages.map { ["title": $0.title, "href": urls.page($0.slug)] },
            "extra": Self.extra(config.extra),
        ]
    }

    /// The root of every page: `site`, `page` (what `<head>` needs) and the kind's own values.
    func root(title: String, href: String, kind: String, description: String?, _ values: [String: Any]) -> [String: Any] {
        var root = values
        root["site"] = site.values
        root["page"] = [
            "title": title,
            "href": href,
            "canonical": urls.absolute(href) as Any,
            "kind": kind,
            "description": (description ?? graph.config.description) as Any? as Any,
            "is_home": kind == "home",
        ] as [String: Any]
        return root
    }

    // MARK: Papers

    func paperSummary(_ paper: Paper) -> [String: Any] {
        [
            "slug": paper.slug,
            "href": urls.paper(paper.slug),
            "title": paper.title,
            "title_html": html.papers[paper.slug]?.title ?? "",
            "authors_text": paper.authors.map(\.displayName).joined(separator: ", "),
            "year": paper.year,
            "venue": paper.venue as Any,
            "status": paper.status as Any,
            "open_access": paper.openAccess,
            "reading": reading(paper.reading) as Any,
            "topics": paper.topics,
        ]
    }

    func paperPage(_ paper: Paper) -> [String: Any] {
        var values = paperSummary(paper)
        let rendered = html.papers[paper.slug]
        let notes = graph.notes(of: paper)
        let reviews = graph.reviews(of: paper)
        let related = paper.related.filter { $0.slug != paper.slug }.compactMap { graph.paper($0.slug) }
        values.merge([
            "authors": paper.authors.map { ["name": $0.displayName, "given": $0.given, "family": $0.family] },
            "date": paper.date.map(\.longForm) as Any,
            "date_iso": paper.date?.description as Any,
            "arxiv": paper.arxiv as Any,
            "arxiv_url": paper.arxiv.map { "https://arxiv.org/abs/\($0)" } as Any,
            "doi": paper.doi as Any,
            "doi_url": paper.doi.map { "https://doi.org/\($0)" } as Any,
            "url": paper.url as Any,
            "pdf": paper.pdf as Any,
            "code": paper.code as Any,
            "dataset": paper.dataset as Any,
            "institutions": paper.institutions,
            "institutions_count": paper.institutions.count,
            "citations": paper.citations ?? 0,
            "saves": paper.saves ?? 0,
            "added": paper.added.map(\.longForm) as Any,
            "abstract_html": rendered?.abstract as Any,
            "body_html": rendered?.body as Any,
            "has_body": !paper.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "notes": notes.map(noteSummary),
            "notes_count": notes.count,
            "reviews": reviews.map(reviewDetail),
            "reviews_count": reviews.count,
            "related": related.map(paperSummary),
            "adjacent": graph.adjacentPapers(of: paper).map(paperSummary),
            "extra": Self.extra(paper.extra),
        ]) { _, new in new }
        return values
    }

    private func reading(_ status: ReadingStatus?) -> [String: Any]? {
        status.map { ["value": $0.rawValue, "label": $0.label] }
    }

    // MARK: Notes and reviews

    func noteSummary(_ note: Note) -> [String: Any] {
        [
            "slug": note.slug,
            "href": urls.note(note.slug),
            "question": note.question,
            "question_html": html.notes[note.slug]?.question ?? "",
            "date": note.date.map(\.longForm) as Any,
            "date_iso": note.date?.description as Any,
        ]
    }

    func notePage(_ note: Note) -> [String: Any] {
        var values = noteSummary(note)
        let paper = note.paper.flatMap { graph.paper($0.slug) }
        values.merge([
            "topics": note.topics,
            "body_html": html.notes[note.slug]?.body ?? "",
            "paper": paper.map(paperSummary) as Any,
            "siblings": paper.map { graph.notes(of: $0).filter { $0.slug != note.slug }.map(noteSummary) } ?? [],
            "extra": Self.extra(note.extra),
        ]) { _, new in new }
        return values
    }

    func reviewDetail(_ review: Review) -> [String: Any] {
        let rendered = html.reviews[review.slug]
        return [
            "slug": review.slug,
            "href": urls.review(review.slug),
            "reviewer": review.reviewer,
            "date": review.date.map(\.longForm) as Any,
            "date_iso": review.date?.description as Any,
            "rating": review.rating as Any,
            "confidence": review.confidence as Any,
            "strengths_html": rendered?.strengths as Any,
            "concerns_html": rendered?.concerns as Any,
            "questions_html": rendered?.questions as Any,
            "body_html": rendered?.body as Any,
            "extra": Self.extra(review.extra),
        ]
    }

    func reviewPage(_ review: Review) -> [String: Any] {
        var values = reviewDetail(review)
        values["paper"] = graph.paper(review.paper.slug).map(paperSummary) as Any
        return values
    }

    // MARK: Home and pages

    /// The reading list: papers grouped by the owner's reading status, then the unsorted rest.
    func home() -> [String: Any] {
        let summaries = graph.papers.map(paperSummary)   // once; the groups share them
        let byStatus = Dictionary(grouping: graph.papers.indices) { graph.papers[$0].reading }
        let order: [ReadingStatus?] = ReadingStatus.allCases + [nil]
        let groups: [[String: Any]] = order.compactMap { status in
            guard let indices = byStatus[status] else { return nil }
            return ["label": status?.label ?? "Unsorted", "value": status?.rawValue ?? "none",
                    "count": indices.count, "papers": indices.map { summaries[$0] }]
        }
        return [
            "groups": groups,
            "papers": summaries,
            "notes": graph.notes.map(noteSummary),
        ]
    }

    func page(_ page: Page) -> [String: Any] {
        ["slug": page.slug, "href": urls.page(page.slug), "title": page.title,
         "body_html": html.pages[page.slug] ?? "", "extra": Self.extra(page.extra)]
    }

    // MARK: Site-defined keys

    private static func extra(_ values: [(String, FrontMatterValue)]) -> [String: Any] {
        Dictionary(values.map { ($0.0, plain($0.1)) }, uniquingKeysWith: { first, _ in first })
    }

    private static func plain(_ value: FrontMatterValue) -> Any {
        switch value {
        case .null: return Optional<Any>.none as Any
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .string(let string): return string
        case .list(let list): return list.map(plain)
        case .mapping(let mapping): return mapping.mapValues(plain)
        }
    }
}

import Foundation

extension PageContexts {
    /// What a list item, a card or a link to a paper needs.
    func makePaperSummary(_ paper: Paper) -> [String: Any] {
        [
            "slug": paper.slug,
            "href": urls.paper(paper.slug),
            "title": PlainText.fromTeX(paper.title),
            "title_html": html.papers[paper.slug]?.title ?? "",
            "authors_text": Self.authorsText(paper.authors),
            "year": paper.year,
            "year_href": urls.facet(.year, String(paper.year)),
            "venue": paper.venue as Any,
            "venue_slug": paper.venue.map(Slug.make) as Any,
            "venue_href": paper.venue.map { urls.facet(.venue, Slug.make($0)) } as Any,
            "status": paper.status as Any,
            "open_access": paper.openAccess,
            "reading": reading(paper.reading) as Any,
            "topics": links(.topic, paper.topics),
            "topic_slugs": paper.topics.map(Slug.make).joined(separator: " "),
            "citations": paper.citations ?? 0,
            "date_iso": paper.date?.description as Any,
        ]
    }

    /// Authors shown where a paper is listed: a paper is listed on the page of each of its
    /// authors, so listing all of a 5,000-author paper's names there would make the site grow
    /// with the square of its authors. The paper's own page names everyone.
    static let listedAuthors = 10

    static func authorsText(_ authors: [Person]) -> String {
        let shown = authors.prefix(listedAuthors).map(\.displayName).joined(separator: ", ")
        let rest = authors.count - listedAuthors
        return rest > 0 ? "\(shown) and \(rest) other\(rest == 1 ? "" : "s")" : shown
    }

    func paperPage(_ paper: Paper) -> [String: Any] {
        var values = paperSummary(paper)
        let rendered = html.papers[paper.slug]
        let notes = graph.notes(of: paper)
        let reviews = graph.reviews(of: paper)
        let related = paper.related.filter { $0.slug != paper.slug }.compactMap { graph.paper($0.slug) }
        let adjacent = graph.adjacentPapers(of: paper)
        let file = "papers/\(paper.slug).md"
        let reviewTemplate = Contributions.reviewTemplate(paper: paper.slug)
        let noteTemplate = Contributions.noteTemplate(paper: paper.slug)
        values.merge([
            "authors": paper.authors.map { ["name": $0.displayName, "href": urls.author($0)] },
            "date": paper.date.map(\.longForm) as Any,
            "arxiv": paper.arxiv as Any,
            "arxiv_url": paper.arxiv.map { "https://arxiv.org/abs/\($0)" } as Any,
            "doi": paper.doi as Any,
            "doi_url": paper.doi.map { "https://doi.org/\($0)" } as Any,
            "url": paper.url as Any,
            "pdf": paper.pdf as Any,
            "code": paper.code as Any,
            "dataset": paper.dataset as Any,
            "institutions": links(.institution, paper.institutions),
            "institutions_count": paper.institutions.count,
            "saves": paper.saves ?? 0,
            "added": paper.added.map(\.longForm) as Any,
            "added_iso": paper.added?.description as Any,
            "abstract_html": rendered?.abstract as Any,
            "body_html": rendered?.body as Any,
            "has_body": paper.body.contains { !$0.isWhitespace },
            "notes": notes.map(noteSummary),
            "notes_count": notes.count,
            "reviews": reviews.map(reviewDetail),
            "reviews_count": reviews.count,
            "related": related.map(paperSummary),
            "adjacent": adjacent.map(paperSummary),
            "reading_context": readingContext(paper) as Any,
            "map_svg": ResearchMap.around(paper, in: graph, urls: urls, adjacent: adjacent).svg(id: "map"),
            "map_href": urls.map + "#site-map-paper-\(paper.slug)",
            // Contributing: the forge's editor when site.yaml names a repository, else the file to write.
            "source_file": file,
            "edit_url": contributions.editURL(file) as Any,
            "review_url": contributions.newFileURL(folder: "reviews", name: "\(paper.slug)-your-name.md", contents: reviewTemplate) as Any,
            "note_url": contributions.newFileURL(folder: "notes", name: "\(paper.slug)-your-question.md", contents: noteTemplate) as Any,
            "review_template": reviewTemplate,
            "note_template": noteTemplate,
            "review_file": "reviews/\(paper.slug)-your-name.md",
            "note_file": "notes/\(paper.slug)-your-question.md",
            "extra": Self.extra(paper.extra),
        ]) { _, new in new }
        return values
    }

    func reading(_ status: ReadingStatus?) -> [String: Any]? {
        status.map { ["value": $0.rawValue, "label": $0.label, "href": urls.home + "#reading-\($0.rawValue)"] }
    }

    /// Where the paper sits in the owner's reading list: "3 of 5 papers marked Reading".
    private func readingContext(_ paper: Paper) -> [String: Any]? {
        guard let status = paper.reading, let place = readingPositions[paper.slug] else { return nil }
        return ["position": place.position, "count": place.count, "label": status.label, "href": urls.home + "#reading-\(status.rawValue)"]
    }

    /// Names as links to their pages: `[{name, href}]`.
    func links(_ kind: FacetKind, _ names: [String]) -> [[String: Any]] {
        names.map { ["name": $0, "href": urls.facet(kind, Slug.make($0))] }
    }

    // MARK: Notes and reviews

    func noteSummary(_ note: Note) -> [String: Any] {
        [
            "slug": note.slug,
            "href": urls.note(note.slug),
            "question": PlainText.fromTeX(note.question),
            "question_html": html.notes[note.slug]?.question ?? "",
            "date": note.date.map(\.longForm) as Any,
            "date_iso": note.date?.description as Any,
        ]
    }

    func notePage(_ note: Note) -> [String: Any] {
        var values = noteSummary(note)
        let paper = note.paper.flatMap { graph.paper($0.slug) }
        values.merge([
            "topics": links(.topic, note.topics),
            "body_html": html.notes[note.slug]?.body ?? "",
            "paper": paper.map(paperSummary) as Any,
            "siblings": paper.map { graph.notes(of: $0).filter { $0.slug != note.slug }.map(noteSummary) } ?? [],
            "edit_url": contributions.editURL("notes/\(note.slug).md") as Any,
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
        values["edit_url"] = contributions.editURL("reviews/\(review.slug).md") as Any
        return values
    }
}

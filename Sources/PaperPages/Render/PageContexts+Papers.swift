import Foundation

extension PageContexts {
    /// What a list item, a card or a link to a paper needs.
    func makePaperSummary(_ paper: Paper) -> LayoutValue {
        let venueSlug = paper.venue.map(Slug.make)
        let reference = Reference(paper)
        return [
            "slug": .text(paper.slug),
            "href": .text(urls.paper(paper.slug)),
            "title": .text(PlainText.fromTeX(paper.title)),
            "title_html": .text(html.papers[paper.slug]?.title ?? ""),
            "authors_text": .text(Self.authorsText(paper.byline)),
            "authors_listed": LayoutValue(Array(paper.byline.prefix(Self.listedAuthors).enumerated())) { index, person in
                ["name": .text(person.displayName), "owner": .bool(ownerSlugs.contains(person.slug)), "first": .bool(index == 0)]
            },
            "authors_more": LayoutValue(Self.moreAuthorsText(paper.byline.count)),
            "edited": .bool(paper.authors.isEmpty),
            "year": LayoutValue(paper.year),
            "year_text": .text(paper.year.map(String.init) ?? WrittenYear.undatedWord),
            "year_href": LayoutValue(paper.year.map { urls.facet(.year, String($0)) }),
            "abbr": LayoutValue(paper.abbr),
            "selected": .bool(paper.selected),
            "award_name": LayoutValue(paper.awardName ?? (paper.award == nil ? nil : "Award")),
            "links": LayoutValue(Self.links(of: paper)) { ["label": .text($0.shownLabel), "kind": .text($0.kind.rawValue), "href": .text(urls.link($0.url))] },
            "venue": LayoutValue(paper.venue),
            "venue_slug": LayoutValue(venueSlug),
            "venue_href": LayoutValue(venueSlug.map { urls.facet(.venue, $0) }),
            "status": LayoutValue(paper.status),
            "open_access": .bool(paper.openAccess),
            "reading": reading(paper.reading),
            "topics": links(.topic, paper.topics),
            "topic_slugs": .text(paper.topics.map(Slug.make).joined(separator: " ")),
            "citations": .int(paper.citations ?? 0),
            // A day or a month (`2025-11`); a year alone is the year's page, not a date.
            "date_iso": LayoutValue(reference.month == nil ? nil : reference.isoDate),
            "coins": .text(reference.coins),
        ]
    }

    /// Authors shown where a paper is listed: a paper is listed on the page of each of its
    /// authors, so listing all of a 5,000-author paper's names there would make the site grow
    /// with the square of its authors. The paper's own page names everyone.
    static let listedAuthors = 10

    /// Every link of the paper beyond its identifiers, as buttons: its PDF, code and dataset
    /// (keys of their own, from before `links:`), then `links:` in the order written.
    static func links(of paper: Paper) -> [PaperLink] {
        [paper.pdf.map { PaperLink(kind: .pdf, url: $0) }, paper.code.map { PaperLink(kind: .code, url: $0) },
         paper.dataset.map { PaperLink(kind: .data, url: $0, label: "Dataset") }].compactMap { $0 } + paper.links
    }

    static func authorsText(_ authors: [Person]) -> String {
        let shown = authors.prefix(listedAuthors).map(\.displayName).joined(separator: ", ")
        return moreAuthorsText(authors.count).map { shown + " " + $0 } ?? shown
    }

    /// "and 4990 others" past the names a list shows; nil when it shows them all.
    static func moreAuthorsText(_ count: Int) -> String? {
        let rest = count - listedAuthors
        return rest > 0 ? "and \(rest) other\(rest == 1 ? "" : "s")" : nil
    }

    func paperPage(_ paper: Paper) -> LayoutValue {
        let rendered = html.papers[paper.slug]
        let notes = graph.notes(of: paper)
        let reviews = graph.reviews(of: paper)
        let related = paper.related.filter { $0.slug != paper.slug }.compactMap { graph.paper($0.slug) }
        let adjacent = adjacentPapers(of: paper)
        let file = "papers/\(paper.slug).md"
        let reviewTemplate = Contributions.reviewTemplate(paper: paper.slug)
        let noteTemplate = Contributions.noteTemplate(paper: paper.slug)
        return paperSummary(paper).adding(byline(paper), publication(paper, rendered), [
            "arxiv": LayoutValue(paper.arxiv),
            "arxiv_url": LayoutValue(paper.arxiv.map { "https://arxiv.org/abs/\($0)" }),
            "doi": LayoutValue(paper.doi),
            "doi_url": LayoutValue(paper.doi.map { "https://doi.org/\($0)" }),
            "url": LayoutValue(paper.url),
            "pdf": LayoutValue(paper.pdf),
            "volume": LayoutValue(paper.volume),
            "issue": LayoutValue(paper.issue),
            "pages": LayoutValue(paper.pages),
            "publisher": LayoutValue(paper.publisher),
            "type": .text(Reference.inferredOrWritten(paper).rawValue),
            "code": LayoutValue(paper.code),
            "dataset": LayoutValue(paper.dataset),
            "institutions": links(.institution, paper.institutions),
            "institutions_count": .int(paper.institutions.count),
            "saves": .int(paper.saves ?? 0),
            "added": LayoutValue(paper.added.map(\.longForm)),
            "added_iso": LayoutValue(paper.added?.description),
            "abstract_html": LayoutValue(rendered?.abstract),
            "body_html": LayoutValue(rendered?.body),
            "has_body": .bool(paper.body.contains { !$0.isWhitespace }),
            "notes": LayoutValue(notes) { noteSummary($0) },
            "notes_count": .int(notes.count),
            "reviews": LayoutValue(reviews) { reviewDetail($0) },
            "reviews_count": .int(reviews.count),
            "related": LayoutValue(related) { paperSummary($0) },
            "adjacent": LayoutValue(adjacent) { paperSummary($0) },
            "reading_context": readingContext(paper),
            "map_svg": .text(ResearchMap.around(paper, in: graph, urls: urls, adjacent: adjacent).svg(id: "map")),
            "map_href": .text(urls.map + "#site-map-paper-\(paper.slug)"),
            // Contributing: the forge's editor when site.yaml names a repository, else the file to write.
            "source_file": .text(file),
            "edit_url": LayoutValue(contributions.editURL(file)),
            "review_url": LayoutValue(contributions.newFileURL(folder: "reviews", name: "\(paper.slug)-your-name.md", contents: reviewTemplate)),
            "note_url": LayoutValue(contributions.newFileURL(folder: "notes", name: "\(paper.slug)-your-question.md", contents: noteTemplate)),
            "review_template": .text(reviewTemplate),
            "note_template": .text(noteTemplate),
            "review_file": .text("reviews/\(paper.slug)-your-name.md"),
            "note_file": .text("notes/\(paper.slug)-your-question.md"),
            "cite": citation(paper),
            "reactions": reactions(paper),
            "owner_reactions": LayoutValue(graph.config.reactions.filter { reaction in paper.reactions.contains { $0.slug == reaction.id } }) {
                ["id": .text($0.id), "label": .text($0.label)]
            },
            "extra": Self.extra(paper.extra),
        ])
    }

    /// Who the paper is by, as its page shows them: each name with its marks and whether it is
    /// the owner's, the legend the marks need, and a volume's editors.
    private func byline(_ paper: Paper) -> [String: LayoutValue] {
        let authors = LayoutValue(paper.byline) { person in
            ["name": .text(person.displayName), "href": .text(urls.author(person)), "owner": .bool(ownerSlugs.contains(person.slug)),
             "equal": .bool(person.equalContribution), "corresponding": .bool(person.corresponding)]
        }
        let editors = paper.authors.isEmpty || paper.editors.isEmpty ? nil : paper.editors.map(\.displayName).joined(separator: ", ")
        return ["authors": authors, "editors_text": LayoutValue(editors),
                "marks_equal": .bool(paper.byline.contains { $0.equalContribution }),
                "marks_corresponding": .bool(paper.byline.contains { $0.corresponding })]
    }

    /// When it appeared, its award, annotation and preview image, and whether counters show.
    private func publication(_ paper: Paper, _ rendered: RenderedMarkdown.PaperHTML?) -> [String: LayoutValue] {
        let monthDate = paper.month.flatMap { month in paper.year.map { PublicationDate.monthAndYear(month, $0) } }
        let preview: LayoutValue = paper.preview.map { preview -> LayoutValue in
            let size = previewSizes[preview]
            return ["src": .text(urls.link(preview)), "width": LayoutValue(size?.width), "height": LayoutValue(size?.height)]
        } ?? .null
        return ["date": LayoutValue(paper.date?.longForm ?? monthDate), "award": LayoutValue(paper.award == nil ? nil : rendered?.award),
                "annotation_html": LayoutValue(rendered?.annotation), "preview": preview,
                "show_counters": .bool(graph.config.showCounters)]
    }

    /// The paper's citations: its Highwire tags and JSON-LD for `<head>`, and the Cite block.
    private func citation(_ paper: Paper) -> LayoutValue {
        // The title and abstract as text made once, for the tags, the JSON-LD, RIS and APA.
        let reference = Reference(paper).memoizingPlainText()
        let page = urls.absolute(urls.paper(paper.slug))
        let indexed = switch graph.config.citationMeta {
        case .all: true
        case .own: paper.byline.contains { ownerSlugs.contains($0.slug) }
        case .none: false
        }
        return [
            "meta": LayoutValue(indexed ? reference.highwireTags(page: page) : []) { ["name": .text($0.name), "content": .text($0.content)] },
            "json_ld": LayoutValue(indexed ? reference.jsonLD(page: page) : nil),
            "bibtex": .text(reference.citationBibTeX),
            // RIS's lines end in CR LF; an HTML parser reads a CR LF as LF anyway, and the
            // download puts the CRs back (site.js).
            "ris": .text(Self.lineFeedsOnly(reference.ris)),
            "apa_html": .text(reference.apa),
        ]
    }

    /// CR LF as LF (each CR that a LF follows left out), by bytes: Foundation's replacing is
    /// microseconds a call, and this runs for every paper page.
    static func lineFeedsOnly(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) {
            kept.append(byte)
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The site's reactions as the paper page offers them, each marked when the owner recorded it.
    private func reactions(_ paper: Paper) -> LayoutValue {
        LayoutValue(graph.config.reactions) { reaction in
            ["id": .text(reaction.id), "label": .text(reaction.label), "description": LayoutValue(reaction.description),
             "owner": .bool(paper.reactions.contains { $0.slug == reaction.id })]
        }
    }

    func reading(_ status: ReadingStatus?) -> LayoutValue {
        guard let status else { return .null }
        return ["value": .text(status.rawValue), "label": .text(status.label), "href": .text(urls.home + "#reading-\(status.rawValue)")]
    }

    /// Where the paper sits in the owner's reading list: "3 of 5 papers marked Reading".
    private func readingContext(_ paper: Paper) -> LayoutValue {
        guard let status = paper.reading, let place = readingPositions[paper.slug] else { return .null }
        return ["position": .int(place.position), "count": .int(place.count), "label": .text(status.label),
                "href": .text(urls.home + "#reading-\(status.rawValue)")]
    }

    /// Names as links to their pages: `[{name, href}]`.
    func links(_ kind: FacetKind, _ names: [String]) -> LayoutValue {
        LayoutValue(names) { ["name": .text($0), "href": .text(urls.facet(kind, Slug.make($0)))] }
    }

    // MARK: Notes and reviews

    func noteSummary(_ note: Note) -> LayoutValue {
        [
            "slug": .text(note.slug),
            "href": .text(urls.note(note.slug)),
            "question": .text(PlainText.fromTeX(note.question)),
            "question_html": .text(html.notes[note.slug]?.question ?? ""),
            "date": LayoutValue(note.date.map(\.longForm)),
            "date_iso": LayoutValue(note.date?.description),
        ]
    }

    func notePage(_ note: Note) -> LayoutValue {
        let paper = note.paper.flatMap { graph.paper($0.slug) }
        return noteSummary(note).adding([
            "topics": links(.topic, note.topics),
            "body_html": .text(html.notes[note.slug]?.body ?? ""),
            "paper": paper.map { paperSummary($0) } ?? .null,
            "siblings": LayoutValue(paper.map { graph.notes(of: $0).filter { $0.slug != note.slug } } ?? []) { noteSummary($0) },
            "edit_url": LayoutValue(contributions.editURL("notes/\(note.slug).md")),
            "extra": Self.extra(note.extra),
        ])
    }

    func reviewDetail(_ review: Review) -> LayoutValue {
        let rendered = html.reviews[review.slug]
        return [
            "slug": .text(review.slug),
            "href": .text(urls.review(review.slug)),
            "reviewer": .text(review.reviewer),
            "date": LayoutValue(review.date.map(\.longForm)),
            "date_iso": LayoutValue(review.date?.description),
            "rating": LayoutValue(review.rating),
            "confidence": LayoutValue(review.confidence),
            "strengths_html": LayoutValue(rendered?.strengths),
            "concerns_html": LayoutValue(rendered?.concerns),
            "questions_html": LayoutValue(rendered?.questions),
            "body_html": LayoutValue(rendered?.body),
            "extra": Self.extra(review.extra),
        ]
    }

    func reviewPage(_ review: Review) -> LayoutValue {
        reviewDetail(review).adding([
            "paper": graph.paper(review.paper.slug).map { paperSummary($0) } ?? .null,
            "edit_url": LayoutValue(contributions.editURL("reviews/\(review.slug).md")),
        ])
    }
}

/// One searchable page: its fields (weighted differently), what a result shows, and its facets.
struct SearchDocument: Sendable {
    enum Field: Int, CaseIterable {
        case title, authors, topics, abstract, body
    }

    var kind: String
    var url: String
    var title: String
    var authors: [String]
    var year: Int?
    var venue: String?
    var topics: [String]
    var reading: String?
    var snippet: String
    /// The text of each `Field`, plain.
    var fields: [String]
}

extension SearchDocument {
    /// Every paper, note and review of the site, from the model and the rendered Markdown.
    static func all(_ graph: SiteGraph, html: RenderedMarkdown, urls: SiteURLs) -> [SearchDocument] {
        var documents: [SearchDocument] = []
        for paper in graph.papers {
            let rendered = html.papers[paper.slug]
            let abstract = HTMLText.plain(rendered?.abstract ?? "")
            let notes = HTMLText.plain(rendered?.body ?? "")
            documents.append(SearchDocument(
                kind: "paper", url: urls.paper(paper.slug), title: PlainText.fromTeX(paper.title),
                authors: paper.authors.map(\.displayName), year: paper.year, venue: paper.venue, topics: paper.topics,
                reading: paper.reading?.rawValue, snippet: HTMLText.snippet(abstract.isEmpty ? notes : abstract),
                fields: [paper.title, paper.authors.map(\.displayName).joined(separator: ", "), paper.topics.joined(separator: ", "), abstract, notes]))
        }
        for note in graph.notes {
            let paper = note.paper.flatMap { graph.paper($0.slug) }
            let answer = HTMLText.plain(html.notes[note.slug]?.body ?? "")
            documents.append(SearchDocument(
                kind: "note", url: urls.note(note.slug), title: PlainText.fromTeX(note.question), authors: [],
                year: paper?.year, venue: paper?.venue, topics: note.topics + (paper?.topics ?? []), reading: nil,
                snippet: HTMLText.snippet(answer),
                fields: [note.question, "", note.topics.joined(separator: ", "), paper.map { PlainText.fromTeX($0.title) } ?? "", answer]))
        }
        for review in graph.reviews {
            let paper = graph.paper(review.paper.slug)
            let rendered = html.reviews[review.slug]
            let structured = [rendered?.strengths, rendered?.concerns, rendered?.questions].compactMap { $0 }.map(HTMLText.plain).joined(separator: " ")
            let body = HTMLText.plain(rendered?.body ?? "")
            let paperTitle = paper.map { PlainText.fromTeX($0.title) } ?? review.paper.slug
            documents.append(SearchDocument(
                kind: "review", url: urls.review(review.slug), title: "Review of \(paperTitle) by \(review.reviewer)",
                authors: [review.reviewer], year: paper?.year, venue: paper?.venue, topics: paper?.topics ?? [], reading: nil,
                snippet: HTMLText.snippet(body.isEmpty ? structured : body),
                fields: ["Review of \(paperTitle)", review.reviewer, (paper?.topics ?? []).joined(separator: ", "), structured, body]))
        }
        return documents
    }
}

/// Text out of the HTML the Markdown step made: tags dropped, the five entities cmark writes decoded.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; continue }
            if character == ">" { inTag = false; text.append(" "); continue }
            if !inTag { text.append(character) }
        }
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The first `limit` characters or so on one line, cut at a word: a search result's
    /// snippet, a page's meta description.
    static func snippet(_ text: String, limit: Int = 240) -> String {
        var snippet = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if snippet.count + word.count + 1 > limit { return snippet + "…" }
            snippet += snippet.isEmpty ? String(word) : " " + word
        }
        return snippet
    }
}

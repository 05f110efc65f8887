/// One searchable page: its fields (weighted differently), what a result shows, and its facets.
/// Encoded (without `fields`), it is the page's record, `search/docs/<id>.json`.
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
    /// The text of each `Field`, plain; indexed, not shown.
    var fields: [String]

    /// The record: a JSON object of the fields a result shows, keys sorted, absent ones left
    /// out. Written by the site's JSON writer, not by JSONEncoder, which took a tenth of the
    /// index's time. Topics and reading status are facets (`facets.json`), not shown in a
    /// result: left out, a tenth of a first query's records.
    var record: [UInt8] {
        var members: [(String, JSONValue)] = [("authors", .array(authors.map(JSONValue.string))), ("kind", .string(kind))]
        members += [("snippet", .string(snippet)), ("title", .string(title)), ("url", .string(url))]
        if let venue { members.append(("venue", .string(venue))) }
        if let year { members.append(("year", .int(year))) }
        var bytes: [UInt8] = []
        JSONValue.object(members).write(to: &bytes)
        return bytes
    }
}

/// Every paper, note and review of the site as search documents, made one at a time by
/// number (papers, then notes, then reviews) from the model and the rendered Markdown, so that
/// the index holds the site's text only for the documents it is analysing.
struct SearchDocuments: Sendable {
    let count: Int
    let make: @Sendable (Int) -> SearchDocument

    init(count: Int, make: @escaping @Sendable (Int) -> SearchDocument) {
        self.count = count
        self.make = make
    }

    init(_ graph: SiteGraph, html: RenderedMarkdown, urls: SiteURLs) {
        let (papers, notes, reviews) = (graph.papers.count, graph.notes.count, graph.reviews.count)
        count = papers + notes + reviews
        make = { number in
            if number < papers { return Self.paper(graph.papers[number], graph, html, urls) }
            if number < papers + notes { return Self.note(graph.notes[number - papers], graph, html, urls) }
            return Self.review(graph.reviews[number - papers - notes], graph, html, urls)
        }
    }

    private static func paper(_ paper: Paper, _ graph: SiteGraph, _ html: RenderedMarkdown, _ urls: SiteURLs) -> SearchDocument {
        let rendered = html.papers[paper.slug]
        let abstract = HTMLText.plain(rendered?.abstract ?? "")
        let notes = HTMLText.plain(rendered?.body ?? "")
        return SearchDocument(
            kind: "paper", url: urls.paper(paper.slug), title: PlainText.fromTeX(paper.title),
            authors: paper.byline.prefix(8).map(\.displayName), year: paper.year, venue: paper.venue, topics: paper.topics,
            // The snippet from the abstract as written, with its TeX read as Unicode (ν, ≤).
            reading: paper.reading?.rawValue, snippet: HTMLText.snippet(paper.abstract.map(PlainText.fromTeX) ?? notes),
            fields: [paper.title, paper.byline.map(\.displayName).joined(separator: ", "), paper.topics.joined(separator: ", "), abstract, notes])
    }

    private static func note(_ note: Note, _ graph: SiteGraph, _ html: RenderedMarkdown, _ urls: SiteURLs) -> SearchDocument {
        let paper = note.paper.flatMap { graph.paper($0.slug) }
        let answer = HTMLText.plain(html.notes[note.slug]?.body ?? "")
        return SearchDocument(
            kind: "note", url: urls.note(note.slug), title: PlainText.fromTeX(note.question), authors: [],
            year: paper?.year, venue: paper?.venue, topics: note.topics + (paper?.topics ?? []), reading: nil,
            snippet: HTMLText.snippet(answer),
            fields: [note.question, "", note.topics.joined(separator: ", "), paper.map { PlainText.fromTeX($0.title) } ?? "", answer])
    }

    private static func review(_ review: Review, _ graph: SiteGraph, _ html: RenderedMarkdown, _ urls: SiteURLs) -> SearchDocument {
        let paper = graph.paper(review.paper.slug)
        let rendered = html.reviews[review.slug]
        let structured = [rendered?.strengths, rendered?.concerns, rendered?.questions].compactMap { $0 }.map(HTMLText.plain).joined(separator: " ")
        let body = HTMLText.plain(rendered?.body ?? "")
        let paperTitle = paper.map { PlainText.fromTeX($0.title) } ?? review.paper.slug
        return SearchDocument(
            kind: "review", url: urls.review(review.slug), title: "Review of \(paperTitle) by \(review.reviewer)",
            authors: [review.reviewer], year: paper?.year, venue: paper?.venue, topics: paper?.topics ?? [], reading: nil,
            snippet: HTMLText.snippet(body.isEmpty ? structured : body),
            fields: ["Review of \(paperTitle)", review.reviewer, (paper?.topics ?? []).joined(separator: ", "), structured, body])
    }
}

/// Text out of the HTML the Markdown step made: tags dropped, the entities cmark writes decoded.
enum HTMLText {
    private static let entities: [(name: [UInt8], byte: UInt8)] = [
        (Array("&lt;".utf8), UInt8(ascii: "<")), (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\"")),
        (Array("&#39;".utf8), UInt8(ascii: "'")), (Array("&amp;".utf8), UInt8(ascii: "&")),
    ]

    /// Byte by byte: every tag and entity cmark writes is ASCII.
    static func plain(_ html: String) -> String {
        var output: [UInt8] = []
        var html = html
        html.withUTF8 { bytes in
            output.reserveCapacity(bytes.count)
            var index = 0
            var inTag = false
            while index < bytes.count {
                let byte = bytes[index]
                if inTag {
                    if byte == UInt8(ascii: ">") { inTag = false; output.append(0x20) }
                    index += 1
                } else if byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&") {
                    // A run of text, appended at once.
                    var end = index + 1
                    while end < bytes.count, bytes[end] != UInt8(ascii: "<"), bytes[end] != UInt8(ascii: "&") { end += 1 }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                } else if byte == UInt8(ascii: "<") {
                    inTag = true
                    index += 1
                } else if byte == UInt8(ascii: "&"),
                          let entity = entities.first(where: { bytes.count - index >= $0.name.count && bytes[index..<(index + $0.name.count)].elementsEqual($0.name) }) {
                    output.append(entity.byte)
                    index += entity.name.count
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `snippet` for text whose first `2 * limit` bytes are ASCII without a carriage return
    /// (most text): the same rule
    /// over bytes, where a byte is a character and whitespace is space, tab, line feed,
    /// vertical tab, form feed or carriage return. Nil for any other text.
    static func asciiSnippet(_ text: String, limit: Int) -> String? {
        var text = text
        return text.withUTF8 { all -> String? in
            let bytes = UnsafeBufferPointer(rebasing: all.prefix(limit * 2))
            // "\r\n" is one Character in two bytes: such text is cut by the Character rule.
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 13 }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(limit + 3)
            var index = 0
            while index < bytes.count {
                while index < bytes.count, (9...13).contains(bytes[index]) || bytes[index] == 32 { index += 1 }
                let start = index
                while index < bytes.count, !((9...13).contains(bytes[index]) || bytes[index] == 32) { index += 1 }
                guard index > start else { break }
                if output.count + (index - start) + 1 > limit { return String(decoding: output, as: UTF8.self) + "…" }
                if !output.isEmpty { output.append(32) }
                output += bytes[start..<index]
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The first `limit` characters or so on one line, cut at a word: a search result's
    /// snippet, a page's meta description.
    static func snippet(_ text: String, limit: Int = 240) -> String {
        asciiSnippet(text, limit: limit) ?? characterSnippet(text, limit: limit)
    }

    static func characterSnippet(_ text: String, limit: Int) -> String {
        var snippet = ""
        var length = 0   // in Characters, counted once per word rather than once per test
        for word in text.prefix(limit * 2).split(whereSeparator: \.isWhitespace) {
            let wordLength = word.count
            if length + wordLength + 1 > limit { return snippet + "…" }
            if !snippet.isEmpty {
                snippet += " "
                length += 1
            }
            snippet += word
            length += wordLength
        }
        return snippet
    }
}

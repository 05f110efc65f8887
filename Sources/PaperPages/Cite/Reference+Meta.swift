extension Reference {
    /// The Highwire Press tags Google Scholar's inclusion guidelines ask for, in their order:
    /// title, one `citation_author` per author, the publication date, the container that fits
    /// the type, then identifiers and links. `page` is the paper page's absolute URL, when the
    /// site's `base_url` names its host; a relative URL is never given to a crawler.
    func highwireTags(page: String?) -> [(name: String, content: String)] {
        var tags: [(String, String)] = [("citation_title", plainTitle)]
        for author in authors { tags.append(("citation_author", author.invertedName)) }
        if let isoDate { tags.append(("citation_publication_date", String(isoDate.map { $0 == "-" ? "/" : $0 }))) }
        if let container = container.map(MarkdownInline.plain) {
            switch type {
            case .conference: tags.append(("citation_conference_title", container))
            case .journal: tags.append(("citation_journal_title", container))
            case .report: tags.append(("citation_technical_report_institution", container))
            case .thesis: tags.append(("citation_dissertation_institution", container))
            case .chapter, .book: tags.append(("citation_inbook_title", container))
            case .preprint, .other: break
            }
        }
        if let volume { tags.append(("citation_volume", volume)) }
        if let issue { tags.append((type == .report ? "citation_technical_report_number" : "citation_issue", issue)) }
        if let first = firstPage { tags.append(("citation_firstpage", first)) }
        if let last = lastPage { tags.append(("citation_lastpage", last)) }
        if let publisher { tags.append(("citation_publisher", publisher)) }
        if let doi { tags.append(("citation_doi", doi)) }
        if let arxiv { tags.append(("citation_arxiv_id", arxiv)) }
        if let pdf { tags.append(("citation_pdf_url", pdf)) }
        if let page { tags.append(("citation_abstract_html_url", page)) }
        if !keywords.isEmpty { tags.append(("citation_keywords", keywords.joined(separator: "; "))) }
        return tags
    }

    /// A schema.org `ScholarlyArticle` with `Person` authors and the abstract's start, for `<script type="application/ld+json">`
    /// (`JSONValue` escapes `<`, so the text cannot end the element).
    func jsonLD(page: String?) -> String {
        var members: [(String, JSONValue)] = [("@context", .string("https://schema.org")), ("@type", .string("ScholarlyArticle")),
                                              ("headline", .string(plainTitle))]
        func people(_ list: [Person]) -> JSONValue {
            .array(list.map { person in
                if let literal = person.literal { return .object([("@type", .string("Organization")), ("name", .string(literal))]) }
                return .object([("@type", .string("Person")), ("name", .string(person.displayName)),
                                ("givenName", .string(person.given)), ("familyName", .string(person.family))])
            })
        }
        if !authors.isEmpty { members.append(("author", people(authors))) }
        if !editors.isEmpty { members.append(("editor", people(editors))) }
        if let isoDate { members.append(("datePublished", .string(isoDate))) }
        if let container = container.map(MarkdownInline.plain) {
            // A CreativeWork, as `isPartOf` expects: the journal, or the proceedings' volume.
            let containerType = type == .journal ? "Periodical" : "PublicationVolume"
            members.append(("isPartOf", .object([("@type", .string(containerType)), ("name", .string(container))])))
        }
        if let publisher { members.append(("publisher", .object([("@type", .string("Organization")), ("name", .string(publisher))]))) }
        if let pageRange {
            members.append(("pageStart", .string(pageRange.first)))
            if let last = pageRange.last { members.append(("pageEnd", .string(last))) }
        }
        if let page {
            members.append(("url", .string(page)))
            members.append(("mainEntityOfPage", .string(page)))
        }
        let sameAs = [doiURL, arxivURL, url].compactMap { $0 }
        if !sameAs.isEmpty { members.append(("sameAs", .array(sameAs.map(JSONValue.string)))) }
        var identifiers: [JSONValue] = []
        if let doi { identifiers.append(.object([("@type", .string("PropertyValue")), ("propertyID", .string("DOI")), ("value", .string(doi))])) }
        if let arxiv { identifiers.append(.object([("@type", .string("PropertyValue")), ("propertyID", .string("arXiv")), ("value", .string(arxiv))])) }
        if !identifiers.isEmpty { members.append(("identifier", .array(identifiers))) }
        if let pdf { members.append(("encoding", .object([("@type", .string("MediaObject")), ("encodingFormat", .string("application/pdf")), ("contentUrl", .string(pdf))]))) }
        if !keywords.isEmpty { members.append(("keywords", .string(keywords.joined(separator: ", ")))) }
        // Said once: no `name` beside `headline` and no `description` beside the page's meta
        // description, which has the abstract's start (readers of JSON-LD read both).
        return JSONValue.object(members).text()
    }
}

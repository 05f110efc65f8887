import Foundation

/// What `import` does with each BibTeX field: the fields citations read, the link fields of
/// personal publication lists (al-folio's, academicpages' `url_*`), al-folio's keys. Any other
/// field holding an http(s) URL becomes a link named by the field; the rest are reported as
/// dropped, once per field with a count.
enum BibTeXFields {
    /// Read into the paper's citation (see `BibTeXImport.reference`).
    static let cited: Set<String> = [
        "title", "author", "editor", "author+an", "year", "date", "month", "day", "journal", "journaltitle", "booktitle",
        "howpublished", "institution", "school", "organization", "publisher", "volume", "number", "issue", "pages", "doi",
        "eprint", "archiveprefix", "eprinttype", "url", "abstract", "keywords", "crossref", "published",
    ]

    /// al-folio's keys, kept as the paper file's own (`abbr`, `selected`…); `arxiv` is its id.
    static let alFolio: Set<String> = ["abbr", "selected", "award", "award_name", "preview", "annotation", "arxiv"]

    /// Link fields and the kind of link each is, al-folio's name for a kind first (the field
    /// papers.bib writes it as). `code` and `pdf` fill the paper's own keys.
    static let linkFields: [(field: String, kind: PaperLink.Kind)] = [
        ("pdf", .pdf), ("html", .html), ("code", .code), ("slides", .slides), ("poster", .poster), ("video", .video),
        ("website", .website), ("blog", .blog), ("supp", .supplement), ("data", .data),
        ("paper", .pdf), ("github", .code), ("presentation", .slides), ("project", .website), ("supplement", .supplement),
        ("supplementary", .supplement), ("dataset", .data),
    ]
    private static let kindOfField = Dictionary(linkFields.map { ($0.field, $0.kind) }, uniquingKeysWith: { first, _ in first })

    /// The kind of a link field: one of `linkFields`, or academicpages' `url_slides`, `url_code`…
    static func linkKind(_ field: String) -> PaperLink.Kind? {
        if let kind = kindOfField[field] { return kind }
        if field.hasPrefix("url_"), let kind = kindOfField[String(field.dropFirst(4))] { return kind }
        return nil
    }

    /// The field a link is written as in papers.bib: its kind's al-folio name, or for a link
    /// of its own its label as a field name (`scholar`).
    static func field(for link: PaperLink) -> String? {
        if link.kind != .other { return linkFields.first { $0.kind == link.kind }?.field }
        let name = String(link.shownLabel.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") })
        guard let first = name.first, first.isLetter, !cited.contains(name), !alFolio.contains(name), linkKind(name) == nil else { return nil }
        return name
    }

    /// Where al-folio keeps the files its fields name, relative to the `.bib` file's folder
    /// (`_bibliography/`): PDFs in `assets/pdf/`, previews in `assets/img/publication_preview/`.
    /// Only there, and beside the file itself: a bibliography from elsewhere cannot name a file
    /// of the owner's to be copied into the public site.
    static func candidates(for name: String, field: String, besideFile file: String) -> [String] {
        let folder = (file as NSString).deletingLastPathComponent
        let site = (folder as NSString).deletingLastPathComponent
        let trimmed = name.hasPrefix("/") ? String(name.dropFirst()) : name
        func inside(_ base: String, _ path: String) -> String { joinPath(base.isEmpty ? "." : base, path) }
        var paths = [inside(folder, trimmed)]
        if trimmed.hasPrefix("assets/") { paths.append(inside(site, trimmed)) }
        let assets = field == "preview" ? "assets/img/publication_preview" : field == "pdf" ? "assets/pdf" : "assets"
        paths.append(inside(inside(site, assets), trimmed))
        return paths
    }

    /// A value that names a file rather than a page: one path of no spaces, ending in an extension.
    /// Never a hidden file or folder (`.env`, `.ssh/…`), nor a way out of the folder (`..`).
    static func isFileName(_ value: String) -> Bool {
        !value.contains(" ") && !value.contains("://") && !value.contains("\\")
            && !value.split(separator: "/").contains { $0.hasPrefix(".") }
            && (value as NSString).pathExtension.count >= 2
    }
}

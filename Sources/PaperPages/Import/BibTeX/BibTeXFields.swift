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
        "eprint", "archiveprefix", "eprinttype", "url", "abstract", "keywords", "crossref",
    ]

    /// al-folio's keys, kept as the paper file's own (`abbr`, `selected`…); `arxiv` is its id.
    static let alFolio: Set<String> = ["abbr", "selected", "award", "award_name", "preview", "annotation", "arxiv"]

    /// Link fields and the kind of link each is. `code` and `pdf` fill the paper's own keys.
    static let linkKinds: [String: PaperLink.Kind] = [
        "pdf": .pdf, "paper": .pdf, "html": .html, "code": .code, "github": .code, "slides": .slides, "presentation": .slides,
        "poster": .poster, "video": .video, "website": .website, "project": .website, "blog": .blog, "supp": .supplement,
        "supplement": .supplement, "supplementary": .supplement, "data": .data, "dataset": .data,
    ]

    /// The kind of a link field: one of `linkKinds`, or academicpages' `url_slides`, `url_code`…
    static func linkKind(_ field: String) -> PaperLink.Kind? {
        if let kind = linkKinds[field] { return kind }
        if field.hasPrefix("url_"), let kind = linkKinds[String(field.dropFirst(4))] { return kind }
        return nil
    }

    /// Where al-folio keeps the files its fields name, relative to the `.bib` file's folder
    /// (`_bibliography/`): PDFs in `assets/pdf/`, previews in `assets/img/publication_preview/`.
    static func candidates(for name: String, field: String, besideFile file: String) -> [String] {
        let folder = (file as NSString).deletingLastPathComponent
        let site = (folder as NSString).deletingLastPathComponent
        let trimmed = name.hasPrefix("/") ? String(name.dropFirst()) : name
        var paths = [joinPath(folder.isEmpty ? "." : folder, trimmed), joinPath(site.isEmpty ? "." : site, trimmed)]
        let assets = field == "preview" ? "assets/img/publication_preview" : field == "pdf" ? "assets/pdf" : "assets"
        paths.append(joinPath(joinPath(site.isEmpty ? "." : site, assets), trimmed))
        return paths
    }

    /// A value that names a file rather than a page: one path of no spaces, ending in an extension.
    static func isFileName(_ value: String) -> Bool {
        !value.contains(" ") && !value.contains("://") && !value.contains("..") && (value as NSString).pathExtension.count >= 2
    }
}

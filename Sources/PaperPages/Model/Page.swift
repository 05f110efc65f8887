/// A plain page (`pages/<slug>.md`), such as an about page.
public struct Page: Sendable {
    public var slug: String
    public var source: SourceLocation
    public var title: String
    public var body: String
    public var extra: [(String, FrontMatterValue)]
}

extension Page {
    init?(slug: String, document: FrontMatterDocument, path: String, log: inout DiagnosticLog) {
        var fields = FieldReader(document, path: path)
        let before = log.diagnostics.count
        self.slug = slug
        self.source = SourceLocation(path: path)
        self.title = fields.string("title", required: true, log: &log) ?? ""
        self.body = document.body
        self.extra = fields.extras(of: "a page", log: &log)
        if log.diagnostics.count > before { return nil }
    }
}

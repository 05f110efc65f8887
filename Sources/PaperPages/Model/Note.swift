/// One Q&A note (`notes/<slug>.md`): a question and, as the body, its answer.
public struct Note: Sendable {
    public var slug: String
    public var source: SourceLocation
    public var question: String
    public var paper: SlugReference?
    public var date: Day?
    public var topics: [String]
    /// The answer, Markdown.
    public var body: String
    public var extra: [(String, FrontMatterValue)]
}

extension Note {
    init?(slug: String, document: FrontMatterDocument, path: String, log: inout DiagnosticLog) {
        var fields = FieldReader(document, path: path)
        let before = log.diagnostics.count
        self.slug = slug
        self.source = SourceLocation(path: path)
        self.question = fields.string("question", required: true, log: &log) ?? ""
        self.paper = fields.slug("paper", log: &log)
        self.date = fields.day("date", log: &log)
        self.topics = fields.strings("topics", log: &log)
        self.body = document.body
        self.extra = fields.extras(of: "a note", log: &log)
        if log.diagnostics.count > before { return nil }
    }
}

/// One structured review of a paper (`reviews/<slug>.md`).
public struct Review: Sendable {
    public var slug: String
    public var source: SourceLocation
    public var paper: SlugReference
    public var reviewer: String
    public var date: Day?
    public var rating: Int?
    public var confidence: Int?
    /// The structured part, Markdown.
    public var strengths: String?
    public var concerns: String?
    public var questions: String?
    /// The rest of the review, Markdown.
    public var body: String
    public var extra: [(String, FrontMatterValue)]
}

extension Review {
    init?(slug: String, document: FrontMatterDocument, path: String, log: inout DiagnosticLog) {
        var fields = FieldReader(document, path: path)
        let before = log.diagnostics.count
        let paper = fields.slug("paper", required: true, log: &log)
        self.slug = slug
        self.source = SourceLocation(path: path)
        self.paper = paper ?? SlugReference(slug: "", location: source)
        self.reviewer = fields.string("reviewer", required: true, log: &log) ?? ""
        self.date = fields.day("date", log: &log)
        self.rating = fields.int("rating", in: 1...5, log: &log)
        self.confidence = fields.int("confidence", in: 1...5, log: &log)
        self.strengths = fields.string("strengths", log: &log)
        self.concerns = fields.string("concerns", log: &log)
        self.questions = fields.string("questions", log: &log)
        self.body = document.body
        self.extra = fields.extras(of: "a review", log: &log)
        if log.diagnostics.count > before { return nil }
    }
}

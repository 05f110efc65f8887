/// A paper's keys that citations do not carry: its links and an owner's publication list's
/// keys (al-folio's `abbr`, `selected`, `award`, `preview`, `annotation`).
public struct PaperExtras: Sendable, Equatable {
    public var links: [PaperLink] = []
    /// The paper's own `code:` and `dataset:` keys.
    public var code: String?
    public var dataset: String?
    public var abbr: String?
    public var selected = false
    public var award: String?
    public var awardName: String?
    public var preview: String?
    public var annotation: String?

    public init() {}
}

extension Paper {
    /// The paper's keys beyond its citation, as `import` writes them and papers.bib carries them.
    public var extras: PaperExtras {
        var extras = PaperExtras()
        extras.links = links
        extras.code = code
        extras.dataset = dataset
        extras.abbr = abbr
        extras.selected = selected
        extras.award = award
        extras.awardName = awardName
        extras.preview = preview
        extras.annotation = annotation
        return extras
    }
}

/// One entry read for import: the paper it describes, where it was written, and what the
/// reader should know (a command it did not know, a value it dropped).
public struct ImportedEntry: Sendable {
    public var reference: Reference
    public var location: SourceLocation
    /// `@inproceedings{rehman25}`, for messages.
    public var name: String
    public var notes: [String]
    /// What the paper file holds beyond the citation: links, al-folio's keys.
    public var extras = PaperExtras()
    /// Fields with no place in a paper file, by name: reported once per field, with a count.
    public var dropped: [String] = []
    /// Files beside the imported file that links name (`pdf = {paper.pdf}`), to copy in.
    public var localFiles: [LocalFile] = []

    public init(reference: Reference, location: SourceLocation, name: String, notes: [String]) {
        self.reference = reference
        self.location = location
        self.name = name
        self.notes = notes
    }
}

/// A file an entry names by a path beside the imported file, found there, to be copied into
/// the content folder's `files/` (where the paper's link points).
public struct LocalFile: Sendable, Equatable {
    /// Where it was found.
    public var source: String
    /// Its path in the site: `/files/<name>`.
    public var sitePath: String
}

import Foundation

/// `paperpages new paper|note|review SLUG`: a new content file from a template with every
/// required key, which builds as it is; never over an existing file.
public enum NewFile {
    public enum Kind: String, Sendable, CaseIterable {
        case paper, note, review
        var folder: String { rawValue + "s" }
    }

    /// Writes the file and returns its path.
    public static func create(_ kind: Kind, slug: String, paper: String?, content: String, today: Day) throws -> String {
        let location = SourceLocation(path: joinPath(joinPath(content, kind.folder), slug + ".md"))
        try ContentLoader.requireFolder(content)
        guard Slug.isValid(slug) else {
            throw Diagnostic(SourceLocation(path: joinPath(content, kind.folder)),
                             "'\(escapedForMessage(slug, limit: 120))' is not a slug: use lower-case letters, digits and '-', as in attention-is-all-you-need")
        }
        guard slug.utf8.count <= Slug.maximumLength else {
            throw Diagnostic(SourceLocation(path: joinPath(content, kind.folder)),
                             "the slug is \(slug.utf8.count) characters long; a slug names a file and a web address, and may be at most \(Slug.maximumLength): shorten it")
        }
        if let paper {
            guard Slug.isValid(paper), FileManager.default.fileExists(atPath: joinPath(joinPath(content, "papers"), paper + ".md")) else {
                throw Diagnostic(location, "--paper \(paper): there is no \(joinPath(joinPath(content, "papers"), paper + ".md"))")
            }
        }
        let words = slug.split(separator: "-").joined(separator: " ")
        let sentence = words.prefix(1).uppercased() + words.dropFirst()
        let text: String
        switch kind {
        case .paper:
            if paper != nil { throw Diagnostic(location, "--paper is for notes and reviews; a paper is its own") }
            text = """
            ---
            title: \(PaperFile.quoted(sentence))
            authors:
              - {given: "Given", family: "Family"}
            year: \(today.year)
            added: \(today)
            reading: to-read
            topics: []
            # Optional: date, type, venue, volume, issue, pages, publisher, doi, arxiv, url, pdf,
            # code, dataset, institutions, status, open_access, related, citation_key (docs/content.md).
            abstract: |
              The abstract, in Markdown.
            ---
            Your notes on the paper, in Markdown.

            """
        case .note:
            text = Contributions.noteTemplate(paper: paper, date: today.description, question: sentence + "?")
        case .review:
            guard let paper else { throw Diagnostic(location, "a review needs --paper SLUG, the paper it reviews") }
            text = Contributions.reviewTemplate(paper: paper, date: today.description)
        }
        try FileManager.default.createDirectory(atPath: joinPath(content, kind.folder), withIntermediateDirectories: true)
        ContentFileWriter.prepare(joinPath(content, kind.folder))
        guard try ContentFileWriter.write(text, to: location.path, replacing: false) == .written else {
            throw Diagnostic(location, "already exists; it was left as it is")
        }
        return location.path
    }
}

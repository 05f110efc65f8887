import Foundation

/// One entry read for import: the paper it describes, where it was written, and what the
/// reader should know (a command it did not know, a value it dropped).
public struct ImportedEntry: Sendable {
    public var reference: Reference
    public var location: SourceLocation
    /// `@inproceedings{rehman25}`, for messages.
    public var name: String
    public var notes: [String]
}

/// BibTeX entries as papers: crossref resolved, LaTeX read as Unicode and Markdown
/// (`TeXText`), names split (`BibTeXNames`), fields mapped to the content format's.
enum BibTeXImport {
    /// Entries that are volumes, not papers: other entries point at them with `crossref`.
    static let containerTypes: Set<String> = ["proceedings", "collection", "mvproceedings", "mvcollection", "periodical"]

    static func entries(_ parser: BibTeXParser) -> (entries: [ImportedEntry], problems: [Diagnostic], skipped: [String]) {
        var problems = parser.problems
        var skipped: [String] = []
        let byKey = Dictionary(parser.entries.map { ($0.key.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let containers = parser.entries.filter { containerTypes.contains($0.type) }
        var imported: [ImportedEntry] = []
        for var entry in parser.entries {
            let name = "@\(entry.type){\(entry.key)}"
            if containerTypes.contains(entry.type) {
                skipped.append("\(entry.location): \(name) is a volume, not a paper; its entries take their venue and year from it")
                continue
            }
            var notes: [String] = []
            var parent: BibTeXEntry?
            if let key = entry["crossref"] {
                guard let found = byKey[key.trimmingWhitespace().lowercased()] else {
                    problems.append(Diagnostic(entry.location, "\(name): 'crossref' names '\(key)', which is not an entry of this file"))
                    continue
                }
                parent = found
            } else if containers.count == 1, ["inproceedings", "conference"].contains(entry.type), entry["booktitle"] == nil {
                // PMLR's proceedings files: one @proceedings, then papers in it without a
                // booktitle or year. Other entries (an @article, a @misc) are not in a volume.
                parent = containers[0]
                notes.append("took its venue and year from @\(containers[0].type){\(containers[0].key)}, the file's only volume")
            }
            if let parent { inherit(&entry, from: parent) }
            do {
                imported.append(ImportedEntry(reference: try reference(entry, name: name, notes: &notes), location: entry.location, name: name, notes: notes))
            } catch let problem as Diagnostic {
                problems.append(problem)
            } catch {}
        }
        return (imported, problems, skipped)
    }

    /// BibTeX's crossref: the parent's fields the entry lacks; biblatex's rule that a
    /// volume's `title` is its papers' `booktitle`. PMLR's volume also gives its papers'
    /// links: `https://proceedings.mlr.press/v<volume>/<key>.html`.
    static func inherit(_ entry: inout BibTeXEntry, from parent: BibTeXEntry) {
        for (name, value) in parent.fields where entry[name] == nil && !["title", "key", "crossref", "abstract", "keywords", "url", "doi", "pdf"].contains(name) {
            entry.fields.append((name, value))
        }
        if entry["booktitle"] == nil, let title = parent["title"] { entry.set("booktitle", title) }
        if entry["date"] == nil, let published = parent["published"], Day(published) != nil { entry.set("date", published) }
        if entry["url"] == nil, parent["shortname"] != nil, let volume = parent["volume"], Int(volume) != nil,
           parent["conference_url"] != nil || parent["published"] != nil {
            entry.set("url", "https://proceedings.mlr.press/v\(volume)/\(entry.key).html")
            if entry["pdf"] == nil { entry.set("pdf", "https://proceedings.mlr.press/v\(volume)/\(entry.key)/\(entry.key).pdf") }
        }
    }

    private static func reference(_ entry: BibTeXEntry, name: String, notes: inout [String]) throws -> Reference {
        var unknown: [String] = []
        func text(_ field: String, _ target: TeXText.Target = .plain) -> String? {
            guard let raw = entry[field] else { return nil }
            let converted = TeXText.convert(raw, to: target)
            unknown += converted.unknown
            return converted.text.isEmpty ? nil : converted.text
        }
        func missing(_ what: String) -> Diagnostic {
            Diagnostic(entry.location, "\(name): \(what); a paper needs a title, authors and a year")
        }
        guard let title = text("title", .markdown) else { throw missing("no 'title'") }
        let names = BibTeXNames.parse(entry["author"] ?? "")
        unknown += names.unknownCommands
        guard !names.people.isEmpty else { throw missing(entry["editor"] != nil ? "no 'author' (only 'editor')" : "no 'author'") }
        let date = text("date").flatMap(Self.isoDate)
        let yearText = text("year")
        guard let year = yearText.flatMap({ Int($0.prefix(4)) }) ?? date?.year, (1000...9999).contains(year) else {
            throw missing(yearText.map { "'year' is \"\($0)\", not a year" } ?? "no 'year'")
        }
        let eprint = text("eprint")
        let archive = (text("archiveprefix") ?? text("eprinttype"))?.lowercased()
        let journal = text("journal")
        var arxiv = archive == "arxiv" ? eprint : nil
        if arxiv == nil, let volume = entry["volume"], volume.lowercased().hasPrefix("abs/") { arxiv = String(volume.dropFirst(4)) }   // DBLP's CoRR
        if arxiv == nil, let url = text("url"), let id = Self.arxivID(in: url) { arxiv = id }
        let isPreprint = ["corr", "arxiv", "arxiv preprint", "arxiv e-prints"].contains(journal?.lowercased() ?? "")
            || journal?.lowercased().hasPrefix("arxiv preprint") == true
        var reference = Reference(type: Self.type(entry.type, preprint: isPreprint || (journal == nil && entry["booktitle"] == nil && arxiv != nil)),
                                  key: entry.key, title: title, authors: names.people, moreAuthors: names.more, year: year)
        reference.month = date?.month ?? text("month").flatMap(Self.month)
        reference.day = date?.day ?? (reference.month == nil ? nil : text("day").flatMap { Int($0) })
        switch reference.type {
        case .preprint: reference.container = isPreprint || arxiv != nil ? "arXiv" : journal ?? text("howpublished")
        case .report: reference.container = text("institution") ?? text("publisher")
        case .thesis: reference.container = text("school") ?? text("institution")
        default: reference.container = journal ?? text("booktitle") ?? text("howpublished").flatMap { $0.contains("://") ? nil : $0 }
        }
        if reference.type != .preprint { reference.volume = text("volume") }
        reference.issue = text("number") ?? text("issue")
        reference.pages = text("pages")
        if reference.type != .report && reference.type != .thesis { reference.publisher = text("publisher") }
        reference.doi = text("doi").map(Paper.normalizedDOI)
        reference.arxiv = arxiv
        for (field, keyPath) in [("url", \Reference.url), ("pdf", \Reference.pdf)] {
            guard let value = entry[field]?.trimmingWhitespace(), !value.isEmpty else { continue }
            if Self.isWebURL(value) {
                reference[keyPath: keyPath] = value
            } else {
                notes.append("'\(field)' dropped: \"\(value)\" is not an http(s) URL")
            }
        }
        if reference.pdf == nil, let url = reference.url, url.lowercased().hasSuffix(".pdf") { reference.pdf = url }
        reference.abstract = text("abstract", .markdown)
        reference.keywords = (text("keywords") ?? "").split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if !unknown.isEmpty {
            notes.append("LaTeX commands read as their text: " + Array(Set(unknown)).sorted().joined(separator: ", "))
        }
        return reference
    }

    static func type(_ bibTeXType: String, preprint: Bool) -> PublicationType {
        if preprint { return .preprint }
        switch bibTeXType {
        case "inproceedings", "conference": return .conference
        case "article": return .journal
        case "techreport", "report": return .report
        case "phdthesis", "mastersthesis", "thesis": return .thesis
        case "book", "mvbook": return .book
        case "incollection", "inbook", "bookinbook": return .chapter
        case "unpublished": return .preprint
        default: return .other
        }
    }

    /// `11`, `nov`, `November` (a macro already expanded), `Nov.` -> 11.
    static func month(_ text: String) -> Int? {
        let word = text.trimmingWhitespace().lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let number = Int(word), (1...12).contains(number) { return number }
        return BibTeXParser.monthNames.firstIndex { $0.lowercased().hasPrefix(word) && word.count >= 3 }.map { $0 + 1 }
    }

    /// biblatex's `date`: `2025`, `2025-11`, `2025-11-13`.
    static func isoDate(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        let parts = text.prefix(10).split(separator: "-").map { Int($0) }
        guard let first = parts.first, let year = first else { return nil }
        let month = parts.count > 1 ? parts[1].flatMap { (1...12).contains($0) ? $0 : nil } : nil
        let day = parts.count > 2 && month != nil ? parts[2].flatMap { (1...31).contains($0) ? $0 : nil } : nil
        return (year, month, day)
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && components.host?.isEmpty == false
    }

    /// `https://arxiv.org/abs/2108.07258v2` -> `2108.07258v2`.
    static func arxivID(in url: String) -> String? {
        for marker in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
            if let range = url.range(of: marker) {
                var id = String(url[range.upperBound...])
                if id.hasSuffix(".pdf") { id.removeLast(4) }
                return id.isEmpty ? nil : id
            }
        }
        return nil
    }
}

extension Diagnostic: Error {}

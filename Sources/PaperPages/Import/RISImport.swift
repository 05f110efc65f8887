import Foundation

/// RIS (Zotero's, EndNote's, Mendeley's, JabRef's and this site's own `papers.ris`): records
/// of `TAG  - value` lines from `TY` to `ER`. Values are plain text: titles and abstracts are
/// escaped for Markdown, as CSL-JSON's are.
enum RISImport {
    static func entries(_ text: String, path: String) -> (entries: [ImportedEntry], problems: [Diagnostic]) {
        // Control characters are left out, as the BibTeX reader leaves them: no page can carry them.
        let text = text.unicodeScalars.contains(where: FrontMatterParser.isControl)
            ? String(String.UnicodeScalarView(text.unicodeScalars.filter { !FrontMatterParser.isControl($0) })) : text
        var entries: [ImportedEntry] = [], problems: [Diagnostic] = []
        var record: [(tag: String, value: String)] = []
        var start = 0
        for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = String(rawLine).trimmingCharacters(in: CharacterSet(charactersIn: "\r\u{FEFF}"))
            guard let (tag, value) = Self.tagged(line) else {
                // A line without a tag continues the value before it (long abstracts are wrapped).
                if !record.isEmpty, !line.trimmingWhitespace().isEmpty { record[record.count - 1].value += " " + line.trimmingWhitespace() }
                continue
            }
            if tag == "TY" { record = []; start = number + 1 }
            record.append((tag, value))
            if tag == "ER" {
                let location = SourceLocation(path: path, line: start)
                do { entries.append(try entry(record, location: location)) } catch let problem as Diagnostic { problems.append(problem) } catch {}
                record = []
            }
        }
        if record.count > 1 {
            problems.append(Diagnostic(SourceLocation(path: path, line: start), "a record from line \(start) has no 'ER  -' line to end it; it was not imported"))
        }
        return (entries, problems)
    }

    /// `TI  - A title` -> ("TI", "A title"): two letters or a letter and a digit, two spaces, a dash.
    private static func tagged(_ line: String) -> (String, String)? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 5, scalars[0].properties.isUppercase, scalars[1].properties.isUppercase || ("0"..."9").contains(scalars[1]),
              scalars[2] == " ", scalars[3] == " ", scalars[4] == "-" else { return nil }
        let value = scalars.count > 5 ? String(String.UnicodeScalarView(scalars[6...])) : ""
        return (String(String.UnicodeScalarView(scalars[0..<2])), value.trimmingWhitespace())
    }

    private static func entry(_ record: [(tag: String, value: String)], location: SourceLocation) throws -> ImportedEntry {
        func all(_ tags: String...) -> [String] { record.filter { tags.contains($0.tag) && !$0.value.isEmpty }.map(\.value) }
        func first(_ tags: String...) -> String? { record.first { tags.contains($0.tag) && !$0.value.isEmpty }?.value }
        let risType = first("TY") ?? "GEN"
        let id = first("ID")
        let name = "record \(risType)" + (id.map { " (ID \($0))" } ?? "") + " at line \(location.line ?? 0)"
        guard let title = first("TI", "T1", "CT", "BT") else { throw Diagnostic(location, "\(name): no 'TI' (title); a paper needs a title") }
        var notes: [String] = []
        let type = Self.type(risType)
        // RIS writes a name "Family, Given"; one without a comma is a name not split (an
        // institution), as Zotero reads and writes it; one with nothing before its comma
        // (`, Mark`) has no family name to split off, and is kept as written, as BibTeX's is.
        func person(_ name: String) -> Person? {
            let split = name.contains(",") ? Person(written: name) : Person(literal: name)
            let person = AuthorMarks.read(split.literal == nil && split.family.isEmpty ? Person(literal: split.given) : split).person
            return person.displayName.isEmpty ? nil : person
        }
        let authors = all("AU", "A1").compactMap(person)
        let editors = all("ED", "A2").compactMap(person)
        if authors.isEmpty && editors.isEmpty { notes.append("no 'AU' or 'ED': imported as an anonymous work (authors: [])") }
        // `PY  - 2020`, `DA  - 2020/05/17`, `Y1  - 2020/05//`.
        let dateParts = (first("DA") ?? first("Y1") ?? first("PY") ?? "").split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingWhitespace()) }
        let year = (first("PY").flatMap { Int($0.prefix(4)) } ?? dateParts.first ?? nil).flatMap { (1000...9999).contains($0) ? $0 : nil }
        if year == nil { notes.append("no 'PY' year: imported as undated (year: n.d.)") }
        var reference = Reference(type: type, key: id.map(CSLJSONImport.key) ?? "ris\(location.line ?? 0)", title: MarkdownInline.escaped(title),
                                  authors: authors, year: year)
        reference.editors = editors
        if year != nil, dateParts.count > 1, let month = dateParts[1], (1...12).contains(month) {
            reference.month = month
            if dateParts.count > 2, let day = dateParts[2], (1...31).contains(day) { reference.day = day }
        }
        // A preprint's server, a report's institution and a thesis's school are `PB` (as this
        // site's own files and Zotero's write them), before the publisher if there is one.
        let publishers = all("PB")
        let inPB = type == .preprint || type == .report || type == .thesis
        reference.container = first("T2", "JO", "JF", "JA", "BT", "SE") ?? (inPB ? publishers.first : nil)
        reference.publisher = inPB ? (publishers.count > 1 ? publishers[1] : nil) : publishers.first
        reference.volume = first("VL")
        reference.issue = first("IS")
        if let startPage = first("SP") { reference.pages = startPage + (first("EP").map { "–" + $0 } ?? "") }
        reference.doi = first("DO").map(Paper.normalizedDOI)
        let arxiv = all("M1", "N1").compactMap { $0.lowercased().hasPrefix("arxiv:") ? $0.dropFirst(6).trimmingWhitespace() : nil }.first
        reference.arxiv = arxiv ?? first("UR").flatMap(BibTeXImport.arxivID)
        if reference.type == .other && reference.arxiv != nil { reference.type = .preprint }
        // A `UR` that is only the arXiv or DOI link (what this site's RIS writes for a paper
        // with no page of its own) is already there as the identifier.
        if let url = first("UR"), url != reference.arxivURL, url != reference.doiURL {
            if BibTeXImport.isWebURL(url) { reference.url = url } else { notes.append("'UR' dropped: \"\(url)\" is not an http(s) URL") }
        }
        if let pdf = first("L1"), BibTeXImport.isWebURL(pdf) { reference.pdf = pdf }
        reference.abstract = first("AB", "N2").map { MarkdownInline.escaped($0) }
        reference.keywords = all("KW")
        var entry = ImportedEntry(reference: reference, location: location, name: name, notes: notes)
        let read: Set<String> = ["TY", "ID", "TI", "T1", "CT", "BT", "AU", "A1", "ED", "A2", "DA", "Y1", "PY", "T2", "JO", "JF", "JA", "SE",
                                 "PB", "VL", "IS", "SP", "EP", "DO", "M1", "N1", "UR", "L1", "AB", "N2", "KW", "ER"]
        entry.dropped = Array(Set(record.map(\.tag).filter { !read.contains($0) })).sorted()
        return entry
    }

    /// RIS's reference types, as `Reference.ris` writes them and reference managers do.
    static func type(_ ris: String) -> PublicationType {
        switch ris {
        case "JOUR", "JFULL", "MGZN", "NEWS", "EJOUR": .journal
        case "CPAPER", "CONF": .conference
        case "UNPB", "INPR": .preprint
        case "RPRT": .report
        case "THES": .thesis
        case "BOOK", "EBOOK", "EDBOOK": .book
        case "CHAP", "ECHAP": .chapter
        default: .other
        }
    }
}

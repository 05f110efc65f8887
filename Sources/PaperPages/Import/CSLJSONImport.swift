import Foundation

/// CSL-JSON (Zotero's, Better BibTeX's, citeproc's): an array of items, or one item. Values
/// are text, not LaTeX; titles and abstracts are escaped for Markdown. JSON gives no lines, so
/// a problem names the item by its place and id.
enum CSLJSONImport {
    static func entries(_ data: Data, path: String) -> (entries: [ImportedEntry], problems: [Diagnostic]) {
        let file = SourceLocation(path: path)
        if let problem = shapeProblem(data) { return ([], [Diagnostic(file, problem)]) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Foundation's own words are "The operation could not be completed"; the reason is
            // in its debug description (where it stopped, and why).
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "it does not parse"
            return ([], [Diagnostic(file, "is not JSON: \(reason.trimmingWhitespace(newlines: true)); expected CSL-JSON, an array of items, as Zotero exports it")])
        }
        let items: [Any]
        if let array = json as? [Any] { items = array } else if let object = json as? [String: Any] { items = object["items"] as? [Any] ?? [object] } else {
            return ([], [Diagnostic(file, "holds neither an array of CSL-JSON items nor one item")])
        }
        var entries: [ImportedEntry] = []
        var problems: [Diagnostic] = []
        for (index, value) in items.enumerated() {
            let item = value as? [String: Any] ?? [:]
            let id = (item["citation-key"] as? String) ?? (item["id"] as? String) ?? (item["id"] as? Int).map(String.init)
            let name = "item \(index + 1)" + (id.map { " (id \"\($0)\")" } ?? "")
            func string(_ key: String) -> String? {
                // A number is its digits: a title "1984", a volume 12, a page 3.5.
                if let number = item[key] as? NSNumber, !(item[key] is Bool) { return number.stringValue }
                guard let text = item[key] as? String else { return nil }
                // Control characters are left out: no page can carry them.
                let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { !FrontMatterParser.isControl($0) }))
                let trimmed = clean.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return trimmed.isEmpty ? nil : trimmed
            }
            guard let title = string("title") else {
                let found = item["title"].map { value -> String in
                    value is [Any] ? "a list" : value is [String: Any] ? "an object" : value is Bool ? "true or false" : "empty"
                }
                problems.append(Diagnostic(file, "\(name): " + (found.map { "'title' is \($0), not text" } ?? "no 'title'") + "; a paper needs a title, authors and a year"))
                continue
            }
            var notes: [String] = []
            func people(_ key: String) -> [Person] {
                (item[key] as? [[String: Any]] ?? []).compactMap { name -> Person? in
                    func part(_ key: String) -> String? {
                        (name[key] as? String).map { String(String.UnicodeScalarView($0.unicodeScalars.filter { !FrontMatterParser.isControl($0) })) }
                            .map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
                    }
                    if let literal = part("literal") { return AuthorMarks.read(Person(literal: literal)).person }
                    // Zotero writes a one-field name (an institution) as a given name with an empty family.
                    guard let family = part("family") else { return part("given").map { AuthorMarks.read(Person(literal: $0)).person } }
                    let particle = [part("non-dropping-particle"), family].compactMap { $0 }.joined(separator: " ")
                    let suffix = part("suffix").map { " " + $0 } ?? ""
                    let given = [part("given"), part("dropping-particle")].compactMap { $0 }.joined(separator: " ")
                    return AuthorMarks.read(Person(given: given, family: particle + suffix)).person
                }
            }
            let authors = people("author"), editors = people("editor")
            if authors.isEmpty && editors.isEmpty { notes.append("no 'author' or 'editor': imported as an anonymous work (authors: [])") }
            // `date_parts` is how some exports (and citeproc-js, leniently) spell `date-parts`.
            let written = (item["issued"] as? [String: Any]).flatMap(Self.dateParts)
            let issued = written.flatMap { (1000...9999).contains($0.year) ? $0 : nil }
            if let written, issued == nil {
                notes.append("its year, \(written.year), is not one a paper file writes (1000 to 9999): imported as undated (year: n.d.)")
            } else if issued == nil {
                notes.append("no 'issued' year: imported as undated (year: n.d.)")
            }
            let type = Self.type(item["type"] as? String ?? "")
            let number = string("number")
            var arxiv = number.flatMap { $0.lowercased().hasPrefix("arxiv:") ? String($0.dropFirst(6)) : nil }
            if arxiv == nil, let url = string("URL") { arxiv = BibTeXImport.arxivID(in: url) }
            // Zotero keeps identifiers it has no field for in `note`, a line each: "DOI: …", "arXiv: …".
            let noteLines = (item["note"] as? String ?? "").split(separator: "\n").map { $0.trimmingWhitespace() }
            func noted(_ label: String) -> String? {
                noteLines.first { $0.lowercased().hasPrefix(label.lowercased() + ":") }.map { $0.dropFirst(label.count + 1).trimmingWhitespace() }
            }
            if arxiv == nil { arxiv = noted("arXiv") }
            // A bare number (Zotero's item number) says nothing as a key: "verborgh2021".
            let numbered = item["citation-key"] == nil && (item["id"] is Int || Int(id ?? "") != nil)
            let family = authors.first?.family ?? editors.first?.family ?? ""
            let madeKey = Slug.make(family).replacingOccurrences(of: "-", with: "") + (issued.map { String($0.year) } ?? "nd")
            var reference = Reference(type: type == .other && arxiv != nil ? .preprint : type,
                                      key: numbered && !madeKey.hasPrefix("nd") ? madeKey : id.map(Self.key) ?? "item\(index + 1)",
                                      title: MarkdownInline.escaped(title), authors: authors, year: issued?.year)
            reference.editors = editors
            reference.month = issued?.month
            reference.day = issued?.day
            reference.container = string("container-title") ?? (type == .report || type == .thesis ? string("publisher") : nil)
            reference.volume = string("volume")
            reference.issue = string("issue")
            reference.pages = string("page")?.replacingOccurrences(of: "-", with: "–")
            if type != .report && type != .thesis { reference.publisher = string("publisher") }
            reference.doi = (string("DOI") ?? noted("DOI")).map(Paper.normalizedDOI)
            reference.arxiv = arxiv
            if let url = string("URL") {
                if BibTeXImport.isWebURL(url) { reference.url = url } else { notes.append("'URL' dropped: \"\(url)\" is not an http(s) URL") }
            }
            if let url = reference.url, url.lowercased().hasSuffix(".pdf") { reference.pdf = url }
            reference.abstract = string("abstract").map { MarkdownInline.escaped($0) }
            reference.keywords = (string("keyword") ?? "").split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            var entry = ImportedEntry(reference: reference, location: file, name: name, notes: notes)
            entry.dropped = item.keys.filter { !Self.read.contains($0) }.sorted()
            entries.append(entry)
        }
        return (entries, problems)
    }

    /// The item's keys this import reads; the rest are reported as dropped.
    static let read: Set<String> = ["id", "citation-key", "type", "title", "author", "editor", "issued", "container-title", "volume",
                                    "issue", "page", "publisher", "DOI", "URL", "number", "abstract", "keyword"]

    /// A citation key keeps to what BibTeX accepts.
    static func key(_ id: String) -> String {
        let kept = id.unicodeScalars.filter { !$0.properties.isWhitespace && !",{}()\"#%'=".unicodeScalars.contains($0) }
        return kept.isEmpty ? "item" : String(String.UnicodeScalarView(kept))
    }

    static func dateParts(_ issued: [String: Any]) -> (year: Int, month: Int?, day: Int?)? {
        if let parts = ((issued["date-parts"] ?? issued["date_parts"]) as? [[Any]])?.first {
            let numbers = parts.map { ($0 as? Int) ?? Int(($0 as? String) ?? "") }
            guard let year = numbers.first ?? nil else { return nil }
            let month = numbers.count > 1 ? numbers[1].flatMap { (1...12).contains($0) ? $0 : nil } : nil
            let day = numbers.count > 2 && month != nil ? numbers[2] : nil
            return (year, month, day)
        }
        if let raw = issued["raw"] as? String ?? issued["literal"] as? String { return BibTeXImport.isoDate(raw) }
        return nil
    }

    static func type(_ csl: String) -> PublicationType {
        switch csl {
        case "paper-conference": .conference
        case "article-journal", "article-magazine", "article-newspaper": .journal
        case "article", "manuscript": .preprint
        case "report": .report
        case "thesis": .thesis
        case "book": .book
        case "chapter", "entry", "entry-encyclopedia", "entry-dictionary": .chapter
        default: .other
        }
    }

    /// A file Foundation would refuse with no useful word, or take minutes over, told first:
    /// over `maximumBytes`, or arrays and objects nested deeper than `maximumDepth` (read over
    /// bytes, strings skipped). A CSL-JSON item nests four levels.
    static let maximumBytes = 100 << 20
    static let maximumDepth = 100

    static func shapeProblem(_ data: Data) -> String? {
        if data.count > maximumBytes {
            return "is \(data.count >> 20) MB; a CSL-JSON file may be at most \(maximumBytes >> 20) MB: export the collection in parts"
        }
        var depth = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth {
                    return "nests arrays and objects more than \(maximumDepth) deep; CSL-JSON items nest a few levels: this is not a CSL-JSON export"
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }
}

import Foundation

/// BibTeX entries as papers: crossref resolved, LaTeX read as Unicode and Markdown
/// (`TeXText`), names split (`BibTeXNames`), fields mapped to the content format's.
enum BibTeXImport {
    /// Entries that are volumes, not papers: other entries point at them with `crossref`.
    static let containerTypes: Set<String> = ["proceedings", "collection", "mvproceedings", "mvcollection", "periodical"]

    static func entries(_ parser: BibTeXParser) -> (entries: [ImportedEntry], problems: [Diagnostic]) {
        let file = parser.path
        var problems = parser.problems
        let byKey = Dictionary(parser.entries.map { ($0.key.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let containers = parser.entries.filter { containerTypes.contains($0.type) }
        var imported: [ImportedEntry] = []
        for var entry in parser.entries {
            let name = "@\(entry.type){\(entry.key)}"
            var notes: [String] = []
            if containerTypes.contains(entry.type) {
                // A volume (an edited book, proceedings) is an entry of the list too; the papers
                // in it also take their venue and year from it.
                if entry["date"] == nil, let published = entry["published"], let day = Day(published), entry["year"].flatMap({ Int($0) }) ?? day.year == day.year {
                    entry.set("date", published)
                }
                // PMLR's volume has no title but its proceedings' name, biblatex's rule backwards.
                if entry["title"] == nil, let booktitle = entry["booktitle"] { entry.set("title", booktitle) }
                if parser.entries.contains(where: { $0["crossref"]?.trimmingWhitespace().lowercased() == entry.key.lowercased() })
                    || (containers.count == 1 && parser.entries.contains { ["inproceedings", "conference"].contains($0.type) && $0["booktitle"] == nil }) {
                    notes.append("a volume: imported as a book of its own, and its papers take their venue and year from it")
                }
            }
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
                imported.append(try Self.imported(entry, name: name, notes: notes, file: file))
            } catch let problem as Diagnostic {
                problems.append(problem)
            } catch {}
        }
        return (imported, problems)
    }

    /// BibTeX's crossref: the parent's fields the entry lacks; biblatex's rule that a
    /// volume's `title` is its papers' `booktitle`. PMLR's volume also gives its papers'
    /// links: `https://proceedings.mlr.press/v<volume>/<key>.html`.
    static func inherit(_ entry: inout BibTeXEntry, from parent: BibTeXEntry) {
        // Only what a paper of the volume cites (its venue, publisher, year…): a volume's own
        // fields (PMLR's `shortname`, `start`) are the volume's, not each paper's to report.
        for (name, value) in parent.fields where entry[name] == nil && BibTeXFields.cited.contains(name)
            && !["title", "key", "crossref", "abstract", "keywords", "url", "doi", "pdf", "author"].contains(name) {
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

    private static func imported(_ entry: BibTeXEntry, name: String, notes: [String], file: String) throws -> ImportedEntry {
        var notes = notes
        var unknown: [String] = []
        func text(_ field: String, _ target: TeXText.Target = .plain) -> String? {
            guard let raw = entry[field] else { return nil }
            let converted = TeXText.convert(raw, to: target)
            unknown += converted.unknown
            return converted.text.isEmpty ? nil : converted.text
        }
        guard let title = text("title", .markdown) else {
            throw Diagnostic(entry.location, "\(name): no 'title'; a paper needs a title")
        }
        var unreadMarks: [Character] = []
        func people(_ field: String) -> (people: [Person], more: Bool) {
            let list = BibTeXNames.parse(entry[field] ?? "")
            unknown += list.unknownCommands
            let read = list.people.map(AuthorMarks.read)
            unreadMarks += read.flatMap(\.unread)
            return (read.map(\.person), list.more)
        }
        var (authors, more) = people("author")
        if let annotation = entry["author+an"] { AuthorMarks.applyAnnotation(annotation, to: &authors) }
        let editors = people("editor").people
        if authors.isEmpty && editors.isEmpty {
            if let body = text("organization") ?? (entry.type == "misc" || entry.type == "online" ? text("institution") : nil) {
                authors = [Person(literal: body)]
                notes.append("no 'author' or 'editor': its organization, \(body), is its author")
            } else {
                notes.append("no 'author' or 'editor': imported as an anonymous work (authors: [])")
            }
        }
        if !unreadMarks.isEmpty {
            notes.append("marks \(String(Set(unreadMarks).sorted())) taken off names: they have no fixed meaning (* equal contribution and † corresponding author are kept as marks)")
        }
        let date = text("date").flatMap(Self.isoDate)
        let yearText = text("year")
        var year = yearText.flatMap { Int($0.prefix(4)) } ?? date?.year
        if let found = year, !(1000...9999).contains(found) { year = nil }
        if year == nil { notes.append(yearText.map { "'year' is \"\($0)\", not a year: imported as undated (year: n.d.)" } ?? "no 'year': imported as undated (year: n.d.)") }
        let eprint = text("eprint")
        let archive = (text("archiveprefix") ?? text("eprinttype"))?.lowercased()
        let journal = text("journal") ?? text("journaltitle")
        var arxiv = archive == "arxiv" ? eprint : nil
        if arxiv == nil, let volume = entry["volume"], volume.lowercased().hasPrefix("abs/") { arxiv = String(volume.dropFirst(4)) }   // DBLP's CoRR
        if arxiv == nil, let id = text("arxiv"), Self.arxivID(in: "arxiv.org/abs/" + id) != nil { arxiv = id }   // al-folio's
        if arxiv == nil, let url = text("url"), let id = Self.arxivID(in: url) { arxiv = id }
        let isPreprint = ["corr", "arxiv", "arxiv preprint", "arxiv e-prints"].contains(journal?.lowercased() ?? "")
            || journal?.lowercased().hasPrefix("arxiv preprint") == true
        var reference = Reference(type: Self.type(entry.type, preprint: isPreprint || (journal == nil && entry["booktitle"] == nil && arxiv != nil)),
                                  key: entry.key, title: title, authors: authors, moreAuthors: more, year: year)
        reference.editors = editors
        if year != nil {
            reference.month = date?.month ?? text("month").flatMap(Self.month)
            reference.day = date?.day ?? (reference.month == nil ? nil : text("day").flatMap { Int($0) })
        }
        switch reference.type {
        case .preprint: reference.container = isPreprint || arxiv != nil ? "arXiv" : journal ?? text("howpublished")
        case .report: reference.container = text("institution") ?? text("publisher")
        case .thesis: reference.container = text("school") ?? text("institution")
        default: reference.container = journal ?? text("booktitle") ?? text("howpublished").flatMap { $0.contains("://") ? nil : $0 }
        }
        // A volume is not inside itself (PMLR's has its name as `booktitle`).
        if reference.container == title { reference.container = nil }
        if reference.type != .preprint { reference.volume = text("volume") }
        reference.issue = text("number") ?? text("issue")
        reference.pages = text("pages")
        if reference.type != .report && reference.type != .thesis { reference.publisher = text("publisher") }
        reference.doi = text("doi").map(Paper.normalizedDOI)
        reference.arxiv = arxiv
        if let url = entry["url"].map(Self.verbatimValue), !url.isEmpty {
            if Self.isWebURL(url) { reference.url = url } else { notes.append("'url' dropped: \"\(url)\" is not an http(s) URL") }
        }
        reference.abstract = text("abstract", .markdown)
        reference.keywords = (text("keywords") ?? "").split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }

        var result = ImportedEntry(reference: reference, location: entry.location, name: name, notes: [])
        readExtras(entry, file: file, into: &result, notes: &notes, text: text)
        if result.reference.pdf == nil, let url = result.reference.url, url.lowercased().hasSuffix(".pdf") { result.reference.pdf = url }
        if !unknown.isEmpty {
            notes.append("LaTeX commands read as their text: " + Array(Set(unknown)).sorted().joined(separator: ", "))
        }
        result.notes = notes
        return result
    }

    /// The fields beyond the citation: links (a URL as it is, a file beside the `.bib` copied
    /// in), al-folio's keys; every other field is listed as dropped.
    private static func readExtras(_ entry: BibTeXEntry, file: String, into result: inout ImportedEntry, notes: inout [String],
                                   text: (String, TeXText.Target) -> String?) {
        var extras = PaperExtras()
        extras.abbr = text("abbr", .plain)
        extras.selected = entry["selected"]?.trimmingWhitespace().lowercased() == "true"
        // al-folio's award is Markdown (`**Nobel Prize**`), not LaTeX.
        extras.award = entry["award"].map { $0.contains("\\") ? TeXText.convert($0, to: .markdown).text : $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        extras.awardName = text("award_name", .plain)
        if let annotation = entry["annotation"] {
            // al-folio's is HTML shown as it is: its `<br>` are line breaks, its `*` and `†` marks.
            let lines = TeXText.convert(annotation, to: .plain).text.replacingOccurrences(of: #"<br\s*/?>"#, with: "\n", options: [.regularExpression, .caseInsensitive])
                .split(separator: "\n").map { MarkdownInline.escaped($0.trimmingWhitespace()) }
            extras.annotation = lines.filter { !$0.isEmpty }.joined(separator: "\\\n")
        }
        // A file the field names beside the `.bib` (al-folio's convention): copied in and linked
        // as `/files/<name>`, or a note saying where to put it. Never a hidden file or `..`.
        func localFile(_ value: String, field: String, instead: String) -> String? {
            let what = field == "preview" ? "an image" : "a file"
            guard BibTeXFields.isFileName(value) else {
                notes.append("'\(field)' dropped: \"\(value)\" is neither an http(s) URL nor a file name")
                return nil
            }
            let name = (value as NSString).lastPathComponent
            let candidates = BibTeXFields.candidates(for: value, field: field, besideFile: file)
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                notes.append("'\(field)' names \(what), \(value), not found beside the .bib file nor in al-folio's assets/: "
                             + "copy it into the content folder's files/ and \(instead.replacingOccurrences(of: "NAME", with: name))")
                return nil
            }
            result.localFiles.append(LocalFile(source: found, sitePath: "/files/" + name))
            return "/files/" + name
        }
        func link(_ field: String, _ kind: PaperLink.Kind, label: String? = nil) {
            guard let value = entry[field].map(Self.verbatimValue), !value.isEmpty else { return }
            let isWeb = Self.isWebURL(value)
            guard let target = isWeb ? value : localFile(value, field: field, instead: "add {kind: \(kind.rawValue), url: /files/NAME} to links") else { return }
            // The paper's own keys take a web link of their kind; everything else is in `links:`.
            switch kind {
            case .pdf where isWeb && result.reference.pdf == nil: result.reference.pdf = target
            case .code where isWeb && extras.code == nil: extras.code = target
            case .data where isWeb && extras.dataset == nil: extras.dataset = target
            default:
                if !extras.links.contains(where: { $0.url == target }) { extras.links.append(PaperLink(kind: kind, url: target, label: label)) }
            }
        }
        for (field, _) in entry.fields {
            let ours = BibTeXFields.cited.contains(field) || BibTeXFields.alFolio.contains(field)
            if field == "preview" {
                if let value = entry[field].map(Self.verbatimValue), !value.isEmpty {
                    extras.preview = Self.isWebURL(value) ? value : localFile(value, field: field, instead: "write preview: /files/NAME")
                }
            } else if let kind = BibTeXFields.linkKind(field) {
                link(field, kind)
            } else if !ours, let value = entry[field].map(Self.verbatimValue), Self.isWebURL(value) {
                link(field, .other, label: field)
            } else if !ours {
                result.dropped.append(field)
            }
        }
        result.extras = extras
    }

    static func type(_ bibTeXType: String, preprint: Bool) -> PublicationType {
        if preprint { return .preprint }
        switch bibTeXType {
        case "inproceedings", "conference": return .conference
        case "article": return .journal
        case "techreport", "report": return .report
        case "phdthesis", "mastersthesis", "thesis": return .thesis
        case "book", "mvbook", "proceedings", "mvproceedings", "collection", "mvcollection": return .book
        case "incollection", "inbook", "bookinbook": return .chapter
        case "unpublished": return .preprint
        default: return .other
        }
    }

    /// `11`, `nov`, `November` (a macro already expanded), `Nov.` -> 11.
    static func month(_ text: String) -> Int? {
        let word = text.trimmingWhitespace().lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let number = Int(word), (1...12).contains(number) { return number }
        return Day.monthNames.firstIndex { $0.lowercased().hasPrefix(word) && word.count >= 3 }.map { $0 + 1 }
    }

    /// biblatex's `date`: `2025`, `2025-11`, `2025-11-13`.
    static func isoDate(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        let parts = text.prefix(10).split(separator: "-").map { Int($0) }
        guard let first = parts.first, let year = first else { return nil }
        let month = parts.count > 1 ? parts[1].flatMap { (1...12).contains($0) ? $0 : nil } : nil
        let day = parts.count > 2 && month != nil ? parts[2].flatMap { (1...31).contains($0) ? $0 : nil } : nil
        return (year, month, day)
    }

    /// A URL or identifier as written in BibTeX: the escapes LaTeX needs in plain BibTeX
    /// (`\&`, `\%`, `\_`, `\#`, `\~`) read as their character, as biber reads the field verbatim.
    static func verbatimValue(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text.trimmingWhitespace() {
            if escaped {
                if !"&%_#~$".contains(character) { result.append("\\") }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
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

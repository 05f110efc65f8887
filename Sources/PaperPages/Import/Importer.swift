import Foundation

/// `paperpages import`: BibTeX and CSL-JSON files into `papers/<slug>.md`.
///
/// Everything is read and planned before anything is written. A paper already in the content
/// folder (the same slug, or the same DOI, arXiv id or citation key under another name) is
/// never overwritten: it is reported, with the fields that differ, unless `force`, which
/// replaces the imported fields and keeps the owner's own (reading status, related papers,
/// notes, any key the import does not write). A new file is created only where no file is.
public struct Importer: Sendable {
    public var contentFolder: String
    public var force: Bool
    /// The day written as `added`, which the feeds sort by.
    public var today: Day

    public init(content: String, force: Bool = false, today: Day) {
        self.contentFolder = content
        self.force = force
        self.today = today
    }

    public enum Action: Sendable, Equatable {
        case create
        /// The file is there and says the same.
        case same
        /// The file is there and differs in these keys; kept unless `force`.
        case differs([String])
        case replace([String])
    }

    public struct Step: Sendable {
        public var entry: ImportedEntry
        public var path: String
        public var action: Action
        /// The file's new text (for `create` and `replace`).
        public var text: String
    }

    public struct Plan: Sendable {
        public var steps: [Step] = []
        public var problems: [Diagnostic] = []
        public var skipped: [String] = []
    }

    /// Reads the files and works out what importing them would do.
    public func plan(_ files: [String]) -> Plan {
        var plan = Plan()
        var entries: [ImportedEntry] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                plan.problems.append(Diagnostic(SourceLocation(path: file), "cannot be read"))
                continue
            }
            let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            if file.lowercased().hasSuffix(".json") || trimmed.first == UInt8(ascii: "[") || trimmed.first == UInt8(ascii: "{") {
                let read = CSLJSONImport.entries(data, path: file)
                entries += read.entries
                plan.problems += read.problems
            } else {
                guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else { continue }
                let parser = BibTeXParser(text, path: file)
                if parser.controlCharactersRemoved > 0 {
                    plan.skipped.append("\(file): \(parser.controlCharactersRemoved) control character(s), which no page can carry, were left out")
                }
                let read = BibTeXImport.entries(parser)
                entries += read.entries
                plan.problems += read.problems
                plan.skipped += read.skipped
            }
        }
        let papersFolder = joinPath(contentFolder, "papers")
        let existing = ExistingPapers(folder: papersFolder)
        var taken = Set<String>()
        for entry in entries {
            let reference = entry.reference
            if let (slug, paper) = existing.match(reference) {
                taken.insert(slug)
                let path = joinPath(papersFolder, slug + ".md")
                let differences = Self.differences(paper, reference)
                if differences.isEmpty {
                    plan.steps.append(Step(entry: entry, path: path, action: .same, text: ""))
                } else if force {
                    let text = Self.replacing(existing.text(of: slug) ?? "", with: reference, added: paper.added ?? today)
                    plan.steps.append(Step(entry: entry, path: path, action: .replace(differences), text: text))
                } else {
                    plan.steps.append(Step(entry: entry, path: path, action: .differs(differences), text: ""))
                }
                continue
            }
            let slug = Self.slug(for: reference, taken: taken.union(existing.slugs))
            taken.insert(slug)
            plan.steps.append(Step(entry: entry, path: joinPath(papersFolder, slug + ".md"), action: .create, text: PaperFile.text(reference, added: today)))
        }
        return plan
    }

    /// Writes the plan's new and replaced files. A new file is linked into place only where no
    /// file is (`link` fails on an existing name), so a file made since the plan is not lost.
    public func apply(_ plan: Plan) throws -> (created: Int, replaced: Int) {
        var created = 0, replaced = 0
        let folder = joinPath(contentFolder, "papers")
        if plan.steps.contains(where: { $0.action == .create }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for step in plan.steps {
            switch step.action {
            case .create:
                let temporary = step.path + ".paperpages-import-\(getpid())"
                try Data(step.text.utf8).write(to: URL(fileURLWithPath: temporary))
                defer { unlink(temporary) }
                guard link(temporary, step.path) == 0 else {
                    throw Diagnostic(SourceLocation(path: step.path), "was not written: \(errno == EEXIST ? "a file appeared there during the import" : String(cString: strerror(errno)))")
                }
                created += 1
            case .replace:
                try Data(step.text.utf8).write(to: URL(fileURLWithPath: step.path), options: .atomic)
                replaced += 1
            case .same, .differs:
                break
            }
        }
        return (created, replaced)
    }

    // MARK: Slugs

    /// A stable slug from the title: its first words, up to 50 characters, then the year and
    /// a number when another paper has it.
    static func slug(for reference: Reference, taken: Set<String>) -> String {
        var slug = ""
        for word in Slug.make(reference.plainTitle).split(separator: "-") {
            if !slug.isEmpty && slug.count + 1 + word.count > 50 { break }
            slug += (slug.isEmpty ? "" : "-") + word
        }
        if slug.isEmpty || !Slug.isValid(slug) { slug = Slug.make(reference.key).isEmpty ? "paper" : Slug.make(reference.key) }
        if !taken.contains(slug) { return slug }
        let dated = slug + "-\(reference.year)"
        if !taken.contains(dated) { return dated }
        var number = 2
        while taken.contains(dated + "-\(number)") { number += 1 }
        return dated + "-\(number)"
    }

    // MARK: Comparing with a paper already there

    /// The keys whose values differ between the file and the import (white space aside).
    static func differences(_ paper: Paper, _ imported: Reference) -> [String] {
        let mine = Reference(paper)
        func same(_ a: String?, _ b: String?) -> Bool {
            a?.split(whereSeparator: \.isWhitespace).joined(separator: " ") == b?.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var keys: [String] = []
        if !same(mine.title, imported.title) { keys.append("title") }
        if mine.authors != imported.authors || mine.moreAuthors != imported.moreAuthors { keys.append("authors") }
        if mine.year != imported.year { keys.append("year") }
        if imported.day != nil && (mine.month != imported.month || mine.day != imported.day) { keys.append("date") }
        if paper.type != nil && paper.type != imported.type { keys.append("type") }
        let pairs: [(String, String?, String?)] = [
            ("venue", mine.container, imported.container), ("volume", mine.volume, imported.volume), ("issue", mine.issue, imported.issue),
            ("pages", mine.pages, imported.pages), ("publisher", mine.publisher, imported.publisher), ("doi", mine.doi, imported.doi),
            ("arxiv", mine.arxiv, imported.arxiv), ("url", mine.url, imported.url), ("pdf", mine.pdf, imported.pdf),
            ("abstract", mine.abstract, imported.abstract),
        ]
        keys += pairs.filter { $0.2 != nil && !same($0.1, $0.2) }.map(\.0)
        if !imported.keywords.isEmpty && Set(mine.keywords) != Set(imported.keywords) { keys.append("topics") }
        if paper.citationKey != nil && paper.citationKey != imported.key { keys.append("citation_key") }
        return keys
    }

    /// The file with the imported keys replaced and every other key of its front matter, and
    /// its body, kept as the owner wrote them.
    static func replacing(_ file: String, with reference: Reference, added: Day) -> String {
        let imported = PaperFile.text(reference, added: added)
        let importedKeys = Set(FrontMatterBlocks(imported).blocks.map(\.key))
        let old = FrontMatterBlocks(file)
        let kept = old.blocks.filter { !importedKeys.contains($0.key) }.map(\.text)
        let new = FrontMatterBlocks(imported).blocks.map(\.text)
        return "---\n" + (new + kept).joined() + "---\n" + old.body
    }
}

/// A front matter split into its top-level keys, each with its lines as written (comments
/// and blank lines go with the key above them).
struct FrontMatterBlocks {
    var blocks: [(key: String, text: String)] = []
    var body = ""

    init(_ file: String) {
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingWhitespace() == "---" else {
            body = file
            return
        }
        var index = 1
        while index < lines.count, lines[index].trimmingWhitespace() != "---" {
            let line = String(lines[index])
            if let first = line.first, !first.isWhitespace, first != "#", first != "-", let colon = line.firstIndex(of: ":") {
                blocks.append((String(line[..<colon]).trimmingWhitespace(), line + "\n"))
            } else if blocks.isEmpty {
                blocks.append(("", line + "\n"))
            } else {
                blocks[blocks.count - 1].text += line + "\n"
            }
            index += 1
        }
        body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
    }
}

/// The papers already in the content folder, by slug and by identifier.
struct ExistingPapers {
    private(set) var slugs: Set<String> = []
    private var papers: [String: Paper] = [:]
    private var byIdentifier: [String: String] = [:]
    private let folder: String

    init(folder: String) {
        self.folder = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasSuffix(".md") {
            let slug = String(name.dropLast(3))
            slugs.insert(slug)
            guard let text = try? String(contentsOfFile: joinPath(folder, name), encoding: .utf8) else { continue }
            var log = DiagnosticLog()
            guard let document = FrontMatterParser.parse(text, path: joinPath(folder, name), log: &log),
                  let paper = Paper(slug: slug, document: document, path: joinPath(folder, name), log: &log) else { continue }
            papers[slug] = paper
            for identifier in Self.identifiers(doi: paper.doi, arxiv: paper.arxiv, key: paper.citationKey, url: paper.url) {
                byIdentifier[identifier] = byIdentifier[identifier] ?? slug
            }
        }
    }

    /// What names one paper wherever it is: its DOI, its arXiv id (any version), its citation
    /// key, its landing page (scheme and a final slash aside).
    private static func identifiers(doi: String?, arxiv: String?, key: String?, url: String?) -> [String] {
        [doi.map { "doi:" + $0.lowercased() }, arxiv.map { "arxiv:" + $0.lowercased().replacingOccurrences(of: #"v\d+$"#, with: "", options: .regularExpression) },
         key.map { "key:" + $0.lowercased() },
         url.map { "url:" + $0.lowercased().replacingOccurrences(of: #"^https?://"#, with: "", options: .regularExpression).trimmingCharacters(in: CharacterSet(charactersIn: "/")) },
        ].compactMap { $0 }
    }

    /// The paper this reference already is: one with its DOI, arXiv id or citation key, or one
    /// at the slug its title gives.
    func match(_ reference: Reference) -> (String, Paper)? {
        for identifier in Self.identifiers(doi: reference.doi, arxiv: reference.arxiv, key: reference.key, url: reference.url) {
            if let slug = byIdentifier[identifier], let paper = papers[slug] { return (slug, paper) }
        }
        let slug = Importer.slug(for: reference, taken: [])
        return papers[slug].map { (slug, $0) }
    }

    func text(of slug: String) -> String? {
        try? String(contentsOfFile: joinPath(folder, slug + ".md"), encoding: .utf8)
    }
}

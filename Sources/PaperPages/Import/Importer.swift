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
    /// The day written as `added`, which the feeds sort by (`--added`, default today).
    public var today: Day
    /// The reading status every new paper gets (`--reading`).
    public var reading: ReadingStatus?
    /// Topics every new paper gets (`--topic`), after its own keywords.
    public var topics: [String]

    public init(content: String, force: Bool = false, today: Day, reading: ReadingStatus? = nil, topics: [String] = []) {
        self.contentFolder = content
        self.force = force
        self.today = today
        self.reading = reading
        self.topics = topics
    }

    var settings: PaperFile.Settings { PaperFile.Settings(reading: reading, topics: topics) }

    public enum Action: Sendable, Equatable {
        case create
        /// The file is there and says the same.
        case same
        /// The file is there and differs in these keys; kept unless `force`.
        case differs([String])
        case replace([String])

        var replaces: Bool { if case .replace = self { true } else { false } }
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
        /// Fields no paper file has a place for, with how many entries had each, most first.
        public var dropped: [(field: String, count: Int)] = []
        /// Files to copy into the content folder's `files/`, by their path in the site.
        public var files: [LocalFile] = []
    }

    /// Reads the files and works out what importing them would do.
    public func plan(_ files: [String]) -> Plan {
        var plan = Plan()
        do {
            try ContentLoader.requireFolder(contentFolder)
        } catch {
            plan.problems.append(error as? Diagnostic ?? ContentLoader.missingFolder(contentFolder))
            return plan
        }
        var entries: [ImportedEntry] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                plan.problems.append(Diagnostic(SourceLocation(path: file), "cannot be read"))
                continue
            }
            let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            if file.lowercased().hasSuffix(".ris") || trimmed.starts(with: Array("TY  -".utf8)) {
                guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else { continue }
                let read = RISImport.entries(text, path: file)
                entries += read.entries
                plan.problems += read.problems
            } else if file.lowercased().hasSuffix(".json") || trimmed.first == UInt8(ascii: "[") || trimmed.first == UInt8(ascii: "{") {
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
            }
        }
        var droppedCounts: [String: Int] = [:]
        for entry in entries { for field in Set(entry.dropped) { droppedCounts[field, default: 0] += 1 } }
        plan.dropped = droppedCounts.map { ($0.key, $0.value) }.sorted { ($1.count, $0.field) < ($0.count, $1.field) }
        let papersFolder = joinPath(contentFolder, "papers")
        let existing = ExistingPapers(folder: papersFolder)
        var taken = Set<String>()
        var keys = existing.citationKeys
        var newPapers: [Paper] = []
        var files = FilePlacer(contentFolder: contentFolder)
        for var entry in entries {
            let match = existing.match(entry.reference)
            if match == nil {
                // Citation keys are unique in a site, whatever their case (BibTeX's rule).
                let key = entry.reference.key
                if keys.contains(key.lowercased()) {
                    var number = 2
                    while keys.contains("\(key)-\(number)".lowercased()) { number += 1 }
                    entry.reference.key = "\(key)-\(number)"
                    entry.notes.append("its citation key \(key) is another paper's: cited as \(entry.reference.key)")
                }
                keys.insert(entry.reference.key.lowercased())
            }
            files.place(&entry)
            let reference = entry.reference
            if let (slug, paper) = match {
                taken.insert(slug)
                let path = joinPath(papersFolder, slug + ".md")
                let differences = Self.differences(paper, reference, entry.extras)
                if differences.isEmpty {
                    plan.steps.append(Step(entry: entry, path: path, action: .same, text: ""))
                } else if force {
                    guard let text = existing.text(of: slug).flatMap({ Self.replacing($0, with: reference, extras: entry.extras, added: paper.added ?? today) }) else {
                        plan.problems.append(Diagnostic(SourceLocation(path: path), "was not replaced: its front matter cannot be rewritten key by key "
                                                        + "(write one top-level key per line, not a {…} mapping on one line); the file was left as it is"))
                        continue
                    }
                    plan.steps.append(Step(entry: entry, path: path, action: .replace(differences), text: text))
                } else {
                    plan.steps.append(Step(entry: entry, path: path, action: .differs(differences), text: ""))
                }
                continue
            }
            let slug = Self.slug(for: reference, taken: taken.union(existing.slugs))
            taken.insert(slug)
            let path = joinPath(papersFolder, slug + ".md")
            let text = PaperFile.text(reference, extras: entry.extras, settings: settings, added: today)
            // What the build would refuse is never written: the file is read back as the build reads it.
            switch Self.load(text, slug: slug, path: path) {
            case .failure(let problem):
                plan.problems.append(Diagnostic(entry.location, "\(entry.name): would be written as a file the build refuses (\(problem.message)); it was left out"))
                continue
            case .success(let paper):
                newPapers.append(paper)
            }
            plan.steps.append(Step(entry: entry, path: path, action: .create, text: text))
        }
        Self.checkTogether(&plan, new: newPapers, existing: existing)
        // The files the written papers link to (a replaced paper's as well as a new one's).
        for step in plan.steps where step.action == .create || step.action.replaces {
            for file in step.entry.localFiles where !plan.files.contains(file) { plan.files.append(file) }
        }
        return plan
    }

    /// The paper a file with this text loads as, or the first reason the build would refuse it.
    static func load(_ text: String, slug: String, path: String) -> Result<Paper, Diagnostic> {
        var log = DiagnosticLog()
        guard let document = FrontMatterParser.parse(text, path: path, log: &log),
              let paper = Paper(slug: slug, document: document, path: path, log: &log) else {
            return .failure(log.diagnostics.first ?? Diagnostic(SourceLocation(path: path), "it does not load"))
        }
        return .success(paper)
    }

    /// The new papers checked with the papers already there as the build checks a site (one
    /// citation key per paper, no two names on one author or venue page): a new file the
    /// build would refuse is left out, with the build's reason.
    static func checkTogether(_ plan: inout Plan, new: [Paper], existing: ExistingPapers) {
        guard !new.isEmpty else { return }
        let papers = existing.loaded + new
        var content = SiteContent(config: SiteConfig(title: "import"), papers: papers, notes: [], reviews: [], pages: [], assets: [])
        content.paperFiles = Set(papers.map(\.slug))
        content.configLoaded = false
        var log = DiagnosticLog()
        _ = SiteGraph(content, log: &log)
        let newPaths = Set(new.map(\.source.path))
        for problem in log.diagnostics where newPaths.contains(problem.location.path) {
            guard let index = plan.steps.firstIndex(where: { $0.path == problem.location.path && $0.action == .create }) else { continue }
            let step = plan.steps.remove(at: index)
            plan.problems.append(Diagnostic(step.entry.location, "\(step.entry.name): would be written as \(step.path), which the build refuses: \(problem.message); it was left out"))
        }
    }

    /// Writes the plan's new and replaced files (see `ContentFileWriter`). A new file is linked
    /// into place only where no file is, so a file made since the plan is not lost.
    public func apply(_ plan: Plan) throws -> (created: Int, replaced: Int) {
        var created = 0, replaced = 0
        try copyFiles(plan.files)
        let folder = joinPath(contentFolder, "papers")
        if plan.steps.contains(where: { $0.action == .create }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        ContentFileWriter.prepare(folder)
        for step in plan.steps {
            switch step.action {
            case .create:
                guard try ContentFileWriter.write(step.text, to: step.path, replacing: false) == .written else {
                    throw Diagnostic(SourceLocation(path: step.path), "was not written: a file appeared there during the import")
                }
                created += 1
            case .replace:
                _ = try ContentFileWriter.write(step.text, to: step.path, replacing: true)
                replaced += 1
            case .same, .differs:
                break
            }
        }
        return (created, replaced)
    }

    /// The files links name, copied into the content folder's `files/` (`FilePlacer` chose names
    /// that are free or hold the same bytes); one already there with the same bytes is left, one
    /// with other bytes (put there since the plan) is never replaced.
    func copyFiles(_ files: [LocalFile]) throws {
        guard !files.isEmpty else { return }
        let folder = joinPath(contentFolder, "files")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            let destination = joinPath(contentFolder, String(file.sitePath.dropFirst()))
            if FileManager.default.fileExists(atPath: destination) {
                guard FileManager.default.contentsEqual(atPath: destination, andPath: file.source) else {
                    throw Diagnostic(SourceLocation(path: destination), "is already there with other contents than \(file.source), "
                                     + "which a link of the import names; rename one of them, then import again")
                }
                continue
            }
            do {
                try FileManager.default.copyItem(atPath: file.source, toPath: destination)
            } catch {
                throw Diagnostic(SourceLocation(path: destination), "could not be copied from \(file.source): \(error.localizedDescription)")
            }
        }
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
        let dated = slug + "-\(reference.year.map(String.init) ?? "nd")"
        if !taken.contains(dated) { return dated }
        var number = 2
        while taken.contains(dated + "-\(number)") { number += 1 }
        return dated + "-\(number)"
    }

    // MARK: Comparing with a paper already there

    /// The keys whose values differ between the file and the import (white space aside).
    static func differences(_ paper: Paper, _ imported: Reference, _ importedExtras: PaperExtras = PaperExtras()) -> [String] {
        let mine = Reference(paper)
        func same(_ a: String?, _ b: String?) -> Bool {
            a?.split(whereSeparator: \.isWhitespace).joined(separator: " ") == b?.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var keys: [String] = []
        if !same(mine.title, imported.title) { keys.append("title") }
        if mine.authors != imported.authors || mine.moreAuthors != imported.moreAuthors { keys.append("authors") }
        if mine.year != imported.year { keys.append("year") }
        if mine.editors != imported.editors { keys.append("editors") }
        if imported.month != nil && (mine.month != imported.month || mine.day != imported.day) { keys.append("date") }
        if paper.type != nil && paper.type != imported.type { keys.append("type") }
        let pairs: [(String, String?, String?)] = [
            ("venue", mine.container, imported.container), ("volume", mine.volume, imported.volume), ("issue", mine.issue, imported.issue),
            ("pages", mine.pages, imported.pages), ("publisher", mine.publisher, imported.publisher), ("doi", mine.doi, imported.doi),
            ("arxiv", mine.arxiv, imported.arxiv), ("url", mine.url, imported.url), ("pdf", mine.pdf, imported.pdf),
            ("abstract", mine.abstract, imported.abstract),
        ]
        let own = paper.extras
        let listKeys: [(String, String?, String?)] = [
            ("code", own.code, importedExtras.code), ("dataset", own.dataset, importedExtras.dataset), ("abbr", own.abbr, importedExtras.abbr),
            ("award", own.award, importedExtras.award), ("award_name", own.awardName, importedExtras.awardName),
            ("preview", own.preview, importedExtras.preview), ("annotation", own.annotation, importedExtras.annotation),
        ]
        keys += (pairs + listKeys).filter { $0.2 != nil && !same($0.1, $0.2) }.map(\.0)
        if !importedExtras.links.isEmpty && own.links != importedExtras.links { keys.append("links") }
        if importedExtras.selected && !own.selected { keys.append("selected") }
        if !imported.keywords.isEmpty && Set(mine.keywords) != Set(imported.keywords) { keys.append("topics") }
        if paper.citationKey != nil && paper.citationKey != imported.key { keys.append("citation_key") }
        return keys
    }

    /// The file with the imported keys replaced and every other key of its front matter, and
    /// its body, kept as the owner wrote them.
    static func replacing(_ file: String, with reference: Reference, extras: PaperExtras = PaperExtras(), added: Day) -> String? {
        let imported = PaperFile.text(reference, extras: extras, added: added)
        guard let new = FrontMatterBlocks(imported), let old = FrontMatterBlocks(file) else { return nil }
        let importedKeys = Set(new.blocks.map(\.key))
        let kept = old.blocks.filter { !importedKeys.contains($0.key) }.map(\.text)
        let text = "---\n" + (new.blocks.map(\.text) + kept).joined() + "---\n" + old.body
        return FrontMatterSplit.withLineEnding(text, old.lineEnding)
    }
}

/// A paper file's front matter cut into its top-level keys, each with its lines as written
/// (comments and blank lines go with the key above them), and its body: read as the loader
/// reads it (`FrontMatterSplit`, then YAML), so a key is a key however it is quoted, and a
/// `---` inside a block scalar is text. Nil when the file would not load.
struct FrontMatterBlocks {
    var blocks: [(key: String, text: String)] = []
    var body = ""
    /// The file's own line end, for writing it back.
    var lineEnding = "\n"

    init?(_ file: String) {
        guard case .success(let split) = FrontMatterSplit.split(file) else { return nil }
        var log = DiagnosticLog()
        guard let fields = FrontMatterParser.parseMapping(split.yaml, path: "", lineOffset: 0, log: &log) else { return nil }
        let lines = split.yaml.isEmpty ? [] : split.yaml.split(separator: "\n", omittingEmptySubsequences: false)
        // Each key's first line (0-based in the YAML): a key per line, in order, or the
        // front matter is not one this can rewrite key by key (a flow mapping on one line).
        let starts = fields.map { ($0.keyLocation.line ?? 0) - 1 }
        guard zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 }), starts.allSatisfy({ $0 >= 0 && $0 < lines.count }) else { return nil }
        func text(_ range: Range<Int>) -> String { lines[range].map { $0 + "\n" }.joined() }
        if let first = starts.first, first > 0 { blocks.append(("", text(0..<first))) }
        for (index, field) in fields.enumerated() {
            blocks.append((field.key, text(starts[index]..<(index + 1 < starts.count ? starts[index + 1] : lines.count))))
        }
        if fields.isEmpty, !lines.isEmpty { blocks.append(("", text(0..<lines.count))) }
        body = split.body
        lineEnding = split.lineEnding
    }
}

/// The papers already in the content folder, by slug and by identifier.
struct ExistingPapers {
    private(set) var slugs: Set<String> = []
    private var papers: [String: Paper] = [:]
    /// The papers that load, in file-name order.
    var loaded: [Paper] { papers.keys.sorted().map { papers[$0]! } }
    /// Every paper's citation key (its slug when it has none), lower-cased.
    var citationKeys: Set<String> { Set(papers.map { ($0.value.citationKey ?? $0.key).lowercased() }) }
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
            guard let slug = byIdentifier[identifier], let paper = papers[slug] else { continue }
            // A citation key names a paper only within its own bibliography: two files may
            // each have a `smith2020`. It matches when the paper is recognisably the same.
            if identifier.hasPrefix("key:") && !Self.isSamePaper(paper, reference) { continue }
            return (slug, paper)
        }
        let slug = Importer.slug(for: reference, taken: [])
        return papers[slug].map { (slug, $0) }
    }

    /// The same title (case, marks and spacing aside), or the same first author and year.
    static func isSamePaper(_ paper: Paper, _ reference: Reference) -> Bool {
        Slug.make(MarkdownInline.plain(paper.title)) == Slug.make(reference.plainTitle)
            || (paper.year == reference.year && paper.byline.first?.slug == (reference.authors.first ?? reference.editors.first)?.slug)
    }

    func text(of slug: String) -> String? {
        try? String(contentsOfFile: joinPath(folder, slug + ".md"), encoding: .utf8)
    }
}

/// Where the files an import copies go: `files/<name>`, or `files/<name>-2.<ext>` when that
/// name is taken by other bytes (a file already there, or another entry's file of the same
/// name), so no link ever points at a file it did not name.
struct FilePlacer {
    let contentFolder: String
    /// Site paths given out so far, with the file each stands for.
    private var given: [String: String] = [:]

    init(contentFolder: String) { self.contentFolder = contentFolder }

    /// The entry's files at the paths they will have, and its links and preview rewritten to them.
    mutating func place(_ entry: inout ImportedEntry) {
        for index in entry.localFiles.indices {
            let file = entry.localFiles[index]
            let placed = path(for: file)
            guard placed != file.sitePath else { continue }
            entry.localFiles[index].sitePath = placed
            for link in entry.extras.links.indices where entry.extras.links[link].url == file.sitePath { entry.extras.links[link].url = placed }
            if entry.extras.preview == file.sitePath { entry.extras.preview = placed }
        }
    }

    private mutating func path(for file: LocalFile) -> String {
        let name = file.sitePath as NSString
        var candidate = file.sitePath, number = 2
        while !isFree(candidate, for: file.source) {
            candidate = name.deletingPathExtension + "-\(number)." + name.pathExtension
            number += 1
        }
        given[candidate] = file.source
        return candidate
    }

    /// Free for this file: not given to another file's bytes, and absent or the same bytes on disk.
    private func isFree(_ sitePath: String, for source: String) -> Bool {
        let manager = FileManager.default
        if let other = given[sitePath], other != source, !manager.contentsEqual(atPath: other, andPath: source) { return false }
        let destination = joinPath(contentFolder, String(sitePath.dropFirst()))
        return !manager.fileExists(atPath: destination) || manager.contentsEqual(atPath: destination, andPath: source)
    }
}

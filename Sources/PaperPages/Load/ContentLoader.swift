import Foundation

/// Everything in `Content/`, read and checked, before anything is rendered.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    public var papers: [Paper]
    public var notes: [Note]
    public var reviews: [Review]
    public var pages: [Page]
    /// Files copied to the output unchanged, relative to the content folder.
    public var assets: [String]
    /// The slug of every file in papers/, including files that failed to load, so a reference
    /// to a broken paper is not also reported as a reference to a missing one.
    public var paperFiles: Set<String> = []
}

/// The kinds of Markdown file, by the folder they live in.
enum ContentKind: String, CaseIterable, Sendable {
    case paper = "papers"
    case note = "notes"
    case review = "reviews"
    case page = "pages"
}

/// The load stage: reads every file of the content folder and builds the typed model,
/// collecting every problem rather than stopping at the first.
public struct ContentLoader: Sendable {
    public var folder: String
    public var fileSystem: FileSystem

    public init(folder: String, fileSystem: FileSystem = .local) {
        self.folder = folder
        self.fileSystem = fileSystem
    }

    private enum Loaded: Sendable {
        case paper(Paper), note(Note), review(Review), page(Page)
    }

    /// Loads the site, throwing every problem found.
    public func load() async throws -> SiteContent {
        let (content, diagnostics) = try await loadCollectingProblems()
        try DiagnosticLog(diagnostics).throwIfAny()
        return content
    }

    /// Loads what can be loaded and returns the problems beside it, so later checks (unknown
    /// slugs) can run on the rest and one build reports everything. Throws only when the
    /// content folder itself is missing.
    func loadCollectingProblems() async throws -> (SiteContent, [Diagnostic]) {
        var log = DiagnosticLog()
        guard fileSystem.exists(folder) else {
            throw BuildFailure([Diagnostic(SourceLocation(path: folder), "content folder not found")])
        }
        let files = try fileSystem.listFiles(folder, log: &log)
        let config = loadConfig(&log)

        var markdown: [(ContentKind, String, String)] = []   // kind, slug, relative path
        var assets: [String] = []
        for file in files where file != SiteConfig.fileName {
            let location = SourceLocation(path: joinPath(folder, file))
            let parts = file.split(separator: "/")
            let kind = parts.count > 1 ? ContentKind(rawValue: String(parts[0])) : nil
            if let kind, parts.count == 2, parts[1].hasSuffix(".md") {
                let slug = String(parts[1].dropLast(3))
                if Slug.isValid(slug) {
                    markdown.append((kind, slug, file))
                } else {
                    log.error(location, "file name '\(slug)' is not a valid slug: use lower-case letters, digits and '-' (for example '\(Slug.make(slug))')")
                }
            } else if kind != nil, parts.count == 2, SourceFiles.isMarkdown(String(parts[1])) {
                let stem = parts[1].prefix { $0 != "." }
                log.error(location, "Markdown files here end in '.md' (lower-case): rename it to \(stem).md")
            } else if kind != nil, parts.count > 2, SourceFiles.isMarkdown(file) {
                log.error(location, "Markdown files in \(parts[0])/ must sit directly in it, not in a subfolder")
            } else if let problem = SourceFiles.problem(publishing: file) {
                log.error(location, problem)
            } else if SourceFiles.isMarkdown(file) {
                log.error(location, "is a Markdown file outside papers/, notes/, reviews/ and pages/, so it would be published as it is, "
                          + "front matter and all; move it into one of those folders, or out of the content folder")
            } else {
                assets.append(file)
            }
        }

        // Reading and parsing are independent per file: one task each, merged serially below.
        let results = await withTaskGroup(of: (Int, Loaded?, [Diagnostic]).self) { group in
            for (index, entry) in markdown.enumerated() {
                group.addTask { [folder, fileSystem] in
                    let (kind, slug, file) = entry
                    var fileLog = DiagnosticLog()
                    let path = joinPath(folder, file)
                    let loaded = Self.loadDocument(kind: kind, slug: slug, path: path, fileSystem: fileSystem, log: &fileLog)
                    return (index, loaded, fileLog.diagnostics)
                }
            }
            var results = [(Loaded?, [Diagnostic])](repeating: (nil, []), count: markdown.count)
            for await (index, loaded, diagnostics) in group { results[index] = (loaded, diagnostics) }
            return results
        }

        var content = SiteContent(config: config ?? SiteConfig(title: ""), papers: [], notes: [], reviews: [], pages: [], assets: assets,
                                  paperFiles: Set(markdown.filter { $0.0 == .paper }.map(\.1)))
        for (loaded, diagnostics) in results {
            log.append(contentsOf: diagnostics)
            switch loaded {
            case .paper(let paper): content.papers.append(paper)
            case .note(let note): content.notes.append(note)
            case .review(let review): content.reviews.append(review)
            case .page(let page): content.pages.append(page)
            case nil: break
            }
        }
        return (content, log.diagnostics)
    }

    private func loadConfig(_ log: inout DiagnosticLog) -> SiteConfig? {
        let path = joinPath(folder, SiteConfig.fileName)
        guard fileSystem.exists(path) else {
            log.error(SourceLocation(path: path), "site settings not found: create it with at least a line 'title: My reading list'")
            return nil
        }
        guard let text = Self.readText(path, fileSystem: fileSystem, log: &log) else { return nil }
        return SiteConfig(yaml: text, path: path, log: &log)
    }

    private static func loadDocument(kind: ContentKind, slug: String, path: String, fileSystem: FileSystem,
                                     log: inout DiagnosticLog) -> Loaded? {
        guard let text = readText(path, fileSystem: fileSystem, log: &log),
              let document = FrontMatterParser.parse(text, path: path, log: &log) else { return nil }
        switch kind {
        case .paper: return Paper(slug: slug, document: document, path: path, log: &log).map(Loaded.paper)
        case .note: return Note(slug: slug, document: document, path: path, log: &log).map(Loaded.note)
        case .review: return Review(slug: slug, document: document, path: path, log: &log).map(Loaded.review)
        case .page: return Page(slug: slug, document: document, path: path, log: &log).map(Loaded.page)
        }
    }

    private static func readText(_ path: String, fileSystem: FileSystem, log: inout DiagnosticLog) -> String? {
        do {
            let data = try fileSystem.read(path)
            guard let text = String(data: data, encoding: .utf8) else {
                log.error(SourceLocation(path: path), "not valid UTF-8 text: save the file as UTF-8")
                return nil
            }
            return text
        } catch {
            log.error(SourceLocation(path: path), "cannot be read: \(SystemError.describe(error))")
            return nil
        }
    }
}

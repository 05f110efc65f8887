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
    /// Every loaded Markdown file's bytes hash and model, by path: the next build's cache, and
    /// what page fingerprints are made of.
    var sources: [String: BuildCache.Source] = [:]
    /// The hash of site.yaml's text, for page fingerprints.
    var configHash: UInt64 = 0
    /// False when site.yaml failed to load and `config` is a stand-in, so what is checked
    /// against its settings (the owner's reactions) is not reported as well.
    var configLoaded = true
}

extension SiteContent {
    /// The cache's bytes for the model loaded from `path` (see `BuildCache.Source`), made
    /// when the cache is saved.
    func modelEncoder() -> @Sendable (String) -> [UInt8]? {
        let documents = self.documents
        return { path in
            var writer = ByteWriter()
            switch documents[path] {
            case .paper(let paper): writer.write(paper)
            case .note(let note): writer.write(note)
            case .review(let review): writer.write(review)
            case .page(let page): writer.write(page)
            case nil: return nil
            }
            return writer.bytes
        }
    }
}

/// One Markdown file's model.
enum LoadedDocument: Sendable {
    case paper(Paper), note(Note), review(Review), page(Page)

    var source: SourceLocation {
        switch self {
        case .paper(let paper): paper.source
        case .note(let note): note.source
        case .review(let review): review.source
        case .page(let page): page.source
        }
    }
}

extension SiteContent {
    /// Swaps in a file's new model (the preview server's quick path).
    mutating func replace(_ document: LoadedDocument, source: BuildCache.Source) {
        switch document {
        case .paper(let paper): if let index = papers.firstIndex(where: { $0.slug == paper.slug }) { papers[index] = paper }
        case .note(let note): if let index = notes.firstIndex(where: { $0.slug == note.slug }) { notes[index] = note }
        case .review(let review): if let index = reviews.firstIndex(where: { $0.slug == review.slug }) { reviews[index] = review }
        case .page(let page): if let index = pages.firstIndex(where: { $0.slug == page.slug }) { pages[index] = page }
        }
        sources[document.source.path] = source
    }

    /// Every loaded file's model, by path.
    var documents: [String: LoadedDocument] {
        var documents: [String: LoadedDocument] = [:]
        for paper in papers { documents[paper.source.path] = .paper(paper) }
        for note in notes { documents[note.source.path] = .note(note) }
        for review in reviews { documents[review.source.path] = .review(review) }
        for page in pages { documents[page.source.path] = .page(page) }
        return documents
    }
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
    /// The previous build's models, by path: a file whose bytes hash the same is not parsed.
    var cached: [String: BuildCache.Source] = [:]

    public init(folder: String, fileSystem: FileSystem = .local) {
        self.folder = folder
        self.fileSystem = fileSystem
    }

    /// Models known to match their files (a watcher saw no change since they were loaded), by
    /// path: taken without reading the file.
    var unchanged: [String: LoadedDocument] = [:]

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
        guard fileSystem.exists(folder) else { throw BuildFailure([Self.missingFolder(folder)]) }
        let files = try fileSystem.listFiles(folder, log: &log)
        let (config, configHash) = loadConfig(&log)

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
        // A task per slice of files, not per file: thousands of small files load in a few tasks.
        let entries = markdown
        let results = await withTaskGroup(of: [(Int, LoadedDocument?, BuildCache.Source?, [Diagnostic])].self) { group in
            let slices = max(1, min(markdown.count, ProcessInfo.processInfo.activeProcessorCount * 4))
            for slice in 0..<slices {
                group.addTask { [folder, fileSystem, cached, unchanged] in
                    stride(from: slice, to: entries.count, by: slices).map { index in
                        let (kind, slug, file) = entries[index]
                        var fileLog = DiagnosticLog()
                        let path = joinPath(folder, file)
                        if let known = unchanged[path], let source = cached[path] { return (index, known, source, []) }
                        let (loaded, source) = Self.loadDocument(kind: kind, slug: slug, path: path, cached: cached[path],
                                                                 fileSystem: fileSystem, log: &fileLog)
                        return (index, loaded, source, fileLog.diagnostics)
                    }
                }
            }
            var results = [(LoadedDocument?, BuildCache.Source?, [Diagnostic])](repeating: (nil, nil, []), count: markdown.count)
            for await batch in group {
                for (index, loaded, source, diagnostics) in batch { results[index] = (loaded, source, diagnostics) }
            }
            return results
        }

        var content = SiteContent(config: config ?? SiteConfig(title: ""), papers: [], notes: [], reviews: [], pages: [], assets: assets,
                                  paperFiles: Set(markdown.filter { $0.0 == .paper }.map(\.1)))
        content.configHash = configHash
        content.configLoaded = config != nil
        for ((_, _, file), (loaded, source, diagnostics)) in zip(markdown, results) {
            log.append(contentsOf: diagnostics)
            if let source { content.sources[joinPath(folder, file)] = source }
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

    /// One Markdown file of the content folder, read and checked on its own (the preview
    /// server's quick path), with its problems; nil when the path is not a file the loader
    /// reads as Markdown.
    func loadOne(_ path: String) -> (document: LoadedDocument?, source: BuildCache.Source?, problems: [Diagnostic])? {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/")
        guard parts.count == 2, let kind = ContentKind(rawValue: String(parts[0])), parts[1].hasSuffix(".md") else { return nil }
        let slug = String(parts[1].dropLast(3))
        guard Slug.isValid(slug), joinPath(folder, String(parts[0]) + "/" + parts[1]) == path else { return nil }
        var log = DiagnosticLog()
        let (document, source) = Self.loadDocument(kind: kind, slug: slug, path: path, cached: nil, fileSystem: fileSystem, log: &log)
        return (document, source, log.diagnostics)
    }

    /// What every command says of a content folder that is not there (`import` and `new` do not
    /// make one: a misspelt --content would start a second site beside the real one).
    static func missingFolder(_ folder: String) -> Diagnostic {
        Diagnostic(SourceLocation(path: folder), "content folder not found: pass --content with the folder that holds site.yaml")
    }

    /// Throws `missingFolder` unless `folder` is a folder.
    public static func requireFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { throw missingFolder(folder) }
    }

    /// site.yaml's settings, and the hash of its text.
    private func loadConfig(_ log: inout DiagnosticLog) -> (SiteConfig?, UInt64) {
        let path = joinPath(folder, SiteConfig.fileName)
        guard fileSystem.exists(path) else {
            log.error(SourceLocation(path: path), "site settings not found: create it with at least a line 'title: My reading list'")
            return (nil, 0)
        }
        guard let text = Self.readText(path, fileSystem: fileSystem, log: &log) else { return (nil, 0) }
        return (SiteConfig(yaml: text, path: path, log: &log), StableHash.of(text))
    }

    /// One Markdown file's model: from the cache when its bytes hash as they did when it was
    /// cached, else parsed and checked. Only a file that loaded without a problem is cached.
    private static func loadDocument(kind: ContentKind, slug: String, path: String, cached: BuildCache.Source?,
                                     fileSystem: FileSystem, log: inout DiagnosticLog) -> (LoadedDocument?, BuildCache.Source?) {
        guard let data = readData(path, fileSystem: fileSystem, log: &log) else { return (nil, nil) }
        let hash = data.withUnsafeBytes { bytes in
            var hash = StableHash()
            hash.combine(bytes: bytes)
            return hash.value
        }
        if let cached, cached.hash == hash, let model = cached.model, let loaded = try? decode(kind, model) { return (loaded, cached) }
        guard let text = decodeText(data, path: path, log: &log) else { return (nil, nil) }
        MarkdownLimits.check(text, path: path, log: &log)
        guard log.isEmpty, let document = FrontMatterParser.parse(text, path: path, log: &log) else { return (nil, nil) }
        let loaded: LoadedDocument?
        switch kind {
        case .paper: loaded = Paper(slug: slug, document: document, path: path, log: &log).map { .paper($0) }
        case .note: loaded = Note(slug: slug, document: document, path: path, log: &log).map { .note($0) }
        case .review: loaded = Review(slug: slug, document: document, path: path, log: &log).map { .review($0) }
        case .page: loaded = Page(slug: slug, document: document, path: path, log: &log).map { .page($0) }
        }
        guard let loaded, log.diagnostics.isEmpty else { return (loaded, nil) }
        return (loaded, BuildCache.Source(hash: hash, model: nil))
    }

    private static func decode(_ kind: ContentKind, _ model: [UInt8]) throws -> LoadedDocument {
        var reader = ByteReader(model)
        let loaded: LoadedDocument
        switch kind {
        case .paper: loaded = .paper(try reader.paper())
        case .note: loaded = .note(try reader.note())
        case .review: loaded = .review(try reader.review())
        case .page: loaded = .page(try reader.page())
        }
        guard reader.isAtEnd else { throw ByteReader.Corrupt() }
        return loaded
    }

    private static func readData(_ path: String, fileSystem: FileSystem, log: inout DiagnosticLog) -> Data? {
        do {
            return try fileSystem.read(path)
        } catch {
            log.error(SourceLocation(path: path), "cannot be read: \(SystemError.describe(error))")
            return nil
        }
    }

    private static func decodeText(_ data: Data, path: String, log: inout DiagnosticLog) -> String? {
        guard let text = String(data: data, encoding: .utf8) else {
            log.error(SourceLocation(path: path), "not valid UTF-8 text: save the file as UTF-8")
            return nil
        }
        return text
    }

    private static func readText(_ path: String, fileSystem: FileSystem, log: inout DiagnosticLog) -> String? {
        readData(path, fileSystem: fileSystem, log: &log).flatMap { decodeText($0, path: path, log: &log) }
    }

}

import Foundation

/// The Mustache layouts: the site's own `Layouts/` over the built-in ones (`BuiltInFiles`).
///
/// Each `*.mustache` file is registered under its path without the extension (`paper`,
/// `partials/head`), the name partials (`{{> partials/head}}`) and parents (`{{< base}}`) use.
/// Every other file (the site's CSS and JavaScript) is copied into the output. Files are looked
/// up by that relative path in each folder in turn, the first found used: a site that overrides
/// `paper.mustache` keeps every other layout built in. The checks (unknown names, cycles) run
/// on the combined set, and messages name the file that was used.
public struct LayoutSet: Sendable {
    /// The folders looked in, the first winning: the site's, then the built-in layouts.
    public let folders: [String]
    /// The site's own folder, where messages about a missing layout point.
    public var folder: String { folders.first ?? "Layouts" }
    /// The layouts compiled for rendering (see `LayoutTemplate`), by name.
    let compiled: [String: LayoutTemplate]
    /// Layout name -> its file and text, for pointing messages at a line.
    let sources: [String: LayoutSource]
    /// Non-layout files: where they go in the site, relative, and the file copied there.
    public let assets: [(path: String, source: String)]

    struct LayoutSource: Sendable {
        var path: String
        var text: String
        /// Its tags with their places, from its one parse (`LayoutTemplate.tags`).
        var tags: [LayoutTemplate.Tag] = []
    }

    public static let fileExtension = ".mustache"

    public init(folder: String, fileSystem: FileSystem = .local) throws {
        try self.init(folders: [folder], fileSystem: fileSystem)
    }

    public init(folders: [String], fileSystem: FileSystem = .local) throws {
        var log = DiagnosticLog()
        self.folders = folders
        if folders.isEmpty || !folders.contains(where: fileSystem.exists) {
            throw BuildFailure([Diagnostic(SourceLocation(path: folders.first ?? "Layouts"), "layouts folder not found")])
        }
        // The first folder's file wins for each relative path.
        var chosen: [String: String] = [:]
        var order: [String] = []
        for folder in folders where fileSystem.exists(folder) {
            for file in try fileSystem.listFiles(folder, log: &log) where chosen[file] == nil {
                chosen[file] = folder
                order.append(file)
            }
        }
        var compiled: [String: LayoutTemplate] = [:]
        var sources: [String: LayoutSource] = [:]
        var assets: [(path: String, source: String)] = []
        for file in order {
            let path = joinPath(chosen[file]!, file)
            guard file.hasSuffix(Self.fileExtension) else {
                if let problem = SourceFiles.problem(publishing: file) {
                    log.error(SourceLocation(path: path), problem)
                } else {
                    assets.append((file, path))
                }
                continue
            }
            let name = String(file.dropLast(Self.fileExtension.count))
            guard let data = try? fileSystem.read(path), let text = String(data: data, encoding: .utf8) else {
                log.error(SourceLocation(path: path), "cannot be read as UTF-8 text")
                continue
            }
            // Parsed once, with the place of every tag and of any error (nesting too deep
            // included: rendering recurses once per level).
            do {
                let template = try LayoutTemplate(parsing: text)
                sources[name] = LayoutSource(path: path, text: text, tags: template.tags)
                compiled[name] = template
            } catch let error as LayoutTemplate.ParseError {
                log.error(SourceLocation(path: path, line: error.line, column: error.column),
                          error.tooDeep ? error.message : "invalid Mustache: \(error.message)")
            } catch {
                log.error(SourceLocation(path: path), "cannot be compiled for rendering: \(error)")
            }
        }
        self.compiled = compiled
        self.sources = sources
        self.assets = assets
        for (name, source) in sources {
            for tag in source.tags where tag.kind == .partial || tag.kind == .parent {
                if sources[tag.name] == nil {
                    log.error(SourceLocation(path: source.path, line: tag.line, column: tag.column),
                              "'\(name)' includes '\(tag.name)', but there is no \(Self.lookedFor(tag.name, in: folders))")
                }
            }
        }
        log.append(contentsOf: Self.inclusionCycles(sources))
        try log.throwIfAny()
    }

    /// `x.mustache in Layouts/ or in the built-in layouts (/usr/local/share/paperpages/Layouts)`.
    static func lookedFor(_ name: String, in folders: [String]) -> String {
        let file = name + fileExtension
        guard folders.count > 1 else { return joinPath(folders.first ?? "Layouts", file) }
        return "\(file) in \(folders[0])/ or in the built-in layouts (\(folders.dropFirst().joined(separator: ", ")))"
    }

    /// The file a layout name was read from, for messages.
    func path(of name: String) -> String {
        sources[name]?.path ?? joinPath(folder, name + Self.fileExtension)
    }

    /// Checks that every layout the site needs exists, naming the pages that need it.
    func requireLayouts(_ needs: [String: Int]) throws {
        try DiagnosticLog(missingLayouts(needs)).throwIfAny()
    }

    func missingLayouts(_ needs: [String: Int]) -> [Diagnostic] {
        needs.filter { sources[$0.key] == nil }.sorted { $0.key < $1.key }.map { name, count in
            Diagnostic(SourceLocation(path: joinPath(folder, name + Self.fileExtension)),
                       "layout not found\(folders.count > 1 ? " (no \(Self.lookedFor(name, in: folders)))" : ""); \(count) page\(count == 1 ? "" : "s") need\(count == 1 ? "s" : "") it")
        }
    }

    /// Where a variable is written in a layout and the partials and parents it uses.
    func locations(of variable: String, from layout: String) -> [SourceLocation] {
        var visited: Set<String> = []
        var queue = [layout]
        var found: [SourceLocation] = []
        while let name = queue.popLast() {
            guard visited.insert(name).inserted, let source = sources[name] else { continue }
            for tag in source.tags {
                switch tag.kind {
                case .partial, .parent: queue.append(tag.name)
                case .variable, .section, .inverted:
                    let name = tag.name
                    let root = name.split(separator: ".").first.map(String.init) ?? name
                    if name == variable || root == variable || name.hasSuffix("." + variable) {
                        found.append(SourceLocation(path: source.path, line: tag.line, column: tag.column))
                    }
                default: break
                }
            }
        }
        return found.sorted()
    }
}

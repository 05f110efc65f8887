import Foundation
import Mustache

/// The Mustache layouts of `Layouts/`, parsed and checked before anything is rendered.
///
/// Each `*.mustache` file is registered under its path without the extension (`paper`,
/// `partials/head`), the name partials (`{{> partials/head}}`) and parents (`{{< base}}`) use.
/// Every other file in the folder (the site's CSS and JavaScript) is copied into the output.
public struct LayoutSet: Sendable {
    public let folder: String
    /// The layouts compiled for rendering (see `LayoutTemplate`), by name.
    let compiled: [String: LayoutTemplate]
    /// Layout name -> its file and text, for pointing messages at a line.
    let sources: [String: LayoutSource]
    /// Non-layout files, relative to the folder.
    public let assets: [String]

    struct LayoutSource: Sendable {
        var path: String
        var text: String
    }

    public static let fileExtension = ".mustache"

    public init(folder: String, fileSystem: FileSystem = .local) throws {
        var log = DiagnosticLog()
        self.folder = folder
        guard fileSystem.exists(folder) else {
            throw BuildFailure([Diagnostic(SourceLocation(path: folder), "layouts folder not found")])
        }
        var compiled: [String: LayoutTemplate] = [:]
        var sources: [String: LayoutSource] = [:]
        var assets: [String] = []
        let files = try fileSystem.listFiles(folder, log: &log)
        for file in files {
            guard file.hasSuffix(Self.fileExtension) else {
                if let problem = SourceFiles.problem(publishing: file) {
                    log.error(SourceLocation(path: joinPath(folder, file)), problem)
                } else {
                    assets.append(file)
                }
                continue
            }
            let name = String(file.dropLast(Self.fileExtension.count))
            let path = joinPath(folder, file)
            guard let data = try? fileSystem.read(path), let text = String(data: data, encoding: .utf8) else {
                log.error(SourceLocation(path: path), "cannot be read as UTF-8 text")
                continue
            }
            // swift-mustache parses and renders sections by recursion: a deep enough nest
            // would overflow the stack, so it is refused before it reaches the parser.
            if let problem = Self.nestingProblem(MustacheTags.scan(text)) {
                log.error(SourceLocation(path: path, line: problem.line, column: problem.column), problem.message)
                continue
            }
            do {
                // swift-mustache is the reference parser: a layout it refuses is refused with its reason.
                _ = try MustacheTemplate(string: text)
                sources[name] = LayoutSource(path: path, text: text)
                compiled[name] = try LayoutTemplate(parsing: text)
            } catch let error as MustacheTemplate.ParserError {
                log.error(SourceLocation(path: path, line: error.context.lineNumber, column: error.context.columnNumber),
                          "invalid Mustache: \(Self.explain(error.error))")
            } catch let error as LayoutTemplate.ParseError {
                // swift-mustache accepted it: a difference between the two parsers, reported as such.
                log.error(SourceLocation(path: path), "cannot be compiled for rendering: \(error.message)")
            }
        }
        self.compiled = compiled
        self.sources = sources
        self.assets = assets
        for (name, source) in sources {
            for tag in MustacheTags.scan(source.text) where tag.kind == .partial || tag.kind == .parent {
                if sources[tag.name] == nil {
                    log.error(SourceLocation(path: source.path, line: tag.line, column: tag.column),
                              "'\(name)' includes '\(tag.name)', but there is no \(joinPath(folder, tag.name + Self.fileExtension))")
                }
            }
        }
        log.append(contentsOf: Self.inclusionCycles(sources))
        try log.throwIfAny()
    }

    /// Checks that every layout the site needs exists, naming the pages that need it.
    func requireLayouts(_ needs: [String: Int]) throws {
        try DiagnosticLog(missingLayouts(needs)).throwIfAny()
    }

    func missingLayouts(_ needs: [String: Int]) -> [Diagnostic] {
        needs.filter { sources[$0.key] == nil }.sorted { $0.key < $1.key }.map { name, count in
            Diagnostic(SourceLocation(path: joinPath(folder, name + Self.fileExtension)),
                       "layout not found; \(count) page\(count == 1 ? "" : "s") need\(count == 1 ? "s" : "") it")
        }
    }

    /// Where a variable is written in a layout and the partials and parents it uses.
    func locations(of variable: String, from layout: String) -> [SourceLocation] {
        var visited: Set<String> = []
        var queue = [layout]
        var found: [SourceLocation] = []
        while let name = queue.popLast() {
            guard visited.insert(name).inserted, let source = sources[name] else { continue }
            for tag in MustacheTags.scan(source.text) {
                switch tag.kind {
                case .partial, .parent: queue.append(tag.name)
                case .variable, .section, .inverted:
                    let name = tag.variableName
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

    private static func explain(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a closing tag {{/...}} does not match the open section"
        case MustacheTemplate.Error.unfinishedName: "a tag is not closed with }}"
        case MustacheTemplate.Error.expectedSectionEnd: "a section is opened but never closed with {{/...}}"
        case MustacheTemplate.Error.invalidSetDelimiter: "invalid set-delimiter tag"
        case MustacheTemplate.Error.transformAppliedToInheritanceSection: "a transform cannot be applied to {{<parent}} or {{$block}}"
        case MustacheTemplate.Error.illegalTokenInsideInheritSection, MustacheTemplate.Error.textInsideInheritSection:
            "inside {{<parent}}...{{/parent}} only {{$block}} overrides may be written"
        case MustacheTemplate.Error.invalidConfigVariableSyntax, MustacheTemplate.Error.unrecognisedConfigVariable:
            "unknown {{% ...}} pragma"
        // swift-mustache's reader says "overflow" when the text ends inside a tag.
        default: "\(error)" == "overflow" ? "the file ends inside a tag; close it with }}" : "\(error)"
        }
    }
}

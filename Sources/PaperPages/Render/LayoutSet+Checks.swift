import Foundation

extension LayoutSet {
    /// Layouts that include themselves, directly or through others, as partials (`{{> x}}`)
    /// or parents (`{{< x}}`): rendering one would never end. Each cycle is reported once, at
    /// the tag that closes it, with the chain of files.
    static func inclusionCycles(_ sources: [String: LayoutSource]) -> [Diagnostic] {
        var edges: [String: [LayoutTemplate.Tag]] = [:]
        for (name, source) in sources {
            edges[name] = source.tags.filter { ($0.kind == .partial || $0.kind == .parent) && sources[$0.name] != nil }
        }
        var diagnostics: [Diagnostic] = []
        var done: Set<String> = []
        var reported: Set<Set<String>> = []
        var path: [String] = []
        var onPath: Set<String> = []

        func visit(_ name: String) {
            path.append(name)
            onPath.insert(name)
            for tag in edges[name] ?? [] {
                if onPath.contains(tag.name) {
                    let cycle = Array(path[path.firstIndex(of: tag.name)!...])
                    if reported.insert(Set(cycle)).inserted, let source = sources[name] {
                        let chain = (cycle + [tag.name]).map { "\($0)\(fileExtension)" }.joined(separator: " -> ")
                        let how = cycle.count == 1 ? "'\(name)' includes itself" : "'\(name)' includes '\(tag.name)', which leads back to it"
                        diagnostics.append(Diagnostic(SourceLocation(path: source.path, line: tag.line, column: tag.column),
                            "\(how) (\(chain)); rendering it would never end, so a layout may not include itself, directly or through others"))
                    }
                } else if !done.contains(tag.name) {
                    visit(tag.name)
                }
            }
            onPath.remove(name)
            path.removeLast()
            done.insert(name)
        }
        for name in sources.keys.sorted() where !done.contains(name) { visit(name) }
        return diagnostics
    }
}

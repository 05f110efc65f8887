import Foundation
@testable import PaperPages

/// A site in a fresh temporary folder: the project's example Content/ and Layouts/ (real
/// papers from PMLR volume 304), or files a test writes itself. Removed when released.
final class TemporarySite {
    let root: URL
    var content: URL { root.appendingPathComponent("Content") }
    var layouts: URL { root.appendingPathComponent("Layouts") }
    var output: URL { root.appendingPathComponent("Public") }

    /// The repository's top folder, found from this file's path.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    init(example: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("paperpages-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if example {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Content"), to: content)
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Layouts"), to: layouts)
        } else {
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ relativePath: String, in folder: URL? = nil, _ text: String) throws {
        let url = (folder ?? content).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ relativePath: String, in folder: URL? = nil) throws -> String {
        try String(contentsOf: (folder ?? content).appendingPathComponent(relativePath), encoding: .utf8)
    }

    func builder(baseURL: String? = nil) -> SiteBuilder {
        SiteBuilder(content: content.path, layouts: layouts.path, output: output.path, baseURL: baseURL)
    }

    @discardableResult
    func build(baseURL: String? = nil) async throws -> BuildReport {
        try await builder(baseURL: baseURL).build()
    }

    /// The build's problems as the user would read them, paths relative to the site folder.
    func buildFailure(baseURL: String? = nil) async -> [String] {
        do {
            try await build(baseURL: baseURL)
            return []
        } catch let failure as BuildFailure {
            return failure.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func page(_ relativePath: String) throws -> HTMLDocument {
        try HTMLDocument(file: output.appendingPathComponent(relativePath))
    }

    /// A paper's citation as its page's Cite section gives it, which is what the page's
    /// downloads and the saved list take: "bibtex", or "ris" with its lines ending in CR LF.
    func citation(_ slug: String, _ format: String) throws -> String {
        let text = try page("papers/\(slug)/index.html").first("//pre[@class='cite-\(format)']/code")?.rawText ?? ""
        return format == "ris" ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }

    /// Every file under the output folder with its bytes, to compare before and after.
    func snapshotOutput() throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil) else { return files }
        for case let url as URL in walker where !url.hasDirectoryPath {
            files[url.path.replacingOccurrences(of: output.path, with: "")] = try Data(contentsOf: url)
        }
        return files
    }
}

import Foundation
import Testing
@testable import PaperPages

/// `paperpages init`, the built-in layouts and a site's own overrides, through the real
/// executable: the site a new user starts with builds with no Layouts/ of its own, every
/// internal link of the result leads to a file, and one overridden layout leaves the rest built in.
@Suite("Start: init, built-in layouts and overrides")
struct StarterTests {
    static let bibliography = TemporarySite.repository.appendingPathComponent("Tests/Data/pmlr-v304-acml2025.bib")

    /// A new folder, removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paperpages-start-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    func run(_ arguments: [String], in folder: URL) async throws -> HostileSite.Run {
        let run = try await HostileSite.run(arguments, in: folder, limit: 120)
        #expect(!run.timedOut)
        return run
    }

    @Test func initWritesASiteThatBuildsWithTheBuiltInLayouts() async throws {
        let folder = try Folder()
        let made = try await run(["init", "list", "--title", "Ada's \"papers\"", "--author", "Ada Lovelace"], in: folder.url)
        #expect(made.status == 0, "\(made.stderr)")
        let site = folder.url.appendingPathComponent("list")
        let files = Set(BuiltInFiles.files(in: site.path))
        #expect(files == [".github/workflows/pages.yml", ".gitignore", "Content/notes/.gitkeep", "Content/pages/about.md",
                          "Content/papers/.gitkeep", "Content/reviews/.gitkeep", "Content/site.yaml", "README.md"])
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Layouts").path))
        let settings = try String(contentsOf: site.appendingPathComponent("Content/site.yaml"), encoding: .utf8)
        #expect(settings.contains("title: \"Ada's \\\"papers\\\"\"\n") && settings.contains("author: \"Ada Lovelace\"\n"))
        let workflow = try String(contentsOf: site.appendingPathComponent(".github/workflows/pages.yml"), encoding: .utf8)
        #expect(!workflow.contains("@PAPERPAGES") && workflow.contains("PAPERPAGES_REF: \"v\(PaperPagesVersion.current)\""))
        // The ignore file keeps figures: only what paperpages writes is ignored.
        let ignored = try String(contentsOf: site.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(!ignored.contains("png") && ignored.contains("/Public/"))

        // An empty list builds; then the real PMLR volume, imported.
        #expect(try await run(["build"], in: site).status == 0)
        let imported = try await run(["import", Self.bibliography.path], in: site)
        #expect(imported.status == 0, "\(imported.stderr)")
        let built = try await run(["build"], in: site)
        #expect(built.status == 0, "\(built.stderr)")
        let home = try HTMLDocument(file: site.appendingPathComponent("Public/index.html"))
        #expect(home.text("//title").contains("Ada's \"papers\""))
        #expect(try Self.brokenLinks(in: site.appendingPathComponent("Public")) == [])
    }

    @Test func oneOverriddenLayoutLeavesTheRestBuiltIn() async throws {
        let folder = try Folder()
        #expect(try await run(["init", "."], in: folder.url).status == 0)
        #expect(try await run(["import", Self.bibliography.path], in: folder.url).status == 0)
        let copied = try await run(["layouts", "copy", "paper"], in: folder.url)
        #expect(copied.status == 0 && copied.stdout.contains("Layouts/paper.mustache"), "\(copied.stderr)")
        let own = folder.url.appendingPathComponent("Layouts/paper.mustache")
        try (try String(contentsOf: own, encoding: .utf8)).replacingOccurrences(of: "<h1 id=\"paper-title\">", with: "<p class=\"mine\">my layout</p><h1 id=\"paper-title\">")
            .write(to: own, atomically: true, encoding: .utf8)
        #expect(try await run(["build"], in: folder.url).status == 0)
        let paper = try HTMLDocument(file: folder.url.appendingPathComponent("Public/papers/punching-above-precision-small-quantized-model/index.html"))
        #expect(paper.text("//p[@class='mine']") == "my layout")
        // Every other layout and asset is the built-in one.
        let builtIn = TemporarySite.repository.appendingPathComponent("Layouts/assets/site.css")
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("Public/assets/site.css")) == Data(contentsOf: builtIn))
        #expect(try HTMLDocument(file: folder.url.appendingPathComponent("Public/index.html")).first("//p[@class='mine']") == nil)
        #expect(try Self.brokenLinks(in: folder.url.appendingPathComponent("Public")) == [])

        // The list marks the override; copying it again is refused and leaves it as it is.
        let list = try await run(["layouts"], in: folder.url)
        #expect(list.stdout.contains("paper.mustache  <- Layouts/paper.mustache"))
        #expect(list.stdout.contains("  base.mustache\n"))
        let again = try await run(["layouts", "copy", "paper"], in: folder.url)
        #expect(again.status == 1 && again.stderr == "error: Layouts/paper.mustache: exists already: it is your copy, and it was left as it is (delete it first to start again from the built-in one)\n")
        #expect(try String(contentsOf: own, encoding: .utf8).contains("my layout"))
        let misspelt = try await run(["layouts", "copy", "partials/heder"], in: folder.url)
        #expect(misspelt.stderr == "error: partials/heder: is not a built-in layout; did you mean 'partials/header'?\n")
    }

    @Test func checksRunOnTheCombinedLayoutsAndNameTheFileUsed() async throws {
        let folder = try Folder()
        #expect(try await run(["init", "."], in: folder.url).status == 0)
        let layouts = folder.url.appendingPathComponent("Layouts")
        try FileManager.default.createDirectory(at: layouts.appendingPathComponent("partials"), withIntermediateDirectories: true)
        // An override that includes a partial nobody has, and one that closes a cycle through a built-in layout.
        try "{{<base}}{{$main}}{{> partials/missing}}{{/main}}{{/base}}".write(to: layouts.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try "<footer>{{> partials/header}}</footer>".write(to: layouts.appendingPathComponent("partials/footer.mustache"), atomically: true, encoding: .utf8)
        try "<header>{{> partials/footer}}</header>".write(to: layouts.appendingPathComponent("partials/header.mustache"), atomically: true, encoding: .utf8)
        let built = try await run(["build"], in: folder.url)
        #expect(built.status == 1)
        let builtIn = TemporarySite.repository.appendingPathComponent("Layouts").path
        let lines = built.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("Layouts/page.mustache:1:19: 'page' includes 'partials/missing', but there is no partials/missing.mustache in Layouts/ or in the built-in layouts (\(builtIn))"))
        #expect(lines.contains { $0.hasPrefix("Layouts/partials/") && $0.contains("which leads back to it")
            && ($0.contains("(partials/footer.mustache -> partials/header.mustache -> partials/footer.mustache)")
                || $0.contains("(partials/header.mustache -> partials/footer.mustache -> partials/header.mustache)")) })
    }

    /// Every href and src of every page that leads inside the site, as the parsed documents
    /// hold them, which is not a file of the site.
    static func brokenLinks(in site: URL) throws -> [String] {
        var files: Set<String> = []
        let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if !url.hasDirectoryPath { files.insert(String(url.path.dropFirst(site.path.count + 1))) }
        }
        var broken: [String] = []
        for page in files where page.hasSuffix(".html") {
            let document = try HTMLDocument(file: site.appendingPathComponent(page))
            let folder = URL(fileURLWithPath: "/" + page).deletingLastPathComponent()
            for link in document.select("//@href | //@src").map(\.text) {
                guard !link.hasPrefix("#"), !link.contains("://"), !link.hasPrefix("mailto:"), !link.hasPrefix("data:") else { continue }
                let path = link.split(separator: "#").first.map(String.init)?.split(separator: "?").first.map(String.init) ?? ""
                let absolute = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
                var target = String(absolute.standardizedFileURL.path.dropFirst())
                if path.hasSuffix("/") || target.isEmpty { target += (target.isEmpty ? "" : "/") + "index.html" }
                if !files.contains(target) && !files.contains(target + "/index.html") { broken.append("\(page): \(link)") }
            }
        }
        return broken.sorted()
    }
}

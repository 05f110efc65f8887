import Foundation
import Testing
@testable import PaperPages

/// Hostile or unusual inputs the build accepts, and what it makes of them.
@Suite("Safety: what the build accepts, and how")
struct SafeBuildTests {
    @Test func publishesWhatStaticHostsReadAndSkipsEditorLitter() async throws {
        let site = try await HostileSite()
        try site.write("Content/.nojekyll", "")
        try site.write("Content/.htaccess", "ErrorDocument 404 /404.html\n")
        try site.write("Content/.well-known/security.txt", "Contact: mailto:a@example.org\n")
        for litter in ["papers/good.md~", "papers/.good.md.swp", "papers/#good.md#", ".DS_Store", "notes/.#why.md", "figures/plot.png.bak"] {
            try site.write("Content/" + litter, "litter\n")
        }
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let files = Set(try site.snapshot().keys.filter { $0.hasPrefix("Public/") })
        #expect(files.isSuperset(of: ["Public/.nojekyll", "Public/.htaccess", "Public/.well-known/security.txt", "Public/.paperpages-site"]))
        #expect(files.allSatisfy { !$0.hasSuffix("~") && !$0.hasSuffix(".swp") && !$0.hasSuffix("#") && !$0.hasSuffix(".bak") && !$0.contains(".DS_Store") })
    }

    /// `import` and `new` write `<file>.paperpages-tmp-<pid>` and link it into place; one killed
    /// in between leaves it. The build never takes it for content, and the next `import` or
    /// `new` into that folder removes it, but not one of a process still running.
    @Test func aKilledImportsTemporaryFilesAreNeverPublishedAndTheNextCommandRemovesThem() async throws {
        let site = try await HostileSite()
        let dead = "4194303"   // above Linux's pid_max: no process has it
        let live = String(getpid())
        let leftovers = ["good.md.paperpages-tmp-\(dead)", "other.md.paperpages-import-\(dead)", "why.md.paperpages-new-\(dead)"]
        for name in leftovers { try site.write("Content/papers/" + name, "---\ntitle: Half\n") }
        try site.write("Content/papers/mine.md.paperpages-tmp-\(live)", "---\ntitle: Being written\n")
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let published = try site.snapshot().keys.filter { $0.hasPrefix("Public/") }
        #expect(!published.contains { $0.contains("paperpages-tmp") || $0.contains("paperpages-import") || $0.contains("paperpages-new") })

        let new = try await site.run(["new", "paper", "fresh-idea"])
        #expect(new.status == 0, "\(new.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("Content/papers").path).sorted()
        #expect(names == ["fresh-idea.md", "good.md", "mine.md.paperpages-tmp-\(live)"])
    }

    /// A full disk while a file of the content folder is copied: the message names what was
    /// being written (in the output), not the source, which is fine. The output is a 2 MB
    /// tmpfs, mounted for the test (root only, as on this project's machines and CI).
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskNamesWhatWasBeingWritten() async throws {
        let site = try await HostileSite()
        let disk = site.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = try site.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.path])
        try #require(mount == 0, "mount failed")
        defer { _ = try? site.runTool("/bin/umount", [disk.path]) }
        var generator = SplitMix(seed: 7)
        try site.writeBytes("Content/figures/scan.tiff", (0..<3_000_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let run = try await site.run(["build", "--output", "disk/site"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(run.stderr)")
        #expect(lines.first?.hasPrefix("disk/site: could not write the site (disk/site/") == true, "\(run.stderr)")
        #expect(lines.first?.hasSuffix(": the disk is full); the folder is unchanged") == true, "\(run.stderr)")
        #expect(lines.first?.contains("Content/") == false, "\(run.stderr)")
        // Nothing left behind on the full disk but the cache's folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).filter { $0 != ".paperpages-cache" } == [])
    }

    @Test func followsASymlinkedContentRootAndALinkInsideIt() async throws {
        let site = try await HostileSite()
        let content = site.root.appendingPathComponent("Content")
        try FileManager.default.moveItem(at: content, to: site.root.appendingPathComponent("RealContent"))
        try site.link("Content", to: "RealContent")
        // A link inside the content folder to another file inside it is followed.
        try site.write("RealContent/papers/real.md", HostileSite.goodPaper.replacingOccurrences(of: "A good paper", with: "Linked in"))
        try site.link("RealContent/papers/linked.md", to: "real.md")
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        for slug in ["good", "real", "linked"] {
            #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Public/papers/\(slug)/index.html").path), "\(slug)")
        }
        let page = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/linked/index.html"))
        #expect(page.text("//h1") == "Linked in")
    }

    @Test func publishesIntoASymlinkedOutputAndKeepsTheLink() async throws {
        let site = try await HostileSite()
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("www"), withIntermediateDirectories: true)
        try site.link("Site", to: "www")
        for _ in 1...2 {
            let run = try await site.run(["build", "--output", "Site"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.root.appendingPathComponent("Site").path) == "www")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("www/papers/good/index.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == [".paperpages-cache", "Content", "Layouts", "Public", "Site", "www"])
    }

    @Test func replacesAForeignFolderOnlyWithForce() async throws {
        let site = try await HostileSite()
        try site.write("Old/page.html", "mine\n")
        #expect(try await site.run(["build", "--output", "Old"]).status == 1)
        let run = try await site.run(["build", "--output", "Old", "--force"])
        #expect(run.status == 0, "\(run.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("Old").path)
        #expect(entries.contains(OutputFolder.marker) && !entries.contains("page.html"))
    }

    @Test func twoConcurrentBuildsIntoOneFolderLeaveOneWholeSiteAndNothingElse() async throws {
        let site = try await HostileSite()
        async let first = Task.detached { try await site.run(["build"]) }.value
        async let second = Task.detached { try await site.run(["build"]) }.value
        let runs = try await [first, second]
        #expect(runs.contains { $0.status == 0 })
        for run in runs where run.status != 0 {
            // The holder's number is named once it has written it; a build refused in the
            // instant between its lock and that write is told the same without the number.
            #expect(run.stderr.hasPrefix("Public: another paperpages build is writing this folder (process ")
                    || run.stderr.hasPrefix("Public: another paperpages build is writing this folder; wait for it"), "\(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == [".paperpages-cache", "Content", "Layouts", "Public"])
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Public/papers/good/index.html").path))
    }

    @Test func aFreshClonesOutputWithOnlyGitkeepIsAccepted() async throws {
        let site = try await HostileSite()
        try site.write("Fresh/.gitkeep", "")
        let run = try await site.run(["build", "--output", "Fresh"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Fresh/.gitkeep").path))
    }

    @Test func removesTheLeftoversOfAKilledBuildButNothingElse() async throws {
        let site = try await HostileSite()
        try site.write(".Public.paperpages-staging-1-2/\(OutputFolder.marker)", OutputFolder.markerText)
        try site.write(".Public.paperpages-staging-1-2/index.html", "half a site\n")
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent(".Public.paperpages-staging-3-4"), withIntermediateDirectories: true)
        try site.write(".Public.paperpages-staging-5-6/notes.txt", "not a site: no marker\n")
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted()
        #expect(entries == [".Public.paperpages-staging-5-6", ".paperpages-cache", "Content", "Layouts", "Public"])
    }

    @Test func reportsUnreadableFoldersAndFilesAsAnotherUser() async throws {
        // Root reads everything; the check needs a user that can't. setpriv drops to nobody.
        guard getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let site = try await HostileSite()
        try site.write("Content/pages/secret.md", "---\ntitle: Secret\n---\n")
        for (path, mode) in [("", 0o777), ("Public", 0o777), ("Content/notes", 0o000), ("Content/pages/secret.md", 0o000)] {
            chmod(site.root.appendingPathComponent(path).path, mode_t(mode))
        }
        defer { chmod(site.root.appendingPathComponent("Content/notes").path, 0o755) }
        // A copy of the executable inside the site, which nobody can reach wherever the clone
        // is, installed as `make install` does, with its built-in layouts.
        let executable = site.root.appendingPathComponent("bin/paperpages").path
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("share/paperpages"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandLineTests.executable.path, toPath: executable)
        try FileManager.default.copyItem(at: TemporarySite.repository.appendingPathComponent("Layouts"), to: site.root.appendingPathComponent("share/paperpages/Layouts"))
        let before = try site.snapshot()
        let run = getuid() == 0
            ? try await site.run(["--reuid=65534", "--regid=65534", "--clear-groups", executable, "build"], executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
            : try await site.run(["build"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n") == [
            "Content/notes: this folder cannot be read: permission denied",
            "Content/pages/secret.md: cannot be read: permission denied",
            "error: build failed with 2 problems; nothing was written",
        ])
        #expect(try site.snapshot() == before)
    }

    @Test func titlesAreInlineMarkdownOnly() async throws {
        let site = try await HostileSite()
        let titles = ["1984. A Novel": "1984. A Novel", "# Hash": "# Hash", "- Dash": "- Dash", "> Quote": "> Quote",
                      "    Indented": "Indented", "<div>Div title": "Div title", "_Emphasis_ first": "Emphasis first", "[a]: /b": "[a]: /b"]
        for (index, title) in titles.keys.sorted().enumerated() {
            let yaml = "title: '\(title.replacingOccurrences(of: "'", with: "''"))'\nyear: 2024\nauthors: [Ada Lovelace]"
            try site.write("Content/papers/t\(index).md", paper(yaml))
        }
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        for (index, title) in titles.keys.sorted().enumerated() {
            let page = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/t\(index)/index.html"))
            #expect(page.text("//h1") == titles[title], "\(title)")
            #expect(page.select("//h1//ol | //h1//ul | //h1//h1 | //h1//h2 | //h1//blockquote | //h1//pre | //h1//p").count == 0, "\(title)")
        }
        let emphasis = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/t\(titles.keys.sorted().firstIndex(of: "_Emphasis_ first")!)/index.html"))
        #expect(emphasis.select("//h1/em").count == 1)
    }

    @Test func mathInALinkTitleOrAltTextStaysInTheAttribute() async throws {
        let site = try await HostileSite()
        try site.write("Content/papers/attr.md", paper(valid, body: "See [it](/x \"on $x^2$\") and ![a $\\beta$ plot](/p.png) and $y$.\n"))
        // The files they link to: the build checks its links.
        try site.write("Content/x", "x\n")
        try site.write("Content/p.png", "not really a PNG\n")
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/attr/index.html"))
        #expect(page.first("//a[@href='/x']")?["title"] == "on $x^2$")
        #expect(page.first("//img[@src='/p.png']")?["alt"] == "a $\\beta$ plot")
        #expect(page.select("//span[contains(@class, 'math-inline')]").count == 1)
    }

    @Test func distinctNamesGetDistinctPages() async throws {
        let site = try await HostileSite()
        let long = String(repeating: "very long topic ", count: 20)
        try site.write("Content/papers/names.md", paper("""
            title: Names
            year: 2024
            authors: ["张伟", "王芳", "汪芳", "Иван Петров", "Γιώργος Παπαδόπουλος"]
            topics: ["C++", "C#", "C", "\(long)"]
            """))
        let run = try await site.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/names/index.html"))
        let authorLinks = Set(page.select("//a[contains(@href, '/authors/') and not(@href='/authors/')]").compactMap { $0["href"] })
        #expect(authorLinks.count == 5)
        let topicLinks = Set(page.select("//a[contains(@href, '/topics/') and not(@href='/topics/')]").compactMap { $0["href"] })
        #expect(topicLinks.isSuperset(of: ["/topics/c-plus-plus/", "/topics/c-sharp/", "/topics/c/"]))
        #expect(topicLinks.count == 4)
        for link in authorLinks.union(topicLinks) {
            #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Public" + link + "index.html").path), "\(link)")
        }
    }

    @Test func aPaperWithFiveThousandAuthorsBuilds() async throws {
        let site = try await HostileSite()
        let names = (0..<5000).map { "  - Author\($0) Family\($0)" }.joined(separator: "\n")
        try site.write("Content/papers/huge.md", paper("title: Hyperauthorship\nyear: 2024\nauthors:\n" + names))
        let run = try await site.run(["build"], limit: 300)
        #expect(!run.timedOut)
        #expect(run.status == 0, "\(run.stderr)")
        let page = try HTMLDocument(file: site.root.appendingPathComponent("Public/papers/huge/index.html"))
        #expect(page.select("//a[contains(@href, '/authors/author')]").count >= 5000)
        let author = try HTMLDocument(file: site.root.appendingPathComponent("Public/authors/author4999-family4999/index.html"))
        #expect(author.text("//li[contains(@class, 'paper-item')]//span[@class='paper-meta']").contains("and 4990 others"))
    }
}

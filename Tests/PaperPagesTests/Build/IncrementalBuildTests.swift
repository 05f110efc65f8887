import Foundation
import PropertyBased
import Testing
@testable import PaperPages

/// The incremental engine (`BuildCache`, `Fingerprints`): a rebuild renders only what an
/// edit can change, keeps every other file as it was, and its site is byte for byte the
/// site a build from scratch makes.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    /// Random sequences of edits, additions, deletions and renames of papers, notes, reviews,
    /// pages, layouts and site.yaml; after each, the site rebuilt with the cache is compared
    /// with one built from scratch into another folder.
    @Test func anIncrementalBuildIsTheBuildFromScratch() async throws {
        await propertyCheck(count: 4, input: Gen.int(in: 0...9_999).array(of: 5...7)) { choices in
            await Self.compareAfterEachEdit(choices)
        }
    }

    /// Every kind of edit at least once, in one sequence.
    @Test func everyKindOfEditGivesTheBuildFromScratch() async {
        await Self.compareAfterEachEdit(Array(0..<SiteEdit.kinds).map { $0 + SiteEdit.kinds * 37 })
    }

    static func compareAfterEachEdit(_ choices: [Int]) async {
        do {
            let site = try TemporarySite()
            let scratch = site.root.appendingPathComponent("Scratch")
            try await site.build()
            for choice in choices {
                let edit = try SiteEdit.apply(choice, to: site)
                let incremental = try await site.build()
                try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: scratch.path, useCache: false).build()
                let (ours, theirs) = (try Self.files(site.output), try Self.files(scratch))
                let differing = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }.sorted()
                #expect(differing.isEmpty, "after \(edit) (rendered \(incremental.pagesRendered) pages), these differ from a full build: \(differing.prefix(10))")
                if !differing.isEmpty { return }
            }
        } catch {
            Issue.record("edits \(choices.map { $0 % SiteEdit.kinds }): \(error)")
        }
    }

    /// Hugo's kind of rebuild test: how many pages an edit re-rendered, not only the result.
    @Test func anEditToOnePapersNotesRendersOnePageAndKeepsEveryOtherFile() async throws {
        let site = try TemporarySite()
        try await site.build()
        let before = try Self.identities(site.output)

        let unchanged = try await site.build()
        #expect(unchanged.unchanged)
        #expect(unchanged.pagesRendered == 0)
        #expect(try Self.identities(site.output) == before)

        let paper = "papers/delta-steal.md"
        try site.write(paper, try site.read(paper) + "\nOne more thought, added later.\n")
        let edited = try await site.build()
        #expect(edited.pagesRendered == 1)
        // The citation files, feeds and sitemap do not show the owner's notes: kept, not made.
        #expect(edited.citationFilesMade == 0)
        let after = try Self.identities(site.output)
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed.contains("papers/delta-steal/index.html"))
        // The page itself and the search index's files that hold its words, nothing else.
        #expect(changed.subtracting(["papers/delta-steal/index.html"]).allSatisfy { $0.hasPrefix("search/") && $0.hasSuffix(".json") },
                "\(changed.sorted())")
        #expect(after["index.html"] == before["index.html"])
        #expect(after["papers/chameleonbench/index.html"] == before["papers/chameleonbench/index.html"])
    }

    @Test func aTitleEditRerendersTheListsAndRewritesOnlyPagesThatShowIt() async throws {
        let site = try TemporarySite()
        try await site.build()
        let before = try Self.identities(site.output)
        let paper = "papers/delta-steal.md"
        let text = try site.read(paper)
        let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
        try site.write(paper, text.replacingOccurrences(of: String(title), with: "title: \"A renamed paper\""))
        let report = try await site.build()
        #expect(report.pagesRendered > 1)
        let after = try Self.identities(site.output)
        #expect(after["index.html"] != before["index.html"])
        // Its citations and the whole list's are made again; another paper's stay as they were.
        #expect(report.citationFilesMade > 0)
        for file in ["papers.bib", "papers.json", "papers.ris"] {
            #expect(after[file] != nil && after[file] != before[file], "\(file)")
        }
        #expect(after["papers/delta-steal/index.html"] != before["papers/delta-steal/index.html"])
        #expect(after["pages/about/index.html"] == before["pages/about/index.html"])
        #expect(report.filesChanged < after.count / 2)
        // Rendered again: the list pages, which show every title, its own page and the pages
        // of the papers that list it among their adjacent work (most of a list of 14); not
        // the pages of the notes and reviews, which are about other papers, nor the about page.
        let content = { (folder: String) in try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent(folder).path).count }
        let (papers, filePages) = (try content("papers"), try content("papers") + content("notes") + content("reviews") + content("pages"))
        let listPages = report.pagesWritten - filePages
        #expect(report.pagesRendered > listPages && report.pagesRendered < listPages + papers, "\(report.pagesRendered) of \(report.pagesWritten)")
    }

    /// The spare site (the one the last swap replaced, brought up to date and swapped in
    /// again) is checked file by file: whatever was added to it, changed in it or taken from
    /// it since, the published site is the build from scratch, and no file of the site in place
    /// is ever written into (the spare's files may be hard links to them).
    @Test func aTamperedSpareStillGivesTheBuildFromScratchAndTheSiteInPlaceIsNeverWritten() async throws {
        let site = try TemporarySite()
        try await site.build()
        let paper = "papers/delta-steal.md"
        try site.write(paper, try site.read(paper) + "\nA first later thought.\n")
        try await site.build()
        let spare = site.root.appendingPathComponent(".paperpages-cache/Public/spare")
        #expect(FileManager.default.fileExists(atPath: spare.appendingPathComponent(OutputFolder.marker).path))

        // Tampering: a stray file and folder, a file replaced by other bytes, one removed, a
        // folder where a file was.
        try Data("stray".utf8).write(to: spare.appendingPathComponent("stray.html"))
        try FileManager.default.createDirectory(at: spare.appendingPathComponent("stray/deeper"), withIntermediateDirectories: true)
        let about = spare.appendingPathComponent("pages/about/index.html")
        try FileManager.default.removeItem(at: about)
        try Data("other bytes".utf8).write(to: about)
        try FileManager.default.removeItem(at: spare.appendingPathComponent("index.html"))
        let notFound = spare.appendingPathComponent("404.html")
        try FileManager.default.removeItem(at: notFound)
        try FileManager.default.createDirectory(at: notFound, withIntermediateDirectories: false)

        // Every file of the site in place, hard-linked aside with its bytes: the inodes the
        // rebuild must not write into.
        let witness = site.root.appendingPathComponent("Witness")
        var witnessed: [String: Data] = [:]
        for (path, bytes) in try Self.files(site.output) {
            let aside = witness.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: aside.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(link(site.output.appendingPathComponent(path).path, aside.path) == 0)
            witnessed[path] = bytes
        }

        try site.write(paper, try site.read(paper) + "\nA second later thought.\n")
        try replaceTitle("papers/chameleonbench.md", in: site)
        let report = try await site.build()
        #expect(!report.unchanged)
        let scratch = site.root.appendingPathComponent("Scratch")
        try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: scratch.path, useCache: false).build()
        let (ours, theirs) = (try Self.files(site.output), try Self.files(scratch))
        #expect(Set(ours.keys) == Set(theirs.keys))
        #expect(ours.keys.filter { ours[$0] != theirs[$0] }.isEmpty)
        #expect(try Self.files(witness) == witnessed)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("stray").path))
    }

    private func replaceTitle(_ paper: String, in site: TemporarySite) throws {
        let text = try site.read(paper)
        let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
        try site.write(paper, text.replacingOccurrences(of: String(title), with: "title: \"Retitled for the spare test\""))
    }

    @Test func noCacheRendersEverythingAndAHandEditedOutputFileIsRewritten() async throws {
        let site = try TemporarySite()
        try await site.build()
        let page = site.output.appendingPathComponent("papers/delta-steal/index.html")
        let original = try Data(contentsOf: page)
        try Data("edited by hand".utf8).write(to: page)
        let report = try await site.build()
        #expect(!report.unchanged)
        #expect(try Data(contentsOf: page) == original)
        let full = try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: site.output.path, useCache: false).build()
        #expect(full.pagesRendered == full.pagesWritten)
    }

    @Test func aDamagedCacheIsIgnored() async throws {
        let site = try TemporarySite()
        try await site.build()
        let cache = site.root.appendingPathComponent(".paperpages-cache/Public")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
            let file = cache.appendingPathComponent(name)
            var bytes = try Data(contentsOf: file)
            bytes.removeLast(bytes.count / 2)
            try bytes.write(to: file)
        }
        let reference = try Self.files(site.output)
        let report = try await site.build()
        #expect(report.pagesRendered == report.pagesWritten)
        #expect(try Self.files(site.output) == reference)
    }

    // MARK: Helpers

    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// Each file's inode and modification time: what `rsync` and deploy tools look at.
    static func identities(_ folder: URL) throws -> [String: String] {
        try files(folder).keys.reduce(into: [:]) { result, path in
            var info = stat()
            guard lstat(folder.appendingPathComponent(path).path, &info) == 0 else { return }
            result[path] = "\(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
    }
}

/// One random edit of the example site, chosen by a number; valid edits only, so that both
/// builds succeed and can be compared.
enum SiteEdit {
    static let kinds = 18

    static func apply(_ choice: Int, to site: TemporarySite) throws -> String {
        let manager = FileManager.default
        func files(_ folder: String) throws -> [String] {
            try manager.contentsOfDirectory(atPath: site.content.appendingPathComponent(folder).path).filter { $0.hasSuffix(".md") }.sorted()
        }
        func pick(_ folder: String) throws -> String? {
            let names = try files(folder)
            return names.isEmpty ? nil : folder + "/" + names[(choice / 16) % names.count]
        }
        func replaceLine(_ file: String, _ prefix: String, _ line: String) throws {
            let text = try site.read(file)
            var lines = text.components(separatedBy: "\n")
            if let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) { lines[index] = line } else { lines.insert(line, at: 1) }
            try site.write(file, lines.joined(separator: "\n"))
        }
        let tag = choice % 1000
        switch choice % kinds {
        case 0:
            guard let paper = try pick("papers") else { return "nothing" }
            try site.write(paper, try site.read(paper) + "\nA later thought, with math $x_\(tag)$.\n")
            return "appended to the body of \(paper)"
        case 1:
            guard let paper = try pick("papers") else { return "nothing" }
            try replaceLine(paper, "title:", "title: \"Retitled paper \(tag)\"")
            return "retitled \(paper)"
        case 2:
            guard let paper = try pick("papers") else { return "nothing" }
            try replaceLine(paper, "topics:", "topics: [edited topic \(tag % 3), alignment]")
            return "changed the topics of \(paper)"
        case 3:
            guard let paper = try pick("papers") else { return "nothing" }
            let slug = "added-paper-\(tag)"
            var text = try site.read(paper)
            if let title = text.components(separatedBy: "\n").first(where: { $0.hasPrefix("title:") }) {
                text = text.replacingOccurrences(of: title, with: "title: \"Added paper \(tag)\"")
            }
            try site.write("papers/\(slug).md", text)
            return "added papers/\(slug).md as a copy of \(paper)"
        case 4:
            guard let note = try pick("notes") else { return "nothing" }
            try manager.removeItem(at: site.content.appendingPathComponent(note))
            return "deleted \(note)"
        case 5:
            guard let review = try pick("reviews") else { return "nothing" }
            try manager.removeItem(at: site.content.appendingPathComponent(review))
            return "deleted \(review)"
        case 6:
            guard let note = try pick("notes") else { return "nothing" }
            let renamed = note.replacingOccurrences(of: ".md", with: "-\(tag).md")
            try manager.moveItem(at: site.content.appendingPathComponent(note), to: site.content.appendingPathComponent(renamed))
            return "renamed \(note) to \(renamed)"
        case 7:
            guard let note = try pick("notes") else { return "nothing" }
            try site.write(note, try site.read(note) + "\nAnd one more answer, number \(tag).\n")
            return "appended to the answer of \(note)"
        case 8:
            guard let review = try pick("reviews") else { return "nothing" }
            try replaceLine(review, "rating:", "rating: \(1 + tag % 5)")
            return "changed the rating of \(review)"
        case 9:
            let header = "partials/header.mustache"
            try site.write(header, in: site.layouts, try site.read(header, in: site.layouts) + "<!-- edit \(tag) -->\n")
            return "edited the layout \(header)"
        case 10:
            try replaceLine("site.yaml", "description:", "description: \"Edited description \(tag)\"")
            return "edited site.yaml"
        case 11:
            guard let page = try pick("pages") else { return "nothing" }
            try site.write(page, try site.read(page) + "\nEdited \(tag).\n")
            return "edited \(page)"
        case 12:
            // A paper that no other file names can go.
            let texts = try ["papers", "notes", "reviews"].flatMap { folder in try files(folder).map { ("\(folder)/\($0)", try site.read("\(folder)/\($0)")) } }
            let candidates = try files("papers").filter { name in
                let slug = String(name.dropLast(3))
                return !texts.contains { $0.0 != "papers/\(name)" && $0.1.contains(slug) }
            }
            guard !candidates.isEmpty else { return "nothing" }
            let paper = "papers/" + candidates[(choice / 16) % candidates.count]
            try manager.removeItem(at: site.content.appendingPathComponent(paper))
            return "deleted \(paper)"
        case 13:
            guard let review = try pick("reviews") else { return "nothing" }
            try site.write(review, try site.read(review) + "\nA further concern, number \(tag).\n")
            return "appended to the body of \(review)"
        case 14:
            guard let paper = try pick("papers") else { return "nothing" }
            try replaceLine(paper, "reading:", "reading: \(["reading", "to-read", "read", "skipped"][tag % 4])")
            return "changed the reading status of \(paper)"
        case 15:
            guard let paper = try pick("papers") else { return "nothing" }
            try replaceLine(paper, "reactions:", "reactions: [\(["Surprising", "skeptical, Replicated", "outdated"][tag % 3])]")
            return "changed the owner's reactions to \(paper)"
        case 16:
            // Keys papers.bib carries and list items show, which no citation field holds.
            guard let paper = try pick("papers") else { return "nothing" }
            try replaceLine(paper, "links:", "links: [{kind: \(["slides", "poster", "video"][tag % 3]), url: \"https://example.org/\(tag).pdf\"}]")
            try replaceLine(paper, "abbr:", "abbr: \"V\(tag % 4)\"")
            return "changed the links and abbr of \(paper)"
        default:
            // Marks on names and a month date: one file whose marks change from edit to edit.
            try site.write("papers/marked.md", """
                ---
                title: "A paper with marked authors"
                authors: [{given: Ada, family: Lovelace, equal: \(tag % 2 == 0)}, {given: Alan, family: Turing, corresponding: \(tag % 3 == 0)}]
                editors: [{given: Grace, family: Hopper\(tag % 2)}]
                year: 2024
                date: 2024-0\(1 + tag % 9)
                ---

                """)
            return "wrote papers/marked.md with marks \(tag % 2 == 0), \(tag % 3 == 0)"
        }
    }
}

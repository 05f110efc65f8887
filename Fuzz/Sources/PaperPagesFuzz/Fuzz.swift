import Foundation
import Mustache
@testable import PaperPages

/// libFuzzer's entry point. One binary, seven targets, chosen by PAPERPAGES_FUZZ_TARGET:
/// - `frontmatter`: a content file through the front-matter parser and every kind's checks;
/// - `splitter`: a paper file through the front-matter splitter and `import --force`'s rewrite:
///   when the file loads, the rewritten one must load too, with the same body and every key
///   the import does not write unchanged;
/// - `markdown`: Markdown with math through the limits and, if they pass, cmark-gfm, inline
///   and block, and TeX to text;
/// - `mustache`: a layout through the build's parser and checks (nesting, cycles) and, if they
///   pass, its renderer, then swift-mustache's parser and renderer (the reference);
/// - `tokenizer`: the search tokenizer and the slug maker;
/// - `bibtex`: a BibTeX file through the importer; every entry it accepts must make a paper
///   file that loads without a problem (links, marks, al-folio's keys and all), and BibTeX that
///   reads back as that one entry and imports again to a file that loads;
/// - `ris`: an RIS file through the importer, with the same demands.
/// Any crash, hang or runaway memory is a bug: the build must answer every input with a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch FuzzTarget.current {
    case .frontmatter: FuzzTarget.frontMatter(text)
    case .splitter: FuzzTarget.splitter(text)
    case .markdown: FuzzTarget.markdown(text)
    case .mustache: FuzzTarget.mustache(text)
    case .tokenizer: FuzzTarget.tokenizer(text)
    case .bibtex: FuzzTarget.bibTeX(text)
    case .ris: FuzzTarget.ris(text)
    }
    return 0
}

enum FuzzTarget: String {
    case frontmatter, splitter, markdown, mustache, tokenizer, bibtex, ris

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PAPERPAGES_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set PAPERPAGES_FUZZ_TARGET to frontmatter, splitter, markdown, mustache, tokenizer, bibtex or ris\n".utf8))
            exit(2)
        }
        return target
    }()

    static let renderer = MarkdownRenderer(allowRawHTML: false, basePath: "/sub/")

    static func frontMatter(_ text: String) {
        var log = DiagnosticLog()
        if let document = FrontMatterParser.parse(text, path: "fuzz.md", log: &log) {
            _ = Paper(slug: "fuzz", document: document, path: "fuzz.md", log: &log)
            _ = Note(slug: "fuzz", document: document, path: "fuzz.md", log: &log)
            _ = Review(slug: "fuzz", document: document, path: "fuzz.md", log: &log)
            _ = Page(slug: "fuzz", document: document, path: "fuzz.md", log: &log)
        }
        _ = SiteConfig(yaml: text, path: "site.yaml", log: &log)
        _ = BuildFailure(log.diagnostics).description
    }

    /// The reference every rewrite imports: its keys replace the file's.
    static let imported = Reference(type: .journal, key: "fuzz2024", title: "An Imported Title",
                                    authors: [Person(given: "Ada", family: "Lovelace")], year: 2024)

    static func splitter(_ text: String) {
        var log = DiagnosticLog()
        guard let before = FrontMatterParser.parse(text, path: "fuzz.md", log: &log), log.isEmpty,
              Paper(slug: "fuzz", document: before, path: "fuzz.md", log: &log) != nil, log.isEmpty else { return }
        // A file the loader reads may still be refused for rewriting (a one-line mapping), never mangled.
        guard let rewritten = Importer.replacing(text, with: imported, added: Day("2026-11-29")!) else { return }
        guard let after = FrontMatterParser.parse(rewritten, path: "fuzz.md", log: &log), log.isEmpty else {
            fatalError("the rewritten file does not load: \(log.diagnostics)\n\(rewritten)")
        }
        let written = Set(FrontMatterBlocks(PaperFile.text(imported, added: Day("2026-11-29")))!.blocks.map(\.key))
        // Yams' nodes compare by value, tag and style, not by where they were written.
        func values(_ document: FrontMatterDocument) -> [String: FrontMatterField] {
            Dictionary(document.fields.filter { !written.contains($0.key) }.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        func same(_ a: [String: FrontMatterField], _ b: [String: FrontMatterField]) -> Bool {
            a.count == b.count && a.allSatisfy { key, field in b[key].map { $0.value == field.value } ?? false }
        }
        guard same(values(after), values(before)), after.body == before.body else {
            fatalError("the rewrite changed the owner's keys or body\n\(text.debugDescription)\n\(rewritten.debugDescription)")
        }
    }

    static func markdown(_ text: String) {
        // As the build: text over the limits is refused before cmark-gfm sees it.
        var log = DiagnosticLog()
        MarkdownLimits.check(text, path: "fuzz.md", log: &log)
        guard log.isEmpty else { return }
        _ = renderer.render(text, idPrefix: "f", headingOffset: 2)
        _ = renderer.renderInline(text)
        _ = PlainText.fromTeX(text)
    }

    static func mustache(_ text: String) {
        // The build's one parse (nesting limit included), then its checks.
        guard let compiled = try? LayoutTemplate(parsing: text) else { return }
        let source = LayoutSet.LayoutSource(path: "fuzz.mustache", text: text, tags: compiled.tags)
        // The layout is registered as "fuzz" and may include "fuzz" or "other" (itself again).
        let other = try! LayoutTemplate(parsing: "{{> fuzz}}")
        let sources = ["fuzz": source, "other": LayoutSet.LayoutSource(path: "other.mustache", text: "{{> fuzz}}", tags: other.tags)]
        if !LayoutSet.inclusionCycles(sources).isEmpty { return }
        // The build's renderer over values of every kind, then the reference's, when it parses it too.
        var renderer = LayoutRenderer(templates: ["fuzz": compiled, "other": other])
        renderer.render("fuzz", ["title": .text("T"), "flag": .bool(true), "empty": .list([]),
                                 "papers": .list([["title": .text("A"), "papers": .list([])], ["title": .text("B"), "papers": .list([])]])])
        guard let template = try? MustacheTemplate(string: text) else { return }
        var library = MustacheLibrary()
        library.register(template, named: "fuzz")
        // Every list's items shadow the list names with empty lists: nested sections of one
        // name then render once, not 2^depth times (a layout's own loops are its author's choice).
        let topics: [[String: Any]] = [["name": "x", "topics": [Any](), "papers": [Any]()], ["name": "y", "topics": [Any](), "papers": [Any]()]]
        let papers: [[String: Any]] = [["title": "A", "topics": topics, "papers": [Any]()], ["title": "B", "topics": [Any](), "papers": [Any]()]]
        let values: [String: Any] = ["title": "T", "papers": papers, "empty": [String](), "flag": true]
        _ = library.render(values, withTemplate: "fuzz")
    }

    static func bibTeX(_ text: String) {
        let parser = BibTeXParser(text, path: "fuzz.bib")
        for entry in BibTeXImport.entries(parser).entries {
            let reference = entry.reference
            // With everything an entry may carry: links, al-folio's keys, marks, editors.
            let file = PaperFile.text(reference, extras: entry.extras, added: Day("2026-11-29"))
            guard case .success(let paper) = Importer.load(file, slug: "fuzz", path: "fuzz.md") else {
                fatalError("an imported entry makes a file that does not load: \(Importer.load(file, slug: "fuzz", path: "fuzz.md"))\n\(file)")
            }
            let full = Reference(paper).bibTeXEntries(extras: paper.extras).full
            let written = BibTeXParser(full, path: "written.bib")
            guard written.problems.isEmpty, written.entries.count == 1 else {
                fatalError("the BibTeX written does not read back: \(written.problems)\n\(full)")
            }
            // What the site writes imports back to a file that loads.
            for again in BibTeXImport.entries(written).entries + RISImport.entries(reference.ris, path: "written.ris").entries {
                let text = PaperFile.text(again.reference, extras: again.extras, added: nil)
                guard case .success = Importer.load(text, slug: "fuzz", path: "again.md") else {
                    fatalError("the site's own citation imports to a file that does not load:\n\(full)\n\(text)")
                }
            }
            _ = reference.cslItem.text()
            _ = reference.apa
            _ = reference.coins
            _ = reference.highwireTags(page: nil)
            _ = reference.jsonLD(page: nil)
        }
    }

    static func ris(_ text: String) {
        for entry in RISImport.entries(text, path: "fuzz.ris").entries {
            let file = PaperFile.text(entry.reference, extras: entry.extras, added: Day("2026-11-29"))
            guard case .success(let paper) = Importer.load(file, slug: "fuzz", path: "fuzz.md") else {
                fatalError("an imported record makes a file that does not load:\n\(file)")
            }
            let again = RISImport.entries(Reference(paper).ris, path: "written.ris")
            guard again.problems.isEmpty, again.entries.count == 1 else {
                fatalError("the RIS written does not read back as one record: \(again.problems)\n\(Reference(paper).ris)")
            }
        }
    }

    static func tokenizer(_ text: String) {
        _ = SearchTokenizer.terms(text)
        let slug = Slug.make(text)
        if !Slug.isValid(slug) || slug.utf8.count > Slug.maximumLength { fatalError("invalid slug \(slug) for \(text.debugDescription)") }
        _ = Slug.identity(text)
    }
}

// SwiftPM links an executable's entry point as `<target>_main`, in place of libFuzzer's own
// `main`; it hands over to libFuzzer's driver, which then calls the function above.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("PaperPagesFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}

import ArgumentParser
import Foundation
import PaperPages

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import papers from BibTeX (.bib) and CSL-JSON (.json) files into the content folder.",
        discussion: """
            Writes one papers/<slug>.md per entry, the slug made from the title. A paper already there (the same slug, \
            DOI, arXiv id or citation key) is never overwritten: it is reported with the keys that differ, unless --force, \
            which replaces the imported keys and keeps the rest of the file (reading status, related papers, notes). \
            A malformed entry is reported at its line; the file's other entries are still imported.
            """
    )

    @Argument(help: "BibTeX or CSL-JSON files.")
    var files: [String]

    @Option(help: "Folder of Markdown content and site.yaml.")
    var content = "Content"

    @Flag(help: "Replace the imported keys of papers already there.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print what would be done and write nothing.")
    var dryRun = false

    @Option(help: "The reading status of every new paper: to-read, reading, read or skipped.")
    var reading: ReadingStatus?

    @Option(name: .customLong("topic"), help: "A topic every new paper gets (repeat for more).")
    var topics: [String] = []

    @Option(help: "The day written as every new paper's 'added' (YYYY-MM-DD); today by default.")
    var added: Day?

    func run() throws {
        let importer = Importer(content: content, force: force, today: added ?? Day.today, reading: reading, topics: topics)
        let plan = importer.plan(files)
        for note in plan.skipped { print("skipped \(note)") }
        // A note many entries share (PMLR's volume, a missing year) is printed once, at the end, with how many.
        var noteCounts: [String: Int] = [:]
        for step in plan.steps { for note in Set(step.entry.notes) { noteCounts[note, default: 0] += 1 } }
        let shared = Set(noteCounts.filter { $0.value >= 3 }.keys)
        for step in plan.steps {
            let source = "\(step.entry.location.path)\(step.entry.location.line.map { ":\($0)" } ?? "") \(step.entry.name)"
            switch step.action {
            case .create: print("new       \(step.path)  <- \(source)")
            case .same: print("same      \(step.path)  <- \(source)")
            case .differs(let keys): print("kept      \(step.path)  <- \(source): differs in \(keys.joined(separator: ", ")) (--force replaces them)")
            case .replace(let keys): print("replaced  \(step.path)  <- \(source): \(keys.joined(separator: ", "))")
            }
            for note in step.entry.notes where !shared.contains(note) { print("          note: \(note)") }
        }
        for note in shared.sorted() { print("note, for \(noteCounts[note]!) entries: \(note)") }
        if !plan.dropped.isEmpty {
            print("dropped (no place in a paper file): " + plan.dropped.map { "\($0.field) (\($0.count))" }.joined(separator: ", "))
        }
        for file in plan.files {
            print("file      \(joinPath(content, String(file.sitePath.dropFirst())))  <- \(file.source)\(dryRun ? "" : " (copied)")")
        }
        for problem in plan.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
        let count = { (action: (Importer.Action) -> Bool) in plan.steps.filter { action($0.action) }.count }
        let new = count { $0 == .create }, same = count { $0 == .same }
        let kept = count { if case .differs = $0 { true } else { false } }, replaced = count { if case .replace = $0 { true } else { false } }
        var summary = "\(new) new, \(replaced) replaced, \(kept) kept as they are, \(same) unchanged"
        if !plan.problems.isEmpty { summary += "; \(plan.problems.count) entr\(plan.problems.count == 1 ? "y" : "ies") with problems, not imported" }
        if dryRun {
            print("Dry run: \(summary); nothing was written")
        } else {
            do {
                _ = try importer.apply(plan)
            } catch let problem as Diagnostic {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
                throw ExitCode.failure
            }
            print("Imported: \(summary)")
            if new + replaced > 0 {
                print("Next: paperpages serve to look at the site; set owner: in \(content)/site.yaml to your name as papers write it, "
                      + "mark papers selected: true for the front page, and give them topics for the research map")
            }
        }
        if !plan.problems.isEmpty { throw ExitCode.failure }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new paper, note or review from a template with every required key.",
        discussion: "Never overwrites a file. A review needs --paper; a note may have one."
    )

    @Argument(help: "paper, note or review.")
    var kind: NewFile.Kind

    @Argument(help: "The new file's slug: lower-case letters, digits and '-'.")
    var slug: String

    @Option(help: "The paper a note or review is about (its slug).")
    var paper: String?

    @Option(help: "Folder of Markdown content and site.yaml.")
    var content = "Content"

    func run() throws {
        do {
            let path = try NewFile.create(kind, slug: slug, paper: paper, content: content, today: Day.today)
            print("Wrote \(path)")
        } catch let problem as Diagnostic {
            FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension NewFile.Kind: ExpressibleByArgument {}
extension ReadingStatus: ExpressibleByArgument {}
extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

import ArgumentParser
import Foundation
import PaperPages
import PaperPagesServer

@main
struct PaperPagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperpages",
        abstract: "A static site generator for paper pages: a reading list of papers, Q&A notes and reviews.",
        version: PaperPagesVersion.current,
        subcommands: [Build.self, Serve.self, Init.self, Import.self, New.self, Layouts.self],
        defaultSubcommand: Build.self
    )
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the content folder through the layouts into the output folder.",
        discussion: "Nothing in the output folder changes unless the whole site builds."
    )

    @OptionGroup var sources: SourceFolders

    @Option(help: "Folder the site is written to; replaced as a whole when the build succeeds, if it is new, empty or a site paperpages wrote.")
    var output = "Public"

    @Option(name: .customLong("base-url"), help: "Where the site will be served, overriding site.yaml: '/', '/sub/path/' or 'https://host/path/'.")
    var baseURL: String?

    @Flag(help: "Replace the output folder even if it holds files paperpages did not write (never the sources, the working directory, / or a home folder).")
    var force = false

    @Flag(name: .customLong("no-cache"), help: "Build from scratch, ignoring what the last build kept in .paperpages-cache/ beside the output folder.")
    var noCache = false

    @Flag(help: "Print the time each step took.")
    var timings = false

    func run() async throws {
        do {
            var builder = try SiteBuilder(sources, output: output, baseURL: baseURL, force: force, useCache: !noCache)
            builder.exitsAfterBuild = true
            let report = try await builder.build()
            for note in report.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            let seconds = String(format: "%.2f", report.seconds)
            if report.unchanged {
                print("Nothing changed: \(output)/ is up to date (\(report.pagesWritten) pages checked in \(seconds) s)")
            } else {
                let copied = report.filesCopied == 0 ? "" : " and copied \(report.filesCopied) file\(report.filesCopied == 1 ? "" : "s")"
                let s = report.pagesWritten == 1 ? "" : "s"
                print("Wrote \(report.pagesWritten) page\(s)\(copied) to \(output)/ in \(seconds) s (\(report.pagesRendered) rendered, \(report.filesChanged) files changed)")
            }
            if timings {
                for step in report.steps { print(step.description) }
            }
        } catch let failure as BuildFailure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// The folders a site is made from, the same for `build` and `serve`.
struct SourceFolders: ParsableArguments {
    @Option(help: "Folder of Markdown content and site.yaml.")
    var content = "Content"

    @Option(help: "Folder of the site's own Mustache layouts, CSS and JavaScript, each overriding the built-in file of its name (default Layouts, which need not exist).")
    var layouts: String?

    @Option(help: "Folder holding KaTeX (katex.min.js, katex.min.css, fonts/), copied into sites with $...$ math.")
    var katex: String = KaTeX.debianFolder
}

extension SiteBuilder {
    /// A builder of the site's folders over the built-in layouts, which must be found.
    init(_ sources: SourceFolders, output: String, baseURL: String?, force: Bool = false, useCache: Bool = true) throws {
        // A folder named on the command line must be there: a misspelt one would build with
        // the built-in layouts in silence.
        if let named = sources.layouts, !FileManager.default.fileExists(atPath: named) {
            throw BuildFailure([Diagnostic(SourceLocation(path: named), "layouts folder not found")])
        }
        self.init(content: sources.content, layouts: sources.layouts ?? "Layouts", theme: try BuiltInFiles.required(BuiltInFiles.layouts), output: output,
                  baseURL: baseURL, katex: sources.katex, force: force, useCache: useCache)
    }
}


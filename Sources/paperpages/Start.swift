import ArgumentParser
import Foundation
import PaperPages

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a reading list of your own: Content/, a .gitignore, a README and a deploy workflow.",
        discussion: """
            Writes into a new folder, or an empty one (a .git in it is fine), and never overwrites a file. \
            The site has no Layouts/ of its own: it uses the built-in layouts until you copy one \
            out with `paperpages layouts copy NAME`.
            """
    )

    @Argument(help: "The folder to write the site into (new or empty).")
    var folder = "."

    @Option(help: "The deploy workflow to include: github (GitHub Pages), gitlab (GitLab Pages) or none.")
    var host: SiteStarter.Host = .github

    @Option(help: "The site's title, written into site.yaml.")
    var title: String?

    @Option(help: "Your name, the owner of the list, written into site.yaml.")
    var author: String?

    @Option(help: "The git repository the deploy workflow builds paperpages from.")
    var source = PaperPagesVersion.source

    @Option(help: "The tag or commit of paperpages the deploy workflow builds.")
    var ref = PaperPagesVersion.releaseTag

    func run() throws {
        do {
            var starter = SiteStarter(starter: try BuiltInFiles.required(BuiltInFiles.starter))
            (starter.host, starter.title, starter.author, starter.source, starter.ref) = (host, title, author, source, ref)
            let written = try starter.start(in: folder)
            print("Wrote a new reading list in \(folder == "." ? "this folder" : folder + "/") (\(written.count) files).")
            let cd = folder == "." ? "" : "  cd \(folder)\n"
            let deploy = switch host {
            case .github: "push it to GitHub and set Settings -> Pages -> Source to \"GitHub Actions\" (.github/workflows/pages.yml)"
            case .gitlab: "push it to GitLab: .gitlab-ci.yml publishes it on GitLab Pages"
            case .none: "upload Public/ to any static web server"
            }
            print("""
                Next:
                \(cd)  edit Content/site.yaml (title, your name) and Content/pages/about.md
                  paperpages import references.bib    # or: paperpages new paper SLUG
                  paperpages serve                    # preview at http://127.0.0.1:8000/
                then \(deploy).
                """)
        } catch let problem as Diagnostic {
            FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            throw ExitCode.failure
        } catch let failure as BuildFailure {
            FileHandle.standardError.write(Data("\(failure.diagnostics.map(\.description).joined(separator: "\n"))\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension SiteStarter.Host: ExpressibleByArgument {}

struct Layouts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in layouts and which of them the site overrides; `copy NAME` copies one out to edit.",
        discussion: """
            A file in the site's Layouts/ replaces the built-in file of the same name; every other \
            layout stays built in and is upgraded with paperpages.
            """,
        subcommands: [List.self, Copy.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in layouts, marking those the site overrides.")

        @Option(help: "The site's own layouts folder.")
        var layouts = "Layouts"

        func run() throws {
            let copies = try LayoutCopies(builtIn: Layouts.builtIn(), site: layouts)
            print("Built-in layouts (\(copies.builtIn)); yours in \(layouts)/ replace them by name:")
            for (file, overridden) in copies.list() {
                print("  \(file)\(overridden ? "  <- \(joinPath(layouts, file))" : "")")
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy built-in layouts into the site's Layouts/ to edit them; never replaces a file.")

        @Argument(help: "Layouts to copy: paper, partials/header, assets/site.css ...")
        var names: [String]

        @Option(help: "The site's own layouts folder.")
        var layouts = "Layouts"

        func run() throws {
            do {
                for path in try LayoutCopies(builtIn: Layouts.builtIn(), site: layouts).copy(names) {
                    print("Wrote \(path): yours to edit; it replaces the built-in one from the next build")
                }
            } catch let problem as Diagnostic {
                FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    static func builtIn() throws -> String {
        do { return try BuiltInFiles.required(BuiltInFiles.layouts) } catch let failure as BuildFailure {
            FileHandle.standardError.write(Data("\(failure.diagnostics.map(\.description).joined(separator: "\n"))\n".utf8))
            throw ExitCode.failure
        }
    }
}

import ArgumentParser
import Foundation
import PaperPages
import PaperPagesServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it for preview and rebuild it on every save; open pages reload themselves.",
        discussion: """
            The site is built into a folder of its own (--output; its build cache sits beside it), never \
            into Public/; pages changed since the server started are served from memory. Build problems are shown over \
            every open page until they are fixed, while the last good site stays served. Ctrl-C stops it.
            """
    )

    @OptionGroup var sources: SourceFolders

    @Option(help: "The preview's own build folder, kept between runs so the next start is incremental.")
    var output = ".paperpages-serve"

    @Option(help: "Port to listen on; if it is busy, the next free one is taken.")
    var port = 8000

    @Option(help: "Address to listen on. The default keeps the preview on this machine; 0.0.0.0 exposes it to the network.")
    var host = "127.0.0.1"

    @Option(name: .customLong("base-url"), help: "Serve the site under this path, as a host would: '/' or '/sub/path/'.")
    var baseURL = "/"

    @Flag(help: "Open the site in the default browser once it is served.")
    var open = false

    @Flag(help: "Print the time each step of every rebuild took.")
    var timings = false

    @Flag(help: "Look for changes by reading the folders once a second instead of asking the kernel (inotify).")
    var poll = false

    func run() async throws {
        let builder: SiteBuilder
        do {
            builder = try SiteBuilder(sources, output: output, baseURL: baseURL)
        } catch let failure as BuildFailure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
        var server = PreviewServer(builder: builder, host: host, port: port)
        server.forcePolling = poll
        let open = self.open
        server.onListening = { url in
            ServeLog.line("Serving \(url.absoluteString) (Ctrl-C to stop)")
            if open { Browser.open(url) }
        }
        let watched = ([sources.content] + builder.layoutFolders).map { $0 + "/" }.joined(separator: ", ")
        server.onWatching = { mode in
            ServeLog.line("Watching \(watched) (\(mode == .inotify ? "inotify" : "polling once a second")); building...")
        }
        let timings = self.timings
        server.onRebuild = { report in ServeLog.print(report, timings: timings) }
        do {
            try await server.run()
        } catch let error as FreePort.NoneFree {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        } catch let failure as BuildFailure {
            FileHandle.standardError.write(Data((failure.diagnostics.map(\.description) + ["error: the preview did not start"]).joined(separator: "\n").appending("\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// One line per rebuild: what it did and how long it took; the problems, when it failed.
enum ServeLog {
    /// Written at once, not buffered, also into a pipe or a log file: the lines are the server's log.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func print(_ report: RebuildReport, timings: Bool) {
        defer {
            if timings {
                for step in report.steps { line(step.description) }
            }
        }
        if !report.problems.isEmpty {
            let lines = report.problems.map(\.description)
            let count = report.problems.count
            // A failed build at start (or before any succeeded) has no site to keep serving.
            let serving = report.builtOnDisk ? "pages show them until they are fixed" : "still serving the last site that built"
            FileHandle.standardError.write(Data((lines + ["error: \(count) problem\(count == 1 ? "" : "s"); \(serving)"])
                .joined(separator: "\n").appending("\n").utf8))
            return
        }
        if report.builtOnDisk {
            line("Built the site: \(report.pagesRendered) page\(report.pagesRendered == 1 ? "" : "s") rendered in \(String(format: "%.2f", report.seconds)) s")
            return
        }
        guard report.pathsChanged > 0 || report.pagesRendered > 0 else { return }
        let first = String(format: "%.0f", report.firstPagesSeconds * 1000)
        let total = String(format: "%.0f", report.seconds * 1000)
        let s = report.pagesRendered == 1 ? "" : "s"
        line("Rebuilt \(report.pagesRendered) page\(s), \(report.pathsChanged) files changed: edited pages served in \(first) ms, all in \(total) ms"
                    + (report.searchRebuilt ? " (search index updated)" : ""))
    }
}

/// The desktop's browser, as `xdg-open` (Linux) or `open` (macOS) finds it.
enum Browser {
    static func open(_ url: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        #if os(macOS)
        process.arguments = ["open", url.absoluteString]
        #else
        process.arguments = ["xdg-open", url.absoluteString]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}

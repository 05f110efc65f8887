import Foundation
import Testing
@testable import PaperPages
@testable import PaperPagesServer

/// The preview always recovers once the sources are fixed, or once another build that held
/// its folder is done; and while it runs, no other build writes into its folder.
@Suite("Preview server: recovery", .serialized)
struct PreviewRecoveryTests {
    /// Polls until `condition` holds or `seconds` pass.
    static func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    struct Breakage: Sendable, CustomStringConvertible {
        var description: String
        var file: String
        var broken: @Sendable (String) -> String
    }

    static let breakages: [Breakage] = [
        Breakage(description: "a bad site.yaml", file: "Content/site.yaml") { $0 + "\nreactions: [\n" },
        Breakage(description: "year: twenty", file: "Content/papers/delta-steal.md") { $0.replacingOccurrences(of: "\nyear: 2025", with: "\nyear: twenty") },
        Breakage(description: "an unknown layout name", file: "Layouts/paper.mustache") { "{{> no-such-layout}}\n" + $0 },
    ]

    @Test(arguments: breakages)
    func aFirstBuildThatFailedServesTheSiteOnceFixed(_ breakage: Breakage) async throws {
        let site = try TemporarySite()
        let good = try site.read(breakage.file, in: site.root)
        try site.write(breakage.file, in: site.root, breakage.broken(good))
        try await PreviewServerTests.serving(site) { http, _ in
            let first = try http.request("GET", "/papers/chameleonbench/")
            #expect(first.status == 404)
            #expect(first.text.contains("The site is not built yet"))
            try site.write(breakage.file, in: site.root, good)
            // Every page, from the folder the build wrote, not only those an edit re-rendered.
            let served = try await Self.eventually { try http.request("GET", "/papers/chameleonbench/").status == 200 }
            #expect(served)
            for path in ["/", "/papers/delta-steal/", "/assets/site.css", "/404.html"] {
                #expect(try http.request("GET", path).status == 200, "\(path)")
            }
        }
    }

    @Test func aPreviewStartedWhileAnotherBuildHoldsItsFolderBuildsWhenThatOneIsDone() async throws {
        let site = try TemporarySite()
        let lockPath = site.root.appendingPathComponent(".ServeOut.paperpages-lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX) == 0)
        try await PreviewServerTests.serving(site, output: "ServeOut") { http, _ in
            #expect(try http.request("GET", "/").status == 404)
            unlink(lockPath)
            close(descriptor)
            // No source changed: the preview notices the lock is free.
            let served = try await Self.eventually { try http.request("GET", "/").status == 200 }
            #expect(served)
        }
    }

    @Test func aBuildIntoTheServedFolderIsRefusedWhileServeRuns() async throws {
        let site = try TemporarySite()
        try await PreviewServerTests.serving(site) { http, _ in
            #expect(try http.request("GET", "/").status == 200)
            let run = try HostileSite.run(["build", "--content", site.content.path, "--layouts", site.layouts.path,
                                           "--output", site.root.appendingPathComponent("Served").path, "--base-url", "/other/"], in: site.root)
            #expect(run.status == 1)
            let lines = run.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("\(site.root.path)/Served: is the folder of a running paperpages serve (process \(getpid())), which serves what is built there; build into another folder, such as Public") == true, "\(run.stderr)")
            // What the preview serves is untouched: its own base path.
            let home = try http.request("GET", "/")
            #expect(home.status == 200 && !home.text.contains("/other/"))
        }
        // Once it stops, the folder is an ordinary build output again.
        let after = try HostileSite.run(["build", "--content", site.content.path, "--layouts", site.layouts.path,
                                         "--output", site.root.appendingPathComponent("Served").path], in: site.root)
        #expect(after.status == 0, "\(after.stderr)")
    }
}

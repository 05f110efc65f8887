import Foundation
import Testing
@testable import PaperPages
@testable import PaperPagesServer

/// The preview always recovers once the sources are fixed, or once another build that held
/// its folder is done; and while it runs, no other build writes into its folder.
///
/// In the preview server's suite, whose tests run one at a time: a test's blocking socket
/// read holds one of the few threads the server's own async work needs (two on two cores).
extension PreviewServerTests {
    /// Polls until `condition` holds or `seconds` pass. Generous: in the full suite, tests that
    /// wait on processes hold the cooperative threads the server's rebuild runs on (a rebuild
    /// that takes 0.3 s alone once took over 20 s to be served there).
    static func eventually(_ seconds: Double = 90, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
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
        try await PreviewServerTests.serving(site) { http, live in
            let first = try http.request("GET", "/papers/chameleonbench/")
            #expect(first.status == 404)
            #expect(first.text.contains("The site is not built yet"))
            try site.write(breakage.file, in: site.root, good)
            // Every page, from the folder the build wrote, not only those an edit re-rendered.
            let served = try await PreviewServerTests.eventually { try http.request("GET", "/papers/chameleonbench/").status == 200 }
            if !served, let live {
                let site = live.site
                Issue.record("not served: version \(site.version), \(site.files.count) files, problems \(site.problems), listeners \(await live.listenerCount)")
            }
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
            let served = try await PreviewServerTests.eventually { try http.request("GET", "/").status == 200 }
            #expect(served)
        }
    }

    @Test func aBuildIntoTheServedFolderIsRefusedWhileServeRuns() async throws {
        let site = try TemporarySite()
        try await PreviewServerTests.serving(site) { http, _ in
            #expect(try http.request("GET", "/").status == 200)
            let run = try await HostileSite.run(["build", "--content", site.content.path, "--layouts", site.layouts.path,
                                           "--output", site.root.appendingPathComponent("Served").path, "--base-url", "/other/"], in: site.root)
            #expect(run.status == 1)
            let lines = run.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("\(site.root.path)/Served: is the folder of a running paperpages serve (process \(getpid())), which serves what is built there; build into another folder, such as Public") == true, "\(run.stderr)")
            // What the preview serves is untouched: its own base path.
            let home = try http.request("GET", "/")
            #expect(home.status == 200 && !home.text.contains("/other/"))
        }
        // Once it stops, the folder is an ordinary build output again.
        let after = try await HostileSite.run(["build", "--content", site.content.path, "--layouts", site.layouts.path,
                                         "--output", site.root.appendingPathComponent("Served").path], in: site.root)
        #expect(after.status == 0, "\(after.stderr)")
    }
}

/// Live-reload streams whose pages are gone end at the next heartbeat, with their listeners;
/// HEAD on the stream is answered and closed.
extension PreviewServerTests {
    /// Opens a stream and resets it at once (SO_LINGER 0: an RST, as a crashed browser sends).
    static func openAndReset(_ port: Int) throws {
        let socket = try RawHTTP.connected(port)
        let request = Array("GET /__paperpages/events?path=index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8)
        _ = send(socket, request, request.count, 0)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = recv(socket, &buffer, buffer.count, 0)   // the headers and the first status: the stream is open
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(socket)
    }

    @Test func resetStreamsLeaveNoListenerBehind() async throws {
        let site = try TemporarySite()
        try await PreviewServerTests.serving(site, heartbeat: .milliseconds(200)) { http, live in
            let live = try #require(live)
            for round in 1...3 {
                for _ in 0..<200 { try PreviewServerTests.openAndReset(http.port) }
                // Gone within a few heartbeats, with no rebuild to write to them.
                var count = await live.listenerCount
                let deadline = Date().addingTimeInterval(10)
                while count > 0, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    count = await live.listenerCount
                }
                #expect(count == 0, "round \(round): \(count) listeners left")
            }
            // Never more than the cap at once, however fast they come: the oldest goes.
            for _ in 0..<(LiveSite.maximumListeners + 100) { try PreviewServerTests.openAndReset(http.port) }
            #expect(await live.listenerCount <= LiveSite.maximumListeners)
            let drained = try await PreviewServerTests.eventually { await live.listenerCount == 0 }
            #expect(drained)
            // A stream that stays open is kept, and hears the heartbeat.
            let stream = try RawHTTP.Stream(port: http.port, target: "/__paperpages/events?path=index.html")
            #expect(try stream.next().event == "status")
            try await Task.sleep(for: .milliseconds(600))
            #expect(await live.listenerCount == 1)
            stream.close()
        }
    }

    @Test func headOnTheStreamIsAnsweredAndClosed() async throws {
        let site = try TemporarySite()
        try await PreviewServerTests.serving(site) { http, _ in
            // RawHTTP sends Connection: close and reads until the server closes: a stream left
            // open would hang here.
            let head = try http.request("HEAD", "/__paperpages/events")
            #expect(head.status == 200)
            #expect(head.headers["content-type"] == "text/event-stream; charset=utf-8")
            #expect(head.body.isEmpty)
        }
    }
}

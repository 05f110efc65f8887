import Foundation
import Testing
@testable import PaperPages
@testable import PaperPagesServer

/// The preview server over real HTTP on loopback: what it serves, what it refuses, and how.
@Suite("Preview server", .serialized)
struct PreviewServerTests {
    /// Starts `paperpages serve`'s server on a free port for one test, and stops it after.
    static func serving(_ site: TemporarySite, baseURL: String = "/", output: String = "Served", heartbeat: Duration = .seconds(15),
                        _ body: (RawHTTP, LiveSite?) async throws -> Void) async throws {
        let builder = SiteBuilder(content: site.content.path, layouts: site.layouts.path,
                                  output: site.root.appendingPathComponent(output).path, baseURL: baseURL)
        var server = PreviewServer(builder: builder, port: 18_000 + Int.random(in: 0..<2_000))
        // The test stops the server by cancelling it, which Hummingbird logs as an error.
        server.logger.logLevel = .critical
        let (listening, announce) = AsyncStream<URL>.makeStream()
        server.onListening = { announce.yield($0) }
        server.eventHeartbeat = heartbeat
        let (lives, give) = AsyncStream<LiveSite>.makeStream()
        server.onLiveSite = { give.yield($0) }
        let running = Task { try await server.run() }
        var urls = listening.makeAsyncIterator()
        let url = try #require(await urls.next())
        #expect(url.path == baseURL || url.path + "/" == baseURL)
        var live = lives.makeAsyncIterator()
        try await body(RawHTTP(port: url.port ?? 0), await live.next())
        running.cancel()
        _ = await running.result
    }

    @Test func servesPagesWithTheirTypeTagAndLiveScript() async throws {
        let site = try TemporarySite()
        try await Self.serving(site) { http, _ in
            let home = try http.request("GET", "/")
            #expect(home.status == 200)
            #expect(home.headers["content-type"] == "text/html; charset=utf-8")
            #expect(home.headers["content-length"] == String(home.body.count))
            let page = try HTMLDocument(home.text)
            #expect(page.select("//script").contains { $0["src"] == "/__paperpages/live.js" })
            let tag = try #require(home.headers["etag"])

            // The browser has it: 304, no body; HEAD: the headers, no body.
            let again = try http.request("GET", "/", headers: ["If-None-Match": tag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            let head = try http.request("HEAD", "/")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["etag"] == tag)

            for (path, type) in [("/assets/site.css", "text/css; charset=utf-8"), ("/assets/site.js", "text/javascript; charset=utf-8"),
                                 ("/search/index.html", "text/html; charset=utf-8"), ("/__paperpages/live.js", "text/javascript; charset=utf-8")] {
                let response = try http.request("GET", path)
                #expect(response.status == 200, "\(path)")
                #expect(response.headers["content-type"] == type, "\(path)")
            }
            let json = try #require(try Self.firstFile(in: site, under: "search", ending: ".json"))
            #expect(try http.request("GET", "/" + json).headers["content-type"] == "application/json; charset=utf-8")
        }
    }

    static func firstFile(in site: TemporarySite, under folder: String, ending: String) throws -> String? {
        let served = site.root.appendingPathComponent("Served")
        let names = try FileManager.default.subpathsOfDirectory(atPath: served.appendingPathComponent(folder).path)
        return names.sorted().first { $0.hasSuffix(ending) }.map { folder + "/" + $0 }
    }

    @Test func refusesEveryWayOutOfTheSite() async throws {
        let site = try TemporarySite()
        // A secret beside the site, which no path may reach.
        try "secret".write(to: site.root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try await Self.serving(site) { http, _ in
            for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/papers/..%2f..%2fsecret.txt",
                         "//secret.txt", "/papers//delta-steal/", "/./index.html", "/%00", "/papers/%5c..%5csecret.txt", "/%zz"] {
                let response = try http.request("GET", path)
                #expect(response.status == 400, "\(path) answered \(response.status)")
                #expect(!response.text.contains("secret"), "\(path)")
            }
            // A link put into the served folder, pointing out of it, is not followed.
            let served = site.root.appendingPathComponent("Served/assets/site.css")
            try FileManager.default.removeItem(at: served)
            try FileManager.default.createSymbolicLink(at: served, withDestinationURL: site.root.appendingPathComponent("secret.txt"))
            let linked = site.root.appendingPathComponent("Served/papers/delta-steal/index.html")
            try FileManager.default.removeItem(at: linked)
            try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: site.root.appendingPathComponent("secret.txt"))
            let response = try http.request("GET", "/papers/delta-steal/")
            #expect(response.status == 404)
            #expect(!response.text.contains("secret"))
        }
    }

    @Test func answersOnlyGetAndHeadAndListsNoFolder() async throws {
        let site = try TemporarySite()
        try await Self.serving(site) { http, _ in
            for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
                let response = try http.request(method, "/")
                #expect(response.status == 405, "\(method)")
                #expect(response.headers["allow"] == "GET, HEAD")
            }
            // papers/ has no index.html: the site's 404 page, not a listing.
            let folder = try http.request("GET", "/papers/")
            #expect(folder.status == 404)
            let page = try HTMLDocument(folder.text)
            #expect(page.text("//title").contains("Page not found"))
            #expect(!folder.text.contains("delta-steal/"))
            // A 404 is never a 304.
            let missing = try http.request("GET", "/no/such/page/", headers: ["If-None-Match": folder.headers["etag"] ?? "*"])
            #expect(missing.status == 404)
            // A folder without its slash is sent to it.
            let redirect = try http.request("GET", "/papers/delta-steal")
            #expect(redirect.status == 301)
            #expect(redirect.headers["location"] == "/papers/delta-steal/")
        }
    }

    @Test func servesUnderABasePath() async throws {
        let site = try TemporarySite()
        try await Self.serving(site, baseURL: "/sub/") { http, _ in
            let home = try http.request("GET", "/sub/")
            #expect(home.status == 200)
            let page = try HTMLDocument(home.text)
            let links = page.select("//a").compactMap { $0["href"] }.filter { $0.hasPrefix("/") }
            #expect(!links.isEmpty)
            #expect(links.allSatisfy { $0.hasPrefix("/sub/") })
            #expect(try http.request("GET", "/sub").headers["location"] == "/sub/")
            #expect(try http.request("GET", "/").status == 404)
            #expect(try http.request("GET", "/papers/delta-steal/").status == 404)
            #expect(try http.request("GET", "/sub/papers/delta-steal/").status == 200)
        }
    }

    /// The live-reload stream: the problems first, then each change naming the files, and a
    /// page's ETag that changes with the problems shown over it.
    @Test func tellsOpenPagesWhatChangedAndWhatIsBroken() async throws {
        let site = try TemporarySite()
        try await Self.serving(site) { http, _ in
            let page = "papers/delta-steal/index.html"
            let before = try http.request("GET", "/papers/delta-steal/")
            let events = try RawHTTP.Stream(port: http.port, target: "/__paperpages/events?path=\(page)&since=0")
            let opening = try events.next()
            #expect(opening.event == "status")
            #expect(opening.data.contains("\"problems\":[]"))

            let paper = site.content.appendingPathComponent("papers/delta-steal.md")
            let text = try String(contentsOf: paper, encoding: .utf8)
            try (text + "\nA sentence the stream should announce.\n").write(to: paper, atomically: true, encoding: .utf8)
            var change = try events.next()
            while change.event != "changed" { change = try events.next() }
            #expect(change.data.contains(page))

            try text.replacingOccurrences(of: "\nyear: 2025", with: "\nyear: twenty").write(to: paper, atomically: true, encoding: .utf8)
            var status = try events.next()
            while status.event != "status" { status = try events.next() }
            #expect(status.data.contains("delta-steal.md:10:7: 'year' must be"))
            let broken = try http.request("GET", "/papers/delta-steal/", headers: ["If-None-Match": before.headers["etag"] ?? ""])
            #expect(broken.status == 200)
            #expect(broken.headers["etag"] != before.headers["etag"])
            #expect(broken.text.contains("delta-steal.md:10:7"))
            events.close()
        }
    }
}

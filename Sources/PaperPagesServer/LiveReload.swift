import Foundation
import Hummingbird
import PaperPages
import ServiceLifecycle

/// Open pages reload themselves after a rebuild that changed them, and show the build's
/// problems over the page until they are fixed.
///
/// Each HTML page the server sends gets one script tag (never the built site on disk): the
/// script opens a Server-Sent Events stream, reloads the page, keeping its scroll position,
/// when its own file (or a stylesheet or script) changed, and draws the problems.
enum LiveReload {
    /// Outside any base path a site can have: `__` is not a slug.
    static let prefix = "/__paperpages/"
    static let scriptPath = prefix + "live.js"
    static let eventsPath = prefix + "events"

    /// How often an open event stream is written to when nothing changes: a comment line the
    /// browser ignores. A stream whose page has gone (a closed tab, a reset connection) is
    /// only noticed when written to; without it each one held its listener, its buffered
    /// changes and its connection until the next rebuild (800 reset streams, 70 MB).
    static let defaultHeartbeat: Duration = .seconds(15)

    static func respond(to request: Request, live: LiveSite, heartbeat: Duration = defaultHeartbeat) async -> Response {
        switch request.uri.path {
        case scriptPath:
            return Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache",
                                                   .contentLength: String(LiveReloadScript.text.utf8.count)],
                            body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: LiveReloadScript.text)))
        case eventsPath:
            // HEAD asks for the headers of an endless stream: they, and the end of the answer.
            if request.method == .head {
                return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"], body: ResponseBody())
            }
            return await events(request, live, heartbeat: heartbeat)
        default:
            return Response(status: .notFound, headers: [.contentLength: "0"])
        }
    }

    /// The page's script tag, before `</body>`: it carries the path of the page's file, the
    /// version at which that file last changed and the problems to show now.
    static func inject(into page: [UInt8], path: String, site: ServedSite) -> [UInt8] {
        let problems = json(site.problems.map(\.description))
        let tag = "<script src=\"\(scriptPath)\" data-path=\"\(escapeHTML(path))\" "
            + "data-version=\"\(site.changedAt[path] ?? 0)\" data-problems=\"\(escapeHTML(problems))\"></script>"
        var bytes = page
        let end = Array("</body>".utf8)
        let index = lastIndex(of: end, in: page) ?? page.count
        bytes.insert(contentsOf: Array(tag.utf8), at: index)
        return bytes
    }

    /// The stream a page listens to: first `status` (the problems now), and `changed` if its
    /// file changed since it was served; then one `changed` per publish, naming the files
    /// (`all` when there are many), and `status` when the problems change.
    private static func events(_ request: Request, _ live: LiveSite, heartbeat: Duration) async -> Response {
        let query = request.uri.queryParameters
        let path = query["path"].map(String.init)
        let since = query["since"].flatMap { Int($0) } ?? 0
        let (id, changes) = await live.changes()
        let site = live.site
        var opening = message("status", Status(problems: site.problems.map(\.description), version: site.version))
        if let path, (site.changedAt[path] ?? 0) > since {
            opening += message("changed", Changed(paths: [path], all: false))
        }
        let first = opening
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // The changes and a heartbeat, in one stream: whichever comes first is written.
            let (events, input) = AsyncStream<SiteChange?>.makeStream(bufferingPolicy: .bufferingNewest(64))
            let forward = Task {
                for await change in changes { input.yield(change) }
                input.finish()
            }
            let beat = Task {
                while (try? await Task.sleep(for: heartbeat)) != nil { input.yield(nil) }
            }
            // However the stream ends (the page gone, the server stopping), its listener goes.
            defer {
                forward.cancel()
                beat.cancel()
                input.finish()
                Task { await live.stopListening(id) }
            }
            // The stream is endless: it ends when the page closes, or when the server stops.
            try await withGracefulShutdownHandler {
                try await writer.write(ByteBuffer(string: first))
                var problems = site.problems
                for await event in events {
                    guard let change = event else {
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                        continue
                    }
                    var text = ""
                    if !change.paths.isEmpty {
                        let many = change.paths.count > 200
                        text += message("changed", Changed(paths: many ? [] : change.paths.sorted(), all: many))
                    }
                    if change.problems != problems {
                        problems = change.problems
                        text += message("status", Status(problems: problems.map(\.description), version: change.version))
                    }
                    if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                }
                try await writer.finish(nil)
            } onGracefulShutdown: {
                Task { await live.stopListening(id) }
            }
        })
    }

    /// The problems shown over every page, each `file:line:col: message`.
    struct Status: Encodable {
        var problems: [String]
        var version: Int
    }

    /// Files of the site that changed: `all` when too many to name.
    struct Changed: Encodable {
        var paths: [String]
        var all: Bool
    }

    private static func message(_ event: String, _ data: some Encodable) -> String {
        "event: \(event)\ndata: \(json(data))\n\n"
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.count - needle.count
        while index >= 0 {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}

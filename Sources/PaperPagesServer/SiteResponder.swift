import Foundation
import Hummingbird
import PaperPages

/// Answers requests for the site's files, as a static host would, plus the live-reload
/// script and events (see `LiveReload`).
///
/// Only GET and HEAD; only files the site holds (no listing of folders, nothing outside the
/// site, however the path is spelled, and no link followed out of the folders it serves);
/// `index.html` for a folder; the site's own 404 page for a missing file; an ETag on every
/// file and 304 when the browser has it already. HTML pages get the live-reload script.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let live: LiveSite
    /// The real folders a file may be served from: the built site, the content, the layouts,
    /// KaTeX. A file whose real path is elsewhere (a link pointing out) is not served.
    let roots: ServedRoots
    /// How often an idle event stream is written to (see `LiveReload.defaultHeartbeat`).
    var heartbeat = LiveReload.defaultHeartbeat

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return plain(.methodNotAllowed, "Only GET and HEAD are served here.\n", extra: [.allow: "GET, HEAD"], request)
        }
        if request.uri.path.hasPrefix(LiveReload.prefix) {
            return await LiveReload.respond(to: request, live: live, heartbeat: heartbeat)
        }
        let site = live.site
        switch SitePath(request.uri.path, base: site.basePath) {
        case .refused:
            return plain(.badRequest, "This path is not served: it could lead outside the site.\n", request)
        case .baseWithoutSlash:
            return redirect(to: site.basePath, request)
        case .outside:
            return try notFound(site, request)
        case .file(let relative):
            let path = relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
            if let file = site.files[path] {
                return try serve(file, at: path, site, request, status: .ok)
            }
            // A folder asked for without its slash, as static hosts do: `papers/x` -> `papers/x/`.
            if site.files[path + "/index.html"] != nil {
                return redirect(to: request.uri.path + "/", request)
            }
            return try notFound(site, request)
        }
    }

    private func notFound(_ site: ServedSite, _ request: Request) throws -> Response {
        guard let page = site.files["404.html"] else {
            // No site yet (the first build failed): a page that carries the problems' overlay.
            let html = "<!doctype html><html lang=\"en\"><title>Not built yet</title><body><h1>The site is not built yet</h1></body></html>"
            return respond(status: .notFound, bytes: Array(html.utf8), path: "404.html", tag: "none", modified: nil, site, request)
        }
        return try serve(page, at: "404.html", site, request, status: .notFound)
    }

    private func serve(_ file: ServedFile, at path: String, _ site: ServedSite, _ request: Request, status: HTTPResponse.Status) throws -> Response {
        switch file {
        case .memory(let bytes, let hash):
            return respond(status: status, bytes: bytes, path: path, tag: "m" + String(hash, radix: 36), modified: nil, site, request)
        case .disk(let source):
            guard let real = realpath(source, nil) else { return try notFound(site, request, unless: path) }
            let resolved = String(cString: real)
            free(real)
            guard roots.contains(resolved) else { return try notFound(site, request, unless: path) }
            var info = stat()
            guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  let data = FileManager.default.contents(atPath: resolved) else { return try notFound(site, request, unless: path) }
            let time = info.st_mtim
            let tag = "d\(String(UInt64(info.st_ino), radix: 36))-\(String(data.count, radix: 36))-\(String(time.tv_sec, radix: 36)).\(time.tv_nsec)"
            let modified = Self.httpDate(time.tv_sec)
            return respond(status: status, bytes: [UInt8](data), path: path, tag: tag, modified: modified, site, request)
        }
    }

    /// A file that vanished between the lookup and the read is missing; the 404 page itself
    /// missing is a plain 404.
    private func notFound(_ site: ServedSite, _ request: Request, unless path: String) throws -> Response {
        path == "404.html" ? plain(.notFound, "Not found.\n", request) : try notFound(site, request)
    }

    private func respond(status: HTTPResponse.Status, bytes: [UInt8], path: String, tag: String, modified: String?,
                         _ site: ServedSite, _ request: Request) -> Response {
        let type = ContentTypes.of(path)
        let isPage = type.hasPrefix("text/html")
        var body = bytes
        var etag = tag
        if isPage {
            body = LiveReload.inject(into: bytes, path: path, site: site)
            // The page carries the problems shown over it, so its tag changes with them.
            etag += "-p\(site.problemsChangedAt)"
        }
        etag = "\"\(etag)\""
        var headers: HTTPFields = [.contentType: type, .eTag: etag, .cacheControl: "no-cache"]
        if let modified { headers[.lastModified] = modified }
        // 304 only for a file that is there: a 404 page is never "not modified".
        if status == .ok, Self.matches(request.headers[.ifNoneMatch], etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(body.count)
        if request.method == .head { return Response(status: status, headers: headers, body: ResponseBody()) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `Sun, 29 Nov 2026 07:40:00 GMT` (RFC 9110's date), in the C locale whatever the user's.
    static func httpDate(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// `If-None-Match`: one tag, a list of tags, or `*`; a weak tag matches its strong twin.
    static func matches(_ header: String?, _ etag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }

    private func redirect(to location: String, _ request: Request) -> Response {
        var target = location
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        return Response(status: .movedPermanently, headers: [.location: target, .contentLength: "0"])
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:], _ request: Request) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .contentLength: String(text.utf8.count)]
        headers.append(contentsOf: extra)
        if request.method == .head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

import Foundation

/// The Markdown renderer behind a cache: a text rendered by an earlier build with the same
/// settings is not parsed again (cmark-gfm is the one serial step of the build).
struct MarkdownMemo {
    let renderer: MarkdownRenderer
    private var cached: [UInt64: String]
    /// What this build asked for, to be cached for the next: entries no longer used drop out.
    private(set) var used: [UInt64: String] = [:]
    private let settings: UInt64
    /// Collecting: requests are noted (answered with "") to be rendered together.
    private var collecting: Bool
    private var missing: [UInt64: Request] = [:]

    struct Request: Sendable {
        var inline: Bool
        var markdown: String
        var idPrefix: String
        var headingOffset: Int
    }

    init(renderer: MarkdownRenderer, cached: [UInt64: String], collecting: Bool = false) {
        self.renderer = renderer
        self.cached = cached
        self.collecting = collecting
        var hash = StableHash()
        hash.combine(renderer.allowRawHTML)
        hash.combine(renderer.basePath)
        settings = hash.value
    }

    private func key(_ inline: Bool, _ markdown: String, _ idPrefix: String, _ headingOffset: Int) -> UInt64 {
        var hash = StableHash()
        hash.combine(settings)
        hash.combine(inline)
        hash.combine(markdown)
        hash.combine(idPrefix)
        hash.combine(headingOffset)
        return hash.value
    }

    mutating func render(_ markdown: String, idPrefix: String = "", headingOffset: Int = 0) -> String {
        answer(Request(inline: false, markdown: markdown, idPrefix: idPrefix, headingOffset: headingOffset))
    }

    mutating func renderInline(_ markdown: String) -> String {
        answer(Request(inline: true, markdown: markdown, idPrefix: "", headingOffset: 0))
    }

    private mutating func answer(_ request: Request) -> String {
        let key = key(request.inline, request.markdown, request.idPrefix, request.headingOffset)
        if let html = used[key] ?? cached[key] {
            used[key] = html
            return html
        }
        if collecting {
            missing[key] = request
            return ""
        }
        let html = Self.render(request, with: renderer)
        used[key] = html
        return html
    }

    private static func render(_ request: Request, with renderer: MarkdownRenderer) -> String {
        renderer.render([source(request)])[0]
    }

    private static func source(_ request: Request) -> MarkdownRenderer.Source {
        MarkdownRenderer.Source(markdown: request.markdown, idPrefix: request.idPrefix, headingOffset: request.headingOffset, inline: request.inline)
    }

    /// Texts rendered together, parsed under one taking of cmark-gfm's lock (see `MarkdownRenderer.render(_:)`).
    static let chunkSize = 32

    /// Renders every request collected, on all cores, and stops collecting.
    ///
    /// On Dispatch's threads, not the tasks' shared pool: a thread waiting for cmark-gfm's
    /// parse lock is blocked, and in the pool (one thread per core) that left a core idle that
    /// the work beside the Markdown (`SiteBuilder.Reuse.besideMarkdown`) could not take.
    mutating func renderMissing() async {
        let requests = Array(missing)
        let renderer = renderer
        let chunks = stride(from: 0, to: requests.count, by: Self.chunkSize).map { $0..<min($0 + Self.chunkSize, requests.count) }
        let results = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: chunks.concurrentMap { chunk in renderer.render(requests[chunk].map { Self.source($0.value) }) }.flatMap { $0 })
            }
        }
        for ((key, _), html) in zip(requests, results) { cached[key] = html }
        missing = [:]
        used = [:]
        collecting = false
    }
}

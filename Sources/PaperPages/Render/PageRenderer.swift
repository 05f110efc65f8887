import Foundation

/// One page to write: which layout renders it, where it goes and how to build its values.
struct PageJob: Sendable {
    var layout: String
    /// Output path relative to the site root: `papers/x/index.html`; for a fragment, what it is.
    var file: String
    var values: @Sendable () -> LayoutValue
    /// What error messages call it: "paper page", "paper list item".
    var kind: String
    /// What the page is made from (see `Fingerprints`); nil for what is never reused.
    var fingerprint: UInt64?
    /// The content file the page shows, for messages about the page (its links).
    var source: String?
    /// The slug of the paper a paper's page shows, whose neighbours' list items it lists.
    var paper: String?

    init(layout: String, file: String, kind: String? = nil, values: @escaping @Sendable () -> LayoutValue) {
        self.layout = layout
        self.file = file
        self.kind = kind ?? layout + " page"
        self.values = values
    }
}

/// A file of the finished site, held in memory until publishing, or, when `contents` is nil,
/// the same file of the site being replaced, which is reused as it is.
public struct OutputFile: Sendable {
    public var path: String
    public var contents: [UInt8]?
    /// What it is made from (see `Fingerprints`), recorded for the next build.
    var fingerprint: UInt64 = 0
    /// For a kept page, the content file it shows, for messages about its links.
    var source: String?
}

/// The render stage: runs every page job through its layout, on all cores.
///
/// Mustache rendering is pure Swift and thread-safe, unlike cmark-gfm, so pages render in
/// parallel; results are merged serially in job order for a deterministic output.
struct PageRenderer: Sendable {
    let layouts: LayoutSet

    /// Each page's bytes are made in the task that rendered it, so the text of the whole site
    /// is never held twice over (as Strings and as bytes).
    func render(_ jobs: [PageJob]) async throws -> [OutputFile] {
        try await render(jobs) { $0 }.enumerated().map {
            OutputFile(path: jobs[$0.offset].file, contents: $0.element, fingerprint: jobs[$0.offset].fingerprint ?? 0)
        }
    }

    func renderText(_ jobs: [PageJob]) async throws -> [String] {
        try await render(jobs) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of every job, in job order; a name missing from the values is an error at the
    /// layout line that uses it.
    func render<Output: Sendable>(_ jobs: [PageJob], _ finish: @escaping @Sendable ([UInt8]) -> Output) async throws -> [Output] {
        var needs: [String: Int] = [:]
        for job in jobs { needs[job.layout, default: 0] += 1 }
        try layouts.requireLayouts(needs)

        let results = await withTaskGroup(of: [(Int, Output, [String])].self) { group in
            // A task per slice of jobs, not per page: thousands of pages render in a few tasks.
            let slices = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount * 4))
            for slice in 0..<slices {
                group.addTask { [layouts] in
                    stride(from: slice, to: jobs.count, by: slices).map { index in
                        let job = jobs[index]
                        var renderer = LayoutRenderer(templates: layouts.compiled)
                        renderer.render(job.layout, job.values())
                        // A copy that fits: the buffer grew by doubling, and a batch of pages waits
                        // for the writer with up to twice its bytes otherwise.
                        return (index, finish(Array(renderer.output[...])), renderer.misses.sorted())
                    }
                }
            }
            var results = [(Output, [String])?](repeating: nil, count: jobs.count)
            for await batch in group {
                for (index, file, misses) in batch { results[index] = (file, misses) }
            }
            return results.compactMap { $0 }
        }

        // A name missing from a shared partial shows up on many pages of several kinds:
        // report it once per place, naming the kinds and one page of each.
        var pagesByMiss: [String: [(layout: String, kind: String, file: String)]] = [:]
        for (job, (_, misses)) in zip(jobs, results) {
            for name in misses where pagesByMiss[name]?.contains(where: { $0.kind == job.kind }) != true {
                pagesByMiss[name, default: []].append((job.layout, job.kind, job.file))
            }
        }
        var log = DiagnosticLog()
        for (name, pages) in pagesByMiss {
            var kindsByPlace: [SourceLocation: [(layout: String, kind: String, file: String)]] = [:]
            for page in pages {
                let places = layouts.locations(of: name, from: page.layout)
                for place in places.isEmpty ? [SourceLocation(path: layouts.path(of: page.layout))] : places {
                    kindsByPlace[place, default: []].append(page)
                }
            }
            for (place, pages) in kindsByPlace {
                let kinds = pages.map(\.kind).joined(separator: " or ")
                let examples = pages.map(\.file).joined(separator: ", ")
                log.error(place, "'\(name)' is not a value of the \(kinds) (rendering \(examples))")
            }
        }
        try log.throwIfAny()
        return results.map(\.0)
    }
}


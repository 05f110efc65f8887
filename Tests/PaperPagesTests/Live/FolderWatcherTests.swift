import Foundation
import Testing
@testable import PaperPages

/// The watcher: an editor's burst of events is one batch, and every kind of change is seen,
/// by inotify and by polling alike.
@Suite("Folder watcher")
struct FolderWatcherTests {
    @Test func eventsCloseTogetherAreOneBatch() {
        let start = ContinuousClock.now
        var coalescer = ChangeCoalescer(quiet: .milliseconds(15), longest: .milliseconds(250))
        #expect(coalescer.deadline == nil)
        coalescer.add(ChangedFiles(paths: ["Content/papers/.x.md.swp"]), at: start)
        coalescer.add(ChangedFiles(paths: ["Content/papers/x.md"]), at: start + .milliseconds(5))
        #expect(coalescer.take(at: start + .milliseconds(10)) == nil)
        #expect(coalescer.deadline == start + .milliseconds(20))
        let batch = coalescer.take(at: start + .milliseconds(20))
        #expect(batch?.paths == ["Content/papers/.x.md.swp", "Content/papers/x.md"])
        #expect(coalescer.deadline == nil)
        #expect(coalescer.take(at: start + .seconds(1)) == nil)
    }

    @Test func aSteadyStreamOfEventsStillEndsBatches() {
        let start = ContinuousClock.now
        var coalescer = ChangeCoalescer(quiet: .milliseconds(15), longest: .milliseconds(250))
        var batches: [ChangedFiles] = []
        // One event every 10 ms for a second: never quiet for 15 ms.
        for step in 0..<100 {
            let now = start + .milliseconds(step * 10)
            if let batch = coalescer.take(at: now) { batches.append(batch) }
            coalescer.add(ChangedFiles(paths: ["file-\(step)"]), at: now)
        }
        #expect(batches.count == 3)
        #expect(batches.allSatisfy { $0.paths.count == 25 })
        #expect(coalescer.deadline == start + .milliseconds(750 + 250))
    }

    @Test func everythingOutlastsTheBatch() {
        var coalescer = ChangeCoalescer()
        let start = ContinuousClock.now
        coalescer.add(ChangedFiles(everything: true), at: start)
        coalescer.add(ChangedFiles(paths: ["a"]), at: start)
        #expect(coalescer.take(at: start + .seconds(1)) == ChangedFiles(paths: ["a"], everything: true))
    }

    @Test(arguments: [false, true])
    func seesSavesNewFilesFoldersAndDeletions(polling: Bool) async throws {
        let site = try TemporarySite(example: false)
        let content = site.content.path
        try site.write("papers/x.md", "first\n")
        let watcher = FolderWatcher(folders: [content], pollingInterval: .milliseconds(100))
        let (mode, changes) = watcher.start(forcePolling: polling)
        defer { watcher.stop() }
        #expect(mode == (polling ? .polling : .inotify))
        var batches = changes.makeAsyncIterator()
        // The paths of the batches until one names `path`: a poll may fall in the middle of a
        // save and see its temporary file first.
        func paths(until path: String) async -> Set<String> {
            var seen = Set<String>()
            for _ in 0..<50 where !seen.contains(path) {
                guard let batch = await batches.next() else { break }
                seen.formUnion(batch.paths)
            }
            return seen
        }
        try await Task.sleep(for: .milliseconds(150))

        // An editor's save: a swap file, the text written to a temporary file, renamed over.
        try site.write("papers/.x.md.swp", "swap")
        try "second\n".write(toFile: content + "/papers/x.md.tmp", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: content + "/papers/x.md")
        try FileManager.default.moveItem(atPath: content + "/papers/x.md.tmp", toPath: content + "/papers/x.md")
        let save = await paths(until: content + "/papers/x.md")
        #expect(save.contains(content + "/papers/x.md"))
        #expect(!save.contains(content + "/papers/.x.md.swp"))

        // A new folder holding a file, and a file in it written after.
        try site.write("pictures/figures/one.png", "png")
        var seen = await paths(until: content + "/pictures/figures/one.png")
        try await Task.sleep(for: .milliseconds(150))
        try site.write("pictures/figures/two.png", "png")
        seen.formUnion(await paths(until: content + "/pictures/figures/two.png"))
        #expect(seen.contains(content + "/pictures/figures/one.png"))
        #expect(seen.contains(content + "/pictures/figures/two.png"))

        try FileManager.default.removeItem(atPath: content + "/papers/x.md")
        #expect(await paths(until: content + "/papers/x.md").contains(content + "/papers/x.md"))
    }
}

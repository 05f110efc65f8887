import Foundation

/// Hands batches of pages to a `SiteWriter` on a thread of its own, one batch at a time.
///
/// The writer's work is system calls (making folders and files); on the cooperative pool it
/// would hold one of its few threads while the next batch renders. A serial dispatch queue
/// gets a thread outside the pool. `finishWriting` must be awaited before the next
/// `startWriting`, and before the writer is used again directly: then only one thread ever
/// touches the writer at a time, which is what makes the unchecked `Sendable` sound.
final class BackgroundWriter: @unchecked Sendable {
    private let writer: SiteWriter
    private let queue = DispatchQueue(label: "paperpages.site-writer")
    private var writing: Task<Void, Error>?

    init(_ writer: SiteWriter) {
        self.writer = writer
    }

    func startWriting(_ files: [OutputFile]) {
        precondition(writing == nil, "a batch is still being written")
        writing = Task { [self] in
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
                queue.async { [self] in
                    done.resume(with: Result { try writer.add(files) })
                }
            }
        }
    }

    /// Waits for the batch being written, if any; rethrows its error.
    func finishWriting() async throws {
        guard let task = writing else { return }
        writing = nil
        try await task.value
    }
}

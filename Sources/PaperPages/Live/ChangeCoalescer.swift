/// Gathers file events into batches: an editor's save is several events (a temporary file
/// written, renamed over the old one, its mode set), and a `git checkout` is thousands.
///
/// A batch ends when no event has come for `quiet`, or `longest` after its first event, so a
/// steady stream of events (a long copy) still shows its progress.
struct ChangeCoalescer: Sendable {
    var quiet: Duration = .milliseconds(15)
    var longest: Duration = .milliseconds(250)
    private(set) var pending = ChangedFiles()
    private var first: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?

    init(quiet: Duration = .milliseconds(15), longest: Duration = .milliseconds(250)) {
        self.quiet = quiet
        self.longest = longest
    }

    mutating func add(_ changes: ChangedFiles, at now: ContinuousClock.Instant) {
        guard !changes.isEmpty else { return }
        pending.formUnion(changes)
        if first == nil { first = now }
        last = now
    }

    /// When the pending batch is due, or nil when there is none.
    var deadline: ContinuousClock.Instant? {
        guard let first, let last else { return nil }
        return min(last + quiet, first + longest)
    }

    /// The batch, once it is due.
    mutating func take(at now: ContinuousClock.Instant) -> ChangedFiles? {
        guard let deadline, now >= deadline else { return nil }
        defer { (pending, first, last) = (ChangedFiles(), nil, nil) }
        return pending
    }
}

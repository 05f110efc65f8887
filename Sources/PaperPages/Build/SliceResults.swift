import Foundation

/// Results written by parallel slices of work into their own places, and the first failure.
/// Each index is written by exactly one slice, so only the failure needs the lock; the
/// values live in raw memory because concurrent writes to one array would be exclusive
/// accesses to it, which Swift checks at run time.
final class SliceResults<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int
    private let lock = NSLock()
    private var firstFailure: (String, Error)?

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    func fail(_ place: String, _ error: Error) {
        lock.withLock { if firstFailure == nil { firstFailure = (place, error) } }
    }

    var failure: (String, Error)? { lock.withLock { firstFailure } }

    /// Every value, once every slice has finished without a failure.
    var values: [Value] { (0..<count).map { storage[$0]! } }
}

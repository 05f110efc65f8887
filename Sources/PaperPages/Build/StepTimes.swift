import Foundation

/// Time and memory per named step of a build, in order, for `--timings` and the benchmarks.
struct StepTimes: Sendable {
    private(set) var steps: [(name: String, seconds: Double, memory: Int)] = []
    private let clock = ContinuousClock()

    /// Runs `work` on the caller's actor (`isolation`), so it may touch the caller's state.
    mutating func time<T>(_ name: String, isolation: isolated (any Actor)? = #isolation, _ work: () async throws -> T) async rethrows -> T {
        let began = clock.now
        let result = try await work()
        steps.append((name, (clock.now - began).seconds, SiteBuilder.residentMemory()))
        return result
    }

    /// Records a step timed by its caller, from `began` until now.
    mutating func record(_ name: String, since began: ContinuousClock.Instant) {
        steps.append((name, (clock.now - began).seconds, SiteBuilder.residentMemory()))
    }

    var now: ContinuousClock.Instant { clock.now }
}

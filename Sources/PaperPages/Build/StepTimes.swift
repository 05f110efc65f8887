import Foundation

/// Time and memory per named step of a build, in order, for `--timings` and the benchmarks.
struct StepTimes: Sendable {
    private(set) var steps: [(name: String, seconds: Double, memory: Int)] = []
    private let clock = ContinuousClock()

    mutating func time<T>(_ name: String, _ work: () async throws -> T) async rethrows -> T {
        let began = clock.now
        let result = try await work()
        steps.append((name, (clock.now - began).seconds, SiteBuilder.residentMemory()))
        return result
    }
}

import Foundation

/// One named step of a build: its wall time, the memory held after it, and the CPU time the
/// whole process spent during it (more than `seconds` when the step kept both cores busy).
public struct StepTime: Sendable {
    public var name: String
    public var seconds: Double
    public var memory: Int
    public var cpuSeconds: Double

    /// The line `--timings` prints for the step.
    public var description: String {
        var text = "  \(name): \(String(format: "%.3f", seconds)) s"
        if cpuSeconds > 0 { text += String(format: " (%.2f s CPU)", cpuSeconds) }
        if memory > 0 { text += ", \(memory / 1_048_576) MB held" }
        return text
    }
}

/// Time and memory per named step of a build, in order, for `--timings` and the benchmarks.
struct StepTimes: Sendable {
    private(set) var steps: [StepTime] = []
    private let clock = ContinuousClock()
    private var cpuAtLastStep = StepTimes.processCPUSeconds()

    /// Runs `work` on the caller's actor (`isolation`), so it may touch the caller's state.
    mutating func time<T>(_ name: String, isolation: isolated (any Actor)? = #isolation, _ work: () async throws -> T) async rethrows -> T {
        let began = clock.now
        let result = try await work()
        record(name, since: began)
        return result
    }

    /// Records a step timed by its caller, from `began` until now.
    mutating func record(_ name: String, since began: ContinuousClock.Instant) {
        let cpu = Self.processCPUSeconds()
        steps.append(StepTime(name: name, seconds: (clock.now - began).seconds, memory: SiteBuilder.residentMemory(), cpuSeconds: cpu - cpuAtLastStep))
        cpuAtLastStep = cpu
    }

    var now: ContinuousClock.Instant { clock.now }

    /// User and system CPU time of every thread of the process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

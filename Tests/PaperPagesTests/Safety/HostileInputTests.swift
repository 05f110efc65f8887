import Foundation
import Testing
@testable import PaperPages

/// Every hostile input of `hostileInputs`, run through the real executable against a site
/// that was built once: the exit code, every line of the message with its file:line:column,
/// and the whole folder (the previous Public/ and every source) byte for byte unchanged.
@Suite("Safety: hostile inputs are refused with a located message, and nothing is touched")
struct HostileInputTests {
    @Test func theTableHoldsAtLeastEightyCases() {
        #expect(hostileInputs.count >= 80)
        #expect(Set(hostileInputs.map(\.description)).count == hostileInputs.count)
    }

    @Test(arguments: hostileInputs)
    func refused(_ input: HostileInput) async throws {
        let site = try await HostileSite()
        try input.prepare(site)
        let before = try site.snapshot()
        let environment = input.environment.mapValues { $0.replacingOccurrences(of: "HOMEPLACEHOLDER", with: site.root.path + "/home") }
        let run = try await site.run([input.command] + input.arguments, environment: environment)
        #expect(!run.timedOut, "the build hung")
        #expect(run.status == 1, "exit status \(run.status)")
        let count = input.errors.count
        let expected = input.errors.map {
            $0.replacingOccurrences(of: "ROOT", with: site.root.path).replacingOccurrences(of: "REPO", with: TemporarySite.repository.path)
        }
            + (input.noClosingLine ? [] : [input.closing ?? "error: build failed with \(count) problem\(count == 1 ? "" : "s"); nothing was written"])
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        #expect(lines == expected)
        #expect(run.stdout.isEmpty)
        let after = try site.snapshot()
        #expect(after == before, "changed: \(Set(after.keys).symmetricDifference(before.keys).sorted()) \(before.keys.filter { after[$0] != before[$0] }.sorted())")
    }
}

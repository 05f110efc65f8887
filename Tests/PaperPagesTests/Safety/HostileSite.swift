import Foundation
@testable import PaperPages

/// A small real site (one paper, one note, one review, the project's own layouts) built once
/// into Public/, then attacked by one hostile input and rebuilt with the real executable.
final class HostileSite: @unchecked Sendable {   // runs share nothing but the folder
    let site: TemporarySite
    var root: URL { site.root }

    static let goodPaper = """
        ---
        title: A good paper
        year: 2024
        authors: [Ada Lovelace]
        topics: [Bandits]
        ---
        Notes on it.

        """

    init() async throws {
        site = try TemporarySite(example: false)
        try FileManager.default.removeItem(at: site.layouts)
        try FileManager.default.copyItem(at: TemporarySite.repository.appendingPathComponent("Layouts"), to: site.layouts)
        try site.write("site.yaml", "title: Hostile test\n")
        try site.write("papers/good.md", Self.goodPaper)
        try site.write("notes/why.md", "---\nquestion: Why?\npaper: good\n---\nBecause.\n")
        try site.write("reviews/good-review.md", "---\npaper: good\nreviewer: Grace Hopper\nrating: 4\n---\nSolid.\n")
        // The previous good site, which no failed build may change.
        _ = try await SiteBuilder(content: site.content.path, layouts: site.layouts.path, output: site.output.path, katex: "/nonexistent").build()
    }

    private var heldLocks: [Int32] = []
    deinit { heldLocks.forEach { close($0) } }

    /// Holds an flock on a file, as a running build holds the output's lock.
    func holdLock(_ relative: String) throws {
        let descriptor = open(root.appendingPathComponent(relative).path, O_RDWR)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw POSIXError(.EBUSY) }
        heldLocks.append(descriptor)
    }

    /// Writes a file relative to the site's root (`Content/papers/x.md`, `Layouts/x.mustache`).
    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func link(_ relative: String, to target: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// Every file and link under the root, with its bytes (a link as its target), so a run can
    /// be shown to have changed nothing at all.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        func walk(_ folder: String, _ prefix: String) throws {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let path = folder + "/" + name, relative = prefix + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFLNK: files[relative] = Data(("-> " + (try FileManager.default.destinationOfSymbolicLink(atPath: path))).utf8)
                case S_IFDIR: files[relative + "/"] = Data(); try walk(path, relative + "/")
                case S_IFREG: files[relative] = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data("unreadable".utf8)
                default: files[relative] = Data("special".utf8)
                }
            }
        }
        try walk(root.path, "")
        return files
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs `paperpages` in the site's root, killed after `limit` seconds (a hang is a failure).
    func run(_ arguments: [String], environment: [String: String] = [:], limit: Double = 60,
             executable: URL = CommandLineTests.executable) async throws -> Run {
        try await Self.run(arguments, in: root, environment: environment, limit: limit, executable: executable)
    }

    /// Runs another program (mount, umount) to its end; its exit status.
    func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `paperpages` in `root`, killed after `limit` seconds. The waiting is done on a
    /// thread of its own, not on Swift's cooperative threads (two on two cores): tests that
    /// held them while their processes ran starved a preview server's rebuilds in another test.
    static func run(_ arguments: [String], in root: URL, environment: [String: String] = [:], limit: Double = 60,
                    executable: URL = CommandLineTests.executable) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, in: root, environment: environment, limit: limit, executable: executable) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], in root: URL, environment: [String: String], limit: Double,
                                    executable: URL) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        var timedOut = false
        // Read both pipes as the process runs, so a large error output cannot block it.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, data) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                data.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        while process.isRunning {
            if Date() > deadline { timedOut = true; process.terminate(); break }
            usleep(10_000)
        }
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
                   stderr: String(decoding: errData.get(), as: UTF8.self), timedOut: timedOut)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

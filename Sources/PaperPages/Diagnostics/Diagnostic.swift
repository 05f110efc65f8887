/// One problem found in the user's site: where it is and what was expected.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `Content/papers/x.md:7:10: 'year' must be an integer, found "twenty"`
    public var description: String { "\(location): \(message)" }
}

/// Every problem a build found, so that one run reports all of them rather than the first.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        // Sorted and de-duplicated so output is stable and reads file by file.
        self.diagnostics = Array(Set(diagnostics)).sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    public var description: String {
        let lines = diagnostics.map(\.description)
        let count = diagnostics.count
        return (lines + ["error: build failed with \(count) problem\(count == 1 ? "" : "s"); nothing was written"])
            .joined(separator: "\n")
    }
}

/// Collects diagnostics while a stage works through many files.
struct DiagnosticLog: Sendable {
    private(set) var diagnostics: [Diagnostic] = []

    init(_ diagnostics: [Diagnostic] = []) {
        self.diagnostics = diagnostics
    }

    var isEmpty: Bool { diagnostics.isEmpty }

    mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// Throws everything collected so far; later stages never see a broken site.
    func throwIfAny() throws {
        if !diagnostics.isEmpty { throw BuildFailure(diagnostics) }
    }
}

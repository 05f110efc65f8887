/// A place in a file that a message can point at: `path:line:column`.
///
/// `path` is kept as the user spelled it (relative to where they ran the command), so
/// editors and terminals can jump straight to it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    /// 1-based; nil when only the file is known.
    public var line: Int?
    /// 1-based, counted in Unicode scalars; nil when only the line is known.
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0)
    }
}

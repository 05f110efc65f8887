extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`), by scalars:
    /// Foundation's trim goes through NSString on Linux, which showed when tens of thousands of
    /// author names are read, and every rendered title ends in a line feed to trim.
    func trimmingWhitespace(newlines: Bool = false) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isTrimmed($0, newlines: newlines) }) else { return "" }
        let last = scalars.lastIndex { !Self.isTrimmed($0, newlines: newlines) } ?? first
        return String(scalars[first...last])
    }

    /// Foundation's sets: `.whitespaces` is Unicode's space separators (Zs), tab and the
    /// zero-width space; `.whitespacesAndNewlines` adds U+000A–U+000D, U+0085, U+2028 and
    /// U+2029. So both are Unicode's White_Space and U+200B, less the line ends for the first
    /// (checked against Foundation for every scalar).
    private static func isTrimmed(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        switch scalar.value {
        case 0x20, 0x09: true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: newlines
        case 0x200B: true
        case 0..<0xA0: false
        default: scalar.properties.isWhitespace
        }
    }
}

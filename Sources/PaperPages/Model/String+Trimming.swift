import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`) with a fast path:
    /// most values have nothing to trim, and Foundation's trim goes through NSString on Linux,
    /// which showed when tens of thousands of author names are read.
    func trimmingWhitespace(newlines: Bool = false) -> String {
        let set: CharacterSet = newlines ? .whitespacesAndNewlines : .whitespaces
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return "" }
        if !set.contains(first) && !set.contains(last) { return String(self) }
        return trimmingCharacters(in: set)
    }
}

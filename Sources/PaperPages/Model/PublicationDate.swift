import Foundation

/// When a work appeared, as precisely as it is known: `2024-05` (a month) or `2024-05-17`
/// (a day). BibTeX's `month` without a `day` is the common case, and is kept, not dropped.
public struct PublicationDate: Sendable, Hashable {
    public let year: Int
    public let month: Int
    /// Set when the day is known.
    public let day: Day?

    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        if let day = Day(trimmed) {
            self.year = day.year
            self.month = day.month
            self.day = day
            return
        }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
        self.day = nil
    }

    /// "May 1935", the month's name in full as `Day.longForm` writes it.
    public static func monthAndYear(_ month: Int, _ year: Int) -> String {
        "\(Day.monthNames[month - 1]) \(year)"
    }
}

/// `year:` in front matter: a year, or `n.d.` for a work with no date.
enum WrittenYear: Equatable {
    case year(Int)
    case undated

    /// What `year:` says of an undated work, as citation styles print it.
    static let undatedWord = "n.d."
}

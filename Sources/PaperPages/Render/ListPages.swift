/// Long lists split into pages: the reading list in each order and the page of a name (a
/// topic, an author, a venue...). At 10,000 papers one page of the whole list was 6.7 MB,
/// too much for a phone; a page of `size` items is about 300 KB. The first page keeps the
/// list's address (`sort/title/`), the others follow it (`sort/title/page/2/`), and every
/// page links to all of them, so the list reads without JavaScript. The reading list's
/// in-place filters fetch every item from `itemsFile` and work over the whole list.
struct ListPages: Sendable {
    static let size = 500
    /// Every item of the reading list, for the filters: `[[group, item HTML], ...]`.
    static let itemsFile = "lists/reading-list.json"

    let first: String
    let count: Int

    init(first: String, items: Int) {
        self.first = first
        count = max(1, (items + Self.size - 1) / Self.size)
    }

    var numbers: ClosedRange<Int> { 1...count }

    func href(_ page: Int) -> String { page == 1 ? first : first + "page/\(page)/" }

    func range(_ page: Int, of items: Int) -> Range<Int> {
        min(items, (page - 1) * Self.size)..<min(items, page * Self.size)
    }

    /// `pagination` for a layout: nil when the list fits one page.
    func values(_ page: Int) -> LayoutValue {
        guard count > 1 else { return .null }
        return [
            "current": .int(page),
            "count": .int(count),
            "previous_href": page > 1 ? .text(href(page - 1)) : .null,
            "next_href": page < count ? .text(href(page + 1)) : .null,
            "pages": LayoutValue(numbers) { ["number": .int($0), "href": .text(href($0)), "current": .bool($0 == page)] },
        ]
    }
}

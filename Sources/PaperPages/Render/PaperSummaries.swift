import Foundation

/// Every paper's summary (`PageContexts.makePaperSummary`), with its list items once they are
/// rendered (`item_html`, `filterable_item_html`): shared by every copy of one set of page
/// values, so that a page planned before the summaries were made reads them when it renders.
/// That lets the render step (`RenderStep`) plan the pages once, then make the summaries and
/// list items the pages it renders need, in a build and in the preview server alike.
final class PaperSummaries: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: LayoutValue] = [:]

    subscript(slug: String) -> LayoutValue? {
        lock.withLock { values[slug] }
    }

    func add(_ made: some Sequence<(String, LayoutValue)>) {
        lock.withLock { for (slug, value) in made { values[slug] = value } }
    }

    /// Whether the paper's list items are rendered.
    func hasListItems(_ slug: String) -> Bool {
        lock.withLock { values[slug]?.object?["item_html"] != nil }
    }
}

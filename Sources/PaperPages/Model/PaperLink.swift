import Foundation

/// One link of a paper beyond its identifiers (`links:` in front matter): slides, a poster, a
/// video. `url` is an `http(s)` URL or a path in the site (`/files/poster.pdf`), which the link
/// check then requires to exist.
public struct PaperLink: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case pdf, code, data, slides, poster, video, website, blog, supplement, html, other

        /// The button's words.
        public var label: String {
            switch self {
            case .pdf: "PDF"
            case .code: "Code"
            case .data: "Data"
            case .slides: "Slides"
            case .poster: "Poster"
            case .video: "Video"
            case .website: "Website"
            case .blog: "Blog"
            case .supplement: "Supplement"
            case .html: "HTML"
            case .other: "Link"
            }
        }
    }

    public var kind: Kind
    public var url: String
    /// Words of the owner's own for the button; the kind's label otherwise.
    public var label: String?

    public init(kind: Kind, url: String, label: String? = nil) {
        self.kind = kind
        self.url = url
        self.label = label
    }

    public var shownLabel: String { label ?? kind.label }
}

import Foundation

/// How a reader contributes to a static site: there is no login and no form to post to, so
/// a contribution is a file in the site's repository. With `repository:` in site.yaml the
/// pages link to the forge's own editor (edit this page, new review, new note); without one
/// they show the file to write, ready to copy.
struct Contributions: Sendable {
    enum Forge { case github, gitlab, gitea }

    let repository: String?
    let branch: String
    let contentPath: String

    init(_ config: SiteConfig) {
        repository = config.repository
        branch = config.repositoryBranch
        contentPath = config.contentPath
    }

    private var forge: Forge {
        let host = repository.flatMap { URLComponents(string: $0)?.host?.lowercased() } ?? ""
        if host.contains("gitlab") { return .gitlab }
        if host == "codeberg.org" || host.contains("gitea") || host.contains("forgejo") { return .gitea }
        return .github
    }

    /// The file's path in the repository, percent-encoded for a URL (`content_path` may hold spaces).
    private func path(_ relative: String) -> String {
        let path = contentPath.isEmpty ? relative : contentPath + "/" + relative
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    /// The forge's editor for an existing content file (`papers/x.md`).
    func editURL(_ relative: String) -> String? {
        guard let repository else { return nil }
        switch forge {
        case .github: return "\(repository)/edit/\(branch)/\(path(relative))"
        case .gitlab: return "\(repository)/-/edit/\(branch)/\(path(relative))"
        case .gitea: return "\(repository)/_edit/\(branch)/\(path(relative))"
        }
    }

    /// The forge's "new file" page in `folder`, with the name and the template filled in.
    func newFileURL(folder: String, name: String, contents: String) -> String? {
        guard let repository else { return nil }
        let query = { (nameKey: String, valueKey: String) -> String in
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: nameKey, value: name), URLQueryItem(name: valueKey, value: contents)]
            return components.percentEncodedQuery ?? ""
        }
        switch forge {
        case .github: return "\(repository)/new/\(branch)/\(path(folder))?" + query("filename", "value")
        case .gitlab: return "\(repository)/-/new/\(branch)/\(path(folder))?" + query("file_name", "content")
        case .gitea: return "\(repository)/_new/\(branch)/\(path(folder))?" + query("filename", "value")
        }
    }

    /// The front matter of a new review of `paper`, every key the review layout shows.
    static func reviewTemplate(paper: String, date: String = "YYYY-MM-DD") -> String {
        """
        ---
        paper: \(paper)
        reviewer: "Your name"
        date: \(date)
        rating: 3        # 1 to 5
        confidence: 3    # 1 to 5
        strengths: |
          - A concrete strength
        concerns: |
          - A concrete concern
        questions: |
          - A question about the method
        ---
        The review in Markdown.

        """
    }

    /// The front matter of a new Q&A note on `paper`.
    static func noteTemplate(paper: String?, date: String = "YYYY-MM-DD", question: String = "Your question about the paper?") -> String {
        """
        ---
        question: "\(question)"\(paper.map { "\npaper: " + $0 } ?? "")
        date: \(date)
        topics: []
        ---
        The answer in Markdown: a caveat, a replication pointer, a quote with its section.

        """
    }
}

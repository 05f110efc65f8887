import Foundation
import Yams

/// A specific reaction a reader can record on a paper, beyond like and dislike (the seed's
/// "Add specific reaction"): "Insightful", "Skeptical". A site names its own in `site.yaml`
/// (`reactions:`); visitors toggle them in their browser, and the owner records theirs in a
/// paper's front matter.
public struct Reaction: Sendable, Equatable {
    /// What storage, exported files, front matter and filters name it by: `insightful`.
    public var id: String
    /// What a reader sees: `Insightful`.
    public var label: String
    /// One line on when to use it, shown beside the button.
    public var description: String?

    public init(_ label: String, description: String? = nil) {
        self.id = Slug.make(label)
        self.label = label
        self.description = description
    }

    /// The set a site has unless `site.yaml` says otherwise.
    public static let defaults: [Reaction] = [
        Reaction("Insightful", description: "Changes how I think about the problem."),
        Reaction("Important", description: "A paper the field should know."),
        Reaction("Surprising", description: "Results I did not expect."),
        Reaction("Skeptical", description: "I doubt the claims or the method."),
        Reaction("Replicated", description: "Its results have been reproduced."),
        Reaction("Outdated", description: "Later work has superseded it."),
    ]

    /// More than this is no longer a quick choice, and every paper page carries each one.
    static let maximumCount = 12
    /// Labels are button text.
    static let maximumLabelLength = 40
}

extension FieldReader {
    /// `reactions:` in site.yaml: a list whose items are a label (`- Insightful`) or a mapping
    /// (`- {name: Replicated, description: "I reproduced its results."}`). Absent: the defaults;
    /// an empty list: no reactions. Two labels with one id (`Must read`, `must-read`) are an error.
    mutating func reactions(_ key: String, log: inout DiagnosticLog) -> [Reaction] {
        guard isPresent(key) else { return Reaction.defaults }
        var reactions: [Reaction] = []
        var seen: [String: String] = [:]
        for (node, location) in items(key, log: &log) {
            var label: String?, description: String?
            switch node {
            case .scalar(let scalar) where !Self.isUnquotedNonText(node):
                label = scalar.string.trimmingWhitespace()
            case .mapping(let mapping):
                label = mapping["name"]?.string?.trimmingWhitespace()
                description = mapping["description"]?.string?.trimmingWhitespace()
                let unknown = mapping.keys.compactMap(\.string).filter { !["name", "description"].contains($0) }
                if !unknown.isEmpty {
                    log.error(location, "a reaction has 'name' and 'description', found \(unknown.map { "'\($0)'" }.joined(separator: ", "))")
                    continue
                }
            default:
                break
            }
            guard let label, !label.isEmpty, label.count <= Reaction.maximumLabelLength,
                  !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                log.error(location, "each item of '\(key)' must be a name of 1 to \(Reaction.maximumLabelLength) characters, such as Insightful, "
                          + "or {name: Replicated, description: \"Its results have been reproduced.\"}, found \(describe(node))")
                continue
            }
            let reaction = Reaction(label, description: description?.isEmpty == true ? nil : description)
            if let other = seen[reaction.id] {
                log.error(location, "'\(label)' and '\(other)' are one reaction (both '\(reaction.id)'): name them apart")
                continue
            }
            seen[reaction.id] = label
            reactions.append(reaction)
        }
        if reactions.count > Reaction.maximumCount {
            log.error(location(of: key), "'\(key)' lists \(reactions.count) reactions; a paper page offers at most \(Reaction.maximumCount)")
        }
        return reactions
    }

    /// The owner's reactions in a paper's front matter (`reactions: [insightful, important]`),
    /// by id, each with where it was written: which ids a site offers is checked with the
    /// site's settings (`SiteGraph`). Labels are accepted too (`Insightful`).
    mutating func reactionReferences(_ key: String, log: inout DiagnosticLog) -> [SlugReference] {
        var seen = Set<String>()
        return texts(key, log: &log).compactMap { text, location in
            let id = Slug.make(text)
            return seen.insert(id).inserted ? SlugReference(slug: id, location: location) : nil
        }
    }
}

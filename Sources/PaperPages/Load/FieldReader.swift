import Foundation
import Yams

/// Reads typed values out of one file's front matter, checking each against what the
/// content format (docs/content.md) expects and logging a precise message when it does not match.
///
/// Every getter records the key as known; `extras()` returns the rest, which reach layouts
/// untouched so a site can add keys of its own.
struct FieldReader {
    let path: String
    private let fields: [String: FrontMatterField]
    private let order: [String]
    private var used: Set<String> = []
    /// Where the front matter block starts, for "missing key" messages.
    private let fileStart: SourceLocation
    private let lineOffset: Int

    init(_ document: FrontMatterDocument, path: String) {
        self.path = path
        self.fields = Dictionary(document.fields.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.order = document.fields.map(\.key)
        self.fileStart = SourceLocation(path: path, line: 1, column: 1)
        self.lineOffset = document.lineOffset
    }

    /// The value node of `key`, or nil when absent or written as an empty value (`key:`).
    private mutating func node(_ key: String) -> FrontMatterField? {
        used.insert(key)
        guard let field = fields[key] else { return nil }
        if case .scalar(let scalar) = field.value, scalar.style == .plain, field.value.null != nil { return nil }
        return field
    }

    func location(of key: String) -> SourceLocation {
        fields[key]?.valueLocation ?? fileStart
    }

    private func missing(_ key: String, _ expected: String, _ log: inout DiagnosticLog) {
        log.error(fileStart, "'\(key)' is required: expected \(expected)")
    }

    private func wrong(_ field: FrontMatterField, _ expected: String, _ log: inout DiagnosticLog) {
        log.error(field.valueLocation, "'\(field.key)' must be \(expected), found \(describe(field.value))")
    }

    // MARK: Scalars

    mutating func string(_ key: String, required: Bool = false, log: inout DiagnosticLog) -> String? {
        guard let field = node(key) else {
            if required { missing(key, "text", &log) }
            return nil
        }
        guard case .scalar(let scalar) = field.value, !Self.isUnquotedBool(field.value) else {
            wrong(field, "text (put it in quotes if you mean the word)", &log)
            return nil
        }
        let text = scalar.string.trimmingWhitespace(newlines: true)
        if required && text.isEmpty {
            log.error(field.valueLocation, "'\(key)' must not be empty")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false,
                      log: inout DiagnosticLog) -> Int? {
        let expected = range.map(describeRange) ?? "an integer"
        guard let field = node(key) else {
            if required { missing(key, expected, &log) }
            return nil
        }
        // A quoted "2022" is accepted too: exporters often quote every value.
        guard case .scalar(let scalar) = field.value,
              let value = field.value.int ?? Int(scalar.string.trimmingWhitespace()) else {
            wrong(field, expected, &log)
            return nil
        }
        if let range, !range.contains(value) {
            wrong(field, expected, &log)
            return nil
        }
        return value
    }

    private func describeRange(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "an integer >= \(range.lowerBound)"
            : "an integer from \(range.lowerBound) to \(range.upperBound)"
    }

    mutating func bool(_ key: String, log: inout DiagnosticLog) -> Bool? {
        guard let field = node(key) else { return nil }
        guard field.value.tag == Tag(.bool), let value = field.value.bool else {
            wrong(field, "true or false", &log)
            return nil
        }
        return value
    }

    mutating func day(_ key: String, log: inout DiagnosticLog) -> Day? {
        guard let field = node(key) else { return nil }
        guard case .scalar(let scalar) = field.value, let day = Day(scalar.string) else {
            wrong(field, "a date written YYYY-MM-DD", &log)
            return nil
        }
        return day
    }

    /// A publication date: `YYYY-MM-DD`, or `YYYY-MM` when only the month is known.
    mutating func publicationDate(_ key: String, log: inout DiagnosticLog) -> PublicationDate? {
        guard let field = node(key) else { return nil }
        guard case .scalar(let scalar) = field.value, let date = PublicationDate(scalar.string) else {
            wrong(field, "a date written YYYY-MM-DD, or YYYY-MM when only the month is known", &log)
            return nil
        }
        return date
    }

    /// A year from 1000 to 9999, or `n.d.` for an undated work.
    mutating func year(_ key: String, required: Bool, log: inout DiagnosticLog) -> WrittenYear? {
        let expected = "a year from 1000 to 9999, or \(WrittenYear.undatedWord) for a work with no date"
        guard let field = node(key) else {
            if required { missing(key, expected, &log) }
            return nil
        }
        guard case .scalar(let scalar) = field.value else {
            wrong(field, expected, &log)
            return nil
        }
        let text = scalar.string.trimmingWhitespace()
        if text.lowercased() == WrittenYear.undatedWord { return .undated }
        guard let year = field.value.int ?? Int(text), (1000...9999).contains(year) else {
            wrong(field, expected, &log)
            return nil
        }
        return .year(year)
    }

    /// An `http(s)` URL or a path in the site (`/files/poster.pdf`).
    mutating func link(_ key: String, log: inout DiagnosticLog) -> String? {
        guard let field = node(key) else { return nil }
        guard case .scalar(let scalar) = field.value, let link = Self.linkTarget(scalar.string) else {
            wrong(field, "an http(s) URL or a path in the site starting with '/'", &log)
            return nil
        }
        return link
    }

    /// The text as a link a page may carry: an `http(s)` URL with a host, or a root-relative
    /// path (not `//host`, which browsers read as another site).
    static func linkTarget(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("/") && !trimmed.hasPrefix("//") && !trimmed.contains("\\") { return trimmed }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false else { return nil }
        return trimmed
    }

    /// `links:`, each `{kind: slides, url: ...}` with an optional `label`; a kind of its own
    /// is `other` with a label.
    mutating func links(_ key: String, log: inout DiagnosticLog) -> [PaperLink] {
        let kinds = PaperLink.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        return items(key, log: &log).compactMap { node, location in
            guard case .mapping(let mapping) = node else {
                log.error(location, "each item of '\(key)' must be a mapping like {kind: slides, url: https://…}, found \(describe(node))")
                return nil
            }
            for (name, _) in mapping where !["kind", "url", "label"].contains(name.string ?? "") {
                log.error(location, "a link has 'kind', 'url' and 'label', not '\(name.string ?? describe(name))'")
                return nil
            }
            guard let kindText = mapping["kind"]?.string, let kind = PaperLink.Kind(rawValue: kindText) else {
                log.error(location, "each link needs a 'kind', one of \(kinds), found \(mapping["kind"].map(describe) ?? "none")")
                return nil
            }
            guard let urlText = mapping["url"]?.string, let url = Self.linkTarget(urlText) else {
                log.error(location, "each link needs a 'url': an http(s) URL or a path in the site starting with '/', found \(mapping["url"].map(describe) ?? "none")")
                return nil
            }
            let label = mapping["label"]?.string?.trimmingWhitespace()
            if kind == .other && (label ?? "").isEmpty {
                log.error(location, "a link of kind 'other' needs a 'label', the words on its button")
                return nil
            }
            return PaperLink(kind: kind, url: url, label: label?.isEmpty == false ? label : nil)
        }
    }

    /// An `http(s)` URL: other schemes (javascript:, file:) never reach a page.
    mutating func url(_ key: String, log: inout DiagnosticLog) -> String? {
        guard let field = node(key) else { return nil }
        guard case .scalar(let scalar) = field.value,
              let components = URLComponents(string: scalar.string.trimmingWhitespace()),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              components.host?.isEmpty == false else {
            wrong(field, "an http(s) URL", &log)
            return nil
        }
        return scalar.string.trimmingWhitespace()
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type,
                                                            log: inout DiagnosticLog) -> T? where T.RawValue == String {
        guard let field = node(key) else { return nil }
        let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        guard case .scalar(let scalar) = field.value, let value = T(rawValue: scalar.string) else {
            wrong(field, "one of \(allowed)", &log)
            return nil
        }
        return value
    }

    /// A reference to another page by slug, with where it was written so an unknown slug
    /// can be reported at the right line later, when all slugs are known.
    mutating func slug(_ key: String, required: Bool = false, log: inout DiagnosticLog) -> SlugReference? {
        guard let field = node(key) else {
            if required { missing(key, "a paper slug", &log) }
            return nil
        }
        return slugReference(field.value, key: key, location: field.valueLocation, log: &log)
    }

    private func slugReference(_ node: Node, key: String, location: SourceLocation,
                               log: inout DiagnosticLog) -> SlugReference? {
        guard case .scalar(let scalar) = node, Slug.isValid(scalar.string) else {
            log.error(location, "'\(key)' must be a slug (lower-case letters, digits and '-'), found \(describe(node))")
            return nil
        }
        return SlugReference(slug: scalar.string, location: location)
    }

    // MARK: Lists

    /// Whether the key is given a value (an empty `key:` is not); marks it as known.
    mutating func isPresent(_ key: String) -> Bool {
        node(key) != nil
    }

    /// The items of a list; a single scalar is accepted as a list of one.
    mutating func items(_ key: String, log: inout DiagnosticLog) -> [(Node, SourceLocation)] {
        guard let field = node(key) else { return [] }
        switch field.value {
        case .sequence(let sequence):
            return sequence.map { ($0, FrontMatterParser.location(of: $0, path: path, lineOffset: lineOffset)) }
        case .scalar:
            return [(field.value, field.valueLocation)]
        default:
            wrong(field, "a list", &log)
            return []
        }
    }

    mutating func strings(_ key: String, log: inout DiagnosticLog) -> [String] {
        texts(key, log: &log).map(\.text)
    }

    /// The items of a list of text, each with where it was written.
    mutating func texts(_ key: String, log: inout DiagnosticLog) -> [(text: String, location: SourceLocation)] {
        items(key, log: &log).compactMap { node, location in
            guard case .scalar(let scalar) = node, !scalar.string.trimmingWhitespace().isEmpty,
                  !Self.isUnquotedNull(node), !Self.isUnquotedBool(node) else {
                log.error(location, "each item of '\(key)' must be text, found \(describe(node))")
                return nil
            }
            return (scalar.string.trimmingWhitespace(), location)
        }
    }

    mutating func slugs(_ key: String, log: inout DiagnosticLog) -> [SlugReference] {
        items(key, log: &log).compactMap { node, location in
            slugReference(node, key: key, location: location, log: &log)
        }
    }

    /// Authors as `"Given Family"`, `"Family, Given"` or CSL `{given: ..., family: ...}`
    /// (or `{literal: ...}` for a consortium).
    mutating func people(_ key: String, required: Bool = false, log: inout DiagnosticLog) -> [Person] {
        if required && fields[key] == nil {
            missing(key, "a list of names", &log)
        }
        let people: [Person] = items(key, log: &log).compactMap { node, location in
            switch node {
            case .scalar(let scalar) where !scalar.string.trimmingWhitespace().isEmpty && !Self.isUnquotedNonText(node):
                return Person(written: scalar.string)
            case .mapping(let mapping):
                let given = mapping["given"]?.string, family = mapping["family"]?.string
                var person: Person
                if let literal = mapping["literal"]?.string, !literal.trimmingWhitespace().isEmpty {
                    person = Person(literal: literal)
                } else if let family, !family.trimmingWhitespace().isEmpty {
                    person = Person(given: given ?? "", family: family)
                } else {
                    log.error(location, "each name given as a mapping needs 'family' (and usually 'given'), or 'literal' for a name not split "
                              + "(an institution), found \(describe(node))")
                    return nil
                }
                for (name, value) in mapping {
                    switch name.string {
                    case "given", "family", "literal": continue
                    case "equal", "corresponding":
                        guard value.tag == Tag(.bool), let flag = value.bool else {
                            log.error(location, "'\(name.string!)' of a name must be true or false, found \(describe(value))")
                            return nil
                        }
                        if name.string == "equal" { person.equalContribution = flag } else { person.corresponding = flag }
                    default:
                        log.error(location, "a name has 'given', 'family' or 'literal', and the marks 'equal' and 'corresponding'; not '\(name.string ?? describe(name))'")
                        return nil
                    }
                }
                return person
            default:
                log.error(location, "each item of '\(key)' must be a name like \"Ada Lovelace\" or {given: Ada, family: Lovelace}, found \(describe(node))")
                return nil
            }
        }
        // `authors: []` is an anonymous work, written so; `authors:` with nothing is forgotten.
        if required, let field = fields[key], Self.isUnquotedNull(field.value) {
            log.error(location(of: key), "'\(key)' must list at least one name, or be [] for a work with no known author")
        }
        return people
    }

    // MARK: Values that YAML reads as something other than text

    /// `~`, `null` or nothing, unquoted.
    static func isUnquotedNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.null != nil
    }

    /// `true`, `false` unquoted.
    static func isUnquotedBool(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.tag == Tag(.bool)
    }

    /// A number, a truth value or nothing, unquoted: never a name.
    static func isUnquotedNonText(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return isUnquotedNull(node) || isUnquotedBool(node) || node.tag == Tag(.int) || node.tag == Tag(.float)
    }

    // MARK: The rest

    /// The site's own keys, written under `extra:` in the order written; they reach layouts as
    /// `extra`. Every other key the content format does not define is an error: a misspelt key
    /// close to a defined one names the key meant, any other says where own keys go. (A key
    /// left at the top level would change meaning the day the format defines it.)
    mutating func extras(of kind: String, log: inout DiagnosticLog) -> [(String, FrontMatterValue)] {
        let known = used.union(["extra"])
        var extras: [(String, FrontMatterValue)] = []
        if let field = node("extra") {
            if case .mapping(let mapping) = field.value {
                for (key, value) in mapping {
                    guard let name = key.string else {
                        log.error(FrontMatterParser.location(of: key, path: path, lineOffset: lineOffset), "each key under 'extra' must be text, found \(describe(key))")
                        continue
                    }
                    extras.append((name, FrontMatterValue(value)))
                }
            } else {
                wrong(field, "a mapping of keys of your own, such as `extra: {funding: CRFM}`", &log)
            }
        }
        for key in order where !used.contains(key) {
            guard let field = fields[key] else { continue }
            if let meant = Spelling.closest(to: key, among: known) {
                log.error(field.keyLocation, "'\(key)' is not a key of \(kind); did you mean '\(meant)'?")
            } else {
                log.error(field.keyLocation, "'\(key)' is not a key of \(kind) (see docs/content.md for its keys); "
                          + "put keys of your own under 'extra:', as in `extra: {\(key): ...}`, and layouts read them as {{extra.\(key)}}")
            }
        }
        return extras
    }
}

/// A front-matter value kept as written, for keys a site adds itself.
public enum FrontMatterValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([FrontMatterValue])
    case mapping([String: FrontMatterValue])

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if node.null != nil && scalar.style == .plain { self = .null }
            else if node.tag == Tag(.bool), let value = node.bool { self = .bool(value) }
            else if node.tag == Tag(.int), let value = node.int { self = .int(value) }
            else if node.tag == Tag(.float), let value = node.float { self = .double(value) }
            else { self = .string(scalar.string) }
        case .sequence(let sequence):
            self = .list(sequence.map(FrontMatterValue.init))
        case .mapping(let mapping):
            var values: [String: FrontMatterValue] = [:]
            for (key, value) in mapping { values[key.string ?? "\(key)"] = FrontMatterValue(value) }
            self = .mapping(values)
        case .alias:
            self = .null
        }
    }
}

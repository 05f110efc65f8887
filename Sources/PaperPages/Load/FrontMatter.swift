import Foundation
import Yams

/// A content file split into its YAML front matter and its Markdown body.
struct FrontMatterDocument: Sendable {
    /// The front matter's top-level mapping; empty when the block is empty.
    var fields: [FrontMatterField]
    var body: String
    /// 1-based line of the file where the body starts, for messages about the body.
    var bodyLine: Int
    /// Lines of the file before the YAML text: Yams counts from the YAML's own first line.
    var lineOffset: Int
}

/// One `key: value` of the front matter, with where it was written.
struct FrontMatterField: Sendable {
    var key: String
    var keyLocation: SourceLocation
    var value: Node
    var valueLocation: SourceLocation
}

// Yams' Node holds only values and tags; it is safe to move between threads.
extension Node: @retroactive @unchecked Sendable {}

enum FrontMatterParser {
    /// Splits `text` (the whole file at `path`) and parses its front matter with Yams.
    /// Problems are appended to `log`; nil means the file could not be read as a page at all.
    static func parse(_ text: String, path: String, log: inout DiagnosticLog) -> FrontMatterDocument? {
        let split: FrontMatterSplit
        switch FrontMatterSplit.split(text) {
        case .success(let found):
            split = found
        case .failure(.noOpening):
            log.error(SourceLocation(path: path, line: 1, column: 1),
                      "expected front matter: the file must start with a line '---'")
            return nil
        case .failure(.notClosed):
            log.error(SourceLocation(path: path, line: 1, column: 1),
                      "front matter is not closed: add a line '---' after the last key")
            return nil
        }
        if let (line, column, scalar) = Self.firstControlCharacter(text) {
            log.error(SourceLocation(path: path, line: line, column: column),
                      "contains the control character \(Self.codePoint(scalar)), which a web page cannot carry; remove it")
            return nil
        }
        // The YAML starts on line 2 of the file: every mark Yams gives is one line short.
        guard let fields = parseMapping(split.yaml, path: path, lineOffset: 1, log: &log) else { return nil }
        return FrontMatterDocument(fields: fields, body: split.body, bodyLine: split.closingLine + 1, lineOffset: 1)
    }

    /// Yams' defaults are made again at every call (the encoding reads the environment, the
    /// constructor builds its tables), so both are made once. Its default resolver tries a
    /// regular expression per rule on every unquoted scalar: composed without rules, the
    /// values are typed by `YAMLTypes` afterwards.
    private static let resolver = Resolver.basic

    /// Parses YAML text whose top level must be a mapping (front matter, site.yaml).
    static func parseMapping(_ yaml: String, path: String, lineOffset: Int, log: inout DiagnosticLog) -> [FrontMatterField]? {
        var root: Node?
        do {
            root = try Yams.compose(yaml: yaml, Self.resolver, YAMLTypes.constructor, .utf8)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            for key in duplicates {
                reportDuplicate(key, yaml: yaml, mapping: context.mark, path: path, lineOffset: lineOffset, log: &log)
            }
            return nil
        } catch let error as YamlError {
            log.error(location(of: error, path: path, lineOffset: lineOffset), "invalid YAML: \(problem(of: error, lineOffset: lineOffset))")
            return nil
        } catch {
            log.error(SourceLocation(path: path, line: 1 + lineOffset), "invalid YAML: \(error)")
            return nil
        }

        // Anchors and aliases share nodes, so 400 bytes can stand for a billion values
        // ("billion laughs"); every later step walks the values as if expanded.
        if let root, !withinSizeLimit(root) {
            // Only a YAML text with an anchor (&name) can have aliases that expand it.
            let message = yaml.utf8.contains(UInt8(ascii: "&"))
                ? "the YAML expands to more than \(expandedNodeLimit) values through its aliases (*name); write the values out or use fewer aliases"
                : "the YAML holds more than \(expandedNodeLimit) values (keys and list items); a page's front matter needs far fewer: move long data out of it"
            log.error(SourceLocation(path: path, line: 1 + lineOffset), message)
            return nil
        }
        // YAML escapes ("\0", "\x07", "\e") make control characters the file does not hold.
        if let root, let (node, scalar) = firstControlCharacter(in: root) {
            log.error(location(of: node, path: path, lineOffset: lineOffset),
                      "this value holds the control character \(codePoint(scalar)) (written as an escape), which a web page cannot carry; remove it")
            return nil
        }
        // Typed once the size is known to be small: typing copies the tree, aliases expanded.
        root = root.map(YAMLTypes.typed)
        var fields: [FrontMatterField] = []
        switch root {
        case nil:
            break
        case .scalar where root?.null != nil:
            break
        case .mapping(let mapping):
            var firstLine: [String: Int] = [:]
            for (keyNode, value) in mapping {
                let keyLocation = Self.location(of: keyNode, path: path, lineOffset: lineOffset)
                guard case .scalar(let keyScalar) = keyNode else {
                    log.error(keyLocation, "keys must be plain words, found \(describe(keyNode))")
                    continue
                }
                let key = keyScalar.string
                if let line = firstLine[key] {
                    log.error(keyLocation, "'\(key)' is given twice (first on line \(line))")
                    continue
                }
                firstLine[key] = keyLocation.line ?? 0
                fields.append(FrontMatterField(
                    key: key, keyLocation: keyLocation,
                    value: value, valueLocation: Self.location(of: value, path: path, lineOffset: lineOffset)))
            }
        case .some(let other):
            log.error(Self.location(of: other, path: path, lineOffset: lineOffset),
                      "expected a mapping of 'key: value' lines, found \(describe(other))")
            return nil
        }
        return fields
    }

    /// More values than any reading list's front matter needs (a paper with 5,000 authors is
    /// about 10,000), few enough to walk in milliseconds.
    static let expandedNodeLimit = 100_000

    /// Counts the values with aliases expanded, stopping as soon as the limit is passed.
    static func withinSizeLimit(_ root: Node) -> Bool {
        var budget = expandedNodeLimit
        func visit(_ node: Node) -> Bool {
            budget -= 1
            guard budget >= 0 else { return false }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let sequence): return sequence.allSatisfy(visit)
            case .mapping(let mapping): return mapping.allSatisfy { visit($0.key) && visit($0.value) }
            }
        }
        return visit(root)
    }

    /// Control characters a page cannot carry: every one but tab and line ends.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isControlCharacter && scalar != "\t" && scalar != "\n" && scalar != "\r"
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The line and column (1-based, in scalars) of the first control character in the file.
    static func firstControlCharacter(_ text: String) -> (Int, Int, Unicode.Scalar)? {
        // Most files have no byte that can start one (C0, DEL, or 0xC2, which leads C1).
        var bytes = text
        let mayHaveOne = bytes.withUTF8 { $0.contains { ($0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13) || $0 == 0x7F || $0 == 0xC2 } }
        guard mayHaveOne else { return nil }
        var line = 1, column = 1, afterCR = false
        for scalar in text.unicodeScalars {
            if isControl(scalar) { return (line, column, scalar) }
            // Lines end in LF, CRLF or CR (see `FrontMatterSplit`).
            if scalar == "\r" || (scalar == "\n" && !afterCR) { line += 1; column = 1 } else if scalar != "\n" { column += 1 }
            afterCR = scalar == "\r"
        }
        return nil
    }

    /// The first scalar value (in document order) holding a control character.
    static func firstControlCharacter(in root: Node) -> (Node, Unicode.Scalar)? {
        switch root {
        case .scalar(let scalar):
            return scalar.string.unicodeScalars.first(where: isControl).map { (root, $0) }
        case .sequence(let sequence):
            for node in sequence { if let found = firstControlCharacter(in: node) { return found } }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = firstControlCharacter(in: key) ?? firstControlCharacter(in: value) { return found }
            }
        case .alias:
            break
        }
        return nil
    }

    static func location(of node: Node, path: String, lineOffset: Int) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path) }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    private static func location(of error: YamlError, path: String, lineOffset: Int) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
        default:
            return SourceLocation(path: path, line: 1 + lineOffset)
        }
    }

    /// Yams refuses a mapping with a repeated key; point at the second occurrence when the
    /// key is a top-level one (the usual case), else at the mapping.
    private static func reportDuplicate(_ key: String, yaml: String, mapping: Mark, path: String, lineOffset: Int,
                                        log: inout DiagnosticLog) {
        let lines = yaml.components(separatedBy: "\n").enumerated().filter { _, line in
            line.hasPrefix(key) && line.dropFirst(key.count).trimmingWhitespace().hasPrefix(":")
        }.map { $0.offset + 1 + lineOffset }
        if lines.count >= 2 {
            log.error(SourceLocation(path: path, line: lines[1], column: 1), "'\(key)' is given twice (first on line \(lines[0]))")
        } else {
            log.error(SourceLocation(path: path, line: mapping.line + lineOffset, column: mapping.column),
                      "'\(key)' is given twice in this mapping")
        }
    }

    private static func problem(of error: YamlError, lineOffset: Int) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            if problem.contains("yaml_set_max_nest_level") {
                return "lists and mappings nest too deep here; front matter needs a few levels at most"
            }
            // libyaml's context says what it was reading and where that began: the unclosed
            // bracket or quote a user is looking for.
            if let context {
                return "\(problem) (\(context.text) that starts at line \(context.mark.line + lineOffset), column \(context.mark.column))"
            }
            return problem
        default:
            return "\(error)"
        }
    }
}

/// How a YAML value is named in a message: `"twenty"`, `a list`, `a mapping`.
func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar):
        if node.null != nil && scalar.style == .plain { return "nothing" }
        return quoted(scalar.string)
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .alias: return "an alias"
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}

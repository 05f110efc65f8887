import Yams

/// The types YAML 1.1 gives unquoted values (`true` a bool, `2022` an int, `~` null), worked
/// out without regular expressions.
///
/// Yams types a value by trying its resolver's rules, an `NSRegularExpression` each, in
/// order: every key and every unquoted value of a file was matched against six patterns,
/// and at 17,000 files that was a quarter of the load step (1.2 s of CPU). The front matter
/// is now composed with Yams' rule-less resolver, and `typed` gives each scalar whose type
/// was left to the resolver the type Yams' default rules give it (all but timestamps, which
/// nothing here reads: dates are read from their text). The rules are written out below as
/// byte matchers; `YAMLTypesTests` checks them against Yams' own patterns.
enum YAMLTypes {
    /// Yams' constructor for the nodes made here (the one `FrontMatterParser` composes with).
    nonisolated(unsafe) static let constructor = Constructor.default

    /// The tree with every implicitly typed scalar given its type.
    static func typed(_ node: Node) -> Node {
        switch node {
        case .scalar(var scalar):
            // A tag's description is its name; an empty name is Yams' "implicit", the one the
            // resolver would have been asked about.
            guard scalar.tag.description.isEmpty else { return node }
            scalar.tag = Tag(type(of: scalar.string), .basic, constructor)
            return .scalar(scalar)
        case .mapping(var mapping):
            for index in mapping.indices {
                let pair = mapping[index]
                mapping[index] = (typed(pair.key), typed(pair.value))
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = typed(sequence[index]) }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }

    /// The type Yams' default rules give a value of this text, in their order: bool, int,
    /// float, merge, null, value; else text.
    static func type(of text: String) -> Tag.Name {
        var text = text
        return text.withUTF8 { bytes in
            if isBool(bytes) { return .bool }
            if isInt(bytes) { return .int }
            if isFloat(bytes) { return .float }
            if bytes.elementsEqual("<<".utf8) { return .merge }
            if isNull(bytes) { return .null }
            if bytes.elementsEqual("=".utf8) { return .value }
            return .str
        }
    }

    private static let bools: [String] = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                          "on", "On", "ON", "off", "Off", "OFF"]
    private static let nulls: [String] = ["", "~", "null", "Null", "NULL"]

    private static func isBool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 5 && bools.contains { bytes.elementsEqual($0.utf8) }
    }

    private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 4 && nulls.contains { bytes.elementsEqual($0.utf8) }
    }

    /// `[-+]?0b[0-1_]+`, `[-+]?0o?[0-7_]+`, `[-+]?(0|[1-9][0-9_]*)`, `[-+]?0x[0-9a-fA-F_]+`,
    /// `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
    private static func isInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var scan = Scan(bytes)
        scan.sign()
        if scan.take("0") {
            if scan.atEnd { return true }
            if scan.take("b") { return scan.some(where: { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) && scan.atEnd }
            if scan.take("x") { return scan.some(where: { isHexDigit($0) || $0 == 0x5F }) && scan.atEnd }
            _ = scan.take("o")
            return scan.some(where: { (0x30...0x37).contains($0) || $0 == 0x5F }) && scan.atEnd
        }
        guard scan.one(where: { (0x31...0x39).contains($0) }) else { return false }
        scan.many(where: isDigitOrUnderscore)
        return scan.atEnd || (scan.sexagesimal() && scan.atEnd)
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?`, `\.[0-9_]+([eE][-+][0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count == 4, [".nan", ".NaN", ".NAN"].contains(where: { bytes.elementsEqual($0.utf8) }) { return true }
        var scan = Scan(bytes)
        let signed = scan.sign()
        if scan.take(".") {
            if scan.atEnd { return false }
            let rest = UnsafeBufferPointer(rebasing: bytes[scan.position...])
            if ["inf", "Inf", "INF"].contains(where: { rest.elementsEqual($0.utf8) }) { return true }
            // `.5`, `._1e+3`: no sign before, and the exponent's sign required.
            guard !signed, scan.some(where: isDigitOrUnderscore) else { return false }
            if scan.atEnd { return true }
            guard scan.take("e") || scan.take("E"), scan.one(where: { $0 == 0x2B || $0 == 0x2D }) else { return false }
            return scan.some(where: isDigit) && scan.atEnd
        }
        guard scan.one(where: isDigit) else { return false }
        scan.many(where: isDigitOrUnderscore)
        var sexagesimal = scan
        if sexagesimal.sexagesimal() {
            return sexagesimal.take(".") && { sexagesimal.many(where: isDigitOrUnderscore); return sexagesimal.atEnd }()
        }
        if scan.take(".") { scan.many(where: isDigitOrUnderscore) }
        if scan.take("e") || scan.take("E") {
            _ = scan.one(where: { $0 == 0x2B || $0 == 0x2D })
            guard scan.some(where: isDigit) else { return false }
        }
        return scan.atEnd
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool { isDigit(byte) || byte == 0x5F }
    private static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }

    /// A cursor over a value's bytes.
    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            one { $0 == UInt8(ascii: character) }
        }

        mutating func one(where matches: (UInt8) -> Bool) -> Bool {
            guard position < bytes.count, matches(bytes[position]) else { return false }
            position += 1
            return true
        }

        mutating func many(where matches: (UInt8) -> Bool) {
            while one(where: matches) {}
        }

        /// One or more.
        mutating func some(where matches: (UInt8) -> Bool) -> Bool {
            guard one(where: matches) else { return false }
            many(where: matches)
            return true
        }

        @discardableResult
        mutating func sign() -> Bool {
            take("-") || take("+")
        }

        /// `(:[0-5]?[0-9])+`, taking as many groups as there are.
        mutating func sexagesimal() -> Bool {
            var groups = 0
            while true {
                var next = self
                guard next.take(":") else { break }
                if next.one(where: { (0x30...0x35).contains($0) }) {
                    // `[0-5]?[0-9]`: the first digit may have been the optional one or the
                    // required one.
                    _ = next.one(where: { (0x30...0x39).contains($0) })
                } else if !next.one(where: { (0x30...0x39).contains($0) }) {
                    break
                }
                self = next
                groups += 1
            }
            return groups > 0
        }
    }
}

import Foundation

/// A value a layout renders: the typed tree every page's values are made of.
///
/// Pages used to hand swift-mustache dictionaries of `Any`, and rendering spent most of its
/// time in dynamic casts (is this a dictionary, an optional, a sequence, a lambda?) at every
/// tag. Here what a value is, is known when it is made: the renderer switches on a case.
enum LayoutValue: Sendable {
    /// An absent optional: renders as nothing and is false in a section.
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case text(String)
    case list([LayoutValue])
    case object(LayoutObject)

    /// An optional value: `.null` when absent.
    init<Value: LayoutConvertible>(_ value: Value?) {
        self = value?.layoutValue ?? .null
    }

    init<Value: LayoutConvertible>(_ value: Value) {
        self = value.layoutValue
    }

    /// A list of values made by `transform`.
    init<Items: Sequence>(_ items: Items, _ transform: (Items.Element) -> LayoutValue) {
        self = .list(items.map(transform))
    }

    var object: LayoutObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// This value with the fields of each of `parts` set, later parts winning, for an object
    /// (a page adding to a summary): merged into one dictionary sized for them all, not
    /// copied and grown once per part.
    func adding(_ parts: [String: LayoutValue]...) -> LayoutValue {
        guard case .object(let object) = self else { return self }
        var fields = object.fields
        fields.reserveCapacity(parts.reduce(fields.count) { $0 + $1.count })
        for part in parts {
            for (name, value) in part { fields[name] = value }
        }
        return .object(LayoutObject(fields, lenient: object.lenient))
    }
}

/// Named values (`{{title}}`, `{{#paper}}`). A class, so a summary shared by many pages (a
/// paper is listed on a dozen) is one object, not a copy per page; never mutated once made.
final class LayoutObject: Sendable {
    let fields: [String: LayoutValue]
    /// Site-defined keys (`extra`) may be absent on some pages: a name missing here is null,
    /// not a build error.
    let lenient: Bool

    init(_ fields: [String: LayoutValue], lenient: Bool = false) {
        self.fields = fields
        self.lenient = lenient
    }

    subscript(name: String) -> LayoutValue? { fields[name] }
}

/// What can be a layout value as it is.
protocol LayoutConvertible {
    var layoutValue: LayoutValue { get }
}

extension LayoutValue: LayoutConvertible {
    var layoutValue: LayoutValue { self }
}

extension String: LayoutConvertible {
    var layoutValue: LayoutValue { .text(self) }
}

extension Int: LayoutConvertible {
    var layoutValue: LayoutValue { .int(self) }
}

extension Bool: LayoutConvertible {
    var layoutValue: LayoutValue { .bool(self) }
}

extension Double: LayoutConvertible {
    var layoutValue: LayoutValue { .double(self) }
}

extension Array: LayoutConvertible where Element: LayoutConvertible {
    var layoutValue: LayoutValue { .list(map(\.layoutValue)) }
}

extension LayoutObject: LayoutConvertible {
    var layoutValue: LayoutValue { .object(self) }
}

extension LayoutValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: LayoutValue...) { self = .list(elements) }
    init(nilLiteral: ()) { self = .null }
    init(dictionaryLiteral elements: (String, LayoutValue)...) {
        self = .object(LayoutObject(Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }
}


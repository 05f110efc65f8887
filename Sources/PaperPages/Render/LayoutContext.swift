import Foundation
import Mustache

/// The value a layout renders: a tree of dictionaries, arrays and scalars, looked up strictly.
///
/// Plain Mustache renders a misspelt `{{venu}}` as an empty string. Here every dictionary is
/// wrapped so a name that no enclosing context has is recorded; the build then fails with the
/// layout's file and line. Absent optional values are present as `null` (renders nothing,
/// falsy in sections), so a layout can always test `{{#venue}}` without tripping the check.
final class LayoutContext: MustacheParent, @unchecked Sendable {
    private let values: [String: Any]
    /// The context this one was entered from, as Mustache's context stack would have it.
    /// Unowned: a context keeps the children it made (`wrapped`), and a child never outlives
    /// the page's root context, which holds them all.
    private unowned let parent: LayoutContext?
    private let misses: MissingNames
    /// Site-defined keys (`extra`) may be absent on some pages: lookups inside never fail.
    private let lenient: Bool
    /// Values already wrapped, by name: a layout looks `site` up dozens of times a page. A
    /// context belongs to one page, rendered on one thread.
    private var wrapped: [String: Any] = [:]

    init(_ values: [String: Any], parent: LayoutContext? = nil, misses: MissingNames, lenient: Bool = false) {
        self.values = values
        self.parent = parent
        self.misses = misses
        self.lenient = lenient
    }

    func child(named name: String) -> Any? {
        if let value = resolve(name) { return value }
        if lenient { return Null.value }
        misses.record(name)
        return nil
    }

    /// This context's value or the nearest enclosing one's, wrapped for further lookups.
    private func resolve(_ name: String) -> Any? {
        if let value = wrapped[name] { return value }
        if let value = values[name] {
            let result = wrap(value, key: name)
            wrapped[name] = result
            return result
        }
        return parent?.resolve(name)
    }

    private func wrap(_ value: Any, key: String) -> Any {
        // Scalars first: casting `Any` to a concrete type is cheap, to a protocol is not.
        switch value {
        case let text as String: return text
        case let number as Int: return number
        case let flag as Bool: return flag
        default: break
        }
        switch value {
        case let dictionary as [String: Any]:
            return LayoutContext(dictionary, parent: self, misses: misses, lenient: lenient || key == "extra")
        case let array as [Any]:
            return array.map { wrap($0, key: "") }
        case let optional as OptionalValue:
            return optional.wrapped.map { wrap($0, key: key) } ?? Null.value
        default:
            return value
        }
    }

    /// An absent value: renders as nothing and is false in a section.
    struct Null: MustacheCustomRenderable {
        static let value = Null()
        var renderText: String { "" }
        var isNull: Bool { true }
    }
}

/// Names a render looked up and found nowhere; shared by the contexts of one page.
final class MissingNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String> = []

    func record(_ name: String) {
        lock.withLock { _ = names.insert(name) }
    }

    var all: [String] { lock.withLock { names.sorted() } }
}

/// Lets the context see through `Optional` values stored as `Any`.
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 as Any } }
}

import Foundation
import Mustache
import PropertyBased
import Testing
@testable import PaperPages

/// The compiled renderer against swift-mustache, the reference it replaces for speed: the same
/// templates over the same values give the same bytes.
@Suite("Render: compiled layouts")
struct LayoutTemplateTests {
    /// Values with every kind of case a layout meets: text needing escapes, numbers, booleans,
    /// null, lists of objects and of texts, an empty list and a nested object.
    static let values: LayoutValue = [
        "a": "x < y & \"z\" 'q'",
        "b": 3,
        "zero": 0,
        "ratio": .double(1.5),
        "flag": true,
        "off": false,
        "none": .null,
        "list": [["a": "one", "b": 1], ["a": "two", "c": "only here"], ["b": 3]],
        "names": ["p", "q"],
        "empty": [],
        "blank": "",
        "obj": ["a": "inner", "d": ["e": "deep"]],
    ]

    static let partials: [String: String] = [
        "p": "P{{a}}\n  second line {{b}}\n",
        "q": "{{#list}}\n  - {{a}}\n{{/list}}\n",
        "base": "<b>\n  {{$title}}default title{{/title}}\n{{$body}}\n  default body\n{{/body}}\n</b>\n",
    ]

    // Lists and objects written as text are left out: swift-mustache writes Swift's
    // description of a dictionary, which is of no use on a page.

    /// Pieces a template is made of: text, the tags of every kind, with blanks and newlines
    /// around them so that standalone lines and partial indentation are exercised.
    static let names = ["a", "b", "zero", "ratio", "flag", "off", "none", "blank", "missing", "obj.a", "obj.d.e", "obj.missing",
                        "count(list)", "empty(list)", "empty(empty)", "uppercased(a)", "plusone(b)", "even(b)", "empty(blank)"]
    static let sections = ["list", "names", "empty", "flag", "off", "none", "obj", "missing", "a", "b", "blank", "empty(list)", "first(list)"]
    static let inners = ["", "\n", "  ", "{{a}}\n", "\n  {{b}}\n", "{{#names}}{{.}}{{/names}}", "{{>p}}", "{{#first()}}F{{/first()}}",
                         "{{^last()}},{{/last()}}", "{{index()}}"]
    static let simple = ["text", "<&>", " ", "  ", "\t", "\n", "\r\n", "\n  ", "{{! a comment }}", "{{>p}}", "  {{> q}}\n", "{{>missing}}",
                         "{{<base}}{{$title}}T {{a}}{{/title}}{{/base}}", "{{<base}}\n{{$body}}\n  B {{b}}\n{{/body}}\n{{/base}}\n",
                         "{{$title}}own{{/title}}", "{{%CONTENT_TYPE: TEXT}}", "{{=<% %>=}}<%a%><%={{ }}=%>"]

    // Lists and objects written as text are left out: swift-mustache writes Swift's
    // description of a dictionary, which is of no use on a page.

    /// Pieces a template is made of: text, the tags of every kind, with blanks and newlines
    /// around them so that standalone lines and partial indentation are exercised.
    static func piece(_ kind: Int, _ simple: String, _ name: String, _ section: String, _ inner: [String]) -> String {
        switch kind {
        case 0, 1: simple
        case 2: "{{\(name)}}"
        case 3: "{{{\(name)}}}"
        case 4: "{{& \(name)}}"
        case 5: "{{#\(section)}}\(inner.joined()){{/\(section)}}"
        default: "\n{{^\(section)}}\n\(inner.joined())\n{{/\(section)}}\n"
        }
    }

    static let pieces = zip(Gen.int(in: 0...6), Gen.element(of: simple), Gen.element(of: names), Gen.element(of: sections),
                            Gen.element(of: inners).array(of: 0...4))
        .map { piece($0, $1 ?? "", $2 ?? "a", $3 ?? "list", $4.compactMap { $0 }) }
        .array(of: 0...14)

    @Test func rendersWhatSwiftMustacheRenders() async throws {
        await propertyCheck(count: 2_000, input: Self.pieces) { pieces in
            let text = pieces.joined()
            // Only what the reference accepts is a layout at all.
            guard let reference = try? MustacheTemplate(string: text) else { return }
            var library = MustacheLibrary()
            var compiled: [String: LayoutTemplate] = [:]
            for (name, partial) in Self.partials {
                library.register(try! MustacheTemplate(string: partial), named: name)
                compiled[name] = try! LayoutTemplate(parsing: partial)
            }
            library.register(reference, named: "page")
            compiled["page"] = try? LayoutTemplate(parsing: text)
            #expect(compiled["page"] != nil, "refused: \(text.debugDescription)")
            var renderer = LayoutRenderer(templates: compiled)
            renderer.render("page", Self.values)
            let expected = library.render(Self.plain(Self.values), withTemplate: "page") ?? ""
            #expect(String(decoding: renderer.output, as: UTF8.self) == expected, "template: \(text.debugDescription)")
        }
    }

    @Test func recordsEveryNameFoundNowhereAndNoneInsideExtra() throws {
        let template = try LayoutTemplate(parsing: "{{venu}} {{obj.missing}} {{#extra}}{{anything}}{{a}}{{/extra}} {{extra.x.y}}")
        var renderer = LayoutRenderer(templates: ["page": template])
        let values = Self.values.adding(["extra": .object(LayoutObject(["x": ["y": "why"]], lenient: true))])
        renderer.render("page", values)
        #expect(renderer.misses == ["venu", "missing"])
        #expect(String(decoding: renderer.output, as: UTF8.self) == "  x &lt; y &amp; &quot;z&quot; &#39;q&#39; why")
    }

    /// The values as swift-mustache takes them: dictionaries, arrays and NSNull.
    static func plain(_ value: LayoutValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): number
        case .double(let number): number
        case .text(let text): text
        case .list(let items): items.map(plain)
        case .object(let object): object.fields.mapValues(plain)
        }
    }
}

import CLibXML2
import Foundation

/// A generated page parsed by libxml2's HTML parser, queried with XPath, so tests assert
/// on the document a browser would build rather than on substrings of the text.
final class HTMLDocument {
    private let document: htmlDocPtr

    struct Element {
        var name: String
        /// The text content, whitespace collapsed.
        var text: String
        /// The text content as it is, for a `<pre>`.
        var rawText: String
        var attributes: [String: String]
        var innerHTML: String

        subscript(attribute: String) -> String? { attributes[attribute] }
    }

    init(_ html: String) throws {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed = html.utf8CString.withUnsafeBufferPointer { buffer in
            htmlReadMemory(buffer.baseAddress, Int32(buffer.count - 1), "page.html", "UTF-8", options)
        }
        guard let parsed else { throw CocoaError(.fileReadCorruptFile) }
        document = parsed
    }

    convenience init(file: URL) throws {
        try self.init(String(contentsOf: file, encoding: .utf8))
    }

    deinit { xmlFreeDoc(document) }

    /// Elements (or attributes) matching an XPath expression, in document order.
    func select(_ xpath: String) -> [Element] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression(xpath, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            set.pointee.nodeTab[index].map(Self.element)
        }
    }

    func first(_ xpath: String) -> Element? { select(xpath).first }

    /// Text of the first match, whitespace collapsed; "" when nothing matches.
    func text(_ xpath: String) -> String { first(xpath)?.text ?? "" }

    private static func element(_ node: xmlNodePtr) -> Element {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        var text = "", rawText = ""
        if let content = xmlNodeGetContent(node) {
            rawText = String(cString: content)
            text = rawText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            paperpages_xml_free(content)
        }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let key = current.pointee.name, let value = xmlNodeGetContent(UnsafeMutablePointer<xmlNode>(OpaquePointer(current))) {
                attributes[String(cString: key)] = String(cString: value)
                paperpages_xml_free(value)
            }
            attribute = current.pointee.next
        }
        var inner = ""
        if let buffer = xmlBufferCreate() {
            var child = node.pointee.children
            while let current = child {
                xmlNodeDump(buffer, node.pointee.doc, current, 0, 0)
                child = current.pointee.next
            }
            inner = String(cString: xmlBufferContent(buffer))
            xmlBufferFree(buffer)
        }
        return Element(name: name, text: text, rawText: rawText, attributes: attributes, innerHTML: inner)
    }
}

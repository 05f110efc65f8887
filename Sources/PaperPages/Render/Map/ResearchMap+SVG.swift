import Foundation

extension ResearchMap {
    /// The map as inline SVG. Every node is an `<a>` named by its `<title>` (which is also its
    /// tooltip), so keyboard and screen-reader users move through it like a list of links;
    /// colours come from the site's stylesheet (classes `map-*`), so light and dark themes both
    /// apply. `nodeIDs` gives each node an id (`<id>-paper-<slug>`) for links to it: the site
    /// map's, which a paper page's "Open full explorer" targets; a paper page's own map has
    /// nothing linking into it, and its ids would be a tenth of its bytes.
    func svg(id: String, nodeIDs: Bool = false) -> String {
        // Written as bytes: built by interpolation, the map was a tenth of a paper page's time.
        var out = SVGText()
        out += "<svg class=\"map\" id=\""; out.raw(id); out += "\" viewBox=\"0 0 "; out.int(Int(width)); out += " "; out.int(Int(height))
        out += "\" width=\""; out.int(Int(width)); out += "\" height=\""; out.int(Int(height))
        out += "\" aria-labelledby=\""; out.raw(id); out += "-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\""; out.raw(id); out += "-title\">"; out.escaped(title); out += "</title>"
        out += "<g class=\"map-edges\" aria-hidden=\"true\">"
        for edge in edges {
            let a = nodes[edge.from], b = nodes[edge.to]
            let middle = (a.x + b.x) / 2
            out += "<path d=\"M"; out.number(a.x); out += " "; out.number(a.y)
            out += "C"; out.number(middle); out += " "; out.number(a.y); out += " "; out.number(middle); out += " "; out.number(b.y)
            out += " "; out.number(b.x); out += " "; out.number(b.y); out += "\"/>"
        }
        out += "</g><g class=\"map-nodes\">"
        for node in nodes {
            let radius = 5 * node.weight
            let plain = PlainText.fromTeX(node.label)
            out += "<a class=\"map-node map-"; out.raw(node.kind.rawValue); out += "\""
            if nodeIDs { out += " id=\""; out.raw(id); out += "-"; out.raw(node.id); out += "\"" }
            out += " href=\""; out.escaped(node.href); out += "\">"
            out += "<title>"; out.escaped(node.kind.title); out += ": "; out.escaped(plain); out += "</title>"
            out += "<circle cx=\""; out.number(node.x); out += "\" cy=\""; out.number(node.y); out += "\" r=\""; out.number(radius); out += "\"/>"
            if node.showsLabel { label(for: node, plain: plain, radius: radius, to: &out) }
            out += "</a>"
        }
        out += "</g></svg>"
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Labels sit beside their node, away from the centre of the picture; the paper a page is
    /// about gets its title below it, on up to three lines.
    private func label(for node: Node, plain: String, radius: Double, to out: inout SVGText) {
        if node.kind == .current {
            let lines = wrap(plain, width: 26, maxLines: 3)
            out += "<text x=\""; out.number(node.x); out += "\" y=\""; out.number(node.y + radius + 16); out += "\" text-anchor=\"middle\">"
            for (index, line) in lines.enumerated() {
                out += "<tspan x=\""; out.number(node.x); out += "\" dy=\""; out += index == 0 ? "0" : "15"; out += "\">"
                out.escaped(line)
                out += "</tspan>"
            }
            out += "</text>"
            return
        }
        let onLeft = node.labelOnLeft ?? (node.x < width / 2)
        let x = onLeft ? node.x - radius - 6 : node.x + radius + 6
        let text = truncated(plain, to: node.kind == .paper ? 29 : 26)
        // `start` is SVG's default anchor.
        out += "<text x=\""; out.number(x); out += "\" y=\""; out.number(node.y + 4); out += "\""
        if onLeft { out += " text-anchor=\"end\"" }
        out += ">"; out.escaped(text); out += "</text>"
    }

    private func truncated(_ plain: String, to limit: Int) -> String {
        // No more bytes than the limit is no more Characters either, without counting them.
        plain.utf8.count <= limit || plain.count <= limit ? plain : String(plain.prefix(limit - 1)).trimmingWhitespace() + "…"
    }

    private func wrap(_ plain: String, width: Int, maxLines: Int) -> [String] {
        var lines: [String] = [""]
        let words = plain.split(separator: " ")
        for (index, word) in words.enumerated() {
            if !lines[lines.count - 1].isEmpty && lines[lines.count - 1].count + word.count + 1 > width {
                if lines.count == maxLines {
                    lines[lines.count - 1] += index < words.count ? "…" : ""
                    return lines
                }
                lines.append("")
            }
            lines[lines.count - 1] += lines[lines.count - 1].isEmpty ? String(word) : " " + word
        }
        return lines
    }

}

/// The bytes of an SVG being written: markup as it is, text escaped, numbers to a tenth.
struct SVGText {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(8192) }

    static func += (text: inout SVGText, markup: StaticString) {
        text.bytes.append(markup)
    }

    mutating func raw(_ text: String) { bytes += text.utf8 }

    mutating func escaped(_ text: String) { appendEscapedHTML(text, to: &bytes) }

    mutating func int(_ value: Int) { bytes += String(value).utf8 }

    /// To one decimal, without a trailing `.0`: 12, 12.5.
    mutating func number(_ value: Double) {
        let tenths = Int((value * 10).rounded())
        int(tenths / 10)
        if tenths % 10 != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(abs(tenths % 10)))
        }
    }
}

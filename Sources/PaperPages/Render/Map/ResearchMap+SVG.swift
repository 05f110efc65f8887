import Foundation

extension ResearchMap {
    /// The map as inline SVG. Every node is an `<a>` named by its `<title>` (which is also its
    /// tooltip), so keyboard and screen-reader users move through it like a list of links;
    /// colours come from the site's stylesheet (classes `map-*`), so light and dark themes both
    /// apply. `nodeIDs` gives each node an id (`<id>-paper-<slug>`) for links to it: the site
    /// map's, which a paper page's "Open full explorer" targets; a paper page's own map has
    /// nothing linking into it, and its ids would be a tenth of its bytes.
    func svg(id: String, nodeIDs: Bool = false) -> String {
        var out = "<svg class=\"map\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        out += "width=\"\(Int(width))\" height=\"\(Int(height))\" aria-labelledby=\"\(id)-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-title\">\(escapeHTML(title))</title>"
        out += "<g class=\"map-edges\" aria-hidden=\"true\">"
        for edge in edges {
            let a = nodes[edge.from], b = nodes[edge.to]
            let middle = (a.x + b.x) / 2
            out += "<path d=\"M\(format(a.x)) \(format(a.y))C\(format(middle)) \(format(a.y)) \(format(middle)) \(format(b.y)) \(format(b.x)) \(format(b.y))\"/>"
        }
        out += "</g><g class=\"map-nodes\">"
        for node in nodes {
            let radius = 5 * node.weight
            let plain = PlainText.fromTeX(node.label)
            out += "<a class=\"map-node map-\(node.kind.rawValue)\"" + (nodeIDs ? " id=\"\(id)-\(node.id)\"" : "") + " href=\"\(escapeHTML(node.href))\">"
            out += "<title>\(escapeHTML(node.kind.title + ": " + plain))</title>"
            out += "<circle cx=\"\(format(node.x))\" cy=\"\(format(node.y))\" r=\"\(format(radius))\"/>"
            if node.showsLabel { out += label(for: node, plain: plain, radius: radius) }
            out += "</a>"
        }
        out += "</g></svg>"
        return out
    }

    /// Labels sit beside their node, away from the centre of the picture; the paper a page is
    /// about gets its title below it, on up to three lines.
    private func label(for node: Node, plain: String, radius: Double) -> String {
        if node.kind == .current {
            let lines = wrap(plain, width: 26, maxLines: 3)
            var text = "<text x=\"\(format(node.x))\" y=\"\(format(node.y + radius + 16))\" text-anchor=\"middle\">"
            for (index, line) in lines.enumerated() {
                text += "<tspan x=\"\(format(node.x))\" dy=\"\(index == 0 ? 0 : 15)\">\(escapeHTML(line))</tspan>"
            }
            return text + "</text>"
        }
        let onLeft = node.labelOnLeft ?? (node.x < width / 2)
        let x = onLeft ? node.x - radius - 6 : node.x + radius + 6
        let text = truncated(plain, to: node.kind == .paper ? 29 : 26)
        // `start` is SVG's default anchor.
        return "<text x=\"\(format(x))\" y=\"\(format(node.y + 4))\"" + (onLeft ? " text-anchor=\"end\"" : "") + ">\(escapeHTML(text))</text>"
    }

    private func truncated(_ plain: String, to limit: Int) -> String {
        plain.count <= limit ? plain : String(plain.prefix(limit - 1)).trimmingWhitespace() + "…"
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

    private func format(_ value: Double) -> String {
        String(Int((value * 10).rounded()) / 10) + (Int((value * 10).rounded()) % 10 == 0 ? "" : ".\(abs(Int((value * 10).rounded()) % 10))")
    }
}

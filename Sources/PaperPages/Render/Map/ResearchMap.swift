/// A graph of papers, people, institutions and topics, laid out at build time and drawn as
/// an inline SVG whose nodes are links: the research map works with no JavaScript at all.
struct ResearchMap: Sendable {
    enum Kind: String, Sendable {
        case paper, current, author, institution, topic, venue, year

        /// What a node's tooltip calls it.
        var title: String {
            switch self {
            case .paper: "Paper"
            case .current: "This paper"
            case .author: "Author"
            case .institution: "Institution"
            case .topic: "Topic"
            case .venue: "Venue"
            case .year: "Year"
            }
        }
    }

    struct Node: Sendable {
        var id: String
        var kind: Kind
        var label: String
        var href: String
        var x: Double = 0
        var y: Double = 0
        /// Drawn bigger: the paper a page is about, or a topic many papers share.
        var weight: Double = 1
        var showsLabel = true
        /// Which side of the node its label sits on; nil puts it on the side away from the centre.
        var labelOnLeft: Bool? = nil
    }

    struct Edge: Sendable {
        var from: Int
        var to: Int
    }

    var nodes: [Node] = []
    var edges: [Edge] = []
    var width: Double
    var height: Double
    /// What the graph shows, for the SVG's accessible name.
    var title: String

    @discardableResult
    mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    mutating func connect(_ from: Int, _ to: Int) {
        edges.append(Edge(from: from, to: to))
    }
}

extension ResearchMap {
    /// The slice of the map around one paper, in four columns that read left to right:
    /// its people and institutions, the paper, its topics, and the adjacent papers, with an
    /// edge from each adjacent paper to the topics it shares (or to the paper when it is
    /// related through people or `related:`).
    static func around(_ paper: Paper, in graph: SiteGraph, urls: SiteURLs, adjacent: [Paper]) -> ResearchMap {
        // One node per name: a list may repeat a person or a topic.
        let people = Array(unique(paper.byline, by: \.slug).prefix(8))
        let institutions = Array(unique(paper.institutions, by: Slug.make).prefix(4))
        let topics = Array(unique(paper.topics, by: Slug.make).prefix(6))
        let papers = Array(adjacent.prefix(8))
        let rowHeight = 30.0, margin = 30.0
        let leftRows = people.count + institutions.count
        let rows = max(leftRows, topics.count, papers.count, 3)
        let height = Double(rows) * rowHeight + 2 * margin
        var map = ResearchMap(width: 1000, height: height,
                              title: "Research map of \(PlainText.fromTeX(paper.title)): its authors, institutions, topics and adjacent papers")

        func column(_ count: Int) -> (Int) -> Double {
            let top = (height - Double(count - 1) * rowHeight) / 2
            return { top + Double($0) * rowHeight }
        }
        let center = map.add(Node(id: "paper-" + paper.slug, kind: .current, label: paper.title,
                                  href: urls.paper(paper.slug), x: 430, y: height / 2, weight: 2))
        let left = column(leftRows)
        for (row, person) in people.enumerated() {
            let node = map.add(Node(id: "author-" + person.slug, kind: .author, label: person.displayName,
                                    href: urls.author(person), x: 250, y: left(row), labelOnLeft: true))
            map.connect(node, center)
        }
        for (row, name) in institutions.enumerated() {
            let slug = Slug.make(name)
            let node = map.add(Node(id: "institution-" + slug, kind: .institution, label: name,
                                    href: urls.facet(.institution, slug), x: 250, y: left(people.count + row), labelOnLeft: true))
            map.connect(node, center)
        }
        let right = column(topics.count)
        var topicNodes: [String: Int] = [:]
        for (row, name) in topics.enumerated() {
            let slug = Slug.make(name)
            let node = map.add(Node(id: "topic-" + slug, kind: .topic, label: name,
                                    href: urls.facet(.topic, slug), x: 590, y: right(row), labelOnLeft: false))
            topicNodes[slug] = node
            map.connect(center, node)
        }
        let far = column(papers.count)
        for (row, other) in papers.enumerated() {
            let node = map.add(Node(id: "paper-" + other.slug, kind: .paper, label: other.title,
                                    href: urls.paper(other.slug), x: 780, y: far(row), labelOnLeft: false))
            let shared = other.topics.compactMap { topicNodes[Slug.make($0)] }
            if shared.isEmpty { map.connect(center, node) }
            for topic in Set(shared).sorted() { map.connect(topic, node) }
        }
        return map
    }

    private static func unique<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var seen = Set<String>()
        return items.filter { seen.insert(key($0)).inserted }
    }

    /// The whole site: papers and the topics that join them, laid out by a force simulation.
    /// A large site keeps its most shared topics and the papers that carry them, and says so.
    /// A list whose papers have no topics (a fresh import) is joined instead by the people,
    /// venues and years its papers share, so its map still says something.
    static func site(_ graph: SiteGraph, urls: SiteURLs, maxTopics: Int = 40, maxPapers: Int = 150) -> (map: ResearchMap, shownPapers: Int, shownTopics: Int) {
        let small = graph.papers.count <= maxPapers
        func shared(_ facets: [Facet], limit: Int, alone: Bool) -> ArraySlice<Facet> {
            facets.filter { $0.papers.count > 1 || (alone && !$0.papers.isEmpty && small) }
                .sorted { ($0.papers.count, $1.name) > ($1.papers.count, $0.name) }
                .prefix(limit)
        }
        var joins: [(facet: Facet, kind: Kind, facetKind: FacetKind)] = shared(graph.topics, limit: maxTopics, alone: true).map { ($0, .topic, .topic) }
        let byTopics = !joins.isEmpty
        if !byTopics {
            joins = shared(graph.authors, limit: maxTopics / 2, alone: false).map { ($0, .author, .author) }
                + shared(graph.venues, limit: maxTopics / 4, alone: false).map { ($0, .venue, .venue) }
                + shared(graph.years, limit: maxTopics / 4, alone: false).map { ($0, .year, .year) }
        }
        var chosen: [String] = []
        var seen = Set<String>()
        // Round-robin over the joining names so every kept one keeps some of its papers.
        var depth = 0
        while chosen.count < maxPapers {
            var added = false
            for join in joins where depth < join.facet.papers.count {
                added = true
                let slug = join.facet.papers[depth]
                if seen.insert(slug).inserted { chosen.append(slug) }
                if chosen.count == maxPapers { break }
            }
            if !added { break }
            depth += 1
        }
        if small {
            for paper in graph.papers where seen.insert(paper.slug).inserted { chosen.append(paper.slug) }
        }
        let side = max(640, (Double(chosen.count + joins.count)).squareRoot() * 110)
        let what = byTopics ? "the \(joins.count) topics that join them" : "the \(joins.count) people, venues and years they share (no paper has topics yet)"
        var map = ResearchMap(width: side * 1.5, height: side, title: "Map of the reading list: \(chosen.count) papers and \(what)")
        var joinNodes: [String: Int] = [:]   // "kind/slug" -> node
        for join in joins {
            joinNodes[join.kind.rawValue + "/" + join.facet.slug] = map.add(Node(
                id: join.kind.rawValue + "-" + join.facet.slug, kind: join.kind, label: join.facet.name,
                href: urls.facet(join.facetKind, join.facet.slug), weight: 1 + Double(join.facet.papers.count).squareRoot() / 2))
        }
        let labelPapers = chosen.count <= 40
        for slug in chosen {
            guard let paper = graph.paper(slug) else { continue }
            let node = map.add(Node(id: "paper-" + slug, kind: .paper, label: paper.title, href: urls.paper(slug),
                                    showsLabel: labelPapers))
            let keys = byTopics ? paper.topics.map { "topic/" + Slug.make($0) }
                : paper.byline.map { "author/" + $0.slug } + (paper.venue.map { ["venue/" + Slug.make($0)] } ?? [])
                    + (paper.year.map { ["year/\($0)"] } ?? [])
            for key in Set(keys).sorted() { if let join = joinNodes[key] { map.connect(node, join) } }
        }
        // Labelled nodes keep room for their label between them and the edge.
        map.layOutByForces(horizontalMargin: 205)
        return (map, chosen.count, byTopics ? joins.count : 0)
    }

    /// Fruchterman–Reingold, from a deterministic start (a spiral), so a build is repeatable.
    mutating func layOutByForces(iterations: Int = 300, horizontalMargin: Double = 60) {
        let count = nodes.count
        guard count > 0 else { return }
        let area = width * height
        let k = (area / Double(count)).squareRoot() * 0.55
        for index in nodes.indices {
            let angle = Double(index) * 2.399963   // the golden angle
            let radius = 10 * Double(index).squareRoot()
            nodes[index].x = width / 2 + radius * cos(angle)
            nodes[index].y = height / 2 + radius * sin(angle)
        }
        var temperature = width / 10
        var dx = [Double](repeating: 0, count: count), dy = dx
        for _ in 0..<iterations {
            for i in 0..<count { dx[i] = 0; dy[i] = 0 }
            for i in 0..<count {
                for j in (i + 1)..<count {
                    let ddx = nodes[i].x - nodes[j].x, ddy = nodes[i].y - nodes[j].y
                    let distance = max(0.01, (ddx * ddx + ddy * ddy).squareRoot())
                    let force = k * k / distance
                    dx[i] += ddx / distance * force; dy[i] += ddy / distance * force
                    dx[j] -= ddx / distance * force; dy[j] -= ddy / distance * force
                }
            }
            for edge in edges {
                let ddx = nodes[edge.from].x - nodes[edge.to].x, ddy = nodes[edge.from].y - nodes[edge.to].y
                let distance = max(0.01, (ddx * ddx + ddy * ddy).squareRoot())
                let force = distance * distance / k
                dx[edge.from] -= ddx / distance * force; dy[edge.from] -= ddy / distance * force
                dx[edge.to] += ddx / distance * force; dy[edge.to] += ddy / distance * force
            }
            for i in 0..<count {
                // A pull to the centre keeps unconnected papers from drifting off the canvas.
                dx[i] += (width / 2 - nodes[i].x) * 0.12 * k / 10
                dy[i] += (height / 2 - nodes[i].y) * 0.12 * k / 10
                let length = max(0.01, (dx[i] * dx[i] + dy[i] * dy[i]).squareRoot())
                let step = min(length, temperature)
                nodes[i].x = min(width - horizontalMargin, max(horizontalMargin, nodes[i].x + dx[i] / length * step))
                nodes[i].y = min(height - 30, max(30, nodes[i].y + dy[i] / length * step))
            }
            temperature = max(1, temperature * 0.985)
        }
        separateLabels()
    }

    /// Forces place dots, not words: move apart, vertically, nodes whose labels would overlap.
    mutating func separateLabels(rounds: Int = 60) {
        // A label's width is measured once: counting its characters at every comparison
        // made this loop most of the time spent on a paper page's values.
        let textWidths = nodes.map { $0.showsLabel ? Double(min($0.label.count, 30)) * 6.6 + 12 : 0 }
        func box(_ index: Int) -> (left: Double, right: Double, top: Double, bottom: Double) {
            let node = nodes[index], textWidth = textWidths[index]
            let onLeft = node.labelOnLeft ?? (node.x < width / 2)
            let radius = 5 * node.weight
            return (onLeft ? node.x - radius - textWidth : node.x - radius, onLeft ? node.x + radius : node.x + radius + textWidth,
                    node.y - max(radius, 9), node.y + max(radius, 9))
        }
        for _ in 0..<rounds {
            var moved = false
            for i in nodes.indices {
                for j in nodes.indices where j > i {
                    let a = box(i), b = box(j)
                    guard a.left < b.right, b.left < a.right, a.top < b.bottom, b.top < a.bottom else { continue }
                    let overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
                    let (upper, lower) = nodes[i].y <= nodes[j].y ? (i, j) : (j, i)
                    nodes[upper].y = max(20, nodes[upper].y - overlap / 2 - 1)
                    nodes[lower].y = min(height - 20, nodes[lower].y + overlap / 2 + 1)
                    moved = true
                }
            }
            if !moved { break }
        }
    }
}

import Foundation

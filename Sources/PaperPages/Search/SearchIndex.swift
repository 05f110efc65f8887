import Foundation

/// The search index written under `search/`: plain JSON, read by the search page's script and
/// documented in the README.
///
/// Scores are BM25F computed at build time: for each term and document, the field-weighted,
/// length-normalised term frequency is saturated and stored as an *impact* from 1 to 255, so a
/// query needs only the postings of its own terms and the term's document frequency (the
/// length of its postings) to rank: score = Σ idf(term) · impact. Terms are sorted and cut into
/// chunks of about `chunkBytes`, so a query fetches the manifest and one chunk per term.
struct SearchIndex: Sendable {
    static let weights: [Double] = [10, 5, 3, 1.5, 1]   // title, authors, topics, abstract, body
    static let k1 = 1.2, b = 0.75
    static let folder = "search/"

    var documents: [SearchDocument]
    /// Term -> (document, impact), documents ascending.
    var postings: [String: [(document: Int, impact: Int)]]

    init(_ documents: [SearchDocument]) async {
        self.documents = documents
        // Term frequencies per document, on all cores; merged serially in document order.
        let perDocument: [[String: [Int]]] = await withTaskGroup(of: (Int, [[String: [Int]]]).self) { group in
            let slices = max(1, min(documents.count, ProcessInfo.processInfo.activeProcessorCount * 4))
            let size = (documents.count + slices - 1) / max(slices, 1)
            for start in stride(from: 0, to: documents.count, by: max(size, 1)) {
                group.addTask {
                    (start, documents[start..<min(start + size, documents.count)].map(Self.frequencies))
                }
            }
            var parts: [(Int, [[String: [Int]]])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        let fieldCount = SearchDocument.Field.allCases.count
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: fieldCount), count: documents.count)
        for (index, terms) in perDocument.enumerated() {
            for (term, frequencies) in terms where !term.hasPrefix("=") {
                for field in 0..<fieldCount { lengths[index][field] += frequencies[field] }
            }
        }
        let averages = (0..<fieldCount).map { field in
            max(1, Double(lengths.reduce(0) { $0 + $1[field] }) / Double(max(documents.count, 1)))
        }
        var postings: [String: [(document: Int, impact: Int)]] = [:]
        for (index, terms) in perDocument.enumerated() {
            for (term, frequencies) in terms {
                var weighted = 0.0
                for field in 0..<fieldCount where frequencies[field] > 0 {
                    let norm = 1 - Self.b + Self.b * Double(lengths[index][field]) / averages[field]
                    weighted += Self.weights[field] * Double(frequencies[field]) / norm
                }
                let impact = weighted * (Self.k1 + 1) / (weighted + Self.k1)
                postings[term, default: []].append((index, max(1, min(255, Int((impact / (Self.k1 + 1) * 255).rounded())))))
            }
        }
        self.postings = postings
    }

    /// A whole title as one term (`=` and its terms), so a query that is exactly a title finds
    /// that paper first; the page's script makes the same term from the query.
    static func titleKey(_ terms: [String]) -> String { "=" + terms.joined(separator: " ") }

    private static func frequencies(_ document: SearchDocument) -> [String: [Int]] {
        var frequencies: [String: [Int]] = [:]
        let titleTerms = SearchTokenizer.terms(document.title)
        if !titleTerms.isEmpty { frequencies[titleKey(titleTerms)] = [1, 0, 0, 0, 0] }
        for (field, text) in document.fields.enumerated() {
            for term in SearchTokenizer.terms(text) {
                frequencies[term, default: [0, 0, 0, 0, 0]][field] += 1
            }
        }
        return frequencies
    }
}

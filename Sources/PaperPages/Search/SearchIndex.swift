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

    /// How often a term occurs in each field of one document.
    struct FieldCounts: Sendable {
        var counts: (UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0)

        subscript(field: Int) -> Int {
            get {
                switch field {
                case 0: Int(counts.0)
                case 1: Int(counts.1)
                case 2: Int(counts.2)
                case 3: Int(counts.3)
                default: Int(counts.4)
                }
            }
            set {
                let value = UInt16(clamping: newValue)
                switch field {
                case 0: counts.0 = value
                case 1: counts.1 = value
                case 2: counts.2 = value
                case 3: counts.3 = value
                default: counts.4 = value
                }
            }
        }
    }

    /// One document's terms and the length of each of its fields, in terms.
    struct Analysed: Sendable {
        var terms: [String: FieldCounts]
        var lengths: [Int]
    }

    init(_ documents: [SearchDocument]) async {
        self.documents = documents
        // Three passes: term frequencies per document and the average field lengths; then, per
        // slice of documents, each term's impacts; then the slices' postings joined in order.
        let analysed = await documents.parallelMap(Self.analyse)
        let fieldCount = SearchDocument.Field.allCases.count
        let averages = (0..<fieldCount).map { field in
            max(1, Double(analysed.reduce(0) { $0 + $1.lengths[field] }) / Double(max(documents.count, 1)))
        }
        let slices = max(1, min(documents.count, ProcessInfo.processInfo.activeProcessorCount * 2))
        let size = max(1, (documents.count + slices - 1) / slices)
        let starts = Array(stride(from: 0, to: documents.count, by: size))
        let parts = await starts.parallelMap { start -> [String: [(document: Int, impact: Int)]] in
            var postings: [String: [(document: Int, impact: Int)]] = [:]
            for index in start..<min(start + size, analysed.count) {
                for (term, frequencies) in analysed[index].terms {
                    postings[term, default: []].append((index, Self.impact(frequencies, lengths: analysed[index].lengths, averages: averages)))
                }
            }
            return postings
        }
        var postings = parts.first ?? [:]
        for part in parts.dropFirst() {
            for (term, list) in part { postings[term, default: []] += list }
        }
        self.postings = postings
    }

    /// BM25F: field-weighted, length-normalised frequency, saturated, scaled to 1...255.
    static func impact(_ frequencies: FieldCounts, lengths: [Int], averages: [Double]) -> Int {
        var weighted = 0.0
        for field in 0..<weights.count where frequencies[field] > 0 {
            let norm = 1 - b + b * Double(lengths[field]) / averages[field]
            weighted += weights[field] * Double(frequencies[field]) / norm
        }
        let impact = weighted * (k1 + 1) / (weighted + k1)
        return max(1, min(255, Int((impact / (k1 + 1) * 255).rounded())))
    }

    /// A whole title as one term (`=` and its terms), so a query that is exactly a title finds
    /// that paper first; the page's script makes the same term from the query.
    static func titleKey(_ terms: [String]) -> String { "=" + terms.joined(separator: " ") }

    private static func analyse(_ document: SearchDocument) -> Analysed {
        var terms: [String: FieldCounts] = [:]
        var lengths = [Int](repeating: 0, count: SearchDocument.Field.allCases.count)
        for (field, text) in document.fields.enumerated() {
            for term in SearchTokenizer.terms(text) {
                terms[term, default: FieldCounts()][field] += 1
                lengths[field] += 1
            }
        }
        let titleTerms = SearchTokenizer.terms(document.title)
        if !titleTerms.isEmpty {
            var exact = FieldCounts()
            exact[0] = 1
            terms[titleKey(titleTerms)] = exact
        }
        return Analysed(terms: terms, lengths: lengths)
    }
}

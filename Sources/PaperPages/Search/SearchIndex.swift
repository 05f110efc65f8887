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

    /// The documents, without their texts (`fields`).
    let documents: [SearchDocument]
    /// Each document's analysis, for the next build.
    private(set) var memo: SearchMemo
    /// How many entries of `memo` differ from the one this index was made with (analysed
    /// anew, or dropped with their documents).
    private(set) var memoChanges: Int
    /// The analyses of `documents`, in order.
    let analyses: [SearchAnalysis]
    /// Every term some document has, as ids into `memo.vocabulary`, in the order the page's
    /// script compares strings in (UTF-16), with the range of its postings in
    /// `postingDocuments` and `postingImpacts` (documents ascending).
    let sortedTerms: [UInt32]
    private let postingStarts: [Int]
    let postingDocuments: [Int32]
    let postingImpacts: [UInt8]

    /// How often a term occurs in each field of one document.
    struct FieldCounts: Sendable, Equatable {
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

        static func == (left: FieldCounts, right: FieldCounts) -> Bool { left.counts == right.counts }
    }

    /// Indexes `documents`, analysing only those `previous` has no analysis for. They are made
    /// a slice at a time on all cores and kept without their texts once analysed, so the
    /// site's text is never held twice; each slice gives its new terms ids of its own, added to
    /// the memo's vocabulary afterwards, once per slice rather than once per occurrence.
    init(_ documents: SearchDocuments, previous: SearchMemo = SearchMemo()) async {
        let size = max(64, documents.count / 64)
        let ranges = stride(from: 0, to: documents.count, by: size).map { $0..<min($0 + size, documents.count) }
        let slices = await ranges.parallelMap { range in
            var slice = Slice()
            var analyser = Analyser()
            for position in range {
                var document = documents.make(position)
                let key = document.memoKey
                if previous.entries[key] == nil { slice.fresh.append((position, analyser.analyse(document))) }
                document.fields = []   // in the analysis now; the rest is what facets are made of
                slice.documents.append(document)
                slice.keys.append(key)
            }
            slice.vocabulary = analyser.terms.vocabulary
            return slice
        }
        self.documents = slices.flatMap(\.documents)
        let keys = slices.flatMap(\.keys)
        var memo = previous
        var fresh: [UInt64: SearchAnalysis] = [:]
        var missing = 0
        for slice in slices {
            let global = slice.vocabulary.map { memo.id(of: $0) }
            for (position, var analysis) in slice.fresh {
                analysis.terms = analysis.terms.map { global[Int($0)] }
                fresh[keys[position]] = analysis
                missing += 1
            }
        }
        var entries: [UInt64: SearchAnalysis] = [:]
        entries.reserveCapacity(documents.count)
        for key in keys { entries[key] = previous.entries[key] ?? fresh[key]! }
        let kept = documents.count - missing
        memoChanges = missing + max(0, previous.entries.count - kept)
        memo.entries = entries
        if memoChanges > 0 { memo = memo.compacted() }
        self.memo = memo
        let analyses = keys.map { memo.entries[$0]! }
        self.analyses = analyses

        // Postings by counting: each term's share of one flat array, filled document by document.
        let vocabulary = memo.vocabulary
        var starts = [Int](repeating: 0, count: vocabulary.count + 1)
        for analysis in analyses { for id in analysis.terms { starts[Int(id) + 1] += 1 } }
        for id in 0..<vocabulary.count { starts[id + 1] += starts[id] }
        let fieldCount = SearchDocument.Field.allCases.count
        let averages = (0..<fieldCount).map { field in
            max(1, Double(analyses.reduce(0) { $0 + $1.lengths[field] }) / Double(max(documents.count, 1)))
        }
        // The terms sorted beside the filling (each a tenth of a second of one core at
        // 10,000 papers), and the impacts worked out on all cores before it.
        let counted = starts
        async let sortedTerms = Self.sortedTerms(vocabulary, starts: counted)
        let impacts = await analyses.parallelMap { analysis in
            analysis.counts.map { UInt8(Self.impact($0, lengths: analysis.lengths, averages: averages)) }
        }
        var next = starts
        var postingDocuments = [Int32](repeating: 0, count: starts[vocabulary.count])
        var postingImpacts = [UInt8](repeating: 0, count: starts[vocabulary.count])
        for (document, analysis) in analyses.enumerated() {
            for (id, impact) in zip(analysis.terms, impacts[document]) {
                let position = next[Int(id)]
                next[Int(id)] += 1
                postingDocuments[position] = Int32(document)
                postingImpacts[position] = impact
            }
        }
        postingStarts = starts
        self.postingDocuments = postingDocuments
        self.postingImpacts = postingImpacts
        self.sortedTerms = await sortedTerms
    }

    /// The ids of the terms that have postings, in the order the page's script compares
    /// strings in (UTF-16).
    private static func sortedTerms(_ vocabulary: [String], starts: [Int]) -> [UInt32] {
        let used = (0..<UInt32(vocabulary.count)).filter { starts[Int($0) + 1] > starts[Int($0)] }
        return used.sorted { vocabulary[Int($0)].utf16.lexicographicallyPrecedes(vocabulary[Int($1)].utf16) }
    }

    /// What one slice of documents gave: the documents without their texts, their memo
    /// keys, and the analyses of those the memo lacked, with the slice's own term ids.
    private struct Slice: Sendable {
        var documents: [SearchDocument] = []
        var keys: [UInt64] = []
        var vocabulary: [String] = []
        var fresh: [(position: Int, analysis: SearchAnalysis)] = []
    }

    /// The positions of a term's postings in `postingDocuments` and `postingImpacts`.
    func postingRange(_ term: UInt32) -> Range<Int> { postingStarts[Int(term)]..<postingStarts[Int(term) + 1] }

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

    /// Analyses documents with term ids of its own (`terms`), and makes their records.
    private struct Analyser {
        private(set) var terms = TermIDs()
        /// By term id, the term's place in the document being analysed (-1: not in it). An
        /// array, not a dictionary per document: a term is counted without hashing it again.
        private var places: [Int32] = []

        mutating func analyse(_ document: SearchDocument) -> SearchAnalysis {
            var ids: [UInt32] = []
            var counts: [FieldCounts] = []
            var lengths = [Int](repeating: 0, count: SearchDocument.Field.allCases.count)
            func place(of id: UInt32) -> Int {
                if Int(id) >= places.count { places += repeatElement(-1, count: Int(id) + 1 - places.count) }
                if places[Int(id)] < 0 {
                    places[Int(id)] = Int32(ids.count)
                    ids.append(id)
                    counts.append(FieldCounts())
                }
                return Int(places[Int(id)])
            }
            for (field, text) in document.fields.enumerated() {
                for term in SearchTokenizer.terms(text) {
                    counts[place(of: terms.id(of: term))][field] += 1
                    lengths[field] += 1
                }
            }
            let titleTerms = SearchTokenizer.terms(document.title)
            if !titleTerms.isEmpty {
                var exact = FieldCounts()
                exact[0] = 1
                counts[place(of: terms.id(of: titleKey(titleTerms)))] = exact
            }
            for id in ids { places[Int(id)] = -1 }
            // By term id: each id with its place packed in one integer, sorted as integers.
            let order = ids.enumerated().map { UInt64($1) << 32 | UInt64($0) }.sorted()
            return SearchAnalysis(record: document.record, lengths: lengths, terms: order.map { UInt32($0 >> 32) },
                                  counts: order.map { counts[Int($0 & 0xFFFF_FFFF)] })
        }
    }
}

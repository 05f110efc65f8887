/// What indexing one search document produced, kept between builds so a rebuild analyses only
/// the documents whose text changed: the document's record (`search/docs/<n>.json`), the
/// length of each field in terms, and how often each term occurs in each field. Nothing in
/// it depends on the other documents, so it can be reused whatever else changed; the scores
/// (which depend on every document's lengths) are computed from it in every build.
struct SearchAnalysis: Sendable {
    var record: [UInt8]
    var lengths: [Int]
    /// Term ids (into the memo's vocabulary) and their counts, in the same order.
    var terms: [UInt32]
    var counts: [SearchIndex.FieldCounts]
}

/// The analyses of the last build's search documents, by `SearchDocument.memoKey`, with the
/// terms they name. Stored in the build cache as `search.bin`.
struct SearchMemo: Sendable {
    private var terms: TermIDs
    var entries: [UInt64: SearchAnalysis] = [:]

    init(vocabulary: [String] = [], entries: [UInt64: SearchAnalysis] = [:]) {
        terms = TermIDs(vocabulary)
        self.entries = entries
    }

    /// Every term an entry names, by id.
    var vocabulary: [String] { terms.vocabulary }

    /// The id of `term`, added to the vocabulary if it is new.
    mutating func id(of term: String) -> UInt32 { terms.id(of: term) }

    /// The memo without the terms no entry uses any more, when they have become many (after
    /// edits that removed words): the ids are renumbered in vocabulary order.
    func compacted() -> SearchMemo {
        var used = [Bool](repeating: false, count: vocabulary.count)
        for entry in entries.values { for id in entry.terms { used[Int(id)] = true } }
        let usedCount = used.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard usedCount * 4 < vocabulary.count * 3 else { return self }
        var renumbered = [UInt32](repeating: 0, count: vocabulary.count)
        var kept: [String] = []
        kept.reserveCapacity(usedCount)
        for (id, term) in vocabulary.enumerated() where used[id] {
            renumbered[id] = UInt32(kept.count)
            kept.append(term)
        }
        return SearchMemo(vocabulary: kept, entries: entries.mapValues { entry in
            var entry = entry
            entry.terms = entry.terms.map { renumbered[Int($0)] }
            return entry
        })
    }
}

/// Terms numbered in the order they were first met.
struct TermIDs: Sendable {
    private(set) var vocabulary: [String]
    /// Ids by term, made when the first id is asked for.
    private var ids: [String: UInt32]?

    init(_ vocabulary: [String] = []) { self.vocabulary = vocabulary }

    /// The id of `term`, added if it is new.
    mutating func id(of term: String) -> UInt32 {
        if ids == nil {
            // Room for a slice's worth of terms at once: grown from empty, the table was
            // rehashed a dozen times per slice of documents.
            var made = [String: UInt32](minimumCapacity: max(8192, vocabulary.count * 2))
            for (id, known) in vocabulary.enumerated() { made[known] = UInt32(id) }
            ids = made
        }
        if let id = ids![term] { return id }
        let id = UInt32(vocabulary.count)
        vocabulary.append(term)
        ids![term] = id
        return id
    }
}

extension SearchDocument {
    /// A hash of everything the document's analysis is made from: its record and its fields.
    var memoKey: UInt64 {
        var hash = StableHash()
        for text in [kind, url, title, snippet] { hash.combine(text) }
        for list in [authors, topics, fields] {
            hash.combine(list.count)
            for text in list { hash.combine(text) }
        }
        hash.combine(year)
        hash.combine(venue)
        hash.combine(reading)
        return hash.value
    }
}

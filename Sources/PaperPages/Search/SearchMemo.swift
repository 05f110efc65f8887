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
    var vocabulary: [String] = []
    var entries: [UInt64: SearchAnalysis] = [:]

    /// Term ids by term, made when new terms must be added.
    private var ids: [String: UInt32]?

    init(vocabulary: [String] = [], entries: [UInt64: SearchAnalysis] = [:]) {
        self.vocabulary = vocabulary
        self.entries = entries
    }

    /// The id of `term`, added to the vocabulary if it is new.
    mutating func id(of term: String) -> UInt32 {
        if ids == nil { ids = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, UInt32($0)) }) }
        if let id = ids![term] { return id }
        let id = UInt32(vocabulary.count)
        vocabulary.append(term)
        ids![term] = id
        return id
    }

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

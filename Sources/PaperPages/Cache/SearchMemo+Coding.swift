/// The search memo in the cache's byte format (`search.bin`): the vocabulary, then each
/// analysis with its term ids and, per term, a bit mask of the fields it occurs in followed
/// by those counts (most terms occur in one field).
extension SearchMemo {
    /// The memo's bytes, handed to `flush` a megabyte or so at a time (so that writing it
    /// does not hold a second copy of it).
    func encode(header: [String], flush: (inout ByteWriter) throws -> Void) rethrows {
        var writer = ByteWriter()
        for line in header { writer.write(line) }
        writer.write(vocabulary.count)
        for term in vocabulary { writer.write(term) }
        writer.write(entries.count)
        for (key, entry) in entries {
            writer.write(key)
            writer.write(bytes: entry.record)
            for length in entry.lengths { writer.write(length) }
            writer.write(entry.terms.count)
            for (id, counts) in zip(entry.terms, entry.counts) {
                writer.write(UInt64(id))
                // The fields it occurs in as bits, then their counts: without an array for
                // each of a site's two million term occurrences.
                let fieldCount = SearchDocument.Field.allCases.count
                var present = 0
                for field in 0..<fieldCount where counts[field] > 0 { present |= 1 << field }
                writer.write(present)
                for field in 0..<fieldCount where counts[field] > 0 { writer.write(counts[field]) }
            }
            if writer.bytes.count > 1 << 20 { try flush(&writer) }
        }
        try flush(&writer)
    }

    /// The memo `encode` wrote with the same header, or nil.
    static func decoded(_ bytes: [UInt8], header: [String]) -> SearchMemo? {
        var reader = ByteReader(bytes)
        let fieldCount = SearchDocument.Field.allCases.count
        do {
            for line in header { guard try reader.string() == line else { return nil } }
            let vocabulary = try reader.array { try $0.string() }
            var entries: [UInt64: SearchAnalysis] = [:]
            for _ in 0..<(try reader.int()) {
                let key = try reader.uint64()
                var entry = SearchAnalysis(record: try reader.byteArray(), lengths: try (0..<fieldCount).map { _ in try reader.int() }, terms: [], counts: [])
                let count = try reader.int()
                guard count >= 0, count <= bytes.count else { return nil }
                entry.terms.reserveCapacity(count)
                entry.counts.reserveCapacity(count)
                for _ in 0..<count {
                    let id = try reader.uint64()
                    guard id < vocabulary.count else { return nil }
                    entry.terms.append(UInt32(id))
                    let mask = try reader.int()
                    var counts = SearchIndex.FieldCounts()
                    for field in 0..<fieldCount where mask & (1 << field) != 0 { counts[field] = try reader.int() }
                    entry.counts.append(counts)
                }
                entries[key] = entry
            }
            return reader.isAtEnd ? SearchMemo(vocabulary: vocabulary, entries: entries) : nil
        } catch {
            return nil
        }
    }
}

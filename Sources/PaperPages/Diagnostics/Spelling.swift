/// Which known name a misspelt one was meant to be, for "did you mean" messages.
enum Spelling {
    /// The known name closest to `written`, when it is close enough to be a slip of the
    /// keyboard: one edit for names of up to four letters, two for longer ones (a swap of two
    /// neighbouring letters counts as one, so `abstarct` is one edit from `abstract`).
    static func closest(to written: String, among known: some Sequence<String>) -> String? {
        let limit = written.count <= 4 ? 1 : 2
        var best: (name: String, distance: Int)?
        for name in known where name != written {
            let distance = distance(written.lowercased(), name, limit: limit)
            if distance <= limit, best == nil || distance < best!.distance || (distance == best!.distance && name < best!.name) {
                best = (name, distance)
            }
        }
        return best?.name
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps
    /// of neighbours, each one edit; anything past `limit` is reported as `limit + 1`.
    static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit == .max ? limit : limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        let result = previous[b.count]
        return limit == .max ? result : min(result, limit + 1)
    }
}

extension String {
    /// Whether `needle` occurs in the string, by a search over UTF-8 bytes. Foundation's
    /// `contains` and the standard library's `firstRange(of:)` compare Characters and are many
    /// times slower, which shows when every Markdown field of a large site is checked.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self, needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard text.count >= pattern.count else { return false }
                var index = 0
                let last = text.count - pattern.count
                while index <= last {
                    if text[index] == first {
                        var matched = 1
                        while matched < pattern.count && text[index + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// Every occurrence of each pattern replaced, in one pass over the UTF-8 bytes (the
    /// standard library's `replacing` works on Characters, one pattern a pass). At each place
    /// the first pattern that matches wins.
    func replacingBytes(_ replacements: [(pattern: String, with: String)]) -> String {
        let patterns = replacements.map { (Array($0.pattern.utf8), Array($0.with.utf8)) }.filter { !$0.0.isEmpty }
        // The bytes a pattern starts with: every other byte is passed over, and copied with
        // the run it is in (a byte at a time, this was most of the footnote ids' cost).
        var starts = [Bool](repeating: false, count: 256)
        for (pattern, _) in patterns { starts[Int(pattern[0])] = true }
        var text = self
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            var index = 0, copied = 0
            scan: while index < bytes.count {
                guard starts[Int(bytes[index])] else {
                    index += 1
                    continue
                }
                for (pattern, replacement) in patterns where bytes[index] == pattern[0] && bytes.count - index >= pattern.count {
                    if (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) {
                        output += UnsafeBufferPointer(rebasing: bytes[copied..<index])
                        output += replacement
                        index += pattern.count
                        copied = index
                        continue scan
                    }
                }
                index += 1
            }
            output += UnsafeBufferPointer(rebasing: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        }
    }
}

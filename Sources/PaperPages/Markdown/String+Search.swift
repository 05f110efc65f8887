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
}

/// A 64-bit hash that is the same in every run, unlike Swift's seeded `Hasher`: the build
/// cache compares fingerprints written by an earlier process. Eight bytes a step (multiply
/// and fold, as in FNV and the xxHash family), since every page of a site is hashed.
struct StableHash: Sendable, Hashable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        var hash = value
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 29
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3
            index += 1
        }
        value = hash
    }

    mutating func combine(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { combine(bytes: $0) }
        combine(UInt64(bytes.count))
    }

    /// A string and its length, so ("ab", "c") and ("a", "bc") differ.
    mutating func combine(_ text: String) {
        var text = text
        let count = text.withUTF8 { buffer in
            combine(bytes: UnsafeRawBufferPointer(buffer))
            return buffer.count
        }
        combine(UInt64(count))
    }

    mutating func combine(_ number: UInt64) {
        var number = number
        withUnsafeBytes(of: &number) { combine(bytes: $0) }
    }

    mutating func combine(_ number: Int) { combine(UInt64(bitPattern: Int64(number))) }

    mutating func combine(_ flag: Bool) { combine(flag ? 1 : 0) }

    mutating func combine(_ text: String?) {
        combine(text != nil)
        if let text { combine(text) }
    }

    mutating func combine(_ number: Int?) {
        combine(number != nil)
        if let number { combine(number) }
    }

    static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.value
    }

    static func of(_ bytes: [UInt8]) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes)
        return hash.value
    }
}

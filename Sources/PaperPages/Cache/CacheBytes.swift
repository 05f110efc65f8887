/// The cache's file format: numbers and length-prefixed UTF-8 strings, nothing else. Written
/// and read by this program only, so it has a version header instead of self-description.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ number: UInt64) {
        var rest = number
        // LEB128: small numbers (lengths, counts, years) take one or two bytes.
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func write(_ number: Int) { write(UInt64(bitPattern: Int64(number))) }
    mutating func write(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    /// Forgets what was written (after it was saved), keeping the memory for what comes next.
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            write(buffer.count)
            bytes.append(contentsOf: buffer)
        }
    }

    mutating func write(bytes: [UInt8]) {
        write(bytes.count)
        self.bytes.append(contentsOf: bytes)
    }

    mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    mutating func write(_ number: Int?) {
        write(number != nil)
        if let number { write(number) }
    }

    mutating func write<T>(_ items: [T], _ each: (inout ByteWriter, T) -> Void) {
        write(items.count)
        for item in items { each(&self, item) }
    }
}

/// Reads what `ByteWriter` wrote; any inconsistency throws, and the cache is then ignored.
struct ByteReader {
    struct Corrupt: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func uint64() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Corrupt() }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func int() throws -> Int { Int(Int64(bitPattern: try uint64())) }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Corrupt() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws -> String {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Corrupt() }
        defer { offset += count }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + count]), as: UTF8.self) }
    }

    mutating func byteArray() throws -> [UInt8] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Corrupt() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
    mutating func optionalInt() throws -> Int? { try bool() ? try int() : nil }

    mutating func array<T>(_ each: (inout ByteReader) throws -> T) throws -> [T] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Corrupt() }
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try each(&self)) }
        return items
    }
}

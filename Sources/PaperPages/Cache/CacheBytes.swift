import Foundation

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

/// Every cache file ends in a checksum of the bytes before it (`StableHash`, 8 bytes), checked
/// when it is read: a file damaged on disk or edited by hand, even to the same length, is
/// told from one this program wrote, and never reaches a site.
enum CacheSeal {
    static let length = 8

    /// What reading a cache file found.
    enum Contents {
        case missing
        case damaged
        case intact([UInt8])
    }

    /// The file's bytes without the checksum, when the checksum matches them. A file that does
    /// not start with `header` (another version's, or another program build's) is not this
    /// cache's: it counts as missing, not damaged.
    static func read(_ path: String, header: [String]) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { return .missing }
        var bytes = [UInt8](data)
        var expected = ByteWriter()
        for line in header { expected.write(line) }
        guard bytes.starts(with: expected.bytes) else { return .missing }
        guard bytes.count >= length else { return .damaged }
        let end = bytes.count - length
        var stored: UInt64 = 0
        for (shift, byte) in bytes[end...].enumerated() { stored |= UInt64(byte) << (8 * UInt64(shift)) }
        // `StableHash.of` the bytes before the trailer, hashed in place: a shard is megabytes.
        var hash = StableHash()
        bytes.withUnsafeBytes { hash.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        hash.combine(UInt64(end))
        guard hash.value == stored else { return .damaged }
        bytes.removeLast(length)   // in place: no second copy
        return .intact(bytes)
    }

    /// `bytes` with their checksum after them.
    static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        bytes + trailer(StableHash.of(bytes))
    }

    static func trailer(_ checksum: UInt64) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: checksum >> (8 * UInt64($0))) }
    }

    /// The checksum of bytes written a part at a time: the same value `StableHash.of` gives
    /// for all of them at once (it takes 8 bytes a step, so a part's last few wait for the next).
    struct Running {
        private var hash = StableHash()
        private var pending: [UInt8] = []
        private var count = 0

        mutating func add(_ bytes: [UInt8]) {
            count += bytes.count
            pending += bytes
            let whole = pending.count - pending.count % 8
            pending.withUnsafeBytes { hash.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[..<whole])) }
            pending.removeFirst(whole)
        }

        var value: UInt64 {
            var final = hash
            pending.withUnsafeBytes { final.combine(bytes: $0) }
            final.combine(UInt64(count))
            return final.value
        }
    }
}

import Foundation

/// An image's width and height read from its header (PNG, GIF, JPEG, WebP), so a page can give
/// `<img>` its size and the text does not jump when the image arrives. Only the first bytes are
/// read; a file of another kind, or damaged, has no size.
struct ImageSize: Sendable, Equatable {
    var width: Int
    var height: Int

    /// The header bytes this reads at most: a JPEG's frame header may follow its metadata.
    static let headerBytes = 256 * 1024

    static func of(file path: String) -> ImageSize? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: headerBytes) else { return nil }
        return of(Array(data))
    }

    static func of(_ bytes: [UInt8]) -> ImageSize? {
        func big16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func big32(_ at: Int) -> Int { big16(at) << 16 | big16(at + 2) }
        func little16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func little24(_ at: Int) -> Int { little16(at) | Int(bytes[at + 2]) << 16 }
        let size: ImageSize?
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {   // PNG: IHDR first
            size = ImageSize(width: big32(16), height: big32(20))
        } else if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
            size = ImageSize(width: little16(6), height: little16(8))
        } else if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            switch String(decoding: bytes[12..<16], as: UTF8.self) {
            case "VP8 ": size = ImageSize(width: little16(26) & 0x3FFF, height: little16(28) & 0x3FFF)
            case "VP8L": size = ImageSize(width: (little16(21) & 0x3FFF) + 1, height: ((little24(22) >> 6) & 0x3FFF) + 1)
            case "VP8X": size = ImageSize(width: little24(24) + 1, height: little24(27) + 1)
            default: size = nil
            }
        } else if bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {   // JPEG: walk the markers to a frame header
            var index = 2
            var found: ImageSize?
            while index + 9 < bytes.count, bytes[index] == 0xFF {
                let marker = bytes[index + 1]
                let length = big16(index + 2)
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    found = ImageSize(width: big16(index + 7), height: big16(index + 5))
                    break
                }
                index += 2 + length
            }
            size = found
        } else {
            size = nil
        }
        guard let size, size.width > 0, size.height > 0 else { return nil }
        return size
    }
}

import Foundation
import Testing
@testable import PaperPages

/// Preview images get their size from their header, whatever the format al-folio sites use.
@Suite struct ImageSizeTests {
    /// A PNG's signature and IHDR chunk, as every PNG starts.
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height) + [8, 6, 0, 0, 0] + be(0)
    }

    @Test func readsPNGGIFJPEGAndWebPHeaders() {
        #expect(ImageSize.of(Self.png(width: 1200, height: 630)) == ImageSize(width: 1200, height: 630))
        #expect(ImageSize.of(Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00, 0, 0, 0]) == ImageSize(width: 320, height: 240))
        // SOI, an APP0 segment of 16 bytes, then SOF0: precision 8, height 0x01E0, width 0x0280.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array(repeating: 0, count: 14)
            + [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03] + Array(repeating: 0, count: 12)
        #expect(ImageSize.of(jpeg) == ImageSize(width: 640, height: 480))
        // VP8X: canvas width - 1 and height - 1 in 24 bits each.
        let webp: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0]
            + [0x7F, 0x02, 0x00, 0xDF, 0x01, 0x00] + [0, 0]
        #expect(ImageSize.of(webp) == ImageSize(width: 640, height: 480))
        #expect(ImageSize.of(Array("not an image at all".utf8)) == nil)
        #expect(ImageSize.of(Self.png(width: 0, height: 10)) == nil)
    }
}

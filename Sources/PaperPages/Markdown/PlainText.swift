/// Text with `$...$` math made readable where HTML and KaTeX can't reach: the `<title>`, a
/// meta description, an SVG label, a saved-papers entry. `$\delta$-STEAL` becomes `δ-STEAL`.
enum PlainText {
    static func fromTeX(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        return bytewiseFromTeX(text) ?? characterFromTeX(text)
    }

    /// `fromTeX` over bytes, for text where that gives what reading Characters gives (most
    /// titles and abstracts): every character TeX treats specially is ASCII, and a letter of a
    /// command's name is A-Z or a-z. Nil when a special character touches a non-ASCII one
    /// (a combining mark would join it into another Character) or a command's name runs on
    /// into a non-ASCII letter: the Character reading decides those.
    static func bytewiseFromTeX(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            func isSpecial(_ byte: UInt8) -> Bool {
                byte == UInt8(ascii: "$") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
                    || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_")
            }
            for index in bytes.indices where isSpecial(bytes[index]) {
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) { return nil }
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            var inMath = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "$") {
                    output.append(UInt8(ascii: "$"))
                    index += 2
                } else if byte == UInt8(ascii: "$") {
                    inMath.toggle()
                    index += 1
                } else if inMath && byte == UInt8(ascii: "\\") {
                    var end = index + 1
                    while end < bytes.count, isLetter(bytes[end]) { end += 1 }
                    if end < bytes.count, bytes[end] >= 0x80 { return nil }
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
                    output += (symbols[name] ?? name).utf8
                    index = end
                } else if inMath && (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_")) {
                    index += 1
                } else {
                    output.append(byte)
                    index += 1
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    static func characterFromTeX(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        var inMath = false
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "$" {
                output.append("$")
                index = text.index(index, offsetBy: 2)
                continue
            }
            if character == "$" {
                inMath.toggle()
                index = text.index(after: index)
                continue
            }
            if inMath && character == "\\" {
                let nameStart = text.index(after: index)
                let nameEnd = text[nameStart...].firstIndex { !$0.isLetter } ?? text.endIndex
                let name = String(text[nameStart..<nameEnd])
                output += symbols[name] ?? name
                index = nameEnd
                continue
            }
            if inMath && "{}^_".contains(character) {
                index = text.index(after: index)
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    private static var symbols: [String: String] { TeXTables.mathSymbols }
}

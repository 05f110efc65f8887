/// Text from a user's files shown in a message, which must stay one readable line.

extension Unicode.Scalar {
    /// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F): HTML forbids them but for tab and line
    /// ends, and in a message or a file name they garble the terminal.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}

/// A value quoted for a one-line message: control characters shown as escapes, and a long
/// value cut, so a hostile value can't garble the terminal or flood it.
func quoted(_ text: String, limit: Int = 80) -> String {
    "\"" + escapedForMessage(text, limit: limit, quote: true) + "\""
}

/// `text` with control characters (and, for `quote`, double quotes) escaped, cut at `limit` scalars.
func escapedForMessage(_ text: String, limit: Int, quote: Bool = false) -> String {
    var shown = ""
    for scalar in text.unicodeScalars.prefix(limit) {
        switch scalar {
        case "\n": shown += "\\n"
        case "\t": shown += "\\t"
        case "\r": shown += "\\r"
        case "\"" where quote: shown += "\\\""
        default:
            if scalar.isControlCharacter {
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
    }
    return shown + (text.unicodeScalars.count > limit ? "..." : "")
}

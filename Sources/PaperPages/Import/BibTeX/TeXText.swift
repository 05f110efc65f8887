import Foundation

/// A BibTeX value's LaTeX read as the text a reader sees: accents and commands become
/// Unicode (`{\"u}` -> ü, `\c{c}` -> ç, `{\o}` -> ø, `\ss` -> ß, `--` -> –, `~` -> a space),
/// braces that protect case are dropped, runs of white space become one space, and math is
/// kept as `$…$` for KaTeX. For Markdown values (titles, abstracts) `\emph`, `\textbf`,
/// `\texttt` and `\href` become their Markdown and Markdown's own characters are escaped; for
/// plain values (names, venues) they become their text.
///
/// Commands it does not know are dropped, keeping their argument's text, and reported in
/// `unknown`, so no LaTeX is left in an imported value.
struct TeXText {
    enum Target { case plain, markdown }

    let target: Target
    private(set) var unknown: [String] = []
    private let input: [Unicode.Scalar]
    private var index = 0
    private var output = ""
    /// Set while the output ends in white space that has not been written yet.
    private var pendingSpace = false
    /// How deep in braces and arguments the reader is: past `maximumDepth` a brace is dropped
    /// without reading its group on the stack, so a hostile file of 100,000 `{` cannot
    /// exhaust it.
    private var depth = 0
    static let maximumDepth = 64

    /// Reads `tex`. `escaped` reads PMLR's doubly escaped abstracts, where `\\textit\{x\}` and
    /// `\$\\mathcal\{D\}\$` stand for `\textit{x}` and `$\mathcal{D}$` (see `isDoublyEscaped`).
    static func convert(_ tex: String, to target: Target) -> (text: String, unknown: [String]) {
        let tex = Self.dblpMath(tex)
        var reader = TeXText(target: target, input: Array(Self.isDoublyEscaped(tex) ? Self.unescapedOnce(tex) : tex).flatMap(\.unicodeScalars))
        // At the top a stray `}` (possible once PMLR's escapes are undone) is dropped, not an end.
        while !reader.atEnd { reader.readOne() }
        return (reader.output.trimmingWhitespace(), reader.unknown)
    }

    private init(target: Target, input: [Unicode.Scalar]) {
        self.target = target
        self.input = input
    }

    // MARK: DBLP's escaping

    /// DBLP writes a title's math as text, each character escaped:
    /// `{\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0{\textdollar}` is `$\mathrm{AC}^0$`.
    /// Read literally that is a dollar sign and a backslash in the title; the math between two
    /// `\textdollar`s is given back its meaning.
    static func dblpMath(_ tex: String) -> String {
        guard tex.contains("\\textdollar") else { return tex }
        let dollar = "{\\textdollar}"
        let parts = tex.components(separatedBy: dollar)
        guard parts.count >= 3, parts.count % 2 == 1 else { return tex }
        var result = parts[0]
        for index in stride(from: 1, to: parts.count, by: 2) {
            var math = parts[index]
            for (escaped, character) in [("{\\textbackslash}", "\\"), ("\\textbackslash{}", "\\"), ("{\\^{}}", "^"), ("\\^{}", "^"),
                                         ("{\\_}", "_"), ("\\{", "{"), ("\\}", "}"), ("\\_", "_")] {
                math = math.replacingOccurrences(of: escaped, with: character)
            }
            result += "$" + math + "$" + parts[index + 1]
        }
        return result
    }

    // MARK: PMLR's escaping

    /// PMLR's proceedings files escape the LaTeX of abstracts a second time: `\\textit\{x\}`,
    /// `\$\\delta\$`, `D\$^3\$epth`. Read literally that is a line break followed by the word
    /// "textit", never what an author meant. A value is read as doubly escaped when it holds
    /// `\\` followed by a letter, or an even number of `\$` and no bare `$`.
    static func isDoublyEscaped(_ tex: String) -> Bool {
        let scalars = Array(tex.unicodeScalars)
        var escapedDollars = 0, bareDollars = 0, index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if next == "\\", index + 2 < scalars.count, scalars[index + 2].properties.isAlphabetic, scalars[index + 2].isASCII { return true }
                if next == "$" { escapedDollars += 1 }
                index += 2
                continue
            }
            if scalar == "$" { bareDollars += 1 }
            index += 1
        }
        return escapedDollars >= 2 && escapedDollars % 2 == 0 && bareDollars == 0
    }

    /// One level of escaping removed: `\\` `\$` `\{` `\}` `\_` `\^` lose their backslash; other
    /// escapes (`\%`, `\&`) are kept, and still mean their character.
    static func unescapedOnce(_ tex: String) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(tex.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\\", index + 1 < scalars.count, "\\${}_^".unicodeScalars.contains(scalars[index + 1]) {
                result.append(scalars[index + 1])
                index += 2
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    // MARK: Reading

    private var atEnd: Bool { index >= input.count }
    private var current: Unicode.Scalar { input[index] }

    private func peek(_ offset: Int = 1) -> Unicode.Scalar? {
        index + offset < input.count ? input[index + offset] : nil
    }

    /// Reads up to the `}` that closes the group being read (or the end), not consuming it.
    private mutating func readUntilGroupEnd() {
        while !atEnd && current != "}" { readOne() }
    }

    private mutating func readOne() {
        let scalar = current
        switch scalar {
        case "{" where depth < Self.maximumDepth:
            index += 1
            depth += 1
            readUntilGroupEnd()
            depth -= 1
            if !atEnd { index += 1 }
        case "{":
            index += 1
        case "}":
            index += 1   // unbalanced: the parser reports these; here it is dropped
        case "\\":
            readCommand()
        case "$":
            readMath()
        case "~":
            index += 1
            space()
        case "-":
            var dashes = 0
            while !atEnd && current == "-" { dashes += 1; index += 1 }
            emit(dashes == 2 ? "–" : dashes == 3 ? "—" : String(repeating: "-", count: dashes))
        case "`":
            if peek() == "`" { index += 2; emit("“") } else { index += 1; emit("‘") }
        case "'":
            if peek() == "'" { index += 2; emit("”") } else { index += 1; emit("’") }
        default:
            index += 1
            if scalar.properties.isWhitespace {
                space()
            } else {
                emitText(String(scalar))
            }
        }
    }

    private mutating func space() {
        if !output.isEmpty { pendingSpace = true }
    }

    /// Output as it is (Markdown made here, or text already safe).
    private mutating func emit(_ text: String) {
        guard !text.isEmpty else { return }
        // A space before punctuation is left over from a dropped command (`cases~\cite{x},`).
        if pendingSpace, let first = text.unicodeScalars.first, ",.;:!?)".unicodeScalars.contains(first) { pendingSpace = false }
        if pendingSpace {
            output += " "
            pendingSpace = false
        }
        output += text
    }

    /// Literal text: Markdown's own characters escaped for Markdown values.
    private mutating func emitText(_ text: String) {
        emit(target == .markdown ? MarkdownInline.escaped(text, atStart: output.isEmpty && !pendingSpace) : text)
    }

    /// `$…$`, `$$…$$` and `\(…\)` are kept as they are, for KaTeX: the math's own TeX is its text.
    private mutating func readMath() {
        let display = peek() == "$"
        let delimiter = display ? "$$" : "$"
        index += display ? 2 : 1
        var math = ""
        while !atEnd {
            if current == "\\", let next = peek() {
                math.unicodeScalars.append(current)
                math.unicodeScalars.append(next)
                index += 2
                continue
            }
            if current == "$" { break }
            math.unicodeScalars.append(current.properties.isWhitespace ? " " : current)
            index += 1
        }
        index += display ? 2 : 1
        let trimmed = math.trimmingWhitespace()
        guard !trimmed.isEmpty else { return }
        emit(target == .markdown ? delimiter + trimmed + delimiter : PlainText.fromTeX("$" + trimmed + "$"))
    }

    private mutating func readCommand() {
        index += 1
        guard !atEnd else { return }
        let first = current
        var name: String
        if first.isASCII && first.properties.isAlphabetic {
            name = ""
            while !atEnd, current.isASCII, current.properties.isAlphabetic {
                name.unicodeScalars.append(current)
                index += 1
            }
            // A space after a command's name only ends the name.
            while !atEnd, current == " " || current == "\n" || current == "\t" { index += 1 }
        } else {
            index += 1
            name = String(first)
            if let literal = Self.escapes[name] {
                literal == " " ? space() : emitText(literal)
                return
            }
            if name == "(" {
                readInlineMath(until: ")")
                return
            }
            if name == "[" {
                readInlineMath(until: "]")
                return
            }
        }
        if let mark = TeXTables.accents[name] {
            accent(mark)
            return
        }
        if let symbol = TeXTables.textSymbols[name] {
            symbol == " " ? space() : emitText(symbol)
            return
        }
        switch name {
        case "emph", "textit", "textsl", "mathit":
            styled("*")
        case "textbf", "mathbf":
            styled("**")
        case "texttt":
            let text = argument(as: .plain)
            if !text.isEmpty { emit(target == .markdown ? "`" + text.replacingOccurrences(of: "`", with: "'") + "`" : text) }
        case "url":
            emitText(rawArgument())
        case "href":
            let url = rawArgument()
            let text = argument(as: target)
            if target == .markdown, url.hasPrefix("http://") || url.hasPrefix("https://") {
                emit("[" + text + "](" + url.replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: " ", with: "%20") + ")")
            } else {
                emit(text)
            }
        case "textcolor", "colorbox":
            _ = rawArgument()
            emit(argument(as: target))
        case "cite", "citep", "citet", "ref", "label", "footnote", "thanks", "color":
            _ = rawArgument()   // pointers into a document the reader does not have
        default:
            if !Self.transparent.contains(name) { unknown.append("\\" + name) }
            // The argument's text is kept: `\textsc{Bert}` -> Bert.
            if !atEnd && current == "{" { emit(argument(as: target)) }
        }
    }

    /// Commands that only style their argument, whose text is kept as it is.
    private static let transparent: Set<String> = [
        "textsc", "textrm", "textsf", "textup", "textmd", "textnormal", "mbox", "hbox", "text", "textsuperscript",
        "textsubscript", "uppercase", "lowercase", "MakeUppercase", "MakeLowercase", "underline", "mathrm", "mathsf",
        "ensuremath", "NoCaseChange", "nocase",
    ]

    /// `\&`, `\%`, `\_`…: the character itself.
    private static let escapes: [String: String] = [
        "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ", ";": " ", ":": " ",
        "!": "", "\\": " ", "/": "", "-": "", "@": "", "\n": " ", "\t": " ",
    ]

    private mutating func readInlineMath(until closer: Unicode.Scalar) {
        var math = ""
        while !atEnd {
            if current == "\\", peek() == closer {
                index += 2
                break
            }
            math.unicodeScalars.append(current.properties.isWhitespace ? " " : current)
            index += 1
        }
        let trimmed = math.trimmingWhitespace()
        if !trimmed.isEmpty { emit(target == .markdown ? "$" + trimmed + "$" : PlainText.fromTeX("$" + trimmed + "$")) }
    }

    private mutating func styled(_ marker: String) {
        let text = argument(as: target)
        guard !text.isEmpty else { return }
        emit(target == .markdown ? marker + text + marker : text)
    }

    /// The next argument converted: a `{group}` or one character.
    private mutating func argument(as target: Target) -> String {
        let raw = rawArgument()
        var inner = TeXText(target: target, input: Array(raw.unicodeScalars))
        inner.depth = depth + 1
        guard inner.depth < Self.maximumDepth else { return "" }
        inner.readUntilGroupEnd()
        unknown += inner.unknown
        return inner.output.trimmingWhitespace()
    }

    /// The next argument's TeX as written: a `{group}`'s inside, or one character.
    private mutating func rawArgument() -> String {
        while !atEnd && current.properties.isWhitespace { index += 1 }
        guard !atEnd else { return "" }
        if current != "{" {
            // `\'e`, `\v s`: one character; `\'\i`: a command.
            if current == "\\" {
                let start = index
                index += 1
                while !atEnd, current.isASCII, current.properties.isAlphabetic { index += 1 }
                if index == start + 1, !atEnd { index += 1 }
                return String(String.UnicodeScalarView(input[start..<index]))
            }
            defer { index += 1 }
            return String(current)
        }
        index += 1
        let start = index
        var depth = 1
        while !atEnd {
            if current == "\\" {
                index += 2
                continue
            }
            if current == "{" { depth += 1 }
            if current == "}" {
                depth -= 1
                if depth == 0 { break }
            }
            index += 1
        }
        let end = min(index, input.count)
        if !atEnd { index += 1 }
        return String(String.UnicodeScalarView(input[start..<end]))
    }

    /// `\'{e}`, `\'e`, `\"{\i}`: the letter with the combining mark, composed where Unicode can.
    private mutating func accent(_ mark: Unicode.Scalar) {
        var base = argument(as: .plain)
        // The dotless i and j take accents as i and j do.
        if base.hasPrefix("ı") { base = "i" + base.dropFirst() }
        if base.hasPrefix("ȷ") { base = "j" + base.dropFirst() }
        guard let first = base.unicodeScalars.first else {
            // `\^{}` is the caret itself, `\~{}` the tilde: an accent over nothing.
            let spacing: [Unicode.Scalar: String] = ["\u{302}": "^", "\u{303}": "~", "\u{301}": "´", "\u{300}": "`", "\u{308}": "¨"]
            // Another accent over nothing has nothing to mark: left out, not put on the letter before.
            emitText(spacing[mark] ?? "")
            return
        }
        var accented = String.UnicodeScalarView([first, mark])
        accented.append(contentsOf: base.unicodeScalars.dropFirst())
        emitText(String(accented).precomposedStringWithCanonicalMapping)
    }
}

import Foundation

extension Reference {
    /// The BibTeX entry type each publication type is written as.
    var bibTeXType: String {
        switch type {
        case .conference: "inproceedings"
        case .journal: "article"
        case .preprint: "misc"
        case .report: "techreport"
        case .thesis: "phdthesis"
        case .book: "book"
        case .chapter: "incollection"
        case .other: "misc"
        }
    }

    /// One BibTeX entry, in UTF-8 as biber and Zotero read it. Titles protect the case of
    /// their acronyms and names (`{GoR}`); Markdown becomes its LaTeX (`*x*` -> `\emph{x}`);
    /// math stays `$…$`. `BibTeXParser` and `Importer` read it back to the same paper.
    public var bibTeX: String {
        var fields: [(String, String)] = [("title", Self.tex(title, protectingCase: true))]
        let names = authors.map(Self.bibTeXName) + (moreAuthors ? ["others"] : [])
        fields.append(("author", names.joined(separator: " and ")))
        let containerField: String? = switch type {
        case .conference, .chapter: "booktitle"
        case .journal: "journal"
        case .report, .thesis: "institution"
        case .preprint, .book, .other: container == nil ? nil : "howpublished"
        }
        if let container, let containerField { fields.append((type == .thesis ? "school" : containerField, Self.tex(container, protectingCase: false))) }
        fields.append(("year", String(year)))
        if let month { fields.append(("month", String(BibTeXParser.monthNames[month - 1].prefix(3)).lowercased())) }
        if day != nil { fields.append(("date", isoDate)) }
        if let volume { fields.append(("volume", Self.tex(volume, protectingCase: false))) }
        if let issue { fields.append(("number", Self.tex(issue, protectingCase: false))) }
        if let pageRange { fields.append(("pages", pageRange.first + (pageRange.last.map { "--" + $0 } ?? ""))) }
        if let publisher { fields.append(("publisher", Self.tex(publisher, protectingCase: false))) }
        if let doi { fields.append(("doi", Self.verbatim(doi))) }
        if let arxiv {
            fields.append(("eprint", Self.verbatim(arxiv)))
            fields.append(("archiveprefix", "arXiv"))
        }
        if let url { fields.append(("url", Self.verbatim(url))) }
        if let pdf { fields.append(("pdf", Self.verbatim(pdf))) }
        if !keywords.isEmpty { fields.append(("keywords", keywords.map { Self.tex($0, protectingCase: false) }.joined(separator: ", "))) }
        if let abstract { fields.append(("abstract", Self.tex(abstract, protectingCase: false))) }
        let width = fields.map(\.0.count).max() ?? 0
        // The month is BibTeX's own macro, bare (`month = nov`); every other value in braces.
        let body = fields.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + " = " + ($0.0 == "month" ? $0.1 : "{" + $0.1 + "}") }
        return "@\(bibTeXType){\(key),\n" + body.joined(separator: ",\n") + "\n}\n"
    }

    /// `Family, Given`; a literal name in braces, so it is never split.
    static func bibTeXName(_ person: Person) -> String {
        if let literal = person.literal { return "{" + tex(literal, protectingCase: false) + "}" }
        let family = tex(person.family, protectingCase: false)
        // A family name that starts in lower case without being a particle run would be read
        // as a "von" part; braces keep it whole.
        let protectedFamily = family.contains(" ") ? "{" + family + "}" : family
        return person.given.isEmpty ? protectedFamily : protectedFamily + ", " + tex(person.given, protectingCase: false)
    }

    /// Identifiers and URLs: only braces and a backslash could break the value; `%`, `_`, `#` and `~` are
    /// meaningful in them, and biber reads these fields verbatim.
    static func verbatim(_ text: String) -> String {
        text.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D").replacingOccurrences(of: "\\", with: "%5C")
    }

    /// Markdown (with math) as LaTeX: `*x*` -> `\emph{x}`, `**x**` -> `\textbf{x}`, `` `x` `` ->
    /// `\texttt{x}`, `[t](u)` -> `\href{u}{t}`, LaTeX's special characters escaped, math kept.
    /// With `protectingCase`, a word with a capital after its first letter is braced, as
    /// BibTeX styles would otherwise lower-case it.
    static func tex(_ markdown: String, protectingCase: Bool) -> String {
        let scalars = Array(markdown.unicodeScalars)
        var output = ""
        var index = 0
        var open: [String] = []   // Markdown marks open, innermost last
        func special(_ scalar: Unicode.Scalar) -> String {
            switch scalar {
            case "&", "%", "#", "_", "{", "}", "$": "\\" + String(scalar)
            case "\\": "\\textbackslash{}"
            case "~": "\\textasciitilde{}"
            case "^": "\\textasciicircum{}"
            case "\n", "\r", "\t": " "
            default: String(scalar)
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\" where index + 1 < scalars.count && MarkdownInline.isEscapable(scalars[index + 1]):
                output += special(scalars[index + 1])
                index += 2
            case "$":
                // Math, as written, up to the closing `$` (or `$$`).
                let display = index + 1 < scalars.count && scalars[index + 1] == "$"
                var end = index + (display ? 2 : 1)
                while end < scalars.count, scalars[end] != "$" { end += scalars[end] == "\\" ? 2 : 1 }
                end = min(end, scalars.count)
                let closeLength = display ? 2 : 1
                // A `%` would start a TeX comment even in math.
                var math = ""
                var previous: Unicode.Scalar = " "
                for scalar in scalars[index..<min(end + closeLength, scalars.count)] {
                    if scalar == "%" && previous != "\\" { math += "\\" }
                    math.unicodeScalars.append(scalar)
                    previous = scalar
                }
                output += balanced(math)
                index = end + closeLength
            case "*", "_":
                let strong = index + 1 < scalars.count && scalars[index + 1] == scalar
                let mark = strong ? String(scalar) + String(scalar) : String(scalar)
                if scalar == "_" && !strong, index > 0, index + 1 < scalars.count,
                   scalars[index - 1].properties.isAlphabetic || scalars[index - 1].properties.numericType != nil,
                   scalars[index + 1].properties.isAlphabetic || scalars[index + 1].properties.numericType != nil {
                    output += "\\_"   // inside a word: a character, not emphasis
                    index += 1
                    continue
                }
                if open.last == mark {
                    open.removeLast()
                    output += "}"
                } else {
                    open.append(mark)
                    output += strong ? "\\textbf{" : "\\emph{"
                }
                index += strong ? 2 : 1
            case "`":
                var end = index + 1
                while end < scalars.count, scalars[end] != "`" { end += 1 }
                output += "\\texttt{" + scalars[(index + 1)..<min(end, scalars.count)].map(special).joined() + "}"
                index = end + 1
            case "[":
                // `[text](url)`
                if let close = scalars[index...].firstIndex(of: "]"), close + 1 < scalars.count, scalars[close + 1] == "(",
                   let end = scalars[close...].firstIndex(of: ")") {
                    let text = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                    let url = String(String.UnicodeScalarView(scalars[(close + 2)..<end]))
                    output += "\\href{" + verbatim(url) + "}{" + tex(text, protectingCase: protectingCase) + "}"
                    index = end + 1
                } else {
                    output += "["
                    index += 1
                }
            default:
                output += special(scalar)
                index += 1
            }
        }
        output += String(repeating: "}", count: open.count)
        return protectingCase ? protectCase(output) : output
    }

    /// Math as written, unless its braces do not pair up (a span cut out of a larger group) or
    /// it ends in a lone backslash: either would end the BibTeX value early or never, so then
    /// its braces are escaped and the backslash spaced off.
    private static func balanced(_ math: String) -> String {
        var depth = 0, paired = true, escaped = false
        for scalar in math.unicodeScalars {
            if escaped { escaped = false; continue }
            if scalar == "\\" { escaped = true; continue }
            if scalar == "{" { depth += 1 }
            if scalar == "}" { depth -= 1; if depth < 0 { paired = false } }
        }
        var result = math
        if !paired || depth != 0 {
            result = ""
            var previous: Unicode.Scalar = " "
            for scalar in math.unicodeScalars {
                if (scalar == "{" || scalar == "}") && previous != "\\" { result += "\\" }
                result.unicodeScalars.append(scalar)
                previous = previous == "\\" && scalar == "\\" ? " " : scalar
            }
        }
        if escaped { result += " " }
        return result
    }

    /// `{GoR}`, `{QAT-KD}`, `{ImageNet}`: words whose capitals are not only their first letter.
    private static func protectCase(_ tex: String) -> String {
        var depth = 0, inMath = false
        var result = ""
        var word = ""
        func flush() {
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            if depth == 0, !inMath, letters.dropFirst().contains(where: { $0.properties.isUppercase }), !word.contains("\\") {
                result += "{" + word + "}"
            } else {
                result += word
            }
            word = ""
        }
        for scalar in tex.unicodeScalars {
            if scalar.properties.isWhitespace || (depth == 0 && !inMath && (scalar == "{" || scalar == "$" || scalar == "}")) {
                flush()
                if scalar == "{" { depth += 1 }
                if scalar == "}" { depth -= 1 }
                if scalar == "$" { inMath.toggle() }
                result.unicodeScalars.append(scalar)
            } else {
                if scalar == "{" { depth += 1 }
                if scalar == "}" { depth -= 1 }
                if scalar == "$" && depth == 0 { inMath.toggle() }
                word.unicodeScalars.append(scalar)
            }
        }
        flush()
        return result
    }
}

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
    public var bibTeX: String { bibTeXEntries().full }

    /// The entry to cite the paper by, without its abstract, as arXiv's and DBLP's are: the
    /// page's Cite block and `cite.bib`. `papers.bib` keeps abstracts, so that importing it
    /// gives back the same papers.
    public var citationBibTeX: String { bibTeXEntries().citation }

    /// Both entries, made in one pass. The full one also carries the paper's links and list
    /// keys as al-folio's fields (`code`, `slides`, `abbr`, `selected`…), which citation tools
    /// skip and `import` reads back.
    func bibTeXEntries(extras: PaperExtras? = nil) -> (citation: String, full: String) {
        var fields: [(String, String)] = [("title", Self.tex(title, protectingCase: true))]
        let names = authors.map(Self.bibTeXName) + (moreAuthors ? ["others"] : [])
        if !authors.isEmpty { fields.append(("author", names.joined(separator: " and "))) }
        if !editors.isEmpty { fields.append(("editor", editors.map(Self.bibTeXName).joined(separator: " and "))) }
        if let marks = Self.markAnnotation(authors) { fields.append(("author+an", marks)) }
        let containerField: String? = switch type {
        case .conference, .chapter: "booktitle"
        case .journal: "journal"
        case .report, .thesis: "institution"
        case .preprint, .book, .other: container == nil ? nil : "howpublished"
        }
        if let container, let containerField { fields.append((type == .thesis ? "school" : containerField, Self.tex(container, protectingCase: false))) }
        if let year { fields.append(("year", String(year))) }
        if let month, year != nil { fields.append(("month", String(Day.monthNames[month - 1].prefix(3)).lowercased())) }
        if day != nil, let isoDate { fields.append(("date", isoDate)) }
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
        let width = max(fields.map(\.0.count).max() ?? 0, abstract == nil ? 0 : "abstract".count)
        // The month is BibTeX's own macro, bare (`month = nov`); every other value in braces.
        func line(_ field: (String, String)) -> String {
"  " + field.0 + String(repeating: " ", count: max(0, width - field.0.count)) + " = " + (field.0 == "month" ? field.1 : "{" + field.1 + "}")
        }
        let head = "@\(bibTeXType){\(key),\n" + fields.map(line).joined(separator: ",\n")
        var more = abstract.map { [("abstract", Self.tex($0, protectingCase: false))] } ?? []
        if let extras { more += Self.listFields(extras, pdf: pdf) }
        let full = head + more.map { ",\n" + line($0) }.joined() + "\n}\n"
        return (head + "\n}\n", full)
    }

    /// A paper's links and list keys as al-folio's fields, one field per kind of link.
    static func listFields(_ extras: PaperExtras, pdf: String?) -> [(String, String)] {
        var fields: [(String, String)] = []
        var used: Set<String> = pdf == nil ? [] : ["pdf"]
        func add(_ name: String, _ value: String) {
            guard used.insert(name).inserted else { return }
            fields.append((name, value))
        }
        if let code = extras.code { add("code", verbatim(code)) }
        if let dataset = extras.dataset { add("data", verbatim(dataset)) }
        for link in extras.links { if let name = BibTeXFields.field(for: link) { add(name, verbatim(link.url)) } }
        if let abbr = extras.abbr { add("abbr", tex(abbr, protectingCase: false)) }
        if extras.selected { add("selected", "true") }
        if let award = extras.award { add("award", tex(award, protectingCase: false)) }
        if let awardName = extras.awardName { add("award_name", tex(awardName, protectingCase: false)) }
        if let preview = extras.preview { add("preview", verbatim(preview)) }
        if let annotation = extras.annotation {
            // Its line breaks as al-folio writes them, `<br>`.
            add("annotation", annotation.components(separatedBy: "\\\n").map { tex($0, protectingCase: false) }.joined(separator: "<br>"))
        }
        return fields
    }

    /// The authors' marks as biblatex's data annotation of the author list
    /// (`author+an = {1="equal,corresponding"; 2="equal"}`): biblatex styles can show them,
    /// every other reader skips the field, and `import` reads them back onto the names.
    static func markAnnotation(_ people: [Person]) -> String? {
        let items = people.enumerated().compactMap { index, person -> String? in
            let marks = [person.equalContribution ? "equal" : nil, person.corresponding ? "corresponding" : nil].compactMap { $0 }
            return marks.isEmpty ? nil : "\(index + 1)=\"\(marks.joined(separator: ","))\""
        }
        return items.isEmpty ? nil : items.joined(separator: "; ")
    }

    /// `Family, Given`; a literal name in braces, so it is never split.
    static func bibTeXName(_ person: Person) -> String {
        if let literal = person.literal { return "{" + tex(literal, protectingCase: false) + "}" }
        // In "von Last, First" everything before the comma is the family name, particles and
        // all ("von Arx, Sydney"), so it needs no braces; without a given name and a comma, a
        // name of several words would be split, so braces keep it whole.
        let family = tex(person.family, protectingCase: false)
        if person.given.isEmpty { return family.contains(" ") ? "{" + family + "}" : family }
        return family + ", " + tex(person.given, protectingCase: false)
    }

    /// Identifiers and URLs: only braces and a backslash could break the value; `%`, `_`, `#` and `~` are
    /// meaningful in them, and biber reads these fields verbatim.
    static func verbatim(_ text: String) -> String {
        // Most values have none of the three; Foundation's replacing costs microseconds a call,
        // and every paper's URLs pass here for its page and for papers.bib.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "\\") }) else { return text }
        return text.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D").replacingOccurrences(of: "\\", with: "%5C")
    }

    /// Markdown (with math) as LaTeX: `*x*` -> `\emph{x}`, `**x**` -> `\textbf{x}`, `` `x` `` ->
    /// `\texttt{x}`, `[t](u)` -> `\href{u}{t}`, LaTeX's special characters escaped, math kept.
    /// With `protectingCase`, a word with a capital after its first letter is braced, as
    /// BibTeX styles would otherwise lower-case it.
    static func tex(_ markdown: String, protectingCase: Bool) -> String {
        // Over UTF-8 bytes: every character Markdown or TeX treats specially is ASCII, and
        // every paper's abstract passes through here.
        let bytes = Array(markdown.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        var open: [[UInt8]] = []   // Markdown marks open, innermost last
        func special(_ byte: UInt8) -> [UInt8] {
            switch byte {
            case ascii("&"), ascii("%"), ascii("#"), ascii("_"), ascii("{"), ascii("}"): [ascii("\\"), byte]
            // Not `\$`: two of those read as a doubly escaped math span (PMLR's, see TeXText).
            case ascii("$"): Array("\\textdollar{}".utf8)
            case ascii("\\"): Array("\\textbackslash{}".utf8)
            case ascii("~"): Array("\\textasciitilde{}".utf8)
            case ascii("^"): Array("\\textasciicircum{}".utf8)
            case ascii("\n"), ascii("\r"), ascii("\t"): [ascii(" ")]
            default: [byte]
            }
        }
        func isWord(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (ascii("a")...ascii("z")).contains(byte) || (ascii("A")...ascii("Z")).contains(byte) || (ascii("0")...ascii("9")).contains(byte)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case ascii("\\") where index + 1 < bytes.count && MarkdownInline.isEscapable(Unicode.Scalar(bytes[index + 1])):
                output += special(bytes[index + 1])
                index += 2
            case ascii("$"):
                // Math, as written, up to the closing `$` (or `$$`).
                let display = index + 1 < bytes.count && bytes[index + 1] == ascii("$")
                var end = index + (display ? 2 : 1)
                while end < bytes.count, bytes[end] != ascii("$") { end += bytes[end] == ascii("\\") ? 2 : 1 }
                end = min(end, bytes.count)
                let closeLength = display ? 2 : 1
                // A `%` would start a TeX comment even in math.
                var math: [UInt8] = []
                var previous = ascii(" ")
                for byte in bytes[index..<min(end + closeLength, bytes.count)] {
                    if byte == ascii("%") && previous != ascii("\\") { math.append(ascii("\\")) }
                    math.append(byte)
                    previous = byte
                }
                output += balanced(String(decoding: math, as: UTF8.self)).utf8
                index = end + closeLength
            case ascii("*"), ascii("_"):
                let strong = index + 1 < bytes.count && bytes[index + 1] == byte
                let mark = strong ? [byte, byte] : [byte]
                if byte == ascii("_") && !strong, index > 0, index + 1 < bytes.count, isWord(bytes[index - 1]), isWord(bytes[index + 1]) {
                    output += [ascii("\\"), ascii("_")]   // inside a word: a character, not emphasis
                    index += 1
                    continue
                }
                if open.last == mark {
                    open.removeLast()
                    output.append(ascii("}"))
                } else {
                    open.append(mark)
                    output += (strong ? "\\textbf{" : "\\emph{").utf8
                }
                index += strong ? 2 : 1
            case ascii("`"):
                var end = index + 1
                while end < bytes.count, bytes[end] != ascii("`") { end += 1 }
                output += "\\texttt{".utf8
                for byte in bytes[(index + 1)..<min(end, bytes.count)] { output += special(byte) }
                output.append(ascii("}"))
                index = end + 1
            case ascii("["):
                // `[text](url)`
                if let close = bytes[index...].firstIndex(of: ascii("]")), close + 1 < bytes.count, bytes[close + 1] == ascii("("),
                   let end = bytes[close...].firstIndex(of: ascii(")")) {
                    let text = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    let url = String(decoding: bytes[(close + 2)..<end], as: UTF8.self)
                    output += ("\\href{" + verbatim(url) + "}{" + tex(text, protectingCase: protectingCase) + "}").utf8
                    index = end + 1
                } else {
                    output.append(byte)
                    index += 1
                }
            case ascii("\\"), ascii("&"), ascii("%"), ascii("#"), ascii("{"), ascii("}"), ascii("~"), ascii("^"), ascii("\n"), ascii("\r"), ascii("\t"):
                output += special(byte)
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        output += Array(repeating: ascii("}"), count: open.count)
        let text = String(decoding: output, as: UTF8.self)
        return protectingCase ? protectCase(text) : text
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
        // The word is kept as where it starts in the text and what is known of it so far, not
        // copied: every title passes through here.
        let bytes = Array(tex.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var depth = 0, inMath = false
        var wordStart = 0, offset = 0, letters = 0, capitalAfterFirst = false, backslash = false
        func flush() {
            let word = bytes[wordStart..<offset]
            if depth == 0, !inMath, capitalAfterFirst, !backslash {
                result.append(ascii("{"))
                result += word
                result.append(ascii("}"))
            } else {
                result += word
            }
            (letters, capitalAfterFirst, backslash) = (0, false, false)
        }
        var previous: Unicode.Scalar = " "
        for scalar in tex.unicodeScalars {
            // A `$` (not `\$`) at the top level opens or closes math, and ends the word either
            // way: a word braced across it (`${k$-Discretization}`) would cut the math span.
            let isMathMark = scalar == "$" && previous != "\\" && depth == 0
            // A group's own braces end the word before them: `\emph{k}-SAT` is `\emph`, `{k}`, `-SAT`.
            let isGroupBrace = !inMath && ((scalar == "{" && depth == 0) || (scalar == "}" && depth == 1))
            let width = UTF8.width(scalar)
            if isWhitespace(scalar) || isMathMark || isGroupBrace {
                flush()
                if scalar == "{" { depth += 1 }
                if scalar == "}" { depth -= 1 }
                if isMathMark { inMath.toggle() }
                result += bytes[offset..<offset + width]
                wordStart = offset + width
            } else {
                if scalar == "{" { depth += 1 }
                if scalar == "}" { depth -= 1 }
                if scalar == "\\" { backslash = true }
                if isLetter(scalar) {
                    if letters > 0 && isCapital(scalar) { capitalAfterFirst = true }
                    letters += 1
                }
            }
            offset += width
            previous = previous == "\\" && scalar == "\\" ? " " : scalar
        }
        flush()
        return String(decoding: result, as: UTF8.self)
    }

    // Unicode's properties, looked up only past ASCII.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) : scalar.properties.isAlphabetic
    }

    private static func isCapital(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x41...0x5A).contains(scalar.value) : scalar.properties.isUppercase
    }
}

private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }

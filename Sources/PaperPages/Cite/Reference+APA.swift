extension Reference {
    /// The reference in APA style (7th edition), as HTML with the italics APA asks for (the
    /// Cite block's copy button copies its text).
    var apa: String {
        var parts: [(text: String, italic: Bool)] = []
        func add(_ text: String, italic: Bool = false) { parts.append((text, italic)) }
        if authors.isEmpty && !editors.isEmpty {
            // APA's edited book: the editors in the authors' place, then "(Ed.)" or "(Eds.)".
            add(Self.apaAuthors(editors, more: false) + (editors.count == 1 ? " (Ed.). " : " (Eds.). "))
        } else {
            add(Self.apaAuthors(authors, more: moreAuthors) + " ")
        }
        var date = year.map(String.init) ?? WrittenYear.undatedWord
        if let month, year != nil, type != .journal && type != .book {
            date += ", " + Day.monthNames[month - 1] + (day.map { " \($0)" } ?? "")
        }
        add("(\(date)). ")
        let title = plainTitle
        let ending = title.last.map { ".?!".contains($0) } == true ? "" : "."
        switch type {
        case .journal:
            add(title + ending + " ")
            if let container {
                add(MarkdownInline.plain(container), italic: true)
                if let volume {
                    add(", ")
                    add(volume, italic: true)
                }
                if let issue { add("(\(issue))") }
                if let pageRange { add(", " + pageRange.first + (pageRange.last.map { "–" + $0 } ?? "")) }
                add(". ")
            }
        case .conference, .chapter:
            add(title + ending + " ")
            if let container {
                add("In ")
                add(MarkdownInline.plain(container), italic: true)
                if let pageRange { add(" (" + (pageRange.last == nil ? "p. " : "pp. ") + pageRange.first + (pageRange.last.map { "–" + $0 } ?? "") + ")") }
                add(". ")
            }
            if let publisher { add(publisher + ". ") }
        case .preprint:
            add(title, italic: true)
            add(ending + " ")
            if let arxiv { add("arXiv:\(arxiv). ") } else if let container { add(MarkdownInline.plain(container) + ". ") }
        case .report, .thesis, .book, .other:
            add(title, italic: true)
            add(ending + " ")
            if let source = container ?? publisher { add(MarkdownInline.plain(source) + ". ") }
        }
        if let link = doiURL ?? url ?? arxivURL { add(link) }
        return parts.map { $0.italic ? "<i>" + escapeHTML($0.text) + "</i>" : escapeHTML($0.text) }.joined().trimmingWhitespace()
    }

    /// "Rehman, A., Sharif, S. M. A., & Lee, J."; past 20 authors, the first 19, an ellipsis
    /// and the last, as APA asks.
    static func apaAuthors(_ authors: [Person], more: Bool) -> String {
        let names = authors.map { person -> String in
            if let literal = person.literal { return literal }
            let initials = person.given.split(separator: " ").map { word in
                word.split(separator: "-", omittingEmptySubsequences: true).map { String($0.prefix(1)) + "." }.joined(separator: "-")
            }.joined(separator: " ")
            return initials.isEmpty ? person.family : person.family + ", " + initials
        }
        if more { return names.joined(separator: ", ") + ", et al." }
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2...20: return names.dropLast().joined(separator: ", ") + ", & " + names[names.count - 1]
        default: return names.prefix(19).joined(separator: ", ") + ", … " + names[names.count - 1]
        }
    }
}

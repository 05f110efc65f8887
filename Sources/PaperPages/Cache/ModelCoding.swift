/// The loaded model in the cache's byte format: a file whose bytes have not changed is not
/// parsed again. Every stored field of Paper, Note, Review and Page is written here; the
/// incremental build's property test compares cached builds with fresh ones, field by field
/// through the pages they render.
extension ByteWriter {
    mutating func write(_ location: SourceLocation) {
        write(location.path)
        write(location.line)
        write(location.column)
    }

    mutating func write(_ day: Day?) { write(day?.description) }

    mutating func write(_ reference: SlugReference) {
        write(reference.slug)
        write(reference.location)
    }

    mutating func write(_ person: Person) {
        write(person.given)
        write(person.family)
        write(person.literal)
        write(person.equalContribution)
        write(person.corresponding)
    }

    mutating func write(_ link: PaperLink) {
        write(link.kind.rawValue)
        write(link.url)
        write(link.label)
    }

    mutating func write(_ value: FrontMatterValue) {
        switch value {
        case .null: write(0)
        case .bool(let flag): write(1); write(flag)
        case .int(let number): write(2); write(number)
        case .double(let number): write(3); write(number.bitPattern)
        case .string(let text): write(4); write(text)
        case .list(let items): write(5); write(items) { $0.write($1) }
        case .mapping(let mapping):
            write(6)
            write(mapping.sorted { $0.key < $1.key }) { writer, entry in
                writer.write(entry.key)
                writer.write(entry.value)
            }
        }
    }

    mutating func write(extra: [(String, FrontMatterValue)]) {
        write(extra) { writer, entry in
            writer.write(entry.0)
            writer.write(entry.1)
        }
    }

    mutating func write(_ paper: Paper) {
        write(paper.slug); write(paper.source); write(paper.title)
        write(paper.authors) { $0.write($1) }
        write(paper.editors) { $0.write($1) }
        write(paper.year); write(paper.month); write(paper.date); write(paper.venue); write(paper.status); write(paper.openAccess)
        write(paper.type?.rawValue); write(paper.volume); write(paper.issue); write(paper.pages); write(paper.publisher)
        write(paper.citationKey); write(paper.moreAuthors)
        write(paper.arxiv); write(paper.doi); write(paper.url); write(paper.pdf); write(paper.code); write(paper.dataset)
        write(paper.links) { $0.write($1) }
        write(paper.abbr); write(paper.selected); write(paper.award); write(paper.awardName); write(paper.preview); write(paper.annotation)
        write(paper.institutions) { $0.write($1) }
        write(paper.topics) { $0.write($1) }
        write(paper.citations); write(paper.saves); write(paper.reading?.rawValue); write(paper.added)
        write(paper.related) { $0.write($1) }
        write(paper.reactions) { $0.write($1) }
        write(paper.abstract); write(paper.body); write(extra: paper.extra)
    }

    mutating func write(_ note: Note) {
        write(note.slug); write(note.source); write(note.question)
        write(note.paper != nil)
        if let paper = note.paper { write(paper) }
        write(note.date)
        write(note.topics) { $0.write($1) }
        write(note.body); write(extra: note.extra)
    }

    mutating func write(_ review: Review) {
        write(review.slug); write(review.source); write(review.paper); write(review.reviewer); write(review.date)
        write(review.rating); write(review.confidence); write(review.strengths); write(review.concerns); write(review.questions)
        write(review.body); write(extra: review.extra)
    }

    mutating func write(_ page: Page) {
        write(page.slug); write(page.source); write(page.title); write(page.body); write(extra: page.extra)
    }
}

extension ByteReader {
    mutating func location() throws -> SourceLocation {
        SourceLocation(path: try string(), line: try optionalInt(), column: try optionalInt())
    }

    mutating func day() throws -> Day? {
        guard let text = try optionalString() else { return nil }
        guard let day = Day(text) else { throw Corrupt() }
        return day
    }

    mutating func reference() throws -> SlugReference {
        SlugReference(slug: try string(), location: try location())
    }

    mutating func person() throws -> Person {
        var person = Person(given: try string(), family: try string())
        person.literal = try optionalString()
        person.equalContribution = try bool()
        person.corresponding = try bool()
        return person
    }

    mutating func link() throws -> PaperLink {
        guard let kind = PaperLink.Kind(rawValue: try string()) else { throw Corrupt() }
        return PaperLink(kind: kind, url: try string(), label: try optionalString())
    }

    mutating func value() throws -> FrontMatterValue {
        switch try int() {
        case 0: return .null
        case 1: return .bool(try bool())
        case 2: return .int(try int())
        case 3: return .double(Double(bitPattern: try uint64()))
        case 4: return .string(try string())
        case 5: return .list(try array { try $0.value() })
        case 6:
            let entries = try array { (try $0.string(), try $0.value()) }
            return .mapping(Dictionary(entries, uniquingKeysWith: { first, _ in first }))
        default: throw Corrupt()
        }
    }

    mutating func extra() throws -> [(String, FrontMatterValue)] {
        try array { (try $0.string(), try $0.value()) }
    }

    mutating func paper() throws -> Paper {
        let slug = try string(), source = try location(), title = try string()
        let authors = try array { try $0.person() }
        let editors = try array { try $0.person() }
        let year = try optionalInt(), month = try optionalInt(), date = try day(), venue = try optionalString(), status = try optionalString(), openAccess = try bool()
        let typeText = try optionalString()
        let type = try typeText.map { text -> PublicationType in
            guard let type = PublicationType(rawValue: text) else { throw Corrupt() }
            return type
        }
        let volume = try optionalString(), issue = try optionalString(), pages = try optionalString(), publisher = try optionalString()
        let citationKey = try optionalString(), moreAuthors = try bool()
        let arxiv = try optionalString(), doi = try optionalString(), url = try optionalString(), pdf = try optionalString()
        let code = try optionalString(), dataset = try optionalString()
        let links = try array { try $0.link() }
        let abbr = try optionalString(), selected = try bool(), award = try optionalString(), awardName = try optionalString()
        let preview = try optionalString(), annotation = try optionalString()
        let institutions = try array { try $0.string() }
        let topics = try array { try $0.string() }
        let citations = try optionalInt(), saves = try optionalInt()
        let readingText = try optionalString()
        let reading = try readingText.map { text -> ReadingStatus in
            guard let status = ReadingStatus(rawValue: text) else { throw Corrupt() }
            return status
        }
        let added = try day()
        let related = try array { try $0.reference() }
        let reactions = try array { try $0.reference() }
        return Paper(slug: slug, source: source, title: title, authors: authors, editors: editors, year: year, month: month, date: date,
                     venue: venue, type: type, volume: volume,
                     issue: issue, pages: pages, publisher: publisher, citationKey: citationKey, moreAuthors: moreAuthors, status: status,
                     openAccess: openAccess, arxiv: arxiv, doi: doi, url: url, pdf: pdf, code: code, dataset: dataset,
                     links: links, abbr: abbr, selected: selected, award: award, awardName: awardName, preview: preview, annotation: annotation,
                     institutions: institutions, topics: topics, citations: citations, saves: saves, reading: reading, added: added,
                     related: related, reactions: reactions, abstract: try optionalString(), body: try string(), extra: try extra())
    }

    mutating func note() throws -> Note {
        let slug = try string(), source = try location(), question = try string()
        let paper = try bool() ? try reference() : nil
        return Note(slug: slug, source: source, question: question, paper: paper, date: try day(),
                    topics: try array { try $0.string() }, body: try string(), extra: try extra())
    }

    mutating func review() throws -> Review {
        Review(slug: try string(), source: try location(), paper: try reference(), reviewer: try string(), date: try day(),
               rating: try optionalInt(), confidence: try optionalInt(), strengths: try optionalString(), concerns: try optionalString(),
               questions: try optionalString(), body: try string(), extra: try extra())
    }

    mutating func page() throws -> Page {
        Page(slug: try string(), source: try location(), title: try string(), body: try string(), extra: try extra())
    }
}

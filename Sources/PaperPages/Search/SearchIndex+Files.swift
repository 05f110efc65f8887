import Foundation

extension SearchIndex {
    struct FacetValue: Codable {
        var value: String
        var label: String
        var count: Int
    }

    /// `search/manifest.json`: what every query needs first, kept small.
    struct Manifest: Codable {
        var version = 2
        var documents: Int
        /// Each chunk `search/index/<n>.json` by the shortest start of its first term that
        /// sorts after the chunk before it (`separator`), in order: a term is in the last
        /// chunk whose name does not sort after it.
        var chunks: [String]
        /// How many records each `search/docs/<n>.json` holds: document `d` is record
        /// `d % records` of file `d / records`.
        var records: Int
        var k1: Double
        /// The keys of the files of terms for correcting a misspelt word, `terms/<key>.json`
        /// (`SearchIndex.correctionFiles`).
        var corrections: [String] = []
        /// The tokenizer's tables, for the search page's script: letters folded beyond what
        /// Unicode decomposition does, and the stop words.
        var fold: [String: String] = Dictionary(uniqueKeysWithValues: TextFolding.letters.map { (String($0.key), $0.value) })
        var stop: [String] = SearchTokenizer.stopWords.sorted()
    }

    static let facetNames = ["kind", "year", "venue", "topic", "reading"]

    /// How many records share a file. One file per record was 17,000 files at 10,000 papers,
    /// most of a site's files, past what free hosts take; 32 to a file is 530 files there, and
    /// a first query fetches at most ten of them (about 5 kB each, compressed) for the ten
    /// results it shows, still well under half of Pagefind's first-query bytes.
    static let recordsPerFile = 32

    /// Every file of the index, paths relative to the site root. Chunks of 16 kB (12 kB
    /// before) make 1,150 files at 10,000 papers instead of 1,520, which brought the whole
    /// site under Cloudflare Pages' 20,000 files; a query term costs about 1 kB more.
    func files(chunkBytes: Int = 16_000, longPostings: Int = Self.longPostings, headPostings: Int = Self.headPostings) async throws -> [OutputFile] {
        var files: [OutputFile] = []
        // Made beside the terms' entries: a tenth of a second of one core at 10,000 papers.
        async let facets = facetsFile()

        // Term chunks: `{"term":[doc,impact,docDelta,impact,...]}`, written as bytes by hand:
        // they are most of the index and most of the time spent writing it. Each term's entry
        // is made on all cores, then the entries are cut into chunks in order. A long term's
        // entry in its chunk is its head; its whole postings go to a file of `search/all/`.
        let entries = await sortedTerms.parallelMap { term in
            (whole: self.entry(term), head: self.headEntry(term, longPostings: longPostings, headPostings: headPostings))
        }
        var chunkStarts: [String] = []
        var chunk: [UInt8] = []
        var whole: [UInt8] = []
        var wholeFiles = 0
        func closeChunk() {
            guard !chunk.isEmpty else { return }
            files.append(OutputFile(path: Self.folder + "index/\(chunkStarts.count - 1).json", contents: [UInt8(ascii: "{")] + chunk + [UInt8(ascii: "}")]))
            chunk = []
        }
        func closeWhole() {
            guard !whole.isEmpty else { return }
            files.append(OutputFile(path: Self.folder + "all/\(wholeFiles).json", contents: [UInt8(ascii: "{")] + whole + [UInt8(ascii: "}")]))
            whole = []
            wholeFiles += 1
        }
        var previous = ""
        for (term, entry) in zip(sortedTerms, entries) {
            let text = memo.vocabulary[Int(term)]
            defer { previous = text }
            if chunk.isEmpty { chunkStarts.append(Self.separator(after: previous, upTo: text)) } else { chunk.append(UInt8(ascii: ",")) }
            if let head = entry.head {
                if !whole.isEmpty { whole.append(UInt8(ascii: ",")) }
                whole += entry.whole
                chunk += Array(JSONText.quoted(text).utf8) + Array(#":{"all":"#.utf8)
                Self.appendDecimal(wholeFiles, to: &chunk)
                chunk += head
                if whole.count >= Self.wholeFileBytes { closeWhole() }
            } else {
                chunk += entry.whole
            }
            if chunk.count >= chunkBytes { closeChunk() }
        }
        closeChunk()
        closeWhole()

        files.append(try await facets)

        let (correctionFiles, correctionKeys) = correctionFiles()
        files += correctionFiles
        var manifest = Manifest(documents: documents.count, chunks: chunkStarts, records: Self.recordsPerFile, k1: Self.k1)
        manifest.corrections = correctionKeys
        files.append(OutputFile(path: Self.folder + "manifest.json", contents: Array(try Self.encoder().encode(manifest))))

        // Records: what a result shows, fetched only for the results on screen: a JSON array
        // of `recordsPerFile` records (the last file fewer), in document order.
        let step = Self.recordsPerFile
        for (file, start) in stride(from: 0, to: analyses.count, by: step).enumerated() {
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (offset, analysis) in analyses[start..<min(start + step, analyses.count)].enumerated() {
                if offset > 0 { bytes += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
                bytes += analysis.record
            }
            bytes += [UInt8(ascii: "]"), UInt8(ascii: "\n")]
            files.append(OutputFile(path: Self.folder + "docs/\(file).json", contents: bytes))
        }
        return files
    }

    /// The words a misspelt query word is corrected to, with how many documents hold each:
    /// `search/terms/<key>.json`, `{"term":documents,...}`, where the key is a first letter's
    /// code point in hexadecimal. A term is in the file of its first letter and in that of its
    /// second, so the one file of a query word's first letter holds every term one edit away
    /// but for an edit of the first letter itself that keeps the second: a typo past the first
    /// letter, a dropped first letter (`istillation`) and two first letters swapped
    /// (`idstillation`). Words shorter than `correctionMinimumLength`, numbers, CJK bigrams and
    /// whole titles are never corrections. About 40 files of a few kilobytes (a thousand
    /// words each at 10,000 generated papers); a misspelt word fetches one of them.
    func correctionFiles() -> (files: [OutputFile], keys: [String]) {
        var byKey: [String: [UInt8]] = [:]
        for term in sortedTerms {
            let text = memo.vocabulary[Int(term)]
            let scalars = Array(text.unicodeScalars.prefix(Self.correctionMinimumLength))
            guard scalars.count == Self.correctionMinimumLength, scalars[0] != "=",
                  !text.unicodeScalars.contains(where: { $0.properties.numericType != nil }),
                  !text.contains(where: SearchTokenizer.isCJK) else { continue }
            var entry: [UInt8] = []
            JSONText.appendQuoted(text, to: &entry)
            entry.append(UInt8(ascii: ":"))
            Self.appendDecimal(postingRange(term).count, to: &entry)
            for key in Set([String(scalars[0].value, radix: 16), String(scalars[1].value, radix: 16)]).sorted() {
                if byKey[key] == nil { byKey[key] = [UInt8(ascii: "{")] } else { byKey[key]!.append(UInt8(ascii: ",")) }
                byKey[key]! += entry
            }
        }
        let keys = byKey.keys.sorted()
        return (keys.map { OutputFile(path: Self.folder + "terms/\($0).json", contents: byKey[$0]! + [UInt8(ascii: "}")]) }, keys)
    }

    /// The shortest word a misspelt word is corrected to: the page's script corrects words of
    /// four letters or more by one edit (two from eight), so a three-letter word is the
    /// closest a four-letter one can come to.
    static let correctionMinimumLength = 3

    /// The encoder of the index's tables (manifest, facet values): keys sorted, slashes as
    /// they are. One per use: the facets are encoded beside the manifest.
    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `search/facets.json`, and the values the manifest lists.
    private func facetsFile() throws -> OutputFile {
        // Facets: the values in the manifest, each document's values in facets.json.
        var values: [String: [String: (label: String, count: Int)]] = [:]
        func facet(_ name: String, _ documentValues: (SearchDocument) -> [(String, String)]) -> [[String]] {
            documents.map { document in
                documentValues(document).map { value, label in
                    values[name, default: [:]][value, default: (label, 0)].count += 1
                    return value
                }
            }
        }
        let perDocument: [String: [[String]]] = [
            "kind": facet("kind") { [($0.kind, $0.kind.capitalized + "s")] },
            "year": facet("year") { $0.year.map { [(String($0), String($0))] } ?? [] },
            "venue": facet("venue") { $0.venue.map { [(Slug.make($0), $0)] } ?? [] },
            "topic": facet("topic") { document in
                var seen = Set<String>()
                return document.topics.compactMap { name in
                    let slug = Slug.make(name)
                    return seen.insert(slug).inserted ? (slug, name) : nil
                }
            },
            "reading": facet("reading") { $0.reading.map { [($0, ReadingStatus(rawValue: $0)?.label ?? $0)] } ?? [] },
        ]
        var manifestFacets: [String: [FacetValue]] = [:]
        for name in Self.facetNames {
            var list = (values[name] ?? [:]).map { FacetValue(value: $0.key, label: $0.value.label, count: $0.value.count) }
            if name == "year" { list.sort { $0.value > $1.value } } else { list.sort { ($1.count, $0.label) < ($0.count, $1.label) } }
            manifestFacets[name] = list
        }
        // facets.json: for each facet, each document's values as indices into the manifest's list.
        var facetTable: [String: [[Int]]] = [:]
        for name in Self.facetNames {
            let position = Dictionary(uniqueKeysWithValues: manifestFacets[name]!.enumerated().map { ($1.value, $0) })
            facetTable[name] = perDocument[name]!.map { $0.compactMap { position[$0] } }
        }
        // `search/facets.json`, fetched only when a reader filters: each facet's values, most
        // used first (years newest first), and each document's values as indices into them:
        // `{"documents":{"<facet>":[[index,...],...],...},"values":{"<facet>":[FacetValue,...]}}`,
        // the numbers written by hand (they are most of it), the values by JSONEncoder.
        var facets = Array(#"{"documents":{"#.utf8)
        for (position, name) in facetTable.keys.sorted().enumerated() {
            if position > 0 { facets.append(UInt8(ascii: ",")) }
            facets += Array(JSONText.quoted(name).utf8) + Array(":[".utf8)
            for (index, values) in facetTable[name]!.enumerated() {
                if index > 0 { facets.append(UInt8(ascii: ",")) }
                facets.append(UInt8(ascii: "["))
                for (offset, value) in values.enumerated() {
                    if offset > 0 { facets.append(UInt8(ascii: ",")) }
                    Self.appendDecimal(value, to: &facets)
                }
                facets.append(UInt8(ascii: "]"))
            }
            facets.append(UInt8(ascii: "]"))
        }
        facets += Array(#"},"values":"#.utf8) + Array(try Self.encoder().encode(manifestFacets)) + [UInt8(ascii: "}")]
        return OutputFile(path: Self.folder + "facets.json", contents: facets)

    }

    /// The shortest start of `term` that sorts after `previous` (UTF-16 order, as the page's
    /// script compares): what the manifest names a chunk by, since the page only asks which
    /// chunk a term falls in. The whole first terms were most of the manifest at 100,000
    /// papers (whole titles among them, 60 bytes each): 27 kB of a first query, compressed.
    static func separator(after previous: String, upTo term: String) -> String {
        var kept = String.UnicodeScalarView()
        var rest = previous.unicodeScalars.makeIterator()
        for scalar in term.unicodeScalars {
            kept.append(scalar)
            guard let other = rest.next(), other == scalar else { break }
        }
        return String(kept)
    }

    /// `"term":[doc,impact,docDelta,impact,...]`.
    private func entry(_ term: UInt32) -> [UInt8] {
        let range = postingRange(term)
        var bytes = Array(JSONText.quoted(memo.vocabulary[Int(term)]).utf8)
        bytes.reserveCapacity(bytes.count + 2 + range.count * 7)
        bytes.append(UInt8(ascii: ":"))
        appendPostings(range, to: &bytes)
        return bytes
    }

    /// `[doc,impact,docDelta,impact,...]` of the postings at `positions` (ascending).
    private func appendPostings(_ positions: some Sequence<Int>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        var previous = 0, first = true
        for position in positions {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            let document = Int(postingDocuments[position])
            Self.appendDecimal(document - previous, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            Self.appendDecimal(Int(postingImpacts[position]), to: &bytes)
            previous = document
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A term in more than `longPostings` documents is *long*: a common word ("learning" is
    /// in 124,000 of 170,000 documents at 100,000 generated papers, 900 kB of postings, 180 kB
    /// compressed), which most queries of several words have. Its chunk holds only its head,
    /// its `headPostings` of highest impact, with its document count (for its idf, the same
    /// either way) and the highest impact left out (for other readers of the index: a bound
    /// on what the rest adds; the page does not need it):
    /// `{"all":<file>,"cut":<impact>,"df":<documents>,"head":[...]}` (the file number written
    /// by `files`). The page ranks the first results from the heads (static index pruning: a
    /// document that has a common word with a low impact counts as not having it) and reads
    /// `search/all/<file>.json`, the whole postings, for more results and for the facets.
    ///
    /// Measured over the 320 known-item queries of `make bench-search` at 100,000 papers: the
    /// index's bytes per query fell from 412 kB to 43 kB (median), and the paper was first in
    /// 217 (208 from the whole lists), in the first five in 264 (259); heads of 1,000 (over
    /// 2,000) lost half the top-1 hits. At 10,000 papers, few words are long.
    ///
    /// `PAPERPAGES_LONG_POSTINGS` sets the first (the head is half of it) for the browser
    /// tests, whose small sites have no word that common.
    static let longPostings = ProcessInfo.processInfo.environment["PAPERPAGES_LONG_POSTINGS"].flatMap { Int($0) }.map { max($0, 2) } ?? 8_000
    static var headPostings: Int { longPostings / 2 }
    /// Whole postings are kept together in files of about this many bytes, a long term
    /// with more alone: one request for the rest of a query's common words, not one each.
    static let wholeFileBytes = 256_000

    /// The entry of a long term after its file number, `,"cut":…,"df":…,"head":[…]}`; nil
    /// for a term that is not long. The head is the postings of highest impact, those of
    /// equal impact in document order, so the page can tell which documents it lacks.
    private func headEntry(_ term: UInt32, longPostings: Int, headPostings: Int) -> [UInt8]? {
        let range = postingRange(term)
        guard range.count > longPostings else { return nil }
        // The impact at which the head ends: every posting above it, and the first of it.
        var counts = [Int](repeating: 0, count: 256)
        for position in range { counts[Int(postingImpacts[position])] += 1 }
        var threshold = 255, above = 0
        while above + counts[threshold] < headPostings { above += counts[threshold]; threshold -= 1 }
        var takenAtThreshold = headPostings - above
        let head = range.filter { position in
            let impact = Int(postingImpacts[position])
            if impact > threshold { return true }
            guard impact == threshold, takenAtThreshold > 0 else { return false }
            takenAtThreshold -= 1
            return true
        }
        // The highest impact left out: the threshold's own, if some of it are left.
        let cut = counts[threshold] > headPostings - above ? threshold : (0..<threshold).last { counts[$0] > 0 } ?? 0
        var bytes = Array(#","cut":"#.utf8)
        Self.appendDecimal(cut, to: &bytes)
        bytes += Array(#","df":"#.utf8)
        Self.appendDecimal(range.count, to: &bytes)
        bytes += Array(#","head":"#.utf8)
        appendPostings(head, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
        if number >= 10 { appendDecimal(number / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }
}

enum JSONText {
    /// A JSON string literal, for every JSON file and script the site carries: `<`, `>` and `&`
    /// are escaped too, so the text cannot end a `<script>` element (JSON-LD), and U+2028 and
    /// U+2029, which end a line in JavaScript. Over UTF-8 bytes: every paper's text passes
    /// through here for the search index and the citation files.
    static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 8)
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `quoted`, written at the end of `bytes`; `<`, `>` and `&` left as they are when
    /// `escapingMarkup` is false, for a file only ever read as JSON (an HTML fragment's every
    /// tag was 12 bytes more).
    static func appendQuoted(_ string: String, to bytes: inout [UInt8], escapingMarkup: Bool = true) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { append($0, to: &bytes, escapingMarkup: escapingMarkup) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func append(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8], escapingMarkup: Bool) {
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20:
                guard escapingMarkup || byte < 0x20 else {
                    bytes.append(byte)
                    break
                }
                bytes += "\\u00".utf8
                bytes += [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                // U+2028 and U+2029 end a line in JavaScript.
                bytes += "\\u202".utf8
                bytes.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                index += 3
                continue
            default: bytes.append(byte)
            }
            index += 1
        }
    }
}

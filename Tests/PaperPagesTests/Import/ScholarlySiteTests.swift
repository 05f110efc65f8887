import Foundation
import FoundationXML
import Testing
@testable import PaperPages

/// The acceptance: PMLR volume 304's BibTeX file imported into an empty site builds,
/// and every paper page carries complete citation metadata, checked against the fields it
/// comes from; the site's citation files, feeds and sitemap are valid.
@Suite(.serialized) struct ScholarlySiteTests {
    static let origin = "https://reading.example.org/list/"

    /// The example site's layouts and site.yaml, with only the imported papers.
    static func importedSite() throws -> (TemporarySite, Importer.Plan) {
        let site = try TemporarySite()
        for folder in ["papers", "notes", "reviews"] { try FileManager.default.removeItem(at: site.content.appendingPathComponent(folder)) }
        let importer = Importer(content: site.content.path, today: Day("2026-11-29")!)
        let plan = importer.plan([TemporarySite.repository.appendingPathComponent("Benchmarks/pmlr-v304-acml2025.bib").path])
        _ = try importer.apply(plan)
        return (site, plan)
    }

    static func papers(in site: TemporarySite) throws -> [Paper] {
        let folder = site.content.appendingPathComponent("papers")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            var log = DiagnosticLog()
            let path = folder.appendingPathComponent(name).path
            let document = try #require(FrontMatterParser.parse(try String(contentsOfFile: path, encoding: .utf8), path: path, log: &log))
            return try #require(Paper(slug: String(name.dropLast(3)), document: document, path: path, log: &log), "\(log.diagnostics)")
        }
    }

    @Test func importedPaperPagesCarryCompleteCitationMetadata() async throws {
        let (site, plan) = try Self.importedSite()
        #expect(plan.problems.isEmpty)
        // 79 papers and their volume, an edited book with a page of its own.
        #expect(plan.steps.count == 80 && plan.steps.allSatisfy { $0.action == .create })
        try await site.build(baseURL: Self.origin)
        let papers = try Self.papers(in: site).filter { $0.type == .conference }
        #expect(papers.count == 79)
        for paper in papers {
            let page = try site.page("papers/\(paper.slug)/index.html")
            func meta(_ name: String) -> [String] { page.select("//meta[@name='\(name)']").map { $0.attributes["content"] ?? "" } }
            let reference = Reference(paper)
            #expect(meta("citation_title") == [reference.plainTitle])
            #expect(meta("citation_author") == paper.authors.map { $0.given.isEmpty ? $0.family : "\($0.family), \($0.given)" })
            #expect(meta("citation_publication_date") == ["2025/11/13"])
            #expect(meta("citation_conference_title") == ["Proceedings of the 17th Asian Conference on Machine Learning"])
            #expect(meta("citation_pdf_url") == [paper.pdf ?? ""] && paper.pdf?.hasPrefix("https://proceedings.mlr.press/v304/") == true)
            #expect(meta("citation_abstract_html_url") == [Self.origin + "papers/\(paper.slug)/"])
            #expect(meta("citation_volume") == ["304"])
            #expect(meta("citation_firstpage").count == 1 && meta("citation_lastpage").count == 1)
            #expect(page.first("//link[@rel='canonical']")?.attributes["href"] == Self.origin + "papers/\(paper.slug)/")
            #expect(page.first("//meta[@property='og:title']")?.attributes["content"] == reference.plainTitle)
            #expect(page.first("//meta[@property='og:type']")?.attributes["content"] == "article")
            // JSON-LD: a ScholarlyArticle with one Person per author.
            let script = try #require(page.first("//script[@type='application/ld+json']"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(script.text.utf8)) as? [String: Any])
            #expect(json["@type"] as? String == "ScholarlyArticle" && json["headline"] as? String == reference.plainTitle)
            let authors = try #require(json["author"] as? [[String: Any]])
            #expect(authors.map { $0["@type"] as? String } == Array(repeating: "Person", count: paper.authors.count))
            #expect(authors.map { $0["familyName"] as? String } == paper.authors.map(\.family))
            #expect(json["datePublished"] as? String == "2025-11-13")
            // The Cite block: the BibTeX and RIS its buttons copy and download.
            let bib = try site.citation(paper.slug, "bibtex")
            let parsed = BibTeXParser(bib, path: "\(paper.slug).bib")
            #expect(parsed.problems.isEmpty && parsed.entries.map(\.key) == [paper.citationKey ?? ""])
            #expect(bib == reference.citationBibTeX)
            #expect(try site.citation(paper.slug, "ris") == reference.ris)
            #expect(try site.citation(paper.slug, "ris").hasPrefix("TY  - CPAPER\r\nID  - \(paper.citationKey ?? paper.slug)\r\nTI  - "))
        }
    }

    @Test func papersBibImportedAgainGivesTheSamePapers() async throws {
        let (site, _) = try Self.importedSite()
        try await site.build(baseURL: Self.origin)
        let again = try TemporarySite(example: false)
        let importer = Importer(content: again.content.path, today: Day("2026-11-29")!)
        let plan = importer.plan([site.output.appendingPathComponent("papers.bib").path])
        #expect(plan.problems.isEmpty && plan.steps.count == 80)
        _ = try importer.apply(plan)
        func normalized(_ reference: Reference) -> Reference {
            var reference = reference
            reference.abstract = reference.abstract.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            return reference
        }
        let before = try Self.papers(in: site).map { normalized(Reference($0)) }.sorted { $0.key < $1.key }
        let after = try Self.papers(in: again).map { normalized(Reference($0)) }.sorted { $0.key < $1.key }
        #expect(before.count == after.count)
        for (old, new) in zip(before, after) {
            #expect(old.title == new.title && old.authors == new.authors && old.abstract == new.abstract, "\(old.key)")
            #expect(old == new)
        }
        // The same slugs, too: the paper files are named alike.
        let names = { (site: TemporarySite) in try FileManager.default.contentsOfDirectory(atPath: site.content.appendingPathComponent("papers").path).sorted() }
        #expect(try names(site) == names(again))
    }

    @Test func feedsSitemapAndRobotsAreValid() async throws {
        let (site, _) = try Self.importedSite()
        try await site.build(baseURL: "https://reading.example.org/")
        let papers = try Self.papers(in: site)
        // Atom (RFC 4287): the feed's id, title, updated, author and self link; each entry's
        // id, title, updated and alternate link, all absolute.
        let feed = try XMLDocument(data: Data(contentsOf: site.output.appendingPathComponent("feed.xml")))
        func values(_ xpath: String, _ node: XMLNode? = nil) throws -> [String] { try (node ?? feed).nodes(forXPath: xpath).map { $0.stringValue ?? "" } }
        #expect(feed.rootElement()?.name == "feed" && feed.rootElement()?.uri == "http://www.w3.org/2005/Atom")
        #expect(try values("/*[local-name()='feed']/*[local-name()='id']") == ["https://reading.example.org/feed.xml"])
        #expect(try values("/*/*[local-name()='title']").count == 1 && values("/*/*[local-name()='updated']").count == 1)
        #expect(try values("/*/*[local-name()='author']/*[local-name()='name']").count == 1)
        #expect(try values("/*/*[local-name()='link'][@rel='self']/@href") == ["https://reading.example.org/feed.xml"])
        let entries = try feed.nodes(forXPath: "/*/*[local-name()='entry']")
        #expect(entries.count == ScholarlyFiles.feedLength)
        for entry in entries {
            #expect(try values("*[local-name()='id']", entry).first?.hasPrefix("https://reading.example.org/papers/") == true)
            #expect(try values("*[local-name()='title']", entry).count == 1)
            #expect(try values("*[local-name()='updated']", entry).first == "2026-11-29T00:00:00Z")
            #expect(try values("*[local-name()='link'][@rel='alternate']/@href", entry).count == 1)
        }
        // The list's feed on every page; a topic's feed on its page too, with its newest papers.
        #expect(try site.page("index.html").select("//link[@rel='alternate'][@type='application/atom+xml']").map { $0.attributes["href"] } == ["/feed.xml"])
        let site2 = try TemporarySite()
        try await site2.build(baseURL: "https://reading.example.org/")
        let topic = try site2.page("topics/ai-safety/index.html")
        #expect(topic.select("//link[@rel='alternate'][@type='application/atom+xml']").map { $0.attributes["href"] ?? "" } == ["/feed.xml", "/topics/ai-safety/feed.xml"])
        let topicFeed = try XMLDocument(data: Data(contentsOf: site2.output.appendingPathComponent("topics/ai-safety/feed.xml")))
        let topicEntries = try topicFeed.nodes(forXPath: "/*/*[local-name()='entry']/*[local-name()='id']").map { $0.stringValue ?? "" }
        #expect(topicEntries == ["chameleonbench", "jailbreak-defense-attention-heads", "activation-steering-meets-preference-optimization",
                                 "on-the-opportunities-and-risks-of-foundation-models"].map { "https://reading.example.org/papers/\($0)/" })
        // sitemaps.org 0.9: every paper's page, absolute.
        let sitemap = try XMLDocument(data: Data(contentsOf: site.output.appendingPathComponent("sitemap.xml")))
        #expect(sitemap.rootElement()?.name == "urlset" && sitemap.rootElement()?.uri == "http://www.sitemaps.org/schemas/sitemap/0.9")
        let locations = try sitemap.nodes(forXPath: "//*[local-name()='loc']").map { $0.stringValue ?? "" }
        #expect(locations.allSatisfy { $0.hasPrefix("https://reading.example.org/") })
        #expect(Set(papers.map { "https://reading.example.org/papers/\($0.slug)/" }).isSubset(of: Set(locations)))
        #expect(try site.read("robots.txt", in: site.output).contains("Sitemap: https://reading.example.org/sitemap.xml"))
        // COinS on list pages, one per paper listed, for Zotero's connector.
        let home = try site.page("index.html")
        let spans = home.select("//span[@class='Z3988']")
        #expect(spans.count == home.select("//li[contains(@class,'paper-item')]").count && !spans.isEmpty)
        #expect(spans.allSatisfy { $0.attributes["title"]?.hasPrefix("ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%3Afmt%3Akev%3Amtx%3Abook") == true
                                   || $0.attributes["title"]?.hasPrefix("ctx_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:book") == true })
    }

    @Test func withoutAHostNoFeedOrSitemapIsWritten() async throws {
        let site = try TemporarySite()
        try await site.build(baseURL: "/sub/")
        for file in ["feed.xml", "sitemap.xml", "robots.txt"] {
            #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent(file).path))
        }
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("papers.json").path))
        let page = try site.page("papers/delta-steal/index.html")
        #expect(page.select("//meta[@name='citation_abstract_html_url']").isEmpty)
        #expect(page.select("//meta[@name='citation_title']").count == 1)
    }
}

import Foundation

/// One hostile input: what it does to the site, how the build is run, and exactly what the
/// build must answer. Every case must leave Public/ and every source byte for byte unchanged.
struct HostileInput: Sendable, CustomStringConvertible {
    var description: String
    /// The command run: `build` unless the case attacks another one.
    var command = "build"
    var arguments: [String] = []
    var environment: [String: String] = [:]
    var prepare: @Sendable (HostileSite) throws -> Void
    /// The lines on standard error, before the closing "error: build failed with N problems" line.
    var errors: [String]
    /// Set for a refusal that happens before a build starts (argument parsing): its own last line.
    var closing: String? = nil
    /// A command whose refusal is its one line (init), with no closing line.
    var noClosingLine = false

    init(_ description: String, _ arguments: [String] = [], environment: [String: String] = [:], errors: [String],
         prepare: @escaping @Sendable (HostileSite) throws -> Void = { _ in }) {
        self.description = description
        self.arguments = arguments
        self.environment = environment
        self.errors = errors
        self.prepare = prepare
    }
}

/// A paper file with this front matter (line 2 of the file is its first line) and body.
func paper(_ frontMatter: String, body: String = "Body.\n") -> String {
    "---\n\(frontMatter)\n---\n\(body)"
}

let valid = "title: T\nyear: 2024\nauthors: [Ada Lovelace]"

/// The cases, by what they attack. Messages are exact, with file:line:column.
let hostileInputs: [HostileInput] = outputCases + frontMatterCases + valueCases + fileCases + configCases + layoutCases + initCases

/// `paperpages init` into places it must not write: its one line of error, nothing touched.
func initCase(_ description: String, _ target: String, _ error: String, prepare: @escaping @Sendable (HostileSite) throws -> Void = { _ in }) -> HostileInput {
    var input = HostileInput(description, [target], errors: [error], prepare: prepare)
    input.command = "init"
    input.closing = nil
    input.noClosingLine = true
    return input
}

let initCases: [HostileInput] = [
    initCase("init into the site's own folder (not empty)", ".",
             "error: .: is not empty (it holds .paperpages-cache, Content, Layouts and 1 more); init writes only into a new or empty folder and never overwrites a file: give it a new folder name, as in `paperpages init my-reading-list`"),
    initCase("init into the content folder", "Content",
             "error: Content: is not empty (it holds notes, papers, reviews and 1 more); init writes only into a new or empty folder and never overwrites a file: give it a new folder name, as in `paperpages init my-reading-list`"),
    initCase("init onto a file", "Content/site.yaml",
             "error: Content/site.yaml: is a file, not a folder; give init a new folder name, as in `paperpages init my-reading-list`"),
    initCase("init through a link to an empty folder", "elsewhere",
             "error: elsewhere: is a symbolic link; give init the folder itself (or a new name), so the site is written where you can see it") { site in
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("elsewhere").path, withDestinationPath: "empty")
    },
    initCase("init through a dangling link", "dangling",
             "error: dangling: is a symbolic link; give init the folder itself (or a new name), so the site is written where you can see it") { site in
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("dangling").path, withDestinationPath: "nowhere/new-site")
    },
]

let outputCases: [HostileInput] = [
    HostileInput("output is the content folder", ["--output", "Content"], errors: [
        "Content: is the content folder (Content); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is the layouts folder", ["--output", "Layouts"], errors: [
        "Layouts: is the layouts folder (Layouts); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is the working directory", ["--output", "."], errors: [
        ".: is the working directory; a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is the working directory's parent", ["--output", ".."], errors: [
        "..: contains the content folder (Content); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is the root folder", ["--output", "/"], errors: [
        "/: is the root folder; a build replaces the output folder as a whole, which would delete everything on this machine. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is the working directory, spelled with a trailing slash", ["--output", "./"], errors: [
        "./: is the working directory; a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
    HostileInput("output is inside the content folder", ["--output", "Content/papers/site"], errors: [
        "Content/papers/site: is inside the content folder (Content); the site would be written among the sources and read back as content by the next build. Choose a folder outside it",
    ]),
    HostileInput("output is inside the layouts folder", ["--output", "Layouts/assets"], errors: [
        "Layouts/assets: is inside the layouts folder (Layouts); the site would be written among the sources and read back as content by the next build. Choose a folder outside it",
    ]),
    HostileInput("output is an existing file", ["--output", "notes.txt"], errors: [
        "notes.txt: is a file, not a folder: a build writes a folder of pages there; choose another --output, such as Public",
    ]) { try $0.write("notes.txt", "my only copy\n") },
    HostileInput("output is a folder paperpages did not write", ["--output", "Thesis"], errors: [
        "Thesis: holds 2 files or folders that paperpages did not write (chapter1.tex, figures), and no .paperpages-site file that marks a site it wrote; a build replaces the output folder as a whole, which would delete them. Choose an empty or new folder, or pass --force to replace it (once, for a site an earlier paperpages wrote without the mark)",
    ]) { site in
        try site.write("Thesis/chapter1.tex", "\\chapter{One}\n")
        try site.write("Thesis/figures/a.txt", "a\n")
    },
    HostileInput("output is a symlink to the content folder", ["--output", "Site"], errors: [
        "Site: is the content folder (Content); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]) { try $0.link("Site", to: "Content") },
    HostileInput("output is a home folder", ["--output", "home"], environment: ["HOME": "HOMEPLACEHOLDER"], errors: [
        "home: is a home folder (ROOT/home); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]) { try $0.write("home/.profile", "x\n") },
    HostileInput("output's path is a symlink loop", ["--output", "loop"], errors: [
        "loop: is a symbolic link that leads in a loop; point --output at a folder",
    ]) { try $0.link("loop", to: "loop") },
    HostileInput("another build holds the output's lock", errors: [
        "Public: another paperpages build is writing this folder (process 4242); wait for it to finish, then build again",
    ]) { site in
        try site.write(".Public.paperpages-lock", "4242\n")
        try site.holdLock(".Public.paperpages-lock")
    },
    HostileInput("content folder is the output", ["--content", "Public", "--output", "Public"], errors: [
        "Public: is the content folder (Public); a build replaces the output folder as a whole, which would delete it. Choose a folder of its own, such as Public",
    ]),
]

let frontMatterCases: [HostileInput] = [
    HostileInput("billion laughs: a 9-level YAML alias bomb", errors: [
        "Content/papers/bomb.md:2: the YAML expands to more than 100000 values through its aliases (*name); write the values out or use fewer aliases",
    ]) { site in
        var yaml = valid + "\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"
        for level in 1...8 { yaml += "\na\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]" }
        try site.write("Content/papers/bomb.md", paper(yaml))
    },
    HostileInput("lists nested 5,000 deep", errors: [
        "Content/papers/deep.md:5:5: invalid YAML: lists and mappings nest too deep here; front matter needs a few levels at most",
    ]) { try $0.write("Content/papers/deep.md", paper(valid + "\nx: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000))) },
    HostileInput("a NUL written as a YAML escape", errors: [
        "Content/papers/nul.md:2:8: this value holds the control character U+0000 (written as an escape), which a web page cannot carry; remove it",
    ]) { try $0.write("Content/papers/nul.md", paper("title: \"a\\0b\"\nyear: 2024\nauthors: [A B]")) },
    HostileInput("an escape character in an author's name", errors: [
        "Content/papers/esc.md:4:11: this value holds the control character U+001B (written as an escape), which a web page cannot carry; remove it",
    ]) { try $0.write("Content/papers/esc.md", paper("title: T\nyear: 2024\nauthors: [\"A\\e[31mB\"]")) },
    HostileInput("a raw NUL byte in the body", errors: [
        "Content/papers/raw.md:6:3: contains the control character U+0000, which a web page cannot carry; remove it",
    ]) { try $0.writeBytes("Content/papers/raw.md", Array(paper(valid, body: "ab\0c\n").utf8)) },
    HostileInput("a bell character in the title", errors: [
        "Content/papers/bell.md:2:10: contains the control character U+0007, which a web page cannot carry; remove it",
    ]) { try $0.writeBytes("Content/papers/bell.md", Array(paper("title: Be\u{07}ll\nyear: 2024\nauthors: [A B]").utf8)) },
    HostileInput("a C1 control character in a note", errors: [
        "Content/notes/c1.md:5:5: contains the control character U+0085, which a web page cannot carry; remove it",
    ]) { try $0.write("Content/notes/c1.md", "---\nquestion: Q?\n---\n\nline\u{85}two\n") },
    HostileInput("no front matter", errors: [
        "Content/papers/plain.md:1:1: expected front matter: the file must start with a line '---'",
    ]) { try $0.write("Content/papers/plain.md", "# Just Markdown\n") },
    HostileInput("front matter never closed", errors: [
        "Content/papers/open.md:1:1: front matter is not closed: add a line '---' after the last key",
    ]) { try $0.write("Content/papers/open.md", "---\n" + valid + "\n") },
    HostileInput("an unclosed bracket", errors: [
        "Content/papers/bracket.md:5:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 4, column 10)",
    ]) { try $0.write("Content/papers/bracket.md", paper("title: T\nyear: 2024\nauthors: [A B")) },
    HostileInput("front matter that is a list", errors: [
        "Content/papers/list.md:2:1: expected a mapping of 'key: value' lines, found a list",
    ]) { try $0.write("Content/papers/list.md", paper("- title\n- year")) },
    HostileInput("a key given twice", errors: [
        "Content/papers/twice.md:5:1: 'title' is given twice (first on line 2)",
    ]) { try $0.write("Content/papers/twice.md", paper(valid + "\ntitle: Again")) },
    HostileInput("a key that is a list", errors: [
        "Content/papers/key.md:5:1: keys must be plain words, found a list",
    ]) { try $0.write("Content/papers/key.md", paper(valid + "\n[a, b]: c")) },
    HostileInput("invalid UTF-8", errors: [
        "Content/papers/latin1.md: not valid UTF-8 text: save the file as UTF-8",
    ]) { try $0.writeBytes("Content/papers/latin1.md", Array(paper(valid).utf8) + [0xE9, 0x0A]) },
    HostileInput("a tab-indented YAML block", errors: [
        "Content/papers/tabs.md:5:1: invalid YAML: found character that cannot start any token (while scanning for the next token that starts at line 5, column 1)",
    ]) { try $0.write("Content/papers/tabs.md", paper(valid + "\n\ttopics: x")) },
]

let valueCases: [HostileInput] = [
    HostileInput("authors: 5", errors: [
        #"Content/papers/five.md:4:10: each item of 'authors' must be a name like "Ada Lovelace" or {given: Ada, family: Lovelace}, found "5""#,
    ]) { try $0.write("Content/papers/five.md", paper("title: T\nyear: 2024\nauthors: 5")) },
    HostileInput("an author that is a number among names", errors: [
        #"Content/papers/num.md:4:18: each item of 'authors' must be a name like "Ada Lovelace" or {given: Ada, family: Lovelace}, found "1.5""#,
    ]) { try $0.write("Content/papers/num.md", paper("title: T\nyear: 2024\nauthors: [Ada B, 1.5]")) },
    HostileInput("an author that is true", errors: [
        #"Content/papers/yes.md:4:11: each item of 'authors' must be a name like "Ada Lovelace" or {given: Ada, family: Lovelace}, found "true""#,
    ]) { try $0.write("Content/papers/yes.md", paper("title: T\nyear: 2024\nauthors: [true]")) },
    HostileInput("authors left empty", errors: [
        "Content/papers/none.md:4:9: 'authors' must list at least one name, or be [] for a work with no known author",
    ]) { try $0.write("Content/papers/none.md", paper("title: T\nyear: 2024\nauthors:")) },
    HostileInput("an author mapping without a family name", errors: [
        #"Content/papers/map.md:4:11: each name given as a mapping needs 'family' (and usually 'given'), or 'literal' for a name not split (an institution), found a mapping"#,
    ]) { try $0.write("Content/papers/map.md", paper("title: T\nyear: 2024\nauthors: [{given: Ada}]")) },
    HostileInput("a null topic", errors: [
        "Content/papers/null.md:5:10: each item of 'topics' must be text, found nothing",
    ]) { try $0.write("Content/papers/null.md", paper(valid + "\ntopics: [~, Bandits]")) },
    HostileInput("a topic written null", errors: [
        "Content/papers/null2.md:6:5: each item of 'topics' must be text, found nothing",
    ]) { try $0.write("Content/papers/null2.md", paper(valid + "\ntopics:\n  - null")) },
    HostileInput("a topic that is false", errors: [
        #"Content/papers/false.md:5:10: each item of 'topics' must be text, found "false""#,
    ]) { try $0.write("Content/papers/false.md", paper(valid + "\ntopics: [false]")) },
    HostileInput("an institution that is a mapping", errors: [
        "Content/papers/inst.md:5:16: each item of 'institutions' must be text, found a mapping",
    ]) { try $0.write("Content/papers/inst.md", paper(valid + "\ninstitutions: [{a: b}]")) },
    HostileInput("a title that is true", errors: [
        #"Content/papers/truth.md:2:8: 'title' must be text (put it in quotes if you mean the word), found "true""#,
    ]) { try $0.write("Content/papers/truth.md", paper("title: true\nyear: 2024\nauthors: [A B]")) },
    HostileInput("a title that is a list", errors: [
        "Content/papers/tlist.md:2:8: 'title' must be text (put it in quotes if you mean the word), found a list",
    ]) { try $0.write("Content/papers/tlist.md", paper("title: [a, b]\nyear: 2024\nauthors: [A B]")) },
    HostileInput("an empty title", errors: [
        "Content/papers/empty.md:2:8: 'title' must not be empty",
    ]) { try $0.write("Content/papers/empty.md", paper("title: \"  \"\nyear: 2024\nauthors: [A B]")) },
    HostileInput("a year in words", errors: [
        #"Content/papers/year.md:3:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "twenty""#,
    ]) { try $0.write("Content/papers/year.md", paper("title: T\nyear: twenty\nauthors: [A B]")) },
    HostileInput("a year of five digits", errors: [
        #"Content/papers/year5.md:3:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "99999""#,
    ]) { try $0.write("Content/papers/year5.md", paper("title: T\nyear: 99999\nauthors: [A B]")) },
    HostileInput("a year past Int's range", errors: [
        #"Content/papers/huge.md:3:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "99999999999999999999999""#,
    ]) { try $0.write("Content/papers/huge.md", paper("title: T\nyear: 99999999999999999999999\nauthors: [A B]")) },
    HostileInput("the 30th of February", errors: [
        #"Content/papers/feb.md:5:7: 'date' must be a date written YYYY-MM-DD, or YYYY-MM when only the month is known, found "2024-02-30""#,
    ]) { try $0.write("Content/papers/feb.md", paper(valid + "\ndate: 2024-02-30")) },
    HostileInput("a year that disagrees with the date", errors: [
        "Content/papers/disagree.md:3:7: 'year' is 2024 but 'date' is in 2023",
    ]) { try $0.write("Content/papers/disagree.md", paper(valid + "\ndate: 2023-05-01")) },
    HostileInput("a javascript: link", errors: [
        #"Content/papers/jslink.md:5:9: each link needs a 'url': an http(s) URL or a path in the site starting with '/', found "javascript:alert(1)""#,
    ]) { try $0.write("Content/papers/jslink.md", paper(valid + "\nlinks: [{kind: slides, url: javascript:alert(1)}]")) },
    HostileInput("a link to another host written //host", errors: [
        #"Content/papers/proto.md:5:9: each link needs a 'url': an http(s) URL or a path in the site starting with '/', found "//evil.example/x.pdf""#,
    ]) { try $0.write("Content/papers/proto.md", paper(valid + "\nlinks: [{kind: pdf, url: //evil.example/x.pdf}]")) },
    HostileInput("a link of no known kind", errors: [
        "Content/papers/kind.md:5:9: each link needs a 'kind', one of pdf, code, data, slides, poster, video, website, blog, supplement, html, other, found \"tweet\"",
    ]) { try $0.write("Content/papers/kind.md", paper(valid + "\nlinks: [{kind: tweet, url: https://example.org/}]")) },
    HostileInput("a link of its own without words for its button", errors: [
        "Content/papers/label.md:5:9: a link of kind 'other' needs a 'label', the words on its button",
    ]) { try $0.write("Content/papers/label.md", paper(valid + "\nlinks: [{kind: other, url: https://example.org/}]")) },
    HostileInput("a link to a file the site does not have", errors: [
        #"Content/papers/missing.md: names "/files/nowhere.pdf" (in 'links' or 'preview'), which is not a file of the site; put the file in the content folder at files/nowhere.pdf, or fix the path"#,
    ]) { try $0.write("Content/papers/missing.md", paper(valid + "\nlinks: [{kind: poster, url: /files/nowhere.pdf}]")) },
    HostileInput("a preview image with a javascript: URL", errors: [
        #"Content/papers/preview.md:5:10: 'preview' must be an http(s) URL or a path in the site starting with '/', found "javascript:alert(1)""#,
    ]) { try $0.write("Content/papers/preview.md", paper(valid + "\npreview: javascript:alert(1)")) },
    HostileInput("a mark on a name that is not true or false", errors: [
        #"Content/papers/mark.md:4:11: 'equal' of a name must be true or false, found "yes""#,
    ]) { try $0.write("Content/papers/mark.md", paper("title: T\nyear: 2024\nauthors: [{given: Ada, family: Lovelace, equal: \"yes\"}]")) },
    HostileInput("a citation_meta that is not one of its three", errors: [
        "Content/site.yaml:2:16: 'citation_meta' must be one of 'all', 'own', 'none', found \"mine\"",
    ]) { try $0.write("Content/site.yaml", "title: Hostile test\ncitation_meta: mine\n") },
    HostileInput("a javascript: URL", errors: [
        #"Content/papers/js.md:5:6: 'url' must be an http(s) URL, found "javascript:alert(1)""#,
    ]) { try $0.write("Content/papers/js.md", paper(valid + "\nurl: javascript:alert(1)")) },
    HostileInput("a file: PDF link", errors: [
        #"Content/papers/file.md:5:6: 'pdf' must be an http(s) URL, found "file:///etc/passwd""#,
    ]) { try $0.write("Content/papers/file.md", paper(valid + "\npdf: file:///etc/passwd")) },
    HostileInput("a code link without a host", errors: [
        #"Content/papers/nohost.md:5:7: 'code' must be an http(s) URL, found "http://""#,
    ]) { try $0.write("Content/papers/nohost.md", paper(valid + "\ncode: \"http://\"")) },
    HostileInput("a data: dataset link", errors: [
        #"Content/papers/data.md:5:10: 'dataset' must be an http(s) URL, found "data:text/html,<script>alert(1)</script>""#,
    ]) { try $0.write("Content/papers/data.md", paper(valid + "\ndataset: \"data:text/html,<script>alert(1)</script>\"")) },
    HostileInput("an unknown reading status", errors: [
        #"Content/papers/maybe.md:5:10: 'reading' must be one of 'reading', 'to-read', 'read', 'skipped', found "maybe""#,
    ]) { try $0.write("Content/papers/maybe.md", paper(valid + "\nreading: maybe")) },
    HostileInput("negative citations", errors: [
        #"Content/papers/neg.md:5:12: 'citations' must be an integer >= 0, found "-1""#,
    ]) { try $0.write("Content/papers/neg.md", paper(valid + "\ncitations: -1")) },
    HostileInput("open_access written as a quoted word", errors: [
        #"Content/papers/oa.md:5:14: 'open_access' must be true or false, found "yes""#,
    ]) { try $0.write("Content/papers/oa.md", paper(valid + "\nopen_access: \"yes\"")) },
    HostileInput("a related paper that does not exist", errors: [
        "Content/papers/rel.md:5:11: 'related' names an unknown paper 'goood': there is no papers/goood.md; did you mean 'good'?",
    ]) { try $0.write("Content/papers/rel.md", paper(valid + "\nrelated: [goood]")) },
    HostileInput("an owner's reaction the site does not offer", errors: [
        "Content/papers/own.md:5:13: 'reactions' names 'insightfull', which this site does not offer: site.yaml's reactions are "
            + "insightful, important, surprising, skeptical, replicated, outdated; did you mean 'insightful'?",
    ]) { try $0.write("Content/papers/own.md", paper(valid + "\nreactions: [Insightfull]")) },
    HostileInput("an owner's reaction that is a mapping", errors: [
        #"Content/papers/own2.md:5:13: each item of 'reactions' must be text, found a mapping"#,
    ]) { try $0.write("Content/papers/own2.md", paper(valid + "\nreactions: [{a: b}]")) },
    HostileInput("a related paper that is not a slug", errors: [
        #"Content/papers/rel2.md:5:10: 'related' must be a slug (lower-case letters, digits and '-'), found "../../etc/passwd""#,
    ]) { try $0.write("Content/papers/rel2.md", paper(valid + "\nrelated: ../../etc/passwd")) },
    HostileInput("a note about an unknown paper", errors: [
        "Content/notes/lost.md:3:8: 'paper' names an unknown paper 'nowhere': there is no papers/nowhere.md",
    ]) { try $0.write("Content/notes/lost.md", "---\nquestion: Where?\npaper: nowhere\n---\nHere.\n") },
    HostileInput("a note without a question", errors: [
        "Content/notes/mute.md:1:1: 'question' is required: expected text",
    ]) { try $0.write("Content/notes/mute.md", "---\npaper: good\n---\nAnswer.\n") },
    HostileInput("a review without a reviewer", errors: [
        "Content/reviews/anon.md:1:1: 'reviewer' is required: expected text",
    ]) { try $0.write("Content/reviews/anon.md", "---\npaper: good\n---\nFine.\n") },
    HostileInput("a review rated 9 of 5", errors: [
        #"Content/reviews/nine.md:4:9: 'rating' must be an integer from 1 to 5, found "9""#,
    ]) { try $0.write("Content/reviews/nine.md", "---\npaper: good\nreviewer: R\nrating: 9\n---\n") },
    HostileInput("a review of an unknown paper", errors: [
        "Content/reviews/stray.md:2:8: 'paper' names an unknown paper 'stray': there is no papers/stray.md",
    ]) { try $0.write("Content/reviews/stray.md", "---\npaper: stray\nreviewer: R\n---\n") },
    HostileInput("a page without a title", errors: [
        "Content/pages/about.md:1:1: 'title' is required: expected text",
    ]) { try $0.write("Content/pages/about.md", "---\n---\nAbout.\n") },
]

let fileCases: [HostileInput] = [
    HostileInput("a file name that is not a slug", errors: [
        "Content/papers/Bad_Name.md: file name 'Bad_Name' is not a valid slug: use lower-case letters, digits and '-' (for example 'bad-name')",
    ]) { try $0.write("Content/papers/Bad_Name.md", paper(valid)) },
    HostileInput("an upper-case .MD extension", errors: [
        "Content/papers/upper.MD: Markdown files here end in '.md' (lower-case): rename it to upper.md",
    ]) { try $0.write("Content/papers/upper.MD", paper(valid)) },
    HostileInput("a .markdown extension", errors: [
        "Content/notes/long.markdown: Markdown files here end in '.md' (lower-case): rename it to long.md",
    ]) { try $0.write("Content/notes/long.markdown", "---\nquestion: Q\n---\n") },
    HostileInput("a paper in a subfolder", errors: [
        "Content/papers/2024/x.md: Markdown files in papers/ must sit directly in it, not in a subfolder",
    ]) { try $0.write("Content/papers/2024/x.md", paper(valid)) },
    HostileInput("a draft outside the kind folders", errors: [
        "Content/drafts/x.md: is a Markdown file outside papers/, notes/, reviews/ and pages/, so it would be published as it is, front matter and all; move it into one of those folders, or out of the content folder",
    ]) { try $0.write("Content/drafts/x.md", paper(valid)) },
    HostileInput("a README beside site.yaml", errors: [
        "Content/README.md: is a Markdown file outside papers/, notes/, reviews/ and pages/, so it would be published as it is, front matter and all; move it into one of those folders, or out of the content folder",
    ]) { try $0.write("Content/README.md", "# Notes to self\n") },
    HostileInput("a hidden .env file", errors: [
        "Content/.env: is hidden ('.env'), and hidden files are not published except .htaccess, .nojekyll, .well-known, which static hosts read; move it out of the folder or rename it",
    ]) { try $0.write("Content/.env", "TOKEN=secret\n") },
    HostileInput("a file in a hidden folder", errors: [
        "Content/papers/.private/x.txt: is hidden ('.private'), and hidden files are not published except .htaccess, .nojekyll, .well-known, which static hosts read; move it out of the folder or rename it",
    ]) { try $0.write("Content/papers/.private/x.txt", "x\n") },
    HostileInput("a symlink to /etc/passwd", errors: [
        "Content/papers/passwd.txt: is a symbolic link to /etc/passwd, outside Content; links may only point inside it (copy the file in instead)",
    ]) { try $0.link("Content/papers/passwd.txt", to: "/etc/passwd") },
    HostileInput("a symlink to a folder outside", errors: [
        "Content/etc: is a symbolic link to /etc, outside Content; links may only point inside it (copy the file in instead)",
    ]) { try $0.link("Content/etc", to: "/etc") },
    // Contributed Markdown that cmark-gfm would take minutes over (MarkdownLimits).
    HostileInput("a 10 MB review", errors: [
        "Content/reviews/huge.md: is 9.5 MB; a Markdown file may be at most 1.0 MB (a long book's text): split it, or link to the document instead",
    ]) { try $0.write("Content/reviews/huge.md", "---\npaper: good\nreviewer: R\n---\n" + String(repeating: "*[a](b) ", count: 1_250_000)) },
    HostileInput("a review whose one paragraph pairs emphasis with links", errors: [
        "Content/reviews/stall.md:7: this paragraph pairs 62500 emphasis marks (*, _, ~) with 62500 closing brackets (]), more than the Markdown parser reads in reasonable time; split it with blank lines, or escape the marks (\\*)",
    ]) { try $0.write("Content/reviews/stall.md", "---\npaper: good\nreviewer: R\n---\nFine so far.\n\n" + String(repeating: "*[a](b) ", count: 62_500)) },
    HostileInput("a note with a table row of 6,000 cells", errors: [
        "Content/notes/wide.md:7: this paragraph has table rows of up to 6000 cells, more than the Markdown parser reads in reasonable time; split it with blank lines, or escape the marks (\\*)",
    ]) { site in
        let row = String(repeating: "|a", count: 6_000)
        try site.write("Content/notes/wide.md", "---\nquestion: Wide?\nanswer: Yes.\n---\nA table.\n\n\(row)\n\(String(repeating: "|-", count: 6_000))\n\(row)\n")
    },
    HostileInput("a review nesting quotes 60 deep", errors: [
        "Content/reviews/deep.md:5: quotes and lists nest 60 deep here; at most 50 levels are read: flatten them",
    ]) { try $0.write("Content/reviews/deep.md", "---\npaper: good\nreviewer: R\n---\n" + String(repeating: "> ", count: 60) + "deep\n") },
    // A link obeys the rule of what it points to (SourceFiles.unpublished).
    HostileInput("a symlink to the content folder's .git", errors: [
        "Content/repo: is a symbolic link to .git, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/.git/config", "[remote \"origin\"]\n\turl = https://user:ghp_SECRETTOKEN@github.com/me/list.git\n")
        try site.link("Content/repo", to: ".git")
    },
    HostileInput("a symlink to a file inside .git", errors: [
        "Content/config.txt: is a symbolic link to .git/config, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/.git/config", "token\n")
        try site.link("Content/config.txt", to: ".git/config")
    },
    HostileInput("a symlink to an editor backup", errors: [
        "Content/a.txt: is a symbolic link to secrets.bak, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/secrets.bak", "TOKEN=secret\n")
        try site.link("Content/a.txt", to: "secrets.bak")
    },
    HostileInput("a symlink to a swap file", errors: [
        "Content/papers/notes.txt: is a symbolic link to papers/.good.md.swp, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/papers/.good.md.swp", "swap\n")
        try site.link("Content/papers/notes.txt", to: ".good.md.swp")
    },
    HostileInput("a symlink to .gitignore", errors: [
        "Content/ignore.txt: is a symbolic link to .gitignore, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/.gitignore", "secrets/\n")
        try site.link("Content/ignore.txt", to: ".gitignore")
    },
    HostileInput("a symlink to a hidden .env", errors: [
        "Content/env.txt: is a symbolic link to .env, which is hidden, and hidden files are not published except .htaccess, .nojekyll, .well-known; a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/.env", "TOKEN=secret\n")
        try site.link("Content/env.txt", to: ".env")
    },
    HostileInput("a symlink to a killed import's temporary file", errors: [
        "Content/papers/copy.txt: is a symbolic link to papers/good.md.paperpages-tmp-99999, which the build never publishes (version control, editor backups, swap files and temporary files are skipped); a link is published only where its target would be: remove the link, or copy in what should be published",
    ]) { site in
        try site.write("Content/papers/good.md.paperpages-tmp-99999", "half a file\n")
        try site.link("Content/papers/copy.txt", to: "good.md.paperpages-tmp-99999")
    },
    HostileInput("a symlink that points nowhere", errors: [
        "Content/papers/gone.md: is a symbolic link to missing.md, which does not exist; fix or remove the link",
    ]) { try $0.link("Content/papers/gone.md", to: "missing.md") },
    HostileInput("a symlink loop of folders", errors: [
        "Content/papers/again: leads back to a folder that contains it (a loop of links); remove the link",
    ]) { try $0.link("Content/papers/again", to: "..") },
    HostileInput("a symlink that points to itself", errors: [
        "Content/self: is a symbolic link to symbolic links that lead in a loop; fix or remove the link",
    ]) { try $0.link("Content/self", to: "self") },
    HostileInput("a file name with a newline", errors: [
        #"Content/papers/evil\nx.md:1:1: fake.txt: this name holds a control character (shown escaped); rename it"#,
    ]) { try $0.write("Content/papers/evil\nx.md:1:1: fake.txt", "x\n") },
    HostileInput("a named pipe in the content folder", errors: [
        "Content/pipe: is not a file or a folder (a device, socket or pipe); remove it",
    ]) { site in _ = mkfifo(site.root.appendingPathComponent("Content/pipe").path, 0o644) },
    HostileInput("a content folder that does not exist", ["--content", "Contnet"], errors: [
        "Contnet: content folder not found: pass --content with the folder that holds site.yaml",
    ]),
    HostileInput("a content folder that is a file", ["--content", "site.txt"], errors: [
        "site.txt: is not a folder",
    ]) { try $0.write("site.txt", "x\n") },
    HostileInput("a layouts folder that is a file", ["--layouts", "layouts.txt"], errors: [
        "layouts.txt: is not a folder",
    ]) { try $0.write("layouts.txt", "x\n") },
    HostileInput("a content folder given as a file inside it", ["--content", "Content/site.yaml"], errors: [
        "Content/site.yaml: is not a folder",
    ]),
    HostileInput("a layouts folder that does not exist", ["--layouts", "Layout"], errors: [
        "Layout: layouts folder not found",
    ]),
    HostileInput("a content file and a layout file for one path", errors: [
        "Layouts/assets/site.css: both this file and Content/assets/site.css would be written to assets/site.css; rename one",
    ]) { try $0.write("Content/assets/site.css", "body {}\n") },
]

let configCases: [HostileInput] = [
    HostileInput("site.yaml missing", errors: [
        "Content/site.yaml: site settings not found: create it with at least a line 'title: My reading list'",
    ]) { try FileManager.default.removeItem(at: $0.root.appendingPathComponent("Content/site.yaml")) },
    HostileInput("site.yaml without a title", errors: [
        "Content/site.yaml:1:1: 'title' is required: expected text",
    ]) { try $0.write("Content/site.yaml", "description: x\n") },
    HostileInput("one reaction named twice", errors: [
        "Content/site.yaml:2:25: 'insightful!' and 'Insightful' are one reaction (both 'insightful'): name them apart",
    ]) { try $0.write("Content/site.yaml", "title: T\nreactions: [Insightful, 'insightful!']\n") },
    HostileInput("a broken reactions list, and a paper using one of them", errors: [
        "Content/site.yaml:2:24: 'must-read' and 'Must read' are one reaction (both 'must-read'): name them apart",
    ]) { site in
        // The paper is checked against the site's reactions once site.yaml loads, not against a stand-in.
        try site.write("Content/site.yaml", "title: T\nreactions: [Must read, must-read]\n")
        try site.write("Content/papers/own4.md", paper(valid + "\nreactions: [Must read]"))
    },
    HostileInput("a reaction that is a number", errors: [
        "Content/site.yaml:2:13: each item of 'reactions' must be a name of 1 to 40 characters, such as Insightful, "
            + #"or {name: Replicated, description: "Its results have been reproduced."}, found "42""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nreactions: [42]\n") },
    HostileInput("a reaction with a key of its own", errors: [
        "Content/site.yaml:3:5: a reaction has 'name' and 'description', found 'emoji'",
    ]) { try $0.write("Content/site.yaml", "title: T\nreactions:\n  - {name: Replicated, emoji: \"x\"}\n") },
    HostileInput("thirteen reactions", errors: [
        "Content/site.yaml:2:12: 'reactions' lists 13 reactions; a paper page offers at most 12",
    ]) { try $0.write("Content/site.yaml", "title: T\nreactions: [" + (1...13).map { "R\($0)" }.joined(separator: ", ") + "]\n") },
    HostileInput("an owner's reaction when the site offers none", errors: [
        "Content/papers/own3.md:5:12: 'reactions' names 'important', which this site does not offer (site.yaml's 'reactions' is empty)",
    ]) { site in
        try site.write("Content/site.yaml", "title: T\nreactions: []\n")
        try site.write("Content/papers/own3.md", paper(valid + "\nreactions: important"))
    },
    HostileInput("a base_url with a quote", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/x\"onmouseover=\"alert(1)""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: '/x\"onmouseover=\"alert(1)'\n") },
    HostileInput("a base_url with a space", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/my site/""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: /my site/\n") },
    HostileInput("a base_url with a query", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/x/?a=1""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: /x/?a=1\n") },
    HostileInput("a base_url with a fragment", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "https://example.org/#top""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: 'https://example.org/#top'\n") },
    HostileInput("a base_url with a newline", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/a\n/b""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: \"/a\\n/b\"\n") },
    HostileInput("a base_url going up", errors: [
        #"Content/site.yaml:2:11: 'base_url' must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/a/../../b/""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nbase_url: /a/../../b/\n") },
    HostileInput("a --base-url with javascript:", ["--base-url", "javascript:alert(1)"], errors: [
        #"--base-url: must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "javascript:alert(1)""#,
    ]),
    HostileInput("a --base-url with a protocol-relative host", ["--base-url", "//evil.example/"], errors: [
        #"--base-url: must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "//evil.example/""#,
    ]),
    HostileInput("a --base-url with a quote", ["--base-url", "/a'b/"], errors: [
        #"--base-url: must be a path such as /reading/ or an http(s) URL such as https://example.org/reading/, with no spaces, quotes, '?', '#' or '..', found "/a'b/""#,
    ]),
    HostileInput("a javascript: repository", errors: [
        #"Content/site.yaml:2:13: 'repository' must be an http(s) URL, found "javascript:alert(1)""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nrepository: javascript:alert(1)\n") },
    HostileInput("allow_raw_html as a word", errors: [
        #"Content/site.yaml:2:17: 'allow_raw_html' must be true or false, found "sure""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nallow_raw_html: sure\n") },
    HostileInput("a language that is not a language tag", errors: [
        #"Content/site.yaml:2:11: 'language' must be a language tag such as en, de or pt-BR, found "en\" onload=\"x""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nlanguage: 'en\" onload=\"x'\n") },
    HostileInput("a repository branch with a query", errors: [
        #"Content/site.yaml:3:20: 'repository_branch' must be a branch name of letters, digits, '-', '_', '.' and '/', found "main?x=1#y""#,
    ]) { try $0.write("Content/site.yaml", "title: T\nrepository: https://github.com/a/b\nrepository_branch: 'main?x=1#y'\n") },
    HostileInput("a content path going up", errors: [
        #"Content/site.yaml:2:15: 'content_path' must be a folder inside the repository, such as Content or site/Content, found "../../elsewhere""#,
    ]) { try $0.write("Content/site.yaml", "title: T\ncontent_path: ../../elsewhere\n") },
    HostileInput("site.yaml that is a list", errors: [
        "Content/site.yaml:1:1: expected a mapping of 'key: value' lines, found a list",
    ]) { try $0.write("Content/site.yaml", "- title: T\n") },
    HostileInput("the 13th month", errors: [
        #"Content/papers/month.md:5:7: 'date' must be a date written YYYY-MM-DD, or YYYY-MM when only the month is known, found "2024-13-01""#,
    ]) { try $0.write("Content/papers/month.md", paper(valid + "\ndate: 2024-13-01")) },
    HostileInput("a fractional year", errors: [
        #"Content/papers/frac.md:3:7: 'year' must be a year from 1000 to 9999, or n.d. for a work with no date, found "2024.5""#,
    ]) { try $0.write("Content/papers/frac.md", paper("title: T\nyear: 2024.5\nauthors: [A B]")) },
    HostileInput("a review's paper given as a list", errors: [
        #"Content/reviews/multi.md:2:8: 'paper' must be a slug (lower-case letters, digits and '-'), found a list"#,
    ]) { try $0.write("Content/reviews/multi.md", "---\npaper: [good, good]\nreviewer: R\n---\n") },
    HostileInput("a site.yaml alias bomb", errors: [
        "Content/site.yaml:1: the YAML expands to more than 100000 values through its aliases (*name); write the values out or use fewer aliases",
    ]) { site in
        var yaml = "title: T\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
        for level in 1...7 { yaml += "\na\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]" }
        try site.write("Content/site.yaml", yaml + "\n")
    },
]

let layoutCases: [HostileInput] = [
    HostileInput("a partial that includes itself", errors: [
        "Layouts/partials/loop.mustache:1:3: 'partials/loop' includes itself (partials/loop.mustache -> partials/loop.mustache); rendering it would never end, so a layout may not include itself, directly or through others",
    ]) { try $0.write("Layouts/partials/loop.mustache", "a {{> partials/loop}}\n") },
    HostileInput("two partials that include each other", errors: [
        "Layouts/partials/pong.mustache:2:1: 'partials/pong' includes 'partials/ping', which leads back to it (partials/ping.mustache -> partials/pong.mustache -> partials/ping.mustache); rendering it would never end, so a layout may not include itself, directly or through others",
    ]) { site in
        try site.write("Layouts/partials/ping.mustache", "{{> partials/pong}}\n")
        try site.write("Layouts/partials/pong.mustache", "pong\n{{> partials/ping}}\n")
    },
    HostileInput("a layout whose parent is itself", errors: [
        "Layouts/saved.mustache:1:1: 'saved' includes itself (saved.mustache -> saved.mustache); rendering it would never end, so a layout may not include itself, directly or through others",
    ]) { try $0.write("Layouts/saved.mustache", "{{<saved}}{{$main}}x{{/main}}{{/saved}}\n") },
    HostileInput("20,000 nested sections", errors: [
        "Layouts/deep.mustache:1:301: sections nest more than 50 deep here; flatten the layout (a layout this deep cannot be rendered safely)",
    ]) { try $0.write("Layouts/deep.mustache", String(repeating: "{{#a}}", count: 20_000) + String(repeating: "{{/a}}", count: 20_000)) },
    HostileInput("deep nesting behind a set-delimiter tag", errors: [
        "Layouts/sneaky.mustache:1:312: sections nest more than 50 deep here; flatten the layout (a layout this deep cannot be rendered safely)",
    ]) { try $0.write("Layouts/sneaky.mustache", "{{=<% %>=}}" + String(repeating: "<%#a%>", count: 20_000) + String(repeating: "<%/a%>", count: 20_000)) },
    HostileInput("a section never closed", errors: [
        "Layouts/open.mustache:2:1: invalid Mustache: a section is opened but never closed with {{/...}}",
    ]) { try $0.write("Layouts/open.mustache", "{{#papers}}\n") },
    HostileInput("a tag never closed", errors: [
        "Layouts/tag.mustache:2:1: invalid Mustache: the file ends inside a tag; close it with }}",
    ]) { try $0.write("Layouts/tag.mustache", "{{#a}}{{b\n") },
    HostileInput("a section closed by the wrong name", errors: [
        "Layouts/mismatch.mustache:1:16: invalid Mustache: a closing tag {{/...}} does not match the open section",
    ]) { try $0.write("Layouts/mismatch.mustache", "{{#papers}}x{{/paper}}\n") },
    HostileInput("a missing partial", errors: [
        "Layouts/partials/header.mustache:1:1: 'partials/header' includes 'partials/nothing', but there is no partials/nothing.mustache in Layouts/ or in the built-in layouts (REPO/Layouts)",
    ]) { site in
        let path = site.root.appendingPathComponent("Layouts/partials/header.mustache")
        try site.write("Layouts/partials/header.mustache", "{{> partials/nothing}}" + (try String(contentsOf: path, encoding: .utf8)))
    },
    HostileInput("a misspelt value in a layout", errors: [
        "Layouts/paper.mustache:1:1: 'venu' is not a value of the paper page (rendering papers/good/index.html)",
    ]) { site in
        let path = site.root.appendingPathComponent("Layouts/paper.mustache")
        try site.write("Layouts/paper.mustache", "{{venu}}" + (try String(contentsOf: path, encoding: .utf8)))
    },
    HostileInput("a layout that is not UTF-8", errors: [
        "Layouts/latin1.mustache: cannot be read as UTF-8 text",
    ]) { try $0.writeBytes("Layouts/latin1.mustache", [0x63, 0x61, 0x66, 0xE9]) },
    HostileInput("a hidden file among the layouts", errors: [
        "Layouts/.env: is hidden ('.env'), and hidden files are not published except .htaccess, .nojekyll, .well-known, which static hosts read; move it out of the folder or rename it",
    ]) { try $0.write("Layouts/.env", "SECRET=1\n") },
    HostileInput("math without KaTeX installed", ["--katex", "/nonexistent/katex"], errors: [
        "/nonexistent/katex: the site has $...$ math, which needs KaTeX here: install Debian's libjs-katex and fonts-katex (`make deps` does), or pass --katex with a folder holding katex.min.js, katex.min.css and fonts/",
    ]) { try $0.write("Content/papers/math.md", paper("title: \"$\\\\alpha$-loss\"\nyear: 2024\nauthors: [A B]")) },
]

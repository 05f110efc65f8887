import Testing
@testable import PaperPages

@Suite("Load: which files are sources")
struct SourceFilesTests {
    /// The temporary files `import` and `new` write (and those of their first versions) are
    /// never content, wherever the mark stands in the name; other names with parts of it are.
    @Test func temporaryFilesAreKnownByTheirMarkAnywhereInTheName() {
        for name in ["a.md.paperpages-tmp-12", "b.md.paperpages-import-7", "c.md.paperpages-new-9", ".paperpages-tmp-1",
                     "über.md.paperpages-tmp-3", "x.paperpages-.paperpages-new-4"] {
            #expect(SourceFiles.isTemporary(name), "\(name)")
            #expect(SourceFiles.isIgnored(name), "\(name)")
        }
        for name in ["a.md", "paperpages-tmp-1", "a.paperpages-tmp", "a.md.paperpages-", "a.md.paperpages-old-1", ".paperpages",
                     "", "é", "a.PAPERPAGES-TMP-1"] {
            #expect(!SourceFiles.isTemporary(name), "\(name)")
        }
    }
}

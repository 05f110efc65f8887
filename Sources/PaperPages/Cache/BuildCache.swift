import Foundation

/// What one build leaves for the next, so a rebuild redoes only what changed: the loaded
/// model of every source file and the HTML of every Markdown text, keyed by a hash of their
/// bytes, and a record of every file it published, with the fingerprint of the inputs it was
/// made from. It lives beside the output folder, in `.paperpages-cache/<output name>/`, so
/// it is never published, and builds into different outputs never share a record.
///
/// The cache only saves work: a cache that is missing, stale or damaged is ignored, and
/// `paperpages build --no-cache` ignores it on purpose. Every entry is checked against the
/// bytes it stands for, and an old page is reused only if it is still the file this program
/// wrote (same size, modification time and inode), so a hand-edited output file is rewritten.
struct BuildCache: Sendable {
    static let folderName = ".paperpages-cache"
    /// Changes whenever what is stored changes meaning; with the program's own identity (see
    /// `programIdentity`) a new paperpages never reads an older one's entries.
    static let formatVersion = "paperpages-cache 2"

    /// A source file's loaded model, by the hash of its bytes.
    struct Source: Sendable {
        var hash: UInt64
        var model: [UInt8]
    }

    /// A published file: the fingerprint of what it was made from, the hash of its bytes, and
    /// how the file looked on disk when this program wrote it.
    struct Output: Sendable, Equatable {
        var fingerprint: UInt64
        var contentHash: UInt64
        var size: Int
        var modified: Int
        var inode: UInt64
    }

    var sources: [String: Source] = [:]
    var markdown: [UInt64: String] = [:]
    var outputs: [String: Output] = [:]
    /// The state of every input file when the build that wrote this cache began (see
    /// `InputStamp`): when nothing has been touched since, the site in place is up to date.
    var stamp: UInt64?
    /// How many pages that build's site had, for its report.
    var pages = 0

    init() {}

    func sameEntries(as other: BuildCache) -> Bool {
        stamp == other.stamp && pages == other.pages && outputs == other.outputs && markdown.count == other.markdown.count
            && markdown.keys.allSatisfy { other.markdown[$0] != nil }
            && sources.count == other.sources.count && sources.allSatisfy { other.sources[$0.key]?.hash == $0.value.hash }
    }

    /// `<output parent>/.paperpages-cache/<output name>`.
    static func folder(for output: OutputFolder) -> String {
        joinPath(joinPath(output.parent, folderName), output.name)
    }

    // MARK: Reading and writing

    /// Two files: the record of the site (small, enough to see that nothing changed) and
    /// the sources' models and HTML, read only when something did.
    private static let recordFile = "record.bin", sourcesFile = "sources.bin"

    /// The record part of the cache for `folder` (see `readSources` for the rest), or an empty
    /// cache when there is none or it can't be trusted.
    static func loadRecord(from folder: String) -> BuildCache {
        var cache = BuildCache()
        return cache.readRecord(folder) ? cache : BuildCache()
    }

    /// Reads the sources' part into a cache whose record was read.
    mutating func readSources(_ folder: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: joinPath(folder, Self.sourcesFile)) else { return false }
        var reader = ByteReader([UInt8](data))
        do {
            guard try reader.string() == Self.formatVersion, try reader.string() == Self.programIdentity,
                  try reader.uint64() == stamp ?? 0 else { return false }
            for _ in 0..<(try reader.int()) {
                let path = try reader.string()
                sources[path] = Source(hash: try reader.uint64(), model: try reader.byteArray())
            }
            for _ in 0..<(try reader.int()) {
                markdown[try reader.uint64()] = try reader.string()
            }
            return reader.isAtEnd
        } catch {
            return false
        }
    }

    private mutating func readRecord(_ folder: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: joinPath(folder, Self.recordFile)) else { return false }
        var reader = ByteReader([UInt8](data))
        do {
            guard try reader.string() == Self.formatVersion, try reader.string() == Self.programIdentity else { return false }
            stamp = try reader.bool() ? try reader.uint64() : nil
            pages = try reader.int()
            for _ in 0..<(try reader.int()) {
                let path = try reader.string()
                outputs[path] = Output(fingerprint: try reader.uint64(), contentHash: try reader.uint64(), size: try reader.int(),
                                       modified: try reader.int(), inode: try reader.uint64())
            }
            return reader.isAtEnd
        } catch {
            return false
        }
    }

    /// Each file is written to a temporary name and renamed over the old one, sources first:
    /// a build killed while saving leaves files that disagree (the sources file names the
    /// record's stamp), which the next build ignores. A cache that can't be written is
    /// skipped: the next build is then a full one, nothing worse.
    func save(to folder: String) {
        var sourcesPart = ByteWriter()
        sourcesPart.write(Self.formatVersion)
        sourcesPart.write(Self.programIdentity)
        sourcesPart.write(stamp ?? 0)
        sourcesPart.write(sources.count)
        for (path, source) in sources.sorted(by: { $0.key < $1.key }) {
            sourcesPart.write(path)
            sourcesPart.write(source.hash)
            sourcesPart.write(bytes: source.model)
        }
        sourcesPart.write(markdown.count)
        for (key, html) in markdown {
            sourcesPart.write(key)
            sourcesPart.write(html)
        }
        var record = ByteWriter()
        record.write(Self.formatVersion)
        record.write(Self.programIdentity)
        record.write(stamp != nil)
        if let stamp { record.write(stamp) }
        record.write(pages)
        record.write(outputs.count)
        for (path, output) in outputs.sorted(by: { $0.key < $1.key }) {
            record.write(path)
            record.write(output.fingerprint)
            record.write(output.contentHash)
            record.write(output.size)
            record.write(output.modified)
            record.write(output.inode)
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // A build killed while saving leaves its temporary file: the next save removes it.
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where [Self.recordFile, Self.sourcesFile].contains(where: { entry.hasPrefix(".\($0).") }) {
                unlink(joinPath(folder, entry))
            }
            for (name, bytes) in [(Self.sourcesFile, sourcesPart.bytes), (Self.recordFile, record.bytes)] {
                let temporary = joinPath(folder, ".\(name).\(getpid())")
                try Publisher.write(bytes, to: temporary)
                guard rename(temporary, joinPath(folder, name)) == 0 else {
                    unlink(temporary)
                    return
                }
            }
        } catch {
            return
        }
    }

    /// The running program, by the size and modification time of its executable: a rebuilt
    /// paperpages may render differently, so it starts with an empty cache.
    static let programIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown \(UInt64.random(in: 0...UInt64.max))" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
    }()
}

extension BuildCache.Output {
    /// How the file at `path` looks now, or nil when it is not a regular file.
    static func onDisk(_ path: String) -> (size: Int, modified: Int, inode: UInt64)? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int(info.st_size), info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec, UInt64(info.st_ino))
    }

    /// Whether the file at `path` is still the one this record describes.
    func matches(_ path: String) -> Bool {
        guard let disk = Self.onDisk(path) else { return false }
        return disk.size == size && disk.modified == modified && disk.inode == inode
    }
}

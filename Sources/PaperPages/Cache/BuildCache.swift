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
    static let formatVersion = "paperpages-cache 7"

    /// A source file's loaded model, by the hash of its bytes. A model loaded by this build
    /// is nil here and encoded when the cache is saved (see `SiteContent.modelEncoder`), so
    /// a build does not hold every model twice.
    struct Source: Sendable {
        var hash: UInt64
        var model: [UInt8]?
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
    /// The sources' shards that `readSources` read.
    private(set) var readShards: Set<Int> = []
    var outputs: [String: Output] = [:]
    /// The files of the spare site (see `SpareSite`) as the build that published them wrote them.
    var spare: [String: Output] = [:]
    /// The state of every input file when the build that wrote this cache began (see
    /// `InputStamp`): when nothing has been touched since, the site in place is up to date.
    var stamp: UInt64?
    /// How many pages that build's site had, for its report.
    var pages = 0
    /// Cache files whose checksum did not match their bytes (see `CacheSeal`), by name: the
    /// build that finds one ignores the whole cache and says so.
    private(set) var damaged: [String] = []

    init() {}

    func sameEntries(as other: BuildCache) -> Bool {
        stamp == other.stamp && pages == other.pages && outputs == other.outputs && spare == other.spare && markdown.count == other.markdown.count
            && markdown.keys.allSatisfy { other.markdown[$0] != nil }
            && sources.count == other.sources.count && sources.allSatisfy { other.sources[$0.key]?.hash == $0.value.hash }
    }

    /// `<output parent>/.paperpages-cache/<output name>`.
    static func folder(for output: OutputFolder) -> String {
        joinPath(joinPath(output.parent, folderName), output.name)
    }

    // MARK: Reading and writing

    /// The record of the site (small, enough to see that nothing changed), and the sources'
    /// models and HTML, read only when something did, in `shardCount` files by a hash of the
    /// path (models) or of the text (HTML), so that an edit rewrites only the few it falls in.
    private static let recordFile = "record.bin"
    static let shardCount = 16
    private static func shardFile(_ shard: Int) -> String { "sources-\(shard).bin" }
    private static func shard(ofPath path: String) -> Int { Int(StableHash.of(path) % UInt64(shardCount)) }
    private static func shard(ofMarkdown key: UInt64) -> Int { Int((key >> 32) % UInt64(shardCount)) }
    /// The third file, the search memo, read only when the search index is made again and
    /// written only when it changed.
    static let searchFile = "search.bin"
    /// Every entry of the sources' files and the search memo is checked against the bytes it
    /// stands for (a file's hash, a text's hash), so they stay right whatever build wrote
    /// them, as long as it was this program; a shard that can't be read is only work lost.
    private static var header: [String] { [formatVersion, programIdentity] }

    /// The record part of the cache for `folder` (see `readSources` for the rest), or an empty
    /// cache when there is none or it can't be trusted.
    static func loadRecord(from folder: String) -> BuildCache {
        var cache = BuildCache()
        switch CacheSeal.read(joinPath(folder, recordFile), header: header) {
        case .intact(let bytes):
            return cache.readRecord(bytes) ? cache : BuildCache()
        case .damaged:
            cache = BuildCache()
            cache.damaged = [recordFile]
            return cache
        case .missing:
            return cache
        }
    }

    /// What a build says of the damaged cache files it found: the record or a shard makes it
    /// ignore the whole cache; the search memo, read after the pages are planned, only the
    /// search index's part.
    static func damageNotes(_ files: [String], in folder: String) -> [String] {
        let problem = "damaged (its checksum does not match what was written)"
        return files.sorted().map { name in
            "\(joinPath(folder, name)): \(problem); " + (name == searchFile ? "the search index was made without it" : "the cache was ignored and the site built in full")
        }
    }

    /// This cache without anything read from its files, keeping the names of the damaged ones.
    func discarded() -> BuildCache {
        var empty = BuildCache()
        empty.damaged = damaged
        return empty
    }

    /// The sources' part, added to a cache whose record was read; the shards are read on all cores.
    mutating func readSources(_ folder: String) async {
        let shards = await withTaskGroup(of: (Int, BuildCache?).self) { group in
            for shard in 0..<Self.shardCount {
                group.addTask { (shard, Self.readShard(joinPath(folder, Self.shardFile(shard)))) }
            }
            var shards: [(Int, BuildCache?)] = []
            for await shard in group { shards.append(shard) }
            return shards
        }
        for case let (shard, part?) in shards {
            if !part.damaged.isEmpty {
                damaged.append(Self.shardFile(shard))
                continue
            }
            sources.merge(part.sources) { first, _ in first }
            markdown.merge(part.markdown) { first, _ in first }
            readShards.insert(shard)
        }
    }

    private static func readShard(_ path: String) -> BuildCache? {
        let bytes: [UInt8]
        switch CacheSeal.read(path, header: header) {
        case .missing: return nil
        case .damaged:
            var part = BuildCache()
            part.damaged = [path]
            return part
        case .intact(let intact): bytes = intact
        }
        var reader = ByteReader(bytes)
        var part = BuildCache()
        do {
            for line in header { guard try reader.string() == line else { return nil } }
            for _ in 0..<(try reader.int()) {
                let path = try reader.string()
                part.sources[path] = Source(hash: try reader.uint64(), model: try reader.byteArray())
            }
            for _ in 0..<(try reader.int()) {
                part.markdown[try reader.uint64()] = try reader.string()
            }
            return reader.isAtEnd ? part : nil
        } catch {
            return nil
        }
    }

    /// For each shard, a hash of which entries it holds (not of their order), to see which
    /// shards an edit changed.
    private func shardSignatures() -> [UInt64] {
        var signatures = [UInt64](repeating: 0, count: Self.shardCount)
        for (path, source) in sources {
            var hash = StableHash()
            hash.combine(path)
            hash.combine(source.hash)
            signatures[Self.shard(ofPath: path)] &+= hash.value
        }
        for key in markdown.keys {
            var hash = StableHash()
            hash.combine(key)
            signatures[Self.shard(ofMarkdown: key)] &+= hash.value
        }
        return signatures
    }

    /// The search memo, or nil; `damaged` when its checksum did not match.
    static func readSearchMemo(from folder: String) -> (memo: SearchMemo?, damaged: Bool) {
        switch CacheSeal.read(joinPath(folder, searchFile), header: header) {
        case .missing: return (nil, false)
        case .damaged: return (nil, true)
        case .intact(let bytes): return (SearchMemo.decoded(bytes, header: header), false)
        }
    }

    /// Writes the search memo under a temporary name, so the build need not hold it; the
    /// name, to pass to `commitSearchMemo` when the build has succeeded (or to unlink).
    static func stageSearchMemo(_ memo: SearchMemo, in folder: String) -> String? {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = temporaryPath(searchFile, in: folder)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        do {
            var checksum = CacheSeal.Running()
            try memo.encode(header: header) { writer in
                checksum.add(writer.bytes)
                try Publisher.write(writer.bytes, to: descriptor)
                writer.clear()
            }
            try Publisher.write(CacheSeal.trailer(checksum.value), to: descriptor)
            return temporary
        } catch {
            unlink(temporary)
            return nil
        }
    }

    static func commitSearchMemo(_ staged: String, in folder: String) {
        if rename(staged, joinPath(folder, searchFile)) != 0 { unlink(staged) }
    }

    /// Removes the staged memo of a build that failed, and the cache folders staging it made
    /// if they hold nothing else: a failed build leaves nothing behind.
    static func discardSearchMemo(_ staged: String, in folder: String) {
        unlink(staged)
        rmdir(folder)
        rmdir((folder as NSString).deletingLastPathComponent)
    }

    /// Where a cache file is written before it is renamed into place; `save` removes those a
    /// killed build left.
    private static func temporaryPath(_ name: String, in folder: String) -> String {
        joinPath(folder, ".\(name).\(getpid())")
    }

    /// Writes a cache file to a temporary name and renames it over the old one.
    private static func replace(_ name: String, in folder: String, with bytes: [UInt8]) -> Bool {
        let temporary = temporaryPath(name, in: folder)
        guard (try? Publisher.write(CacheSeal.sealed(bytes), to: temporary)) != nil, rename(temporary, joinPath(folder, name)) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private mutating func readRecord(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes)
        do {
            for line in Self.header { guard try reader.string() == line else { return false } }
            stamp = try reader.bool() ? try reader.uint64() : nil
            pages = try reader.int()
            outputs = try Self.readOutputs(&reader)
            spare = try Self.readOutputs(&reader)
            return reader.isAtEnd
        } catch {
            return false
        }
    }

    /// Each file is written to a temporary name and renamed over the old one, the sources'
    /// shards first, and only those whose entries differ from `previous` (the cache this
    /// build read). A cache that can't be written is skipped: the next build then does more
    /// work, nothing worse.
    func save(to folder: String, previous: BuildCache? = nil, encodedModel: @Sendable (String) -> [UInt8]? = { _ in nil }) {
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        // A build killed while saving leaves its temporary files: the next save removes them.
        // (`sources.bin` was the sources' file of cache format 2.)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where entry == "sources.bin" || (entry.hasPrefix(".") && entry.contains(".bin.")) {
            unlink(joinPath(folder, entry))
        }
        let signatures = shardSignatures()
        let before = previous?.shardSignatures()
        let changed = (0..<Self.shardCount).filter { previous?.readShards.contains($0) != true || before?[$0] != signatures[$0] }
        var byShard = [(sources: [(String, Source)], markdown: [(UInt64, String)])](repeating: ([], []), count: Self.shardCount)
        for (path, source) in sources { byShard[Self.shard(ofPath: path)].sources.append((path, source)) }
        for (key, html) in markdown { byShard[Self.shard(ofMarkdown: key)].markdown.append((key, html)) }
        let parts = byShard
        let written = changed.concurrentMap { shard -> Bool in
            var writer = ByteWriter()
            for line in Self.header { writer.write(line) }
            let part = parts[shard]
            let sources = part.sources.compactMap { path, source in (source.model ?? encodedModel(path)).map { (path, source.hash, $0) } }
            writer.write(sources.count)
            for (path, hash, model) in sources.sorted(by: { $0.0 < $1.0 }) {
                writer.write(path)
                writer.write(hash)
                writer.write(bytes: model)
            }
            writer.write(part.markdown.count)
            for (key, html) in part.markdown {
                writer.write(key)
                writer.write(html)
            }
            return Self.replace(Self.shardFile(shard), in: folder, with: writer.bytes)
        }
        guard written.allSatisfy({ $0 }) else { return }
        var record = ByteWriter()
        for line in Self.header { record.write(line) }
        record.write(stamp != nil)
        if let stamp { record.write(stamp) }
        record.write(pages)
        Self.write(outputs, to: &record)
        Self.write(spare, to: &record)
        _ = Self.replace(Self.recordFile, in: folder, with: record.bytes)
    }

    private static func write(_ outputs: [String: Output], to record: inout ByteWriter) {
        record.write(outputs.count)
        for (path, output) in outputs.sorted(by: { $0.key < $1.key }) {
            record.write(path)
            record.write(output.fingerprint)
            record.write(output.contentHash)
            record.write(output.size)
            record.write(output.modified)
            record.write(output.inode)
        }
    }

    private static func readOutputs(_ reader: inout ByteReader) throws -> [String: Output] {
        var outputs: [String: Output] = [:]
        for _ in 0..<(try reader.int()) {
            let path = try reader.string()
            outputs[path] = Output(fingerprint: try reader.uint64(), contentHash: try reader.uint64(), size: try reader.int(),
                                   modified: try reader.int(), inode: try reader.uint64())
        }
        return outputs
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
    /// How a file looks on disk: what tells the file this program wrote from any other.
    typealias Disk = (size: Int, modified: Int, inode: UInt64)

    static func disk(_ info: stat) -> Disk {
        (Int(info.st_size), info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec, UInt64(info.st_ino))
    }

    /// How the file at `path` looks now, or nil when it is not a regular file.
    static func onDisk(_ path: String) -> Disk? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return disk(info)
    }

    /// Whether a file that looks like `disk` is still the one this record describes.
    func matches(_ disk: Disk) -> Bool {
        disk.size == size && disk.modified == modified && disk.inode == inode
    }

    /// Whether the file at `path` is still the one this record describes.
    func matches(_ path: String) -> Bool {
        Self.onDisk(path).map(matches) ?? false
    }
}

import Foundation

/// The folder a build brings up to date and swaps in: the site that the last swap replaced,
/// kept in the cache folder (`.paperpages-cache/<output name>/spare/`) instead of deleted.
///
/// Swapping replaces the whole output folder, so that readers see the whole old site or the
/// whole new one. Making a new folder for every build costs a hard link per unchanged file
/// and deleting the replaced folder an unlink per file, tens of thousands of system calls at
/// 10,000 papers. The spare is already nearly the new site (two builds old): a build fixes
/// only the files that differ and swaps it in, and the replaced site becomes the next spare.
///
/// Nothing in the spare is trusted: a file is kept only if it is the file the record says
/// (size, modification time and inode, as `BuildCache.Output.matches`) with the bytes wanted,
/// or is the very file the site in place has; anything else in it is replaced or removed.
/// Files are never written in place (a spare file may be a hard link to the site's own), only
/// unlinked and created anew.
struct SpareSite: Sendable {
    let path: String
    /// What the build that published the spare's files recorded about them.
    let record: [String: BuildCache.Output]
    private(set) var files: [String: BuildCache.Output.Disk] = [:]
    private(set) var folders: Set<String> = []

    static let folderName = "spare"

    /// A spare just made, holding nothing yet.
    init(empty path: String) {
        self.path = path
        record = [:]
    }

    /// Reads the spare at `path`, or nil when there is none that this program made (marked).
    init?(path: String, record: [String: BuildCache.Output]) {
        self.path = path
        self.record = record
        guard FileManager.default.fileExists(atPath: joinPath(path, OutputFolder.marker)) else { return nil }
        let top = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0 != OutputFolder.marker }
        // The top-level folders on all cores: a site is mostly papers/, notes/ and search/.
        let parts = top.concurrentMap { name -> (files: [(String, BuildCache.Output.Disk)], folders: [String]) in
            var files: [(String, BuildCache.Output.Disk)] = []
            var folders: [String] = []
            Self.walk(path, name, &files, &folders)
            return (files, folders)
        }
        for part in parts {
            for (file, disk) in part.files { files[file] = disk }
            folders.formUnion(part.folders)
        }
    }

    private static func walk(_ root: String, _ relative: String,
                             _ files: inout [(String, BuildCache.Output.Disk)], _ folders: inout [String]) {
        let full = joinPath(root, relative)
        var info = stat()
        guard lstat(full, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            folders.append(relative)
            for name in directoryNames(full) ?? [] { walk(root, relative + "/" + name, &files, &folders) }
        } else {
            // Links and anything else that is not a regular file count as files to remove.
            files.append((relative, BuildCache.Output.disk(info)))
        }
    }

    /// How the spare's file at `path` looks, when it has the bytes hashing to `contentHash`
    /// (it is the file the record describes, unchanged since).
    func holds(_ path: String, contentHash: UInt64) -> BuildCache.Output.Disk? {
        guard let disk = files[path], let recorded = record[path], recorded.contentHash == contentHash, recorded.matches(disk) else { return nil }
        return disk
    }

    /// How the spare's file at `path` looks, when it is the file with `inode` (a hard link to
    /// the site's own file).
    func holds(_ path: String, inode: UInt64) -> BuildCache.Output.Disk? {
        guard let disk = files[path], disk.inode == inode else { return nil }
        return disk
    }
}

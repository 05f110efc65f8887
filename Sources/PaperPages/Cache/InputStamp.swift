import Foundation

/// Every input of a build as one number, from file metadata alone: the path, size, inode,
/// modification and change time of each file in the content and layouts folders, and the
/// options that change what is built. The change time can't be set back by hand (unlike the
/// modification time, which `touch -d` or an unpacked archive can), so an edited file never
/// stamps like the file it was. The check `make` and Ninja do, with one more field.
enum InputStamp {
    /// The stamp, with the files it found in each folder (the build lists them from these
    /// rather than walking the folders again); nil when a folder can't be walked.
    static func take(content: String, layouts: [String], katex: String, baseURL: String?) -> (stamp: UInt64, listings: [String: [String]])? {
        var listings: [String: [String]] = [:]
        var hash = StableHash()
        hash.combine(baseURL)
        hash.combine(katex)
        // KaTeX comes from a Debian package: an upgrade replaces these files.
        for file in ["katex.min.js", "katex.min.css"] {
            var info = stat()
            if stat(joinPath(katex, file), &info) == 0 { combine(info, into: &hash) }
        }
        for folder in [content] + layouts {
            // What the walk's `stat` of each file said (17,000 at 10,000 papers), not a second one.
            guard let files = try? FolderWalk(folder).filesWithInfo() else { return nil }
            hash.combine(folder)
            hash.combine(files.count)
            for (file, info) in files {
                hash.combine(file)
                combine(info, into: &hash)
            }
            listings[folder] = files.map(\.path)
        }
        return (hash.value, listings)
    }

    private static func combine(_ info: stat, into hash: inout StableHash) {
        for number in [Int(info.st_size), Int(info.st_ino), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec] {
            hash.combine(number)
        }
    }
}

import Foundation

/// The name of an entry `readdir` returned, read in place.
///
/// `entry.pointee.d_name` would copy the whole `struct dirent` (280 bytes), but the kernel
/// packs entries by their real length (`d_reclen`): the last entry of a buffer can end a few
/// bytes before an unmapped page, and the copy then reads past it and crashes (it did, listing
/// a 10,000-paper content folder). The name is read from its offset, up to its NUL.
func directoryEntryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
}

/// Whether the entry's name is UTF-8 text: `directoryEntryName` repairs one that is not (with
/// U+FFFD), and the repaired name names no file.
func directoryEntryNameIsUTF8(_ entry: UnsafeMutablePointer<dirent>) -> Bool {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return String(validatingCString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self)) != nil
}

/// Put before a name that is not UTF-8 (shown repaired after it), so a walk can say so
/// instead of failing to find the repaired name: a NUL, which no real name holds.
let notUTF8Mark = "\u{0}"

/// The names in a folder but `.` and `..`, in the order the file system lists them (a name
/// that is not UTF-8 marked with `notUTF8Mark`); nil when it can't be opened (`errno` says why).
func directoryNames(_ path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = directoryEntryName(entry)
        if name != "." && name != ".." { names.append(directoryEntryNameIsUTF8(entry) ? name : notUTF8Mark + name) }
    }
    return names
}

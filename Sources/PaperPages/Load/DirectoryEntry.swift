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

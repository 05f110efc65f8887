import Foundation

/// System errors in words a user can act on, instead of Foundation's
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)".
enum SystemError {
    static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case ENOENT: "no such file or folder"
        case ENOSPC: "the disk is full"
        case EDQUOT: "the disk quota is exhausted"
        case EROFS: "the file system is read-only"
        case ENAMETOOLONG: "the name is too long for the file system"
        case EISDIR: "it is a folder"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case ELOOP: "symbolic links lead in a loop"
        case EEXIST: "it already exists"
        default: String(cString: strerror(code))
        }
    }

    /// The POSIX reason inside a Foundation error, or its plain description.
    static func describe(_ error: Error) -> String {
        if let posix = error as? POSIXError { return describe(posix.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return describe(Int32(nsError.code)) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(Int32(underlying.code))
        }
        switch nsError.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return describe(ENOENT)
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return describe(EACCES)
        case NSFileWriteOutOfSpaceError: return describe(ENOSPC)
        case NSFileWriteVolumeReadOnlyError: return describe(EROFS)
        case NSFileWriteFileExistsError: return describe(EEXIST)
        case NSFileReadInvalidFileNameError, NSFileWriteInvalidFileNameError: return "the file name is not valid here"
        case NSFileReadCorruptFileError, NSFileReadUnknownStringEncodingError: return "it is not valid text"
        default: return nsError.localizedDescription
        }
    }
}

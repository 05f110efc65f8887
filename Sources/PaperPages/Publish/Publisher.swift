import Foundation

/// The publish stage: writes the finished site into a staging folder beside the output and
/// swaps it in with renames, so a reader (or a failed build) never sees a half-written site.
public struct Publisher: Sendable {
    public var output: String

    public init(output: String) {
        self.output = output
    }

    /// Files to copy unchanged: (source path, path in the site).
    public struct Copy: Sendable {
        public var source: String
        public var destination: String
    }

    public func publish(files: [OutputFile], copies: [Copy]) throws {
        let manager = FileManager.default
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let parent = outputURL.deletingLastPathComponent()
        let name = outputURL.lastPathComponent
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).staging-\(token)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(token)")

        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders: Set<String> = []
            for copy in copies {
                let target = staging.appendingPathComponent(copy.destination)
                try makeFolder(for: target, known: &folders)
                // A symbolic link is copied as the file it points to: a relative link (Debian's
                // katex.min.js -> katex.js) would dangle in the published site.
                try manager.copyItem(at: URL(fileURLWithPath: copy.source).resolvingSymlinksInPath(), to: target)
            }
            // Pages overwrite a content file of the same path: generated pages win.
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                try makeFolder(for: target, known: &folders)
                try Self.write(file.contents, to: target.path)
            }
            // The empty output folder is kept in git through a .gitkeep; keep it across swaps.
            let keep = outputURL.appendingPathComponent(".gitkeep")
            if manager.fileExists(atPath: keep.path) {
                try? manager.copyItem(at: keep, to: staging.appendingPathComponent(".gitkeep"))
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw BuildFailure([Diagnostic(SourceLocation(path: output), "could not write the site: \(error.localizedDescription)")])
        }

        // The swap: two renames in one folder. If the second fails, the first is undone.
        let hadOutput = manager.fileExists(atPath: outputURL.path)
        do {
            if hadOutput { try manager.moveItem(at: outputURL, to: previous) }
            do {
                try manager.moveItem(at: staging, to: outputURL)
            } catch {
                if hadOutput { try? manager.moveItem(at: previous, to: outputURL) }
                throw error
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw BuildFailure([Diagnostic(SourceLocation(path: output), "could not replace the site: \(error.localizedDescription)")])
        }
        if hadOutput { try? manager.removeItem(at: previous) }
    }

    /// A plain open/write/close: `Data.write` syncs every file to disk, which made publishing
    /// a 1,000-paper site take seconds. The swap, not each file, is what must be atomic.
    private static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
    }

    private func makeFolder(for file: URL, known: inout Set<String>) throws {
        let folder = file.deletingLastPathComponent()
        if known.insert(folder.path).inserted {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }
}

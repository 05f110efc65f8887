import Foundation

/// The built-in layouts beside a site's own: which the site overrides, and copying one out
/// for editing (`paperpages layouts copy paper`).
public struct LayoutCopies: Sendable {
    /// The shipped layouts (`BuiltInFiles.layouts`).
    public var builtIn: String
    /// The site's own layouts folder, which need not exist yet.
    public var site: String

    public init(builtIn: String, site: String) {
        self.builtIn = builtIn
        self.site = site
    }

    /// Every built-in file, relative, with whether the site has its own.
    public func list() -> [(file: String, overridden: Bool)] {
        BuiltInFiles.files(in: builtIn).map { ($0, FileManager.default.fileExists(atPath: joinPath(site, $0))) }
    }

    /// The built-in file a name means: `paper`, `paper.mustache`, `partials/header`,
    /// `assets/site.css`.
    public func file(named name: String) throws -> String {
        let files = BuiltInFiles.files(in: builtIn)
        let trimmed = name.hasPrefix("./") ? String(name.dropFirst(2)) : name
        if files.contains(trimmed) { return trimmed }
        if files.contains(trimmed + LayoutSet.fileExtension) { return trimmed + LayoutSet.fileExtension }
        let names = files.map { $0.hasSuffix(LayoutSet.fileExtension) ? String($0.dropLast(LayoutSet.fileExtension.count)) : $0 }
        let hint = Spelling.closest(to: trimmed, among: names).map { "; did you mean '\($0)'?" }
            ?? " (`paperpages layouts` lists them)"
        throw Diagnostic(SourceLocation(path: name), "is not a built-in layout\(hint)")
    }

    /// Copies built-in files into the site's folder; a file the site already has is never
    /// replaced. Returns the paths written.
    public func copy(_ names: [String]) throws -> [String] {
        let files = try names.map(file(named:))
        var written: [String] = []
        for file in files {
            let target = joinPath(site, file)
            if FileManager.default.fileExists(atPath: target) {
                throw Diagnostic(SourceLocation(path: target), "exists already: it is your copy, and it was left as it is (delete it first to start again from the built-in one)")
            }
            do {
                let parent = (target as NSString).deletingLastPathComponent
                if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            } catch {
                throw Diagnostic(SourceLocation(path: target), "was not written: \(SystemError.describe(error))")
            }
            guard let data = FileManager.default.contents(atPath: joinPath(builtIn, file)) else {
                throw Diagnostic(SourceLocation(path: joinPath(builtIn, file)), "cannot be read; reinstall paperpages")
            }
            if try ContentFileWriter.write(String(decoding: data, as: UTF8.self), to: target, replacing: false) == .exists {
                throw Diagnostic(SourceLocation(path: target), "exists already: it was left as it is")
            }
            written.append(target)
        }
        return written
    }
}

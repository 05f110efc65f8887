import Foundation

/// The folders that ship with paperpages: `Layouts/`, the default theme, and `Starter/`, the
/// new site `paperpages init` writes. This repository holds both; `make install` copies them to
/// `PREFIX/share/paperpages/`.
///
/// A site's own `Layouts/` overrides the built-in layouts file by file (see `LayoutSet`), so an
/// upgrade of paperpages upgrades every layout the site did not override, as Hugo's and Zola's
/// themes do.
public enum BuiltInFiles {
    public static let layouts = "Layouts"
    public static let starter = "Starter"
    /// Where `make install` puts them, relative to the binary's folder.
    public static let installedFolder = "../share/paperpages"
    /// A file every copy of each folder has, to tell it from another folder of that name.
    static let markers = [layouts: "base.mustache", starter: "Content/site.yaml"]

    /// The shipped folder of the running binary: beside an installed binary
    /// (`PREFIX/bin/paperpages` -> `PREFIX/share/paperpages/Layouts`), or, for a binary run from
    /// its build folder (`.build/release/paperpages`), the folder of the package it was built
    /// from. Nil when neither is there.
    public static func locate(_ name: String, executable: String = executablePath()) -> String? {
        candidates(name, executable: executable).first { folder in
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(markers[name] ?? ""))
        }
    }

    /// Where the folder is looked for, in order, for the message when it is missing.
    public static func candidates(_ name: String, executable: String = executablePath()) -> [String] {
        let binFolder = (executable as NSString).deletingLastPathComponent
        var found = [((binFolder as NSString).appendingPathComponent(installedFolder) as NSString).appendingPathComponent(name)]
        var folder = binFolder
        while folder != "/" && !folder.isEmpty {
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("Package.swift")) {
                found.append((folder as NSString).appendingPathComponent(name))
                break
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return found.map { ($0 as NSString).standardizingPath }
    }

    /// The shipped folder, or a message saying where it was looked for.
    public static func required(_ name: String) throws -> String {
        guard let folder = locate(name) else {
            throw BuildFailure([Diagnostic(SourceLocation(path: candidates(name)[0]),
                "the built-in \(name) folder of paperpages is missing (looked here and in the source tree the binary was built in); install paperpages with `make install`")])
        }
        return folder
    }

    /// Every file of a shipped folder, relative and sorted; hidden ones included (the starter's
    /// `.gitkeep`s keep its empty folders in git).
    public static func files(in folder: String) -> [String] {
        let all = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        return all.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: joinPath(folder, path), isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// The running binary's real path (links resolved), from /proc on Linux.
    public static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? ""
    }
}

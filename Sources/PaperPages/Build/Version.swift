/// The version `paperpages --version` prints, and where the project lives.
public enum PaperPagesVersion {
    public static let current = "0.1.0"
    /// The git tag of this version, which a site's deploy workflow builds.
    public static var releaseTag: String { "v" + current }
    /// The repository a site's deploy workflow clones paperpages from (`init --source` for a
    /// fork or a mirror).
    public static let source = "https://github.com/paperpages/paperpages.git"
    public static let homepage = "https://github.com/paperpages/paperpages"
}

/// The version `paperpages --version` prints.
public enum PaperPagesVersion {
    public static let current = "0.1.0"
}

import LogbookStore

/// What this build of logbook is: its version and the database schema it writes.
public enum About {
    /// The program's version (semantic versioning; raised with each release).
    public static let version = "0.10.0"
    /// The newest schema version this build migrates a database to.
    public static var schemaVersion: Int { Migration.latestVersion }
    /// "logbook 0.10.0 (database schema 3)", "logbook 0.10.0 (databaseskema 3)".
    public static func text(_ texts: Texts) -> String {
        texts("version.text", ["version": version, "schema": String(schemaVersion)])
    }
}

import SQLite

/// One numbered schema migration, embedded in the binary at build time from `migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    /// The number the file name starts with; migrations run in this order.
    public let version: Int
    /// The file name, e.g. `0001_initial_schema.sql`.
    public let fileName: String
    /// The SQL text of the file.
    public let sql: String

    /// Every migration the binary carries, in version order.
    public static let all: [Migration] = embeddedMigrationFiles.map { file in
        let digits = file.name.prefix { $0.isASCII && $0.isNumber }
        // Not a stored value: the embedder only takes files named NNNN_name.sql, so the digits always parse.
        return Migration(version: Int(digits) ?? 0, fileName: file.name, sql: file.sql)
    }

    /// The schema version this binary brings a database to.
    public static var latestVersion: Int { all.last?.version ?? 0 }  // 0: no migrations at all, as for a new file
}

/// Why a database cannot be opened with this binary.
public struct SchemaTooNewError: Error, CustomStringConvertible, Sendable {
    /// The database file.
    public let path: String
    /// The schema version recorded in the database.
    public let databaseVersion: Int
    /// The newest version this binary knows.
    public let knownVersion: Int

    public var description: String {
        "\(path) has schema version \(databaseVersion), but this logbook only knows versions up to \(knownVersion); "
            + "use a newer logbook (the database was left untouched)"
    }
}

/// Stored rows that contradict each other, such as a reference to a row that does not exist: the table and
/// column holding the bad value, and what is wrong with it.
public struct IntegrityError: Error, CustomStringConvertible, Sendable, Equatable {
    public let table: String
    public let column: String
    /// What is wrong, e.g. `of row 3 names no row of person`.
    public let problem: String

    /// Creates the error.
    public init(table: String, column: String, problem: String) {
        self.table = table
        self.column = column
        self.problem = problem
    }

    public var description: String { "the database is inconsistent: \(table).\(column) \(problem)" }
}

/// Brings a database to the newest schema, one migration per transaction, recording the version.
public enum Migrator {
    /// The version recorded in the database (`PRAGMA user_version`); 0 for a new file.
    public static func version(of connection: Connection) throws -> Int {
        Int(try connection.single("PRAGMA user_version", table: "pragma") { try $0.int("user_version") })
    }

    /// Applies every migration newer than the database, each in its own `BEGIN IMMEDIATE` transaction.
    ///
    /// The version is read again inside each transaction, so two processes migrating at once apply each
    /// migration exactly once. `PRAGMA foreign_key_check` must be clean before a migration commits.
    /// Returns the versions applied.
    @discardableResult
    public static func migrate(_ connection: Connection, to target: Int = Migration.latestVersion,
                               migrations: [Migration] = Migration.all) throws -> [Int] {
        let current = try version(of: connection)
        if current > Migration.latestVersion {
            throw SchemaTooNewError(path: connection.path, databaseVersion: current, knownVersion: Migration.latestVersion)
        }
        if current >= target { return [] }
        var applied: [Int] = []
        // Foreign keys off while a migration runs (SQLite's procedure for rebuilding a table that others refer to:
        // https://sqlite.org/lang_altertable.html#otheralter; the pragma is a no-op inside a transaction, so it is set around
        // them); `PRAGMA foreign_key_check` below must be clean before each migration commits.
        try connection.execute("PRAGMA foreign_keys = OFF")
        defer { try? connection.execute("PRAGMA foreign_keys = ON") }
        for migration in migrations where migration.version > current && migration.version <= target {
            try connection.transaction(.immediate) {
                guard try version(of: connection) < migration.version else { return }
                try connection.execute(migration.sql)
                // Facts that were only rows become the first events of their chains (docs/EVENT-FORMAT.md, Upgrading).
                // Only the program's own 0003 (tests migrate with migrations of their own).
                if migration.version == 3, migration.fileName == Migration.all.first(where: { $0.version == 3 })?.fileName {
                    try FactRepository.backfill(connection)
                }
                // Everyone's name becomes a `migrated` person-name event (docs/EVENT-FORMAT.md, "Names in the log").
                if migration.version == 10, migration.fileName == Migration.all.first(where: { $0.version == 10 })?.fileName {
                    try FactRepository.backfillNames(connection)
                }
                let problems = try connection.query("PRAGMA foreign_key_check", table: "pragma") { row in
                    (table: try row.string("table"), rowid: try row.optionalInt("rowid"), parent: try row.string("parent"),
                     fkid: try row.int("fkid"))
                }
                if let first = problems.first {
                    let column = try connection.single(
                        """
                        SELECT group_concat("from", ', ') AS columns
                        FROM (SELECT "from" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq)
                        """, first.table, first.fkid, table: "pragma"
                    ) { try $0.optionalString("columns") }
                    throw IntegrityError(
                        table: first.table, column: column ?? "?",
                        problem: (first.rowid.map { "of row \($0)" } ?? "of a row") + " names no row of \(first.parent) "
                            + "(migration \(migration.fileName) leaves \(problems.count) foreign-key violation(s))")
                }
                try connection.execute("PRAGMA user_version = \(migration.version)")
                applied.append(migration.version)
            }
        }
        return applied
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SQLite

/// Where the database lives: `--db PATH`, else `LOGBOOK_DB`, else `$XDG_DATA_HOME/logbook/logbook.sqlite`
/// (`~/.local/share/logbook/logbook.sqlite` when `XDG_DATA_HOME` is unset).
public enum DatabaseLocation {
    /// Resolves the path from the flag and the environment.
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["LOGBOOK_DB"], !path.isEmpty { return path }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? ".") + "/.local/share"
        }
        return dataHome + "/logbook/logbook.sqlite"
    }
}

/// A problem with the database file itself (folder cannot be created, file not writable).
public struct DatabaseFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The opened, migrated database: the one connection every repository works through.
public final class Store {
    /// The underlying connection.
    public let connection: Connection
    /// The database file.
    public let path: String
    /// Versions applied when the store was opened (empty when it was already current).
    public let appliedMigrations: [Int]

    /// Opens the database at `path`, creating it (folder included, file mode 0600) and migrating it to the
    /// newest schema. A database with a newer schema than this binary is refused untouched.
    public init(path: String, create: Bool = true) throws {
        if path != ":memory:" {
            try Store.prepareFile(path, create: create)
        }
        self.path = path
        do {
            self.connection = try Connection(path: path, create: create)
            self.appliedMigrations = try Migrator.migrate(connection)
        } catch let error as SQLiteError where error.code == 14 || error.code == 26 {
            // SQLITE_CANTOPEN (a folder, no permission) and SQLITE_NOTADB (some other kind of file).
            throw DatabaseFileError(description: "\(path) is not a logbook database (\(error.message)); check --db or $LOGBOOK_DB")
        }
    }

    /// The schema version of the open database (0 only if `PRAGMA user_version` itself fails: a non-throwing property).
    public var schemaVersion: Int { (try? Migrator.version(of: connection)) ?? 0 }

    /// Runs `body` as one write transaction (`BEGIN IMMEDIATE`): all of it is committed, or none.
    ///
    /// A busy database is retried for a while before giving up, on top of SQLite's busy timeout.
    /// Inside an open transaction (a batch such as the demo) the body joins it: all of the batch or none.
    public func write<T>(_ body: () throws -> T) throws -> T {
        if connection.isInTransaction { return try body() }
        var attempt = 0
        while true {
            do {
                return try connection.transaction(.immediate, body)
            } catch let error as SQLiteError where error.isBusy && attempt < 20 && !connection.isInTransaction {
                attempt += 1
                usleep(UInt32(10_000 * attempt))
            }
        }
    }

    /// Runs `body` in a read transaction, so every query sees one snapshot.
    public func read<T>(_ body: () throws -> T) throws -> T {
        if connection.isInTransaction { return try body() }
        return try connection.transaction(.deferred, body)
    }

    /// Creates the folder and an empty file with mode 0600 when missing.
    static func prepareFile(_ path: String, create: Bool) throws {
        if access(path, F_OK) == 0 { return }
        guard create else { throw DatabaseFileError(description: "no database at \(path); run `logbook init` first") }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
        if fd < 0 && errno != EEXIST {
            throw DatabaseFileError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        if fd >= 0 { close(fd) }
    }

    /// `mkdir -p` with mode 0700 for new folders.
    static func makeDirectories(_ folder: String) throws {
        var current = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            current += "/" + part
            if access(current, F_OK) == 0 { continue }
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw DatabaseFileError(description: "cannot create folder \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform
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

/// A problem with the database file itself, found before SQLite opens it (missing, empty, a folder, no folder).
public struct DatabaseFileError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, for the exit code.
    public enum Kind: Sendable {
        /// No file at the path, and the command may not create one.
        case missing
        /// A zero-byte file, and the command may not create a database in it.
        case empty
        /// A folder, device, FIFO or socket where the database file should be.
        case notAFile
        /// The file or its folder cannot be created or reached (permissions, read-only file system).
        case cannotCreate
        /// An older schema that needs migrating, in a file this command may only read.
        case needsUpgrade
    }

    /// What is wrong, as a value a front end words in the reader's language.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case folder(path: String)
        case notRegular(path: String)
        case empty(path: String)
        /// `reason` is the system's (strerror) text.
        case cannotReach(path: String, reason: String)
        case missing(path: String)
        case cannotCreate(path: String, reason: String, folder: String)
        case cannotCreateFolder(folder: String, reason: String)
        case needsUpgrade(path: String)

        /// The English sentence.
        public var description: String {
            switch self {
            case .folder(let path): return "\(path) is a folder, not a database file; give the file itself with --db"
            case .notRegular(let path): return "\(path) is not a regular file (a device, pipe or socket); give a database file with --db"
            case .empty(let path):
                return "\(path) is an empty file, not a logbook database; "
                    + "create one with `logbook init --db \(path)`, or give the right file with --db or $LOGBOOK_DB"
            case .cannotReach(let path, let reason): return "cannot reach \(path): \(reason); check the permissions of its folders"
            case .missing(let path):
                return "no database at \(path); create one with `logbook init --db \(path)`, or give the right file with --db or $LOGBOOK_DB"
            case .cannotCreate(let path, let reason, let folder):
                return "cannot create \(path): \(reason); check that the folder \(folder) is writable, or choose another file with --db"
            case .cannotCreateFolder(let folder, let reason): return "cannot create folder \(folder): \(reason)"
            case .needsUpgrade(let path):
                return "\(path) was made by an older logbook and must be upgraded, "
                    + "which needs write access to the file and its folder; run `logbook init --db \(path)` as someone who may write it"
            }
        }
    }

    public let kind: Kind
    public let problem: Problem
    public var description: String { problem.description }

    public init(_ kind: Kind = .cannotCreate, _ problem: Problem) {
        self.kind = kind
        self.problem = problem
    }
}

/// What a command may do with the database file.
public enum StoreAccess: Sendable {
    /// Create the file (and its folder) when missing: `init` and the commands that start a database.
    case create
    /// Write to an existing database; a missing or empty file is refused.
    case write
    /// Read an existing database; a missing or empty file is refused. When the file or its folder cannot be
    /// written, the database is opened read-only instead.
    case read
}

/// The opened, migrated database: the one connection every repository works through.
public final class Store {
    /// The underlying connection.
    public let connection: Connection
    /// The database file.
    public let path: String
    /// Versions applied when the store was opened (empty when it was already current).
    public let appliedMigrations: [Int]
    /// Whether this open created the file.
    public let createdFile: Bool
    /// The longest wait for a lock, in seconds (the bound of `write`'s retries too).
    public let busyTimeout: Double

    /// Opens the database at `path`, creating it (folder included, file mode 0600) and migrating it to the
    /// newest schema. A database with a newer schema than this binary is refused untouched.
    public convenience init(path: String, create: Bool = true) throws {
        try self.init(path: path, access: create ? .create : .write, busy: Connection.BusyPolicy(timeout: 10))
    }

    /// Opens the database at `path` for `access`, waiting for locks as `busy` says (opening and migrating too).
    ///
    /// SQLite errors are thrown as they are, with the path; `DatabaseFileError` for what is found before.
    public init(path: String, access: StoreAccess, busy: Connection.BusyPolicy) throws {
        var created = false
        if path != ":memory:" {
            created = try Store.prepareFile(path, access: access)
        }
        self.path = path
        self.createdFile = created
        self.busyTimeout = busy.timeout
        var connection: Connection
        var readOnly = false
        if access != .read && path != ":memory:" && !FileSystem.isWritable(path) {
            // Refused before SQLite opens it: opened anyway, it would leave a -shm as read-only as the file.
            throw SQLiteError(code: 8, message: "attempt to write a readonly database", path: path)
        }
        if access == .read && path != ":memory:" && !FileSystem.isWritable(path) {
            // A file we may only read: reading it the ordinary way would leave a -shm file as read-only as the
            // database, which later blocks its owner's writes. Immutable reads create nothing.
            connection = try Store.openForReading(path, busy: busy, original: nil)
            readOnly = true
        } else { do {
            connection = try Connection(path: path, create: access == .create, readOnly: false, immutable: false, busy: busy)
            readOnly = connection.isReadOnly
        } catch let error as SQLiteError where access == .read && (error.code == 8 || error.code == 14) {
            // SQLITE_READONLY or SQLITE_CANTOPEN: the folder does not let SQLite make its -wal and -shm files.
            connection = try Store.openForReading(path, busy: busy, original: error)
            readOnly = true
        } }
        if readOnly {
            let version = try Migrator.version(of: connection)
            if version < Migration.latestVersion && access == .read {
                throw DatabaseFileError(.needsUpgrade, .needsUpgrade(path: path))
            }
        }
        self.connection = connection
        self.appliedMigrations = try Migrator.migrate(connection)
    }

    /// A read-only connection for a database whose folder cannot be written: plain read-only when SQLite can
    /// use the `-shm` file, else `immutable` when there is no `-wal` file whose changes it would miss.
    /// Without `original` (a file we may not write), immutable comes first when there is no -wal file to miss.
    static func openForReading(_ path: String, busy: Connection.BusyPolicy, original: SQLiteError?) throws -> Connection {
        var info = stat()
        let walHasContent = stat(path + "-wal", &info) == 0 && info.st_size > 0
        if original == nil && !walHasContent {
            let connection = try Connection(path: path, create: false, readOnly: true, immutable: true, busy: busy)
            _ = try Migrator.version(of: connection)
            return connection
        }
        do {
            let connection = try Connection(path: path, create: false, readOnly: true, immutable: false, busy: busy)
            _ = try Migrator.version(of: connection)
            return connection
        } catch let error as SQLiteError where error.code == 8 || error.code == 14 {
            if walHasContent { throw original ?? error }
            let connection = try Connection(path: path, create: false, readOnly: true, immutable: true, busy: busy)
            _ = try Migrator.version(of: connection)
            return connection
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
        let deadline = Store.now() + busyTimeout
        while true {
            do {
                let changesBefore = connection.totalChanges
                let result = try connection.transaction(.immediate, body)
                if connection.totalChanges != changesBefore { HeadWitness.advance(databasePath: path, connection: connection) }
                return result
            } catch let error as SQLiteError
                where error.isBusy && attempt < 20 && !connection.isInTransaction && Store.now() < deadline {
                attempt += 1
                usleep(UInt32(10_000 * attempt))
            }
        }
    }

    /// Runs `body` as one write transaction only if the write lock is free at this moment; nil, with nothing written,
    /// when another connection holds it (no wait, no retry). For bookkeeping that a read must never wait for (issue 30:
    /// the last use of a session or token); inside an open transaction the body joins it.
    public func writeIfFree<T>(_ body: () throws -> T) throws -> T? {
        if connection.isInTransaction { return try body() }
        do {
            return try connection.withoutWaiting {
                let changesBefore = connection.totalChanges
                let result = try connection.transaction(.immediate, body)
                if connection.totalChanges != changesBefore { HeadWitness.advance(databasePath: path, connection: connection) }
                return result
            }
        } catch let error as SQLiteError where error.isBusy {
            return nil
        }
    }

    /// Why the event log does not reach its head witness (see `HeadWitness`), or nil.
    public func headWitnessProblem() throws -> HeadWitness.Problem? {
        try read { try HeadWitness.problem(databasePath: path, connection: connection) }
    }

    /// Runs `body` in a read transaction, so every query sees one snapshot.
    public func read<T>(_ body: () throws -> T) throws -> T {
        if connection.isInTransaction { return try body() }
        return try connection.transaction(.deferred, body)
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Checks the file is there (a regular file, not empty unless it may be created), or creates the folder and
    /// an empty file with mode 0600 when missing and `access` is `.create`. Returns whether it created the file.
    static func prepareFile(_ path: String, access: StoreAccess) throws -> Bool {
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                throw DatabaseFileError(.notAFile, .folder(path: path))
            }
            if type != S_IFREG {
                throw DatabaseFileError(.notAFile, .notRegular(path: path))
            }
            if info.st_size == 0 && access != .create {
                throw DatabaseFileError(.empty, .empty(path: path))
            }
            return false
        }
        let reason = errno
        if reason != ENOENT {
            throw DatabaseFileError(.cannotCreate, .cannotReach(path: path, reason: String(cString: strerror(reason))))
        }
        guard access == .create else {
            throw DatabaseFileError(.missing, .missing(path: path))
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
        if fd < 0 && errno != EEXIST {
            let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            throw DatabaseFileError(.cannotCreate, .cannotCreate(path: path, reason: String(cString: strerror(errno)), folder: folder.isEmpty ? "/" : folder))
        }
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    /// `mkdir -p` with mode 0700 for new folders.
    static func makeDirectories(_ folder: String) throws {
        if let failure = FileSystem.makeDirectories(folder) {
            throw DatabaseFileError(.cannotCreate, .cannotCreateFolder(folder: failure.folder, reason: failure.reason))
        }
    }
}

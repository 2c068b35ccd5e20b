#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SQLite

/// The documented exit codes of `logbook` (also in `--help` and the README).
public enum ExitStatus: Int32, Sendable {
    /// Success.
    case success = 0
    /// Refused by a rule of the domain (element not complete, no grant, already approved, ...).
    case refused = 1
    /// Wrong usage: unknown flag, bad flag value.
    case usage = 64
    /// Bad data in an input file.
    case dataError = 65
    /// An input file is missing or unreadable; the database is missing (for a command that only reads).
    case noInput = 66
    /// The disk or a file cannot be written: read-only database or folder, disk full, I/O error, output failed.
    case ioError = 74
    /// Try again later: another program held the database locked for longer than the wait allowed.
    case tryAgain = 75
    /// An internal error: a bug.
    case internalError = 70
}

/// An error a user can act on: what went wrong, where, and how to fix it, with its exit status.
public struct LogbookError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The exit status the CLI ends with.
    public let status: ExitStatus
    /// One line: what, where, how to fix.
    public let message: String
    /// Further lines (for example every missing competency).
    public let details: [String]
    /// What kind of refusal it is, for front ends that say more than an exit code (the server's HTTP status).
    /// The CLI's exit code stays `status`; two errors with the same status and text are equal whatever their reason.
    public let reason: Reason
    /// The input the refusal concerns, named by its command-line flag without dashes (`date`, `assessor`), when it
    /// concerns one: a page puts the message by that field and focuses it. Not part of equality.
    public internal(set) var input: String?

    /// The kind of a refusal, finer than the exit code.
    public enum Reason: Sendable, Equatable {
        /// A rule of the domain said no (HTTP 422).
        case rule
        /// The person may not do this: no grant, not their position (HTTP 403).
        case forbidden
        /// It is already done, or clashes with what is recorded (HTTP 409).
        case conflict
        /// Nothing by that id, code or handle, or nothing the person may see (HTTP 404).
        case notFound
        /// No one is logged in, or the log-in failed (HTTP 401).
        case unauthenticated
        /// Too many failed attempts; try again later (HTTP 429).
        case throttled(retryAfter: Int64)
    }

    public init(_ status: ExitStatus, _ message: String, details: [String] = [], reason: Reason = .rule) {
        self.status = status
        self.message = message
        self.details = details
        self.reason = reason
        self.input = nil
    }

    /// This refusal, said to concern the input `flag` (`--date`, `'--reason'`, `date`).
    public func concerning(_ flag: String) -> LogbookError {
        var copy = self
        var name = Substring(flag)
        if name.hasPrefix("'") && name.hasSuffix("'") && name.count >= 2 { name = name.dropFirst().dropLast() }
        while name.hasPrefix("-") { name = name.dropFirst() }
        copy.input = name.isEmpty || name.contains(" ") ? nil : String(name)
        return copy
    }

    public static func == (lhs: LogbookError, rhs: LogbookError) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message && lhs.details == rhs.details
    }

    public var description: String { ([message] + details.map { "  " + $0 }).joined(separator: "\n") }

    /// Refused by a rule of the domain (exit 1).
    public static func refused(_ message: String, details: [String] = []) -> LogbookError {
        LogbookError(.refused, message, details: details)
    }
    /// Refused because nothing by that name exists, or nothing the person may see (exit 1; HTTP 404).
    public static func notFound(_ message: String) -> LogbookError { LogbookError(.refused, message, reason: .notFound) }
    /// Refused because the person may not do it (exit 1; HTTP 403).
    public static func forbidden(_ message: String) -> LogbookError { LogbookError(.refused, message, reason: .forbidden) }
    /// Refused because it is already done or clashes with what is recorded (exit 1; HTTP 409).
    public static func conflict(_ message: String) -> LogbookError { LogbookError(.refused, message, reason: .conflict) }
    /// Wrong usage (exit 64).
    public static func usage(_ message: String) -> LogbookError { LogbookError(.usage, message) }
    /// Bad data in an input file (exit 65).
    public static func badData(_ message: String, details: [String] = []) -> LogbookError {
        LogbookError(.dataError, message, details: details)
    }
    /// Input file missing (exit 66).
    public static func noInput(_ message: String) -> LogbookError { LogbookError(.noInput, message) }
    /// A file or the disk cannot be written (exit 74).
    public static func ioError(_ message: String) -> LogbookError { LogbookError(.ioError, message) }
}

extension LogbookError {
    /// The message a user can act on for a fault of the database file (read-only, full, damaged, locked), or
    /// `nil` when `error` is not one (a bug: exit 70). Corruption is exit 65, a lock held too long 75, the rest 74.
    public static func databaseFault(_ error: Error, path knownPath: String? = nil, texts t: Texts = .untranslated) -> LogbookError? {
        guard let error = error as? SQLiteError else { return nil }
        let path = error.path ?? knownPath ?? t("db.theDatabase")
        let folder = DatabaseFolder.of(path)
        let sqlite = DatabaseFolder.plain(error.message)
        switch error.code {
        case 5, 6:  // SQLITE_BUSY, SQLITE_LOCKED
            return LogbookError(.tryAgain, t("db.locked", ["path": path]))
        case 13:  // SQLITE_FULL
            return .ioError(t("db.full", ["path": path]))
        case 11, 26:  // SQLITE_CORRUPT, SQLITE_NOTADB
            return .badData(t("db.damaged", ["path": path, "sqlite": sqlite]))
        case 8, 14, 3, 10:  // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_IOERR
            if access(path, F_OK) == 0 && access(path, W_OK) != 0 {
                return .ioError(t(errno == EROFS ? "db.readOnlyFileSystem" : "db.readOnly", ["path": path]))
            }
            for suffix in ["-wal", "-shm"] where access(path + suffix, F_OK) == 0 && access(path + suffix, W_OK) != 0 {
                return .ioError(t("db.sideFileReadOnly", ["file": path + suffix]))
            }
            if access(folder, W_OK) != 0 {
                return .ioError(t("db.folderReadOnly", ["folder": folder, "name": DatabaseFolder.name(path)]))
            }
            var space = statvfs()
            if error.code == 10 && statvfs(folder, &space) == 0 && UInt64(space.f_bavail) * UInt64(space.f_frsize) < 65_536 {
                // In WAL mode a full disk often comes as an I/O error (a write of the -wal or -shm failed).
                return .ioError(t("db.full", ["path": path]))
            }
            if error.code == 10 {
                return .ioError(t("db.ioError", ["path": path, "sqlite": sqlite]))
            }
            return .ioError(t("db.cannotOpen", ["path": path, "sqlite": sqlite]))
        default:
            return nil
        }
    }
}

/// The folder of a database path, for messages.
enum DatabaseFolder {
    static func of(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// SQLite's message without the path we appended to it when opening.
    static func plain(_ message: String) -> String {
        guard message.hasSuffix(")"), let open = message.lastIndex(of: "("), open > message.startIndex else { return message }
        let before = message.index(before: open)
        return message[before] == " " ? String(message[..<before]) : message
    }
}

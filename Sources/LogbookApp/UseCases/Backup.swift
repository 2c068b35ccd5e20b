#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import LogbookStore
import SQLite

/// `logbook backup --to FILE` (issue 15): an online, consistent copy of the live database, safe while `logbook serve`
/// runs (docs/backup.md).
///
/// SQLite's online backup copies the pages of one read snapshot a few hundred at a time into `FILE.partial` (mode
/// 0600); in WAL mode the server's writers go on meanwhile. The copy is then verified as `logbook verify` would — the
/// file's integrity, its foreign keys, its schema version equal to the source's, and the whole event log replayed —
/// made a single self-contained file (rollback journal, no `-wal`), flushed to disk and renamed into place, so `FILE`
/// is either the previous file or a whole, verified copy.
public enum Backup {
    /// What the backup made.
    public struct Outcome: Sendable {
        public let path: String
        /// The file's size in bytes.
        public let bytes: Int64
        /// Its schema version (the source's).
        public let schemaVersion: Int
        /// The events replayed in the copy.
        public let events: Int
    }

    /// Copies the session's database to `path`. An existing `path` is refused without `force` (exit 1); the database
    /// itself, a folder or a special file are refused always. `pagesPerStep` (default 256 pages, 1 MB at 4 KB pages)
    /// and `between` (called after every step; tests pause in it) shape the copy.
    public static func run(_ session: Session, to path: String, force: Bool, pagesPerStep: Int32 = 256,
                           between: (Connection.BackupProgress) -> Void = { _ in }) throws -> Outcome {
        let t = session.texts
        var info = stat()
        if lstat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { throw LogbookError.noInput(t("backup.folder", ["path": path])) }
            if kind != S_IFREG && kind != S_IFLNK { throw LogbookError.noInput(t("backup.notFile", ["path": path])) }
            var source = stat(), target = stat()
            if stat(session.databasePath, &source) == 0 && stat(path, &target) == 0 && source.st_dev == target.st_dev
                && source.st_ino == target.st_ino {
                throw LogbookError.usage(t("backup.sameFile", ["path": path]))
            }
            if !force { throw LogbookError.conflict(t("backup.exists", ["path": path])) }
        }
        let partial = path + ".partial"
        for leftover in ["", "-journal", "-wal", "-shm"] { unlink(partial + leftover) }  // from a backup that was cut off
        let fd = open(partial, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LogbookError.noInput(t("backup.cannotCreate", ["path": partial, "reason": String(cString: strerror(errno))]))
        }
        close(fd)
        var keepPartial = false
        defer { if !keepPartial { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(partial + suffix) } } }

        // 1. The copy.
        do {
            let destination = try Connection(path: partial, create: false, readOnly: false, immutable: false,
                                             busy: Connection.BusyPolicy(timeout: session.store.busyTimeout))
            // A rollback journal while copying: a WAL destination could not take a source of another page size.
            try destination.execute("PRAGMA journal_mode = DELETE")
            try session.store.connection.backup(to: destination, pagesPerStep: pagesPerStep, busyTimeout: session.store.busyTimeout,
                                                between: between)
            try destination.execute("PRAGMA journal_mode = DELETE")
        } catch let error as SQLiteError {
            throw error.isBusy
                ? LogbookError(.tryAgain, t("db.locked", ["path": session.databasePath]))
                : LogbookError.ioError(t("backup.writeFailed", ["path": partial, "sqlite": error.message]))
        }

        // 2. The checks `logbook verify` makes, on the copy.
        let events: Int
        do {
            events = try verify(partial, schemaVersion: session.schema.version, session: session)
        } catch let error as LogbookError {
            keepPartial = true
            throw error
        } catch {
            // SQLite's own error on a damaged copy (SQLITE_CORRUPT while checking it), a row no version writes: the
            // check failed all the same, and the copy stays for inspection as docs/backup.md says (issue 30).
            keepPartial = true
            throw LogbookError.badData(t("backup.verifyFailed", ["path": partial, "problem": "\(error)"]))
        }
        // 3. One self-contained file (opening it for the replay made it WAL again), flushed to disk, renamed into place,
        // the folder's entry flushed too.
        do {
            try Connection(path: partial, create: false, readOnly: false, immutable: false,
                           busy: Connection.BusyPolicy(timeout: session.store.busyTimeout)).execute("PRAGMA journal_mode = DELETE")
        } catch let error as SQLiteError {
            throw LogbookError.ioError(t("backup.writeFailed", ["path": partial, "sqlite": error.message]))
        }
        try sync(partial, t)
        guard rename(partial, path) == 0 else {
            throw LogbookError.ioError(t("backup.cannotRename", ["from": partial, "to": path, "reason": String(cString: strerror(errno))]))
        }
        keepPartial = true  // it is the backup now
        chmod(path, 0o600)
        let folder = DatabaseFolder.of(path)
        let folderFD = open(folder, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 { fsync(folderFD); close(folderFD) }
        var written = stat()
        stat(path, &written)
        return Outcome(path: path, bytes: Int64(written.st_size), schemaVersion: session.schema.version, events: events)
    }

    /// Checks the copy at `path`; returns how many events replayed. Exit 65 with what failed.
    static func verify(_ path: String, schemaVersion: Int, session: Session) throws -> Int {
        let t = session.texts
        func failed(_ what: String) -> LogbookError {
            .badData(t("backup.verifyFailed", ["path": path, "problem": what]))
        }
        let connection = try Connection(path: path, create: false, readOnly: true, immutable: false,
                                        busy: Connection.BusyPolicy(timeout: session.store.busyTimeout))
        let integrity = try connection.query("PRAGMA integrity_check").compactMap { $0.string(0) }
        if integrity != ["ok"] { throw failed(t("backup.problem.integrity", ["result": integrity.prefix(3).joined(separator: "; ")])) }
        let foreignKeys = try connection.query("PRAGMA foreign_key_check")
        if !foreignKeys.isEmpty {
            throw failed(t("backup.problem.foreignKeys", ["count": String(foreignKeys.count), "table": foreignKeys[0].string(0) ?? "?"]))
        }
        let version = Int(try connection.queryFirst("PRAGMA user_version")?.int(0) ?? 0)
        if version != schemaVersion {
            throw failed(t("backup.problem.schema", ["copy": String(version), "source": String(schemaVersion)]))
        }
        let store: Store
        do {
            store = try Store(path: path, access: .read, busy: Connection.BusyPolicy(timeout: session.store.busyTimeout))
        } catch {
            throw failed("\(error)")
        }
        let copy = Session(store: store, today: session.today, actorHandle: nil, language: session.texts.language)
        let outcome = try Verification.outcome(copy)
        if let first = outcome.problems.first {
            throw failed(t("backup.problem.chain", ["count": String(outcome.problems.count), "first": t.chainProblem(first)]))
        }
        return outcome.events
    }

    /// fsync of the file: the copy is on the disk before its name is.
    static func sync(_ path: String, _ t: Texts) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw LogbookError.ioError(t("backup.writeFailed", ["path": path, "sqlite": reason]))
        }
        close(fd)
    }
}

import CSQLite

extension Connection {
    /// How far an online backup has come, in pages.
    public struct BackupProgress: Sendable {
        /// Pages still to copy.
        public let remaining: Int
        /// Pages of the whole database.
        public let total: Int
    }

    /// Copies this connection's database into `destination` with SQLite's online backup (`sqlite3_backup_*`),
    /// `pagesPerStep` pages at a time, calling `between` after each step.
    ///
    /// All steps run inside one read transaction of this connection, so the copy is one consistent snapshot: in WAL
    /// mode other connections go on writing meanwhile (a reader never blocks a writer) and the backup is never restarted
    /// by their commits. A step that finds the source busy is retried for up to `busyTimeout` seconds.
    public func backup(to destination: Connection, pagesPerStep: Int32 = 256, busyTimeout: Double = 10,
                       between: (BackupProgress) -> Void = { _ in }) throws {
        try transaction(.deferred) {
            // The read transaction starts with the first read: from here on the snapshot is fixed.
            _ = try queryFirst("SELECT count(*) FROM sqlite_schema")
            guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
                throw destination.lastError(sqlite3_errcode(destination.handle), sql: nil)
            }
            var rc = SQLITE_OK
            var waited = 0.0
            var total = 0
            while true {
                rc = sqlite3_backup_step(backup, pagesPerStep)
                if rc == SQLITE_DONE { break }
                if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                    if waited >= busyTimeout { break }
                    sqlite3_sleep(10)
                    waited += 0.01
                    continue
                }
                if rc != SQLITE_OK { break }
                total = Int(sqlite3_backup_pagecount(backup))
                between(BackupProgress(remaining: Int(sqlite3_backup_remaining(backup)), total: total))
            }
            if rc == SQLITE_DONE { total = Int(sqlite3_backup_pagecount(backup)) }
            let finished = sqlite3_backup_finish(backup)
            if rc != SQLITE_DONE {
                var error = destination.lastError(finished != SQLITE_OK ? finished : rc, sql: nil)
                if error.code == SQLITE_OK { error = SQLiteError(code: rc & 0xFF, message: String(cString: sqlite3_errstr(rc)), path: destination.path) }
                throw error
            }
            between(BackupProgress(remaining: 0, total: total))
        }
    }
}

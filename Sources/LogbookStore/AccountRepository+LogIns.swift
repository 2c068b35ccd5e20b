import LogbookDomain
import SQLite

extension AccountRepository {
    /// The log-in attempts, newest first: only `handle`'s when given, only those at or after `since` (Unix seconds),
    /// only failures with `failedOnly`, at most `limit` when given.
    public func attempts(handle: String?, since: Int64?, failedOnly: Bool, limit: Int?) throws -> [LoginAttemptRecord] {
        try connection.query(
            """
            SELECT handle, person_id, at, address, ok FROM login_attempt
            WHERE (?1 IS NULL OR handle = ?1) AND (?2 IS NULL OR at >= ?2) AND (?3 = 0 OR ok = 0)
            ORDER BY at DESC, id DESC LIMIT ?4
            """, handle, since, failedOnly, Int64(limit ?? -1),
            table: "login_attempt") { row in
            LoginAttemptRecord(handle: try row.string("handle"), personID: try row.optionalInt("person_id"), at: try row.int("at"),
                               address: try row.string("address"), ok: try row.int("ok") == 1)
        }
    }

    /// Ends every open session of the person but the one whose id hashes to `keeping` (after a password change);
    /// returns how many ended.
    public func endOtherSessions(personID: Int64, keeping idHash: String, at: Int64) throws -> Int {
        try connection.run("UPDATE server_session SET ended_at = ? WHERE person_id = ? AND id_hash <> ? AND ended_at IS NULL",
                           at, personID, idHash)
        return connection.changes
    }
}

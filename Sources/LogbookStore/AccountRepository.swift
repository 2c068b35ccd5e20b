import LogbookDomain
import SQLite

/// Accounts, invitations, server sessions and log-in attempts of `logbook serve` (migration 0002).
public struct AccountRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    // MARK: Accounts

    /// The bcrypt hash of the person's password, or nil when they have no account.
    public func passwordHash(personID: Int64) throws -> String? {
        try connection.queryFirst("SELECT password_hash FROM account WHERE person_id = ?", personID)?.string(0)
    }

    /// Sets (or replaces) the person's password hash.
    public func setPassword(personID: Int64, hash: String, at: Int64) throws {
        try connection.run(
            """
            INSERT INTO account (person_id, password_hash, created_at, changed_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at
            """,
            personID, hash, at, at)
    }

    // MARK: Invitations

    private static func invitation(_ row: RowDecoder) throws -> InvitationRecord {
        InvitationRecord(id: try row.int("id"), personID: try row.int("person_id"), createdBy: try row.int("created_by"),
                         createdAt: try row.int("created_at"), expiresAt: try row.int("expires_at"),
                         usedAt: try row.optionalInt("used_at"))
    }

    /// Stores an invitation by its token's hash and returns its id.
    public func insertInvitation(tokenHash: String, personID: Int64, createdBy: Int64, at: Int64, expiresAt: Int64) throws -> Int64 {
        try connection.run(
            "INSERT INTO invitation (token_hash, person_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            tokenHash, personID, createdBy, at, expiresAt)
        return connection.lastInsertRowID
    }

    /// The invitation whose token hashes to `tokenHash`.
    public func invitation(tokenHash: String) throws -> InvitationRecord? {
        try connection.queryFirst(
            "SELECT id, person_id, created_by, created_at, expires_at, used_at FROM invitation WHERE token_hash = ?", tokenHash,
            table: "invitation", decode: Self.invitation)
    }

    /// Marks an invitation used, and every other open invitation of the same person too (one link opens one account).
    public func useInvitations(personID: Int64, at: Int64) throws {
        try connection.run("UPDATE invitation SET used_at = ? WHERE person_id = ? AND used_at IS NULL", at, personID)
    }

    // MARK: Sessions

    private static func session(_ row: RowDecoder) throws -> ServerSessionRecord {
        ServerSessionRecord(idHash: try row.string("id_hash"), csrfHash: try row.string("csrf_hash"), personID: try row.int("person_id"),
                            createdAt: try row.int("created_at"), lastSeenAt: try row.int("last_seen_at"),
                            expiresAt: try row.int("expires_at"), endedAt: try row.optionalInt("ended_at"),
                            method: AuthenticationMethod(rawValue: try row.string("method")) ?? .password)
    }

    /// Stores a new session.
    public func insertSession(_ record: ServerSessionRecord) throws {
        try connection.run(
            """
            INSERT INTO server_session (id_hash, csrf_hash, person_id, created_at, last_seen_at, expires_at, method)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            record.idHash, record.csrfHash, record.personID, record.createdAt, record.lastSeenAt, record.expiresAt, record.method.rawValue)
    }

    /// The session whose id hashes to `idHash`.
    public func session(idHash: String) throws -> ServerSessionRecord? {
        try connection.queryFirst(
            """
            SELECT id_hash, csrf_hash, person_id, created_at, last_seen_at, expires_at, ended_at, method
            FROM server_session WHERE id_hash = ?
            """,
            idHash, table: "server_session", decode: Self.session)
    }

    /// Records that the session was used at `at`.
    public func touchSession(idHash: String, at: Int64) throws {
        try connection.run("UPDATE server_session SET last_seen_at = ? WHERE id_hash = ? AND ended_at IS NULL", at, idHash)
    }

    /// Ends one session.
    public func endSession(idHash: String, at: Int64) throws {
        try connection.run("UPDATE server_session SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL", at, idHash)
    }

    /// Ends every open session of a person (sign-out everywhere, a new password).
    public func endSessions(personID: Int64, at: Int64) throws {
        try connection.run("UPDATE server_session SET ended_at = ? WHERE person_id = ? AND ended_at IS NULL", at, personID)
    }

    // MARK: Log-in attempts

    /// Records one attempt.
    public func insertAttempt(_ attempt: LoginAttemptRecord) throws {
        try connection.run("INSERT INTO login_attempt (handle, person_id, at, address, ok) VALUES (?, ?, ?, ?, ?)",
                           attempt.handle, attempt.personID, attempt.at, attempt.address, attempt.ok ? 1 : 0)
    }

    /// The failed attempts for `handle` since `since` and after its latest successful log-in, oldest first (Unix seconds).
    public func failures(handle: String, since: Int64) throws -> [Int64] {
        try connection.query(
            """
            SELECT at FROM login_attempt WHERE handle = ? AND ok = 0 AND at >= ?
              AND at >= coalesce((SELECT max(at) FROM login_attempt WHERE handle = ? AND ok = 1), 0)
            ORDER BY at
            """, handle, since, handle).compactMap { $0.int(0) }
    }

    /// The failed attempts from `address` since `since`, oldest first (Unix seconds).
    public func failures(address: String, since: Int64) throws -> [Int64] {
        try connection.query("SELECT at FROM login_attempt WHERE address = ? AND ok = 0 AND at >= ? ORDER BY at", address, since)
            .compactMap { $0.int(0) }
    }

    /// Every attempt, newest first, at most `limit`.
    public func attempts(limit: Int) throws -> [LoginAttemptRecord] {
        try connection.query(
            "SELECT handle, person_id, at, address, ok FROM login_attempt ORDER BY at DESC, id DESC LIMIT ?", Int64(limit),
            table: "login_attempt") { row in
            LoginAttemptRecord(handle: try row.string("handle"), personID: try row.optionalInt("person_id"), at: try row.int("at"),
                               address: try row.string("address"), ok: try row.int("ok") == 1)
        }
    }
}

extension AccountRepository {
    /// Whether no one has an account yet (the first invitation may then be made without anyone acting).
    public func hasNoAccounts() throws -> Bool {
        try connection.queryFirst("SELECT 1 FROM account LIMIT 1") == nil
    }
}

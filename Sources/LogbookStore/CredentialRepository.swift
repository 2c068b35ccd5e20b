import LogbookDomain
import SQLite

/// A person's TOTP enrolment as stored (migration 0005): the sealed secret, pending until confirmed, and the last
/// accepted time step.
public struct TOTPRecord: Sendable, Hashable {
    public let personID: Int64
    /// The secret sealed with the server's key (base64); opened only by `LogbookApp`.
    public let sealedSecret: String
    /// Unix seconds.
    public let createdAt: Int64
    public let confirmedAt: Int64?
    /// The last 30-second step a code was accepted for; a code of that step or an earlier one is refused.
    public let lastStep: Int64?
}

/// The second factors and tokens of accounts (migration 0005): TOTP enrolments, session methods, API tokens.
public struct CredentialRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    // MARK: TOTP

    /// The person's enrolment, pending or confirmed.
    public func totp(personID: Int64) throws -> TOTPRecord? {
        try connection.queryFirst(
            "SELECT person_id, sealed_secret, created_at, confirmed_at, last_step FROM totp WHERE person_id = ?", personID,
            table: "totp") { row in
            TOTPRecord(personID: try row.int("person_id"), sealedSecret: try row.string("sealed_secret"),
                       createdAt: try row.int("created_at"), confirmedAt: try row.optionalInt("confirmed_at"),
                       lastStep: try row.optionalInt("last_step"))
        }
    }

    /// Stores a new pending enrolment, replacing any earlier one of the person.
    public func setPendingTOTP(personID: Int64, sealedSecret: String, at: Int64) throws {
        try connection.run(
            """
            INSERT INTO totp (person_id, sealed_secret, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, NULL)
            ON CONFLICT (person_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, created_at = excluded.created_at,
              confirmed_at = NULL, last_step = NULL
            """,
            personID, sealedSecret, at)
    }

    /// Marks the enrolment confirmed at `at` with its first accepted step.
    public func confirmTOTP(personID: Int64, step: Int64, at: Int64) throws {
        try connection.run("UPDATE totp SET confirmed_at = ?, last_step = ? WHERE person_id = ?", at, step, personID)
    }

    /// Records the step of an accepted code, so it is not accepted again.
    public func useTOTPStep(personID: Int64, step: Int64) throws {
        try connection.run("UPDATE totp SET last_step = ? WHERE person_id = ?", step, personID)
    }

    /// Removes the person's enrolment.
    public func deleteTOTP(personID: Int64) throws {
        try connection.run("DELETE FROM totp WHERE person_id = ?", personID)
    }

    // MARK: Sessions

    /// Records a new way the session's person authenticated (confirming TOTP in a password session).
    public func setSessionMethod(idHash: String, method: AuthenticationMethod) throws {
        try connection.run("UPDATE server_session SET method = ? WHERE id_hash = ?", method.rawValue, idHash)
    }
}

extension CredentialRepository {
    private static let tokenColumns = "id, person_id, name, scope, created_at, expires_at, revoked_at, last_used_at"

    private static func token(_ row: RowDecoder) throws -> APITokenRecord {
        let scope = try row.string("scope")
        guard let parsed = TokenScope(rawValue: scope) else { throw row.failure("scope", "is \"\(scope)\", not read or act") }
        return APITokenRecord(id: try row.int("id"), personID: try row.int("person_id"), name: try row.string("name"), scope: parsed,
                              createdAt: try row.int("created_at"), expiresAt: try row.int("expires_at"),
                              revokedAt: try row.optionalInt("revoked_at"), lastUsedAt: try row.optionalInt("last_used_at"))
    }

    /// Stores a new token by its hash and returns it as stored.
    public func insertToken(tokenHash: String, personID: Int64, name: String, scope: TokenScope, at: Int64, expiresAt: Int64) throws
        -> APITokenRecord {
        try connection.run(
            "INSERT INTO api_token (token_hash, person_id, name, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            tokenHash, personID, name, scope.rawValue, at, expiresAt)
        return APITokenRecord(id: connection.lastInsertRowID, personID: personID, name: name, scope: scope, createdAt: at,
                              expiresAt: expiresAt, revokedAt: nil, lastUsedAt: nil)
    }

    /// The person's tokens, newest first.
    public func tokens(personID: Int64) throws -> [APITokenRecord] {
        try connection.query("SELECT " + Self.tokenColumns + " FROM api_token WHERE person_id = ? ORDER BY id DESC", personID,
                             table: "api_token", decode: Self.token)
    }

    /// The token with `id`.
    public func token(id: Int64) throws -> APITokenRecord? {
        try connection.queryFirst("SELECT " + Self.tokenColumns + " FROM api_token WHERE id = ?", id, table: "api_token", decode: Self.token)
    }

    /// The token whose secret hashes to `hash`.
    public func token(hash: String) throws -> APITokenRecord? {
        try connection.queryFirst("SELECT " + Self.tokenColumns + " FROM api_token WHERE token_hash = ?", hash, table: "api_token",
                                  decode: Self.token)
    }

    /// Revokes a token.
    public func revokeToken(id: Int64, at: Int64) throws {
        try connection.run("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id)
    }

    /// Records that a token was used at `at`.
    public func touchToken(hash: String, at: Int64) throws {
        try connection.run("UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", at, hash)
    }
}

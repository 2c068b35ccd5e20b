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

/// The second factors and tokens of accounts (migration 0005): TOTP enrolments, session methods.
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

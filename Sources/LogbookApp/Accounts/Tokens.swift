import LogbookDomain
import LogbookStore

/// Personal API tokens for scripts (issue 15): made by the logged-in person for themselves, scoped `read` or `act`,
/// valid for a number of days, revocable. A token is shown once and stored only as its SHA-256, like session ids; a
/// request with `Authorization: Bearer TOKEN` is that person, without a cookie and without CSRF (browsers never send
/// a bearer token on their own). A token never manages log-in or tokens.
public enum APITokens {
    /// Days a token is valid when the request names none.
    public static let defaultDays = 90
    /// The longest validity, in days.
    public static let maximumDays = 365
    /// Tokens start with this, so a token pasted where it does not belong is recognisable (secret scanners, logs).
    public static let prefix = "lbk_"

    /// A token just made: `token` is shown only now.
    public struct Created: Sendable {
        public let token: String
        public let record: APITokenRecord
    }

    /// Makes a token for the logged-in person. `scope` is "read" or "act"; `days` 1 to 365 (default 90).
    public static func create(_ session: Session, _ authenticated: Accounts.Authenticated, name: String, scope: String,
                              days: Int?) throws -> Created {
        let t = session.texts
        let name = try Input.line(name, "'name'", texts: t)
        if name.isEmpty { throw LogbookError.usage(t("token.nameEmpty")) }
        guard let scope = TokenScope(rawValue: scope) else { throw LogbookError.usage(t("token.scope", ["scope": scope])) }
        let days = days ?? defaultDays
        guard (1...maximumDays).contains(days) else {
            throw LogbookError.usage(t("token.days", ["days": String(days), "maximum": String(maximumDays)]))
        }
        return try session.store.write {
            let token = prefix + Accounts.newSecret()
            let now = session.seconds()
            let record = try CredentialRepository(session.store).insertToken(
                tokenHash: Accounts.hash(token), personID: authenticated.personID, name: name, scope: scope, at: now,
                expiresAt: now + Int64(days) * 24 * 3600)
            return Created(token: token, record: record)
        }
    }

    /// The person's own tokens, newest first, without their secrets (which are not stored).
    public static func list(_ session: Session, _ authenticated: Accounts.Authenticated) throws -> [APITokenRecord] {
        try session.store.read { try CredentialRepository(session.store).tokens(personID: authenticated.personID) }
    }

    /// Revokes one of the person's own tokens; another person's answers exactly like one that does not exist.
    public static func revoke(_ session: Session, _ authenticated: Accounts.Authenticated, id: Int64) throws {
        let t = session.texts
        try session.store.write {
            let credentials = CredentialRepository(session.store)
            guard let token = try credentials.token(id: id), token.personID == authenticated.personID else {
                throw LogbookError.notFound(t("token.notFound", ["id": String(id)]))
            }
            if token.revokedAt != nil { throw LogbookError.conflict(t("token.alreadyRevoked", ["id": String(id)])) }
            try credentials.revokeToken(id: id, at: session.seconds())
        }
    }

    /// The one answer for an unknown, revoked or expired token.
    static func noToken(_ t: Texts) -> LogbookError { LogbookError(.refused, t("token.invalid"), reason: .unauthenticated) }

    /// The person a bearer token belongs to: refused (401) when unknown, revoked or expired.
    public static func authenticate(_ session: Session, token: String, touchSeconds: Int64 = 60) throws -> Accounts.Authenticated {
        try session.store.read {
            let now = session.seconds()
            guard token.hasPrefix(prefix), let record = try CredentialRepository(session.store).token(hash: Accounts.hash(token)),
                  record.revokedAt == nil, now < record.expiresAt,
                  let person = try PersonRepository(session.store).find(id: record.personID)
            else { throw noToken(session.texts) }
            return Accounts.Authenticated(handle: person.handle, personID: person.id, method: .token, enrolmentOnly: false,
                                          tokenScope: record.scope,
                                          needsTouch: now - (record.lastUsedAt ?? 0) >= touchSeconds,
                                          idHash: Accounts.hash(token), csrfHash: "")
        }
    }
}

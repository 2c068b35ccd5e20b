/// How a person proved who they are to the server (issue 15); acts signed by the server name it.
public enum AuthenticationMethod: String, Sendable, Hashable, CaseIterable {
    /// Handle and password.
    case password
    /// Handle, password and a TOTP code (RFC 6238).
    case passwordTOTP = "password+totp"
    /// A personal API token (made by the person in a session).
    case token
    /// Single sign-on: a trusted reverse proxy named the person (`--trust-proxy`, `--user-header`).
    case proxy
}

/// What a personal API token lets a script do.
public enum TokenScope: String, Sendable, Hashable, CaseIterable {
    /// Only reading (GET): a nightly report export.
    case read
    /// Reading and acting (every request the person could make), but never managing their credentials.
    case act
}

/// A personal API token as stored (migration 0005): its hash, never the token.
public struct APITokenRecord: Sendable, Hashable {
    public let id: Int64
    public let personID: Int64
    public let name: String
    public let scope: TokenScope
    /// Unix seconds.
    public let createdAt: Int64
    public let expiresAt: Int64
    public let revokedAt: Int64?
    public let lastUsedAt: Int64?

    /// Creates the record.
    public init(id: Int64, personID: Int64, name: String, scope: TokenScope, createdAt: Int64, expiresAt: Int64, revokedAt: Int64?,
                lastUsedAt: Int64?) {
        self.id = id
        self.personID = personID
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

extension Access {
    /// Whether `actor` must log in with a TOTP code on `day`: they hold a grant of one of `roles` standing that day
    /// (the server's `LOGBOOK_REQUIRE_TOTP`). Roles are read on the day, so a new grant brings the requirement with it.
    public static func requiresTOTP(_ actor: Actor, roles: Set<GrantRole>, on day: CalendarDate) -> Bool {
        actor.grants.contains { roles.contains($0.role) && $0.isValid(on: day) }
    }
}

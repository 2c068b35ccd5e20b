import LogbookDomain
import LogbookStore

/// Single sign-on through a trusted reverse proxy (`logbook serve --trust-proxy ADDRESS --user-header NAME`): the proxy
/// has authenticated the person (e.g. an OIDC proxy in front of the region's identity provider) and names them in a
/// header. The server front end believes that header only from the proxy's addresses; these use cases turn the name
/// into a logbook session like a password log-in's, so CSRF, expiry and sign-out work the same.
extension Accounts {
    /// The person a proxy names: their handle, or — when the name holds an `@`, as OIDC proxies often send the
    /// e-mail — the one person with that e-mail address (letter case ignored).
    static func proxyPerson(_ session: Session, name: String) throws -> PersonRecord {
        let people = PersonRepository(session.store)
        if let person = try people.find(handle: name) { return person }
        if name.contains("@") {
            let wanted = name.lowercased()
            let matches = try people.withEmail().filter { $0.email?.lowercased() == wanted }
            if matches.count == 1 { return matches[0] }
        }
        throw LogbookError(.refused, session.texts("account.proxyUnknown", ["name": name]), reason: .unauthenticated)
    }

    /// The session the client already has, when it is valid and belongs to the person the proxy names now; nil when a
    /// new one is needed (none, ended, or someone else's — a shared PC where the next doctor signed on at the proxy).
    /// Refused when the name is nobody in this logbook.
    public static func proxySession(_ session: Session, name: String, sessionID: String?, policy: Policy) throws -> Authenticated? {
        let person = try session.store.read { try proxyPerson(session, name: name) }
        guard let sessionID, let current = try? authenticate(session, sessionID: sessionID, policy: policy),
              current.handle == person.handle
        else { return nil }
        return current
    }

    /// Opens a session for the person the proxy names, recorded as a successful log-in from `address`.
    public static func openProxySession(_ session: Session, name: String, address: String, policy: Policy) throws -> (Authenticated, LoggedIn) {
        try session.store.write {
            let person = try proxyPerson(session, name: name)
            let accounts = AccountRepository(session.store)
            let now = session.seconds()
            try accounts.insertAttempt(LoginAttemptRecord(handle: person.handle, personID: person.id, at: now, address: address, ok: true))
            let id = newSecret(), csrf = newSecret()
            let record = ServerSessionRecord(idHash: hash(id), csrfHash: hash(csrf), personID: person.id, createdAt: now, lastSeenAt: now,
                                             expiresAt: now + policy.absoluteSeconds, endedAt: nil, method: .proxy)
            try accounts.insertSession(record)
            return (Authenticated(handle: person.handle, personID: person.id, method: .proxy, enrolmentOnly: false, needsTouch: false,
                                  idHash: record.idHash, csrfHash: record.csrfHash),
                    LoggedIn(handle: person.handle, sessionID: id, csrfToken: csrf, expiresAt: record.expiresAt, method: .proxy,
                             enrolmentOnly: false))
        }
    }
}

import Crypto
import HummingbirdBcrypt
import LogbookDomain
import LogbookStore

/// Accounts for `logbook serve` (issue 15): invitations, passwords, log-in with throttling, server-side sessions.
///
/// Secrets (invitation tokens, session ids, CSRF tokens) are 32 random bytes shown once as base64url and stored only
/// as their SHA-256. Passwords are stored as bcrypt hashes. The slow parts (bcrypt) run outside any transaction:
/// a front end calls `beginLogIn` (read), `verify` (no database), `finishLogIn` (write), each on its own connection.
public enum Accounts {
    /// How long an invitation can be used.
    public static let invitationSeconds: Int64 = 7 * 24 * 3600
    /// The shortest password accepted, in characters.
    public static let minimumPasswordLength = 12
    /// bcrypt reads only the first 72 bytes; a longer password is refused rather than silently cut.
    public static let maximumPasswordBytes = 72

    /// How sessions and passwords behave; the server reads it from its configuration.
    public struct Policy: Sendable {
        /// bcrypt's cost (log2 rounds); 12 or more in production (tests may use less for speed).
        public var bcryptCost: UInt8
        /// A session unused this long (seconds) has ended.
        public var idleSeconds: Int64
        /// A session ends this long (seconds) after log-in, used or not.
        public var absoluteSeconds: Int64
        /// A session's last use is written at most this often (seconds), so reads do not all become writes.
        public var touchSeconds: Int64
        /// The key TOTP secrets are sealed with (`LOGBOOK_TOTP_KEY_FILE`); without one, nobody can enrol.
        public var totpKey: TOTPKey?
        /// Whoever holds one of these roles on the day must log in with a TOTP code (`LOGBOOK_REQUIRE_TOTP`); until
        /// they have enrolled, a password log-in gives a session that may only enrol.
        public var requireTOTP: Set<GrantRole>

        /// The production defaults: cost 12, 30 minutes idle, 12 hours at most.
        public init(bcryptCost: UInt8 = 12, idleSeconds: Int64 = 30 * 60, absoluteSeconds: Int64 = 12 * 3600, touchSeconds: Int64 = 60,
                    totpKey: TOTPKey? = nil, requireTOTP: Set<GrantRole> = []) {
            self.totpKey = totpKey
            self.requireTOTP = requireTOTP
            self.bcryptCost = bcryptCost
            self.idleSeconds = idleSeconds
            self.absoluteSeconds = absoluteSeconds
            self.touchSeconds = touchSeconds
        }
    }

    // MARK: Secrets

    /// 32 random bytes as base64url without padding (43 characters).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64.encode(bytes).replacingOccurrences("+", "-").replacingOccurrences("/", "_").replacingOccurrences("=", "")
    }

    /// The lower-case hex SHA-256 of a secret, as stored.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Compares two equally long texts in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    // MARK: Invitations

    /// An invitation just made: the token is shown once and stored only as its hash.
    public struct Invitation: Sendable {
        public let handle: String
        /// The person's full name.
        public let name: String
        public let token: String
        /// Unix seconds.
        public let expiresAt: Int64
        /// The outbox row of the invitation's mail, when it was sent by mail (`send`).
        public var mailID: Int64? = nil
        /// The address it was sent to.
        public var address: String? = nil
    }

    /// Invites `handle` to set a password: by whoever may grant every role they hold (for a trainee, the UAO/tutor or
    /// secretariat of their position's department), the rule `Access.mayRegisterKey` applies to signing keys; someone
    /// just registered, with neither grant nor position yet, by whoever may register people (`Access.mayInvite`). In a
    /// database where nobody has an account yet, a secretariat may be invited without anyone acting (bootstrap).
    ///
    /// With `send`, the invitation is also written to the outbox, in this transaction, as a mail with its link to the
    /// person's address (issue 27): refused when the person has no address or no mail is configured.
    public static func invite(_ session: Session, handle: String, send: Bool = false) throws -> Invitation {
        let t = session.texts
        return try session.store.write {
            // In a session scoped to its actor (the server), a person out of sight is answered exactly like a handle
            // nobody has: no name, role or department of theirs in the answer (issue 29).
            let holder = try session.visiblePerson(handle, what: "HANDLE")
            let accounts = AccountRepository(session.store)
            let createdBy: Int64
            if session.actorHandle == nil, try accounts.hasNoAccounts() {
                let grants = try PersonRepository(session.store).actor(holder).grants
                guard grants.contains(where: { $0.role == .secretariat && $0.isValid(on: session.today) }) else {
                    throw LogbookError.usage(t("account.whoInvites"))
                }
                createdBy = holder.id
            } else {
                let (person, actor) = try session.actor()
                if person.id == holder.id {
                    throw LogbookError.forbidden(t("account.inviteSelf", ["handle": person.handle]))
                }
                if case .refused(let refusal) = try invitationDecision(session, holder: holder, by: actor) {
                    throw LogbookError.forbidden(session.texts("account.inviteRefused", ["holder": holder.handle, "reason": session.texts.refusal(refusal)]))
                }
                createdBy = person.id
            }
            let token = newSecret()
            let now = session.seconds()
            _ = try accounts.insertInvitation(tokenHash: hash(token), personID: holder.id, createdBy: createdBy, at: now,
                                              expiresAt: now + invitationSeconds)
            var invitation = Invitation(handle: holder.handle, name: holder.name, token: token, expiresAt: now + invitationSeconds)
            if send {
                guard session.mail != nil else { throw LogbookError.usage(t("mail.invitation.noMail")) }
                guard let address = holder.email else { throw LogbookError.refused(t("mail.invitation.noAddress", ["handle": holder.handle])) }
                let inviter = try session.actorHandle.flatMap { try PersonRepository(session.store).find(handle: $0) }
                invitation.mailID = try Outbox.invitation(session, invitation, person: holder, inviter: inviter)
                invitation.address = address
            }
            return invitation
        }
    }

    /// The access decision for inviting `holder` today (`Access.mayInvite`): as for registering their key, and a
    /// newcomer with neither grant nor position by whoever may register people.
    static func invitationDecision(_ session: Session, holder: PersonRecord, by actor: Actor) throws -> AccessDecision {
        let keyDecision = try Keys.registrationDecision(session, holder: holder, by: actor, on: session.today)
        let grants = try PersonRepository(session.store).grants(personID: holder.id)
        let positions = try PositionLoader(session.store).load(.trainee(holder.id))
        let newcomer = grants.isEmpty && positions.isEmpty
        return Access.mayInvite(keyDecision: keyDecision, newcomer: newcomer, by: actor, on: session.today)
    }

    /// A moment in Unix seconds as people read it: "30.11.2026 kl. 05:19 UTC", "2026-11-30 05:19 UTC".
    public static func moment(_ seconds: Int64, _ t: Texts) -> String {
        let stamp = Session.utc(seconds: seconds)  // 2026-11-27T05:19:10Z
        let day = CalendarDate(iso: String(stamp.prefix(10))).map(t.date) ?? String(stamp.prefix(10))
        return t("account.moment", ["date": day, "time": String(stamp.dropFirst(11).prefix(5))])
    }

    /// A password checked against the rules and hashed with bcrypt (slow: call it off any event loop).
    public struct PasswordHash: Sendable {
        let hash: String
    }

    /// Checks the password rules (12 to 72 bytes, not only spaces) and hashes it with `policy`'s cost.
    public static func hashPassword(_ password: String, policy: Policy) throws -> PasswordHash {
        if password.count < minimumPasswordLength || password.trimmed.isEmpty {
            throw LogbookError.refused("a password must have at least \(minimumPasswordLength) characters (got \(password.count))")
        }
        if password.utf8.count > maximumPasswordBytes {
            throw LogbookError.refused("a password can have at most \(maximumPasswordBytes) bytes (got \(password.utf8.count)); choose a shorter one")
        }
        return PasswordHash(hash: Bcrypt.hash(password, cost: policy.bcryptCost))
    }

    /// The one answer for an invitation token that is unknown, used or expired.
    static let invitationGone = LogbookError.notFound(
        "this invitation is unknown, already used or expired; ask whoever invited you for a new one (`logbook account invite`)")

    /// Whose invitation `token` is, while it can still be used (nil when unknown, used or expired): the invitation page
    /// shows the user name the person will log in with before they choose a password. Changes nothing.
    public static func invitee(_ session: Session, token: String) throws -> PersonRecord? {
        try session.store.read {
            guard let invitation = try AccountRepository(session.store).invitation(tokenHash: hash(token)), invitation.usedAt == nil,
                  session.seconds() < invitation.expiresAt
            else { return nil }
            return try PersonRepository(session.store).find(id: invitation.personID)
        }
    }

    /// Opens (or resets) the account of the invitation's person with `password`, uses up their invitations and ends
    /// their sessions. A reset also removes their TOTP (a lost phone is reset the way a forgotten password is: by
    /// whoever may grant their role); they enrol again. Returns the person.
    public static func acceptInvitation(_ session: Session, token: String, password: PasswordHash) throws -> PersonRecord {
        try session.store.write {
            let accounts = AccountRepository(session.store)
            let now = session.seconds()
            guard let invitation = try accounts.invitation(tokenHash: hash(token)), invitation.usedAt == nil, now < invitation.expiresAt,
                  let person = try PersonRepository(session.store).find(id: invitation.personID)
            else { throw invitationGone }
            try accounts.setPassword(personID: person.id, hash: password.hash, at: now)
            try accounts.useInvitations(personID: person.id, at: now)
            try accounts.endSessions(personID: person.id, at: now)
            try CredentialRepository(session.store).deleteTOTP(personID: person.id)
            return person
        }
    }

    // MARK: Log-in

    /// What `beginLogIn` found: who, their stored hash (if any), and from where. Opaque to front ends.
    public struct LogInCheck: Sendable {
        let handle: String
        let personID: Int64?
        let storedHash: String?
        let address: String
    }

    /// The outcome of checking the password, for `finishLogIn`.
    public struct LogInVerdict: Sendable {
        let check: LogInCheck
        let ok: Bool
    }

    /// A hash that matches nothing, checked for unknown handles so they take as long as known ones.
    static let decoy = Bcrypt.hash(newSecret(), cost: 12)

    /// The message for every failed log-in: it never says whether the handle exists, nor whether the password was
    /// right when a TOTP code was missing or wrong.
    static let wrongLogIn = LogbookError(.refused, "wrong handle or password", details: [Texts.untranslated("totp.logInHint")],
                                         reason: .unauthenticated)

    /// Step 1 (read): refuses a throttled account or address (too many recent failures), else looks up the account.
    public static func beginLogIn(_ session: Session, handle: String, address: String) throws -> LogInCheck {
        try session.store.read {
            let accounts = AccountRepository(session.store)
            let now = session.seconds()
            let byAccount = LoginThrottle.account.wait(
                failures: try accounts.failures(handle: handle, since: now - LoginThrottle.account.window), now: now)
            let byAddress = LoginThrottle.address.wait(
                failures: try accounts.failures(address: address, since: now - LoginThrottle.address.window), now: now)
            let wait = max(byAccount, byAddress)
            if wait > 0 {
                throw LogbookError(.tryAgain, "too many failed log-ins \(byAccount >= byAddress ? "for this handle" : "from this address"); "
                    + "try again in \(wait) s", reason: .throttled(retryAfter: wait))
            }
            let person = try PersonRepository(session.store).find(handle: handle)
            let stored = try person.flatMap { try accounts.passwordHash(personID: $0.id) }
            // Text that is not a handle at all (often a password typed into the wrong field) is never recorded (issue 29):
            // the attempt is kept with an empty handle, which no person has.
            let recorded = (try? Handle.check(handle)) == nil ? "" : handle
            return LogInCheck(handle: recorded, personID: person?.id, storedHash: stored, address: address)
        }
    }

    /// Step 2 (no database, slow): checks the password with bcrypt; an unknown handle is checked against a decoy.
    public static func verify(_ check: LogInCheck, password: String) -> LogInVerdict {
        guard let stored = check.storedHash else {
            _ = Bcrypt.verify(password, hash: decoy)
            return LogInVerdict(check: check, ok: false)
        }
        return LogInVerdict(check: check, ok: password.utf8.count <= maximumPasswordBytes && Bcrypt.verify(password, hash: stored))
    }

    /// A session just opened: the cookie's id and the CSRF token are shown once.
    public struct LoggedIn: Sendable {
        public let handle: String
        public let sessionID: String
        public let csrfToken: String
        /// Unix seconds.
        public let expiresAt: Int64
        /// How the person authenticated.
        public let method: AuthenticationMethod
        /// Whether the session may only enrol TOTP (`Policy.requireTOTP`).
        public let enrolmentOnly: Bool
    }

    /// Step 3 (write): checks the TOTP `code` of a person who has confirmed TOTP (a missing, wrong or used code fails
    /// like a wrong password) and records the attempt; a success opens a new session (never reusing an id the client
    /// had), a failure is refused with one message whatever was wrong.
    public static func finishLogIn(_ session: Session, _ verdict: LogInVerdict, policy: Policy, code: String? = nil) throws -> LoggedIn {
        let check = verdict.check
        let outcome: Result<LoggedIn, LogbookError> = try session.store.write {
            let accounts = AccountRepository(session.store)
            let credentials = CredentialRepository(session.store)
            let now = session.seconds()
            var ok = verdict.ok, method = AuthenticationMethod.password
            if ok, let personID = check.personID, let totp = try credentials.totp(personID: personID), totp.confirmedAt != nil {
                if let secret = policy.totpKey?.open(totp.sealedSecret, personID: personID),
                   let step = TwoFactor.acceptedStep(code, secret: secret, now: now, after: totp.lastStep) {
                    try credentials.useTOTPStep(personID: personID, step: step)
                    method = .passwordTOTP
                } else {
                    ok = false
                }
            }
            try accounts.insertAttempt(LoginAttemptRecord(handle: check.handle, personID: check.personID, at: now,
                                                          address: check.address, ok: ok))
            guard ok, let personID = check.personID else { return .failure(wrongLogIn) }
            let id = newSecret(), csrf = newSecret()
            let expires = now + policy.absoluteSeconds
            try accounts.insertSession(ServerSessionRecord(idHash: hash(id), csrfHash: hash(csrf), personID: personID, createdAt: now,
                                                           lastSeenAt: now, expiresAt: expires, endedAt: nil, method: method))
            let enrolmentOnly = try enrolmentOnly(session, personID: personID, method: method, policy: policy)
            return .success(LoggedIn(handle: check.handle, sessionID: id, csrfToken: csrf, expiresAt: expires, method: method,
                                     enrolmentOnly: enrolmentOnly))
        }
        return try outcome.get()
    }

    /// Whether a session opened by `method` may only enrol TOTP: without a code, for someone holding a role that
    /// requires TOTP on the session's day.
    static func enrolmentOnly(_ session: Session, personID: Int64, method: AuthenticationMethod, policy: Policy) throws -> Bool {
        guard method == .password, !policy.requireTOTP.isEmpty else { return false }
        let people = PersonRepository(session.store)
        guard let person = try people.find(id: personID) else { return false }
        return Access.requiresTOTP(try people.actor(person), roles: policy.requireTOTP, on: session.today)
    }

    // MARK: Sessions

    /// Who a session cookie belongs to, and what checking it found.
    public struct Authenticated: Sendable {
        public let handle: String
        public let personID: Int64
        /// How the person authenticated (for acts the server signs).
        public let method: AuthenticationMethod
        /// Whether this session may only enrol TOTP (the person's role requires it and they have not confirmed it).
        public let enrolmentOnly: Bool
        /// The scope of the API token the request carried; nil for a session.
        public internal(set) var tokenScope: TokenScope? = nil
        /// Whether the last use should be written now (`touch`).
        public let needsTouch: Bool
        let idHash: String
        let csrfHash: String

        /// Whether `token` is this session's CSRF token.
        public func acceptsCSRF(_ token: String?) -> Bool {
            guard let token else { return false }
            return Accounts.constantTimeEqual(Accounts.hash(token), csrfHash)
        }
    }

    /// The one answer for a missing, unknown, ended or expired session.
    public static let noSession = LogbookError(.refused, "not logged in, or the session has ended; log in again", reason: .unauthenticated)

    /// The person of a session id: refused when unknown, signed out, past its absolute end or idle too long.
    public static func authenticate(_ session: Session, sessionID: String, policy: Policy) throws -> Authenticated {
        try session.store.read {
            let now = session.seconds()
            guard let record = try AccountRepository(session.store).session(idHash: hash(sessionID)), record.endedAt == nil,
                  now < record.expiresAt, now - record.lastSeenAt < policy.idleSeconds,
                  let person = try PersonRepository(session.store).find(id: record.personID)
            else { throw noSession }
            return Authenticated(handle: person.handle, personID: person.id, method: record.method,
                                 enrolmentOnly: try enrolmentOnly(session, personID: person.id, method: record.method, policy: policy),
                                 needsTouch: now - record.lastSeenAt >= policy.touchSeconds,
                                 idHash: record.idHash, csrfHash: record.csrfHash)
        }
    }

    /// Writes the session's (or API token's) last use (after `authenticate` said `needsTouch`), if the write lock is
    /// free now; false when it is not (issue 30: a read never waits for the write lock — another program's import, a
    /// shell in `BEGIN EXCLUSIVE`). A skipped touch is made by the next request that finds the lock free; the idle end
    /// of a session moves only when one is made.
    @discardableResult
    public static func touch(_ session: Session, _ authenticated: Authenticated) throws -> Bool {
        try session.store.writeIfFree {
            if authenticated.tokenScope != nil {
                try CredentialRepository(session.store).touchToken(hash: authenticated.idHash, at: session.seconds())
            } else {
                try AccountRepository(session.store).touchSession(idHash: authenticated.idHash, at: session.seconds())
            }
        } != nil
    }

    /// Ends the session (sign-out); `everywhere` ends every session of the person.
    public static func logOut(_ session: Session, _ authenticated: Authenticated, everywhere: Bool = false) throws {
        try session.store.write {
            let accounts = AccountRepository(session.store)
            let now = session.seconds()
            if everywhere, let person = try PersonRepository(session.store).find(handle: authenticated.handle) {
                try accounts.endSessions(personID: person.id, at: now)
            } else {
                try accounts.endSession(idHash: authenticated.idHash, at: now)
            }
        }
    }

    /// The latest log-in attempts, newest first: for a secretariat (`Access.mayListLogIns`; `LogIns.list` filters).
    public static func attempts(_ session: Session, limit: Int = 100) throws -> [LoginAttemptRecord] {
        try LogIns.list(session, LogIns.Filter(limit: limit)).map(\.attempt)
    }
}

extension String {
    /// Every `target` replaced by `replacement` (LogbookApp imports no Foundation).
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

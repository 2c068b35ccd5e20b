import Crypto
import HummingbirdOTP
import LogbookDomain
import LogbookStore

/// The server's key for TOTP secrets (`LOGBOOK_TOTP_KEY_FILE`): 32 random bytes. Secrets are sealed with
/// ChaCha20-Poly1305 and bound to the person's id, so a copy of the database alone gives no one the codes, and a
/// sealed secret copied to another person's row does not open.
public struct TOTPKey: Sendable {
    let bytes: [UInt8]

    /// A key of exactly 32 bytes; nil otherwise.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Reads the key file: the base64 of 32 random bytes (`head -c 32 /dev/urandom | base64`). A usage error naming
    /// the setting when the file is missing or holds anything else.
    public static func load(path: String) throws -> TOTPKey {
        let t = Texts.untranslated
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, maximum: 4096) } catch let error as LogbookError {
            throw LogbookError.usage(t("totp.key.unreadable", ["path": path, "problem": error.message]))
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmed
        guard let raw = Base64.decode(text), let key = TOTPKey(bytes: raw) else {
            throw LogbookError.usage(t("totp.key.invalid", ["path": path]))
        }
        return key
    }

    private func context(_ personID: Int64) -> [UInt8] { Array("logbook totp secret of person \(personID)".utf8) }

    /// The secret sealed for the person, as base64 text.
    func seal(_ secret: String, personID: Int64) throws -> String {
        let box = try ChaChaPoly.seal(Array(secret.utf8), using: SymmetricKey(data: bytes), authenticating: context(personID))
        return Base64.encode(Array(box.combined))
    }

    /// The secret of a sealed text, or nil when this key (or this person) does not open it.
    func open(_ sealed: String, personID: Int64) -> String? {
        guard let combined = Base64.decode(sealed), let box = try? ChaChaPoly.SealedBox(combined: combined),
              let plain = try? ChaChaPoly.open(box, using: SymmetricKey(data: bytes), authenticating: context(personID))
        else { return nil }
        return String(decoding: Array(plain), as: UTF8.self)
    }
}

/// Two-factor log-in with TOTP (RFC 6238, as authenticator apps do it: HMAC-SHA1, 6 digits, 30-second steps), for
/// `logbook serve` (issue 15). A logged-in person enrols (a new secret, shown once, stored pending), confirms with a
/// first code, and from then on logs in with password and code. A code is accepted for the current step and one
/// step either side (clocks drift), and only once: the last accepted step is stored and no code of it or an earlier
/// step is accepted again.
public enum TwoFactor {
    /// Seconds per step.
    public static let period: Int64 = 30
    /// Digits per code.
    public static let digits = 6
    /// The issuer authenticator apps show beside the account: the logbook's Danish name, the same whatever language the
    /// page was read in (the account in the app keeps its name).
    public static let issuer = "Logbog"

    /// A new enrolment: the secret in base32 (for typing into an app) and the `otpauth://` URI (for a QR code).
    /// Shown once; the server keeps only the sealed secret.
    public struct Enrolment: Sendable {
        public let secret: String
        public let uri: String
    }

    /// 20 random bytes below 128 (140 bits, a 160-bit HMAC key, as RFC 4226 recommends), as the text HummingbirdOTP
    /// takes: its UTF-8 bytes are the key.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: 0...127, using: &generator) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 4648 base32 without padding, as `otpauth://` URIs carry secrets.
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = "", buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// The code of `secret` for a time step: RFC 6238's TOTP is RFC 4226's HOTP with the step as its counter.
    static func code(secret: String, step: Int64) -> Int {
        HOTP(secret: secret, length: digits).compute(counter: UInt64(step))
    }

    /// The step `code` belongs to among the current step and one either side, later than `lastStep`; nil when the
    /// code is not six digits, wrong, or already used.
    static func acceptedStep(_ code: String?, secret: String, now: Int64, after lastStep: Int64?) -> Int64? {
        guard let code else { return nil }
        let text = code.filter { $0 != " " }
        guard text.count == digits, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(text) else { return nil }
        let current = now / period
        var found: Int64?
        for step in (current - 1)...(current + 1) where step > (lastStep ?? -1) && step >= 0 {
            // Every candidate is computed, so the time taken says nothing about which one matched.
            if self.code(secret: secret, step: step) == value && found == nil { found = step }
        }
        return found
    }

    /// The server's key, or the refusal saying TOTP is not set up on this server.
    static func key(_ policy: Accounts.Policy, _ t: Texts) throws -> TOTPKey {
        guard let key = policy.totpKey else { throw LogbookError.conflict(t("totp.noKey")) }
        return key
    }

    /// Starts (or restarts) an enrolment for the logged-in person: refused when TOTP is already confirmed for them.
    public static func enrol(_ session: Session, _ authenticated: Accounts.Authenticated, policy: Accounts.Policy) throws -> Enrolment {
        let t = session.texts
        let key = try key(policy, t)
        return try session.store.write {
            let credentials = CredentialRepository(session.store)
            if let existing = try credentials.totp(personID: authenticated.personID), existing.confirmedAt != nil {
                throw LogbookError.conflict(t("totp.alreadyOn", ["handle": authenticated.handle]))
            }
            let secret = newSecret()
            try credentials.setPendingTOTP(personID: authenticated.personID, sealedSecret: try key.seal(secret, personID: authenticated.personID),
                                           at: session.seconds())
            let uri = TOTP(secret: secret, length: digits, timeStep: Int(period))
                .createAuthenticatorURL(label: "\(issuer):\(authenticated.handle)", issuer: issuer)
            return Enrolment(secret: base32(Array(secret.utf8)), uri: uri)
        }
    }

    /// Confirms the pending enrolment with a current code: TOTP is then required at every log-in, and this session
    /// counts as opened with password and code.
    public static func confirm(_ session: Session, _ authenticated: Accounts.Authenticated, code: String, policy: Accounts.Policy) throws {
        let t = session.texts
        let key = try key(policy, t)
        try session.store.write {
            let credentials = CredentialRepository(session.store)
            guard let pending = try credentials.totp(personID: authenticated.personID), pending.confirmedAt == nil else {
                throw LogbookError.conflict(t("totp.nothingPending"))
            }
            guard let secret = key.open(pending.sealedSecret, personID: authenticated.personID),
                  let step = acceptedStep(code, secret: secret, now: session.seconds(), after: pending.lastStep)
            else { throw LogbookError.refused(t("totp.wrongCode")) }
            try credentials.confirmTOTP(personID: authenticated.personID, step: step, at: session.seconds())
            try credentials.setSessionMethod(idHash: authenticated.idHash, method: .passwordTOTP)
        }
    }

    /// What proves it is the person removing their TOTP: their password (checked by `Accounts.verify`) or a code.
    public enum Proof: Sendable {
        case password(Accounts.LogInVerdict)
        case code(String)
    }

    /// Removes the person's TOTP (pending or confirmed) after `proof`; a wrong proof is recorded as a failed log-in
    /// (it slows down further guesses like one) and changes nothing else.
    public static func remove(_ session: Session, _ authenticated: Accounts.Authenticated, proof: Proof, address: String,
                              policy: Accounts.Policy) throws {
        let t = session.texts
        let outcome: Result<Void, LogbookError> = try session.store.write {
            let credentials = CredentialRepository(session.store)
            guard let enrolment = try credentials.totp(personID: authenticated.personID) else {
                return .failure(LogbookError.notFound(t("totp.notOn", ["handle": authenticated.handle])))
            }
            var ok = false, step: Int64?
            switch proof {
            case .password(let verdict):
                ok = verdict.ok && verdict.check.personID == authenticated.personID
            case .code(let code):
                if let secret = policy.totpKey?.open(enrolment.sealedSecret, personID: authenticated.personID) {
                    step = acceptedStep(code, secret: secret, now: session.seconds(), after: enrolment.lastStep)
                    ok = step != nil
                }
            }
            try AccountRepository(session.store).insertAttempt(LoginAttemptRecord(
                handle: authenticated.handle, personID: authenticated.personID, at: session.seconds(), address: address, ok: ok))
            guard ok else { return .failure(LogbookError.refused(t("totp.wrongProof"))) }
            try credentials.deleteTOTP(personID: authenticated.personID)
            return .success(())
        }
        try outcome.get()
    }

    /// Whether the person's TOTP is confirmed (nil: not enrolled; false: pending).
    public static func status(_ session: Session, _ authenticated: Accounts.Authenticated) throws -> Bool? {
        try session.store.read { try CredentialRepository(session.store).totp(personID: authenticated.personID).map { $0.confirmedAt != nil } }
    }
}

import LogbookDomain
import LogbookStore

/// How `logbook serve` signs what it records (docs/signing.md, "The server's key"): every act made through the server
/// names how its maker authenticated (password, password+TOTP, proxy sign-on or an API token) and is signed with the
/// server's own Ed25519 key, which a secretariat registered in the key chain as `server:NAME`. A person's own key is not
/// needed on the server (and never leaves their computer); they may still sign with it in the CLI.
public struct ServerSigning: Sendable {
    /// The server's private key (`LOGBOOK_SERVER_KEY_FILE`).
    public let key: PrivateSigningKey
    /// How the person acting authenticated; nil only for work no person asked for (which records no act).
    public let authentication: AuthenticationMethod?

    public init(key: PrivateSigningKey, authentication: AuthenticationMethod?) {
        self.key = key
        self.authentication = authentication
    }

    /// Puts the authentication into `content` and signs it, after checking that the server's key is registered before
    /// the event, not revoked, and valid on the day it is recorded. A refusal leaves the database as it was.
    func sign(_ content: inout EventContent, _ session: Session) throws -> String {
        let t = session.texts
        guard let authentication else { throw LogbookError(.internalError, t("server.key.noAuthentication")) }
        content.authentication = authentication.rawValue
        _ = try ServerKeys.standing(session, key.publicKey, for: content)
        return try key.sign(content.canonicalBytes)
    }
}

/// The server's signing key: making its file, loading it, and checking its registration.
public enum ServerKeys {
    /// Makes a new server key in a file at `path` (mode 0600; an existing file is kept unless `force`) and returns its
    /// public key, for a secretariat to register with `logbook key register server:NAME PUBLIC-KEY`.
    public static func generate(path: String, force: Bool, _ t: Texts) throws -> PublicSigningKey {
        let key = PrivateSigningKey()
        try KeyFiles.writePrivate(key, to: path, force: force, existing: t("server.key.fileExists", ["path": path]), t)
        return key.publicKey
    }

    /// The server key in the file at `path` (`LOGBOOK_SERVER_KEY_FILE`): refused when missing, readable by others, or no key.
    public static func load(path: String, _ t: Texts = .untranslated) throws -> PrivateSigningKey {
        guard let key = try KeyFiles.readPrivate(path, t) else {
            throw LogbookError.usage(t("server.key.missing", ["path": path]))
        }
        return key
    }

    /// The registration of `key` as a server key that may sign `content` (or, without content, anything recorded
    /// today); refused with what to do when it is unregistered, a person's key, revoked or outside its validity.
    @discardableResult
    public static func standing(_ session: Session, _ key: PublicSigningKey, for content: EventContent? = nil) throws -> RegisteredKey {
        let t = session.texts
        let book = try session.store.read { try KeyRepository(session.store).book() }
        guard let registered = book.key(key) else {
            throw LogbookError.refused(t("server.key.unregistered", ["fingerprint": key.fingerprint, "key": key.base64]))
        }
        guard registered.isServer else {
            throw LogbookError.refused(t("server.key.personal", ["fingerprint": key.fingerprint, "handle": registered.holder]))
        }
        if let revocation = registered.revocation {
            throw LogbookError.refused(t("server.key.revoked", [
                "fingerprint": key.fingerprint, "date": t.date(revocation.on), "actor": revocation.actor, "reason": revocation.reason,
            ]))
        }
        let day = content?.recordedOn ?? session.today
        guard registered.isValid(on: day) else {
            throw LogbookError.refused(t("server.key.notValid", [
                "fingerprint": key.fingerprint, "date": t.date(day), "validity": t.keyValidity(registered.validity),
            ]))
        }
        return registered
    }
}

import LogbookDomain
import LogbookStore

/// Signing keys: generating a person's key pair, registering and revoking public keys (each a signed event of
/// the key chain), and signing every act of a person who has a registered key (docs/signing.md).
public enum Keys {
    /// Creates a key pair for the acting person: the private key in their key file (mode 0600), nothing in the database.
    public static func generate(_ session: Session, force: Bool) throws -> (key: PublicSigningKey, privatePath: String, publicPath: String) {
        let (person, _) = try session.store.read { try session.actor() }
        let key = PrivateSigningKey()
        let paths = try KeyFiles.write(key, handle: person.handle, environment: session.environment, force: force, session.texts)
        return (key.publicKey, paths.privatePath, paths.publicPath)
    }

    /// Registers `publicKey` for `holder`, valid from `from` (default today) through `until`: a key-registration
    /// event signed by the registrar's key. The first key of a database may be registered by a secretariat for
    /// themselves (bootstrap), signed by that very key.
    public static func register(_ session: Session, holder: String, publicKey: String, from: String?, until: String?) throws
        -> (event: EventRecord, key: RegisteredKey, bootstrap: Bool)
    {
        let t = session.texts
        guard let key = PublicSigningKey(base64: publicKey.trimmed) else {
            throw LogbookError.usage(t("key.badPublicKey", ["value": publicKey]))
        }
        let validFrom = try from.map { try session.date($0, flag: "--from") } ?? session.today
        let validUntil = try until.map { try session.date($0, flag: "--until") }
        if let validUntil, validUntil < validFrom {
            throw LogbookError.usage(t("key.untilBeforeFrom", ["until": t.date(validUntil), "from": t.date(validFrom)]))
        }
        if holder.trimmed.hasPrefix(KeyRegistrationPayload.serverPrefix) {
            return try registerServer(session, name: String(holder.trimmed.dropFirst(KeyRegistrationPayload.serverPrefix.count)),
                                      key: key, from: validFrom, until: validUntil)
        }
        return try session.store.write {
            let (registrarPerson, registrar) = try session.actor()
            let holderPerson = try session.person(holder, what: "HANDLE")
            let keys = KeyRepository(session.store)
            let book = try keys.book()
            if let existing = book.key(key) {
                throw LogbookError.conflict(t("key.alreadyRegistered", [
                    "fingerprint": key.fingerprint, "handle": existing.holder, "event": String(existing.eventID),
                ]))
            }
            let bootstrap = registrarPerson.id == holderPerson.id
            let used: Grant?
            var signer = ActSigner(session, handle: registrarPerson.handle)
            if bootstrap {
                if try keys.hasAnyKey() {
                    throw LogbookError.forbidden(t("key.ownKey", ["handle": registrar.handle]))
                }
                guard let grant = registrar.grants.first(where: { $0.role == .secretariat && $0.isValid(on: session.today) }) else {
                    throw LogbookError.forbidden(t("key.ownKey.notSecretariat", ["handle": registrar.handle]))
                }
                used = grant
                let path = try KeyFiles.privateKeyPath(registrar.handle, session.environment, t)
                guard let privateKey = try KeyFiles.read(registrar.handle, session.environment, t)?.key, privateKey.publicKey == key else {
                    throw LogbookError.refused(t("key.bootstrapFile", ["path": path, "fingerprint": key.fingerprint, "handle": registrar.handle]))
                }
                signer = ActSigner(session, handle: registrar.handle, bootstrapKey: privateKey)
            } else {
                used = try registrationPermit(session, holder: holderPerson, by: registrar).grant
            }
            let (role, department) = try actorRole(session, used)
            let payload = KeyRegistrationPayload(holder: holderPerson.handle, key: key, validFrom: validFrom, validUntil: validUntil)
            let event = try session.append(
                NewEvent(kind: .keyRegistration, positionID: nil, effectiveOn: session.today,
                         actor: (registrarPerson.id, registrarPerson.handle), actorRole: role, actorDepartment: department,
                         payload: payload.text),
                signer: signer)
            return (event, RegisteredKey(eventID: event.id, payload: payload, registrar: registrar.handle, registeredOn: session.today),
                    bootstrap)
        }
    }

    /// Registers a server key (`server:NAME`): by a secretariat holding a grant today, signed by their own key when they
    /// have one. The server then signs every act made through it (docs/signing.md, "The server's key").
    static func registerServer(_ session: Session, name nameText: String, key: PublicSigningKey, from: CalendarDate, until: CalendarDate?) throws
        -> (event: EventRecord, key: RegisteredKey, bootstrap: Bool)
    {
        let t = session.texts
        let name: String
        do { name = try Handle.check(nameText) } catch { throw LogbookError.usage(t("server.key.badName", ["name": nameText])) }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let book = try KeyRepository(session.store).book()
            if let existing = book.key(key) {
                throw LogbookError.conflict(t("key.alreadyRegistered", [
                    "fingerprint": key.fingerprint, "handle": existing.holder, "event": String(existing.eventID),
                ]))
            }
            let grant = try secretariatGrant(session, actor)
            let (role, department) = try actorRole(session, grant)
            let payload = KeyRegistrationPayload(holder: KeyRegistrationPayload.serverPrefix + name, key: key, validFrom: from, validUntil: until)
            let event = try session.append(
                NewEvent(kind: .keyRegistration, positionID: nil, effectiveOn: session.today,
                         actor: (person.id, person.handle), actorRole: role, actorDepartment: department, payload: payload.text),
                signer: ActSigner(session, handle: person.handle))
            return (event, RegisteredKey(eventID: event.id, payload: payload, registrar: person.handle, registeredOn: session.today), false)
        }
    }

    /// The secretariat grant `actor` holds today: who registers and revokes server keys. Refused otherwise.
    static func secretariatGrant(_ session: Session, _ actor: Actor) throws -> Grant {
        guard let grant = actor.grants.first(where: { $0.role == .secretariat && $0.isValid(on: session.today) }) else {
            throw LogbookError.forbidden(session.texts("server.key.notSecretariat", ["handle": actor.handle, "date": session.texts.date(session.today)]))
        }
        return grant
    }

    /// Whether `registrar` may register or revoke a key of `holder` today (Access.mayRegisterKey).
    static func registrationPermit(_ session: Session, holder: PersonRecord, by registrar: Actor, on day: CalendarDate? = nil) throws -> Permit {
        try registrationDecision(session, holder: holder, by: registrar, on: day ?? session.today).require(session.texts)
    }

    /// The access decision for registering a key of `holder` on `day`, with the facts it needs loaded.
    static func registrationDecision(_ session: Session, holder: PersonRecord, by registrar: Actor, on day: CalendarDate) throws -> AccessDecision {
        let people = PersonRepository(session.store)
        let holderActor = try people.actor(holder)
        let departments = DepartmentRepository(session.store)
        var accessDepartments: [AccessDepartment] = []
        for id in Set(holderActor.grants.compactMap(\.departmentID)) {
            if let department = try departments.find(id: id) { accessDepartments.append(department.access) }
        }
        var traineeIn: [AccessDepartment] = []
        for position in try PositionLoader(session.store).load(.trainee(holder.id)) where day <= position.facts.schedule.end {
            traineeIn.append(position.facts.access.department)
        }
        return Access.mayRegisterKey(for: holderActor, departments: accessDepartments, traineeIn: traineeIn, by: registrar, on: day,
                                     homeRegion: try people.homeRegion())
    }

    /// The role and department a key event records for its maker, from the grant they act on (none: a trainee).
    static func actorRole(_ session: Session, _ grant: Grant?) throws -> (String, (id: Int64, code: String)?) {
        guard let grant else { return ("trainee", nil) }
        guard let id = grant.departmentID else { return (grant.role.rawValue, nil) }
        return (grant.role.rawValue, try DepartmentRepository(session.store).find(id: id).map { (id, $0.code) })
    }

    /// Every registered key, or those of one person, in registration order. On the server (a scoped session) the keys
    /// of people out of the actor's sight are left out (AdminScope) and such a person answers like nobody; server keys
    /// are shown to everyone.
    public static func list(_ session: Session, person: String?) throws -> [RegisteredKey] {
        try session.store.read {
            let book = try KeyRepository(session.store).book()
            if let person {
                return book.keys(of: try session.visiblePerson(person, what: "--person").handle)
            }
            guard session.readScope == .actor else { return book.keys }
            let viewer = try AdminScope.viewer(session)
            let people = PersonRepository(session.store)
            var seen: [String: Bool] = [:]
            return try book.keys.filter { key in
                if key.isServer { return true }
                if let known = seen[key.holder] { return known }
                let visible = try people.find(handle: key.holder).map { try AdminScope.sees(session, $0, viewer) } ?? false
                seen[key.holder] = visible
                return visible
            }
        }
    }

    /// Revokes a registered key (by fingerprint or registration event id) with a reason: a revocation event in the
    /// key chain. Signatures made before it stay valid; the key signs nothing after it. By the key's holder, or by
    /// whoever may register a key for them.
    public static func revoke(_ session: Session, key keyID: String, reason: String) throws -> (event: EventRecord, key: RegisteredKey) {
        let t = session.texts
        let reason = try Input.text(reason, "'--reason'", texts: session.texts) ?? ""
        guard !reason.isEmpty else { throw LogbookError.usage(t("key.reasonEmpty")) }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let book = try KeyRepository(session.store).book()
            let wanted = PublicSigningKey.normalizedFingerprint(keyID)
            let found = book.keys.first { key in
                PublicSigningKey.normalizedFingerprint(key.key.fingerprint) == wanted || String(key.eventID) == keyID.trimmed
            }
            guard let key = found else {
                let known = book.keys.map(\.key.fingerprint)
                if let match = Suggest.nearest(to: keyID, in: known), match != keyID {
                    throw LogbookError.notFound(t("key.noKey.suggest", ["key": keyID, "match": match]))
                }
                throw LogbookError.notFound(t("key.noKey", ["key": keyID]))
            }
            if let revocation = key.revocation {
                throw LogbookError.conflict(t("key.alreadyRevoked", [
                    "fingerprint": key.key.fingerprint, "handle": key.holder, "date": t.date(revocation.on), "actor": revocation.actor,
                    "event": String(revocation.eventID), "reason": revocation.reason,
                ]))
            }
            let used: Grant?
            if key.holder == person.handle {
                used = actor.grants.first { $0.isValid(on: session.today) }
            } else if key.isServer {
                used = try secretariatGrant(session, actor)
            } else {
                let holder = try session.person(key.holder, what: "key holder")
                used = try registrationPermit(session, holder: holder, by: actor).grant
            }
            let (role, department) = try actorRole(session, used)
            let event = try session.append(
                NewEvent(kind: .revocation, positionID: nil, revokes: key.eventID, effectiveOn: session.today,
                         actor: (person.id, person.handle), actorRole: role, actorDepartment: department, text: reason),
                signer: ActSigner(session, handle: person.handle))
            var revoked = key
            revoked.revocation = Revocation(eventID: event.id, actor: person.handle, on: session.today, reason: reason)
            return (event, revoked)
        }
    }

}

extension DepartmentRecord {
    /// The department as the access rules see it.
    var access: AccessDepartment { AccessDepartment(id: id, code: code, kind: kind, region: region) }
}

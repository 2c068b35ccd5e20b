import LogbookDomain
import LogbookStore

/// Signs the acts of one person with their registered key: the key chain and the private key file are read once
/// per command, however many acts it signs (docs/signing.md).
///
/// It signs when one of the person's registered keys applies to the event (docs/BUNDLE-FORMAT.md) and returns nil
/// (unsigned) when none does. It never degrades silently: a registered key whose private key file is missing, a
/// file holding another key, or a back-dated act outside the key's validity is refused (exit 1).
final class ActSigner {
    private let session: Session
    private let handle: String
    private var book: KeyBook?
    private var privateKey: PrivateSigningKey?
    /// The key that signs everything, without looking at the key chain: only the first key of a database, which
    /// signs its own registration.
    private let bootstrapKey: PrivateSigningKey?

    /// A signer for `handle`'s acts; `bootstrapKey` only for the registration of a database's first key.
    init(_ session: Session, handle: String, bootstrapKey: PrivateSigningKey? = nil) {
        self.session = session
        self.handle = handle
        self.bootstrapKey = bootstrapKey
    }

    /// The base64 signature of `content`, or nil when no registered key of the person applies to it. On a server with
    /// a key (`Session.serverSigning`) the server's key signs instead, after `content` is given how the person
    /// authenticated (which the signature covers).
    func sign(_ content: inout EventContent) throws -> String? {
        if let serverSigning = session.serverSigning { return try serverSigning.sign(&content, session) }
        return try personalSignature(content)
    }

    /// The signature by the person's own registered key, or nil when none applies.
    private func personalSignature(_ content: EventContent) throws -> String? {
        if let bootstrapKey { return try bootstrapKey.sign(content.canonicalBytes) }
        let book = try self.book ?? KeyRepository(session.store).book()
        self.book = book
        // Once a person has a registered, unrevoked key, every later act of theirs must be signed by it, whatever its date.
        let held = book.keys(of: handle).filter { $0.eventID < content.id && $0.revocation == nil }
        guard let current = held.last else { return nil }
        let applying = held.filter { $0.isValid(on: content.effectiveOn) }
        let t = session.texts
        guard let registered = applying.first else {
            throw LogbookError.refused(t("sign.keyNotValid", [
                "handle": handle, "fingerprint": current.key.fingerprint, "validity": t.keyValidity(current.validity),
                "date": t.date(content.effectiveOn), "iso": content.effectiveOn.iso,
            ]))
        }
        let path = try KeyFiles.privateKeyPath(handle, session.environment, t)
        if privateKey == nil { privateKey = try KeyFiles.read(handle, session.environment, t)?.key }
        guard let privateKey else {
            throw LogbookError.refused(t("sign.noKeyFile", ["handle": handle, "fingerprint": registered.key.fingerprint, "path": path]))
        }
        guard applying.contains(where: { $0.key == privateKey.publicKey }) else {
            throw LogbookError.refused(t("sign.otherKey", [
                "path": path, "fileFingerprint": privateKey.publicKey.fingerprint, "handle": handle,
                "date": t.date(content.effectiveOn), "fingerprint": registered.key.fingerprint,
            ]))
        }
        return try privateKey.sign(content.canonicalBytes)
    }
}

extension Session {
    /// Appends `event` at the end of its chain: the content at the chain's next link, recorded now, signed by `signer`
    /// (on a server with a key: by the server's key, naming how the actor authenticated).
    /// Call inside the command's write transaction.
    func append(_ event: NewEvent, signer: ActSigner) throws -> EventRecord {
        let events = EventRepository(store)
        var content = event.content(at: try events.nextLink(positionID: event.positionID), recordedAt: now())
        let signature = try signer.sign(&content)
        return try events.insert(content, of: event, signature: signature)
    }

    /// Appends an act on a position by `person`, acting on `permit`: the role and department recorded are the permit's.
    func appendAct(_ kind: EventKind, on facts: PositionFacts, by person: PersonRecord, permit: Permit, effectiveOn: CalendarDate,
                   text: String = "", competency: CompetencyRecord? = nil, course: CourseRecord? = nil, revokes: Int64? = nil,
                   payload: String = "", signer: ActSigner? = nil) throws -> EventRecord {
        let (role, department) = Approvals.role(permit, facts: facts)
        return try append(
            NewEvent(kind: kind, positionID: facts.id, competency: competency.map { ($0.id, $0.code) },
                     course: course.map { ($0.id, $0.name) }, revokes: revokes, effectiveOn: effectiveOn,
                     actor: (person.id, person.handle), actorRole: role, actorDepartment: department, text: text, payload: payload),
            signer: signer ?? ActSigner(self, handle: person.handle))
    }
}

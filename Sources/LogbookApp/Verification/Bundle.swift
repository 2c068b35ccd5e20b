import LogbookDomain
import LogbookFormats
import LogbookStore

/// The documentation bundle (docs/BUNDLE-FORMAT.md): one position's documentation for the hoveduddannelse
/// application, checkable offline against nothing but itself and trusted secretariat keys.
public enum Bundles {
    /// What an export wrote.
    public struct Summary: Sendable {
        public let events: Int
        public let keyEvents: Int
        public let grants: Int
        public let signed: Int
        /// The checkpoint the bundle was cut at (its tree size and time), nil when the log has none yet.
        public var checkpoint: (size: Int, time: String)? = nil
        /// That checkpoint's id in the database (`checkpoint N` in `verify`'s messages).
        public var checkpointID: Int64? = nil
        /// Whose key signed the statement that the chain is complete at that checkpoint, nil when none did.
        public var statementBy: String? = nil
    }

    /// Who signs a bundle's completeness statement: the holder of a registered key that may sign checkpoints (a server
    /// key, or a secretariat's own key) and its private key.
    public struct StatementSigner: Sendable {
        let key: PrivateSigningKey
        let holder: String
    }

    /// The exporting person's own key as statement signer, when they hold a secretariat grant today, a registered key
    /// valid today and its private key file; nil otherwise (the bundle then carries no statement).
    static func personalSigner(_ session: Session) throws -> StatementSigner? {
        guard let handle = session.actorHandle else { return nil }
        let (_, actor) = try session.actor()
        guard Access.mayVerifyLog(by: actor, on: session.today) else { return nil }
        let standing = try KeyRepository(session.store).book().keys(of: handle).filter { $0.revocation == nil && $0.isValid(on: session.today) }
        guard let file = try KeyFiles.read(handle, session.environment, session.texts),
              standing.contains(where: { $0.key == file.key.publicKey }) else { return nil }
        return StatementSigner(key: file.key, holder: handle)
    }

    /// The server's key as statement signer (the server's `GET /positions/{id}/bundle`); nil when it is not registered.
    public static func serverSigner(_ session: Session, key: PrivateSigningKey) throws -> StatementSigner? {
        guard let registered = try session.store.read({ try KeyRepository(session.store).book().key(key.publicKey) }), registered.isServer else {
            return nil
        }
        return StatementSigner(key: key, holder: registered.holder)
    }

    /// Writes the bundle of position `positionID` to `path` (through a temporary file and a rename). The statement that
    /// the chain is complete is signed by the exporting secretariat's own key when they have one (`personalSigner`).
    public static func export(_ session: Session, positionID: Int64, to path: String) throws -> Summary {
        let (text, summary) = try session.store.read {
            try bundleText(session, positionID: positionID, signer: try personalSigner(session))
        }
        try OutputFile.write(text, to: path)
        return summary
    }

    /// The bundle of position `positionID` as `export` writes it (the server's `GET /positions/{id}/bundle`, whose
    /// statement the server's key signs); in a session scoped to its actor, a position out of sight is answered like a
    /// missing one.
    public static func text(_ session: Session, positionID: Int64, signer: StatementSigner? = nil) throws -> String {
        try session.store.read { try bundleText(session, positionID: positionID, signer: signer).0 }
    }

    /// The bundle's JSON text: members in a fixed order, one event per line. With a checkpoint in the log the bundle is
    /// cut at the newest one: only events inside its tree, each with its tree index and inclusion proof, the checkpoint's
    /// signed note, and (with `signer`) the signed statement that the position's chain has exactly these events then.
    static func bundleText(_ session: Session, positionID: Int64, signer: StatementSigner?) throws -> (String, Summary) {
        let facts = try session.position(positionID)
        var events = try EventRepository(session.store).events(positionID: positionID)
        var keyChain = try KeyRepository(session.store).chain()
        let checkpoint = try CheckpointRepository(session.store).latest()
        var proofs: [Int64: (index: Int, path: [Merkle.Hash])] = [:]
        var signedCheckpoint: SignedCheckpoint?
        if let checkpoint, let signed = SignedCheckpoint(noteText: checkpoint.note) {
            signedCheckpoint = signed
            let last = checkpoint.lastEvent ?? 0
            events = events.filter { $0.id <= last }
            keyChain = keyChain.filter { $0.id <= last }
            var tree = Merkle.Tree()
            var index: [Int64: Int] = [:]
            try EventRepository(session.store).forEachEventInLogOrder { content in
                guard content.id <= last else { return }
                index[content.id] = tree.count
                tree.append(Merkle.leafHash(of: content))
            }
            let size = min(checkpoint.treeSize, tree.count)
            for event in events + keyChain {
                guard let at = index[event.id], at < size else { continue }
                proofs[event.id] = (at, tree.inclusionProof(index: at, size: size))
            }
        }
        let book = KeyBook.read(chain: keyChain.map(\.content)).book
        let curricula = CurriculumRepository(session.store)
        let schedule = facts.schedule

        // The people the events rest on: their makers, and the registrars of the keys that vouch for them.
        var people: [String] = []
        func add(_ handle: String) {
            guard !people.contains(handle) else { return }
            people.append(handle)
            for key in book.keys(of: handle) { add(key.registrar) }
        }
        for event in events { add(event.content.actor) }
        let personRepository = PersonRepository(session.store)
        var grants: [JSONValue] = []
        for handle in people {
            guard let person = try personRepository.find(handle: handle) else { continue }
            for stored in try personRepository.grants(personID: person.id) {
                let grant = stored.grant
                grants.append(.object([
                    ("id", .int(grant.id)), ("person", .string(stored.handle)), ("role", .string(grant.role.rawValue)),
                    ("department", .string(stored.departmentCode)), ("region", .string(grant.region)),
                    ("may_approve", .bool(grant.mayApprove)), ("valid_from", .string(grant.validFrom.iso)),
                    ("valid_until", .string(grant.validUntil?.iso)), ("granted_by", .string(stored.grantedBy)),
                ]))
            }
        }

        let position: JSONValue = .object([
            ("id", .int(facts.id)), ("trainee", .string(facts.trainee.handle)), ("trainee_name", .string(facts.trainee.name)),
            ("department", .string(facts.department.code)), ("department_name", .string(facts.department.name)),
            ("department_kind", .string(facts.department.kind.rawValue)), ("region", .string(facts.department.region)),
            ("start", .string(facts.position.start.iso)), ("end", .string(schedule.end.iso)),
            ("part_time", .string(facts.position.partTime.storageText)), ("kbu_general_practice", .bool(facts.position.kbuGeneralPractice)),
        ])
        let curriculum: JSONValue = .object([
            ("specialty", .string(facts.curriculum.specialty)), ("version", .string(facts.curriculum.version)),
            ("valid_from", .string(facts.curriculum.validFrom.iso)), ("title", .string(facts.curriculum.title)),
            ("competencies", .array(try curricula.competencies(curriculumID: facts.curriculum.id).map {
                .object([("code", .string($0.code)), ("title", .string($0.title))])
            })),
            ("courses", .array(try curricula.courses(curriculumID: facts.curriculum.id).map { .string($0.name) })),
        ])
        func eventLines(_ list: [EventRecord]) -> String {
            if list.isEmpty { return "[]" }
            return "[\n" + list.map { record in
                var json = BundleEvent(content: record.content, hash: record.hash, signature: record.signature).json
                if let proof = proofs[record.id], case .object(var members) = json {
                    members.append(("tree_index", .int(Int64(proof.index))))
                    members.append(("inclusion", .array(proof.path.map { .string(Base64.encode($0)) })))
                    json = .object(members)
                }
                return "    " + json.serialized()
            }.joined(separator: ",\n") + "\n  ]"
        }
        var statement: String?
        if let signer, let signedCheckpoint {
            let shown = ShownText.hash(BundleVerifier.shownFields(position: position, curriculum: curriculum) ?? [])
            let text = BundleStatement(origin: signedCheckpoint.checkpoint.origin, position: facts.id, size: signedCheckpoint.checkpoint.size,
                                       root: signedCheckpoint.checkpoint.root, events: events.count,
                                       lastHash: events.last?.hash ?? EventContent.genesisHash, shown: shown).text
            statement = try SignedNote.sign(text: text, name: signer.holder, key: signer.key)
        }
        var text = "{\n"
        text += "  \"format\": \"\(BundleVerifier.format)\",\n"
        text += "  \"exported_at\": \(JSONValue.string(session.now()).serialized()),\n"
        text += "  \"position\": \(position.serialized()),\n"
        text += "  \"curriculum\": \(curriculum.serialized()),\n"
        text += "  \"events\": \(eventLines(events)),\n"
        text += "  \"key_chain\": \(eventLines(keyChain)),\n"
        text += "  \"grants\": " + (grants.isEmpty ? "[]" : "[\n" + grants.map { "    " + $0.serialized() }.joined(separator: ",\n") + "\n  ]")
        if let signedCheckpoint {
            text += ",\n  \"checkpoint\": \(JSONValue.string(signedCheckpoint.noteText).serialized())"
            if let statement { text += ",\n  \"statement\": \(JSONValue.string(statement).serialized())" }
        }
        text += "\n}\n"
        var summary = Summary(events: events.count, keyEvents: keyChain.count, grants: grants.count,
                              signed: events.filter { $0.signature != nil }.count)
        summary.checkpoint = signedCheckpoint.map { ($0.checkpoint.size, $0.checkpoint.time) }
        summary.checkpointID = signedCheckpoint == nil ? nil : checkpoint?.id
        summary.statementBy = statement == nil ? nil : signer?.holder
        return (text, summary)
    }

    /// Every problem in the bundle at `path`, checked against the keys in `trustFiles` only; empty when it holds.
    public static func verify(path: String, trustFiles: [String], texts: Texts = .untranslated) throws -> [BundleProblem] {
        try check(path: path, trustFiles: trustFiles, notBefore: nil, texts: texts).problems
    }

    /// A date typed for `flag` (ISO, Danish or `today`); a bad one is exit 64 quoting the flag.
    public static func day(_ text: String, flag: String, _ t: Texts) throws -> CalendarDate {
        do {
            return try CalendarDate.parse(text, today: CalendarDate.today())
        } catch {
            throw LogbookError.usage(t.dateProblem(error, flag: flag))
        }
    }

    /// The bundle at `path` checked against the keys in `trustFiles` only, and (with `notBefore`) refused when it was not
    /// cut at a checkpoint made on or after that day: the problems and, when it proves completeness, the moment.
    public static func check(path: String, trustFiles: [String], notBefore: CalendarDate?, texts: Texts = .untranslated) throws
        -> BundleVerifier.Check
    {
        var trusted: Set<PublicSigningKey> = []
        for file in trustFiles { trusted.formUnion(try KeyFiles.trustedKeys(file, texts)) }
        return BundleVerifier.check(try InputFile.read(path), trusted: trusted, notBefore: notBefore)
    }
}

import LogbookFormats
import LogbookDomain
import LogbookStore

/// Signed checkpoints of the log's Merkle tree (issue 29; docs/EVENT-FORMAT.md, "The Merkle tree and checkpoints"):
/// made by the server's key after every write that added events, and by a secretariat with `logbook checkpoint` where
/// no server runs. Each is computed from the previous one's frontier and the new events only.
public enum Checkpoints {
    /// Whose key signs: the server's (`server:NAME`) or a secretariat's own.
    struct Signer {
        let key: PrivateSigningKey
        let holder: String
    }

    /// The origin line of a new log: `LOGBOOK_ORIGIN`, else `logbook/` and the home region.
    static func origin(_ session: Session) throws -> String {
        if let configured = session.environment["LOGBOOK_ORIGIN"], SignedNote.isKeyName(configured) { return configured }
        return Checkpoint.origin(named: try PersonRepository(session.store).homeRegion() ?? "local")
    }

    /// Extends the tree by the events after the newest checkpoint and stores a checkpoint signed by `signer`, in one
    /// write transaction; nil when the log has not grown since the newest one (unless `always`). Refused when the stored
    /// frontier does not give the newest checkpoint's root, or the log no longer extends it (events removed or inserted
    /// below it): a checkpoint is never signed over a log `verify` would reject.
    static func make(_ session: Session, signer: Signer, always: Bool = false) throws -> CheckpointRecord? {
        let t = session.texts
        return try session.store.write {
            let repository = CheckpointRepository(session.store)
            let latest = try repository.latest()
            let (count, last) = try repository.logSize()
            if let latest, latest.lastEvent == last, latest.treeSize == count, !always { return nil }
            var frontier = Merkle.Frontier()
            let origin: String
            if let latest {
                guard let stored = Merkle.Frontier(size: latest.treeSize, text: latest.frontier), Base64.encode(stored.root) == latest.rootHash,
                      let signed = SignedCheckpoint(noteText: latest.note), signed.checkpoint.size == latest.treeSize,
                      signed.checkpoint.root == stored.root
                else {
                    throw LogbookError.refused(t("checkpoint.storedBroken", ["id": String(latest.id)]))
                }
                frontier = stored
                origin = signed.checkpoint.origin
            } else {
                origin = try self.origin(session)
            }
            try EventRepository(session.store).forEachEvent(after: latest?.lastEvent) { frontier.append(Merkle.leafHash(of: $0.content)) }
            guard frontier.size == count else {
                throw LogbookError.refused(t("checkpoint.logChanged", [
                    "id": String(latest?.id ?? 0), "size": String(latest?.treeSize ?? 0), "count": String(count),
                ]))
            }
            let checkpoint = Checkpoint(origin: origin, size: count, root: frontier.root, time: session.now())
            let note = try SignedNote.sign(text: checkpoint.text, name: origin, key: signer.key)
            let id = try repository.insert(treeSize: count, lastEvent: last, rootHash: Base64.encode(checkpoint.root), frontier: frontier.text,
                                           note: note, signer: signer.holder, madeAt: checkpoint.time)
            return CheckpointRecord(id: id, treeSize: count, lastEvent: last, rootHash: Base64.encode(checkpoint.root), frontier: frontier.text,
                                    note: note, signer: signer.holder, madeAt: checkpoint.time)
        }
    }

    /// After a write through the server: a checkpoint by the server's key when the write added events. A failure never
    /// undoes the act (it is committed); the next write tries again, and `verify` says what is wrong.
    public static func afterServerWrite(_ session: Session, key: PrivateSigningKey) {
        guard let holder = try? session.store.read({ try KeyRepository(session.store).book().key(key.publicKey)?.holder }) else { return }
        _ = try? make(session, signer: Signer(key: key, holder: holder))
    }

    /// How many seconds ago (by the session's clock) the newest stored checkpoint was made; nil when the log has none (or
    /// its note cannot be read). For the operator's gauge `logbook_checkpoint_age_seconds` (`/metrics`): a server with a key
    /// makes one after every write, a secretariat daily where no server runs, so a growing age says checkpoints stopped.
    public static func newestAge(_ session: Session) throws -> Int64? {
        guard let record = try session.store.read({ try CheckpointRepository(session.store).latest() }),
              let made = SignedCheckpoint(noteText: record.note)?.checkpoint.unixSeconds else { return nil }
        return session.seconds() - made
    }

    /// `logbook checkpoint`: a checkpoint of the whole log signed by the acting secretariat's own registered key (where no
    /// server runs). Refused for anyone without a secretariat grant today, without a registered key valid today, or
    /// without its private key file.
    public static func bySecretariat(_ session: Session) throws -> CheckpointRecord {
        let t = session.texts
        let (person, actor) = try session.store.read { try session.actor() }
        guard Access.mayVerifyLog(by: actor, on: session.today) else {
            throw LogbookError.forbidden(t("checkpoint.notSecretariat", ["handle": person.handle, "date": t.date(session.today)]))
        }
        let book = try session.store.read { try KeyRepository(session.store).book() }
        let standing = book.keys(of: person.handle).filter { $0.revocation == nil && $0.isValid(on: session.today) }
        guard !standing.isEmpty else { throw LogbookError.refused(t("checkpoint.noKey", ["handle": person.handle])) }
        let path = try KeyFiles.privateKeyPath(person.handle, session.environment, t)
        guard let file = try KeyFiles.read(person.handle, session.environment, t) else {
            throw LogbookError.refused(t("checkpoint.noKeyFile", ["handle": person.handle, "path": path]))
        }
        guard standing.contains(where: { $0.key == file.key.publicKey }) else {
            throw LogbookError.refused(t("checkpoint.otherKey", ["handle": person.handle, "path": file.path]))
        }
        return try make(session, signer: Signer(key: file.key, holder: person.handle), always: true)!
    }

    // MARK: Checking

    /// What is wrong with a checkpoint, as a value the front ends word (`Texts.checkpointProblem`).
    public enum Problem: Hashable, Sendable {
        /// A stored checkpoint (id; 0 for the head witness's) whose note is not a signed checkpoint.
        case unreadable(id: Int64)
        /// The row's size or root differs from what its signed note says.
        case rowDisagrees(id: Int64)
        /// The note is signed by no key that may sign it (a server key or a secretariat's, registered inside the tree).
        case unsigned(id: Int64, time: String)
        /// It signs a tree of `size` events but the log holds only `count`: committed events were removed.
        case beyondLog(id: Int64, size: Int, count: Int, time: String)
        /// The log's first `size` events do not hash to the signed root: an event below it was removed, inserted or changed.
        case rootMismatch(id: Int64, size: Int, time: String)
        /// A later checkpoint is not consistent with an earlier one (RFC 9162 consistency proof).
        case inconsistent(earlier: Int64, later: Int64)
        /// The head witness holds a checkpoint of `size` events; the database's newest covers only `stored`.
        case witnessAhead(size: Int, stored: Int)
    }

    /// The whole tree of a log and what the checks need.
    struct LogTree {
        var tree = Merkle.Tree()
        var ids: [Int64] = []
    }

    static func logTree(_ session: Session) throws -> LogTree {
        var log = LogTree()
        try EventRepository(session.store).forEachEventInLogOrder { content in
            log.tree.append(Merkle.leafHash(of: content))
            log.ids.append(content.id)
        }
        return log
    }

    /// Every checkpoint problem of the database: each stored checkpoint (and the head witness's) signed by a key that may
    /// sign it, its root recomputed from the events, consecutive ones consistent.
    public static func problems(_ session: Session) throws -> (problems: [Problem], checked: Int, newest: Checkpoint?) {
        try session.store.read {
            let records = try CheckpointRepository(session.store).all()
            let witness = HeadWitness.read(databasePath: session.store.path)
            guard !records.isEmpty || witness?.checkpointNote != nil else { return ([], 0, nil) }
            let log = try logTree(session)
            let authority = try EventRepository(session.store).chain(positionID: nil).map(\.content)
            let book = KeyBook.read(chain: authority.filter { $0.kind == .keyRegistration || $0.kind == .revocation }).book
            var problems: [Problem] = []
            var good: [(id: Int64, checkpoint: Checkpoint)] = []
            func check(id: Int64, note: String) -> Checkpoint? {
                guard let signed = SignedCheckpoint(noteText: note) else {
                    problems.append(.unreadable(id: id))
                    return nil
                }
                let checkpoint = signed.checkpoint
                guard checkpoint.size <= log.tree.count else {
                    problems.append(.beyondLog(id: id, size: checkpoint.size, count: log.tree.count, time: checkpoint.time))
                    return nil
                }
                let lastEvent = checkpoint.size == 0 ? 0 : log.ids[checkpoint.size - 1]
                let signers = CheckpointSigners.keys(book: book, authority: authority, lastEvent: lastEvent,
                                                     on: checkpoint.day ?? session.today).map(\.key)
                guard signed.note.signer(name: checkpoint.origin, among: signers) != nil else {
                    problems.append(.unsigned(id: id, time: checkpoint.time))
                    return nil
                }
                guard log.tree.root(size: checkpoint.size) == checkpoint.root else {
                    problems.append(.rootMismatch(id: id, size: checkpoint.size, time: checkpoint.time))
                    return nil
                }
                return checkpoint
            }
            for record in records {
                guard let checkpoint = check(id: record.id, note: record.note) else { continue }
                if checkpoint.size != record.treeSize || Base64.encode(checkpoint.root) != record.rootHash {
                    problems.append(.rowDisagrees(id: record.id))
                }
                good.append((record.id, checkpoint))
            }
            // Consecutive checkpoints, in the order they were made: each later tree extends the earlier (RFC 9162).
            for (earlier, later) in zip(good, good.dropFirst()) {
                let (old, new) = (earlier.checkpoint, later.checkpoint)
                let proof = old.size <= new.size ? log.tree.consistencyProof(old: old.size, new: new.size) : []
                if !Merkle.verifyConsistency(old: old.size, new: new.size, oldRoot: old.root, newRoot: new.root, proof: proof) {
                    problems.append(.inconsistent(earlier: earlier.id, later: later.id))
                }
            }
            var newest = good.max { $0.checkpoint.size < $1.checkpoint.size }?.checkpoint
            if let witness, let note = witness.checkpointNote {
                let stored = records.map(\.treeSize).max() ?? -1
                if witness.checkpointSize > stored { problems.append(.witnessAhead(size: witness.checkpointSize, stored: max(stored, 0))) }
                if let checkpoint = check(id: 0, note: note), checkpoint.size > (newest?.size ?? -1) { newest = checkpoint }
            }
            return (problems, records.count, newest)
        }
    }
}

extension Verification {
    /// A målbeskrivelse whose stored text (titles and all) no longer gives the content hash recorded when it was imported
    /// (issue 29, item 4): a plain UPDATE of a competency's title shows the new text beside signed approvals. The hash
    /// is the database's own word (not signed): this catches an edit of the text, not one that rewrites the hash too.
    public struct ChangedCurriculum: Sendable, Hashable {
        public let specialty: String
        public let version: String
    }

    /// Every målbeskrivelse changed after its import.
    public static func changedCurricula(_ session: Session) throws -> [ChangedCurriculum] {
        try session.store.read {
            let curricula = CurriculumRepository(session.store)
            return try curricula.all().filter { try curricula.load($0).contentHash != $0.contentHash }
                .map { ChangedCurriculum(specialty: $0.specialty, version: $0.version) }
        }
    }
}

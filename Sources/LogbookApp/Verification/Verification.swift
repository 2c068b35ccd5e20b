import LogbookDomain
import LogbookStore
import SQLite

/// `logbook verify`: recomputes every hash chain and replays the rules over the log (docs/EVENT-FORMAT.md): each
/// maker allowed on the day by the grants in the log, each act possible when it was made, each signature present and
/// valid wherever its maker had a registered key. Authority comes from the log alone, never from the tables.
public enum Verification {
    /// What `verify` found: problems (empty when all holds) and how much of the log rests on no signature.
    public struct Outcome: Sendable {
        public let problems: [ChainProblem]
        public let unsigned: Int
        public let migrated: Int
        public let events: Int
    }

    /// What the server's `GET /verification` reports: the head witness's problem, if any, and the replay. Only for a
    /// secretariat (the whole log, every region); refused (403) for anyone else.
    public static func bySecretariat(_ session: Session) throws -> (head: HeadWitness.Problem?, outcome: Outcome) {
        let (_, actor) = try session.store.read { try session.actor() }
        guard Access.mayVerifyLog(by: actor, on: session.today) else {
            throw LogbookError.forbidden(session.texts("verify.api.notSecretariat", [
                "handle": actor.handle, "date": session.texts.date(session.today),
            ]))
        }
        return (try headProblem(session), try outcome(session))
    }

    /// Every problem found, in event order; empty when all is well.
    public static func run(_ session: Session) throws -> [ChainProblem] { try outcome(session).problems }

    /// The replay of the whole log.
    /// With `trustFiles`, the database is held to a bundle's standard: every event signed by a key that chains to one
    /// of their keys (a database rewritten from nothing, without keys, fails it).
    public static func outcome(_ session: Session, trustFiles: [String] = []) throws -> Outcome {
        var trusted: Set<PublicSigningKey> = []
        for file in trustFiles { trusted.formUnion(try KeyFiles.trustedKeys(file, session.texts)) }
        do {
            return try replay(session, trust: trustFiles.isEmpty ? .database : .bundle(trusted: trusted))
        } catch let error as RowDecodingError where error.table == "event" {
            // A value no version of logbook writes (an impossible date, an unknown kind): the log does not hold.
            guard let bad = try session.store.read({ try EventRepository(session.store).firstUnreadable() }) else { throw error }
            return Outcome(problems: [ChainProblem(eventID: bad.id, .unreadable(column: bad.column, problem: bad.problem))],
                           unsigned: 0, migrated: 0, events: 0)
        }
    }

    static func replay(_ session: Session, trust: ReplayTrust) throws -> Outcome {
        try session.store.read {
            let events = EventRepository(session.store)
            func logged(_ records: [EventRecord]) -> [LoggedEvent] {
                records.map { LoggedEvent(content: $0.content, hash: $0.hash, signature: $0.signature) }
            }
            let authority = logged(try events.chain(positionID: nil))
            var positions: [(id: Int64, events: [LoggedEvent])] = []
            var current: [LoggedEvent] = []
            var currentID: Int64?
            try events.forEachEventByChain { event in
                guard let positionID = event.content.positionID else { return }
                if currentID != positionID {
                    if let currentID { positions.append((currentID, current)) }
                    currentID = positionID
                    current = []
                }
                current.append(LoggedEvent(content: event.content, hash: event.hash, signature: event.signature))
            }
            if let currentID { positions.append((currentID, current)) }
            let report = LogReplay.run(authority: authority, positions: positions, trust: trust)
            return Outcome(problems: report.problems, unsigned: report.unsigned, migrated: report.migrated, events: report.events)
        }
    }
}

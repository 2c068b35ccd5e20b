import LogbookDomain
import LogbookFormats
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
        /// What a reader sees beside signed acts that the log does not vouch for (rule R-SHOWN): names and
        /// målbeskrivelser changed behind the log's back. Read in the replay's snapshot.
        public var shown: [ShownProblem] = []
    }

    /// A name or text shown beside signed acts that is not what the log signed (issue 29, item 4).
    public enum ShownProblem: Sendable, Hashable {
        /// `person.name` (what `print`, `status` and `history` show) differs from the newest `person-name` event.
        case nameDiffers(handle: String, shown: String, logged: String, event: Int64)
        /// A person the log names nowhere (a row added behind the log's back), once the log holds a grant.
        case unnamed(handle: String, shown: String)
        /// `department.name` differs from the newest `department-name` event.
        case departmentNameDiffers(code: String, shown: String, logged: String, event: Int64)
        /// A department the log names nowhere, once the log holds a grant.
        case departmentUnnamed(code: String, shown: String)
        /// A binding pinned the målbeskrivelse's content hash, and its stored text no longer gives it.
        case contentDiffers(specialty: String, version: String, event: Int64)
        /// A binding pinned a målbeskrivelse the database does not hold.
        case curriculumMissing(specialty: String, version: String, event: Int64)
    }

    /// Everything `logbook verify` checks after SQLite's own check of the file, as values the front ends word: the head
    /// witness, the replay of the log, the signed checkpoints and the målbeskrivelser's text. The CLI and the server's
    /// `GET /verification` both take it from `report`, so they agree.
    public struct Report: Sendable {
        public let head: HeadWitness.Problem?
        public let outcome: Outcome
        public let checkpoints: [Checkpoints.Problem]
        /// How many checkpoints were checked (the head witness's included), and the newest.
        public let checkedCheckpoints: Int
        public let newestCheckpoint: Checkpoint?
        public let changedCurricula: [ChangedCurriculum]
        /// Whether all holds (`logbook verify` exits 0).
        public var holds: Bool { head == nil && outcome.problems.isEmpty && checkpoints.isEmpty && changedCurricula.isEmpty && outcome.shown.isEmpty }
    }

    /// The checks of `logbook verify` (with `trustFiles`, the log held to a bundle's standard).
    public static func report(_ session: Session, trustFiles: [String] = []) throws -> Report {
        let head = try headProblem(session)
        let outcome = try outcome(session, trustFiles: trustFiles)
        let checkpoints = try Checkpoints.problems(session)
        return Report(head: head, outcome: outcome, checkpoints: checkpoints.problems, checkedCheckpoints: checkpoints.checked,
                      newestCheckpoint: checkpoints.newest, changedCurricula: try changedCurricula(session))
    }

    /// What the server's `GET /verification` reports: `report`, as `logbook verify` checks. Only for a secretariat (the
    /// whole log, every region); refused (403) for anyone else.
    public static func bySecretariat(_ session: Session) throws -> Report {
        let (_, actor) = try session.store.read { try session.actor() }
        guard Access.mayVerifyLog(by: actor, on: session.today) else {
            throw LogbookError.forbidden(session.texts("verify.api.notSecretariat", [
                "handle": actor.handle, "date": session.texts.date(session.today),
            ]))
        }
        return try report(session)
    }

    /// SQLite's own check of the whole file (issue 30): `PRAGMA integrity_check`, or the faster `quick_check` (which
    /// skips matching every index against its table) when `quick`. `["ok"]` when the file is whole; else up to 20 of
    /// SQLite's lines.
    /// A page so damaged that SQLite stops the check with `SQLITE_CORRUPT` is a failed check too, with SQLite's message.
    public static func integrity(_ session: Session, quick: Bool) throws -> [String] {
        do {
            return try session.store.read {
                let rows = quick ? try session.store.connection.query("PRAGMA quick_check(20)")
                    : try session.store.connection.query("PRAGMA integrity_check(20)")
                return rows.compactMap { $0.string(0) }
            }
        } catch let error as SQLiteError where error.code == 11 {  // SQLITE_CORRUPT
            return [error.message]
        }
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

    /// The replay streamed from the database (issue 30): one chain in memory at a time, then the events one by one in id
    /// order, all in one read transaction (one snapshot). Memory grows with positions and revocations, not events.
    static func replay(_ session: Session, trust: ReplayTrust) throws -> Outcome {
        try session.store.read {
            let events = EventRepository(session.store)
            func logged(_ record: EventRecord) -> LoggedEvent {
                LoggedEvent(content: record.content, hash: record.hash, signature: record.signature)
            }
            var replayer = LogReplayer(trust: trust)
            replayer.checkChain(try events.chain(positionID: nil).map(logged), positionID: nil)
            var current: [LoggedEvent] = []
            var currentID: Int64?
            try events.forEachEventByChain { event in
                guard let positionID = event.content.positionID else { return }
                if currentID != positionID {
                    if let currentID { replayer.checkChain(current, positionID: currentID) }
                    currentID = positionID
                    current.removeAll(keepingCapacity: true)
                }
                current.append(logged(event))
            }
            if let currentID { replayer.checkChain(current, positionID: currentID) }
            current = []
            try events.forEachEventByID(onlyMigrated: true) { replayer.replayMigrated(logged($0)) }
            try events.forEachEventByID(onlyMigrated: false) { replayer.replay(logged($0)) }
            let report = replayer.finish()
            var outcome = Outcome(problems: report.problems, unsigned: report.unsigned, migrated: report.migrated, events: report.events)
            outcome.shown = try shownProblems(session, report)
            return outcome
        }
    }

    /// Rule R-SHOWN in the database: every person's name as the tables hold it equals the log's newest `person-name` for
    /// them, and every målbeskrivelse a binding pinned by content hash still gives that hash. Inside the replay's read.
    static func shownProblems(_ session: Session, _ report: ReplayReport) throws -> [ShownProblem] {
        var problems: [ShownProblem] = []
        let people = try PersonRepository(session.store).all()
        // Before the first grant nobody may name anyone (the bootstrap grant names everyone added until then).
        let anyGrant = !(try PersonRepository(session.store).hasNoGrants())
        for person in people {
            if let logged = report.names[person.handle] {
                if logged.name != person.name {
                    problems.append(.nameDiffers(handle: person.handle, shown: person.name, logged: logged.name, event: logged.event))
                }
            } else if anyGrant {
                problems.append(.unnamed(handle: person.handle, shown: person.name))
            }
        }
        for department in try DepartmentRepository(session.store).all() {
            if let logged = report.departmentNames[department.code] {
                if logged.name != department.name {
                    problems.append(.departmentNameDiffers(code: department.code, shown: department.name, logged: logged.name, event: logged.event))
                }
            } else if anyGrant {
                problems.append(.departmentUnnamed(code: department.code, shown: department.name))
            }
        }
        let curricula = CurriculumRepository(session.store)
        let stored = try curricula.all()
        for pinned in report.pinnedContents {
            guard let curriculum = stored.first(where: { $0.specialty == pinned.specialty && $0.version == pinned.version }) else {
                problems.append(.curriculumMissing(specialty: pinned.specialty, version: pinned.version, event: pinned.event))
                continue
            }
            if try curricula.load(curriculum).contentHash != pinned.content {
                problems.append(.contentDiffers(specialty: pinned.specialty, version: pinned.version, event: pinned.event))
            }
        }
        return problems
    }
}

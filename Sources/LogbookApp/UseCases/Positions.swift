import LogbookDomain
import LogbookFormats
import LogbookStore

/// Starting intro positions (introduktionsstillinger), their hovedvejleder, and looking them up.
public enum Positions {
    /// What `position start` is given.
    public struct StartRequest: Sendable {
        public var trainee: String
        public var department: String
        /// `SPECIALTY` or `SPECIALTY@VERSION`.
        public var curriculum: String
        public var programID: Int64?
        public var start: String
        public var partTime: String?
        public var kbuGeneralPractice: Bool
        public var supervisor: String?

        /// Creates a request.
        public init(trainee: String, department: String, curriculum: String, programID: Int64? = nil, start: String,
                    partTime: String? = nil, kbuGeneralPractice: Bool = false, supervisor: String? = nil) {
            self.trainee = trainee
            self.department = department
            self.curriculum = curriculum
            self.programID = programID
            self.start = start
            self.partTime = partTime
            self.kbuGeneralPractice = kbuGeneralPractice
            self.supervisor = supervisor
        }
    }

    /// Reads `--part-time` (0.8, 80%, 30/37); exit 64 quoting the flag otherwise.
    public static func partTime(_ text: String, _ t: Texts = .untranslated) throws -> PartTime {
        do {
            return try PartTime.parse(text)
        } catch {
            switch error {
            case .outOfRange(let input): throw LogbookError.usage(t("position.partTime.outOfRange", ["value": input]))
            case .notAFraction(let input): throw LogbookError.usage(t("position.partTime.notAFraction", ["value": input]))
            }
        }
    }

    /// Starts a position: pins the målbeskrivelse in force on the start date (or the named version), checks
    /// the trainee has no other intro overlapping it, and assigns the hovedvejleder. One transaction.
    public static func start(_ session: Session, _ request: StartRequest) throws -> PositionFacts {
        let t = session.texts
        let start = try session.date(request.start, flag: "--start")
        if DateBounds.positionStart(start, today: session.today) != nil {
            let earliest = session.today.adding(months: -12 * DateBounds.pastYears)
            let latest = session.today.adding(months: 12 * DateBounds.futureYears)
            let arguments = [
                "start": t.date(start), "today": t.date(session.today), "earliest": t.date(earliest), "latest": t.date(latest),
                "past": String(DateBounds.pastYears), "future": String(DateBounds.futureYears),
            ]
            throw LogbookError.refused(start < earliest ? t("position.startTooEarly", arguments) : t("position.startTooLate", arguments))
        }
        let fraction = try request.partTime.map { try partTime($0, t) } ?? .full
        return try session.store.write {
            let (actorPerson, actor) = try session.actor()
            let department = try session.department(request.department)
            let access = AccessDepartment(id: department.id, code: department.code, kind: department.kind, region: department.region)
            let acting = try Access.mayStartPosition(in: access, by: actor, on: session.today).require(session.texts).grant
            if request.kbuGeneralPractice && department.kind != .generalPractice {
                throw LogbookError.usage(t("position.kbuOnlyGeneralPractice", ["code": department.code]))
            }
            let trainee = try session.person(request.trainee, what: "--trainee")
            _ = try Access.mayStartPosition(in: access, by: actor, on: session.today, trainee: trainee.id).require(t)
            let curriculum = try pinnedCurriculum(session, request.curriculum, start: start)
            let positions = PositionRepository(session.store)

            var programID = request.programID
            if let id = programID {
                guard let program = try positions.program(id: id) else {
                    throw LogbookError.notFound(t("position.noProgram", ["id": String(id)]))
                }
                guard program.departmentID == department.id else {
                    throw LogbookError.refused(t("position.programDepartment", ["id": String(id), "title": program.title, "code": department.code]))
                }
                guard program.curriculumID == curriculum.id else {
                    throw LogbookError.refused(t("position.programCurriculum", [
                        "id": String(id), "title": program.title, "curriculum": curriculum.label,
                    ]))
                }
            } else {
                let programs = try positions.programs(departmentID: department.id, curriculumID: curriculum.id)
                if programs.count == 1 { programID = programs[0].id }
            }

            var supervisorID: Int64?
            if let handle = request.supervisor {
                let supervisor = try session.person(handle, what: "--supervisor")
                try requireSupervisorGrant(session, supervisor, in: department, on: start, trainee: trainee.id)
                supervisorID = supervisor.id
            }

            let terms = PositionTerms(start: start, workplace: department.kind, kbuGeneralPractice: request.kbuGeneralPractice,
                                      partTime: fraction)
            let plannedEnd = TimeRules.schedule(for: terms, absences: []).plannedEnd
            // A cancelled position (started by mistake) does not hold the trainee.
            for other in try PositionLoader(session.store).load(.trainee(trainee.id)) where !other.facts.position.isCancelled {
                let facts = other.facts
                if facts.position.start <= plannedEnd && start <= facts.schedule.end {
                    throw LogbookError.conflict(t("position.overlaps", [
                        "handle": trainee.handle, "id": String(facts.id), "code": facts.department.code,
                        "from": t.date(facts.position.start), "to": t.date(facts.schedule.end), "start": t.date(start),
                        "end": t.date(plannedEnd),
                    ]))
                }
            }

            let id = try positions.insert(
                traineeID: trainee.id, departmentID: department.id, curriculumID: curriculum.id, programID: programID,
                start: start, partTime: fraction, kbuGeneralPractice: request.kbuGeneralPractice, startedBy: actorPerson.id,
                recordedAt: session.now())
            guard var binding = try FactRepository(session.store).bindingPayload(positionID: id) else {
                throw LogbookError(.internalError, t("position.vanished", ["id": String(id)]))
            }
            // The målbeskrivelse's text (titles and all) as the reader will see it, signed with the binding (issue 29).
            binding.content = try CurriculumRepository(session.store).load(curriculum).contentHash
            try session.appendFact(.position, positionID: id, by: actorPerson, acting: acting, payload: binding.text, table: "position", row: id)
            if let supervisorID, let handle = request.supervisor {
                let row = try positions.assignSupervisor(positionID: id, personID: supervisorID, from: start, assignedBy: actorPerson.id,
                                                         recordedAt: session.now())
                try session.appendFact(.supervisorAssignment, positionID: id, by: actorPerson, acting: acting,
                                       payload: SupervisorPayload(supervisor: try session.person(handle, what: "--supervisor").handle, from: start).text,
                                       table: "position_supervisor", row: row)
            }
            return try session.position(id)
        }
    }

    /// Cancels a position started by mistake, with a reason: allowed to whoever may start a position in its department
    /// (its UAO/tutor or the region's secretariat), and only while nothing has been approved, attested or stated on it
    /// (not even if since revoked). Its records stay, marked cancelled; nothing more is recorded on it; its open requests
    /// close; the trainee is free for the right position.
    public static func cancel(_ session: Session, positionID: Int64, reason: String) throws -> PositionFacts {
        let t = session.texts
        guard let reason = try Input.text(reason, "'--reason'", texts: session.texts), !reason.trimmed.isEmpty else {
            throw LogbookError.usage(t("position.cancel.reasonRequired"))
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            if let cancellation = facts.position.cancellation {
                throw LogbookError.conflict(t("position.cancel.already", ["id": String(facts.id), "event": String(cancellation)]))
            }
            let acting = try Access.mayCancelPosition(facts.access, by: actor, on: session.today).require(t).grant
            let events = EventRepository(session.store)
            if let act = try events.events(positionID: facts.id).first(where: { $0.kind.isRevocableAct }) {
                throw LogbookError.refused(t("position.cancel.approved", [
                    "id": String(facts.id), "event": String(act.id), "what": t.eventKind(act.kind), "date": t.date(act.content.effectiveOn),
                ]))
            }
            let (role, department) = try Keys.actorRole(session, acting)
            let event = try session.append(
                NewEvent(kind: .positionCancellation, positionID: facts.id, effectiveOn: session.today, actor: (person.id, person.handle),
                         actorRole: role, actorDepartment: department, text: reason),
                signer: ActSigner(session, handle: person.handle))
            let workflow = WorkflowRepository(session.store)
            try workflow.cancel(positionID: facts.id, eventID: event.id, on: session.today)
            for request in try workflow.requests(positionID: facts.id) where request.outcome == nil {
                try workflow.close(request: request.eventID, by: event.id, outcome: .cancelled)
            }
            return try session.position(facts.id)
        }
    }

    /// Attaches the department's uddannelsesprogram `programID` to a started position (issue 28: a new målbeskrivelse
    /// version the department had no programme for at the start). Only a programme of the position's own department and
    /// its own målbeskrivelse version — never across versions; the newest attachment is the position's programme from
    /// then on (its deadlines count from the position's start). The UAO/tutor or the region's secretariat, never the
    /// trainee; not on a cancelled position. One transaction.
    public static func attachProgram(_ session: Session, positionID: Int64, programID: Int64) throws
        -> (facts: PositionFacts, program: ProgramChoice)
    {
        let t = session.texts
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            _ = try Access.mayAttachProgram(to: facts.access, by: actor, on: session.today).require(t)
            let positions = PositionRepository(session.store)
            guard let program = try positions.program(id: programID) else {
                throw LogbookError.notFound(t("position.attach.noProgram", ["id": String(programID), "code": facts.department.code]))
            }
            guard program.departmentID == facts.department.id else {
                throw LogbookError.refused(t("position.attach.otherDepartment", [
                    "id": String(programID), "title": program.title, "code": facts.department.code]))
            }
            guard program.curriculumID == facts.curriculum.id else {
                throw LogbookError.refused(t("position.attach.otherVersion", [
                    "id": String(programID), "title": program.title, "position": String(facts.id), "curriculum": facts.curriculum.label]))
            }
            if facts.position.programID == programID {
                throw LogbookError.conflict(t("position.attach.already", ["id": String(programID), "position": String(facts.id)]))
            }
            try positions.attachProgram(positionID: facts.id, programID: programID, attachedBy: person.id, attachedAt: session.now())
            return (try session.position(facts.id), program)
        }
    }

    /// Why a position has no uddannelsesprogram, or nil when it has one (or is cancelled, or its department has imported
    /// no programme at all — it keeps them outside logbook). Said at `position start`, flagged by `check` and the report
    /// (issue 28): a department with programmes for other målbeskrivelse versions, or several for this one and none
    /// chosen, would otherwise leave the position without deadlines, silently.
    public static func programGap(_ session: Session, _ facts: PositionFacts) throws -> ProgramGap? {
        guard facts.position.programID == nil, !facts.position.isCancelled else { return nil }
        return try session.store.read { try gap(session, facts) }
    }

    /// `programGap` inside the caller's transaction.
    static func gap(_ session: Session, _ facts: PositionFacts) throws -> ProgramGap? {
        guard facts.position.programID == nil, !facts.position.isCancelled else { return nil }
        let programs = try PositionRepository(session.store).programs(departmentID: facts.department.id)
        // A department that has imported no programme at all keeps its programmes outside logbook: nothing to say.
        guard !programs.isEmpty else { return nil }
        let curricula = CurriculumRepository(session.store)
        var others: [String] = []
        for program in programs where program.curriculumID != facts.curriculum.id {
            if let label = try curricula.curriculum(id: program.curriculumID)?.label, !others.contains(label) { others.append(label) }
        }
        return ProgramGap(positionID: facts.id, department: facts.department.code, curriculum: facts.curriculum.label,
                          choices: programs.filter { $0.curriculumID == facts.curriculum.id }, otherVersions: others)
    }

    /// The cancellation event of a cancelled position.
    public static func cancellation(_ session: Session, _ facts: PositionFacts) throws -> EventRecord? {
        try facts.position.cancellation.flatMap { try EventRepository(session.store).event(id: $0) }
    }

    /// Changes the position's hovedvejleder from `from` (default today); the UAO/tutor only.
    public static func assignSupervisor(_ session: Session, positionID: Int64, handle: String, from: String?) throws -> PositionFacts {
        let t = session.texts
        let fromDate = try from.map { try session.date($0, flag: "--from") } ?? session.today
        return try session.store.write {
            let (actorPerson, actor) = try session.actor()
            let facts = try session.position(positionID)
            let acting = try Access.mayAssignSupervisor(for: facts.access, by: actor, on: session.today).require(session.texts).grant
            guard facts.position.start <= fromDate, fromDate <= facts.schedule.end else {
                throw LogbookError.refused(t("position.fromOutside", [
                    "from": t.date(fromDate), "id": String(facts.id), "start": t.date(facts.position.start), "end": t.date(facts.schedule.end),
                ]))
            }
            let supervisor = try session.person(handle, what: "HANDLE")
            try requireSupervisorGrant(session, supervisor, in: facts.department, on: fromDate, trainee: facts.access.traineeID)
            if let current = facts.access.supervisor(on: fromDate), current != supervisor.id,
               let act = try EventRepository(session.store).latestAct(
                   actorID: current, role: GrantRole.supervisor.rawValue, departmentID: facts.department.id, positionID: facts.id),
               act.on >= fromDate {
                throw LogbookError.refused(t("position.supervisorActed", [
                    "id": String(facts.id), "date": t.date(act.on), "event": String(act.id), "next": t.date(act.on.adding(days: 1)),
                ]))
            }
            let row = try PositionRepository(session.store).assignSupervisor(
                positionID: positionID, personID: supervisor.id, from: fromDate, assignedBy: actorPerson.id, recordedAt: session.now())
            try session.appendFact(.supervisorAssignment, positionID: positionID, by: actorPerson, acting: acting,
                                   payload: SupervisorPayload(supervisor: supervisor.handle, from: fromDate).text,
                                   table: "position_supervisor", row: row)
            return try session.position(positionID)
        }
    }

    /// One position with its counts of assessments and meetings.
    public static func show(_ session: Session, id: Int64) throws -> (facts: PositionFacts, assessments: Int, meetings: Int) {
        try session.store.read {
            let facts = try session.position(id)
            let counts = try PositionRepository(session.store).counts(positionID: id)
            return (facts, counts.assessments, counts.meetings)
        }
    }

    /// Positions of a trainee, of a department, or all; with `ongoing`, only those with today in [start, end]. In a
    /// session scoped to its actor, only the positions the actor may see.
    /// The positions of a trainee, a department, or a hovedvejleder (`supervisor`: the positions whose hovedvejleder
    /// the person is today — "my trainees"), or all; `ongoing` keeps those running today.
    public static func list(_ session: Session, trainee: String?, department: String?, supervisor: String? = nil,
                            ongoing: Bool) throws -> [PositionFacts] {
        if [trainee, department, supervisor].compactMap({ $0 }).count > 1 {
            throw LogbookError.usage(session.texts("position.oneFilter"))
        }
        return try session.store.read {
            let scope: PositionScope
            var supervisorID: Int64?
            if let supervisor {
                let id = try session.person(supervisor, what: "--supervisor").id
                supervisorID = id
                scope = .supervisor(id)
            } else if let trainee {
                scope = .trainee(try session.person(trainee, what: "--trainee").id)
            } else if let department {
                scope = .department(try session.department(department).id)
            } else {
                scope = .all
            }
            let found = try PositionLoader(session.store).load(scope).map(\.facts).filter { !ongoing || $0.isOngoing(on: session.today) }
                .filter { facts in supervisorID.map { facts.access.supervisor(on: session.today) == $0 } ?? true }
            guard session.readScope == .actor else { return found }
            let actor = try session.actor().actor
            return found.filter { Access.mayRead($0.access, by: actor, on: session.today) }
        }
    }

    /// The målbeskrivelse a new position is pinned to: the named version, or the one in force on the start date.
    static func pinnedCurriculum(_ session: Session, _ text: String, start: CalendarDate) throws -> CurriculumRecord {
        let t = session.texts
        let curricula = CurriculumRepository(session.store)
        var specialty = text
        var version: String?
        if let at = text.lastIndex(of: "@") {
            specialty = String(text[..<at])
            version = String(text[text.index(after: at)...]).trimmed
        }
        guard let specialtyID = try curricula.specialtyID(named: specialty) else {
            if let match = Suggest.nearest(to: specialty, in: try curricula.specialtyNames()), match != specialty {
                throw LogbookError.notFound(t("position.noSpecialty.suggest", ["specialty": specialty, "match": match]))
            }
            throw LogbookError.notFound(t("position.noSpecialty", ["specialty": specialty]))
        }
        let versions = try curricula.versions(specialtyID: specialtyID)
        let name = try curricula.specialtyNames().first { $0.normalizedName == specialty.normalizedName } ?? specialty
        guard !versions.isEmpty else {
            throw LogbookError.refused(t("position.noCurriculum", ["specialty": name]))
        }
        let listed = versions.map { t("position.version", ["version": $0.version, "from": t.date($0.validFrom)]) }.joined(separator: ", ")
        if let version {
            guard let pinned = try curricula.find(specialtyID: specialtyID, version: version) else {
                throw LogbookError.notFound(t("position.noVersion", ["specialty": name, "version": version, "versions": listed]))
            }
            guard pinned.validFrom <= start else {
                throw LogbookError.refused(t("position.versionAfterStart", [
                    "curriculum": pinned.label, "from": t.date(pinned.validFrom), "start": t.date(start),
                ]))
            }
            return pinned
        }
        guard let inForce = try curricula.versionInForce(specialtyID: specialtyID, on: start) else {
            throw LogbookError.refused(t("position.noVersionInForce", ["specialty": name, "start": t.date(start), "versions": listed]))
        }
        return inForce
    }

    /// Refuses a hovedvejleder who is the position's own trainee, or who holds no supervisor grant in the department
    /// on `day` — and, when `day` is past, still today: a grant that has ended since would leave the position
    /// without a valid hovedvejleder while `status` names one.
    static func requireSupervisorGrant(_ session: Session, _ person: PersonRecord, in department: DepartmentRecord,
                                       on day: CalendarDate, trainee: Int64) throws {
        let t = session.texts
        if person.id == trainee {
            throw LogbookError.refused(t("position.supervisorIsTrainee", ["handle": person.handle]))
        }
        let grants = try PersonRepository(session.store).grants(personID: person.id)
            .filter { $0.grant.role == .supervisor && $0.grant.departmentID == department.id }
        guard grants.contains(where: { $0.grant.isValid(on: day) }) else {
            throw LogbookError.refused(t("position.notSupervisor", ["handle": person.handle, "code": department.code, "date": t.date(day)]))
        }
        if day < session.today, !grants.contains(where: { $0.grant.isValid(on: session.today) }) {
            throw LogbookError.refused(t("position.supervisorGrantEnded", [
                "handle": person.handle, "code": department.code, "from": t.date(day), "today": t.date(session.today),
            ]))
        }
    }
}

/// A position without an uddannelsesprogram (issue 28): no deadlines are known for it. The department either has no
/// programme for the position's målbeskrivelse version (`choices` empty; `otherVersions` names the versions it has one
/// for, never used across versions) or several and none was chosen at the start.
public struct ProgramGap: Sendable, Hashable {
    /// The position.
    public let positionID: Int64
    /// Its department's code.
    public let department: String
    /// Its målbeskrivelse, "Kardiologi 2024".
    public let curriculum: String
    /// The department's programmes for that målbeskrivelse version (several: one must be chosen).
    public let choices: [ProgramChoice]
    /// The målbeskrivelse versions the department has a programme for instead.
    public let otherVersions: [String]
}

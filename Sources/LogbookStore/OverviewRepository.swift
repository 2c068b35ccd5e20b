import LogbookDomain
import SQLite

/// Everything `status`, `check` and `report` need about one position, loaded in batches.
///
/// It holds the whole history; `statusInput(today:)` looks at it as it stood on a day, so a status or report
/// "on" an earlier day does not count acts, meetings or assessments dated after it.
public struct PositionOverview: Sendable {
    public let facts: PositionFacts
    /// The pinned målbeskrivelse's competencies in sort order, and its mandatory courses.
    public let competencies: [Competency]
    public let courses: [String]
    /// The programme's deadlines (empty without a programme).
    public let programItems: [ProgramItem]
    /// Assessments not superseded by a correction: competency code, date, method name. Empty unless asked for.
    public let assessments: [(code: String, on: CalendarDate, method: String?)]
    /// The position's approvals, attestations and statements in order, each with its revocation, if any.
    public let events: [ActRecord]
    public let meetings: [(kind: MeetingKind, on: CalendarDate)]

    /// The standing acts on `day`: made on or before it, and not revoked by then.
    public func acts(on day: CalendarDate) -> PositionActs {
        var acts = PositionActs()
        for event in events where event.act.on <= day {
            let act = event.act
            if let revocation = event.revokedBy, revocation.on <= day {
                if event.kind == .competencyApproval, let code = event.competencyCode {
                    acts.revokedApprovals[code] = RevokedAct(
                        original: act, revokedBy: revocation.actor, revokedOn: revocation.on, reason: revocation.reason)
                }
                continue
            }
            switch event.kind {
            case .competencyApproval: if let code = event.competencyCode { acts.approvals[code] = act }
            case .courseApproval: if let course = event.course { acts.courseApprovals[course] = act }
            case .timeAttestation: acts.timeAttestation = act
            case .elementAttestation: acts.elementAttestation = act
            case .statement: acts.statement = act
            case .revocation, .keyRegistration: break
            }
        }
        acts.revokedApprovals = acts.revokedApprovals.filter { acts.approvals[$0.key] == nil }
        return acts
    }

    /// The status input as the position stood on `today`.
    public func statusInput(today: CalendarDate) -> StatusInput {
        var summaries: [String: AssessmentSummary] = [:]
        for entry in assessments where entry.on <= today {
            let known = summaries[entry.code] ?? .none
            var methods = known.methods
            if let method = entry.method, !methods.contains(method) { methods.append(method) }
            summaries[entry.code] = AssessmentSummary(count: known.count + 1, lastOn: max(known.lastOn ?? entry.on, entry.on),
                                                      methods: methods)
        }
        let acts = acts(on: today)
        return StatusInput(
            today: today, schedule: facts.schedule, competencies: competencies, courses: courses, assessments: summaries,
            approvals: acts.approvals, revokedApprovals: acts.revokedApprovals, courseApprovals: acts.courseApprovals,
            programItems: programItems, meetings: meetings.filter { $0.on <= today }, timeAttestation: acts.timeAttestation,
            elementAttestation: acts.elementAttestation, statement: acts.statement)
    }
}

/// The acts standing on a day, sorted by what they are about.
public struct PositionActs: Sendable {
    /// Keyed by competency code.
    public var approvals: [String: Act] = [:]
    /// Revoked and not re-approved, keyed by competency code.
    public var revokedApprovals: [String: RevokedAct] = [:]
    /// Keyed by course name.
    public var courseApprovals: [String: Act] = [:]
    public var timeAttestation: Act?
    public var elementAttestation: Act?
    public var statement: Act?
}

/// One approval, attestation or statement as status and reports need it: what, by whom, when, and its revocation.
public struct ActRecord: Sendable {
    public let kind: EventKind
    public let competencyCode: String?
    public let course: String?
    public let act: Act
    public let revokedBy: (id: Int64, actor: String, on: CalendarDate, reason: String)?
}

/// Loads position overviews for one position or a whole department with a fixed number of indexed queries,
/// so a report costs the same per position whatever the size of the database.
public struct OverviewRepository {
    let store: Store
    var connection: Connection { store.connection }

    public init(_ store: Store) { self.store = store }

    /// Which positions to load.
    public typealias Scope = PositionScope

    /// The overviews of the scope's positions, by start date. With `assessments` the per-competency
    /// assessment summaries are loaded too (status needs them; reports do not).
    public func overviews(_ scope: Scope, assessments includeAssessments: Bool = false) throws -> [PositionOverview] {
        let positions = PositionRepository(store)
        let stored: [StoredPosition]
        switch scope {
        case .position(let id): stored = try positions.find(id: id).map { [$0] } ?? []
        case .department(let id): stored = try positions.positions(departmentID: id)
        case .trainee(let id): stored = try positions.positions(traineeID: id)
        }
        if stored.isEmpty { return [] }

        var trainees: [Int64: StoredPerson] = [:]
        try connection.forEach(
            "SELECT id, handle, name, authorisation_id FROM person WHERE id IN (SELECT trainee_id FROM position WHERE id "
                + scope.positionFilter + ")", scope.value) { row in
            let id = row.int(0) ?? 0
            trainees[id] = StoredPerson(id: id, handle: row.string(1) ?? "", name: row.string(2) ?? "", authorisationID: row.string(3))
        }
        let supervisors = try positions.supervisors(scope)
        let absences = try positions.absences(scope)
        var meetings: [Int64: [(kind: MeetingKind, on: CalendarDate)]] = [:]
        try connection.forEach(
            "SELECT position_id, kind, held_on FROM meeting WHERE position_id " + scope.positionFilter + " ORDER BY held_on, id", scope.value) { row in
            guard let kind = MeetingKind(rawValue: row.string(1) ?? ""), let on = CalendarDate(iso: row.string(2) ?? "") else { return }
            meetings[row.int(0) ?? 0, default: []].append((kind, on))
        }
        var assessmentRows: [Int64: [(code: String, on: CalendarDate, method: String?)]] = [:]
        if includeAssessments {
            try connection.forEach(
                """
                SELECT a.position_id, c.code, a.assessed_on, coalesce(m.name, a.other_method)
                FROM assessment a JOIN competency c ON c.id = a.competency_id
                LEFT JOIN assessment_method m ON m.id = a.method_id
                WHERE NOT EXISTS (SELECT 1 FROM assessment x WHERE x.corrects_id = a.id) AND a.position_id
                """ + " " + scope.positionFilter + " ORDER BY a.assessed_on, a.id", scope.value) { row in
                guard let on = CalendarDate(iso: row.string(2) ?? "") else { return }
                assessmentRows[row.int(0) ?? 0, default: []].append((row.string(1) ?? "", on, row.string(3)))
            }
        }
        // Acts, without their hashes and texts: a department's history can be tens of thousands of events.
        var actRows: [Int64: [(kind: EventKind, competencyID: Int64?, courseID: Int64?, act: Act,
                               revokedBy: (id: Int64, actor: String, on: CalendarDate, reason: String)?)]] = [:]
        try connection.forEach(
            """
            SELECT e.position_id, e.id, e.kind, e.competency_id, e.course_id, e.effective_on, p.handle, e.actor_role,
                   e.signature IS NOT NULL, r.id, rp.handle, r.effective_on, r.text
            FROM event e JOIN person p ON p.id = e.actor_id
            LEFT JOIN event r ON r.revokes_id = e.id LEFT JOIN person rp ON rp.id = r.actor_id
            WHERE e.kind <> 'revocation' AND e.position_id
            """ + " " + scope.positionFilter + " ORDER BY e.id", scope.value) { row in
            guard let kind = EventKind(rawValue: row.string(2) ?? ""), let on = CalendarDate(iso: row.string(5) ?? "") else { return }
            let act = Act(eventID: row.int(1) ?? 0, actor: row.string(6) ?? "", role: row.string(7) ?? "", on: on, signed: row.bool(8))
            var revokedBy: (id: Int64, actor: String, on: CalendarDate, reason: String)?
            if let revocation = row.int(9), let revokedOn = CalendarDate(iso: row.string(11) ?? "") {
                revokedBy = (revocation, row.string(10) ?? "", revokedOn, row.string(12) ?? "")
            }
            actRows[row.int(0) ?? 0, default: []].append((kind, row.int(3), row.int(4), act, revokedBy))
        }

        // Shared per department, målbeskrivelse and programme: loaded once each.
        let curricula = CurriculumRepository(store)
        let programs = ProgramRepository(store)
        var departments: [Int64: StoredDepartment] = [:]
        var curriculumCache: [Int64: (StoredCurriculum, [StoredCompetency], [StoredCourse])] = [:]
        var programCache: [Int64: [ProgramItem]] = [:]

        return try stored.map { position in
            if departments[position.departmentID] == nil {
                departments[position.departmentID] = try DepartmentRepository(store).find(id: position.departmentID)
            }
            if curriculumCache[position.curriculumID] == nil, let curriculum = try curricula.curriculum(id: position.curriculumID) {
                curriculumCache[position.curriculumID] = (
                    curriculum, try curricula.competencies(curriculumID: curriculum.id), try curricula.courses(curriculumID: curriculum.id)
                )
            }
            if let programID = position.programID, programCache[programID] == nil {
                programCache[programID] = try programs.items(programID: programID).map(\.item)
            }
            guard let trainee = trainees[position.traineeID], let department = departments[position.departmentID],
                  let (curriculum, competencies, courses) = curriculumCache[position.curriculumID]
            else { throw SQLiteError(code: 19, message: "position \(position.id) refers to a missing person, department or curriculum") }
            let facts = PositionFacts(
                position: position, trainee: trainee, department: department, curriculum: curriculum,
                supervisors: supervisors[position.id] ?? [], absences: absences[position.id] ?? [])
            let events = (actRows[position.id] ?? []).map { row in
                ActRecord(kind: row.kind, competencyCode: row.competencyID.flatMap { id in competencies.first { $0.id == id }?.code },
                          course: row.courseID.flatMap { id in courses.first { $0.id == id }?.name }, act: row.act,
                          revokedBy: row.revokedBy)
            }
            return PositionOverview(
                facts: facts, competencies: competencies.map(\.competency), courses: courses.map(\.name),
                programItems: position.programID.flatMap { programCache[$0] } ?? [],
                assessments: assessmentRows[position.id] ?? [], events: events, meetings: meetings[position.id] ?? [])
        }
    }
}

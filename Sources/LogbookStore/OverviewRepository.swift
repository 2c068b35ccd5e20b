import LogbookDomain
import SQLite

/// Everything `status`, `check` and `report` need about one position, loaded in batches.
public struct PositionOverview: Sendable {
    public let facts: PositionFacts
    /// The pinned målbeskrivelse's competencies in sort order, and its mandatory courses.
    public let competencies: [Competency]
    public let courses: [String]
    /// The programme's deadlines (empty without a programme).
    public let programItems: [ProgramItem]
    /// Keyed by competency code; empty unless assessments were asked for.
    public let assessments: [String: AssessmentSummary]
    public let approvals: [String: Act]
    public let revokedApprovals: [String: RevokedAct]
    public let courseApprovals: [String: Act]
    public let timeAttestation: Act?
    public let elementAttestation: Act?
    public let statement: Act?
    public let meetings: [(kind: MeetingKind, on: CalendarDate)]

    /// The status input for `today`.
    public func statusInput(today: CalendarDate) -> StatusInput {
        StatusInput(
            today: today, schedule: facts.schedule, competencies: competencies, courses: courses, assessments: assessments,
            approvals: approvals, revokedApprovals: revokedApprovals, courseApprovals: courseApprovals, programItems: programItems,
            meetings: meetings, timeAttestation: timeAttestation, elementAttestation: elementAttestation, statement: statement)
    }
}

/// Loads position overviews for one position or a whole department with a fixed number of indexed queries,
/// so a report costs the same per position whatever the size of the database.
public struct OverviewRepository {
    let store: Store
    var connection: Connection { store.connection }

    public init(_ store: Store) { self.store = store }

    /// Which positions to load.
    public enum Scope: Sendable {
        case position(Int64)
        case department(Int64)

        /// The bound value of the scope's filter.
        var value: Int64 {
            switch self {
            case .position(let id), .department(let id): return id
            }
        }

        /// "position_id IN (...)": the positions of the scope, for child tables. Constant SQL, one parameter.
        var positionFilter: String {
            switch self {
            case .position: return "= ?"
            case .department: return "IN (SELECT id FROM position WHERE department_id = ?)"
            }
        }
    }

    /// The overviews of the scope's positions, by start date. With `assessments` the per-competency
    /// assessment summaries are loaded too (status needs them; reports do not).
    public func overviews(_ scope: Scope, assessments includeAssessments: Bool = false) throws -> [PositionOverview] {
        let positions = PositionRepository(store)
        let stored: [StoredPosition]
        switch scope {
        case .position(let id): stored = try positions.find(id: id).map { [$0] } ?? []
        case .department(let id): stored = try positions.positions(departmentID: id)
        }
        if stored.isEmpty { return [] }

        var trainees: [Int64: StoredPerson] = [:]
        for row in try connection.query(
            "SELECT id, handle, name, authorisation_id FROM person WHERE id IN (SELECT trainee_id FROM position WHERE id "
                + scope.positionFilter + ")", scope.value)
        {
            let id = row.int(0) ?? 0
            trainees[id] = StoredPerson(id: id, handle: row.string(1) ?? "", name: row.string(2) ?? "", authorisationID: row.string(3))
        }
        var supervisors: [Int64: [StoredSupervisorAssignment]] = [:]
        for row in try connection.query(
            "SELECT s.id, s.person_id, s.from_date, p.handle, s.position_id FROM position_supervisor s JOIN person p ON p.id = s.person_id "
                + "WHERE s.position_id " + scope.positionFilter + " ORDER BY s.from_date, s.id", scope.value)
        {
            guard let from = CalendarDate(iso: row.string(2) ?? "") else { continue }
            supervisors[row.int(4) ?? 0, default: []].append(StoredSupervisorAssignment(
                id: row.int(0) ?? 0, assignment: SupervisorAssignment(personID: row.int(1) ?? 0, from: from), handle: row.string(3) ?? ""))
        }
        var absences: [Int64: [StoredAbsence]] = [:]
        for row in try connection.query(
            "SELECT a.id, a.kind, a.from_date, a.to_date, a.note, p.handle, a.position_id FROM absence a JOIN person p ON p.id = a.recorded_by "
                + "WHERE a.position_id " + scope.positionFilter + " ORDER BY a.from_date, a.id", scope.value)
        {
            guard let kind = AbsenceKind(rawValue: row.string(1) ?? ""), let from = CalendarDate(iso: row.string(2) ?? ""),
                  let to = CalendarDate(iso: row.string(3) ?? ""), let period = AbsencePeriod(kind: kind, from: from, to: to)
            else { continue }
            absences[row.int(6) ?? 0, default: []].append(
                StoredAbsence(id: row.int(0) ?? 0, period: period, note: row.string(4) ?? "", recordedBy: row.string(5) ?? ""))
        }
        var meetings: [Int64: [(kind: MeetingKind, on: CalendarDate)]] = [:]
        for row in try connection.query(
            "SELECT position_id, kind, held_on FROM meeting WHERE position_id " + scope.positionFilter + " ORDER BY held_on, id", scope.value)
        {
            guard let kind = MeetingKind(rawValue: row.string(1) ?? ""), let on = CalendarDate(iso: row.string(2) ?? "") else { continue }
            meetings[row.int(0) ?? 0, default: []].append((kind, on))
        }
        var summaries: [Int64: [String: AssessmentSummary]] = [:]
        if includeAssessments {
            var collected: [Int64: [String: (count: Int, last: CalendarDate?, methods: [String])]] = [:]
            for row in try connection.query(
                """
                SELECT a.position_id, c.code, a.assessed_on, coalesce(m.name, a.other_method)
                FROM assessment a JOIN competency c ON c.id = a.competency_id
                LEFT JOIN assessment_method m ON m.id = a.method_id
                WHERE NOT EXISTS (SELECT 1 FROM assessment x WHERE x.corrects_id = a.id) AND a.position_id
                """ + " " + scope.positionFilter + " ORDER BY a.assessed_on, a.id", scope.value)
            {
                let position = row.int(0) ?? 0, code = row.string(1) ?? ""
                var entry = collected[position, default: [:]][code] ?? (0, nil, [])
                entry.count += 1
                entry.last = CalendarDate(iso: row.string(2) ?? "") ?? entry.last
                if let method = row.string(3), !entry.methods.contains(method) { entry.methods.append(method) }
                collected[position, default: [:]][code] = entry
            }
            for (position, codes) in collected {
                summaries[position] = codes.mapValues { AssessmentSummary(count: $0.count, lastOn: $0.last, methods: $0.methods) }
            }
        }
        let events: [StoredEvent]
        switch scope {
        case .position(let id): events = try EventRepository(store).events(positionID: id)
        case .department(let id): events = try EventRepository(store).events(departmentID: id)
        }
        var eventsByPosition: [Int64: [StoredEvent]] = [:]
        for event in events { eventsByPosition[event.content.positionID ?? 0, default: []].append(event) }

        // Shared per department, målbeskrivelse and programme: loaded once each.
        let curricula = CurriculumRepository(store)
        let programs = ProgramRepository(store)
        var departments: [Int64: StoredDepartment] = [:]
        var curriculumCache: [Int64: (StoredCurriculum, [Competency], [String])] = [:]
        var programCache: [Int64: [ProgramItem]] = [:]

        return try stored.map { position in
            if departments[position.departmentID] == nil {
                departments[position.departmentID] = try DepartmentRepository(store).find(id: position.departmentID)
            }
            if curriculumCache[position.curriculumID] == nil, let curriculum = try curricula.curriculum(id: position.curriculumID) {
                curriculumCache[position.curriculumID] = (
                    curriculum, try curricula.competencies(curriculumID: curriculum.id).map(\.competency),
                    try curricula.courses(curriculumID: curriculum.id).map(\.name)
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
            return Self.overview(
                facts: facts, competencies: competencies, courses: courses,
                programItems: position.programID.flatMap { programCache[$0] } ?? [],
                assessments: summaries[position.id] ?? [:], events: eventsByPosition[position.id] ?? [],
                meetings: meetings[position.id] ?? [])
        }
    }

    /// Sorts one position's events into the standing and revoked acts status shows.
    static func overview(facts: PositionFacts, competencies: [Competency], courses: [String], programItems: [ProgramItem],
                         assessments: [String: AssessmentSummary], events: [StoredEvent],
                         meetings: [(kind: MeetingKind, on: CalendarDate)]) -> PositionOverview {
        var approvals: [String: Act] = [:]
        var revoked: [String: RevokedAct] = [:]
        var courseApprovals: [String: Act] = [:]
        var time: Act?, element: Act?, statement: Act?
        for event in events {
            let content = event.content
            let act = Act(eventID: event.id, actor: content.actor, role: content.actorRole, on: content.effectiveOn,
                          signed: event.signature != nil)
            if let revocation = event.revokedBy {
                if content.kind == .competencyApproval, let code = content.competencyCode {
                    revoked[code] = RevokedAct(original: act, revokedBy: revocation.actor, revokedOn: revocation.on, reason: revocation.reason)
                }
                continue
            }
            switch content.kind {
            case .competencyApproval: if let code = content.competencyCode { approvals[code] = act }
            case .courseApproval: if let course = content.course { courseApprovals[course] = act }
            case .timeAttestation: time = act
            case .elementAttestation: element = act
            case .statement: statement = act
            case .revocation, .keyRegistration: break
            }
        }
        return PositionOverview(
            facts: facts, competencies: competencies, courses: courses, programItems: programItems, assessments: assessments,
            approvals: approvals, revokedApprovals: revoked.filter { approvals[$0.key] == nil }, courseApprovals: courseApprovals,
            timeAttestation: time, elementAttestation: element, statement: statement, meetings: meetings)
    }
}

import LogbookDomain
import SQLite

/// Loads positions (`PositionOverview`, the domain's aggregate) for any scope with a fixed number of indexed
/// queries, so one trainee's status or a department's report costs the same per position whatever the size of
/// the database. This is the one loader of positions: the store returns records, the domain decides.
public struct PositionLoader {
    let store: Store
    var connection: Connection { store.connection }

    public init(_ store: Store) { self.store = store }

    /// The positions of `scope` by start date, with as much as `detail` asks for. `including` picks positions by their
    /// facts (dates, schedule with absence, cancellation; their hovedvejledere are not read yet and show as none) before
    /// anything else is read: the hovedvejledere, meetings, acts and assessments of the others are never loaded (a
    /// department report of ongoing positions reads only theirs, not the department's whole history).
    public func load(_ scope: PositionScope, detail: PositionDetail = .facts,
                     including: ((PositionFacts) -> Bool)? = nil) throws -> [PositionOverview] {
        let rows = try PositionRepository(store).records(scope)
        if rows.isEmpty { return [] }

        var trainees: [Int64: PersonRecord] = [:]
        try connection.forEach(
            "SELECT id, handle, name, authorisation_id, email FROM person WHERE id IN (SELECT trainee_id FROM position "
                + scope.positionWhere + ")", scope.value, table: "person") { row in
            let person = try PersonRepository.person(row)
            trainees[person.id] = person
        }
        // Without a selection every position's hovedvejledere are read now; with one, only the selected positions' later.
        var supervisors = including == nil ? try PositionRepository(store).supervisors(scope) : [:]
        let absences = try PositionRepository(store).absences(scope)

        // Shared per department, målbeskrivelse and programme: loaded once each.
        let curricula = CurriculumRepository(store)
        var departments: [Int64: DepartmentRecord] = [:]
        var curriculumCache: [Int64: CurriculumRecord] = [:]
        var curriculumDetails: [Int64: (competencies: [CompetencyRecord], courses: [CourseRecord], codes: [Int64: String], courseNames: [Int64: String])] = [:]
        var programCache: [Int64: [ProgramItem]] = [:]

        var selected: [(position: PositionRecord, facts: PositionFacts)] = []
        selected.reserveCapacity(rows.count)
        for position in rows {
            if departments[position.departmentID] == nil {
                departments[position.departmentID] = try DepartmentRepository(store).find(id: position.departmentID)
            }
            if curriculumCache[position.curriculumID] == nil, let curriculum = try curricula.curriculum(id: position.curriculumID) {
                curriculumCache[position.curriculumID] = curriculum
            }
            guard let trainee = trainees[position.traineeID] else { throw missing(position, "trainee_id", "person") }
            guard let department = departments[position.departmentID] else { throw missing(position, "department_id", "department") }
            guard let curriculum = curriculumCache[position.curriculumID] else {
                throw missing(position, "curriculum_id", "curriculum")
            }
            let facts = PositionFacts(
                position: position, trainee: trainee, department: department, curriculum: curriculum,
                supervisors: supervisors[position.id] ?? [], absences: absences[position.id] ?? [])
            if let including, !including(facts) { continue }
            selected.append((position, facts))
        }
        if selected.isEmpty { return [] }

        // The child rows of the selected positions: the scope's filter when all were selected, else their ids.
        let filter: String, value: SQLiteBindable
        if selected.count == rows.count {
            (filter, value) = (scope.positionFilter, scope.value)
        } else {
            (filter, value) = ("IN (SELECT value FROM json_each(?1))", "[" + selected.map { String($0.position.id) }.joined(separator: ",") + "]")
        }
        if including != nil {
            supervisors = try PositionRepository(store).supervisors(positionFilter: filter, value)
            selected = selected.map { position, facts in
                (position, PositionFacts(position: position, trainee: facts.trainee, department: facts.department, curriculum: facts.curriculum,
                                         supervisors: supervisors[position.id] ?? [], absences: facts.absences))
            }
        }
        var meetings: [Int64: [(kind: MeetingKind, on: CalendarDate)]] = [:]
        var assessments: [Int64: [(code: String, on: CalendarDate, method: String?)]] = [:]
        var acts: [Int64: [(kind: EventKind, competencyID: Int64?, courseID: Int64?, act: Act, revokedBy: Revocation?)]] = [:]
        if detail >= .acts {
            try connection.forEach(
                "SELECT position_id, kind, held_on FROM meeting WHERE position_id " + filter + " ORDER BY held_on, id",
                value, table: "meeting") { row in
                meetings[try row.int("position_id"), default: []].append(
                    (try row.parsed("kind", as: "a meeting kind", MeetingKind.init(rawValue:)), try row.date("held_on")))
            }
            // Acts without their hashes and texts: a department's history can be tens of thousands of events.
            try connection.forEach(
                """
                SELECT e.position_id, e.id, e.kind, e.competency_id, e.course_id, e.effective_on, p.handle, p.name, e.actor_role,
                       e.signature IS NOT NULL AS signed, r.id AS revocation_id, rp.handle AS revoker, rp.name AS revoker_name, r.effective_on AS revoked_on,
                       r.text AS reason
                FROM event e JOIN person p ON p.id = e.actor_id
                LEFT JOIN event r ON r.revokes_id = e.id LEFT JOIN person rp ON rp.id = r.actor_id
                WHERE e.kind <> 'revocation' AND e.position_id
                """ + " " + filter + " ORDER BY e.id", value, table: "event") { row in
                let act = Act(eventID: try row.int("id"), actor: try row.string("handle"), actorName: try row.string("name"), role: try row.string("actor_role"),
                              on: try row.date("effective_on"), signed: try row.bool("signed"))
                acts[try row.int("position_id"), default: []].append(
                    (try row.eventKind("kind"), try row.optionalInt("competency_id"), try row.optionalInt("course_id"), act,
                     try EventRepository.revocation(row)))
            }
        }
        if detail >= .status {
            try connection.forEach(
                """
                SELECT a.position_id, c.code, a.assessed_on, coalesce(m.name, a.other_method) AS method
                FROM assessment a JOIN competency c ON c.id = a.competency_id
                LEFT JOIN assessment_method m ON m.id = a.method_id
                WHERE NOT EXISTS (SELECT 1 FROM assessment x WHERE x.corrects_id = a.id) AND a.position_id
                """ + " " + filter + " ORDER BY a.assessed_on, a.id", value, table: "assessment") { row in
                assessments[try row.int("position_id"), default: []].append(
                    (try row.string("code"), try row.date("assessed_on"), try row.optionalString("method")))
            }
        }

        return try selected.map { position, facts in
            if detail >= .acts, curriculumDetails[position.curriculumID] == nil {
                let competencies = try curricula.competencies(curriculumID: position.curriculumID)
                let courses = try curricula.courses(curriculumID: position.curriculumID)
                var codes: [Int64: String] = [:]
                for competency in competencies { codes[competency.id] = competency.code }
                var courseNames: [Int64: String] = [:]
                for course in courses { courseNames[course.id] = course.name }
                curriculumDetails[position.curriculumID] = (competencies, courses, codes, courseNames)
            }
            if detail >= .acts, let programID = position.programID, programCache[programID] == nil {
                programCache[programID] = try ProgramRepository(store).items(programID: programID).map(\.item)
            }
            let (competencies, courses, codes, courseNames) = curriculumDetails[position.curriculumID] ?? ([], [], [:], [:])
            let events = (acts[position.id] ?? []).map { row in
                ActRecord(kind: row.kind, competencyCode: row.competencyID.flatMap { codes[$0] },
                          course: row.courseID.flatMap { courseNames[$0] }, act: row.act, revokedBy: row.revokedBy)
            }
            return PositionOverview(
                facts: facts, detail: detail, competencies: competencies.map(\.competency), courses: courses.map(\.name),
                programItems: position.programID.flatMap { programCache[$0] } ?? [],
                assessments: assessments[position.id] ?? [], events: events, meetings: meetings[position.id] ?? [])
        }
    }

    /// The positions of `scope` whose element attestation stands on `day` (made by then, not revoked by then): the
    /// positions `check` has nothing to say about, so their acts need not be read. Through `event_position_idx`.
    public func elementAttested(_ scope: PositionScope, on day: CalendarDate) throws -> Set<Int64> {
        var attested: Set<Int64> = []
        try connection.forEach(
            "SELECT e.position_id FROM event e WHERE e.kind = 'element-attestation' AND e.effective_on <= ?2 "
                + "AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id AND r.effective_on <= ?2) AND e.position_id "
                + scope.positionFilter, scope.value, day.iso, table: "event") { row in
            attested.insert(try row.int("position_id"))
        }
        return attested
    }

    /// The facts of one position (schedule and access), or nil when there is no such position.
    public func facts(id: Int64) throws -> PositionFacts? {
        try load(.position(id)).first?.facts
    }

    private func missing(_ position: PositionRecord, _ column: String, _ table: String) -> RowDecodingError {
        RowDecodingError(table: "position", column: column, problem: "of position \(position.id) names no stored \(table)")
    }
}

extension PositionScope {
    /// The bound value of the scope's filter (ignored for `.all`, whose filter binds nothing it uses).
    var value: Int64 {
        switch self {
        case .position(let id), .department(let id), .trainee(let id), .supervisor(let id): return id
        case .all: return 0
        }
    }

    /// "WHERE …" over `position`: the scope's positions, through `position_department_idx`, `position_trainee_idx` or
    /// `position_supervisor_person_idx`.
    /// Constant SQL with one parameter (`?1`), so each scope's statement is prepared once.
    var positionWhere: String {
        switch self {
        case .position: return "WHERE id = ?1"
        case .department: return "WHERE department_id = ?1"
        case .trainee: return "WHERE trainee_id = ?1"
        case .supervisor: return "WHERE id IN (SELECT position_id FROM position_supervisor WHERE person_id = ?1)"
        case .all: return "WHERE ?1 IS NOT NULL"
        }
    }

    /// "= ?" or "IN (…)": the scope's positions, to follow `position_id` in child tables.
    var positionFilter: String {
        switch self {
        case .position: return "= ?1"
        case .department, .trainee, .supervisor: return "IN (SELECT id FROM position " + positionWhere + ")"
        case .all: return "IS NOT NULL AND ?1 IS NOT NULL"
        }
    }
}

extension RowDecoder {
    /// A calendar date stored as ISO 8601 text.
    func date(_ column: String) throws -> CalendarDate {
        try parsed(column, as: "a date (YYYY-MM-DD)", CalendarDate.init(iso:))
    }

    /// A calendar date that may be NULL.
    func optionalDate(_ column: String) throws -> CalendarDate? {
        try optionalParsed(column, as: "a date (YYYY-MM-DD)", CalendarDate.init(iso:))
    }

    /// An event kind.
    func eventKind(_ column: String) throws -> EventKind {
        try parsed(column, as: "an event kind", EventKind.init(rawValue:))
    }
}

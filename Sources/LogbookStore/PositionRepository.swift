import LogbookDomain
import SQLite

/// Intro positions with their hovedvejledere, absence, assessments and meetings.
public struct PositionRepository {
    let store: Store
    var connection: Connection { store.connection }

    public init(_ store: Store) { self.store = store }

    private static let columns = """
        SELECT id, trainee_id, department_id, curriculum_id,
               coalesce((SELECT program_id FROM position_program WHERE position_id = position.id ORDER BY id DESC LIMIT 1), program_id)
                   AS program_id,
               start_date, part_time, kbu_general_practice, started_by,
               (SELECT event_id FROM position_cancellation WHERE position_id = position.id) AS cancellation
        FROM position
        """

    /// A position row read by name.
    static func position(_ row: RowDecoder) throws -> PositionRecord {
        PositionRecord(
            id: try row.int("id"), traineeID: try row.int("trainee_id"), departmentID: try row.int("department_id"),
            curriculumID: try row.int("curriculum_id"), programID: try row.optionalInt("program_id"), start: try row.date("start_date"),
            partTime: try row.parsed("part_time", as: "a part-time fraction", PartTime.init(storageText:)),
            kbuGeneralPractice: try row.bool("kbu_general_practice"), startedBy: try row.int("started_by"),
            cancellation: try row.optionalInt("cancellation"))
    }

    /// The position with this id.
    public func find(id: Int64) throws -> PositionRecord? {
        try records(.position(id)).first
    }

    /// The positions of a scope by start date (a trainee's through `position_trainee_idx`, a department's through
    /// `position_department_idx`).
    public func records(_ scope: PositionScope) throws -> [PositionRecord] {
        try connection.query(Self.columns + " " + scope.positionWhere + (scope == .all ? " ORDER BY id" : " ORDER BY start_date, id"), scope.value, table: "position",
                             decode: Self.position)
    }

    /// Stores a new position and returns its id.
    public func insert(traineeID: Int64, departmentID: Int64, curriculumID: Int64, programID: Int64?, start: CalendarDate,
                       partTime: PartTime, kbuGeneralPractice: Bool, startedBy: Int64, recordedAt: String) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO position (trainee_id, department_id, curriculum_id, program_id, start_date, part_time,
                                  kbu_general_practice, started_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            traineeID, departmentID, curriculumID, programID, start.iso, partTime.storageText, kbuGeneralPractice, startedBy,
            recordedAt)
        return connection.lastInsertRowID
    }

    // MARK: Programmes

    /// Attaches a programme to a started position (issue 28): the newest attachment is the position's programme.
    public func attachProgram(positionID: Int64, programID: Int64, attachedBy: Int64, attachedAt: String) throws {
        try connection.run("INSERT INTO position_program (position_id, program_id, attached_by, attached_at) VALUES (?, ?, ?, ?)",
                           positionID, programID, attachedBy, attachedAt)
    }

    /// The programmes of a department, every målbeskrivelse version (for saying which versions it has one for).
    public func programs(departmentID: Int64) throws -> [ProgramChoice] {
        try connection.query(
            "SELECT id, department_id, curriculum_id, title, version FROM program WHERE department_id = ? ORDER BY curriculum_id, id",
            departmentID, table: "program", decode: Self.program)
    }

    /// The programmes of a department for one målbeskrivelse.
    public func programs(departmentID: Int64, curriculumID: Int64) throws -> [ProgramChoice] {
        try connection.query(
            "SELECT id, department_id, curriculum_id, title, version FROM program WHERE department_id = ? AND curriculum_id = ? ORDER BY id",
            departmentID, curriculumID, table: "program", decode: Self.program)
    }

    /// The programme with this id.
    public func program(id: Int64) throws -> ProgramChoice? {
        try connection.queryFirst("SELECT id, department_id, curriculum_id, title, version FROM program WHERE id = ?", id,
                                  table: "program", decode: Self.program)
    }

    /// A programme row (id, department_id, curriculum_id, title, version) read by name.
    static func program(_ row: RowDecoder) throws -> ProgramChoice {
        ProgramChoice(id: try row.int("id"), departmentID: try row.int("department_id"), curriculumID: try row.int("curriculum_id"),
                      title: try row.string("title"), version: try row.string("version"))
    }

    // MARK: Hovedvejledere

    /// The position's hovedvejleder assignments, oldest first.
    public func supervisors(positionID: Int64) throws -> [SupervisorRecord] {
        try supervisors(.position(positionID))[positionID] ?? []
    }

    /// The hovedvejleder assignments of the scope's positions, by position, oldest first.
    func supervisors(_ scope: PositionScope) throws -> [Int64: [SupervisorRecord]] {
        try supervisors(positionFilter: scope.positionFilter, scope.value)
    }

    /// The same for the positions `positionFilter` ("= ?1", "IN (…)") picks with `value` bound to ?1.
    func supervisors(positionFilter: String, _ value: SQLiteBindable) throws -> [Int64: [SupervisorRecord]] {
        var result: [Int64: [SupervisorRecord]] = [:]
        try connection.forEach(
            "SELECT s.id, s.person_id, s.from_date, p.handle, p.name, s.position_id FROM position_supervisor s JOIN person p ON p.id = s.person_id "
                + "WHERE s.position_id " + positionFilter + " ORDER BY s.from_date, s.id", value, table: "position_supervisor") { row in
            result[try row.int("position_id"), default: []].append(SupervisorRecord(
                id: try row.int("id"), assignment: SupervisorAssignment(personID: try row.int("person_id"), from: try row.date("from_date")),
                handle: try row.string("handle"), name: try row.string("name")))
        }
        return result
    }

    /// Assigns a hovedvejleder from a date on.
    @discardableResult
    public func assignSupervisor(positionID: Int64, personID: Int64, from: CalendarDate, assignedBy: Int64, recordedAt: String) throws -> Int64 {
        try connection.run(
            "INSERT INTO position_supervisor (position_id, person_id, from_date, assigned_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
            positionID, personID, from.iso, assignedBy, recordedAt)
        return connection.lastInsertRowID
    }

    // MARK: Absence

    /// The position's absence periods by first day, leaving out withdrawn ones (uses `absence_position_idx`).
    public func absences(positionID: Int64) throws -> [AbsenceRecord] {
        try absences(.position(positionID))[positionID] ?? []
    }

    /// The standing absence periods of the scope's positions, by position and first day.
    func absences(_ scope: PositionScope) throws -> [Int64: [AbsenceRecord]] {
        var result: [Int64: [AbsenceRecord]] = [:]
        try connection.forEach(
            "SELECT a.id, a.kind, a.from_date, a.to_date, a.note, p.handle, a.position_id FROM absence a JOIN person p ON p.id = a.recorded_by "
                + "WHERE NOT EXISTS (SELECT 1 FROM absence_revocation r WHERE r.absence_id = a.id) AND a.position_id "
                + scope.positionFilter + " ORDER BY a.from_date, a.id", scope.value, table: "absence") { row in
            let kind = try row.parsed("kind", as: "an absence kind", AbsenceKind.init(rawValue:))
            guard let period = AbsencePeriod(kind: kind, from: try row.date("from_date"), to: try row.date("to_date")) else {
                throw row.failure("to_date", "is before from_date")
            }
            result[try row.int("position_id"), default: []].append(
                AbsenceRecord(id: try row.int("id"), period: period, note: try row.string("note"), recordedBy: try row.string("handle")))
        }
        return result
    }

    /// The position's withdrawn absence periods by first day, each with who withdrew it, when and why.
    public func withdrawnAbsences(positionID: Int64) throws -> [WithdrawnAbsence] {
        var result: [WithdrawnAbsence] = []
        try connection.forEach(
            "SELECT a.id, a.kind, a.from_date, a.to_date, a.note, p.handle, r.reason, w.handle AS withdrawn_by, w.name AS withdrawn_by_name, "
                + "r.recorded_at FROM absence a JOIN person p ON p.id = a.recorded_by JOIN absence_revocation r ON r.absence_id = a.id "
                + "JOIN person w ON w.id = r.revoked_by WHERE a.position_id = ? ORDER BY a.from_date, a.id", positionID, table: "absence") { row in
            let kind = try row.parsed("kind", as: "an absence kind", AbsenceKind.init(rawValue:))
            guard let period = AbsencePeriod(kind: kind, from: try row.date("from_date"), to: try row.date("to_date")) else {
                throw row.failure("to_date", "is before from_date")
            }
            // recorded_at is the withdrawal's (absence_revocation), so an unreadable one is named as such.
            let recorded = try RowDecoder(row.row, table: "absence_revocation").timestamp("recorded_at")
            result.append(WithdrawnAbsence(
                absence: AbsenceRecord(id: try row.int("id"), period: period, note: try row.string("note"), recordedBy: try row.string("handle")),
                reason: try row.string("reason"), by: try row.string("withdrawn_by"), byName: try row.string("withdrawn_by_name"),
                at: recorded.text, on: recorded.day))
        }
        return result
    }

    /// Stores an absence period and returns its id.
    public func insertAbsence(positionID: Int64, period: AbsencePeriod, note: String, recordedBy: Int64, recordedAt: String) throws -> Int64 {
        try connection.run(
            "INSERT INTO absence (position_id, kind, from_date, to_date, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            positionID, period.kind.rawValue, period.from.iso, period.to.iso, note, recordedBy, recordedAt)
        return connection.lastInsertRowID
    }

    /// Withdraws an absence period (the period stays in the table; its revocation is a row of its own).
    @discardableResult
    public func revokeAbsence(id: Int64, reason: String, revokedBy: Int64, recordedAt: String) throws -> Int64 {
        try connection.run(
            "INSERT INTO absence_revocation (absence_id, reason, revoked_by, recorded_at) VALUES (?, ?, ?, ?)",
            id, reason, revokedBy, recordedAt)
        return connection.lastInsertRowID
    }

    /// The position an absence period belongs to, and whether it is already withdrawn.
    public func absenceInfo(id: Int64) throws -> (positionID: Int64, revoked: Bool)? {
        try connection.queryFirst(
            "SELECT position_id, EXISTS (SELECT 1 FROM absence_revocation WHERE absence_id = ?1) AS revoked FROM absence WHERE id = ?1",
            id, table: "absence"
        ) { (try $0.int("position_id"), try $0.bool("revoked")) }
    }

    // MARK: Counts

    /// How many assessments (corrections included) and meetings the position has.
    public func counts(positionID: Int64) throws -> (assessments: Int, meetings: Int) {
        try connection.single(
            """
            SELECT (SELECT count(*) FROM assessment WHERE position_id = ?1) AS assessments,
                   (SELECT count(*) FROM meeting WHERE position_id = ?1) AS meetings
            """, positionID, table: "position"
        ) { row in (Int(try row.int("assessments")), Int(try row.int("meetings"))) }
    }
}

import LogbookDomain
import SQLite

/// An intro position's own row.
public struct StoredPosition: Sendable, Hashable {
    public let id: Int64
    public let traineeID: Int64
    public let departmentID: Int64
    /// The pinned målbeskrivelse.
    public let curriculumID: Int64
    public let programID: Int64?
    public let start: CalendarDate
    public let partTime: PartTime
    public let kbuGeneralPractice: Bool
    public let startedBy: Int64
}

/// One hovedvejleder assignment as stored, with the person's handle.
public struct StoredSupervisorAssignment: Sendable, Hashable {
    public let id: Int64
    public let assignment: SupervisorAssignment
    public let handle: String
}

/// One absence period (fraværsperiode) as stored.
public struct StoredAbsence: Sendable, Hashable {
    public let id: Int64
    public let period: AbsencePeriod
    public let note: String
    public let recordedBy: String
}

/// An uddannelsesprogram's identity, for choosing one when a position starts.
public struct ProgramChoice: Sendable, Hashable {
    public let id: Int64
    public let departmentID: Int64
    public let curriculumID: Int64
    public let title: String
    public let version: String
}

/// Everything known about one position that its schedule and its access rules need, loaded in one place
/// so `position show`, `status`, reports and checks compute the end date the same way.
public struct PositionFacts: Sendable, Hashable {
    public let position: StoredPosition
    public let trainee: StoredPerson
    public let department: StoredDepartment
    public let curriculum: StoredCurriculum
    /// Hovedvejleder assignments, oldest first.
    public let supervisors: [StoredSupervisorAssignment]
    /// Absence periods by first day.
    public let absences: [StoredAbsence]

    /// The schedule by DOMAIN.md "Time rules": planned end, allowance, extensions, end (worked out once).
    public let schedule: PositionSchedule

    init(position: StoredPosition, trainee: StoredPerson, department: StoredDepartment, curriculum: StoredCurriculum,
         supervisors: [StoredSupervisorAssignment], absences: [StoredAbsence]) {
        self.position = position
        self.trainee = trainee
        self.department = department
        self.curriculum = curriculum
        self.supervisors = supervisors
        self.absences = absences
        let terms = PositionTerms(start: position.start, workplace: department.kind, kbuGeneralPractice: position.kbuGeneralPractice,
                                  partTime: position.partTime)
        self.schedule = TimeRules.schedule(for: terms, absences: absences.map(\.period))
    }

    public var id: Int64 { position.id }

    /// The terms fixing the position's length (start, workplace, KBU general practice, part time).
    public var terms: PositionTerms { schedule.terms }

    /// The position as the access rules see it.
    public var access: AccessPosition {
        AccessPosition(
            id: position.id, traineeID: position.traineeID,
            department: AccessDepartment(id: department.id, code: department.code, kind: department.kind, region: department.region),
            supervisors: supervisors.map(\.assignment))
    }

    /// The hovedvejleder's handle on `day`, if any.
    public func supervisorHandle(on day: CalendarDate) -> String? {
        guard let id = access.supervisor(on: day) else { return nil }
        return supervisors.last { $0.assignment.personID == id }?.handle
    }

    /// Whether `day` is within [start, end].
    public func isOngoing(on day: CalendarDate) -> Bool { position.start <= day && day <= schedule.end }
}

/// A set of positions to load child rows for: one position, a department's or a trainee's.
public enum PositionScope: Sendable {
    case position(Int64)
    case department(Int64)
    case trainee(Int64)

    /// The bound value of the scope's filter.
    var value: Int64 {
        switch self {
        case .position(let id), .department(let id), .trainee(let id): return id
        }
    }

    /// "= ?" or "IN (...)": the scope's positions, to follow `position_id` in child tables. Constant SQL, one parameter,
    /// answered through `position_department_idx` or `position_trainee_idx`.
    var positionFilter: String {
        switch self {
        case .position: return "= ?"
        case .department: return "IN (SELECT id FROM position WHERE department_id = ?)"
        case .trainee: return "IN (SELECT id FROM position WHERE trainee_id = ?)"
        }
    }
}

/// Intro positions with their hovedvejledere, absence, assessments and meetings.
public struct PositionRepository {
    let store: Store
    var connection: Connection { store.connection }

    public init(_ store: Store) { self.store = store }

    private static let columns = """
        SELECT id, trainee_id, department_id, curriculum_id, program_id, start_date, part_time, kbu_general_practice, started_by
        FROM position
        """

    private func position(from row: Row) -> StoredPosition {
        StoredPosition(
            id: row.int(0) ?? 0, traineeID: row.int(1) ?? 0, departmentID: row.int(2) ?? 0, curriculumID: row.int(3) ?? 0,
            programID: row.int(4), start: CalendarDate(iso: row.string(5) ?? "") ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            partTime: PartTime(storageText: row.string(6) ?? "") ?? .full, kbuGeneralPractice: row.bool(7) ?? false,
            startedBy: row.int(8) ?? 0)
    }

    /// The position with this id.
    public func find(id: Int64) throws -> StoredPosition? {
        try connection.queryFirst(Self.columns + " WHERE id = ?", id).map(position(from:))
    }

    /// One trainee's positions by start date (uses `position_trainee_idx`).
    public func positions(traineeID: Int64) throws -> [StoredPosition] {
        try connection.query(Self.columns + " WHERE trainee_id = ? ORDER BY start_date, id", traineeID).map(position(from:))
    }

    /// One department's positions by start date (uses `position_department_idx`).
    public func positions(departmentID: Int64) throws -> [StoredPosition] {
        try connection.query(Self.columns + " WHERE department_id = ? ORDER BY start_date, id", departmentID).map(position(from:))
    }

    /// Every position by id.
    public func all() throws -> [StoredPosition] {
        try connection.query(Self.columns + " ORDER BY id").map(position(from:))
    }

    /// The position with everything its schedule and access rules need; nil when there is no such position.
    public func facts(id: Int64) throws -> PositionFacts? {
        guard let stored = try find(id: id) else { return nil }
        return try facts(for: stored)
    }

    /// The facts of an already loaded position row.
    public func facts(for stored: StoredPosition) throws -> PositionFacts {
        guard let trainee = try PersonRepository(store).find(id: stored.traineeID),
              let department = try DepartmentRepository(store).find(id: stored.departmentID),
              let curriculum = try CurriculumRepository(store).curriculum(id: stored.curriculumID)
        else { throw SQLiteError(code: 19, message: "position \(stored.id) refers to a missing person, department or curriculum") }
        return PositionFacts(position: stored, trainee: trainee, department: department, curriculum: curriculum,
                             supervisors: try supervisors(positionID: stored.id), absences: try absences(positionID: stored.id))
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

    /// The programmes of a department for one målbeskrivelse.
    public func programs(departmentID: Int64, curriculumID: Int64) throws -> [ProgramChoice] {
        try connection.query(
            "SELECT id, department_id, curriculum_id, title, version FROM program WHERE department_id = ? AND curriculum_id = ? ORDER BY id",
            departmentID, curriculumID
        ).map(program(from:))
    }

    /// The programme with this id.
    public func program(id: Int64) throws -> ProgramChoice? {
        try connection.queryFirst("SELECT id, department_id, curriculum_id, title, version FROM program WHERE id = ?", id)
            .map(program(from:))
    }

    private func program(from row: Row) -> ProgramChoice {
        ProgramChoice(id: row.int(0) ?? 0, departmentID: row.int(1) ?? 0, curriculumID: row.int(2) ?? 0,
                      title: row.string(3) ?? "", version: row.string(4) ?? "")
    }

    // MARK: Hovedvejledere

    /// The position's hovedvejleder assignments, oldest first.
    public func supervisors(positionID: Int64) throws -> [StoredSupervisorAssignment] {
        try supervisors(.position(positionID))[positionID] ?? []
    }

    /// The hovedvejleder assignments of the scope's positions, by position, oldest first.
    func supervisors(_ scope: PositionScope) throws -> [Int64: [StoredSupervisorAssignment]] {
        var result: [Int64: [StoredSupervisorAssignment]] = [:]
        try connection.forEach(
            "SELECT s.id, s.person_id, s.from_date, p.handle, s.position_id FROM position_supervisor s JOIN person p ON p.id = s.person_id "
                + "WHERE s.position_id " + scope.positionFilter + " ORDER BY s.from_date, s.id", scope.value) { row in
            guard let from = CalendarDate(iso: row.string(2) ?? "") else { return }
            result[row.int(4) ?? 0, default: []].append(StoredSupervisorAssignment(
                id: row.int(0) ?? 0, assignment: SupervisorAssignment(personID: row.int(1) ?? 0, from: from), handle: row.string(3) ?? ""))
        }
        return result
    }

    /// Assigns a hovedvejleder from a date on.
    public func assignSupervisor(positionID: Int64, personID: Int64, from: CalendarDate, assignedBy: Int64, recordedAt: String) throws {
        try connection.run(
            "INSERT INTO position_supervisor (position_id, person_id, from_date, assigned_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
            positionID, personID, from.iso, assignedBy, recordedAt)
    }

    // MARK: Absence

    /// The position's absence periods by first day, leaving out withdrawn ones (uses `absence_position_idx`).
    public func absences(positionID: Int64) throws -> [StoredAbsence] {
        try absences(.position(positionID))[positionID] ?? []
    }

    /// The standing absence periods of the scope's positions, by position and first day.
    func absences(_ scope: PositionScope) throws -> [Int64: [StoredAbsence]] {
        var result: [Int64: [StoredAbsence]] = [:]
        try connection.forEach(
            "SELECT a.id, a.kind, a.from_date, a.to_date, a.note, p.handle, a.position_id FROM absence a JOIN person p ON p.id = a.recorded_by "
                + "WHERE NOT EXISTS (SELECT 1 FROM absence_revocation r WHERE r.absence_id = a.id) AND a.position_id "
                + scope.positionFilter + " ORDER BY a.from_date, a.id", scope.value) { row in
            guard let kind = AbsenceKind(rawValue: row.string(1) ?? ""), let from = CalendarDate(iso: row.string(2) ?? ""),
                  let to = CalendarDate(iso: row.string(3) ?? ""), let period = AbsencePeriod(kind: kind, from: from, to: to)
            else { return }
            result[row.int(6) ?? 0, default: []].append(
                StoredAbsence(id: row.int(0) ?? 0, period: period, note: row.string(4) ?? "", recordedBy: row.string(5) ?? ""))
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
    public func revokeAbsence(id: Int64, reason: String, revokedBy: Int64, recordedAt: String) throws {
        try connection.run(
            "INSERT INTO absence_revocation (absence_id, reason, revoked_by, recorded_at) VALUES (?, ?, ?, ?)",
            id, reason, revokedBy, recordedAt)
    }

    /// The position an absence period belongs to, and whether it is already withdrawn.
    public func absenceInfo(id: Int64) throws -> (positionID: Int64, revoked: Bool)? {
        try connection.queryFirst(
            "SELECT position_id, EXISTS (SELECT 1 FROM absence_revocation WHERE absence_id = ?1) FROM absence WHERE id = ?1", id
        ).map { ($0.int(0) ?? 0, $0.bool(1) ?? false) }
    }

    // MARK: Counts

    /// How many assessments (corrections included) and meetings the position has.
    public func counts(positionID: Int64) throws -> (assessments: Int, meetings: Int) {
        let row = try connection.queryFirst(
            """
            SELECT (SELECT count(*) FROM assessment WHERE position_id = ?1),
                   (SELECT count(*) FROM meeting WHERE position_id = ?1)
            """, positionID)
        return (Int(row?.int(0) ?? 0), Int(row?.int(1) ?? 0))
    }
}

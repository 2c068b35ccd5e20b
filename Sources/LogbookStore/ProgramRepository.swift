import LogbookDomain
import SQLite

/// A programme item ready to be stored: the item and the row ids it points at.
public struct NewProgramItem: Sendable {
    public let item: ProgramItem
    public let competencyID: Int64?
    public let courseID: Int64?

    /// Creates one; `competencyID` for competency items, `courseID` for course items.
    public init(item: ProgramItem, competencyID: Int64? = nil, courseID: Int64? = nil) {
        self.item = item
        self.competencyID = competencyID
        self.courseID = courseID
    }
}

/// Uddannelsesprogrammer and their items.
public struct ProgramRepository {
    let connection: Connection

    /// Works through the store's one connection.
    public init(_ store: Store) { self.connection = store.connection }

    private static let columns = """
        SELECT p.id, p.department_id, d.code AS department_code, d.name AS department_name, p.curriculum_id, s.name AS specialty,
               c.version AS curriculum_version, p.title, p.version, p.approved_on, p.content_hash,
               (SELECT count(*) FROM program_item i WHERE i.program_id = p.id) AS item_count
        FROM program p
        JOIN department d ON d.id = p.department_id
        JOIN curriculum c ON c.id = p.curriculum_id
        JOIN specialty s ON s.id = c.specialty_id
        """

    /// A programme row of `columns` read by name.
    static func program(_ row: RowDecoder) throws -> ProgramRecord {
        ProgramRecord(
            id: try row.int("id"), departmentID: try row.int("department_id"), departmentCode: try row.string("department_code"),
            departmentName: try row.string("department_name"), curriculumID: try row.int("curriculum_id"),
            specialty: try row.string("specialty"), curriculumVersion: try row.string("curriculum_version"),
            title: try row.string("title"), version: try row.string("version"), approvedOn: try row.optionalDate("approved_on"),
            contentHash: try row.string("content_hash"), itemCount: Int(try row.int("item_count")))
    }

    /// Every programme, by department code, then newest first.
    public func all() throws -> [ProgramRecord] {
        try connection.query(Self.columns + " ORDER BY d.code, p.approved_on DESC, p.id DESC", table: "program", decode: Self.program)
    }

    /// The programmes of one department, newest (latest approval, then latest import) first.
    public func programs(departmentID: Int64) throws -> [ProgramRecord] {
        try connection.query(Self.columns + " WHERE p.department_id = ? ORDER BY p.approved_on DESC, p.id DESC", departmentID,
                             table: "program", decode: Self.program)
    }

    /// The programme with this department, målbeskrivelse and version label.
    public func find(departmentID: Int64, curriculumID: Int64, version: String) throws -> ProgramRecord? {
        try connection.queryFirst(
            Self.columns + " WHERE p.department_id = ? AND p.curriculum_id = ? AND p.version = ?", departmentID, curriculumID, version,
            table: "program", decode: Self.program)
    }

    /// The programme with this id.
    public func program(id: Int64) throws -> ProgramRecord? {
        try connection.queryFirst(Self.columns + " WHERE p.id = ?", id, table: "program", decode: Self.program)
    }

    /// Stores a programme with its items in file order. Call inside a write transaction. Returns its id.
    public func insert(_ program: Program, departmentID: Int64, curriculumID: Int64, items: [NewProgramItem], contentHash: String,
                       importedAt: String, importedBy: Int64?) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO program (department_id, curriculum_id, title, version, approved_on, content_hash, imported_at, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            departmentID, curriculumID, program.title, program.version, program.approvedOn?.iso, contentHash, importedAt, importedBy)
        let programID = connection.lastInsertRowID
        let curricula = CurriculumRepository(connection: connection)
        for (index, new) in items.enumerated() {
            let kind: String
            var meeting: String?
            switch new.item.subject {
            case .competency: kind = "competency"
            case .course: kind = "course"
            case .meeting(let meetingKind): kind = "meeting"; meeting = meetingKind.rawValue
            }
            try connection.run(
                """
                INSERT INTO program_item (program_id, kind, competency_id, course_id, meeting_kind, due_month, method_id, note, sort_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                programID, kind, new.competencyID, new.courseID, meeting, new.item.dueMonth, try new.item.method.map(curricula.ensureMethod), new.item.note, index + 1)
        }
        return programID
    }

    /// The items of a programme in file order.
    public func items(programID: Int64) throws -> [ProgramItemRecord] {
        try connection.query(
            """
            SELECT i.id, i.kind, c.code AS competency_code, c.title AS competency_title, k.name AS course, i.meeting_kind, i.due_month,
                   i.method_id, m.name AS method, i.note
            FROM program_item i
            LEFT JOIN assessment_method m ON m.id = i.method_id
            LEFT JOIN competency c ON c.id = i.competency_id
            LEFT JOIN curriculum_course k ON k.id = i.course_id
            WHERE i.program_id = ?
            ORDER BY i.sort_order
            """, programID, table: "program_item"
        ) { row in
            let subject: ProgramItem.Subject
            let title: String
            switch try row.string("kind") {
            case "competency":
                subject = .competency(code: try row.string("competency_code"))
                title = try row.string("competency_title")
            case "course":
                subject = .course(name: try row.string("course"))
                title = try row.string("course")
            case "meeting":
                subject = .meeting(try row.parsed("meeting_kind", as: "a meeting kind", MeetingKind.init(rawValue:)))
                title = ""
            case let kind:
                throw row.failure("kind", "\"\(kind.prefix(40))\" is not a programme item kind")
            }
            let item = ProgramItem(subject: subject, dueMonth: Int(try row.int("due_month")),
                                   method: try row.assessmentMethod(id: "method_id", name: "method"), note: try row.string("note"))
            return ProgramItemRecord(id: try row.int("id"), item: item, title: title)
        }
    }

    /// The whole programme as a domain value (to compare a re-import with what is stored).
    public func load(_ stored: ProgramRecord) throws -> Program {
        Program(department: stored.departmentCode, specialty: stored.specialty, curriculumVersion: stored.curriculumVersion,
                title: stored.title, version: stored.version, approvedOn: stored.approvedOn,
                items: try items(programID: stored.id).map(\.item))
    }
}

extension CurriculumRepository {
    /// How many competencies and courses a målbeskrivelse has (for listings).
    public func counts(curriculumID: Int64) throws -> (competencies: Int, courses: Int) {
        try connection.single(
            """
            SELECT (SELECT count(*) FROM competency WHERE curriculum_id = ?1) AS competencies,
                   (SELECT count(*) FROM curriculum_course WHERE curriculum_id = ?1) AS courses
            """, curriculumID, table: "curriculum"
        ) { row in (Int(try row.int("competencies")), Int(try row.int("courses"))) }
    }

    /// The specialties that have at least one målbeskrivelse, by name (for suggestions).
    public func specialtyNamesWithCurricula() throws -> [String] {
        try connection.query(
            "SELECT DISTINCT s.name FROM specialty s JOIN curriculum c ON c.specialty_id = s.id ORDER BY s.key", table: "specialty"
        ) { try $0.string("name") }
    }
}

import LogbookDomain
import SQLite

extension PositionRepository {
    // MARK: Assessments

    /// The position's assessments in entry order (uses `assessment_position_idx`).
    public func assessments(positionID: Int64) throws -> [AssessmentRecord] {
        try connection.query(
            """
            SELECT a.id, a.competency_id, c.code AS competency_code, a.method_id, m.name AS method, a.other_method, a.assessed_on, s.handle AS assessor,
                   a.note, a.corrects_id, (SELECT n.id FROM assessment n WHERE n.corrects_id = a.id) AS superseded_by,
                   r.handle AS recorder
            FROM assessment a
            JOIN competency c ON c.id = a.competency_id
            JOIN person r ON r.id = a.recorded_by
            LEFT JOIN person s ON s.id = a.assessor_id
            LEFT JOIN assessment_method m ON m.id = a.method_id
            WHERE a.position_id = ? ORDER BY a.id
            """, positionID, table: "assessment"
        ) { row in
            AssessmentRecord(
                id: try row.int("id"), competencyID: try row.int("competency_id"), competencyCode: try row.string("competency_code"),
                method: try row.assessmentMethod(id: "method_id", name: "method"), otherMethod: try row.optionalString("other_method"),
                assessedOn: try row.date("assessed_on"), assessor: try row.optionalString("assessor"), note: try row.string("note"),
                correctsID: try row.optionalInt("corrects_id"), supersededBy: try row.optionalInt("superseded_by"),
                recordedBy: try row.string("recorder"))
        }
    }

    /// One assessment's position and the entry that already corrects it, if any.
    public func assessmentInfo(id: Int64) throws -> (positionID: Int64, correctedBy: Int64?)? {
        try connection.queryFirst(
            "SELECT position_id, (SELECT n.id FROM assessment n WHERE n.corrects_id = a.id) AS corrected_by FROM assessment a WHERE a.id = ?",
            id, table: "assessment"
        ) { (try $0.int("position_id"), try $0.optionalInt("corrected_by")) }
    }

    /// Stores a kompetencevurdering and returns its id.
    public func insertAssessment(positionID: Int64, competencyID: Int64, method: RecordedMethod, assessedOn: CalendarDate,
                                 assessorID: Int64?, note: String, correctsID: Int64?, recordedBy: Int64,
                                 recordedAt: String) throws -> Int64 {
        var methodID: Int64?
        var other: String?
        switch method {
        case .known(let known): methodID = try CurriculumRepository(connection: connection).ensureMethod(known)
        case .other(let text): other = text
        }
        try connection.run(
            """
            INSERT INTO assessment (position_id, competency_id, method_id, other_method, assessed_on, assessor_id, note,
                                    corrects_id, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            positionID, competencyID, methodID, other, assessedOn.iso, assessorID, note, correctsID, recordedBy, recordedAt)
        return connection.lastInsertRowID
    }

    // MARK: Meetings

    /// The position's meetings by date (uses `meeting_position_idx`).
    public func meetings(positionID: Int64) throws -> [MeetingRecord] {
        try connection.query(
            """
            SELECT m.id, m.kind, m.held_on, m.plan, p.handle AS recorder FROM meeting m JOIN person p ON p.id = m.recorded_by
            WHERE m.position_id = ? ORDER BY m.held_on, m.id
            """, positionID, table: "meeting"
        ) { row in
            MeetingRecord(
                id: try row.int("id"), kind: try row.parsed("kind", as: "a meeting kind", MeetingKind.init(rawValue:)),
                heldOn: try row.date("held_on"), plan: try row.string("plan"), recordedBy: try row.string("recorder"))
        }
    }

    /// Stores a vejledersamtale and returns its id.
    public func insertMeeting(positionID: Int64, kind: MeetingKind, heldOn: CalendarDate, plan: String, recordedBy: Int64,
                              recordedAt: String) throws -> Int64 {
        try connection.run(
            "INSERT INTO meeting (position_id, kind, held_on, plan, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            positionID, kind.rawValue, heldOn.iso, plan, recordedBy, recordedAt)
        return connection.lastInsertRowID
    }
}

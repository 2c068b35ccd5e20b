import LogbookDomain
import SQLite

extension PositionRepository {
    // MARK: Assessments

    /// The position's assessments in entry order (uses `assessment_position_idx`).
    public func assessments(positionID: Int64) throws -> [AssessmentRecord] {
        try connection.query(
            """
            SELECT a.id, a.competency_id, c.code, a.method_id, a.other_method, a.assessed_on, s.handle, a.note, a.corrects_id,
                   (SELECT n.id FROM assessment n WHERE n.corrects_id = a.id), r.handle
            FROM assessment a
            JOIN competency c ON c.id = a.competency_id
            JOIN person r ON r.id = a.recorded_by
            LEFT JOIN person s ON s.id = a.assessor_id
            WHERE a.position_id = ? ORDER BY a.id
            """, positionID
        ).map { row in
            AssessmentRecord(
                id: row.int(0) ?? 0, competencyID: row.int(1) ?? 0, competencyCode: row.string(2) ?? "",
                method: row.int(3).flatMap { AssessmentMethod(rawValue: Int($0)) }, otherMethod: row.string(4),
                assessedOn: CalendarDate(iso: row.string(5) ?? "") ?? CalendarDate(year: 1970, month: 1, day: 1)!,
                assessor: row.string(6), note: row.string(7) ?? "", correctsID: row.int(8), supersededBy: row.int(9),
                recordedBy: row.string(10) ?? "")
        }
    }

    /// One assessment's position and the entry that already corrects it, if any.
    public func assessmentInfo(id: Int64) throws -> (positionID: Int64, correctedBy: Int64?)? {
        try connection.queryFirst(
            "SELECT position_id, (SELECT n.id FROM assessment n WHERE n.corrects_id = a.id) FROM assessment a WHERE a.id = ?", id
        ).map { (Int64($0.int(0) ?? 0), $0.int(1)) }
    }

    /// Stores a kompetencevurdering and returns its id.
    public func insertAssessment(positionID: Int64, competencyID: Int64, method: RecordedMethod, assessedOn: CalendarDate,
                                 assessorID: Int64?, note: String, correctsID: Int64?, recordedBy: Int64,
                                 recordedAt: String) throws -> Int64 {
        var methodID: Int64?
        var other: String?
        switch method {
        case .known(let known): methodID = Int64(known.rawValue)
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
            SELECT m.id, m.kind, m.held_on, m.plan, p.handle FROM meeting m JOIN person p ON p.id = m.recorded_by
            WHERE m.position_id = ? ORDER BY m.held_on, m.id
            """, positionID
        ).map { row in
            MeetingRecord(
                id: row.int(0) ?? 0, kind: MeetingKind(rawValue: row.string(1) ?? "") ?? .adjustment,
                heldOn: CalendarDate(iso: row.string(2) ?? "") ?? CalendarDate(year: 1970, month: 1, day: 1)!,
                plan: row.string(3) ?? "", recordedBy: row.string(4) ?? "")
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

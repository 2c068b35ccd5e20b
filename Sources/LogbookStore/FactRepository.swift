import LogbookDomain
import SQLite

/// Which event of the log records which projection row (grants, positions, assignments, absence), and the
/// payloads those events carry, built from the rows (docs/EVENT-FORMAT.md, "Fact events").
public struct FactRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }
    init(connection: Connection) { self.connection = connection }

    /// Records that `eventID` is the event of row `rowID` of `table`.
    public func link(_ table: String, row rowID: Int64, event eventID: Int64) throws {
        try connection.run("INSERT INTO fact_event (table_name, row_id, event_id) VALUES (?, ?, ?)", table, rowID, eventID)
    }

    /// The event recording row `rowID` of `table`, if any.
    public func event(_ table: String, row rowID: Int64) throws -> Int64? {
        try connection.queryFirst("SELECT event_id FROM fact_event WHERE table_name = ? AND row_id = ?", table, rowID, table: "fact_event") {
            try $0.int("event_id")
        }
    }

    /// The department facts a payload names.
    public func department(id: Int64) throws -> DepartmentFacts? {
        try connection.queryFirst("SELECT code, kind, region FROM department WHERE id = ?", id, table: "department") { row in
            DepartmentFacts(code: try row.string("code"), kind: try row.parsed("kind", as: "department kind") { WorkplaceKind(rawValue: $0) },
                            region: try row.string("region"))
        }
    }

    /// The payload of grant row `id`.
    public func grantPayload(id: Int64) throws -> GrantPayload? {
        guard let row = try connection.queryFirst(
            """
            SELECT g.role, g.department_id, g.region, g.may_approve, g.valid_from, g.valid_until, p.handle
            FROM role_grant g JOIN person p ON p.id = g.person_id WHERE g.id = ?
            """, id, table: "role_grant", decode: { row in
                (role: try row.string("role"), department: try row.optionalInt("department_id"), region: try row.optionalString("region"),
                 mayApprove: try row.bool("may_approve"), from: try row.date("valid_from"),
                 until: try row.optionalParsed("valid_until", as: "date") { CalendarDate(iso: $0) }, holder: try row.string("handle"))
            }) else { return nil }
        guard let role = GrantRole(rawValue: row.role) else { return nil }
        let department = try row.department.flatMap { try self.department(id: $0) }
        return GrantPayload(holder: row.holder, role: role, department: department, region: department?.region ?? row.region ?? "",
                            mayApprove: row.mayApprove, validFrom: row.from, validUntil: row.until)
    }

    /// The binding payload of position `id`: trainee, department, målbeskrivelse with its codes and courses, terms.
    public func bindingPayload(positionID id: Int64) throws -> PositionBindingPayload? {
        guard let row = try connection.queryFirst(
            """
            SELECT p.department_id, p.curriculum_id, p.start_date, p.part_time, p.kbu_general_practice, t.handle,
                   s.name AS specialty, c.version
            FROM position p JOIN person t ON t.id = p.trainee_id JOIN curriculum c ON c.id = p.curriculum_id
            JOIN specialty s ON s.id = c.specialty_id WHERE p.id = ?
            """, id, table: "position", decode: { row in
                (department: try row.int("department_id"), curriculum: try row.int("curriculum_id"), start: try row.date("start_date"),
                 partTime: try row.parsed("part_time", as: "part time") { PartTime(storageText: $0) },
                 kbu: try row.bool("kbu_general_practice"), trainee: try row.string("handle"), specialty: try row.string("specialty"),
                 version: try row.string("version"))
            }), let department = try department(id: row.department) else { return nil }
        let codes = try connection.query("SELECT code FROM competency WHERE curriculum_id = ? ORDER BY sort_order", row.curriculum,
                                         table: "competency") { try $0.string("code") }
        let courses = try connection.query("SELECT name FROM curriculum_course WHERE curriculum_id = ? ORDER BY sort_order",
                                           row.curriculum, table: "curriculum_course") { try $0.string("name") }
        return PositionBindingPayload(trainee: row.trainee, department: department, specialty: row.specialty, version: row.version,
                                      start: row.start, partTime: row.partTime, kbuGeneralPractice: row.kbu, competencies: codes, courses: courses)
    }

    /// Appends one `migrated` person-name event per person, by id, with the name they have now (after its corrections):
    /// the maker is who added them (themselves for the first), the time the upgrade's. Runs inside migration 0010's
    /// transaction; the replay accepts them only before the first name recorded after it, once per person (R-NAME).
    static func backfillNames(_ connection: Connection) throws {
        let appender = try EventBatchAppender(connection: connection)
        // The upgrade's moment, UTC, as every `recorded_at` is written (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
        let now = try connection.single("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now", table: "pragma") { try $0.timestamp("now") }
        for person in try connection.query("SELECT id, handle, name, created_by FROM person ORDER BY id", table: "person", decode: {
            (id: try $0.int("id"), handle: try $0.string("handle"), name: try $0.string("name"), by: try $0.optionalInt("created_by"))
        }) {
            let maker = try person.by.flatMap { id in
                try connection.queryFirst("SELECT handle FROM person WHERE id = ?", id, table: "person") { try $0.string("handle") }.map { (id, $0) }
            } ?? (person.id, person.handle)
            _ = try appender.append(
                NewEvent(kind: .personName, positionID: nil, effectiveOn: now.day, actor: maker, actorRole: LogReplay.migratedRole,
                         actorDepartment: nil, text: "", payload: PersonNamePayload(handle: person.handle, name: person.name).text),
                recordedAt: now.text)
        }
        for department in try connection.query("SELECT id, created_by FROM department ORDER BY id", table: "department", decode: {
            (id: try $0.int("id"), by: try $0.optionalInt("created_by"))
        }) {
            guard let facts = try FactRepository(connection: connection).department(id: department.id),
                  let name = try connection.queryFirst("SELECT name FROM department WHERE id = ?", department.id, table: "department", decode: {
                      try $0.string("name") }) else { continue }
            // The maker: who added it, else the first person (a department made before anyone acted: the bootstrap).
            let maker = try connection.queryFirst(
                "SELECT id, handle FROM person WHERE id = coalesce(?, (SELECT min(id) FROM person))", department.by, table: "person",
                decode: { (try $0.int("id"), try $0.string("handle")) })
            guard let maker else { continue }
            _ = try appender.append(
                NewEvent(kind: .departmentName, positionID: nil, effectiveOn: now.day, actor: maker, actorRole: LogReplay.migratedRole,
                         actorDepartment: nil, payload: DepartmentNamePayload(department: facts, name: name).text),
                recordedAt: now.text)
        }
    }

    /// Appends every grant, grant end, position, hovedvejleder assignment, absence and withdrawal of an upgraded
    /// database as `migrated` events (actor: whoever the row says made it; unsigned), at the end of their chains.
    /// Runs inside migration 0003's transaction.
    static func backfill(_ connection: Connection) throws {
        let facts = FactRepository(connection: connection)
        let appender = try EventBatchAppender(connection: connection)
        func handle(_ id: Int64) throws -> String {
            try connection.queryFirst("SELECT handle FROM person WHERE id = ?", id, table: "person") { try $0.string("handle") } ?? "?"
        }
        // `recordedAt`: the row's `recorded_at` read by `RowDecoder.timestamp`, so an unreadable one has already failed,
        // naming its table and column, before anything is appended.
        func append(_ kind: EventKind, position: Int64?, table: String, row: Int64, actor: Int64,
                    recordedAt: (text: String, day: CalendarDate), payload: String, text: String = "") throws {
            let event = try appender.append(
                NewEvent(kind: kind, positionID: position, effectiveOn: recordedAt.day, actor: (actor, try handle(actor)),
                         actorRole: LogReplay.migratedRole, actorDepartment: nil, text: text, payload: payload),
                recordedAt: recordedAt.text)
            try facts.link(table, row: row, event: event.id)
        }
        for grant in try connection.query("SELECT id, person_id, granted_by, recorded_at FROM role_grant ORDER BY id", table: "role_grant", decode: {
            (id: try $0.int("id"), holder: try $0.int("person_id"), by: try $0.optionalInt("granted_by"), at: try $0.timestamp("recorded_at"))
        }) {
            guard let payload = try facts.grantPayload(id: grant.id) else { continue }
            try append(.grant, position: nil, table: "role_grant", row: grant.id, actor: grant.by ?? grant.holder, recordedAt: grant.at,
                       payload: payload.text)
        }
        for end in try connection.query("SELECT id, grant_id, ends_on, ended_by, recorded_at FROM role_grant_end ORDER BY id",
                                        table: "role_grant_end", decode: {
            (id: try $0.int("id"), grant: try $0.int("grant_id"), on: try $0.date("ends_on"), by: try $0.int("ended_by"), at: try $0.timestamp("recorded_at"))
        }) {
            guard let grantEvent = try facts.event("role_grant", row: end.grant) else { continue }
            try append(.grantEnd, position: nil, table: "role_grant_end", row: end.id, actor: end.by, recordedAt: end.at,
                       payload: GrantEndPayload(grantEvent: grantEvent, endsOn: end.on).text)
        }
        for position in try connection.query("SELECT id, started_by, recorded_at FROM position ORDER BY id", table: "position", decode: {
            (id: try $0.int("id"), by: try $0.int("started_by"), at: try $0.timestamp("recorded_at"))
        }) {
            guard let payload = try facts.bindingPayload(positionID: position.id) else { continue }
            try append(.position, position: position.id, table: "position", row: position.id, actor: position.by, recordedAt: position.at,
                       payload: payload.text)
            for assignment in try connection.query(
                "SELECT s.id, p.handle, s.from_date, s.assigned_by, s.recorded_at FROM position_supervisor s JOIN person p ON p.id = s.person_id WHERE s.position_id = ? ORDER BY s.id",
                position.id, table: "position_supervisor", decode: {
                    (id: try $0.int("id"), who: try $0.string("handle"), from: try $0.date("from_date"), by: try $0.int("assigned_by"),
                     at: try $0.timestamp("recorded_at"))
                }) {
                try append(.supervisorAssignment, position: position.id, table: "position_supervisor", row: assignment.id,
                           actor: assignment.by, recordedAt: assignment.at, payload: SupervisorPayload(supervisor: assignment.who, from: assignment.from).text)
            }
            for absence in try connection.query(
                "SELECT id, kind, from_date, to_date, note, recorded_by, recorded_at FROM absence WHERE position_id = ? ORDER BY id",
                position.id, table: "absence", decode: {
                    (id: try $0.int("id"), kind: try $0.parsed("kind", as: "absence kind") { AbsenceKind(rawValue: $0) },
                     from: try $0.date("from_date"), to: try $0.date("to_date"), note: try $0.string("note"), by: try $0.int("recorded_by"),
                     at: try $0.timestamp("recorded_at"))
                }) {
                guard let period = AbsencePeriod(kind: absence.kind, from: absence.from, to: absence.to) else { continue }
                try append(.absence, position: position.id, table: "absence", row: absence.id, actor: absence.by, recordedAt: absence.at,
                           payload: AbsencePayload(period: period).text, text: absence.note)
            }
            for withdrawal in try connection.query(
                "SELECT r.id, r.absence_id, r.reason, r.revoked_by, r.recorded_at FROM absence_revocation r JOIN absence a ON a.id = r.absence_id WHERE a.position_id = ? ORDER BY r.id",
                position.id, table: "absence_revocation", decode: {
                    (id: try $0.int("id"), absence: try $0.int("absence_id"), reason: try $0.string("reason"), by: try $0.int("revoked_by"),
                     at: try $0.timestamp("recorded_at"))
                }) {
                guard let absenceEvent = try facts.event("absence", row: withdrawal.absence) else { continue }
                try append(.absenceWithdrawal, position: position.id, table: "absence_revocation", row: withdrawal.id, actor: withdrawal.by,
                           recordedAt: withdrawal.at, payload: AbsenceWithdrawalPayload(absenceEvent: absenceEvent).text, text: withdrawal.reason)
            }
        }
    }
}

import Testing
import LogbookDomain
import SQLite
@testable import LogbookStore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// A store with a secretariat person, a trainee, a department, a målbeskrivelse and one position.
private func seeded() throws -> (Store, positionID: Int64, traineeID: Int64) {
    let store = try Store(path: ":memory:")
    let (position, trainee) = try store.write { () throws -> (Int64, Int64) in
        let people = PersonRepository(store)
        let sek = try people.insert(handle: "sek.a", name: "Sek", authorisationID: nil, createdAt: "t", createdBy: nil)
        let trainee = try people.insert(handle: "dr.ung", name: "Ung", authorisationID: nil, createdAt: "t", createdBy: sek)
        let department = try DepartmentRepository(store).insert(code: "KARD", name: "Kardiologi", kind: .hospital,
                                                                region: "Syddanmark", createdAt: "t", createdBy: sek)
        let curriculum = Curriculum(
            specialty: "Kardiologi", level: .intro, version: "2022", validFrom: day("2022-01-01"),
            competencies: [Competency(code: "I1", sortOrder: 1, title: "EKG", roles: [.communicator], methods: [.miniCEX])],
            courses: [clinicalSupervisionCourse])
        let curriculumID = try CurriculumRepository(store).insert(curriculum, contentHash: "h", importedAt: "t", importedBy: nil)
        let position = try PositionRepository(store).insert(
            traineeID: trainee, departmentID: department, curriculumID: curriculumID, programID: nil, start: day("2026-03-01"),
            partTime: .full, kbuGeneralPractice: false, startedBy: sek, recordedAt: "t")
        _ = try PositionRepository(store).insertMeeting(positionID: position, kind: .introduction, heldOn: day("2026-03-05"),
                                                        plan: "", recordedBy: sek, recordedAt: "t")
        return (position, trainee)
    }
    // The untouched database reads: each corruption below is what makes loading fail.
    _ = try PositionLoader(store).load(.position(position), detail: .status)
    return (store, position, trainee)
}

/// Runs `body` expecting it to throw a `RowDecodingError` naming `table` and `column`.
private func expectDecodingError(_ table: String, _ column: String, sourceLocation: SourceLocation = #_sourceLocation,
                                 _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("read a corrupt \(table).\(column) without an error", sourceLocation: sourceLocation)
    } catch let error as RowDecodingError {
        #expect(error.table == table, "\(error)", sourceLocation: sourceLocation)
        #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected RowDecodingError for \(table).\(column), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Stored values that do not decode fail loudly, naming table and column")
struct RowDecodingTests {
    @Test("an absence whose from_date is not a date")
    func absenceDate() throws {
        let (store, id, trainee) = try seeded()
        // to_date sorts after from_date, so the table's CHECK (to_date >= from_date) lets the row in.
        try store.connection.execute("""
            INSERT INTO absence (position_id, kind, from_date, to_date, note, recorded_by, recorded_at)
            VALUES (\(id), 'sickness', '2026-13-45', '2027-01-01', '', \(trainee), 't')
            """)
        expectDecodingError("absence", "from_date") { _ = try PositionRepository(store).absences(positionID: id) }
        expectDecodingError("absence", "from_date") { _ = try PositionLoader(store).facts(id: id) }
    }

    @Test("an absence withdrawal whose recorded_at does not begin with a date: reported, not dated to the period's start")
    func withdrawalRecordedAt() throws {
        let (store, id, trainee) = try seeded()
        try store.write {
            let absence = try PositionRepository(store).insertAbsence(
                positionID: id, period: AbsencePeriod(kind: .sickness, from: day("2026-04-01"), to: day("2026-04-03"))!, note: "",
                recordedBy: trainee, recordedAt: "2026-04-04T08:00:00.000Z")
            try PositionRepository(store).revokeAbsence(id: absence, reason: "fejl", revokedBy: trainee, recordedAt: "2026-04-05T08:00:00.000Z")
        }
        let read = try PositionRepository(store).withdrawnAbsences(positionID: id)
        #expect(read.map(\.on) == [day("2026-04-05")] && read.map(\.at) == ["2026-04-05T08:00:00.000Z"])
        // Withdrawals are append-only history: the corrupt one is a second row, as written by hand.
        try store.write {
            let absence = try PositionRepository(store).insertAbsence(
                positionID: id, period: AbsencePeriod(kind: .sickness, from: day("2026-05-01"), to: day("2026-05-02"))!, note: "",
                recordedBy: trainee, recordedAt: "2026-05-03T08:00:00.000Z")
            try PositionRepository(store).revokeAbsence(id: absence, reason: "fejl", revokedBy: trainee, recordedAt: "yesterday")
        }
        expectDecodingError("absence_revocation", "recorded_at") { _ = try PositionRepository(store).withdrawnAbsences(positionID: id) }
    }

    @Test("a meeting of an unknown kind")
    func meetingKind() throws {
        let (store, id, trainee) = try seeded()
        try store.connection.execute("""
            PRAGMA ignore_check_constraints = ON;
            INSERT INTO meeting (position_id, kind, held_on, plan, recorded_by, recorded_at)
            VALUES (\(id), 'bogus', '2026-04-01', '', \(trainee), 't');
            PRAGMA ignore_check_constraints = OFF;
            """)
        expectDecodingError("meeting", "kind") { _ = try PositionRepository(store).meetings(positionID: id) }
        expectDecodingError("meeting", "kind") { _ = try PositionLoader(store).load(.position(id), detail: .acts) }
    }

    @Test("a meeting whose held_on is not a date")
    func meetingDate() throws {
        let (store, id, trainee) = try seeded()
        try store.connection.execute("""
            INSERT INTO meeting (position_id, kind, held_on, plan, recorded_by, recorded_at)
            VALUES (\(id), 'final', 'soon', '', \(trainee), 't')
            """)
        expectDecodingError("meeting", "held_on") { _ = try PositionRepository(store).meetings(positionID: id) }
    }

    @Test("a person without a handle")
    func personHandle() throws {
        let (store, id, trainee) = try seeded()
        // person.handle is NOT NULL, which no pragma lifts: rebuild the table without the constraint in the test db.
        try store.connection.execute("""
            PRAGMA foreign_keys = OFF;
            CREATE TABLE person_loose (id INTEGER PRIMARY KEY, handle TEXT, name TEXT, authorisation_id TEXT,
                                       created_at TEXT, created_by INTEGER, email TEXT);
            INSERT INTO person_loose SELECT id, handle, name, authorisation_id, created_at, created_by, email FROM person;
            DROP TABLE person;
            ALTER TABLE person_loose RENAME TO person;
            UPDATE person SET handle = NULL WHERE id = \(trainee);
            PRAGMA foreign_keys = ON;
            """)
        expectDecodingError("person", "handle") { _ = try PersonRepository(store).find(id: trainee) }
        expectDecodingError("person", "handle") { _ = try PersonRepository(store).all() }
        expectDecodingError("person", "handle") { _ = try PersonRepository(store).handles() }
        expectDecodingError("person", "handle") { _ = try PositionLoader(store).facts(id: id) }
    }

    @Test("a grant with an unknown role, a bad date, or neither department nor region")
    func grants() throws {
        let (store, _, trainee) = try seeded()
        let people = PersonRepository(store)
        #expect(try people.hasNoGrants())
        try store.connection.execute("""
            PRAGMA ignore_check_constraints = ON;
            INSERT INTO role_grant (id, person_id, role, department_id, region, may_approve, valid_from, recorded_at)
            VALUES (10, \(trainee), 'bogus', 1, NULL, 0, '2026-01-01', 't'),
                   (11, \(trainee), 'supervisor', 1, NULL, 0, '2026-02-30', 't'),
                   (12, \(trainee), 'supervisor', NULL, NULL, 0, '2026-01-01', 't');
            PRAGMA ignore_check_constraints = OFF;
            """)
        #expect(try people.hasNoGrants() == false)
        expectDecodingError("role_grant", "role") { _ = try people.grant(id: 10) }
        expectDecodingError("role_grant", "valid_from") { _ = try people.grant(id: 11) }
        expectDecodingError("role_grant", "region") { _ = try people.grant(id: 12) }
        expectDecodingError("role_grant", "role") { _ = try people.grants(personID: trainee) }
    }

    @Test("a department of an unknown kind and a målbeskrivelse of an unknown level")
    func departmentAndCurriculum() throws {
        let (store, id, _) = try seeded()
        // Departments and curricula have no append-only triggers; their CHECKs are lifted for the update.
        try store.connection.execute("""
            PRAGMA ignore_check_constraints = ON;
            UPDATE department SET kind = 'castle';
            PRAGMA ignore_check_constraints = OFF;
            """)
        expectDecodingError("department", "kind") { _ = try DepartmentRepository(store).all() }
        expectDecodingError("department", "kind") { _ = try PositionLoader(store).facts(id: id) }
        try store.connection.execute("""
            PRAGMA ignore_check_constraints = ON;
            UPDATE department SET kind = 'hospital';
            UPDATE curriculum SET level = 'expert';
            PRAGMA ignore_check_constraints = OFF;
            """)
        expectDecodingError("curriculum", "level") { _ = try CurriculumRepository(store).all() }
        expectDecodingError("curriculum", "level") { _ = try PositionLoader(store).facts(id: id) }
    }

    @Test("an assessment whose assessed_on is not a date, or whose method is unknown")
    func assessment() throws {
        let (store, id, trainee) = try seeded()
        let positions = PositionRepository(store)
        // The append-only trigger is dropped in this test db only, so the stored row can be damaged.
        try store.connection.execute("""
            INSERT INTO assessment (id, position_id, competency_id, method_id, assessed_on, note, recorded_by, recorded_at)
            VALUES (1, \(id), 1, 2, '2026-04-01', '', \(trainee), 't');
            DROP TRIGGER assessment_no_update;
            PRAGMA foreign_keys = OFF;  -- for method_id = 99 below
            UPDATE assessment SET assessed_on = '01.04.2026' WHERE id = 1;
            """)
        expectDecodingError("assessment", "assessed_on") { _ = try positions.assessments(positionID: id) }
        expectDecodingError("assessment", "assessed_on") { _ = try PositionLoader(store).load(.position(id), detail: .status) }
        try store.connection.execute("UPDATE assessment SET assessed_on = '2026-04-01', method_id = 99 WHERE id = 1")
        expectDecodingError("assessment", "method_id") { _ = try positions.assessments(positionID: id) }
    }

    @Test("a competency whose role list names no medical role")
    func competencyRoles() throws {
        let (store, _, _) = try seeded()
        try store.connection.execute("""
            PRAGMA foreign_keys = OFF;
            INSERT INTO competency_role (competency_id, role_id) VALUES (1, 42);
            """)
        expectDecodingError("competency", "roles") { _ = try CurriculumRepository(store).competencies(curriculumID: 1) }
    }

    @Test("a migration that leaves a dangling reference is refused naming table and column")
    func migrationForeignKey() throws {
        let connection = try Connection(path: ":memory:")
        let first = Migration(version: 1, fileName: "0001_a.sql", sql: """
            CREATE TABLE parent (id INTEGER PRIMARY KEY) STRICT;
            CREATE TABLE child (id INTEGER PRIMARY KEY, name TEXT, parent_id INTEGER REFERENCES parent(id)) STRICT;
            """)
        // Deferred, so the dangling reference reaches the migrator's check instead of failing the INSERT itself.
        let second = Migration(version: 2, fileName: "0002_b.sql", sql: """
            PRAGMA defer_foreign_keys = ON;
            INSERT INTO child (id, parent_id) VALUES (7, 99);
            """)
        let error = try #require(throws: IntegrityError.self) {
            try Migrator.migrate(connection, to: 2, migrations: [first, second])
        }
        #expect(error.table == "child")
        #expect(error.column == "parent_id")
        #expect(error.problem.contains("row 7") && error.problem.contains("parent") && error.problem.contains("0002_b.sql"))
        #expect(try Migrator.version(of: connection) == 1)
    }
}

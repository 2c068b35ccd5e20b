import Foundation
import LogbookApp
import LogbookDomain
import LogbookStore
import SQLite
import Testing

/// A fresh database in its own temporary folder, with an injected day and clock, on which the use cases run
/// in-process. Removed when the value is released.
final class TestDatabase {
    let folder: URL
    let store: Store
    /// The day every session opened by `as(_:)` sees (LOGBOOK_TODAY of the end-to-end tests).
    var today: CalendarDate
    /// A clock that ticks one millisecond per call, so recorded moments are distinct and in order.
    private var tick = 0
    /// Where mail links point: set, the sessions write mail to the outbox with their acts (issue 27).
    var mail: MailLinks?

    init(today: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("logbook.sqlite").path)
        self.today = try #require(CalendarDate(iso: today))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Moves the day the next sessions see.
    func setToday(_ iso: String) throws { today = try #require(CalendarDate(iso: iso)) }

    /// A session acting as `handle` (nil: nobody, for the bootstrap) on `today`.
    func `as`(_ handle: String?) -> Session {
        let day = today
        return Session(store: store, today: day, actorHandle: handle, now: { [unowned self] in
            self.tick += 1
            return "\(day.iso)T10:00:00.\(String(format: "%03d", self.tick % 1000))Z"
        }, environment: ["LOGBOOK_KEY_DIR": folder.appendingPathComponent("keys").path], mail: mail)
    }

    /// Every row of every table, in rowid order: equal before and after a refused command, or something changed.
    func snapshot() throws -> [String] {
        let connection = store.connection
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.string(0) }
        var lines: [String] = []
        for table in tables {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for row in try connection.query("SELECT * FROM \(quoted)") {
                lines.append("\(table): \(row.values)")
            }
        }
        return lines
    }

    /// The number of rows in `table`.
    func count(_ table: String) throws -> Int {
        Int(try #require(try store.connection.queryFirst("SELECT count(*) FROM \"\(table)\"")?.int(0)))
    }

    /// Runs `body`, which must be refused with a LogbookError of `status` whose message (and details) contain every
    /// part, and leave the database exactly as it was.
    @discardableResult
    func refused<T>(_ parts: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) throws -> LogbookError? {
        try refused(.refused, parts, sourceLocation: sourceLocation, body)
    }

    /// `refused(_:_:)` with another status than `.refused`.
    @discardableResult
    func refused<T>(_ status: Exit, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () throws -> T) throws -> LogbookError? {
        let before = try snapshot()
        var caught: LogbookError?
        do {
            let value = try body()
            Issue.record("expected a refusal containing \(parts), got \(value)", sourceLocation: sourceLocation)
        } catch let error as LogbookError {
            caught = error
            #expect(error.status == status, "\(error.description)", sourceLocation: sourceLocation)
            for part in parts {
                #expect(error.description.contains(part), "message was: \(error.description)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("expected a LogbookError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
        #expect(try snapshot() == before, "a refused command changed the database", sourceLocation: sourceLocation)
        return caught
    }
}

/// The exit status of a LogbookError (Testing has an ExitStatus of its own).
typealias Exit = LogbookApp.ExitStatus

/// The folder of examples/ in the checkout.
let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

func example(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: examplesFolder.appendingPathComponent(name)))
}

/// A date literal in a test.
func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// One competency of a seeded målbeskrivelse.
struct Seed {
    let code: String
    let methods: [String]
}

extension TestDatabase {
    /// Imports a small intro målbeskrivelse as `importer` (canonical JSON through CurriculumImport).
    @discardableResult
    func seedCurriculum(specialty: String = "Kardiologi", version: String = "2022", validFrom: String = "2022-01-01",
                        courses: [String] = ["Kursus i klinisk vejledning"], _ competencies: [Seed], as importer: String = "sek.a") throws -> String {
        func quoted(_ text: String) -> String { "\"" + text + "\"" }
        let items = competencies.map { competency in
            "{\"code\": \(quoted(competency.code)), \"title\": \"T \(competency.code)\", \"roles\": [\"Kommunikator\"], "
                + "\"methods\": [\(competency.methods.map(quoted).joined(separator: ", "))]}"
        }
        let json = """
            {"specialty": \(quoted(specialty)), "level": "intro", "version": \(quoted(version)), "validFrom": \(quoted(validFrom)),
             "title": "T", "courses": [\(courses.map(quoted).joined(separator: ", "))],
             "competencies": [\(items.joined(separator: ",\n"))]}
            """
        return try CurriculumImport.run(self.as(importer), path: "curriculum-\(specialty)-\(version).json", bytes: Array(json.utf8),
                                        flags: CurriculumImportFlags())
    }

    /// The department of the end-to-end suite's `setUpDepartment`, built through the use cases. Today is 2026-06-15.
    /// Secretariat sek.a (Syddanmark, bootstrap); hospital department KARD with UAO dr.lead, hovedvejleder dr.berg, daglig
    /// klinisk vejleder dr.dkv (no delegation); general practice LAEGE with tutor dr.tutor; trainees dr.ung and dr.ny;
    /// Kardiologi 2018 (X9) and 2022 (I1: Mini-CEX/Kompetencekort, I2: Audit), both with Kursus i klinisk vejledning.
    static func department() throws -> TestDatabase {
        let db = try TestDatabase(today: "2026-06-15")
        _ = try People.add(db.as(nil), handle: "sek.a", name: "Sekretær A", authorisationID: nil)
        _ = try Grants.add(db.as(nil), handle: "sek.a", role: .secretariat, departmentCode: nil, region: "Syddanmark",
                           from: "2026-01-01", until: nil, mayApprove: false)
        let sek = db.as("sek.a")
        _ = try Departments.add(sek, code: "KARD", name: "Kardiologisk afdeling", kind: .hospital, region: "Syddanmark")
        _ = try Departments.add(sek, code: "LAEGE", name: "Lægehuset", kind: .generalPractice, region: "Syddanmark")
        for (handle, name) in [("dr.lead", "Lise Lead"), ("dr.berg", "Bo Berg"), ("dr.dkv", "Dorte Klinisk"), ("dr.tutor", "Tove Tutor"),
                               ("dr.ung", "Ulla Ung"), ("dr.ny", "Niels Ny")] {
            _ = try People.add(sek, handle: handle, name: name, authorisationID: nil)
        }
        try db.grant("dr.lead", .uao, in: "KARD", by: "sek.a")
        try db.grant("dr.tutor", .tutor, in: "LAEGE", by: "sek.a")
        try db.grant("dr.berg", .supervisor, in: "KARD", by: "dr.lead")
        try db.grant("dr.dkv", .clinicalSupervisor, in: "KARD", by: "dr.lead")
        try db.seedCurriculum(version: "2018", validFrom: "2018-01-01", [Seed(code: "X9", methods: ["Mini-CEX"])])
        try db.seedCurriculum([Seed(code: "I1", methods: ["Mini-CEX", "Kompetencekort"]), Seed(code: "I2", methods: ["Audit"])])
        return db
    }

    /// `department()` with dr.ung's 3/4-time position in KARD from 2026-03-01 with hovedvejleder dr.berg (planned end
    /// 2027-06-30). Returns the database and the position's id.
    static func started() throws -> (TestDatabase, Int64) {
        let db = try department()
        let facts = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.ung", department: "KARD", curriculum: "Kardiologi", start: "1.3.2026", partTime: "75%", supervisor: "dr.berg"))
        return (db, facts.id)
    }

    /// Grants `role` in a department from 2026-01-01 (or `from`), given by `by`.
    func grant(_ handle: String, _ role: GrantRole, in department: String, by: String, from: String = "2026-01-01",
               until: String? = nil, mayApprove: Bool = false) throws {
        _ = try Grants.add(self.as(by), handle: handle, role: role, departmentCode: department, region: nil, from: from, until: until,
                           mayApprove: mayApprove)
    }

    /// The cardiology department of the end-to-end suite's `setUpCardiology`, from the examples. Today is 2027-03-10.
    /// Positions: dr.lund from 2026-09-01 (full time, I1, I2, I7 approved), dr.kim from 2027-01-01 at 80 %, dr.ærø from
    /// 2026-01-01 with everything approved, time and element attested. Returns the three position ids in that order.
    static func cardiology() throws -> (TestDatabase, lund: Int64, kim: Int64, aero: Int64) {
        let db = try TestDatabase(today: "2027-03-10")
        _ = try People.add(db.as(nil), handle: "sek.syd", name: "Lone Kjær", authorisationID: nil)
        _ = try Grants.add(db.as(nil), handle: "sek.syd", role: .secretariat, departmentCode: nil, region: "Syddanmark",
                           from: "2025-01-01", until: nil, mayApprove: false)
        let sek = db.as("sek.syd")
        _ = try CurriculumImport.run(sek, path: "kardiologi-intro-2022.json", bytes: try example("kardiologi-intro-2022.json"),
                                     flags: CurriculumImportFlags())
        _ = try ProgramImport.run(sek, path: "program-ouh-kardiologi.json", bytes: try example("program-ouh-kardiologi.json"))
        for (handle, name) in [("dr.uao", "Hanne Mortensen"), ("dr.hoved", "Peter Juhl"), ("dr.lund", "Ida Lund"),
                               ("dr.kim", "Kim Nørgaard"), ("dr.ærø", "Åse Ærø")] {
            _ = try People.add(sek, handle: handle, name: name, authorisationID: nil)
        }
        try db.grant("dr.uao", .uao, in: "OUH-KAR", by: "sek.syd", from: "2025-01-01")
        try db.grant("dr.hoved", .supervisor, in: "OUH-KAR", by: "dr.uao", from: "2025-01-01")
        let uao = db.as("dr.uao")
        func start(_ trainee: String, _ start: String, _ partTime: String? = nil) throws -> Int64 {
            try Positions.start(uao, Positions.StartRequest(trainee: trainee, department: "OUH-KAR", curriculum: "Kardiologi", start: start,
                                                           partTime: partTime, supervisor: "dr.hoved")).id
        }
        let lund = try start("dr.lund", "2026-09-01")
        let kim = try start("dr.kim", "2027-01-01", "80%")
        let aero = try start("dr.ærø", "2026-01-01")
        _ = try Meetings.add(db.as("dr.lund"), positionID: lund, kind: "introduktionssamtale", date: "2026-09-08", plan: nil)
        _ = try Meetings.add(db.as("dr.kim"), positionID: kim, kind: "introduction", date: "2027-01-04", plan: nil)
        _ = try Assessments.record(db.as("dr.lund"), .init(positionID: lund, code: "I3", method: "Mini-CEX", date: "2027-01-20"))
        _ = try Assessments.record(db.as("dr.lund"), .init(positionID: lund, code: "I2", method: "Kompetencekort", date: "2026-10-20"))
        let hoved = db.as("dr.hoved")
        _ = try Approvals.approveCompetencies(hoved, positionID: lund, codes: ["I2", "I1", "I7"], date: "2026-11-15", comment: nil)
        _ = try Approvals.approveCompetencies(hoved, positionID: aero, codes: (1...12).map { "I\($0)" }, date: "2026-12-01", comment: nil)
        _ = try Approvals.approveCourse(hoved, positionID: aero, course: "Kursus i klinisk vejledning", date: "2026-06-01", comment: nil)
        for (kind, date) in [("introduction", "2026-01-05"), ("adjustment", "2026-03-30"), ("adjustment", "2026-06-29"),
                             ("adjustment", "2026-09-28"), ("final", "2026-12-20")] {
            _ = try Meetings.add(db.as("dr.ærø"), positionID: aero, kind: kind, date: date, plan: nil)
        }
        _ = try Approvals.attestTime(uao, positionID: aero, comment: nil)
        _ = try Approvals.attestElement(uao, positionID: aero, comment: nil)
        return (db, lund, kim, aero)
    }
}

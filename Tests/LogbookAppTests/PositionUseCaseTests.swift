import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Positions: pinning the målbeskrivelse, length and part time, one at a time, the hovedvejleder")
struct PositionUseCaseTests {
    @Test("a 3/4-time start pins the version in force and is 16 months long, ending 2027-06-30")
    func partTime() throws {
        let (db, id) = try TestDatabase.started()
        let facts = try Positions.show(db.as(nil), id: id).facts
        #expect(facts.curriculum.version == "2022")
        #expect(facts.position.start == day("2026-03-01"))
        #expect(facts.schedule.plannedEnd == day("2027-06-30"))
        #expect(facts.schedule.end == day("2027-06-30"))
        #expect(facts.schedule.allowanceDays == 48)
        #expect(facts.schedule.timeAttestableFrom == day("2027-06-01"))
        #expect(facts.supervisorHandle(on: day("2026-03-01")) == "dr.berg")
    }

    @Test("length by workplace, KBU in general practice and part time", arguments: [
        ("KARD", "dr.lead", false, nil, "2026-09-01", "2027-08-31"),
        ("LAEGE", "dr.tutor", true, nil, "2026-09-01", "2027-02-28"),
        ("LAEGE", "dr.tutor", false, nil, "2026-09-01", "2027-08-31"),
        ("KARD", "dr.lead", false, "0.8", "2027-01-01", "2028-03-31"),
        ("KARD", "dr.lead", false, "30/37", "2026-03-01", "2027-05-31"),
        ("KARD", "dr.lead", false, "50%", "2026-03-01", "2028-02-29"),
    ] as [(String, String, Bool, String?, String, String)])
    func length(department: String, actor: String, kbu: Bool, partTime: String?, start: String, end: String) throws {
        let db = try TestDatabase.department()
        let facts = try Positions.start(db.as(actor), .init(trainee: "dr.ny", department: department, curriculum: "Kardiologi", start: start,
                                                            partTime: partTime, kbuGeneralPractice: kbu))
        #expect(facts.schedule.end == day(end))
    }

    @Test("a start before the newer version's valid-from pins the older one; naming versions", arguments: [
        ("Kardiologi@2027", "Kardiologi 2027 is valid from 2027-01-01, after the start 2026-03-01"),
        ("Kardiologi@2099", "Kardiologi has no version \"2099\""),
        ("Kardiolgi", "did you mean \"Kardiologi\"?"),
    ])
    func pinningRefused(curriculum: String, message: String) throws {
        let db = try TestDatabase.department()
        try db.seedCurriculum(version: "2027", validFrom: "2027-01-01", [Seed(code: "N1", methods: ["Mini-CEX"])])
        try db.refused([message]) {
            try Positions.start(db.as("dr.lead"), .init(trainee: "dr.ung", department: "KARD", curriculum: curriculum, start: "2026-03-01"))
        }
    }

    @Test("the version in force on the start is pinned, and a newer version never changes it")
    func pinning() throws {
        let db = try TestDatabase.department()
        try db.seedCurriculum(version: "2027", validFrom: "2027-01-01", [Seed(code: "N1", methods: ["Mini-CEX"])])
        let old = try Positions.start(db.as("dr.lead"), .init(trainee: "dr.ung", department: "KARD", curriculum: "Kardiologi", start: "2026-03-01"))
        #expect(old.curriculum.version == "2022")
        let named = try Positions.start(db.as("dr.lead"), .init(trainee: "dr.ny", department: "KARD", curriculum: "Kardiologi@2018", start: "2026-03-01"))
        #expect(named.curriculum.version == "2018")
        try db.setToday("2027-02-01")
        #expect(try Positions.show(db.as(nil), id: old.id).facts.curriculum.version == "2022")
    }

    @Test("bad starts are refused and change nothing", arguments: [
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2026-03-01", "0.3", nil, false, Exit.usage, "'--part-time' must be between 0.5 and 1.0 (got 0.3)"),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2026-03-01", "120%", nil, false, .usage, "'--part-time' must be between 0.5 and 1.0"),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2026-03-01", "lots", nil, false, .usage, "not a fraction"),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "31.2.2026", nil, nil, false, .usage, "February 2026 has 28 days"),
        ("dr.lead", "dr.unk", "KARD", "Kardiologi", "2026-03-01", nil, nil, false, .refused, "'--trainee': no person \"dr.unk\""),
        ("dr.lead", "dr.ung", "KAR", "Kardiologi", "2026-03-01", nil, nil, false, .refused, "did you mean \"KARD\"?"),
        ("dr.lead", "dr.ung", "KARD", "Geriatri", "2026-03-01", nil, nil, false, .refused, "no curriculum for Geriatri has been imported"),
        ("dr.lead", "dr.ung", "KARD", "Kardiolgi", "2026-03-01", nil, nil, false, .refused, "no specialty \"Kardiolgi\""),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2026-03-01", nil, "dr.ny", false, .refused, "dr.ny is not main supervisor in department KARD on 2026-03-01"),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2026-03-01", nil, nil, true, .usage, "'--kbu-general-practice' only applies"),
        ("dr.berg", "dr.ung", "KARD", "Kardiologi", "2026-03-01", nil, nil, false, .refused, "dr.berg is not UAO or secretariat of region Syddanmark"),
        ("dr.tutor", "dr.ung", "KARD", "Kardiologi", "2026-03-01", nil, nil, false, .refused, "dr.tutor is not UAO"),
        ("dr.lead", "dr.ung", "KARD", "Kardiologi", "2017-03-01", nil, nil, false, .refused, "in force on 2017-03-01"),
    ] as [(String, String, String, String, String, String?, String?, Bool, Exit, String)])
    func badStart(actor: String, trainee: String, department: String, curriculum: String, start: String, partTime: String?,
                  supervisor: String?, kbu: Bool, status: Exit, message: String) throws {
        let db = try TestDatabase.department()
        try db.refused(status, [message]) {
            try Positions.start(db.as(actor), .init(trainee: trainee, department: department, curriculum: curriculum, start: start,
                                                    partTime: partTime, kbuGeneralPractice: kbu, supervisor: supervisor))
        }
    }

    @Test("one intro at a time: an overlapping start is refused, the day after the end is fine", arguments: [
        ("2027-01-01", false), ("2025-06-01", false), ("2027-06-30", false), ("2027-07-01", true),
    ])
    func oneAtATime(start: String, allowed: Bool) throws {
        let (db, id) = try TestDatabase.started()
        let request = Positions.StartRequest(trainee: "dr.ung", department: "LAEGE", curriculum: "Kardiologi", start: start)
        if allowed {
            _ = try Positions.start(db.as("sek.a"), request)
        } else {
            try db.refused(["dr.ung already has position \(id) in KARD running 2026-03-01 to 2027-06-30", "one intro position at a time"]) {
                try Positions.start(db.as("sek.a"), request)
            }
        }
    }

    @Test("the UAO changes the hovedvejleder; the new one needs a grant; the old one then no longer acts for the position")
    func changeSupervisor() throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(["dr.ny is not main supervisor in department KARD"]) {
            try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ny", from: nil)
        }
        try db.grant("dr.ny", .supervisor, in: "KARD", by: "dr.lead")
        try db.refused(["dr.berg is not UAO for position \(id) on 2026-06-15"]) {
            try Positions.assignSupervisor(db.as("dr.berg"), positionID: id, handle: "dr.ny", from: nil)
        }
        try db.refused(["'--from' 2028-01-01 is outside position \(id), which runs 2026-03-01 to 2027-06-30"]) {
            try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ny", from: "2028-01-01")
        }
        let facts = try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ny", from: nil)
        #expect(facts.supervisorHandle(on: day("2026-06-15")) == "dr.ny")
        #expect(try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).header.hovedvejleder == "dr.ny")
        try db.refused(["dr.berg is not the trainee, main supervisor or UAO for position \(id) on 2026-06-15"]) {
            try Absences.add(db.as("dr.berg"), positionID: id, from: "2026-06-01", to: "2026-06-01", kind: "ferie", note: nil)
        }
        try db.refused(["dr.berg is not main supervisor"]) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        }
        _ = try Absences.add(db.as("dr.ny"), positionID: id, from: "2026-06-01", to: "2026-06-01", kind: "ferie", note: nil)
        _ = try Approvals.approveCompetencies(db.as("dr.ny"), positionID: id, codes: ["I1"], date: nil, comment: nil)
    }

    @Test("list filters by trainee, department and ongoing; show counts assessments and meetings")
    func listAndShow() throws {
        let (db, id) = try TestDatabase.started()
        let other = try Positions.start(db.as("dr.tutor"), .init(trainee: "dr.ny", department: "LAEGE", curriculum: "Kardiologi", start: "2026-09-01"))
        let session = db.as(nil)
        #expect(try Positions.list(session, trainee: nil, department: nil, ongoing: false).map(\.id) == [id, other.id])
        #expect(try Positions.list(session, trainee: nil, department: nil, ongoing: true).map(\.id) == [id])
        #expect(try Positions.list(session, trainee: nil, department: "LAEGE", ongoing: false).map(\.id) == [other.id])
        #expect(try Positions.list(session, trainee: "dr.ung", department: nil, ongoing: false).map(\.id) == [id])
        #expect(throws: LogbookError.usage("give only one of '--trainee', '--department' and '--supervisor'")) {
            try Positions.list(session, trainee: "dr.ung", department: "KARD", ongoing: false)
        }
        _ = try Assessments.record(db.as("dr.ung"), .init(positionID: id, code: "I1", method: "Mini-CEX", date: "2026-06-01"))
        let shown = try Positions.show(session, id: id)
        #expect(shown.assessments == 1)
        #expect(shown.meetings == 0)
        let missing = #expect(throws: LogbookError.notFound("no position 7; see `logbook position list`")) { try Positions.show(session, id: 7) }
        #expect(missing?.reason == .notFound)
    }
}

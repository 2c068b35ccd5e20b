import Foundation
import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Assessments: code and method from the pinned målbeskrivelse, dates, corrections")
struct AssessmentUseCaseTests {
    @Test("an assessment is recorded with its method, date and assessor, and status counts it as in progress")
    func record() throws {
        let (db, id) = try TestDatabase.started()
        let entry = try Assessments.record(db.as("dr.dkv"), .init(positionID: id, code: "I1", method: "kompetencekort", date: "1.6.2026",
                                                                  assessor: "dr.berg", note: "god"))
        #expect(entry.competencyCode == "I1")
        #expect(entry.method == .competencyCard)
        #expect(entry.assessedOn == day("2026-06-01"))
        #expect(entry.assessor == "dr.berg")
        #expect(entry.note == "god")
        let status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        let line = try #require(status.competencies.first { $0.competency.code == "I1" })
        #expect(line.state == .inProgress)
        #expect(line.assessments.count == 1)
        #expect(line.assessments.lastOn == day("2026-06-01"))
        #expect(status.competencies.first { $0.competency.code == "I2" }?.state == .notStarted)
    }

    @Test("an unlisted or unknown method with --other-method is kept; a correction supersedes its entry once")
    func corrections() throws {
        let (db, id) = try TestDatabase.started()
        let trainee = db.as("dr.ung")
        let listed = try Assessments.record(trainee, .init(positionID: id, code: "I2", method: "Mini-CEX", date: "2026-06-02", otherMethod: true))
        #expect(listed.method == .miniCEX)
        let other = try Assessments.record(trainee, .init(positionID: id, code: "I2", method: "Simulation", date: "2026-06-03",
                                                          otherMethod: true, corrects: listed.id))
        #expect(other.method == nil)
        #expect(other.otherMethod == "Simulation")
        #expect(other.correctsID == listed.id)
        let entries = try Assessments.list(db.as(nil), positionID: id).entries
        #expect(entries.map(\.id) == [listed.id, other.id])
        #expect(entries.first?.supersededBy == other.id)
        try db.refused(["entry \(listed.id) is already corrected by entry \(other.id); correct \(other.id) instead"]) {
            try Assessments.record(trainee, .init(positionID: id, code: "I2", method: "Audit", date: "2026-06-03", corrects: listed.id))
        }
        try db.refused(["'--corrects': no entry 99"]) {
            try Assessments.record(trainee, .init(positionID: id, code: "I2", method: "Audit", date: "2026-06-03", corrects: 99))
        }
    }

    @Test("a correction must belong to the same position")
    func correctionOfAnotherPosition() throws {
        let (db, id) = try TestDatabase.started()
        let mine = try Assessments.record(db.as("dr.ung"), .init(positionID: id, code: "I1", method: "Mini-CEX", date: "2026-06-01"))
        let other = try Positions.start(db.as("dr.lead"), .init(trainee: "dr.ny", department: "KARD", curriculum: "Kardiologi", start: "2026-06-01",
                                                                supervisor: "dr.berg"))
        try db.refused(["belongs to position \(id), not \(other.id)"]) {
            try Assessments.record(db.as("dr.ny"), .init(positionID: other.id, code: "I1", method: "Mini-CEX", date: "2026-06-02",
                                                         corrects: mine.id))
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var actor: String? = "dr.ung"
        var code = "I1"
        var method = "Mini-CEX"
        var date = "2026-06-01"
        var assessor: String? = nil
        let status: Exit
        let message: String
        var testDescription: String { message }
    }

    @Test("bad assessments are refused and change nothing", arguments: [
        Bad(code: "I3", status: .refused, message: "no competency \"I3\" in Kardiologi 2022"),
        Bad(code: "X9", status: .refused, message: "competency \"X9\" is in Kardiologi 2018, but position"),
        Bad(method: "Mini-CX", status: .usage, message: "did you mean \"Mini-CEX\"?"),
        Bad(method: "Audit", status: .refused, message: "Kardiologi 2022 does not name Audit for competency I1 (it names: Mini-CEX, Kompetencekort)"),
        Bad(method: "  ", status: .usage, message: "'--method'"),
        Bad(date: "2026-06-16", status: .refused, message: "'--date' 2026-06-16 is in the future (today is 2026-06-15)"),
        Bad(date: "2026-02-28", status: .refused, message: "'--date' 2026-02-28 is outside position"),
        Bad(date: "someday", status: .usage, message: "'--date': \"someday\" is not a date"),
        Bad(assessor: "dr.brg", status: .refused, message: "'--assessor': no person \"dr.brg\""),
        Bad(actor: "dr.ny", status: .refused, message: "dr.ny is not the trainee, main supervisor, UAO or clinical supervisor for position"),
        Bad(actor: nil, status: .usage, message: "who is acting?"),
    ])
    func bad(_ bad: Bad) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(bad.status, [bad.message]) {
            try Assessments.record(db.as(bad.actor), .init(positionID: id, code: bad.code, method: bad.method, date: bad.date,
                                                           assessor: bad.assessor))
        }
    }
}

@Suite("Meetings: kinds in English or Danish, dates inside the position and not in the future, never twice")
struct MeetingUseCaseTests {
    @Test("kinds are read in English and Danish", arguments: [
        ("introduktionssamtale", MeetingKind.introduction), ("introduction", .introduction), ("Justeringssamtale", .adjustment),
        ("adjustment", .adjustment), ("slutsamtale", .final), ("final", .final),
    ])
    func kinds(text: String, kind: MeetingKind) throws {
        #expect(try Meetings.kind(text) == kind)
    }

    @Test("a meeting with a plan file is recorded; list returns it by date; the same kind and day twice is refused")
    func add() throws {
        let (db, id) = try TestDatabase.started()
        let plan = db.folder.appendingPathComponent("plan.txt")
        try Data("Mål: EKG\nKursus i efteråret\n".utf8).write(to: plan)
        let later = try Meetings.add(db.as("dr.ung"), positionID: id, kind: "adjustment", date: "today", plan: nil)
        let first = try Meetings.add(db.as("dr.berg"), positionID: id, kind: "introduktionssamtale", date: "2026-03-10", plan: plan.path)
        #expect(first.kind == .introduction)
        #expect(first.heldOn == day("2026-03-10"))
        #expect(first.plan == "Mål: EKG\nKursus i efteråret\n")
        #expect(first.recordedBy == "dr.berg")
        #expect(later.heldOn == day("2026-06-15"))
        #expect(try Meetings.list(db.as(nil), positionID: id).map(\.id) == [first.id, later.id])
        try db.refused(["already recorded", "meeting \(first.id)"]) {
            try Meetings.add(db.as("dr.ung"), positionID: id, kind: "introduction", date: "2026-03-10", plan: nil)
        }
        let status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        #expect(status.meetings.contains { $0.kind == .introduction && $0.heldOn == day("2026-03-10") })
    }

    @Test("bad meetings are refused and change nothing", arguments: [
        ("dr.ung", "slutsamtale", "2026-06-16", nil, Exit.refused, "'--date' 2026-06-16 is in the future"),
        ("dr.ung", "slutsamtale", "2026-02-01", nil, .refused, "outside position"),
        ("dr.ung", "justeringsamtale", "2026-06-01", nil, .usage, "did you mean \"justeringssamtale\"?"),
        ("dr.ung", "final", "2026-06-01", "/nonexistent/missing.txt", .noInput, "missing.txt"),
        ("dr.dkv", "final", "2026-06-01", nil, .refused, "dr.dkv is not the trainee, main supervisor or UAO"),
    ] as [(String, String, String, String?, Exit, String)])
    func bad(actor: String, kind: String, date: String, plan: String?, status: Exit, message: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(status, [message]) {
            try Meetings.add(db.as(actor), positionID: id, kind: kind, date: date, plan: plan)
        }
    }
}

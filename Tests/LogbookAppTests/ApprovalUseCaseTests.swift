import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Approvals: who may approve, dates, all-or-none, course, time, element, revocation")
struct ApprovalUseCaseTests {
    @Test("the trainee never approves; a clinical supervisor without delegation does not; the hovedvejleder does",
          arguments: [("dr.ung", "dr.ung is the trainee of position"), ("dr.dkv", "dr.dkv is not main supervisor"),
                      ("dr.tutor", "dr.tutor is not"), ("dr.ny", "dr.ny is not"), ("sek.a", "sek.a is not")])
    func whoMayNotApprove(handle: String, message: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused([message]) {
            try Approvals.approveCompetencies(db.as(handle), positionID: id, codes: ["I1"], date: nil, comment: nil)
        }
    }

    @Test("the hovedvejleder, the UAO and a delegated clinical supervisor approve, recorded with their role and department",
          arguments: [("dr.berg", "supervisor"), ("dr.lead", "uao"), ("dr.dkv", "clinical-supervisor")])
    func whoMayApprove(handle: String, role: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.grant("dr.dkv", .clinicalSupervisor, in: "KARD", by: "dr.lead", from: "2026-06-15", mayApprove: true)
        let made = try Approvals.approveCompetencies(db.as(handle), positionID: id, codes: ["I1"], date: "2026-06-15", comment: "fin")
        let event = try #require(made.first)
        #expect(made.count == 1)
        #expect(event.kind == .competencyApproval)
        #expect(event.content.actor == handle)
        #expect(event.content.actorRole == role)
        #expect(event.content.actorDepartment == "KARD")
        #expect(event.content.effectiveOn == day("2026-06-15"))
        let status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        #expect(status.competencies.first { $0.competency.code == "I1" }?.isApproved == true)
        #expect(status.competencies.first { $0.competency.code == "I2" }?.isApproved == false)
    }

    @Test("an approval with no date is dated today; a back-dated one carries its date")
    func dates() throws {
        let (db, id) = try TestDatabase.started()
        let today = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        #expect(today.first?.content.effectiveOn == day("2026-06-15"))
        let back = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I2"], date: "10.6.2026", comment: nil)
        #expect(back.first?.content.effectiveOn == day("2026-06-10"))
    }

    @Test("a date in the future, before the start, or unreadable is refused",
          arguments: [("2026-07-01", Exit.refused, "in the future"), ("2026-06-16", .refused, "in the future"),
                      ("2026-02-28", .refused, "outside position"), ("31.2.2026", .usage, "'--date'")])
    func badDates(date: String, status: Exit, message: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(status, [message]) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: date, comment: nil)
        }
    }

    @Test("the first day of the position is a valid approval date")
    func firstDay() throws {
        let (db, id) = try TestDatabase.started()
        let made = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: "2026-03-01", comment: nil)
        #expect(made.first?.content.effectiveOn == day("2026-03-01"))
    }

    @Test("several codes are approved together, all or none", arguments: [
        (["I1", "I99"], Exit.refused, ["no competency \"I99\" in Kardiologi 2022"]),
        (["I1", "X9"], .refused, ["\"X9\" is in Kardiologi 2018", "pinned to Kardiologi 2022"]),
        (["I1", "I1"], .usage, ["I1 is given twice"]),
        ([], .usage, ["at least one competency"]),
    ])
    func allOrNone(codes: [String], status: Exit, parts: [String]) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(status, parts) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: codes, date: nil, comment: nil)
        }
    }

    @Test("two codes in one call make two events")
    func twoCodes() throws {
        let (db, id) = try TestDatabase.started()
        let made = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I2", " I1 "], date: nil, comment: nil)
        #expect(made.map(\.content.competencyCode) == ["I2", "I1"])
        // Two approvals on top of the facts the setup put in the log (grants, the position's binding and hovedvejleder).
        #expect(try Approvals.history(db.as(nil), positionID: id).events.count == 2)
        #expect(try Verification.run(db.as(nil)).isEmpty)
    }

    @Test("an approved competency is not approved again; the refusal names the standing event")
    func alreadyApproved() throws {
        let (db, id) = try TestDatabase.started()
        let first = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: "2026-06-10", comment: nil)
        let eventID = try #require(first.first?.id)
        try db.refused(["I1 is already approved: on 2026-06-10 by dr.berg (event \(eventID))"]) {
            try Approvals.approveCompetencies(db.as("dr.lead"), positionID: id, codes: ["I2", "I1"], date: nil, comment: nil)
        }
    }

    @Test("no actor is a usage error; an unknown actor or position is refused")
    func unknowns() throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(.usage, ["who is acting?"]) {
            try Approvals.approveCompetencies(db.as(nil), positionID: id, codes: ["I1"], date: nil, comment: nil)
        }
        try db.refused(["no person \"dr.bergg\"", "did you mean"]) {
            try Approvals.approveCompetencies(db.as("dr.bergg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        }
        try db.refused(["no position 99"]) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: 99, codes: ["I1"], date: nil, comment: nil)
        }
    }

    @Test("a delegation that ended yesterday no longer counts, not even back-dated to a day it stood")
    func endedDelegation() throws {
        let (db, id) = try TestDatabase.started()
        try db.grant("dr.dkv", .clinicalSupervisor, in: "KARD", by: "dr.lead", from: "2026-05-01", until: "2026-06-14", mayApprove: true)
        try db.refused(["dr.dkv is not", "clinical supervisor with delegation"]) {
            try Approvals.approveCompetencies(db.as("dr.dkv"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        }
        try db.refused(["dr.dkv is not", "on 2026-06-15"]) {
            try Approvals.approveCompetencies(db.as("dr.dkv"), positionID: id, codes: ["I1"], date: "2026-06-10", comment: nil)
        }
        try db.grant("dr.dkv", .clinicalSupervisor, in: "KARD", by: "dr.lead", from: "2026-06-15", mayApprove: true)
        let made = try Approvals.approveCompetencies(db.as("dr.dkv"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        #expect(made.first?.content.actorRole == "clinical-supervisor")
    }

    @Test("a back-dated approval needs the grant on the named day too")
    func backDatedBeforeGrant() throws {
        let (db, id) = try TestDatabase.started()
        try db.grant("dr.dkv", .clinicalSupervisor, in: "KARD", by: "dr.lead", from: "2026-06-01", mayApprove: true)
        try db.refused(["dr.dkv is not", "2026-05-20"]) {
            try Approvals.approveCompetencies(db.as("dr.dkv"), positionID: id, codes: ["I1"], date: "2026-05-20", comment: nil)
        }
        _ = try Approvals.approveCompetencies(db.as("dr.dkv"), positionID: id, codes: ["I1"], date: "2026-06-01", comment: nil)
    }

    @Test("a course is approved by the main supervisor or UAO, once, by its name in any case; unknown courses are refused")
    func course() throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(["dr.ung is the trainee"]) {
            try Approvals.approveCourse(db.as("dr.ung"), positionID: id, course: "Kursus i klinisk vejledning", date: nil, comment: nil)
        }
        try db.refused(["has no mandatory course \"Kursus i kommunikation\"", "Kursus i klinisk vejledning"]) {
            try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i kommunikation", date: nil, comment: nil)
        }
        try db.refused(["in the future"]) {
            try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i klinisk vejledning", date: "2026-07-01", comment: nil)
        }
        let event = try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "kursus i klinisk vejledning",
                                                date: "2026-05-20", comment: nil)
        #expect(event.kind == .courseApproval)
        #expect(event.content.effectiveOn == day("2026-05-20"))
        try db.refused(["Kursus i klinisk vejledning is already approved: on 2026-05-20 by dr.berg"]) {
            try Approvals.approveCourse(db.as("dr.lead"), positionID: id, course: "Kursus i klinisk vejledning", date: nil, comment: nil)
        }
    }

    @Test("a course taken before the position (merit) is approved alike by the hovedvejleder and the UAO, judged on the day of approving",
          arguments: [("dr.berg", "supervisor"), ("dr.lead", "uao")], ["2025-10-01", "2026-02-01"])
    func courseMerit(approver: (handle: String, role: String), date: String) throws {
        let (handle, role) = approver
        // Before the start on 2026-03-01 the position has no hovedvejleder, and both grants begin 2026-01-01: a course from KBU
        // (2025-10-01) or from just before the start (2026-02-01) was answered differently for the two roles.
        let (db, id) = try TestDatabase.started()
        let event = try Approvals.approveCourse(db.as(handle), positionID: id, course: "Kursus i klinisk vejledning", date: date, comment: "merit")
        #expect(event.content.effectiveOn == day(date))
        #expect(event.content.actorRole == role)
        #expect(try Verification.run(db.as(nil)).isEmpty, "verify judges a merit course on the day it was approved")
    }

    @Test("a merit course approved before the position starts is judged on its first day, alike for both roles",
          arguments: ["dr.berg", "dr.lead"])
    func courseMeritBeforeStart(handle: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.setToday("2026-02-15")
        let event = try Approvals.approveCourse(db.as(handle), positionID: id, course: "Kursus i klinisk vejledning", date: "2025-10-01",
                                                comment: nil)
        #expect(event.content.effectiveOn == day("2025-10-01"))
        #expect(try Verification.run(db.as(nil)).isEmpty)
    }

    @Test("a merit course still needs the authority: judged on the day of approving, not the course's date",
          arguments: ["dr.dkv", "dr.tutor", "dr.ung"])
    func courseMeritNeedsAuthority(handle: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused([handle]) {
            try Approvals.approveCourse(db.as(handle), positionID: id, course: "Kursus i klinisk vejledning", date: "2025-10-01", comment: nil)
        }
    }

    @Test("time is attested from the day after end − 1 month, by the UAO only, once", arguments: [
        ("2027-05-31", false), ("2027-06-01", true), ("2027-06-30", true), ("2027-09-01", true),
    ])
    func timeWindow(today: String, allowed: Bool) throws {
        let (db, id) = try TestDatabase.started()
        try db.setToday(today)
        if allowed {
            let event = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
            #expect(event.kind == .timeAttestation)
            #expect(event.content.effectiveOn == day(today))
        } else {
            try db.refused(["can be attested from 2027-06-01", "it ends 2027-06-30"]) {
                try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
            }
        }
    }

    @Test("time: the hovedvejleder and a tutor of another department may not; a second attestation is refused")
    func timeWho() throws {
        let (db, id) = try TestDatabase.started()
        try db.setToday("2027-06-01")
        try db.refused(["dr.berg is not UAO"]) { try Approvals.attestTime(db.as("dr.berg"), positionID: id, comment: nil) }
        try db.refused(["dr.tutor is not UAO for position"]) { try Approvals.attestTime(db.as("dr.tutor"), positionID: id, comment: nil) }
        _ = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
        try db.refused(["time is already attested", "by dr.lead"]) { try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil) }
    }

    @Test("the element needs every competency, the course and time; the refusal lists exactly what is missing")
    func elementCompleteness() throws {
        let (db, id) = try TestDatabase.started()
        let uao = db.as("dr.lead")
        let none = try db.refused(["cannot be attested yet", "competencies not approved: I1, I2",
                                   "course not approved: Kursus i klinisk vejledning", "time not attested"]) {
            try Approvals.attestElement(uao, positionID: id, comment: nil)
        }
        #expect(none?.details.count == 3)
        _ = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        _ = try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i klinisk vejledning", date: "2026-06-01", comment: nil)
        try db.setToday("2027-06-10")
        _ = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
        let one = try db.refused(["competencies not approved: I2"]) { try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: nil) }
        #expect(one?.details.count == 1)
        #expect(one?.description.contains("time not attested") == false)
        try db.refused(["dr.berg is not UAO"]) { try Approvals.attestElement(db.as("dr.berg"), positionID: id, comment: nil) }
        _ = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I2"], date: nil, comment: nil)
        let element = try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: "Godkendt")
        #expect(element.kind == .elementAttestation)
        #expect(element.content.effectiveOn == day("2027-06-10"))
        try db.refused(["the element is already attested"]) { try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: nil) }
        let status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        #expect(status.completion.isComplete)
        #expect(status.elementAttestation?.eventID == element.id)
        #expect(status.percent == 100)
    }

    @Test("a tutor attests a general-practice element and a UAO does not; and the other way round for a hospital")
    func tutorAndUAO() throws {
        let (db, hospital) = try TestDatabase.started()
        try db.seedCurriculum(specialty: "Almen medicin", version: "2023", validFrom: "2023-01-01", [Seed(code: "AM1", methods: ["Mini-CEX"])])
        let gp = try Positions.start(db.as("dr.tutor"), .init(trainee: "dr.ny", department: "LAEGE", curriculum: "Almen medicin",
                                                              start: "2026-01-01", kbuGeneralPractice: true))
        #expect(gp.schedule.end == day("2026-06-30"))
        _ = try Approvals.approveCompetencies(db.as("dr.tutor"), positionID: gp.id, codes: ["AM1"], date: nil, comment: nil)
        _ = try Approvals.approveCourse(db.as("dr.tutor"), positionID: gp.id, course: "Kursus i klinisk vejledning", date: "2026-03-01", comment: nil)
        try db.refused(["dr.lead is not tutor for position \(gp.id)"]) { try Approvals.attestTime(db.as("dr.lead"), positionID: gp.id, comment: nil) }
        _ = try Approvals.attestTime(db.as("dr.tutor"), positionID: gp.id, comment: nil)
        try db.refused(["dr.lead is not tutor"]) { try Approvals.attestElement(db.as("dr.lead"), positionID: gp.id, comment: nil) }
        let element = try Approvals.attestElement(db.as("dr.tutor"), positionID: gp.id, comment: nil)
        #expect(element.content.actorRole == "tutor")
        try db.refused(["dr.tutor is not UAO for position \(hospital)"]) {
            try Approvals.attestElement(db.as("dr.tutor"), positionID: hospital, comment: nil)
        }
    }
}

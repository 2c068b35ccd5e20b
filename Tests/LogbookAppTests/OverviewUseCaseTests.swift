import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("status, check and report as values")
struct OverviewUseCaseTests {
    @Test("status: header, competencies in order with state and deadline, progress, time window")
    func status() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let (header, status) = try Overviews.status(db.as(nil), position: lund, trainee: nil, on: nil)
        #expect(header.trainee == "dr.lund")
        #expect(header.hovedvejleder == "dr.hoved")
        #expect(header.curriculumVersion == "2022")
        #expect(status.schedule.end == day("2027-08-31"))
        #expect(status.schedule.allowanceDays == 36)
        #expect(status.competencies.map(\.competency.code) == (1...12).map { "I\($0)" })
        #expect(status.approvedCount == 3)
        #expect(status.percent == 25)
        let i3 = try #require(status.competencies.first { $0.competency.code == "I3" })
        #expect(i3.state == .inProgress)
        #expect(i3.isOverdue)
        #expect(i3.deadline?.month == 5)
        #expect(i3.deadline?.overdueSince == day("2027-02-01"))
        if case .approved(let act) = status.competencies[0].state {
            #expect(act.actor == "dr.hoved" && act.on == day("2026-11-15"))
        } else {
            Issue.record("I1 should be approved")
        }
        #expect(status.meetings.contains { $0.kind == .introduction && $0.heldOn == day("2026-09-08") })
        #expect(status.nextSteps.contains { Texts(.en).nextStep($0).hasPrefix("ask your main supervisor to approve I3") })
        #expect(status.schedule.timeAttestableFrom == day("2027-08-01"))
        #expect(!status.timeAttestable)
    }

    @Test("status finds the acting trainee's or the named trainee's position; refuses when there is none")
    func whichPosition() throws {
        let (db, lund, kim, _) = try TestDatabase.cardiology()
        #expect(try Overviews.status(db.as("dr.lund"), position: nil, trainee: nil, on: nil).header.positionID == lund)
        #expect(try Overviews.status(db.as(nil), position: nil, trainee: "dr.kim", on: nil).header.positionID == kim)
        try db.refused(.usage, ["which position?"]) { try Overviews.status(db.as(nil), position: nil, trainee: nil, on: nil) }
        try db.refused(["dr.hoved has no intro position"]) { try Overviews.status(db.as(nil), position: nil, trainee: "dr.hoved", on: nil) }
        try db.refused(["no position 9"]) { try Overviews.status(db.as(nil), position: 9, trainee: nil, on: nil) }
    }

    @Test("status on an earlier day leaves out what was dated after it")
    func asOfDay() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let status = try Overviews.status(db.as(nil), position: lund, trainee: nil, on: "2026-11-01").status
        func state(_ code: String) -> CompetencyState? { status.competencies.first { $0.competency.code == code }?.state }
        #expect(state("I1") == .notStarted, "approved 2026-11-15")
        #expect(state("I2") == .inProgress, "assessed 2026-10-20")
        #expect(state("I3") == .notStarted, "assessed 2027-01-20")
    }

    @Test("check: nothing early on; overdue competencies and meetings later; nothing for an attested element")
    func check() throws {
        let (db, lund, kim, aero) = try TestDatabase.cardiology()
        #expect(try Overviews.check(db.as(nil), scope: .position(lund), on: "2026-09-10").isEmpty)
        let lines = try Overviews.check(db.as(nil), scope: .department("OUH-KAR"), on: nil)
        #expect(lines.contains("position \(lund) (dr.lund): I3 overdue since 2027-02-01 (due by month 5)"))
        #expect(lines.contains("position \(lund) (dr.lund): adjustment meeting overdue since 2026-12-01"))
        #expect(!lines.contains { $0.contains("position \(aero) ") }, "an attested element has nothing overdue")
        #expect(!lines.contains { $0.contains("position \(kim) ") }, "80 % time stretches dr.kim's first deadline past today")
        #expect(try Overviews.check(db.as(nil), scope: .all, on: nil) == lines)
        #expect(try Overviews.check(db.as("dr.lund"), scope: .mine, on: nil) == lines)
        let ended = try Overviews.check(db.as(nil), scope: .position(lund), on: "2027-09-15")
        #expect(ended.contains { $0.hasPrefix("position \(lund) (dr.lund): ended 2027-08-31 but the element is not attested (missing: ") })
        let early = try Overviews.check(db.as(nil), scope: .position(lund), on: "2026-11-10")
        #expect(early.contains { $0.contains("I2 overdue since 2026-11-01") }, "I2 was approved only on 2026-11-15")
        try db.refused(["no department \"OUH-KAX\"", "did you mean \"OUH-KAR\""]) {
            try Overviews.check(db.as(nil), scope: .department("OUH-KAX"), on: nil)
        }
    }

    @Test("report: rows for ongoing, all or overlapping positions, with counts, absence and attestation dates")
    func report() throws {
        let (db, lund, kim, aero) = try TestDatabase.cardiology()
        let ongoing = try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .ongoing)
        #expect(ongoing.rows.map(\.positionID).sorted() == [lund, kim])
        let all = try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .all)
        #expect(all.rows.count == 3)
        let row = try #require(all.rows.first { $0.positionID == aero })
        #expect(row.approved == 12 && row.total == 12 && row.overdue == 0)
        #expect(row.elementAttested == day("2027-03-10"))
        #expect(row.timeAttested == day("2027-03-10"))
        #expect(all.attested == 1)
        let lundRow = try #require(all.rows.first { $0.positionID == lund })
        #expect(lundRow.approved == 3 && lundRow.overdue > 0)
        #expect(lundRow.absenceAllowed == 36)
        let kimRow = try #require(all.rows.first { $0.positionID == kim })
        #expect(kimRow.partTime == (try Positions.partTime("80%")))
        let before = try Overviews.report(db.as(nil), department: "OUH-KAR", on: "2026-12-15", selection: .all)
        #expect(before.rows.first { $0.positionID == aero }?.elementAttested == nil, "attested only on 2027-03-10")
        let overlapping = try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .overlapping(from: "2026-01-01", to: "2026-06-30"))
        #expect(overlapping.rows.map(\.positionID) == [aero])
        try db.refused(.usage, ["'--to' 2026-01-01 is before '--from' 2026-06-30"]) {
            try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .overlapping(from: "2026-06-30", to: "2026-01-01"))
        }
    }

    @Test("absence above the allowance shows in the report's count")
    func overAllowance() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        _ = try Absences.add(db.as("dr.lund"), positionID: lund, from: "2026-10-01", to: "2026-11-15", kind: "sygdom", note: nil)
        let report = try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .ongoing)
        #expect(report.overAllowance == 1)
        #expect(report.rows.first { $0.positionID == lund }?.end == day("2027-10-31"))
    }
}

@Suite("The test support itself")
struct SupportTests {
    @Test("a snapshot sees a change, and refused(...) records an issue when the body succeeds")
    func refusedCanFail() throws {
        let db = try TestDatabase.department()
        let before = try db.snapshot()
        _ = try People.add(db.as("sek.a"), handle: "dr.x", name: "X", authorisationID: nil)
        #expect(try db.snapshot() != before)
        // Each block expects exactly the issues refused(...) records for its case; any other issue (a thrown error, a
        // changed message) fails the test.
        try withKnownIssue {
            try db.refused(["anything"]) { try People.add(db.as("sek.a"), handle: "dr.y", name: "Y", authorisationID: nil) }
        } matching: { issue in
            // The body succeeded: no refusal, and the database changed.
            issue.says("expected a refusal containing [\"anything\"]") || issue.says("a refused command changed the database")
        }
        try withKnownIssue {
            try db.refused(["a message it does not have"]) { try People.add(db.as("sek.a"), handle: "dr.x", name: "X", authorisationID: nil) }
        } matching: { issue in
            // Refused (dr.x exists), but not with the words asked for.
            issue.says("message was: ")
        }
    }
}

extension Issue {
    /// Whether one of the issue's comments contains `text`.
    func says(_ text: String) -> Bool { comments.contains { $0.rawValue.contains(text) } }
}

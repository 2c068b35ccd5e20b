import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Absence: what counts, the allowance, the end it moves, and when it is refused")
struct AbsenceUseCaseTests {
    @Test("48 counted days at 3/4 time are within the allowance; one more moves the end by all 49, to the month's end")
    func allowance() throws {
        let (db, id) = try TestDatabase.started()
        let at = try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-04-01", to: "2026-05-18", kind: "sygdom", note: nil)
        #expect(at.period.days == 48)
        #expect(at.after.allowanceDays == 48)
        #expect(at.after.countedAbsenceDays == 48)
        #expect(at.after.allowanceLeft == 0)
        #expect(at.before.end == day("2027-06-30"))
        #expect(at.after.end == day("2027-06-30"))
        let above = try Absences.add(db.as("dr.berg"), positionID: id, from: "2026-05-19", to: "2026-05-19", kind: "barns-sygedag", note: nil)
        #expect(above.after.countedAbsenceDays == 49)
        #expect(above.after.overAllowanceBy == 1)
        #expect(above.before.end == day("2027-06-30"))
        #expect(above.after.end == day("2027-08-31"))
        #expect(above.after.timeAttestableFrom == day("2027-08-01"))
        #expect(Texts(.en).explanation(above.after).contains("moved to 2027-08-31 because 49 days of counted absence exceed the allowance of 48 days"))
        // Holiday neither counts nor extends.
        let holiday = try Absences.add(db.as("dr.lead"), positionID: id, from: "2026-07-01", to: "2026-07-21", kind: "ferie", note: "sommer")
        #expect(holiday.after == holiday.before)
        let facts = try Absences.list(db.as(nil), positionID: id)
        #expect(facts.absences.count == 3)
        #expect(facts.schedule.end == day("2027-08-31"))
        // Time attestation follows the moved end.
        try db.setToday("2027-07-15")
        try db.refused(["can be attested from 2027-08-01"]) { try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil) }
    }

    @Test("which kinds count against the allowance and which extend the position", arguments: [
        ("sygdom", 10, false), ("barns-sygedag", 10, false), ("omsorgsdag", 10, false), ("ikke-obligatorisk-kursus", 10, false),
        ("ferie", 0, false), ("obligatorisk-kursus", 0, false), ("barsel", 0, true), ("forældreorlov", 0, true),
    ])
    func kinds(kind: String, counted: Int, extends: Bool) throws {
        let (db, id) = try TestDatabase.started()
        let added = try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-05-01", to: "2026-05-10", kind: kind, note: nil)
        #expect(added.after.countedAbsenceDays == counted)
        #expect(added.after.parentalLeaveDays == (extends ? 10 : 0))
        #expect(added.after.end == (extends ? day("2027-07-31") : day("2027-06-30")))
    }

    @Test("parental leave of a month moves the end by a month and leaves the allowance whole")
    func parentalLeave() throws {
        let (db, id) = try TestDatabase.started()
        let added = try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-05-01", to: "2026-05-31", kind: "barsel", note: nil)
        #expect(added.after.allowanceLeft == 48)
        #expect(added.after.end == day("2027-07-31"))
    }

    @Test("bad absence is refused and changes nothing", arguments: [
        ("dr.ung", "2026-05-03", "2026-05-01", "sygdom", Exit.usage, "'--to' 2026-05-01 is before '--from' 2026-05-03"),
        ("dr.ung", "2026-04-10", "2026-04-12", "ferie", .refused, "overlaps absence"),
        ("dr.ung", "2026-02-27", "2026-03-02", "sygdom", .refused, "'--from' 2026-02-27 is outside position"),
        ("dr.ung", "2027-06-30", "2027-07-01", "ferie", .refused, "'--to' 2027-07-01 is outside position"),
        ("dr.ung", "2026-06-14", "2026-06-16", "sygdom", .refused, "sickness is recorded as it happens: '--to' 2026-06-16 is after today (2026-06-15)"),
        ("dr.ung", "2026-06-20", "2026-06-20", "barns-sygedag", .refused, "child's sick day is recorded as it happens"),
        ("dr.ung", "2026-05-01", "2026-05-01", "sygdomm", .usage, "did you mean \"sygdom\"?"),
        ("dr.dkv", "2026-05-01", "2026-05-01", "sygdom", .refused, "dr.dkv is not the trainee, main supervisor or UAO for position"),
        ("dr.ny", "2026-05-01", "2026-05-01", "sygdom", .refused, "dr.ny is not the trainee, main supervisor or UAO"),
    ])
    func bad(actor: String, from: String, to: String, kind: String, status: Exit, message: String) throws {
        let (db, id) = try TestDatabase.started()
        _ = try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-04-01", to: "2026-04-10", kind: "sickness", note: nil)
        try db.refused(status, [message]) {
            try Absences.add(db.as(actor), positionID: id, from: from, to: to, kind: kind, note: nil)
        }
    }

    @Test("a sickness past the current end is accepted when it extends the position to contain it; holiday past it is not")
    func pastTheEnd() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        try db.setToday("2027-10-01")
        let added = try Absences.add(db.as("dr.lund"), positionID: lund, from: "2027-08-15", to: "2027-09-30", kind: "sygdom", note: nil)
        #expect(added.before.end == day("2027-08-31"))
        #expect(added.after.end >= day("2027-09-30"))
        try db.refused(["is outside position \(lund)"]) {
            try Absences.add(db.as("dr.lund"), positionID: lund, from: "2027-12-01", to: "2028-06-30", kind: "ferie", note: nil)
        }
    }

    @Test("withdrawn with a reason, the end follows, and the row stays")
    func withdraw() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let added = try Absences.add(db.as("dr.lund"), positionID: lund, from: "2026-10-01", to: "2026-11-15", kind: "sygdom", note: nil)
        #expect(added.before.end == day("2027-08-31"))
        #expect(added.after.end == day("2027-10-31"))
        try db.refused(.usage, ["--reason"]) { try Absences.revoke(db.as("dr.lund"), absenceID: added.id, reason: " ") }
        try db.refused(["no absence 99"]) { try Absences.revoke(db.as("dr.lund"), absenceID: 99, reason: "x") }
        try db.refused(["dr.kim"]) { try Absences.revoke(db.as("dr.kim"), absenceID: added.id, reason: "x") }
        let withdrawn = try Absences.revoke(db.as("dr.lund"), absenceID: added.id, reason: "tastefejl: forkert måned")
        #expect(withdrawn.before.end == day("2027-10-31"))
        #expect(withdrawn.after.end == day("2027-08-31"))
        try db.refused(["already withdrawn"]) { try Absences.revoke(db.as("dr.lund"), absenceID: added.id, reason: "igen") }
        #expect(try db.count("absence") == 1)
        #expect(try Positions.show(db.as(nil), id: lund).facts.schedule.end == day("2027-08-31"))
    }

    @Test("absence cannot move the end under a standing element or time attestation")
    func underAttestation() throws {
        let (db, _, _, aero) = try TestDatabase.cardiology()
        try db.refused(["standing element attested", "revoke that first"]) {
            try Absences.add(db.as("dr.ærø"), positionID: aero, from: "2026-07-01", to: "2026-09-10", kind: "sygdom", note: nil)
        }
        let (db2, id) = try TestDatabase.started()
        let early = try Absences.add(db2.as("dr.ung"), positionID: id, from: "2026-04-01", to: "2026-04-02", kind: "sygdom", note: nil)
        try db2.setToday("2027-06-10")
        _ = try Approvals.attestTime(db2.as("dr.lead"), positionID: id, comment: nil)
        try db2.refused(["time"]) {
            try Absences.add(db2.as("dr.ung"), positionID: id, from: "2026-05-01", to: "2026-05-02", kind: "sygdom", note: nil)
        }
        try db2.refused(["time", "revoke that first"]) { try Absences.revoke(db2.as("dr.ung"), absenceID: early.id, reason: "x") }
    }
}

import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Forhåndsudtalelse: by the UAO/tutor, on an ongoing intro that is not yet attested, once")
struct StatementUseCaseTests {
    @Test("only the department's UAO gives it", arguments: [
        ("dr.berg", "dr.berg is not UAO"), ("dr.ung", "dr.ung is the trainee of position"), ("dr.tutor", "dr.tutor is not UAO"),
        ("dr.dkv", "dr.dkv is not UAO"), ("sek.a", "sek.a is not UAO"),
    ])
    func who(handle: String, message: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.refused([message]) { try Approvals.statement(db.as(handle), positionID: id, text: nil) }
    }

    @Test("given once, with the standard wording when no text is given; a second is refused")
    func once() throws {
        let (db, id) = try TestDatabase.started()
        let event = try Approvals.statement(db.as("dr.lead"), positionID: id, text: "  ")
        #expect(event.kind == .statement)
        #expect(event.content.text.contains("uden problemer gennemfører"))
        try db.refused(["already stands", "event \(event.id)"]) { try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil) }
        let status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        #expect(status.statement?.eventID == event.id)
    }

    @Test("an own text is kept, trimmed")
    func ownText() throws {
        let (db, id) = try TestDatabase.started()
        let event = try Approvals.statement(db.as("dr.lead"), positionID: id, text: "  Forventes gennemført.  ")
        #expect(event.content.text == "Forventes gennemført.")
    }

    @Test("not on a position that has not started or has ended", arguments: ["2026-02-28", "2027-07-01"])
    func notOngoing(today: String) throws {
        let (db, id) = try TestDatabase.started()
        try db.setToday(today)
        try db.refused(["is not ongoing on \(today)", "runs 2026-03-01 to 2027-06-30"]) {
            try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil)
        }
    }

    @Test("not once the element is attested, while the position is still ongoing")
    func afterElement() throws {
        let (db, id) = try TestDatabase.started()
        _ = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1", "I2"], date: nil, comment: nil)
        _ = try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i klinisk vejledning", date: nil, comment: nil)
        try db.setToday("2027-06-10")
        _ = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
        let element = try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: nil)
        try db.refused(["already an approved intro", "event \(element.id)"]) {
            try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil)
        }
    }

    @Test("a revoked statement can be given again")
    func revokedAgain() throws {
        let (db, id) = try TestDatabase.started()
        let first = try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil)
        _ = try Approvals.revoke(db.as("dr.lead"), eventID: first.id, reason: "for tidligt")
        let second = try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil)
        #expect(second.id != first.id)
    }
}

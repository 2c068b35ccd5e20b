import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Eligibility for a hoveduddannelse: element attestation, forhåndsudtalelse, the specialty group, the day asked about")
struct EligibilityUseCaseTests {
    /// dr.ung's position, complete and attested on 2027-06-01; returns the database, position and element event.
    func attested() throws -> (TestDatabase, Int64, Int64) {
        let (db, id) = try TestDatabase.started()
        _ = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1", "I2"], date: nil, comment: nil)
        _ = try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i klinisk vejledning", date: "2026-05-20", comment: nil)
        try db.setToday("2027-06-01")
        _ = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
        let element = try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: nil)
        return (db, id, element.id)
    }

    @Test("nothing yet: may neither apply nor start")
    func nothing() throws {
        let (db, _) = try TestDatabase.started()
        let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: nil).answer
        #expect(!answer.mayApply)
        #expect(!answer.mayStart)
        #expect(Texts(.en).eligibility(answer.why).contains("neither an element attestation nor an advance statement"))
        #expect(answer.restsOn.isEmpty)
    }

    @Test("an attested element lets the trainee apply and start, in the specialty and its group, but not elsewhere", arguments: [
        ("Kardiologi", true), ("kardiologi", true), ("nefrologi", true), ("Geriatri", true), ("Almen medicin", false),
    ])
    func attestedElement(specialty: String, eligible: Bool) throws {
        let (db, _, element) = try attested()
        if eligible {
            let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: specialty, on: nil).answer
            #expect(answer.mayApply)
            #expect(answer.mayStart)
            #expect(answer.restsOn == [element])
        } else {
            // A specialty without any målbeskrivelse may be unknown to the database: a usage error, or a plain no.
            do {
                let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: specialty, on: nil).answer
                #expect(!answer.mayApply && !answer.mayStart)
            } catch let error as LogbookError {
                #expect(error.status == .usage)
            }
        }
    }

    @Test("the group is named in the reason")
    func groupReason() throws {
        let (db, _, _) = try attested()
        let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "nefrologi", on: nil).answer
        #expect(Texts(.en).eligibility(answer.why).contains("same specialty group"))
    }

    @Test("asked about a day before the attestation, or after it was revoked, the answer is no")
    func onADay() throws {
        let (db, _, element) = try attested()
        let before = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: "2027-05-31").answer
        #expect(!before.mayApply)
        try db.setToday("2027-06-05")
        _ = try Approvals.revoke(db.as("dr.lead"), eventID: element, reason: "fejl")
        let revoked = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: nil).answer
        #expect(!revoked.mayApply && !revoked.mayStart)
        let between = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: "2027-06-02").answer
        #expect(between.mayStart, "on 2027-06-02 the attestation stood: it was revoked only on 2027-06-05")
    }

    @Test("a standing forhåndsudtalelse lets the trainee apply but not start, only while the intro is ongoing")
    func statement() throws {
        let (db, id) = try TestDatabase.started()
        let statement = try Approvals.statement(db.as("dr.lead"), positionID: id, text: nil)
        let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: nil).answer
        #expect(answer.mayApply)
        #expect(!answer.mayStart)
        #expect(Texts(.en).eligibility(answer.why).contains("advance statement"))
        #expect(answer.restsOn == [statement.id])
        let afterEnd = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: "2027-07-01").answer
        #expect(!afterEnd.mayApply)
        let beforeIt = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiologi", on: "2026-06-14").answer
        #expect(!beforeIt.mayApply)
    }

    @Test("an unknown trainee is a usage error with a suggestion")
    func unknownTrainee() throws {
        let (db, _) = try TestDatabase.started()
        try db.refused(.usage, ["no person \"dr.unk\""]) {
            try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.unk", specialty: "Kardiologi", on: nil)
        }
    }

    @Test("a specialty no målbeskrivelse names is an answer: may not apply nor start, with the nearest name")
    func unknownSpecialty() throws {
        let (db, _) = try TestDatabase.started()
        let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Kardiolgi", on: nil).answer
        #expect(!answer.mayApply && !answer.mayStart)
        #expect(answer.why == .unknownSpecialty(name: "Kardiolgi", suggestion: "Kardiologi"))
        #expect(answer.startReason == answer.why)
        let none = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: "Oftalmologi", on: nil).answer
        #expect(none.why == .unknownSpecialty(name: "Oftalmologi", suggestion: nil))
    }
}

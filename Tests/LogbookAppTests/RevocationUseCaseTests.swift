import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("Revocation: by its maker or the UAO, with a reason, never under a standing element attestation")
struct RevocationUseCaseTests {
    /// dr.ung's position with I1, I2 and the course approved by dr.berg, time and element attested by dr.lead on 2027-06-10.
    func attested() throws -> (TestDatabase, Int64, approval: Int64, element: Int64) {
        let (db, id) = try TestDatabase.started()
        let approvals = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1", "I2"], date: nil, comment: nil)
        _ = try Approvals.approveCourse(db.as("dr.berg"), positionID: id, course: "Kursus i klinisk vejledning", date: "2026-06-01", comment: nil)
        try db.setToday("2027-06-10")
        _ = try Approvals.attestTime(db.as("dr.lead"), positionID: id, comment: nil)
        let element = try Approvals.attestElement(db.as("dr.lead"), positionID: id, comment: nil)
        return (db, id, approvals[0].id, element.id)
    }

    @Test("an approval, a course or time cannot be revoked while the element attestation stands")
    func underElement() throws {
        let (db, id, approval, element) = try attested()
        let events = try Approvals.history(db.as(nil), positionID: id).events
        for event in events where [.competencyApproval, .courseApproval, .timeAttestation].contains(event.kind) {
            try db.refused(["event \(event.id)", "cannot be revoked while the element attestation stands", "event \(element)"]) {
                try Approvals.revoke(db.as("dr.lead"), eventID: event.id, reason: "fejl")
            }
        }
        #expect(events.count == 5)
        _ = approval
    }

    @Test("a reason is required", arguments: ["", "   "])
    func reason(text: String) throws {
        let (db, _, _, element) = try attested()
        try db.refused(.usage, ["'--reason'"]) { try Approvals.revoke(db.as("dr.lead"), eventID: element, reason: text) }
    }

    @Test("someone who neither made the event nor is the UAO is refused for who they are, before the position's rules")
    func stranger() throws {
        let (db, _, approval, element) = try attested()
        for event in [element, approval] {
            let error = try db.refused(["neither made the event nor is UAO"]) {
                try Approvals.revoke(db.as("dr.dkv"), eventID: event, reason: "x")
            }
            #expect(error?.description.contains("element attestation") == false)
        }
        try db.refused(["no event 77"]) { try Approvals.revoke(db.as("dr.lead"), eventID: 77, reason: "x") }
    }

    @Test("revoke the element, then the approval by its maker; the original stays, a re-approval is a new event")
    func revokeAndReapprove() throws {
        let (db, id, approval, element) = try attested()
        let revocation = try Approvals.revoke(db.as("dr.lead"), eventID: element, reason: "forkert dato")
        #expect(revocation.kind == .revocation)
        #expect(revocation.content.revokes == element)
        try db.refused(["already revoked", "dr.lead", "forkert dato"]) {
            try Approvals.revoke(db.as("dr.lead"), eventID: element, reason: "igen")
        }
        try db.refused(["is itself a revocation"]) { try Approvals.revoke(db.as("dr.lead"), eventID: revocation.id, reason: "x") }
        let second = try Approvals.revoke(db.as("dr.berg"), eventID: approval, reason: "vurderet for tidligt")
        let history = try Approvals.history(db.as(nil), positionID: id).events
        #expect(history.count == 7)
        let original = try #require(history.first { $0.id == approval })
        #expect(original.revokedBy?.eventID == second.id)
        #expect(original.revokedBy?.actor == "dr.berg")
        #expect(original.revokedBy?.reason == "vurderet for tidligt")

        var status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        let line = try #require(status.competencies.first { $0.competency.code == "I1" })
        guard case .revoked(let revoked) = line.state else { Issue.record("I1 is \(line.state.label)"); return }
        #expect(revoked.reason == "vurderet for tidligt")
        #expect(status.elementAttestation == nil)
        #expect(status.completion.missingCompetencies == ["I1"])

        let again = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        #expect(again.first.map { $0.id > second.id } == true)
        status = try Overviews.status(db.as(nil), position: id, trainee: nil, on: nil).status
        #expect(status.competencies.allSatisfy { $0.isApproved })
        #expect(try Verification.run(db.as(nil)).isEmpty)
    }

    @Test("the UAO may revoke the hovedvejleder's approval; the hovedvejleder may not revoke the UAO's")
    func whoRevokes() throws {
        let (db, id) = try TestDatabase.started()
        let byBerg = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)[0]
        let byLead = try Approvals.approveCompetencies(db.as("dr.lead"), positionID: id, codes: ["I2"], date: nil, comment: nil)[0]
        try db.refused(["dr.berg"]) { try Approvals.revoke(db.as("dr.berg"), eventID: byLead.id, reason: "x") }
        try db.refused(["dr.ung"]) { try Approvals.revoke(db.as("dr.ung"), eventID: byBerg.id, reason: "x") }
        let revocation = try Approvals.revoke(db.as("dr.lead"), eventID: byBerg.id, reason: "x")
        #expect(revocation.content.actorRole == "uao")
    }
}

import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

@Suite("People and grants: the bootstrap, who may grant what, and dated grants")
struct GrantUseCaseTests {
    @Test("the first person and the first secretariat grant need nobody acting; after that, someone must act")
    func bootstrap() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let first = try People.add(db.as(nil), handle: "sek.a", name: "Sekretær A", authorisationID: nil)
        #expect(first.bootstrap)
        let grant = try Grants.add(db.as(nil), handle: "sek.a", role: .secretariat, departmentCode: nil, region: "Syddanmark", from: nil,
                                   until: nil, mayApprove: false)
        #expect(grant.bootstrap)
        #expect(grant.grant.grant.validFrom == day("2026-06-15"))
        try db.refused(.usage, ["who is acting?"]) {
            try People.add(db.as(nil), handle: "dr.x", name: "X", authorisationID: nil)
        }
        try db.refused(.usage, ["who is acting?"]) {
            try Grants.add(db.as(nil), handle: "sek.a", role: .secretariat, departmentCode: nil, region: "Hovedstaden", from: nil, until: nil,
                           mayApprove: false)
        }
        let second = try People.add(db.as("sek.a"), handle: "dr.x", name: "X", authorisationID: nil)
        #expect(!second.bootstrap)
    }

    @Test("handles are unique regardless of case; so are authorisation ids; bad handles are usage errors")
    func people() throws {
        let db = try TestDatabase.department()
        try db.refused(["a person with handle \"dr.berg\" already exists"]) {
            try People.add(db.as("sek.a"), handle: "DR.Berg", name: "B", authorisationID: nil)
        }
        _ = try People.add(db.as("sek.a"), handle: "dr.auth", name: "A", authorisationID: "ABC12")
        try db.refused(["'--authorisation-id' ABC12 already belongs to dr.auth"]) {
            try People.add(db.as("sek.a"), handle: "dr.auth2", name: "A", authorisationID: " ABC12 ")
        }
        for handle in ["", "two words", String(repeating: "x", count: 33), "x", "1dr", "dr.o'hara"] {
            try db.refused(.usage, ["HANDLE", "a handle is 2 to 32 characters: lower-case letters a-z and æ ø å"]) {
                try People.add(db.as("sek.a"), handle: handle, name: "N", authorisationID: nil)
            }
        }
        try db.refused(["dr.ung"]) { try People.add(db.as("dr.ung"), handle: "dr.new", name: "N", authorisationID: nil) }
        let shown = try People.show(db.as(nil), handle: "dr.berg")
        #expect(shown.grants.map(\.grant.role) == [.supervisor])
    }

    @Test("who may grant what", arguments: [
        ("sek.a", "dr.ny", GrantRole.uao, "LAEGE", "its education lead is tutor, not UAO; grant tutor instead"),
        ("sek.a", "dr.ny", .tutor, "KARD", "grant uao instead"),
        ("dr.lead", "dr.ny", .uao, "KARD", "dr.lead is not secretariat of region Syddanmark for department KARD"),
        ("sek.a", "dr.ny", .supervisor, "KARD", "sek.a is not UAO for department KARD on 2026-06-15"),
        ("dr.berg", "dr.ny", .supervisor, "KARD", "dr.berg is not UAO"),
        ("dr.tutor", "dr.ny", .supervisor, "KARD", "dr.tutor is not UAO for department KARD"),
        ("dr.lead", "dr.nyy", .supervisor, "KARD", "no person \"dr.nyy\""),
        ("dr.lead", "dr.ny", .supervisor, "KRD", "did you mean \"KARD\"?"),
        ("dr.lead", "dr.berg", .supervisor, "KARD", "dr.berg already holds main supervisor"),
    ])
    func whoGrants(actor: String, holder: String, role: GrantRole, department: String, message: String) throws {
        let db = try TestDatabase.department()
        try db.refused([message]) {
            try Grants.add(db.as(actor), handle: holder, role: role, departmentCode: department, region: nil, from: nil, until: nil,
                           mayApprove: false)
        }
    }

    @Test("a tutor grants supervisors in general practice; a UAO grants a delegation")
    func allowedGrants() throws {
        let db = try TestDatabase.department()
        let gp = try Grants.add(db.as("dr.tutor"), handle: "dr.ny", role: .supervisor, departmentCode: "LAEGE", region: nil, from: nil,
                                until: nil, mayApprove: false)
        #expect(gp.grant.grantedBy == "dr.tutor")
        #expect(gp.grant.departmentCode == "LAEGE")
        let delegated = try Grants.add(db.as("dr.lead"), handle: "dr.ny", role: .clinicalSupervisor, departmentCode: "KARD", region: nil,
                                       from: nil, until: nil, mayApprove: true)
        #expect(delegated.grant.grant.mayApprove)
    }

    @Test("bad grant input is a usage error", arguments: [
        (GrantRole.supervisor, nil, nil, false, nil, nil, "needs '--department CODE'"),
        (.secretariat, "KARD", nil, false, nil, nil, "give '--region NAME'"),
        (.supervisor, "KARD", "Syddanmark", false, nil, nil, "not both"),
        (.supervisor, nil, "Syddanmark", false, nil, nil, "belongs to a department"),
        (.supervisor, "KARD", nil, true, nil, nil, "'--may-approve'"),
        (.supervisor, "KARD", nil, false, "2026-07-01", "2026-06-01", "'--until' 2026-06-01 is before '--from' 2026-07-01"),
        (.supervisor, "KARD", nil, false, "1.13.2026", nil, "'--from'"),
    ] as [(GrantRole, String?, String?, Bool, String?, String?, String)])
    func badInput(role: GrantRole, department: String?, region: String?, mayApprove: Bool, from: String?, until: String?, message: String) throws {
        let db = try TestDatabase.department()
        try db.refused(.usage, [message]) {
            try Grants.add(db.as("dr.lead"), handle: "dr.ny", role: role, departmentCode: department, region: region, from: from, until: until,
                           mayApprove: mayApprove)
        }
    }

    @Test("Grants.role reads English and Danish and suggests on a typo")
    func roleNames() throws {
        #expect(try Grants.role("hovedvejleder") == .supervisor)
        #expect(try Grants.role("daglig-klinisk-vejleder") == .clinicalSupervisor)
        #expect(try Grants.role("tutorlæge") == .tutor)
        let typo = #expect(throws: LogbookError.self) { try Grants.role("hovedvejlder") }
        #expect(typo?.status == .usage)
        #expect(typo?.message.contains("got \"hovedvejlder\" — did you mean \"hovedvejleder\"?") == true, "\(String(describing: typo))")
    }

    @Test("a grant counts through its last day; ended yesterday it no longer counts; ending is for whoever may grant it")
    func grantEnd() throws {
        let db = try TestDatabase.department()
        let lead = try #require(try Grants.list(db.as(nil), departmentCode: nil, handle: "dr.lead").first)
        #expect(Grants.status(lead.grant, on: db.today) == .current)
        try db.refused(["dr.berg is not secretariat of region Syddanmark"]) {
            try Grants.end(db.as("dr.berg"), grantID: lead.id, on: "2026-06-14")
        }
        try db.refused(["is before grant \(lead.id) starts"]) { try Grants.end(db.as("sek.a"), grantID: lead.id, on: "2025-12-30") }
        let ended = try Grants.end(db.as("sek.a"), grantID: lead.id, on: "2026-06-14")
        #expect(ended.endedOn == day("2026-06-14"))
        #expect(Grants.status(ended.grant, on: day("2026-06-14")) == .current)
        #expect(Grants.status(ended.grant, on: day("2026-06-15")) == .ended)
        try db.refused(["dr.lead is not UAO for department KARD on 2026-06-15"]) {
            try Grants.add(db.as("dr.lead"), handle: "dr.ny", role: .supervisor, departmentCode: "KARD", region: nil, from: nil, until: nil,
                           mayApprove: false)
        }
        try db.refused(["already ended on 2026-06-14"]) { try Grants.end(db.as("sek.a"), grantID: lead.id, on: nil) }
        try db.refused(["no grant 99"]) { try Grants.end(db.as("sek.a"), grantID: 99, on: nil) }
    }

    @Test("a grant from tomorrow does not count today, and does tomorrow")
    func fromTomorrow() throws {
        let db = try TestDatabase.department()
        try db.grant("dr.ny", .uao, in: "KARD", by: "sek.a", from: "2026-06-16")
        try db.refused(["dr.ny is not UAO for department KARD on 2026-06-15"]) {
            try Grants.add(db.as("dr.ny"), handle: "dr.ung", role: .supervisor, departmentCode: "KARD", region: nil, from: nil, until: nil,
                           mayApprove: false)
        }
        try db.setToday("2026-06-16")
        _ = try Grants.add(db.as("dr.ny"), handle: "dr.ung", role: .supervisor, departmentCode: "KARD", region: nil, from: nil, until: nil,
                           mayApprove: false)
    }

    @Test("a grant cannot be ended back to before an act that rested on it; nor a hovedvejleder replaced from before it")
    func noBackdatedEnds() throws {
        let (db, id) = try TestDatabase.started()
        let act = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: "2026-06-10", comment: nil)[0]
        let berg = try #require(try Grants.list(db.as(nil), departmentCode: nil, handle: "dr.berg").first)
        try db.refused(["dr.berg acted as main supervisor on 2026-06-10 (event \(act.id))", "end it on 2026-06-10 or later"]) {
            try Grants.end(db.as("dr.lead"), grantID: berg.id, on: "2026-06-01")
        }
        _ = try People.add(db.as("sek.a"), handle: "dr.ny2", name: "Nina Ny", authorisationID: nil)
        try db.grant("dr.ny2", .supervisor, in: "KARD", by: "dr.lead")
        try db.refused(["acted on position \(id) on 2026-06-10", "from 2026-06-11 at the earliest"]) {
            try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ny2", from: "2026-06-01")
        }
        let moved = try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ny2", from: "2026-06-11")
        #expect(moved.supervisorHandle(on: day("2026-06-11")) == "dr.ny2")
        #expect(moved.supervisorHandle(on: day("2026-06-10")) == "dr.berg")
        let ended = try Grants.end(db.as("dr.lead"), grantID: berg.id, on: "2026-06-12")
        #expect(ended.endedOn == day("2026-06-12"))
        #expect(try Verification.run(db.as(nil)).isEmpty)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookServer
import Testing

/// The delegation form on the department's access page, with the date it offers.
@Suite("Web delegation form")
struct WebDelegationTests {
    /// The value the delegation form's date field comes with.
    static func offeredDate(_ page: WebPage) throws -> String {
        String(try #require(page.body.firstMatch(of: /id="delegate-from" name="from" type="date" value="([0-9-]+)"/)).1)
    }

    @Test("withdrawing a delegation with the date the form offers works, also when the clinical supervisor approved today; their approval stands")
    func withdrawWithDefaultDate() async throws {
        let fixture = try ServerFixture()
        // dr.klinisk (delegated) approves dr.berit's I8 today.
        _ = try Approvals.approveCompetencies(try fixture.session("dr.klinisk"), positionID: try fixture.position("dr.berit"), codes: ["I8"],
                                              date: nil, comment: nil)
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR/access", &uao)
            let offered = try Self.offeredDate(page)
            let day = try #require(CalendarDate(iso: offered))
            #expect(day > ServerFixture.today, "a delegation changed today would leave today's approval without the grant it was made on")
            let withdrawn = try await client.post("/departments/OUH-KAR/delegations", [("_csrf", try #require(page.csrf)), ("handle", "dr.klinisk"),
                                                                                       ("approve", "no"), ("from", offered)], &uao)
            #expect(withdrawn.status == .seeOther && withdrawn.location == "/departments/OUH-KAR/access?done=delegated#delegate", "\(withdrawn.body)")
            let grants = try Grants.list(try fixture.session("dr.uao"), departmentCode: "OUH-KAR", handle: nil).filter { $0.handle == "dr.klinisk" }
            #expect(grants.contains { $0.grant.mayApprove && $0.endedOn == ServerFixture.today }, "the delegation stands through today")
            #expect(grants.contains { !$0.grant.mayApprove && $0.grant.validFrom == day && $0.endedOn == nil })
            // Today's approval stands, made on a delegation that stood that day.
            let status = try Overviews.status(try fixture.session("dr.berit"), position: try fixture.position("dr.berit"), trainee: nil, on: nil)
            let i8 = try #require(status.status.competencies.first { $0.competency.code == "I8" })
            guard case .approved(let act) = i8.state else { throw TestFailure("I8 is not approved: \(i8.state)") }
            #expect(act.actor == "dr.klinisk" && act.on == ServerFixture.today)
            // Giving it back from the date offered works too.
            let again = try await client.get("/departments/OUH-KAR/access", &uao)
            let given = try await client.post("/departments/OUH-KAR/delegations", [("_csrf", try #require(again.csrf)), ("handle", "dr.klinisk"),
                                                                                   ("approve", "yes"), ("from", try Self.offeredDate(again))], &uao)
            #expect(given.status == .seeOther, "\(given.body)")
        }
    }
}

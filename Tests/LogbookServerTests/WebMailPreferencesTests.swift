import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookServer
import Testing

/// Issue 27: "Min konto → E-mail", where every mail's footer and List-Unsubscribe lead.
@Suite("Web pages: the mail settings page")
struct WebMailPreferencesTests {
    @Test("Min konto links to the mail settings; the page shows the defaults, saves a choice (PRG) and refuses a bad one")
    func settings() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let account = try await client.get("/account", &berit)
            #expect(account.body.contains("href=\"/account/mail\""))
            let page = try await client.get("/account/mail", &berit)
            #expect(page.status == .ok && page.body.contains("<h1>E-mail</h1>") && page.body.contains("action=\"/account/mail\""))
            #expect(page.body.contains("id=\"requests-now\" name=\"requests\" value=\"now\" checked"), "the default is right away")
            #expect(page.body.contains("Denne server sender ikke e-mail"), "this fixture has no relay")
            let csrf = try #require(page.csrf)
            let saved = try await client.post("/account/mail", [("_csrf", csrf), ("language", "en"), ("requests", "digest"), ("answers", "never"),
                                                                 ("digest", "never")], &berit)
            #expect(saved.status == .seeOther && saved.location == "/account/mail?saved=1", "\(saved.body)")
            let after = try await client.get("/account/mail?saved=1", &berit)
            #expect(after.body.contains("id=\"mail-saved\"") && after.body.contains("id=\"requests-digest\" name=\"requests\" value=\"digest\" checked"))
            #expect(after.body.contains("<option value=\"en\" selected>"))
            let bad = try await client.post("/account/mail", [("_csrf", csrf), ("requests", "hourly")], &berit)
            #expect(bad.status.code == 400 && bad.body.contains("id=\"mail-error\""), "\(bad.status)")
            let unguarded = try await client.post("/account/mail", [("requests", "never")], &berit)
            #expect(unguarded.status == .forbidden, "no form token, no change")
        }
    }
}

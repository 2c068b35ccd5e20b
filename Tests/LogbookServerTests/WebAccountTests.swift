import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookServer
import Testing

/// "Min konto" (two-step log-in on and off, its QR code), the invitation page and the log-in page after it, and
/// inviting someone just created, through the pages as a browser uses them.
@Suite("Web account pages")
struct WebAccountTests {
    /// Turns two-step log-in on through the account page; the authenticator and the page's form token.
    static func enrolOnPage(_ client: some TestClientProtocol, _ browser: inout WebBrowser, fixture: ServerFixture) async throws
        -> (app: Authenticator, csrf: String) {
        let page = try await client.get("/account", &browser)
        let csrf = try #require(page.csrf)
        #expect(!page.body.contains("id=\"totp-off\""), "no form to turn off what is not on")
        let enrolled = try await client.post("/account/totp", [("_csrf", csrf)], &browser)
        #expect(enrolled.status == .ok && enrolled.body.contains("<svg id=\"totp-qr\""), "the QR code is on the enrolment's answer")
        #expect(enrolled.body.contains("<path d=\"M4 4h7v1h-7z"), "the top-left finder pattern starts the drawing")
        let secret = try #require(enrolled.body.firstMatch(of: /<p class="secret"><code>([A-Z2-7 ]+)<\/code>/)).1
        let app = try Authenticator(base32: String(secret.filter { $0 != " " }))
        let confirmed = try await client.post("/account/totp/confirmation", [("_csrf", csrf), ("code", app.code(at: fixture.clock.now))], &browser)
        #expect(confirmed.status == .seeOther && confirmed.location == "/account?done=totpOn", "\(confirmed.body)")
        return (app, csrf)
    }

    @Test("Min konto: two-step log-in is turned off with a current code or the password; a wrong one or none is refused in the form and nothing changes")
    func turnOff() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let (app, csrf) = try await Self.enrolOnPage(client, &berit, fixture: fixture)
            let on = try await client.get("/account", &berit)
            #expect(on.body.contains("Totrinslogin er slået til") && on.body.contains("id=\"totp-off\"")
                    && on.body.contains("action=\"/account/totp/removal\"") && !on.body.contains("<svg"))
            #expect(on.body.contains("<label for=\"totp-off-password\">") && on.body.contains("<label for=\"totp-off-code\">"))

            // Neither password nor code: said in the form; nothing counted.
            let empty = try await client.post("/account/totp/removal", [("_csrf", csrf), ("password", ""), ("code", " ")], &berit)
            #expect(empty.status == .unprocessableContent && empty.body.contains("id=\"totp-off-error\"")
                    && empty.body.contains("Skriv din adgangskode eller koden fra appen"), "\(empty.status)")
            #expect(empty.body.contains("href=\"#totp-off-error\""), "the summary links to the message in the form")
            // A wrong password, a wrong code: refused in the form, counted as failed log-ins, still on.
            let wrongPassword = try await client.post("/account/totp/removal", [("_csrf", csrf), ("password", "not my password")], &berit)
            #expect(wrongPassword.status == .unprocessableContent && wrongPassword.body.contains("id=\"totp-off-error\"")
                    && wrongPassword.body.contains("totrinslogin er stadig slået til"), "\(wrongPassword.status)")
            #expect(!wrongPassword.body.contains("/api/v1"), "no API words on the page")
            let wrongCode = try await client.post("/account/totp/removal", [("_csrf", csrf), ("code", "000000")], &berit)
            #expect(wrongCode.status == .unprocessableContent && wrongCode.body.contains("id=\"totp-off-error\""))
            // No form token: refused before anything runs.
            let forged = try await client.post("/account/totp/removal", [("code", app.code(at: fixture.clock.now + 30))], &berit)
            #expect(forged.status == .forbidden)
            let attempts = try Accounts.attempts(try fixture.session("sek.syd")).filter { $0.handle == "dr.berit" && !$0.ok }
            #expect(attempts.count == 2, "the wrong password and the wrong code count as failed log-ins")
            #expect(try await client.logInAttempt("dr.berit", code: nil).0 == .unauthorized, "still on")

            // A current code turns it off (the confirmation's code is used up: the next step's).
            fixture.clock.advance(30)
            let off = try await client.post("/account/totp/removal", [("_csrf", csrf), ("code", app.code(at: fixture.clock.now))], &berit)
            #expect(off.status == .seeOther && off.location == "/account?done=totpOff#totp", "\(off.body)")
            let after = try await client.get(off.location!, &berit)
            #expect(after.body.contains("Totrinslogin er slået fra.") && after.body.contains("Totrinslogin er ikke slået til.")
                    && after.body.contains("id=\"totp-enrol\"") && !after.body.contains("id=\"totp-off\""))
            #expect(try await client.logInAttempt("dr.berit", code: nil).0 == .ok, "a password alone logs in again")

            // On again, then off with the password.
            fixture.clock.advance(30)
            _ = try await Self.enrolOnPage(client, &berit, fixture: fixture)
            let byPassword = try await client.post("/account/totp/removal", [("_csrf", csrf), ("password", ServerFixture.password)], &berit)
            #expect(byPassword.status == .seeOther && byPassword.location == "/account?done=totpOff#totp", "\(byPassword.body)")
            // Nothing left to turn off: said in words.
            let again = try await client.post("/account/totp/removal", [("_csrf", csrf), ("password", ServerFixture.password)], &berit)
            #expect(again.status == .notFound && again.body.contains("Totrinslogin er ikke slået til, så der er intet at slå fra"), "\(again.status)")
        }
    }

    @Test("the invitation page shows the user name to log in with; after choosing a password the log-in page has it filled in; a used link says so without a form")
    func invitationShowsHandle() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let token = try fixture.invite("dr.berit", by: "dr.uao")
            var berit = WebBrowser()
            let form = try await client.get("/invitation/\(token)", &berit)
            #expect(form.status == .ok && form.body.contains("<label for=\"invitation-handle\">Dit brugernavn</label>"))
            #expect(form.body.contains("id=\"invitation-handle\" name=\"handle\" type=\"text\" autocomplete=\"username\" readonly value=\"dr.berit\""))
            #expect(form.body.contains("id=\"invitation-form\""))
            let english = try await client.get("/invitation/\(token)?lang=en", &berit)
            #expect(english.body.contains("Your user name") && english.body.contains("value=\"dr.berit\""))
            // A mismatch keeps the user name on the page.
            let mismatch = try await client.post("/invitation/\(token)", [("_csrf", try #require(form.csrf)), ("password", ServerFixture.password),
                                                                          ("repeat", "something else entirely")], &berit)
            #expect(mismatch.status == .unprocessableContent && mismatch.body.contains("value=\"dr.berit\"")
                    && mismatch.body.contains("id=\"invitation-error\""))
            let accepted = try await client.post("/invitation/\(token)", [("_csrf", try #require(form.csrf)), ("password", ServerFixture.password),
                                                                          ("repeat", ServerFixture.password)], &berit)
            #expect(accepted.status == .seeOther && accepted.location == "/login?done=password&handle=dr.berit")
            let login = try await client.get(accepted.location!, &berit)
            #expect(login.body.contains("Din adgangskode er gemt") && login.body.contains("name=\"handle\" type=\"text\"")
                    && login.body.contains("required value=\"dr.berit\""))
            #expect(login.body.contains("autocomplete=\"current-password\" required autofocus"), "the password field has the focus")
            let plain = try await client.get("/login", &berit)
            #expect(plain.body.contains("required value=\"\"") && !plain.body.contains("autofocus"))
            // What comes in the address is only text in a field.
            let odd = try await client.get("/login?handle=%22%3E%3Cscript%3Ex%3C%2Fscript%3E", &berit)
            #expect(odd.body.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"") && !odd.body.contains("<script>x"))
            // The link is used up: the page says so, with no form.
            let used = try await client.get("/invitation/\(token)", &berit)
            #expect(used.status == .notFound && used.body.contains("Invitationen findes ikke, er brugt eller er udløbet")
                    && !used.body.contains("id=\"invitation-form\"") && !used.body.contains("dr.berit"))
            let unknown = try await client.get("/invitation/not-a-token", &berit)
            #expect(unknown.status == .notFound && !unknown.body.contains("id=\"invitation-form\""))
        }
    }

    @Test("the secretariat invites the doctor it has just created on the region page, as the confirmation tells it to; a hovedvejleder may not")
    func inviteNewcomer() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let created = try await client.post("/region/people", [("_csrf", csrf), ("handle", "dr.ny"), ("name", "Nanna Ny"),
                                                                   ("authorisation_id", ""), ("email", "")], &sek)
            #expect(created.status == .seeOther, "\(created.body)")
            let told = try await client.get(created.location!, &sek)
            #expect(told.body.contains("Send vedkommende en invitation"))
            // A hovedvejleder may register no one and so invites no newcomer.
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let hovedCSRF = try #require(try await client.get("/departments/OUH-KAR", &hoved).csrf)
            let byHoved = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", hovedCSRF), ("handle", "dr.ny")], &hoved)
            #expect(byHoved.refused && !byHoved.body.contains("/invitation/"), "\(byHoved.status)")

            let invited = try await client.post("/region/invitations", [("_csrf", csrf), ("handle", "dr.ny")], &sek)
            #expect(invited.status == .created && invited.body.contains("Invitation til Nanna Ny (dr.ny)"), "\(invited.status) \(invited.body)")
            let link = try #require(invited.body.firstMatch(of: /id="invitation-link" type="text" readonly value="[^"]*\/invitation\/([^"]+)"/)).1
            var ny = WebBrowser()
            let form = try await client.get("/invitation/\(link)", &ny)
            #expect(form.status == .ok && form.body.contains("readonly value=\"dr.ny\""))
            let accepted = try await client.post("/invitation/\(link)", [("_csrf", try #require(form.csrf)), ("password", ServerFixture.password),
                                                                         ("repeat", ServerFixture.password)], &ny)
            #expect(accepted.location == "/login?done=password&handle=dr.ny")
            _ = try await client.logInOnly("dr.ny")

            // The department's UAO may register people too, and so invite a newcomer from the access page.
            _ = try People.add(try fixture.session("sek.syd"), handle: "dr.nyere", name: "Niels Nyere", authorisationID: nil)
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let uaoCSRF = try #require(try await client.get("/departments/OUH-KAR/access", &uao).csrf)
            let byUAO = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", uaoCSRF), ("handle", "dr.nyere")], &uao)
            #expect(byUAO.status == .created && byUAO.body.contains("id=\"invitation-link\""), "\(byUAO.status)")
        }
    }
}

import Foundation
import Crypto
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

private typealias Browser = WebBrowser

@Suite("Web pages: log-in, trainee, supervisor, CSRF, escaping, language")
struct WebPageTests {
    @Test("the log-in page is Danish, carries a form token and sets the form cookie; logging in leads a trainee to their position")
    func logIn() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var anonymous = Browser()
            let page = try await client.get("/login", &anonymous)
            #expect(page.status == .ok)
            #expect(page.type == "text/html; charset=utf-8")
            #expect(page.body.contains("<html lang=\"da\">") && page.body.contains("Log ind") && page.body.contains("Adgangskode"))
            #expect(page.body.contains("<label for=\"password\">"))
            #expect(page.csrf != nil && anonymous.cookies["logbook_form"] != nil)
            #expect(!page.body.contains("<script") && !page.body.contains("style="))
            // A page behind the log-in sends a stranger to it.
            #expect(try await client.get("/trainees", &anonymous).location == "/login")

            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let home = try await client.get("/", &berit)
            let id = try fixture.position("dr.berit")
            #expect(home.status == .seeOther && home.location == "/positions/\(id)")
            let mine = try await client.get("/positions/\(id)", &berit)
            #expect(mine.status == .ok)
            #expect(mine.body.contains("<h1>Min introduktionsstilling</h1>"))
            #expect(!mine.body.contains("role=\"alert\"") && !mine.body.contains(">nil<"), "no refusal shown on a fresh page")
            #expect(mine.body.contains("Næste skridt") && mine.body.contains("Historik") && mine.body.contains("Samtaler og plan"))
            // The sections, one tap away: the forms are on "Kompetencer", the bundle on "Dokumenter".
            let competencies = try await client.get("/positions/\(id)/competencies", &berit)
            #expect(competencies.body.contains("Registrér en kompetencevurdering") && competencies.body.contains("Anmod om godkendelse"))
            #expect(competencies.body.contains("aria-current=\"page\">Kompetencer</a>"))
            #expect(try await client.get("/positions/\(id)/documents", &berit).body.contains("/api/v1/positions/\(id)/bundle"))
            #expect(try await client.get("/positions/\(id)/nothing", &berit).status == .notFound)
            // The log-in page sends someone logged in to their page.
            #expect(try await client.get("/login", &berit).location == "/")
            // Sign out: the cookie goes, the session ends.
            let out = try await client.post("/logout", [("_csrf", try #require(mine.csrf))], &berit)
            #expect(out.status == .seeOther && out.location == "/login?done=loggedOut")
            #expect(berit.cookies["logbook_session"] == nil)
            #expect(try await client.get("/login", &berit).status == .ok)
        }
    }

    @Test("a wrong password is refused with one message, the handle kept, no session; without the form token nothing is tried")
    func wrongPassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.webLogIn("dr.berit", fixture: fixture)
            var browser = Browser()
            let page = try await client.get("/login", &browser)
            let wrong = try await client.post("/login", [("_csrf", try #require(page.csrf)), ("handle", "dr.berit"), ("password", "wrong password!!")],
                                              &browser)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Forkert brugernavn eller adgangskode") && wrong.body.contains("value=\"dr.berit\""))
            #expect(browser.cookies["logbook_session"] == nil)
            let before = try fixture.snapshot()
            let forged = try await client.post("/login", [("_csrf", String(repeating: "0", count: 64)), ("handle", "dr.berit"),
                                                          ("password", ServerFixture.password)], &browser)
            #expect(forged.status == .forbidden && browser.cookies["logbook_session"] == nil)
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("with TOTP on, the log-in page needs the authenticator's code: without it the log-in fails like a wrong password")
    func totp() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let api = try await client.logIn("dr.berit", fixture: fixture)
            let authenticator = try await client.enrolTOTP(api, clock: fixture.clock)
            fixture.clock.advance(30)
            var browser = Browser()
            let page = try await client.get("/login", &browser)
            #expect(page.body.contains("Kode fra godkendelsesappen") && page.body.contains("autocomplete=\"one-time-code\""))
            let csrf = try #require(page.csrf)
            let without = try await client.post("/login", [("_csrf", csrf), ("handle", "dr.berit"), ("password", ServerFixture.password),
                                                           ("code", "")], &browser)
            #expect(without.status == .unauthorized && without.body.contains("Forkert brugernavn eller adgangskode"))
            #expect(browser.cookies["logbook_session"] == nil)
            let with = try await client.post("/login", [("_csrf", csrf), ("handle", "dr.berit"), ("password", ServerFixture.password),
                                                        ("code", authenticator.code(at: fixture.clock.now))], &browser)
            #expect(with.status == .seeOther && with.location == "/" && browser.cookies["logbook_session"] != nil)
        }
    }

    @Test("each page renders for its role in Danish by default and in English by the switch")
    func languages() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let english = try await client.get("/positions/\(id)?lang=en", &berit)
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("<h1>My intro position</h1>"))
            #expect(english.body.contains("Next steps") && english.body.contains(">Competencies</a>"))
            #expect(try await client.get("/positions/\(id)/competencies?lang=en", &berit).body.contains("Record an assessment"))
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let home = try await client.get("/", &hoved)
            #expect(home.location == "/trainees")
            let danish = try await client.get("/trainees", &hoved)
            #expect(danish.status == .ok && danish.body.contains("<h1>Mine uddannelseslæger</h1>") && danish.body.contains("Indbakke"))
            #expect(danish.body.contains("href=\"/positions/\(id)\""))
            #expect(!danish.body.contains("role=\"alert\"") && !danish.body.contains(">nil<"))
            // The switch: a cookie for the next pages, back to the same page.
            let switched = try await client.get("/language?to=en&back=%2Ftrainees", &hoved)
            #expect(switched.status == .seeOther && switched.location == "/trainees" && hoved.cookies["logbook_lang"] == "en")
            let later = try await client.get("/trainees", &hoved)
            #expect(later.body.contains("<h1>My trainees</h1>") && later.body.contains("Inbox"))
            // The supervisor sees the trainee's status, without the trainee's own forms.
            let status = try await client.get("/positions/\(id)/competencies", &hoved)
            #expect(status.status == .ok && status.body.contains("Intro position: Berit Lund") && !status.body.contains("Record an assessment"))
            // Another site as the way back is refused: home instead.
            #expect(try await client.get("/language?to=da&back=%2F%2Fevil.example", &hoved).location == "/")
        }
    }

    @Test("a name with <script>, quotes, a semicolon, and texts with line breaks show as text")
    func escaping() async throws {
        let name = "<script>alert(1)</script> \"x\"; y"
        let fixture = try ServerFixture(extraTrainee: ("dr.xss", name))
        try await fixture.app().test(.router) { client in
            var trainee = try await client.webLogIn("dr.xss", fixture: fixture)
            let id = try fixture.position("dr.xss")
            let mine = try await client.get("/positions/\(id)/competencies", &trainee)
            let code = try #require(mine.body.firstMatch(of: /name="competency" value="([^"]+)"/)).1
            let asked = try await client.post("/positions/\(id)/requests", [
                ("_csrf", try #require(mine.csrf)), ("competency", String(code)), ("message", "<b>se</b> \"her\";\nanden linje"),
            ], &trainee)
            #expect(asked.status == .seeOther, "\(asked.body)")
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            for uri in ["/trainees", "/positions/\(id)"] {
                let page = try await client.get(uri, &hoved)
                #expect(page.status == .ok)
                #expect(!page.body.contains("<script>alert(1)</script>") && !page.body.contains("<b>se</b>"), "\(uri)")
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;; y"), "\(uri)")
            }
            let inbox = try await client.get("/trainees", &hoved)
            #expect(inbox.body.contains("&lt;b&gt;se&lt;/b&gt; &quot;her&quot;;"))
            // A comment with a line break and markup, approved from the inbox, comes back as text in the history.
            let request = try #require(inbox.body.firstMatch(of: /action="\/requests\/([0-9]+)\/approve"/)).1
            let approved = try await client.post("/requests/\(request)/approve", [
                ("_csrf", try #require(inbox.csrf)), ("comment", "<i>fint</i>\nlinje 2"),
            ], &hoved)
            #expect(approved.status == .seeOther, "\(approved.body)")
            let history = try await client.get("/positions/\(id)/history", &trainee)
            #expect(history.body.contains("&lt;i&gt;fint&lt;/i&gt;\nlinje 2") && !history.body.contains("<i>fint"))
        }
    }

    @Test("a POST without the form token, or with another session's, is refused and changes nothing")
    func csrf() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            var carl = try await client.webLogIn("dr.carl", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)/competencies", &berit)
            let code = try #require(page.body.firstMatch(of: /name="competency" value="([^"]+)"/)).1
            let carlHome = try await client.get("/", &carl)
            let carlsPath = try #require(carlHome.location)
            let carlsToken = try #require(try await client.get(carlsPath, &carl).csrf)
            let fields: [(String, String)] = [("code", String(code)), ("method", "Mini-CEX"), ("other_method", "on"), ("date", "2027-03-01")]
            let before = try fixture.snapshot()
            for token in [nil, "", String(repeating: "a", count: 64), carlsToken] {
                let answer = try await client.post("/positions/\(id)/assessments", (token.map { [("_csrf", $0)] } ?? []) + fields, &berit)
                #expect(answer.status == .forbidden, "token \(token ?? "none")")
                #expect(answer.body.contains("Formularen var udløbet"))
            }
            var stranger = Browser()
            let noCookie = try await client.post("/positions/\(id)/assessments", [("_csrf", try #require(page.csrf))] + fields, &stranger)
            #expect(noCookie.status == .forbidden)
            #expect(try fixture.snapshot() == before)
            // With the token it is recorded.
            let recorded = try await client.post("/positions/\(id)/assessments", [("_csrf", try #require(page.csrf))] + fields, &berit)
            #expect(recorded.status == .seeOther && recorded.location == "/positions/\(id)/competencies?done=assessment",
                    "\(recorded.status): \(recorded.body.firstMatch(of: /id="record-error"><p class="text">([^<]*)</)?.1 ?? "")")
            guard recorded.status == .seeOther else { return }
            #expect(try fixture.snapshot() != before)
            let after = try await client.get(recorded.location!, &berit)
            #expect(after.body.contains("Kompetencevurderingen er gemt."))
        }
    }

    @Test("a trainee cannot see another trainee's position: 404 exactly as for one that does not exist")
    func scope() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let carl = try fixture.position("dr.carl")
            let other = try await client.get("/positions/\(carl)", &berit)
            let missing = try await client.get("/positions/987654", &berit)
            #expect(other.status == .notFound && missing.status == .notFound)
            // The same page but for the way back of the language link, which names the path asked for.
            #expect(other.body.replacingOccurrences(of: "%2Fpositions%2F\(carl)", with: "%2Fpositions%2F987654")
                .replacingOccurrences(of: "/positions/\(carl)", with: "/positions/987654") == missing.body)
            #expect(other.body.contains("Siden findes ikke, eller du har ikke adgang til den."))
            #expect(!other.body.contains("Carl"))
            // Nor may she post to it: the same answer.
            let page = try await client.get("/positions/\(try fixture.position("dr.berit"))", &berit)
            let before = try fixture.snapshot()
            let posted = try await client.post("/positions/\(try fixture.position("dr.carl"))/assessments", [
                ("_csrf", try #require(page.csrf)), ("code", "I1"), ("method", "Mini-CEX"), ("date", "2027-03-01"),
            ], &berit)
            #expect(posted.status == .notFound && posted.body.contains("Siden findes ikke, eller du har ikke adgang til den."))
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("a refused form comes back with the refusal, the values typed and the API's status")
    func refusalKeepsValues() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)/competencies", &berit)
            let code = try #require(page.body.firstMatch(of: /name="competency" value="([^"]+)"/)).1
            let before = try fixture.snapshot()
            let refused = try await client.post("/positions/\(id)/assessments", [
                ("_csrf", try #require(page.csrf)), ("code", String(code)), ("method", "Mini-CEX"), ("date", "2027-02-30"),
                ("note", "husk denne note"),
            ], &berit)
            #expect(refused.status.code >= 400 && refused.status.code < 500 && refused.status != .forbidden, "\(refused.status)")
            // The date is the wrong field: its message by it, it focused, the summary linking to it; no CLI words.
            #expect(refused.body.contains("<span class=\"field-error\" id=\"record-date-error\" role=\"alert\">"), "\(refused.body)")
            #expect(refused.body.contains("aria-invalid=\"true\" aria-describedby=\"record-date-error\" autofocus"))
            #expect(refused.body.contains("href=\"#record-date\"") && !refused.body.contains("--date"))
            #expect(refused.body.contains(">husk denne note</textarea>") && refused.body.contains("value=\"2027-02-30\""))
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("the trainee records a meeting with its uddannelsesplan and absence; the page explains the end date; a refusal keeps the values")
    func meetingsAndAbsence() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)", &berit)
            let csrf = try #require(page.csrf)
            let meeting = try await client.post("/positions/\(id)/meetings", [
                ("_csrf", csrf), ("kind", "adjustment"), ("date", "2027-03-01"), ("plan", "Mål: I4 og I5\nEkko-kursus i april"),
            ], &berit)
            #expect(meeting.status == .seeOther && meeting.location == "/positions/\(id)/meetings?done=meeting", "\(meeting.body)")
            let absence = try await client.post("/positions/\(id)/absences", [
                ("_csrf", csrf), ("kind", "sickness"), ("from", "2027-02-01"), ("to", "2027-02-05"), ("note", ""),
            ], &berit)
            #expect(absence.status == .seeOther && absence.location == "/positions/\(id)/absence?done=absence", "\(absence.body)")
            let after = try await client.get(absence.location!, &berit)
            let meetings = try await client.get(meeting.location!, &berit)
            #expect(meetings.body.contains("Mål: I4 og I5\nEkko-kursus i april"), "\(meetings.body.components(separatedBy: "<main")[1].prefix(3000))")
            #expect(after.body.contains("01.02.2027–05.02.2027: 5 dage sygdom (tæller)"))
            #expect(after.body.contains("Fraværet er registreret"))
            // Sickness that has not happened yet is refused; the form keeps what was typed.
            let before = try fixture.snapshot()
            let future = try await client.post("/positions/\(id)/absences", [
                ("_csrf", csrf), ("kind", "sickness"), ("from", "2027-03-01"), ("to", "2027-03-20"), ("note", "forkølelse"),
            ], &berit)
            #expect(future.status.code >= 400 && future.status.code < 500 && future.body.contains("id=\"absence-to-error\""), "\(future.status)")
            #expect(future.body.contains(">forkølelse</textarea>") && future.body.contains("value=\"2027-03-20\""))
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("the supervisor approves a request from the inbox in one click; declining needs a reason")
    func approveFromInbox() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)/competencies", &berit)
            let codes = page.body.matches(of: /name="competency" value="([^"]+)"/).map { String($0.1) }
            #expect(codes.count >= 2)
            for code in codes.prefix(2) {
                let asked = try await client.post("/positions/\(id)/requests", [("_csrf", try #require(page.csrf)), ("competency", code)], &berit)
                #expect(asked.status == .seeOther && asked.location == "/positions/\(id)/competencies?done=request", "\(asked.body)")
            }
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let inbox = try await client.get("/trainees", &hoved)
            let requests = inbox.body.matches(of: /action="\/requests\/([0-9]+)\/approve"/).map { String($0.1) }
            #expect(requests.count >= 2)
            let first = try #require(requests.first { inbox.body.contains("Anmodning \($0) fra Berit Lund: \(codes[0])") })
            let second = try #require(requests.first { inbox.body.contains("Anmodning \($0) fra Berit Lund: \(codes[1])") })
            // One click: the approve button with an empty comment.
            let approved = try await client.post("/requests/\(first)/approve", [("_csrf", try #require(inbox.csrf)), ("comment", "")], &hoved)
            #expect(approved.status == .seeOther && approved.location == "/trainees?done=approved")
            let (_, status) = try Overviews.status(try fixture.session("dr.hoved"), position: id, trainee: nil, on: nil)
            let line = try #require(status.competencies.first { $0.competency.code == codes[0] })
            #expect(line.isApproved)
            // Declining without a reason is refused on the inbox page, with the API's status; with one it is done.
            let noReason = try await client.post("/requests/\(second)/decline", [("_csrf", try #require(inbox.csrf)), ("reason", " ")], &hoved)
            #expect(noReason.status.code >= 400 && noReason.status.code < 500 && noReason.body.contains("role=\"alert\""))
            let declined = try await client.post("/requests/\(second)/decline", [("_csrf", try #require(inbox.csrf)),
                                                                                   ("reason", "Optag en DOPS først")], &hoved)
            #expect(declined.status == .seeOther && declined.location == "/trainees?done=declined")
            // The overview says first what was declined and why.
            let mine = try await client.get("/positions/\(id)", &berit)
            #expect(mine.body.contains("id=\"declined\"") && mine.body.contains("Optag en DOPS først"))
            // The trainee takes a third request back from her page.
            let third = try #require(codes.dropFirst(2).first)
            let asked = try await client.post("/positions/\(id)/requests", [("_csrf", try #require(page.csrf)), ("competency", third)], &berit)
            #expect(asked.status == .seeOther)
            let withPending = try await client.get("/positions/\(id)/competencies", &berit)
            let pending = try #require(withPending.body.firstMatch(of: /action="\/requests\/([0-9]+)\/withdraw"/)).1
            let withdrawn = try await client.post("/requests/\(pending)/withdraw", [("_csrf", try #require(page.csrf))], &berit)
            #expect(withdrawn.status == .seeOther && withdrawn.location == "/positions/\(id)/competencies?done=withdrawn")
            #expect(try await client.get("/positions/\(id)/competencies", &berit).body.contains("trukket tilbage"))
            // The same request cannot be answered twice: the inbox shows why.
            let again = try await client.post("/requests/\(first)/approve", [("_csrf", try #require(inbox.csrf))], &hoved)
            #expect(again.status.code >= 400 && again.status.code < 500)
        }
    }

    @Test("on a trainee's page the supervisor approves several competencies at once with a comment; a trainee sees no such form")
    func approveOnPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)/competencies", &hoved)
            let codes = page.body.matches(of: /id="appr-[^"]+" name="competency" value="([^"]+)"/).map { String($0.1) }
            #expect(codes.count >= 2)
            let approved = try await client.post("/positions/\(id)/approvals", [
                ("_csrf", try #require(page.csrf)), ("competency", codes[0]), ("competency", codes[1]), ("comment", "Set ved stuegang"),
            ], &hoved)
            #expect(approved.status == .seeOther && approved.location == "/positions/\(id)/competencies?done=approved", "\(approved.body)")
            let (_, status) = try Overviews.status(try fixture.session("dr.hoved"), position: id, trainee: nil, on: nil)
            let chosen = status.competencies.filter { codes.prefix(2).contains($0.competency.code) }
            #expect(chosen.count == 2 && chosen.allSatisfy { $0.isApproved })
            // Nothing chosen: refused on the page, nothing changes.
            let before = try fixture.snapshot()
            let none = try await client.post("/positions/\(id)/approvals", [("_csrf", try #require(page.csrf)), ("comment", "tom")], &hoved)
            #expect(none.status.code >= 400 && none.status.code < 500 && none.body.contains("id=\"approve-error\""), "\(none.status)")
            #expect(try fixture.snapshot() == before)
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let own = try await client.get("/positions/\(id)/competencies", &berit)
            #expect(!own.body.contains("/approvals\""))
            // The secretariat reads the page but may not approve: no approve form (PageActions.mayApprove).
            let read = try await client.get("/positions/\(id)/competencies", &sek)
            #expect(read.status == .ok && !read.body.contains("/approvals\""))
        }
    }

    @Test("Afdelingen: the UAO sees the department's positions and gives a forhåndsudtalelse in one click; a trainee gets 404")
    func department() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let start = try await client.get("/trainees", &uao)
            #expect(start.body.contains("href=\"/departments/OUH-KAR\""))
            let page = try await client.get("/departments/OUH-KAR", &uao)
            #expect(page.status == .ok && page.body.contains("<h1>Afdelingen: Kardiologisk Afdeling B, Odense Universitetshospital (OUH-KAR)</h1>"))
            #expect(page.body.contains("href=\"/positions/\(id)\"") && page.body.contains("action=\"/positions/\(id)/statement\""))
            // Irreversible: the first post is the confirmation page, nothing written; confirming gives it.
            let before = try fixture.snapshot()
            let asked = try await client.post("/positions/\(id)/statement", [("_csrf", try #require(page.csrf)), ("department", "OUH-KAR")], &uao)
            #expect(asked.status == .ok && asked.body.contains("id=\"confirm-form\"") && asked.body.contains("name=\"confirm\" value=\"yes\""))
            #expect(asked.body.contains("Slutsamtalen er ikke registreret som afholdt."), "the programme's expectation is warned of")
            #expect(try fixture.snapshot() == before)
            let given = try await client.post("/positions/\(id)/statement", [("_csrf", try #require(page.csrf)), ("department", "OUH-KAR"),
                                                                           ("confirm", "yes")], &uao)
            #expect(given.status == .seeOther && given.location == "/departments/OUH-KAR?done=statement", "\(given.body)")
            let (_, status) = try Overviews.status(try fixture.session("dr.uao"), position: id, trainee: nil, on: nil)
            #expect(status.statement != nil)
            // Time cannot be attested before the last month: the page says why, with the API's status.
            let early = try await client.post("/positions/\(id)/attestations/time", [("_csrf", try #require(page.csrf)), ("department", "OUH-KAR")],
                                              &uao)
            #expect(early.status.code >= 400 && early.status.code < 500 && early.body.contains("role=\"alert\""), "\(early.status)")
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let hidden = try await client.get("/departments/OUH-KAR", &berit)
            let missing = try await client.get("/departments/NOPE", &berit)
            #expect(hidden.status == .notFound && missing.status == .notFound)
            #expect(hidden.body.contains("Siden findes ikke") && !hidden.body.contains("<h1>Afdelingen") && !hidden.body.contains("/positions/"))
        }
    }

    @Test("the stylesheet is served from the site; templates use only catalog keys that exist, no inline script or style")
    func assets() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var browser = Browser()
            let css = try await client.get("/static/app.css", &browser)
            #expect(css.status == .ok && css.type == "text/css; charset=utf-8" && css.body.contains("@media print"))
        }
        let folder = String(#filePath).components(separatedBy: "/Tests/").first! + "/Sources/LogbookServer/Web/Templates"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 6)
        for file in files {
            let template = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            #expect(!template.contains("{{{") && !template.contains("{{&"), "\(file) renders something unescaped")
            #expect(!template.contains("<script") && !template.contains("style=") && !template.contains("<style"), "\(file)")
            for match in template.matches(of: /\{\{t\.([A-Za-z0-9.]+)\}\}/) {
                for language in Language.allCases {
                    #expect(Texts(language).template(String(match.1)) != nil, "\(file): \(match.1) is not in the \(language) catalog")
                }
            }
            #expect(template.components(separatedBy: "<form method=\"post\"").count == template.components(separatedBy: "name=\"_csrf\"").count,
                    "\(file): every POST form carries the token")
        }
    }
}

extension WebPageTests {
    @Test("the printable logbook is a page of its position: its inline style allowed by its hash only; out of sight is 404")
    func printPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let status = try await client.get("/positions/\(id)/documents", &berit)
            #expect(status.body.contains("href=\"/positions/\(id)/print\""))
            let response = try await client.execute(uri: "/positions/\(id)/print", method: .get, headers: berit.headers) { $0 }
            let page = text(response)
            #expect(response.status == .ok && page.contains("<html lang=\"da\">") && page.contains("Berit Lund"))
            // The policy names the SHA-256 of exactly the page's style element and allows nothing else inline.
            let style = try #require(page.firstMatch(of: /<style>([\s\S]*?)<\/style>/)).1
            let hash = Data(SHA256.hash(data: Array(style.utf8))).base64EncodedString()
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(policy.hasSuffix("style-src 'self' 'sha256-\(hash)'") && policy.contains("script-src 'self'"), "\(policy)")
            #expect(!page.contains("<script"))
            // Another trainee: the same 404 page as a position that does not exist.
            var other = try await client.webLogIn("dr.niels", fixture: fixture)
            let hidden = try await client.get("/positions/\(id)/print", &other)
            let missing = try await client.get("/positions/999999/print", &other)
            #expect(hidden.status == .notFound && missing.status == .notFound)
            #expect(hidden.body.replacingOccurrences(of: "/positions/\(id)/", with: "/positions/N/")
                == missing.body.replacingOccurrences(of: "/positions/999999/", with: "/positions/N/"))
        }
    }

    @Test("a page path nobody routes is the web's 404 page in the reader's language; the API's stays problem JSON")
    func unknownPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var anonymous = Browser()
            let page = try await client.get("/no/such/page", &anonymous)
            #expect(page.status == .notFound && page.type == "text/html; charset=utf-8" && page.body.contains("Siden findes ikke"))
            let english = try await client.get("/no/such/page?lang=en", &anonymous)
            #expect(english.status == .notFound && english.body.contains("<html lang=\"en\">"))
            let api = try await client.get("/api/v1/no-such-thing", &anonymous)
            #expect(api.status == .notFound && api.type?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test("the trainee withdraws an absence period with a reason; without one it is refused and nothing changes")
    func withdrawAbsence() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let id = try fixture.position("dr.berit")
            let page = try await client.get("/positions/\(id)", &berit)
            let csrf = try #require(page.csrf)
            let added = try await client.post("/positions/\(id)/absences", [
                ("_csrf", csrf), ("kind", "sickness"), ("from", "2027-02-01"), ("to", "2027-02-05"), ("note", ""),
            ], &berit)
            #expect(added.status == .seeOther)
            let listed = try await client.get("/positions/\(id)/absence", &berit)
            let action = try #require(listed.body.firstMatch(of: /action="(\/absences\/[0-9]+\/withdraw)"/)).1
            let before = try fixture.snapshot()
            let bare = try await client.post(String(action), [("_csrf", csrf), ("position", String(id)), ("reason", "  ")], &berit)
            #expect(bare.status.code >= 400 && bare.status.code < 500 && bare.body.contains("role=\"alert\"") && bare.body.contains("<details class=\"withdraw\" open>"))
            #expect(try fixture.snapshot() == before)
            // Someone else's session cannot withdraw it (its form token is not theirs; with their own token the period is out of sight).
            var niels = try await client.webLogIn("dr.niels", fixture: fixture)
            let theirs = try await client.get("/positions/\(try fixture.position("dr.niels"))", &niels)
            let foreign = try await client.post(String(action), [("_csrf", try #require(theirs.csrf)), ("position", String(id)), ("reason", "x")], &niels)
            #expect(foreign.status == .notFound)
            #expect(try fixture.snapshot() == before)
            let withdrawn = try await client.post(String(action), [("_csrf", csrf), ("position", String(id)), ("reason", "registreret ved en fejl")], &berit)
            #expect(withdrawn.status == .seeOther && withdrawn.location == "/positions/\(id)/absence?done=absenceWithdrawn", "\(withdrawn.body)")
            let after = try await client.get(withdrawn.location!, &berit)
            #expect(after.body.contains("Fraværsperioden er trukket tilbage") && !after.body.contains("01.02.2027–05.02.2027"))
        }
    }

    @Test("Min konto: a wrong current password is refused and counted; a new one works; a mismatch is refused")
    func changePassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var berit = try await client.webLogIn("dr.berit", fixture: fixture)
            let page = try await client.get("/account", &berit)
            #expect(page.status == .ok && page.body.contains("<h1>Min konto</h1>") && page.body.contains("action=\"/account/password\""))
            let csrf = try #require(page.csrf)
            let wrong = try await client.post("/account/password", [("_csrf", csrf), ("current", "not the password"),
                                                                    ("new", "a new long password"), ("repeat", "a new long password")], &berit)
            #expect(wrong.status.code >= 400 && wrong.body.contains("id=\"password-error\""), "\(wrong.status)")
            let mismatch = try await client.post("/account/password", [("_csrf", csrf), ("current", ServerFixture.password),
                                                                       ("new", "a new long password"), ("repeat", "another long password")], &berit)
            #expect(mismatch.status.code >= 400 && mismatch.body.contains("id=\"password-error\""))
            let changed = try await client.post("/account/password", [("_csrf", csrf), ("current", ServerFixture.password),
                                                                      ("new", "a new long password"), ("repeat", "a new long password")], &berit)
            #expect(changed.status == .seeOther && changed.location == "/account?done=passwordChanged", "\(changed.body)")
            _ = try await client.logInOnly("dr.berit", password: "a new long password")
        }
    }

    @Test("a UAO whose role requires two-step log-in is sent to Min konto, enrols there and can then use the pages")
    func enrolOnPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp(require: [.uao]).test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let away = try await client.get("/trainees", &uao)
            #expect(away.status == .seeOther && away.location == "/account")
            let page = try await client.get("/account", &uao)
            #expect(page.body.contains("kræver totrinslogin") && page.body.contains("action=\"/account/totp\""))
            let csrf = try #require(page.csrf)
            // A form anywhere else is refused while only enrolment is allowed.
            let other = try await client.post("/positions/\(try fixture.position("dr.berit"))/statement", [("_csrf", csrf), ("department", "OUH-KAR")], &uao)
            #expect(other.status == .forbidden)
            let enrolled = try await client.post("/account/totp", [("_csrf", csrf)], &uao)
            let secret = try #require(enrolled.body.firstMatch(of: /<p class="secret"><code>([A-Z2-7 ]+)<\/code>/)).1
            let app = try Authenticator(base32: String(secret.filter { $0 != " " }))
            let wrong = try await client.post("/account/totp/confirmation", [("_csrf", csrf), ("code", "000000")], &uao)
            #expect(wrong.status.code >= 400 && wrong.body.contains("id=\"totp-error\""))
            let confirmed = try await client.post("/account/totp/confirmation", [("_csrf", csrf), ("code", app.code(at: fixture.clock.now))], &uao)
            #expect(confirmed.status == .seeOther && confirmed.location == "/account?done=totpOn", "\(confirmed.body)")
            let now = try await client.get("/trainees", &uao)
            #expect(now.status == .ok)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// A name with markup, quotes and a semicolon.
private let hostileName = "<script>alert(1)</script> \"q\"; x"
private let hostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;; x"

@Suite("Web pages: Afdelingen — the UAO's report, acts, positions, grants, invitations and keys")
struct WebDepartmentTests {
    @Test("the UAO's start page is Afdelingen: every ongoing position with hovedvejleder, progress, overdue items by name, the at-risk flag in words and what is missing; all by the filter; Danish and English")
    func report() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let home = try await client.get("/", &uao)
            #expect(home.status == .seeOther && home.location == "/departments/OUH-KAR")
            let page = try await client.get("/departments/OUH-KAR", &uao)
            #expect(page.status == .ok)
            #expect(!page.body.contains("role=\"alert\"") && !page.body.contains(">nil<"))
            let berit = try fixture.position("dr.berit")
            #expect(page.body.contains("id=\"position-\(berit)\"") && page.body.contains("href=\"/positions/\(berit)\""))
            #expect(page.body.contains("Hovedvejleder: Peter Juhl"))
            // Overdue items by name, each with the day it became overdue.
            #expect(page.body.contains("<ul class=\"overdue overdue-items\">") && page.body.contains("(siden "))
            // The report's own at-risk rule, flagged in words.
            let report = try Overviews.report(try fixture.session("dr.uao"), department: "OUH-KAR", on: nil, selection: .ongoing)
            #expect(report.atRisk > 0)
            for row in report.rows {
                #expect(page.body.contains("class=\"card report-row\(row.atRisk ? " at-risk" : "")\" id=\"position-\(row.positionID)\""))
            }
            #expect(page.body.contains("<strong class=\"risk-flag\">I risiko</strong>"))
            // What is missing instead of the element button.
            let card = try #require(page.body.components(separatedBy: "id=\"position-\(berit)\"").dropFirst().first?.components(separatedBy: "<li class=\"card report-row").first)
            #expect(card.contains("Mangler, før uddannelseselementet kan attesteres:") && card.contains("kompetencer ikke godkendt: "))
            #expect(card.contains("tid ikke attesteret"))
            #expect(!card.contains("/attestations/element") && card.contains("/attestations/time") && card.contains("/statement"))
            // Ongoing by default; all by the filter.
            #expect(!page.body.contains(">Freja Ravn</a>"), "not in the report (the start form may offer her by name)")
            let all = try await client.get("/departments/OUH-KAR?show=all", &uao)
            #expect(all.body.contains(">Freja Ravn</a>") && all.body.contains("aria-current=\"page\">Alle</a>"))
            let english = try await client.get("/departments/OUH-KAR?lang=en", &uao)
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("Status report"))
            #expect(english.body.contains("Main supervisor: Peter Juhl") && english.body.contains("Start an intro position"))
            #expect(english.body.contains("<strong class=\"risk-flag\">At risk</strong>"))
        }
    }

    @Test("another department's UAO and a trainee get the 404 page, the same as for a department that does not exist; their POSTs change nothing")
    func outOfScope() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let berit = try fixture.position("dr.berit")
            var nuao = try await client.webLogIn("dr.nuao", fixture: fixture)
            var trainee = try await client.webLogIn("dr.berit", fixture: fixture)
            let own = try await client.get("/departments/OUH-NEU", &nuao)
            #expect(own.status == .ok)
            let csrf = try #require(own.csrf)
            for suffix in ["", "/access", "/positions/\(berit)"] {
                for browser in [nuao, trainee] {
                    var b = browser
                    let hidden = try await client.get("/departments/OUH-KAR\(suffix)", &b)
                    let missing = try await client.get("/departments/NOPE\(suffix)", &b)
                    #expect(hidden.status == .notFound && missing.status == .notFound, "\(suffix)")
                    #expect(hidden.body.replacingOccurrences(of: "OUH-KAR", with: "NOPE") == missing.body, "\(suffix)")
                    #expect(!hidden.body.contains("href=\"/positions/\(berit)\"") && !hidden.body.contains("Peter Juhl"))
                }
            }
            // A position of another department under one's own department: not found either.
            #expect(try await client.get("/departments/OUH-NEU/positions/\(berit)", &nuao).status == .notFound)
            let before = try fixture.snapshot()
            let traineeCSRF = try #require(try await client.get("/positions/\(berit)", &trainee).csrf)
            let posts: [(String, [(String, String)])] = [
                ("/departments/OUH-KAR/grants", [("handle", "dr.niels"), ("role", "supervisor")]),
                ("/departments/OUH-KAR/invitations", [("handle", "dr.hoved")]),
                ("/departments/OUH-KAR/delegations", [("handle", "dr.klinisk"), ("approve", "no")]),
                ("/departments/OUH-KAR/positions", [("trainee", "dr.niels"), ("curriculum", "Kardiologi"), ("start", "2027-03-01")]),
                ("/departments/OUH-KAR/positions/\(berit)/supervisor", [("handle", "dr.hoved")]),
                ("/departments/OUH-KAR/positions/\(berit)/revocations", [("event", "1"), ("reason", "x")]),
                ("/departments/OUH-NEU/positions/\(berit)/supervisor", [("handle", "dr.nhoved")]),
                ("/departments/OUH-NEU/grants/1/end", []),
            ]
            for (uri, fields) in posts {
                let hidden = try await client.post(uri, [("_csrf", csrf)] + fields, &nuao)
                let missing = try await client.post(uri.replacingOccurrences(of: "OUH-KAR", with: "NOPE"), [("_csrf", csrf)] + fields, &nuao)
                #expect(hidden.status == .notFound, "\(uri): \(hidden.status)")
                #expect(hidden.body == missing.body || uri.contains("OUH-NEU"), "\(uri)")
                let byTrainee = try await client.post(uri, [("_csrf", traineeCSRF)] + fields, &trainee)
                #expect(byTrainee.status == .notFound, "\(uri): \(byTrainee.status)")
            }
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("the forhåndsudtalelse with a text of one's own, shown escaped; a supervisor is refused, a POST without the form token too, and nothing changes")
    func statement() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let berit = try fixture.position("dr.berit")
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR", &uao)
            #expect(page.body.contains("id=\"statement-text-\(berit)\" name=\"text\""))
            let hovedPage = try await client.get("/departments/OUH-KAR", &hoved)
            #expect(hovedPage.status == .ok)
            let before = try fixture.snapshot()
            let text = "<b>Forventes</b> \"fint\"; gennemført\nanden linje"
            let bySupervisor = try await client.post("/positions/\(berit)/statement", [
                ("_csrf", try #require(hovedPage.csrf)), ("department", "OUH-KAR"), ("text", text),
            ], &hoved)
            // The hovedvejleder is shown no statement form (nor attest buttons), and a post anyway is refused by the position.
            #expect(!hovedPage.body.contains("class=\"statement-form\"") && !hovedPage.body.contains("attest-time-form"))
            #expect(hovedPage.body.contains("id=\"lead-acts\""))
            #expect(bySupervisor.status == .forbidden && bySupervisor.body.contains("id=\"position-\(berit)-error\""), "\(bySupervisor.status)")
            for token in [nil, String(repeating: "0", count: 64), hovedPage.csrf!] {
                let forged = try await client.post("/positions/\(berit)/statement",
                                                   (token.map { [("_csrf", $0)] } ?? []) + [("department", "OUH-KAR"), ("text", text)], &uao)
                #expect(forged.status == .forbidden && forged.body.contains("Formularen var udløbet"))
            }
            #expect(try fixture.snapshot() == before)
            // Asked once: the confirmation page keeps the text typed; nothing is written until it is confirmed.
            let asked = try await client.post("/positions/\(berit)/statement", [
                ("_csrf", try #require(page.csrf)), ("department", "OUH-KAR"), ("text", text),
            ], &uao)
            #expect(asked.status == .ok && asked.body.contains("id=\"confirm-form\"") && asked.body.contains("Giv forhåndsudtalelse for"))
            #expect(asked.body.contains("value=\"&lt;b&gt;Forventes&lt;/b&gt;"), "the text typed, escaped, goes with the confirmation")
            #expect(try fixture.snapshot() == before)
            let given = try await client.post("/positions/\(berit)/statement", [
                ("_csrf", try #require(page.csrf)), ("department", "OUH-KAR"), ("text", text), ("confirm", "yes"),
            ], &uao)
            #expect(given.status == .seeOther && given.location == "/departments/OUH-KAR?done=statement", "\(given.body)")
            #expect(try await client.get("/departments/OUH-KAR?done=statement", &uao).body.contains("Forhåndsudtalelsen er givet."))
            let (_, status) = try Overviews.status(try fixture.session("dr.uao"), position: berit, trainee: nil, on: nil)
            #expect(status.statement != nil)
            let shown = try await client.get("/positions/\(berit)/history", &uao)
            #expect(shown.body.contains("&lt;b&gt;Forventes&lt;/b&gt; &quot;fint&quot;; gennemført\nanden linje") && !shown.body.contains("<b>Forventes"))
        }
    }

    @Test("attesting an element that is not complete is refused with what is missing; nothing changes")
    func elementMissing() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let berit = try fixture.position("dr.berit")
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR", &uao)
            let before = try fixture.snapshot()
            let refused = try await client.post("/positions/\(berit)/attestations/element", [("_csrf", try #require(page.csrf)), ("department", "OUH-KAR")],
                                                &uao)
            #expect(refused.refused && refused.body.contains("id=\"position-\(berit)-error\""), "\(refused.status)")
            #expect(refused.body.contains("kompetencer ikke godkendt: "))
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("revoking a forhåndsudtalelse needs a reason; a supervisor and a trainee are refused; the UAO's revocation shows beside the original")
    func revoke() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let emil = try fixture.position("dr.emil")
            let event = try #require(try Approvals.history(try fixture.session("dr.uao"), positionID: emil).events.first { $0.kind == .statement }).id
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            var trainee = try await client.webLogIn("dr.emil", fixture: fixture)
            let path = "/departments/OUH-KAR/positions/\(emil)"
            let page = try await client.get(path, &uao)
            #expect(page.status == .ok && page.body.contains("id=\"revoke-form-\(event)\"") && page.body.contains("name=\"reason\""))
            #expect(page.body.contains("<label for=\"revoke-reason-\(event)\">"))
            let before = try fixture.snapshot()
            let noReason = try await client.post("\(path)/revocations", [("_csrf", try #require(page.csrf)), ("event", String(event)), ("reason", " ")], &uao)
            #expect(noReason.refused && noReason.body.contains("id=\"revoke-\(event)-error\""), "\(noReason.status)")
            let hovedPage = try await client.get(path, &hoved)
            let bySupervisor = try await client.post("\(path)/revocations", [("_csrf", try #require(hovedPage.csrf)), ("event", String(event)),
                                                                            ("reason", "Jeg er uenig")], &hoved)
            #expect(!hovedPage.body.contains("id=\"revoke-form-\(event)\""), "no revoke form for an act the hovedvejleder did not make")
            #expect(bySupervisor.status == .forbidden && bySupervisor.body.contains("id=\"revoke-\(event)-error\""), "\(bySupervisor.status)")
            let traineePage = try await client.get("/positions/\(emil)", &trainee)
            let byTrainee = try await client.post("\(path)/revocations", [("_csrf", try #require(traineePage.csrf)), ("event", String(event)),
                                                                         ("reason", "Nej")], &trainee)
            #expect(byTrainee.status == .notFound)
            #expect(try fixture.snapshot() == before)
            let reason = "Givet ved en fejl; <i>ny</i> vurdering\nefter samtalen"
            let confirm = try await client.post("\(path)/revocations", [("_csrf", try #require(page.csrf)), ("event", String(event)), ("reason", reason)],
                                                &uao)
            #expect(confirm.status == .ok && confirm.body.contains("id=\"confirm-form\"") && confirm.body.contains("Ja, tilbagekald"))
            #expect(try fixture.snapshot() == before, "nothing is revoked before the confirmation")
            let revoked = try await client.post("\(path)/revocations", [("_csrf", try #require(page.csrf)), ("event", String(event)), ("reason", reason),
                                                                       ("confirm", "yes")], &uao)
            #expect(revoked.status == .seeOther && revoked.location == "\(path)?done=revoked#revoke", "\(revoked.body)")
            let after = try await client.get(revoked.location!, &uao)
            #expect(after.body.contains("Tilbagekaldt. Historikken viser"))
            #expect(after.body.contains("tilbagekaldt af Hanne Mortensen") && after.body.contains("Givet ved en fejl; &lt;i&gt;ny&lt;/i&gt; vurdering\nefter samtalen"))
            #expect(!after.body.contains("id=\"revoke-form-\(event)\"") && !after.body.contains("<i>ny</i>"))
            let (_, status) = try Overviews.status(try fixture.session("dr.uao"), position: emil, trainee: nil, on: nil)
            #expect(status.statement == nil)
            let english = try await client.get("\(path)?lang=en", &uao)
            #expect(english.body.contains("Revoke an approval or attestation") && english.body.contains("revoked by Hanne Mortensen"))
        }
    }

    @Test("the UAO grants a hovedvejleder, starts a position with them, and changes the hovedvejleder; refusals keep the values; others are refused")
    func startAndSupervisor() async throws {
        let fixture = try ServerFixture()
        let secretariat = try fixture.session("sek.syd")
        _ = try People.add(secretariat, handle: "dr.ny", name: "Nanna Ny", authorisationID: nil)
        _ = try People.add(secretariat, handle: "dr.vej", name: hostileName, authorisationID: nil)
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let access = try await client.get("/departments/OUH-KAR/access", &uao)
            #expect(access.status == .ok && access.body.contains("id=\"grant-form\"") && access.body.contains("<label for=\"grant-handle\">"))
            let granted = try await client.post("/departments/OUH-KAR/grants", [
                ("_csrf", try #require(access.csrf)), ("handle", "dr.vej"), ("role", "supervisor"), ("from", "2027-03-01"), ("until", ""),
            ], &uao)
            #expect(granted.status == .seeOther && granted.location == "/departments/OUH-KAR/access?done=granted#grant", "\(granted.body)")
            let listed = try await client.get(granted.location!, &uao)
            #expect(listed.body.contains("Rollen er givet.") && listed.body.contains(hostileEscaped) && !listed.body.contains("<script>alert"))

            let page = try await client.get("/departments/OUH-KAR", &uao)
            #expect(page.body.contains(hostileEscaped + " (dr.vej)"))
            let curriculum = try #require(page.body.firstMatch(of: /name="curriculum" required>\n<option value="([^"]+)"/)).1
            let fields: [(String, String)] = [("trainee", "dr.ny"), ("curriculum", String(curriculum)), ("program", ""), ("start", "2027-03-01"),
                                              ("part_time", "0,8"), ("supervisor", "dr.vej")]
            // A supervisor may not start a position: refused, values kept, nothing changed.
            let before = try fixture.snapshot()
            let hovedPage = try await client.get("/departments/OUH-KAR", &hoved)
            let bySupervisor = try await client.post("/departments/OUH-KAR/positions", [("_csrf", try #require(hovedPage.csrf))] + fields, &hoved)
            #expect(!hovedPage.body.contains("id=\"start-form\"") && hovedPage.body.contains("id=\"start-not-yours\""),
                    "a hovedvejleder is shown who starts positions, not the form")
            #expect(bySupervisor.status == .forbidden && bySupervisor.body.contains("id=\"page-error\""), "\(bySupervisor.status)")
            #expect(try fixture.snapshot() == before)
            let started = try await client.post("/departments/OUH-KAR/positions", [("_csrf", try #require(page.csrf))] + fields, &uao)
            #expect(started.status == .seeOther, "\(started.status): \(started.body.firstMatch(of: /id="start-error"><p class="text">([^<]*)</)?.1 ?? "")")
            let location = try #require(started.location)
            let id = try #require(location.firstMatch(of: /^\/departments\/OUH-KAR\/positions\/([0-9]+)\?done=started$/)).1
            let shown = try await client.get(location, &uao)
            #expect(shown.body.contains("Introduktionsstillingen er startet.") && shown.body.contains("Hovedvejleder: \(hostileEscaped)"))
            #expect(shown.body.contains("80 %") || shown.body.contains("0,8") || shown.body.contains("deltid"))
            // The same trainee again: refused by the use case, with the values kept.
            let again = try await client.post("/departments/OUH-KAR/positions", [("_csrf", try #require(page.csrf))] + fields, &uao)
            #expect(again.refused && again.body.contains("id=\"start-error\"") && again.body.contains("value=\"0,8\""), "\(again.status)")
            // The hovedvejleder changes; a supervisor may not change it.
            let path = "/departments/OUH-KAR/positions/\(id)"
            let hovedPosition = try await client.get(path, &hoved)
            let stamp = try fixture.snapshot()
            let refusedChange = try await client.post("\(path)/supervisor", [("_csrf", try #require(hovedPosition.csrf)), ("handle", "dr.hoved"), ("from", "")],
                                                      &hoved)
            #expect(!hovedPosition.body.contains("id=\"supervisor-form\"") && hovedPosition.body.contains("id=\"supervisor-not-yours\""))
            #expect(refusedChange.status == .forbidden && refusedChange.body.contains("id=\"page-error\""), "\(refusedChange.status)")
            #expect(try fixture.snapshot() == stamp)
            let changed = try await client.post("\(path)/supervisor", [("_csrf", try #require(shown.csrf)), ("handle", "dr.hoved"), ("from", "")], &uao)
            #expect(changed.status == .seeOther && changed.location == "\(path)?done=supervisor#supervisor", "\(changed.body)")
            let after = try await client.get(changed.location!, &uao)
            #expect(after.body.contains("Hovedvejlederen er skiftet.") && after.body.contains("<p id=\"current-supervisor\" class=\"text\">Hovedvejleder: Peter Juhl</p>"))
        }
    }

    @Test("grants: a clinical supervisor is granted, given the delegation and ended; a refused grant keeps the values; a supervisor and a POST without the token change nothing")
    func grantsAndDelegation() async throws {
        let fixture = try ServerFixture()
        _ = try People.add(try fixture.session("sek.syd"), handle: "dr.dkv", name: "Dorte Klinik", authorisationID: nil)
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR/access", &uao)
            let csrf = try #require(page.csrf)
            #expect(page.body.contains("Peter Juhl (dr.hoved)") && page.body.contains("gældende"))
            let before = try fixture.snapshot()
            // may_approve is for a clinical supervisor only: the use case's refusal, the values kept.
            let wrong = try await client.post("/departments/OUH-KAR/grants", [("_csrf", csrf), ("handle", "dr.dkv"), ("role", "supervisor"),
                                                                              ("may_approve", "on"), ("from", "2027-03-04")], &uao)
            #expect(wrong.refused && wrong.body.contains("id=\"grant-error\"") && wrong.body.contains("value=\"dr.dkv\""), "\(wrong.status)")
            let unknown = try await client.post("/departments/OUH-KAR/grants", [("_csrf", csrf), ("handle", "dr.nobody"), ("role", "supervisor")], &uao)
            #expect(unknown.refused && unknown.body.contains("id=\"grant-error\""))
            for token in [nil, String(repeating: "f", count: 64)] {
                let forged = try await client.post("/departments/OUH-KAR/grants", (token.map { [("_csrf", $0)] } ?? []) + [
                    ("handle", "dr.dkv"), ("role", "clinical-supervisor")], &uao)
                #expect(forged.status == .forbidden && forged.body.contains("Formularen var udløbet"))
            }
            var hoved = try await client.webLogIn("dr.hoved", fixture: fixture)
            let hovedCSRF = try #require(try await client.get("/departments/OUH-KAR", &hoved).csrf)
            let bySupervisor = try await client.post("/departments/OUH-KAR/grants", [("_csrf", hovedCSRF), ("handle", "dr.dkv"),
                                                                                     ("role", "clinical-supervisor")], &hoved)
            #expect(bySupervisor.refused && bySupervisor.status != .seeOther, "\(bySupervisor.status)")
            let delegationBySupervisor = try await client.post("/departments/OUH-KAR/delegations", [("_csrf", hovedCSRF), ("handle", "dr.klinisk"),
                                                                                                  ("approve", "no"), ("from", "2027-04-01")], &hoved)
            #expect(delegationBySupervisor.refused, "\(delegationBySupervisor.status)")
            let inviteBySupervisor = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", hovedCSRF), ("handle", "dr.berit")], &hoved)
            #expect(inviteBySupervisor.refused && !inviteBySupervisor.body.contains("/invitation/"), "\(inviteBySupervisor.status)")
            #expect(try fixture.snapshot() == before)

            let granted = try await client.post("/departments/OUH-KAR/grants", [("_csrf", csrf), ("handle", "dr.dkv"), ("role", "clinical-supervisor"),
                                                                                ("from", "2027-03-04")], &uao)
            #expect(granted.status == .seeOther, "\(granted.body)")
            let delegated = try await client.post("/departments/OUH-KAR/delegations", [("_csrf", csrf), ("handle", "dr.dkv"), ("approve", "yes"),
                                                                                       ("from", "2027-03-05")], &uao)
            #expect(delegated.status == .seeOther && delegated.location == "/departments/OUH-KAR/access?done=delegated#delegate", "\(delegated.body)")
            let grants = try Grants.list(try fixture.session("dr.uao"), departmentCode: "OUH-KAR", handle: nil).filter { $0.handle == "dr.dkv" }
            let current = try #require(grants.first { $0.grant.mayApprove })
            let listed = try await client.get("/departments/OUH-KAR/access", &uao)
            #expect(listed.body.contains("daglig klinisk vejleder, må godkende kompetencer") && listed.body.contains("id=\"end-grant-form-\(current.id)\""))
            let ended = try await client.post("/departments/OUH-KAR/grants/\(current.id)/end", [("_csrf", csrf), ("on", "2027-03-31")], &uao)
            #expect(ended.status == .seeOther && ended.location == "/departments/OUH-KAR/access?done=grantEnded#end", "\(ended.body)")
            let stored = try #require(try Grants.list(try fixture.session("dr.uao"), departmentCode: "OUH-KAR", handle: nil).first { $0.id == current.id })
            #expect(stored.endedOn?.iso == "2027-03-31")
            // English.
            let english = try await client.get("/departments/OUH-KAR/access?lang=en", &uao)
            #expect(english.body.contains("Grant a role") && english.body.contains("Signing keys") && english.body.contains("Create invitation"))
        }
    }

    @Test("an invitation's link is on the answer page only: not in a Location header, not on the page afterwards, not cached; it works once")
    func invitation() async throws {
        let fixture = try ServerFixture()
        _ = try Keys.register(try fixture.session("dr.uao"), holder: "dr.hoved", publicKey: PrivateSigningKey().publicKey.base64, from: "2027-01-01",
                              until: nil)
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR/access", &uao)
            #expect(page.body.contains("id=\"keys-cli\"") && page.body.contains("kommandolinjeprogrammet") && !page.body.contains("logbook key"))
            let key = try #require(try Keys.list(try fixture.session("dr.uao"), person: "dr.hoved").first)
            #expect(page.body.contains(key.key.fingerprint) && page.body.contains("Peter Juhl (dr.hoved)"))
            let answer = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", try #require(page.csrf)), ("handle", "dr.hoved")], &uao)
            #expect(answer.status == .created && answer.location == nil && answer.cacheControl == "no-store")
            let token = try #require(answer.body.firstMatch(of: /id="invitation-link" type="text" readonly value="https:\/\/localhost\/invitation\/([A-Za-z0-9_-]+)"/)).1
            #expect(answer.body.contains("Invitation til Peter Juhl (dr.hoved)"))
            let later = try await client.get("/departments/OUH-KAR/access", &uao)
            #expect(!later.body.contains(String(token)) && !later.body.contains("id=\"invitation-link\""))
            var newcomer = WebBrowser()
            let form = try await client.get("/invitation/\(token)", &newcomer)
            let accepted = try await client.post("/invitation/\(token)", [("_csrf", try #require(form.csrf)), ("password", ServerFixture.password),
                                                                          ("repeat", ServerFixture.password)], &newcomer)
            #expect(accepted.status == .seeOther && accepted.location == "/login?done=password&handle=dr.hoved")
            // A trainee may not invite: the 404 page (the department is out of sight).
            var trainee = try await client.webLogIn("dr.berit", fixture: fixture)
            let traineeCSRF = try #require(try await client.get("/positions/\(try fixture.position("dr.berit"))", &trainee).csrf)
            let byTrainee = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", traineeCSRF), ("handle", "dr.carl")], &trainee)
            #expect(byTrainee.status == .notFound && !byTrainee.body.contains("/invitation/"))
            // Someone with no account yet who is unknown: the form says so.
            let unknown = try await client.post("/departments/OUH-KAR/invitations", [("_csrf", try #require(page.csrf)), ("handle", "dr.nobody")], &uao)
            #expect(unknown.refused && unknown.body.contains("id=\"invite-error\"") && unknown.body.contains("value=\"dr.nobody\""))
        }
    }
    @Test("in the position's last month the UAO attests time from the report; the page then says when")
    func attestTime() async throws {
        let fixture = try ServerFixture()
        _ = try People.add(try fixture.session("sek.syd"), handle: "dr.sidst", name: "Sidse Sidst", authorisationID: nil)
        let id = try Positions.start(try fixture.session("dr.uao"), Positions.StartRequest(
            trainee: "dr.sidst", department: "OUH-KAR", curriculum: "Kardiologi", start: "2026-04-01", supervisor: "dr.hoved")).id
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR", &uao)
            #expect(page.body.contains("Tiden kan attesteres nu.") && page.body.contains("action=\"/positions/\(id)/attestations/time\""))
            let attested = try await client.post("/positions/\(id)/attestations/time", [("_csrf", try #require(page.csrf)), ("department", "OUH-KAR")],
                                                 &uao)
            #expect(attested.status == .seeOther && attested.location == "/departments/OUH-KAR?done=time", "\(attested.body)")
            let after = try await client.get(attested.location!, &uao)
            #expect(after.body.contains("Tiden er attesteret.") && after.body.contains("tid attesteret 04.03.2027"))
            #expect(!after.body.contains("action=\"/positions/\(id)/attestations/time\""))
        }
    }
}

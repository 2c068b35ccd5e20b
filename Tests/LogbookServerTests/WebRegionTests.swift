import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// A file field of a multipart form.
private struct FilePart {
    let field: String
    let fileName: String
    let bytes: [UInt8]
}

private let boundary = "----logbook-test-boundary-7MA4YWxkTrZu0gW"

/// `multipart/form-data` as a browser sends it.
private func multipartBody(_ fields: [(String, String)], files: [FilePart]) -> ByteBuffer {
    var buffer = ByteBuffer()
    for (name, value) in fields {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    for file in files {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.fileName)\"\r\n")
        buffer.writeString("Content-Type: application/octet-stream\r\n\r\n")
        buffer.writeBytes(file.bytes)
        buffer.writeString("\r\n")
    }
    buffer.writeString("--\(boundary)--\r\n")
    return buffer
}

/// A file of the repository's `examples/`.
private func example(_ name: String) throws -> String {
    let root = String(#filePath).components(separatedBy: "/Tests/").first!
    return try String(contentsOfFile: root + "/examples/" + name, encoding: .utf8)
}

extension TestClientProtocol {
    fileprivate func upload(_ uri: String, _ fields: [(String, String)], files: [FilePart], _ browser: inout WebBrowser,
                            body: ByteBuffer? = nil) async throws -> WebPage {
        try await post(uri, [], &browser, body: body ?? multipartBody(fields, files: files), contentType: "multipart/form-data; boundary=\(boundary)")
    }
}

/// The number of stored målbeskrivelser and programmes.
private func catalogCounts(_ fixture: ServerFixture) throws -> (curricula: Int, programs: Int) {
    let session = try fixture.session(nil)
    return (try CurriculumCatalog.list(session).count, try ProgramCatalog.list(session).count)
}

@Suite("Web pages: Regionen, the secretariat's page")
struct WebRegionTests {
    @Test("anyone but a secretariat gets the API's 403 on every region page and form, with nothing changed")
    func outsiders() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            // The API's answer for the record of log-ins, which the page shows.
            let api = try await client.logIn("dr.klinisk", fixture: fixture)
            try await client.execute(uri: "/api/v1/log-ins", method: .get, headers: api.readHeaders) { #expect($0.status == .forbidden) }
            for handle in ["dr.uao", "dr.berit"] {
                var browser = try await client.webLogIn(handle, fixture: fixture)
                let home = try await client.get("/", &browser)
                #expect(home.location != "/region")
                let other = try await client.get(try #require(home.location), &browser)
                let csrf = try #require(other.csrf)
                #expect(!other.body.contains("href=\"/region\""), "no menu link for \(handle)")
                for uri in ["/region", "/region/people/dr.berit", "/region/people/sek.syd"] {
                    let page = try await client.get(uri, &browser)
                    #expect(page.status == .forbidden, "\(handle) \(uri)")
                    #expect(page.body.contains("Det lykkedes ikke") && page.body.contains("sekretariat"))
                    #expect(!page.body.contains("id=\"department-form\""))
                }
                let before = try fixture.snapshot()
                let counts = try catalogCounts(fixture)
                let forms: [(String, [(String, String)])] = [
                    ("/region/departments", [("code", "X-1"), ("name", "X"), ("kind", "hospital"), ("region", "Syddanmark")]),
                    ("/region/people", [("handle", "dr.ny"), ("name", "Ny Person")]),
                    ("/region/invitations", [("handle", "dr.niels")]),
                    ("/region/grants", [("handle", "dr.niels"), ("role", "uao"), ("department", "OUH-NEU"), ("from", "2027-03-01")]),
                    ("/region/people/dr.berit/corrections", [("name", "Berit Anden"), ("email", "")]),
                ]
                for (uri, fields) in forms {
                    let answer = try await client.post(uri, [("_csrf", csrf)] + fields, &browser)
                    #expect(answer.status == .forbidden, "\(handle) \(uri)")
                    #expect(!answer.body.contains("/invitation/"), "no invitation link")
                }
                let good = try Array(example("kardiologi-intro-2022.json").replacingOccurrences(of: "\"version\": \"2022\"", with: "\"version\": \"2040\"").utf8)
                for uri in ["/region/curricula", "/region/programs"] {
                    let answer = try await client.upload(uri, [("_csrf", csrf)], files: [FilePart(field: "file", fileName: "k.json", bytes: good)], &browser)
                    #expect(answer.status == .forbidden, "\(handle) \(uri)")
                }
                #expect(try fixture.snapshot() == before)
                #expect(try catalogCounts(fixture) == counts)
            }
        }
    }

    @Test("a secretariat lands on Regionen: departments with report links and counts, people, imports and the log-in record, in Danish and English")
    func secretaryPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let home = try await client.get("/", &sek)
            #expect(home.status == .seeOther && home.location == "/region")
            // A failed log-in by a name with markup: no handle, so recorded without the text (issue 29), alone under "only failed".
            var stranger = WebBrowser()
            let login = try await client.get("/login", &stranger)
            let failed = try await client.post("/login", [("_csrf", try #require(login.csrf)), ("handle", "<i>mallory</i>"),
                                                            ("password", "wrong password!!")], &stranger)
            #expect(failed.status == .unauthorized)
            let onlyFailed = try await client.get("/region?failed=1", &sek)
            let record = try #require(onlyFailed.body.firstMatch(of: /id="login-list">([^$]*?)<\/ul>/)).1
            #expect(record.contains("(ikke et brugernavn)") && !record.contains("mallory") && record.contains("mislykkedes")
                    && !record.contains("(sek.syd)"))
            #expect(onlyFailed.body.contains("id=\"logins-all\""))
            let page = try await client.get("/region", &sek)
            #expect(page.status == .ok)
            #expect(page.body.contains("<html lang=\"da\">") && page.body.contains("<h1>Regionen</h1>"))
            #expect(page.body.contains("id=\"nav-region\""))
            for heading in ["Afdelinger", "Personer", "Invitér til logbogen", "Målbeskrivelser", "Uddannelsesprogrammer", "Regionens rapporter",
                            "Log-ind-historik"] {
                #expect(page.body.contains(">\(heading)</h2>"), "\(heading)")
            }
            #expect(page.body.contains("href=\"/departments/OUH-KAR\"") && page.body.contains("href=\"/departments/OUH-NEU\""))
            #expect(page.body.contains("igangværende introduktionsstillinger: 5"))
            #expect(page.body.contains("href=\"/region/people/dr.berit\"") && page.body.contains("(dr.uao)"))
            // A trainee holds no grant but says where she trains; a person with neither has no role today.
            #expect(page.body.contains("(dr.berit) · uddannelseslæge i OUH-KAR"))
            #expect(page.body.contains("Kardiologi 2022"))
            #expect(page.body.contains("id=\"login-list\"") && page.body.contains("(sek.syd)") && page.body.contains("lykkedes"))
            #expect(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("type=\"file\""))
            #expect(!page.body.contains("<script") && !page.body.contains("style=") && !page.body.contains("role=\"alert\""))
            #expect(!page.body.contains(">nil<") && !page.body.contains("{{"))
            // Every input has its label.
            for match in page.body.matches(of: /<input id="([a-z-]+)"/) {
                #expect(page.body.contains("<label for=\"\(match.1)\">"), "label for \(match.1)")
            }
            let english = try await client.get("/region?lang=en", &sek)
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("<h1>Region</h1>"))
            #expect(english.body.contains("Import curriculum") && english.body.contains("Record of log-ins") && english.body.contains("succeeded"))
            // A person's page.
            let berit = try await client.get("/region/people/dr.berit", &sek)
            #expect(berit.status == .ok && berit.body.contains("Berit") && berit.body.contains("id=\"correct-form\""))
            #expect(!berit.body.contains("<script") && !berit.body.contains("style=") && !berit.body.contains("<h3"))
            // Headings in order on the region page: one h1, then no level skipped.
            let levels = page.body.matches(of: /<h([1-6])[ >]/).compactMap { Int($0.1) }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1)
            #expect(zip(levels, levels.dropFirst()).allSatisfy { $1 <= $0 + 1 }, "\(levels)")
            #expect(try await client.get("/region/people/nobody.here", &sek).status == .notFound)
        }
    }

    @Test("adding a department and a person: 303 back and listed; a refusal keeps the values and says why in Danish")
    func addDepartmentAndPerson() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let added = try await client.post("/region/departments", [("_csrf", csrf), ("code", "OUH-GER"), ("name", "Geriatrisk Afdeling G"),
                                                                        ("kind", "hospital"), ("region", "Syddanmark")], &sek)
            #expect(added.status == .seeOther && added.location == "/region?done=department#department", "\(added.body)")
            let after = try await client.get("/region?done=department", &sek)
            #expect(after.body.contains("Afdelingen er oprettet.") && after.body.contains("href=\"/departments/OUH-GER\""))
            // The same code again: refused, the page again with the values kept.
            let again = try await client.post("/region/departments", [("_csrf", csrf), ("code", "OUH-GER"), ("name", "Anden <b>afdeling</b>"),
                                                                        ("kind", "hospital"), ("region", "Syddanmark")], &sek)
            #expect(again.status.code >= 400 && again.status.code < 500 && again.status != .forbidden, "\(again.status)")
            #expect(again.body.contains("id=\"department-error\"") && again.body.contains("value=\"Anden &lt;b&gt;afdeling&lt;/b&gt;\""))
            let person = try await client.post("/region/people", [("_csrf", csrf), ("handle", "dr.ny"), ("name", "<script>alert(1)</script> Ny"),
                                                                    ("authorisation_id", ""), ("email", "ny@example.org")], &sek)
            #expect(person.status == .seeOther && person.location == "/region?done=person#person", "\(person.body)")
            let listed = try await client.get("/region", &sek)
            #expect(listed.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Ny") && !listed.body.contains("<script>alert(1)"))
            // The secretariat grants the new department's UAO; a handle nobody has is said on the page, values kept.
            let granted = try await client.post("/region/grants", [("_csrf", csrf), ("handle", "dr.ny"), ("role", "uao"),
                                                                     ("department", "OUH-GER"), ("from", "2027-03-01")], &sek)
            #expect(granted.status == .seeOther && granted.location == "/region?done=granted#grant", "\(granted.body)")
            let withGrant = try await client.get("/region?done=granted", &sek)
            #expect(withGrant.body.contains("Rollen er givet.") && withGrant.body.contains("(dr.ny) · UAO i OUH-GER"))
            let nobody = try await client.post("/region/grants", [("_csrf", csrf), ("handle", "nobody.here"), ("role", "tutor"),
                                                                    ("department", "OUH-GER"), ("from", "2027-03-01")], &sek)
            #expect(nobody.status == .notFound && nobody.body.contains("id=\"grant-error\"") && nobody.body.contains("value=\"nobody.here\""))
            // A role the secretariat does not grant: the use case's refusal.
            let supervisor = try await client.post("/region/grants", [("_csrf", csrf), ("handle", "dr.ny"), ("role", "supervisor"),
                                                                        ("department", "OUH-GER"), ("from", "2027-03-01")], &sek)
            #expect(supervisor.status == .forbidden && supervisor.body.contains("id=\"grant-error\""), "\(supervisor.status)")
            // A correction of the name on the person's page.
            let corrected = try await client.post("/region/people/dr.ny/corrections", [("_csrf", csrf), ("name", "Nanna Ny"),
                                                                                         ("email", "ny@example.org"), ("reason", "stavefejl")], &sek)
            #expect(corrected.status == .seeOther && corrected.location == "/region/people/dr.ny?done=corrected", "\(corrected.body)")
            let shown = try await client.get("/region/people/dr.ny?done=corrected", &sek)
            #expect(shown.body.contains("Rettelsen er gemt.") && shown.body.contains("<h1 class=\"text\" id=\"person-heading\">Nanna Ny</h1>"))
            #expect(shown.body.contains("stavefejl"))
        }
    }

    @Test("an invitation's link is on the answer page only: no redirect, not on the page later; it opens the invitation")
    func invitation() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let answer = try await client.post("/region/invitations", [("_csrf", csrf), ("handle", "dr.nuao")], &sek)
            #expect(answer.status == .created && answer.location == nil && answer.cacheControl == "no-store")
            let link = try #require(answer.body.firstMatch(of: /id="invitation-link" type="text" readonly value="([^"]+)"/)).1
            #expect(link.hasPrefix("https://localhost/invitation/"))
            let token = String(link.dropFirst("https://localhost/invitation/".count))
            #expect(token.count >= 32)
            #expect(answer.body.contains("Invitation til Nina Uhd (dr.nuao)"))
            let later = try await client.get("/region", &sek)
            #expect(!later.body.contains(token) && !later.body.contains("id=\"invitation-link\""))
            // The link works: the person chooses a password with it.
            var nina = WebBrowser()
            let form = try await client.get("/invitation/\(token)", &nina)
            let accepted = try await client.post("/invitation/\(token)", [("_csrf", try #require(form.csrf)), ("password", ServerFixture.password),
                                                                            ("repeat", ServerFixture.password)], &nina)
            #expect(accepted.status == .seeOther && accepted.location == "/login?done=password&handle=dr.nuao")
            // Someone the secretariat may not invite, or nobody: refused on the page with the API's status.
            let unknown = try await client.post("/region/invitations", [("_csrf", csrf), ("handle", "nobody.here")], &sek)
            #expect(unknown.status == .notFound && unknown.body.contains("id=\"invite-error\"") && unknown.body.contains("value=\"nobody.here\""))
        }
    }

    @Test("the invitation made on the region page never reaches the log, nor when it is opened")
    func invitationNotLogged() async throws {
        let fixture = try ServerFixture()
        let log = CapturedLog()
        let app = buildApplication(configuration: fixture.configuration, database: fixture.database, logger: log.logger())
        let token = try await app.test(.router) { client -> String in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let answer = try await client.post("/region/invitations", [("_csrf", csrf), ("handle", "dr.nuao")], &sek)
            let link = try #require(answer.body.firstMatch(of: /id="invitation-link" type="text" readonly value="[^"]*\/invitation\/([^"]+)"/)).1
            var nina = WebBrowser()
            #expect(try await client.get("/invitation/\(link)", &nina).status == .ok)
            return String(link)
        }
        #expect(token.count >= 32)
        #expect(log.text.contains("invitation made (web)") && log.text.contains("POST /region/invitations 201"), "\(log.text)")
        #expect(!log.text.contains(token) && !log.text.contains(String(token.prefix(12))))
    }

    @Test("an upload without its form token, or with a wrong one, is refused before anything is imported")
    func uploadCSRF() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            _ = try await client.get("/region", &sek)
            let good = try Array(example("kardiologi-intro-2022.json").replacingOccurrences(of: "\"version\": \"2022\"", with: "\"version\": \"2041\"").utf8)
            let file = FilePart(field: "file", fileName: "kardiologi.json", bytes: good)
            let before = try fixture.snapshot()
            for token in [nil, "", String(repeating: "0", count: 64)] {
                let answer = try await client.upload("/region/curricula", token.map { [("_csrf", $0)] } ?? [], files: [file], &sek)
                #expect(answer.status == .forbidden, "token \(token ?? "none")")
                #expect(answer.body.contains("Formularen var udløbet"))
            }
            // The token in the URL instead of the body does not count either; nor does a body that is no multipart.
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            #expect(try await client.upload("/region/curricula?_csrf=\(csrf)", [], files: [file], &sek).status == .forbidden)
            #expect(try await client.upload("/region/curricula", [], files: [], &sek, body: ByteBuffer(string: "_csrf=\(csrf)")).status == .forbidden)
            #expect(try fixture.snapshot() == before)
        }
    }

    @Test("a malformed målbeskrivelse shows its error by line and imports nothing; a good one imports and is listed")
    func curriculumImport() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            // A new version needs its own valid-from date (issue 28: two versions from the same day are refused).
            let original = try example("kardiologi-intro-2022.json").replacingOccurrences(of: "\"version\": \"2022\"", with: "\"version\": \"2030\"")
                .replacingOccurrences(of: "\"validFrom\": \"2022-09-01\"", with: "\"validFrom\": \"2025-01-01\"")
            let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
            let broken = try #require(lines.firstIndex { $0.contains("\"Medicinsk ekspert/lægefaglig\"") })
            var changed = lines
            changed[broken] = Substring(changed[broken].replacingOccurrences(of: "Medicinsk ekspert/lægefaglig", with: "Medicinsk eksperten"))
            let bad = changed.joined(separator: "\n")
            let before = try fixture.snapshot()
            let refused = try await client.upload("/region/curricula", [("_csrf", csrf)],
                                                  files: [FilePart(field: "file", fileName: "<b>fejl<b>.json", bytes: Array(bad.utf8))], &sek)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("id=\"curriculum-errors\"") && refused.body.contains("intet er gemt"))
            #expect(refused.body.contains("&lt;b&gt;fejl&lt;b&gt;.json:\(broken + 1):"), "the error names the file and line \(broken + 1)")
            #expect(refused.body.contains("Medicinsk eksperten") && !refused.body.contains("<b>fejl"))
            #expect(try fixture.snapshot() == before)
            // English errors for an English reader.
            let english = try await client.upload("/region/curricula?lang=en", [("_csrf", csrf)],
                                                  files: [FilePart(field: "file", fileName: "bad.json", bytes: Array(bad.utf8))], &sek)
            #expect(english.status == .unprocessableContent && english.body.contains("bad.json:\(broken + 1):") && english.body.contains("nothing is stored"))
            // No file chosen: a browser sends an empty file part.
            let none = try await client.upload("/region/curricula", [("_csrf", csrf)], files: [FilePart(field: "file", fileName: "", bytes: [])], &sek)
            #expect(none.status == .badRequest && none.body.contains("Vælg en fil"))
            // The good file: imported, what was imported shown, and listed.
            let good = try await client.upload("/region/curricula", [("_csrf", csrf)],
                                               files: [FilePart(field: "file", fileName: "kardiologi-2030.json", bytes: Array(original.utf8))], &sek)
            #expect(good.status == .created, "\(good.body.firstMatch(of: /id="curriculum-errors">(.*)<\/ul>/)?.1 ?? "")")
            let result = try #require(good.body.firstMatch(of: /id="curriculum-result"><p class="text">([^<]*)</)).1
            #expect(result.contains("Kardiologi 2030") && result.contains("kompetencer"), "\(result)")
            #expect(good.body.contains("id=\"curriculum-list\"") && good.body.contains("Kardiologi 2030 (intro"))
            #expect(try fixture.snapshot() != before)
            // The same file again: nothing changes, 200.
            let same = try await client.upload("/region/curricula", [("_csrf", csrf)],
                                               files: [FilePart(field: "file", fileName: "kardiologi-2030.json", bytes: Array(original.utf8))], &sek)
            #expect(same.status == .ok && same.body.contains("allerede importeret"))
        }
    }

    @Test("a programme file: errors by line, nothing imported; the stored one again changes nothing")
    func programImport() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let before = try fixture.snapshot()
            let bad = try await client.upload("/region/programs", [("_csrf", csrf)],
                                              files: [FilePart(field: "file", fileName: "program.json", bytes: Array("{\n  \"department\": \n".utf8))], &sek)
            #expect(bad.status == .unprocessableContent && bad.body.contains("id=\"program-errors\"") && bad.body.contains("program.json:"))
            #expect(try fixture.snapshot() == before)
            let stored = try example("program-ouh-kardiologi.json")
            let again = try await client.upload("/region/programs", [("_csrf", csrf)],
                                                files: [FilePart(field: "file", fileName: "program-ouh-kardiologi.json", bytes: Array(stored.utf8))], &sek)
            #expect((again.status == .ok || again.status == .created) && again.body.contains("id=\"program-result\""), "\(again.status)")
            #expect(again.body.contains("id=\"program-list\"") && again.body.contains("OUH-KAR"))
            // A new version of it: imported, said, and listed beside the old one.
            let newer = stored.replacingOccurrences(of: "\"version\": \"2024-1\"", with: "\"version\": \"2027-1\"")
            let imported = try await client.upload("/region/programs", [("_csrf", csrf)],
                                                   files: [FilePart(field: "file", fileName: "program-2027.json", bytes: Array(newer.utf8))], &sek)
            #expect(imported.status == .created, "\(imported.body.firstMatch(of: /id="program-errors">(.*)<\/ul>/)?.1 ?? "")")
            let result = try #require(imported.body.firstMatch(of: /id="program-result"><p class="text">([^<]*)</)).1
            #expect(result.contains("OUH-KAR 2027-1"), "\(result)")
            #expect(imported.body.contains("OUH-KAR 2027-1 for Kardiologi 2022") && imported.body.contains("OUH-KAR 2024-1 for Kardiologi 2022"))
        }
    }

    @Test("an upload over the API's import limit is refused with 413, nothing imported")
    func oversize() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var sek = try await client.webLogIn("sek.syd", fixture: fixture)
            let csrf = try #require(try await client.get("/region", &sek).csrf)
            let before = try fixture.snapshot()
            let huge = [UInt8](repeating: UInt8(ascii: " "), count: InputFile.maximumSize + 32 * 1024)
            let answer = try await client.upload("/region/curricula", [("_csrf", csrf)],
                                                 files: [FilePart(field: "file", fileName: "huge.json", bytes: huge)], &sek)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.body.contains("Filen er for stor"))
            #expect(try fixture.snapshot() == before)
            // Elsewhere a multipart body is no form: the ordinary forms stay at their 64 KiB.
            let id = try fixture.position("dr.berit")
            let elsewhere = try await client.upload("/positions/\(id)/meetings", [("_csrf", csrf)], files: [], &sek)
            #expect(elsewhere.status == .forbidden)
        }
    }
}

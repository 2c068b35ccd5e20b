import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// Issue 29, item 6: what the server told about people a caller may not see. An invitation or a grant for a handle out
/// of sight answers exactly as for a handle nobody has (same status, same body once the handles are swapped: no name,
/// role, department or region), in the API and on the pages; a failed log-in whose typed handle is no handle at all (a
/// password typed into the wrong field) is recorded without the text.
@Suite("Issue 29: the server leaks nothing about people out of sight")
struct LeakTests {
    @Test("POST /api/v1/invitations and POST /api/v1/grants for a handle out of sight answer exactly as for nobody")
    func api() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)   // a trainee of OUH-KAR
            let uao = try await client.logIn("dr.uao", fixture: fixture)       // the UAO of OUH-KAR
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)     // the UAO of OUH-NEU
            // The trainee asks about the UAO of another department, the UAOs about the other department's people.
            for (user, hidden) in [(ahmed, "dr.nuao"), (ahmed, "dr.niels"), (nuao, "dr.ahmed"), (uao, "dr.niels"), (uao, "dr.nhoved")] {
                let hiddenAnswer = try await client.refused(.post, "/api/v1/invitations", as: user, .object([("handle", .string(hidden))]),
                                                            status: .notFound, fixture: fixture)
                let missingAnswer = try await client.refused(.post, "/api/v1/invitations", as: user,
                                                             .object([("handle", .string("nobody.here"))]), status: .notFound, fixture: fixture)
                #expect(hiddenAnswer == missingAnswer.replacingOccurrences(of: "nobody.here", with: hidden), "\(user.handle) → \(hidden)")
                for word in ["Nina Uhd", "Niels", "Hanne", "OUH-NEU", "OUH-KAR", "Syddanmark", "role", "department"] where !missingAnswer.contains(word) {
                    #expect(!hiddenAnswer.contains(word), "\(user.handle) → \(hidden): \(hiddenAnswer)")
                }
            }
            // A UAO granting a role in their own department to someone out of sight: the missing answer, nothing granted.
            for hidden in ["dr.niels", "dr.nhoved"] {
                let grant = { (handle: String) in
                    JSONValue.object([("handle", .string(handle)), ("role", .string("supervisor")), ("department", .string("OUH-KAR"))])
                }
                let hiddenAnswer = try await client.refused(.post, "/api/v1/grants", as: uao, grant(hidden), status: .notFound, fixture: fixture)
                let missingAnswer = try await client.refused(.post, "/api/v1/grants", as: uao, grant("nobody.here"), status: .notFound,
                                                             fixture: fixture)
                #expect(hiddenAnswer == missingAnswer.replacingOccurrences(of: "nobody.here", with: hidden), "\(hiddenAnswer)")
                #expect(!hiddenAnswer.contains("Niels"), "\(hiddenAnswer)")
            }
            // In sight, nothing changes: the UAO invites their own hovedvejleder.
            let made = try await client.call(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.hoved"))]))
            #expect(made.status == .created, "\(made.text)")
        }
    }

    @Test("the page forms (department access, region) answer a handle out of sight exactly as one nobody has")
    func pages() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var uao = try await client.webLogIn("dr.uao", fixture: fixture)
            let page = try await client.get("/departments/OUH-KAR/access", &uao)
            let csrf = try #require(page.csrf)
            func answer(_ uri: String, _ fields: [(String, String)]) async throws -> WebPage {
                try await client.post(uri, [("_csrf", csrf)] + fields, &uao)
            }
            for hidden in ["dr.niels", "dr.nuao"] {
                let invited = try await answer("/departments/OUH-KAR/invitations", [("handle", hidden)])
                let nobody = try await answer("/departments/OUH-KAR/invitations", [("handle", "nobody.here")])
                #expect(invited.status == nobody.status && invited.refused, "\(invited.status)")
                #expect(invited.body == nobody.body.replacingOccurrences(of: "nobody.here", with: hidden))
                let granted = try await answer("/departments/OUH-KAR/grants", [("handle", hidden), ("role", "supervisor")])
                let none = try await answer("/departments/OUH-KAR/grants", [("handle", "nobody.here"), ("role", "supervisor")])
                #expect(granted.status == none.status && granted.refused, "\(granted.status)")
                #expect(granted.body == none.body.replacingOccurrences(of: "nobody.here", with: hidden))
                #expect(!granted.body.contains("Niels Nielsen") && !granted.body.contains("Nina Uhd"))
            }
        }
    }

    @Test("a failed log-in whose handle is not a handle (a password typed into the handle field) is recorded without the text")
    func logInRecord() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            var browser = try await client.webLogIn("sek.syd", fixture: fixture)
            let secret = "Hemmelig Kode 2027!"
            for handle in [secret, "dr.nobody"] {
                try await client.execute(uri: "/api/v1/session", method: .post,
                                         body: body(.object([("handle", .string(handle)), ("password", .string("wrong password!"))]))) {
                    #expect($0.status == .unauthorized)
                }
            }
            let secretariat = try await client.logInOnly("sek.syd")
            try await client.execute(uri: "/api/v1/log-ins", method: .get, headers: secretariat.readHeaders) { response in
                #expect(!text(response).contains("Hemmelig"), "\(text(response))")
                guard case .array(let rows) = json(response) else { throw TestFailure("not an array: \(text(response))") }
                #expect(rows.contains { $0["handle"] == .string("") && $0["outcome"] == .string("failed") }, "\(text(response))")
                #expect(rows.contains { $0["handle"] == .string("dr.nobody") }, "an unknown but valid handle is still shown as typed")
            }
            let region = try await client.get("/region", &browser)
            #expect(!region.body.contains("Hemmelig") && region.body.contains("(ikke et brugernavn)"), "\(region.body.suffix(2000))")
        }
    }
}

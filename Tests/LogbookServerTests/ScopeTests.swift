import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// Who sees which positions in the fixture: OUH-KAR holds the six demo trainees, OUH-NEU dr.niels.
let roles: [(handle: String, sees: @Sendable (String) -> Bool)] = [
    ("dr.ahmed", { $0 == "dr.ahmed" }),              // a trainee: their own
    ("dr.hoved", { $0 != "dr.niels" }),              // hovedvejleder in OUH-KAR
    ("dr.klinisk", { $0 != "dr.niels" }),            // daglig klinisk vejleder in OUH-KAR
    ("dr.uao", { $0 != "dr.niels" }),                // UAO of OUH-KAR
    ("dr.nuao", { $0 == "dr.niels" }),               // UAO of OUH-NEU
    ("sek.syd", { _ in true }),                      // the region's secretariat
]
let trainees = ["dr.ahmed", "dr.berit", "dr.carl", "dr.dorthe", "dr.emil", "dr.freja", "dr.niels"]

/// The answer for a position that does not exist, with `id` put in: what an out-of-scope position must answer.
func notFoundBody(_ id: Int64) -> String {
    #"{"type":"about:blank","title":"Not Found","status":404,"detail":"no position \#(id) you have access to","code":"refused","exit":1}"#
}

@Suite("logbook serve: reading is scoped, out of scope reads as missing")
struct ScopeTests {
    @Test("GET /positions lists exactly the positions each role may see")
    func lists() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            for (handle, sees) in roles {
                let user = handle == "sek.syd" ? try await client.logInOnly(handle) : try await client.logIn(handle, fixture: fixture)
                try await client.execute(uri: "/api/v1/positions", method: .get, headers: user.readHeaders) { response in
                    #expect(response.status == .ok)
                    guard case .array(let items) = json(response) else { throw TestFailure("not an array") }
                    let seen = Set(items.compactMap { item -> String? in
                        if case .string(let trainee)? = item["trainee"]?["handle"] { return trainee }
                        return nil
                    })
                    #expect(seen == Set(trainees.filter(sees)), "\(handle)")
                }
            }
        }
    }

    @Test("status: every role × every position is 200 in scope and exactly the missing-position answer out of scope (IDOR)")
    func status() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            for (handle, sees) in roles {
                let user = handle == "sek.syd" ? try await client.logInOnly(handle) : try await client.logIn(handle, fixture: fixture)
                for trainee in trainees {
                    let id = try #require(fixture.positions[trainee])
                    try await client.execute(uri: "/api/v1/positions/\(id)/status", method: .get, headers: user.readHeaders) { response in
                        if sees(trainee) {
                            #expect(response.status == .ok, "\(handle) on \(trainee)")
                            #expect(json(response)["position"] == .int(id))
                        } else {
                            #expect(response.status == .notFound, "\(handle) on \(trainee)")
                            #expect(text(response) == notFoundBody(id), "\(handle) on \(trainee)")
                        }
                    }
                }
                try await client.execute(uri: "/api/v1/positions/9999/status", method: .get, headers: user.readHeaders) { response in
                    #expect(response.status == .notFound)
                    #expect(text(response) == notFoundBody(9999))
                }
            }
        }
    }

    @Test("department reports: for the department's people and the region's secretariat; others get the missing answer")
    func reports() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            let cases: [(String, [String: Bool])] = [
                ("dr.ahmed", ["OUH-KAR": false, "OUH-NEU": false]),
                ("dr.hoved", ["OUH-KAR": true, "OUH-NEU": false]),
                ("dr.klinisk", ["OUH-KAR": true, "OUH-NEU": false]),
                ("dr.uao", ["OUH-KAR": true, "OUH-NEU": false]),
                ("dr.nuao", ["OUH-KAR": false, "OUH-NEU": true]),
                ("sek.syd", ["OUH-KAR": true, "OUH-NEU": true]),
            ]
            for (handle, allowed) in cases {
                let user = handle == "sek.syd" ? try await client.logInOnly(handle) : try await client.logIn(handle, fixture: fixture)
                for (code, may) in allowed {
                    try await client.execute(uri: "/api/v1/departments/\(code)/report", method: .get, headers: user.readHeaders) { response in
                        if may {
                            #expect(response.status == .ok, "\(handle) on \(code)")
                            #expect(json(response)["schema"] == .string("logbook-report-v1"))
                        } else {
                            #expect(response.status == .notFound, "\(handle) on \(code)")
                            #expect(json(response)["detail"] == .string("no department \"\(code)\" you have access to"))
                        }
                    }
                }
                try await client.execute(uri: "/api/v1/departments/NOPE/report", method: .get, headers: user.readHeaders) { response in
                    #expect(response.status == .notFound)
                    #expect(json(response)["detail"] == .string("no department \"NOPE\" you have access to"))
                }
            }
        }
    }

    @Test("approvals: the hovedvejleder approves (201); the trainee is refused (403); out of scope reads as missing (404)")
    func approvals() async throws {
        let fixture = try ServerFixture()
        let ahmed = try #require(fixture.positions["dr.ahmed"]), niels = try #require(fixture.positions["dr.niels"])
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let approval = body(.object([("codes", .array([.string("I1")])), ("comment", .string("fin"))]))
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: hoved.headers, body: approval) { response in
                #expect(response.status == .created, "\(text(response))")
                guard case .array(let events) = json(response), let event = events.first else { throw TestFailure("no events") }
                #expect(event["by"] == .string("dr.hoved") && event["competency"] == .string("I1") && event["role"] == .string("supervisor"))
            }
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: hoved.headers, body: approval) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: trainee.headers,
                                     body: body(.object([("codes", .array([.string("I2")]))]))) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // dr.nuao holds no grant in OUH-KAR: dr.ahmed's position does not exist for them; nor does dr.niels's for dr.hoved.
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: nuao.headers, body: approval) { response in
                #expect(response.status == .notFound)
                #expect(text(response) == notFoundBody(ahmed))
            }
            try await client.execute(uri: "/api/v1/positions/\(niels)/approvals", method: .post, headers: hoved.headers, body: approval) { response in
                #expect(text(response) == notFoundBody(niels))
            }
            try await client.execute(uri: "/api/v1/positions/9999/approvals", method: .post, headers: hoved.headers, body: approval) { response in
                #expect(text(response) == notFoundBody(9999))
            }
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: hoved.headers,
                                     body: ByteBuffer(string: "not json")) { #expect($0.status == .badRequest) }
        }
    }

    @Test("assessments: the trainee records on their own position; another trainee's reads as missing")
    func assessments() async throws {
        let fixture = try ServerFixture()
        let ahmed = try #require(fixture.positions["dr.ahmed"]), berit = try #require(fixture.positions["dr.berit"])
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let assessment = body(.object([("code", .string("I1")), ("method", .string("Mini-CEX")), ("date", .string("2027-03-03")),
                                           ("other_method", .bool(true))]))
            try await client.execute(uri: "/api/v1/positions/\(ahmed)/assessments", method: .post, headers: trainee.headers,
                                     body: assessment) { response in
                #expect(response.status == .created, "\(text(response))")
                #expect(json(response)["recorded_by"] == .string("dr.ahmed"))
            }
            try await client.execute(uri: "/api/v1/positions/\(berit)/assessments", method: .post, headers: trainee.headers,
                                     body: assessment) { response in
                #expect(text(response) == notFoundBody(berit))
            }
            try await client.execute(uri: "/api/v1/positions/abc/assessments", method: .post, headers: trainee.headers,
                                     body: assessment) { #expect($0.status == .notFound) }
        }
    }

    @Test("stored XSS: a name with <script> comes back JSON-escaped in a JSON response, never as markup")
    func xss() async throws {
        let name = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
        let fixture = try ServerFixture(extraTrainee: ("dr.xss", name))
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let id = try #require(fixture.positions["dr.xss"])
            for uri in ["/api/v1/positions", "/api/v1/positions/\(id)/status", "/api/v1/departments/OUH-KAR/report"] {
                try await client.execute(uri: uri, method: .get, headers: uao.readHeaders) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    expectSecurityHeaders(response)
                    let body = text(response)
                    #expect(!body.contains("<") && !body.contains(">") && body.contains("\\u003cscript\\u003e"), "\(uri)")
                    #expect(body.contains("\\u003cscript\\u003e") && ((try? JSONValue.parse(body))?.serialized() ?? "").contains(name) ,"\(uri)")
                }
            }
        }
    }
}

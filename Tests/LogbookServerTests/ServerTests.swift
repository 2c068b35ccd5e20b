import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// The headers every response must carry.
func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    let csp = response.headers[.contentSecurityPolicy] ?? ""
    #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil, sourceLocation: sourceLocation)
}

@Suite("logbook serve: health, headers, OpenAPI")
struct BasicsTests {
    @Test("/healthz answers ok, with the security headers; so does an error")
    func health() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == #"{"status":"ok"}"#)
                expectSecurityHeaders(response)
            }
            try await client.execute(uri: "/api/v1/positions", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                expectSecurityHeaders(response)
                let problem = json(response)
                #expect(problem["status"] == .int(401) && problem["code"] == .string("refused") && problem["exit"] == .int(1))
            }
            try await client.execute(uri: "/api/v1/no/such/thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                expectSecurityHeaders(response)
            }
            // A page path nobody routes is the web's 404 page, with the same headers.
            try await client.execute(uri: "/no/such/thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                expectSecurityHeaders(response)
            }
        }
    }

    @Test("the OpenAPI document is served and is 3.1")
    func openapi() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = json(response)
                #expect(document["openapi"] == .string("3.1.0"))
                guard case .object(let paths)? = document["paths"] else { throw TestFailure("no paths") }
                // That it names exactly the router's routes (paths and methods): RouteDocumentTests.
                #expect(!paths.isEmpty)
            }
        }
    }

    @Test("the OpenAPI document's bodies use snake_case keys, as every JSON output does (docs/schemas/README.md)")
    func openapiSnakeCase() throws {
        let document = try JSONValue.parse(OpenAPI.document)
        var names: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .array(let values): values.forEach(walk)
            case .object(let members):
                if case .object(let properties)? = value["properties"] { names += properties.map(\.0) }
                if case .array(let required)? = value["required"] {
                    names += required.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
                }
                members.forEach { walk($0.1) }
            default: break
            }
        }
        walk(document["components"] ?? .null)
        walk(document["paths"] ?? .null)
        #expect(names.contains("csrf_token") && names.contains("next_steps"))
        let camel = names.filter { $0.contains { $0.isUppercase } }
        #expect(camel.isEmpty, "camelCase keys in docs/openapi.json: \(camel)")
    }

    @Test("the production configuration comes from the environment: bcrypt cost 12 at least, Secure cookies")
    func configuration() throws {
        let configuration = try ServerConfiguration.from(databaseFlag: "x.sqlite", listen: "127.0.0.1:0", environment: [:])
        #expect(configuration.policy.bcryptCost == 12 && configuration.secureCookies && configuration.port == 0)
        #expect(throws: LogbookError.usage("LOGBOOK_BCRYPT_COST=10 must be a whole number from 12 to 16")) {
            try ServerConfiguration.from(databaseFlag: "x.sqlite", listen: "127.0.0.1:0", environment: ["LOGBOOK_BCRYPT_COST": "10"])
        }
        #expect(throws: LogbookError.usage("'--listen' must be HOST:PORT, e.g. 127.0.0.1:8080 (got \"8080\")")) {
            try ServerConfiguration.from(databaseFlag: "x.sqlite", listen: "8080", environment: [:])
        }
        let insecure = try ServerConfiguration.from(databaseFlag: "x.sqlite", listen: "[::1]:9000",
                                                    environment: ["LOGBOOK_INSECURE_COOKIES": "1"])
        #expect(!insecure.secureCookies && insecure.host == "::1" && insecure.port == 9000)
    }
}

@Suite("logbook serve: accounts and sessions")
struct AccountTests {
    @Test("log-in sets an HttpOnly, Secure, SameSite=Strict cookie and a new id every time; sign-out ends it")
    func cookieAndFixation() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let first = try await client.logIn("dr.hoved", fixture: fixture)
            // Logging in again while holding a session (or a planted id) gives a fresh id, never the one sent.
            try await client.execute(uri: "/api/v1/session", method: .post, headers: first.readHeaders,
                                     body: body(.object([("handle", .string("dr.hoved")), ("password", .string(ServerFixture.password))]))) { response in
                #expect(response.status == .ok)
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
                let id = try #require(type(of: client).sessionCookie(response))
                #expect(id != first.cookie && id.count >= 43)
                #expect(!text(response).contains(id))  // the id is only in the cookie
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: first.readHeaders) { response in
                #expect(response.status == .ok)
                #expect(json(response)["handle"] == .string("dr.hoved"))
            }
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: first.headers) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: first.readHeaders) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a planted session id that was never issued is refused")
    func plantedID() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/positions", method: .get,
                                     headers: [.cookie: "logbook_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("LOGBOOK_INSECURE_COOKIES drops only Secure")
    func insecureCookie() async throws {
        let fixture = try ServerFixture(secureCookies: false)
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("dr.uao", fixture: fixture)
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.uao")), ("password", .string(ServerFixture.password))]))) { response in
                let cookie = try #require(response.headers[.setCookie])
                #expect(!cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            }
        }
    }

    @Test("sessions end after the idle time and at the absolute end")
    func expiry() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let idle = try await client.logIn("dr.uao", fixture: fixture)
            fixture.clock.advance(29 * 60)
            try await client.execute(uri: "/api/v1/session", method: .get, headers: idle.readHeaders) { #expect($0.status == .ok) }
            fixture.clock.advance(29 * 60)  // used 29 minutes ago: still alive
            try await client.execute(uri: "/api/v1/session", method: .get, headers: idle.readHeaders) { #expect($0.status == .ok) }
            fixture.clock.advance(31 * 60)
            try await client.execute(uri: "/api/v1/session", method: .get, headers: idle.readHeaders) { #expect($0.status == .unauthorized) }
            let busy = try await client.logInOnly("dr.uao")
            for _ in 0..<25 {  // used every 29 minutes, it still ends 12 hours after log-in
                fixture.clock.advance(29 * 60)
                try await client.execute(uri: "/api/v1/session", method: .get, headers: busy.readHeaders) { _ in }
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: busy.readHeaders) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("every state-changing request needs the session's CSRF token")
    func csrf() async throws {
        let fixture = try ServerFixture()
        let position = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let other = try await client.logIn("dr.uao", fixture: fixture)
            let approval = body(.object([("codes", .array([.string("I1")]))]))
            for headers: HTTPFields in [
                hoved.readHeaders,  // missing
                [.cookie: "logbook_session=\(hoved.cookie)", HTTPField.Name("X-CSRF-Token")!: "wrong"],
                [.cookie: "logbook_session=\(hoved.cookie)", HTTPField.Name("X-CSRF-Token")!: other.csrf],  // another session's
            ] {
                try await client.execute(uri: "/api/v1/positions/\(position)/approvals", method: .post, headers: headers, body: approval) { response in
                    #expect(response.status == .forbidden)
                    #expect(text(response).contains("CSRF"))
                }
                try await client.execute(uri: "/api/v1/session", method: .delete, headers: headers) { #expect($0.status == .forbidden) }
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: hoved.readHeaders) { #expect($0.status == .ok) }
        }
    }

    @Test("failed log-ins slow down per account: the sixth try waits even with the right password; all are recorded")
    func throttling() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            _ = try await client.logIn("dr.uao", fixture: fixture)
            for _ in 0..<5 {
                try await client.execute(uri: "/api/v1/session", method: .post,
                                         body: body(.object([("handle", .string("dr.uao")), ("password", .string("wrong password!"))]))) { response in
                    #expect(response.status == .unauthorized)
                    #expect(json(response)["detail"] == .string("wrong handle or password"))
                }
            }
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.uao")), ("password", .string(ServerFixture.password))]))) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "30")
            }
            // An unknown handle answers like a wrong password.
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.nobody")), ("password", .string("whatever12345"))]))) { response in
                #expect(response.status == .unauthorized)
                #expect(json(response)["detail"] == .string("wrong handle or password"))
            }
            fixture.clock.advance(31)
            _ = try await client.logInOnly("dr.uao")
            let attempts = try Accounts.attempts(try fixture.session("sek.syd"))
            #expect(attempts.filter { $0.handle == "dr.uao" && !$0.ok }.count == 5)
            #expect(attempts.filter { $0.handle == "dr.uao" && $0.ok }.count == 2)
            #expect(attempts.contains { $0.handle == "dr.nobody" && $0.personID == nil })
            let forbidden = #expect(throws: LogbookError.self) { try Accounts.attempts(try fixture.session("dr.uao")) }
            #expect(forbidden?.reason == .forbidden && forbidden?.message.contains("only a secretariat lists log-in attempts") == true,
                    "\(String(describing: forbidden))")
        }
    }

    @Test("failed log-ins slow down per address too, across handles")
    func addressThrottling() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            for index in 0..<20 {
                try await client.execute(uri: "/api/v1/session", method: .post,
                                         body: body(.object([("handle", .string("dr.guess\(index)")), ("password", .string("wrong password!"))]))) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.other")), ("password", .string("wrong password!"))]))) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test("an invitation is used once, expires after 7 days, and needs a password of 12 characters")
    func invitations() async throws {
        let fixture = try ServerFixture()
        let token = try fixture.invite("dr.hoved", by: "dr.uao")
        let late = try fixture.invite("dr.klinisk", by: "dr.uao")
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/invitations/\(token)", method: .post,
                                     body: body(.object([("password", .string("short"))]))) { response in
                #expect(response.status == .unprocessableContent)
                #expect(json(response)["detail"] == .string("a password must have at least 12 characters (got 5)"))
            }
            try await client.execute(uri: "/api/v1/invitations/\(token)", method: .post,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/invitations/\(token)", method: .post,
                                     body: body(.object([("password", .string("another password"))]))) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/invitations/nonsense", method: .post,
                                     body: body(.object([("password", .string("another password"))]))) { #expect($0.status == .notFound) }
            fixture.clock.advance(7 * 24 * 3600)
            try await client.execute(uri: "/api/v1/invitations/\(late)", method: .post,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) { #expect($0.status == .notFound) }
        }
    }

    @Test("only whoever may grant a person's role invites them; the token is stored only as its hash")
    func inviteRule() throws {
        let fixture = try ServerFixture()
        // Each refused as forbidden, saying why.
        for (handle, inviter, says) in [("dr.berit", "dr.ahmed", "only someone who may grant dr.berit's role may invite them"),  // a trainee
                                        ("dr.uao", "dr.hoved", "only someone who may grant dr.uao's role may invite them"),     // a supervisor, for the UAO
                                        ("dr.berit", "dr.nuao", "only someone who may grant dr.berit's role may invite them"),  // another department's UAO
                                        ("dr.uao", "dr.uao", "dr.uao cannot invite themselves")] {                              // oneself
            let refused = #expect(throws: LogbookError.self, "\(inviter) invites \(handle)") { try fixture.invite(handle, by: inviter) }
            #expect(refused?.reason == .forbidden && refused?.message.contains(says) == true, "\(inviter) invites \(handle): \(String(describing: refused))")
        }
        let token = try fixture.invite("dr.berit", by: "dr.uao")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        #expect(bytes.range(of: Data(token.utf8)) == nil)
    }
}

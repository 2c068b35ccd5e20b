import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// The key of the two-factor tests (the server reads one from LOGBOOK_TOTP_KEY_FILE).
let testTOTPKey = TOTPKey(bytes: Array(0..<32))!

extension ServerFixture {
    /// The in-process application with TOTP set up (and required for `require`), on the fixture's database.
    func twoFactorApp(require: Set<GrantRole> = [], key: TOTPKey? = testTOTPKey) throws -> some ApplicationProtocol {
        var configuration = self.configuration
        configuration.policy.totpKey = key
        configuration.policy.requireTOTP = require
        return buildApplication(configuration: configuration, database: try Database(configuration: configuration))
    }
}

/// An authenticator app: the secret of an enrolment (base32, as shown once) and the code it shows at a moment.
struct Authenticator {
    let secret: String

    /// Decodes RFC 4648 base32 (no padding) into the secret HummingbirdOTP takes.
    init(base32: String) throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bytes: [UInt8] = [], buffer = 0, bits = 0
        for character in base32 {
            guard let value = alphabet.firstIndex(of: character) else { throw TestFailure("not base32: \(base32)") }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        secret = String(decoding: bytes, as: UTF8.self)
    }

    /// The 6 digits for Unix time `seconds`, computed with HummingbirdOTP's TOTP as an authenticator app would.
    func code(at seconds: Int64) -> String {
        let value = TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%06d", value)
    }
}

extension TestClientProtocol {
    /// POST /session with an optional code; the response's status and body.
    func logInAttempt(_ handle: String, password: String = ServerFixture.password, code: String?) async throws -> (HTTPResponse.Status, JSONValue, String?) {
        var members: [(String, JSONValue)] = [("handle", .string(handle)), ("password", .string(password))]
        if let code { members.append(("code", .string(code))) }
        return try await execute(uri: "/api/v1/session", method: .post, body: body(.object(members))) { response in
            (response.status, json(response), Self.sessionCookie(response))
        }
    }

    /// Enrols `user` and confirms with the current code; the authenticator.
    func enrolTOTP(_ user: LoggedIn, clock: TestClock) async throws -> Authenticator {
        let app = try await execute(uri: "/api/v1/session/totp", method: .post, headers: user.headers) { response in
            #expect(response.status == .created, "\(text(response))")
            guard case .string(let secret)? = json(response)["secret"] else { throw TestFailure("no secret: \(text(response))") }
            return try Authenticator(base32: secret)
        }
        try await execute(uri: "/api/v1/session/totp/confirmation", method: .post, headers: user.headers,
                          body: body(.object([("code", .string(app.code(at: clock.now)))]))) { response in
            #expect(response.status == .ok, "\(text(response))")
        }
        return app
    }
}

@Suite("logbook serve: two-factor log-in (TOTP)")
struct TwoFactorTests {
    @Test("enrol, confirm with a code, then log in with password and code; a wrong or missing code fails like a wrong password")
    func enrolConfirmLogIn() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let app = try await client.execute(uri: "/api/v1/session/totp", method: .post, headers: uao.headers) { response in
                #expect(response.status == .created)
                let answer = json(response)
                guard case .string(let secret)? = answer["secret"], case .string(let uri)? = answer["uri"] else {
                    throw TestFailure("\(text(response))")
                }
                #expect(secret.count == 32 && secret.allSatisfy { $0.isUppercase || ("2"..."7").contains($0) })
                #expect(uri == "otpauth://totp/Logbog:dr.uao?secret=\(secret)&issuer=Logbog")
                return try Authenticator(base32: secret)
            }
            // Pending: log-in still needs no code.
            #expect(try await client.logInAttempt("dr.uao", code: nil).0 == .ok)
            try await client.execute(uri: "/api/v1/session/totp/confirmation", method: .post, headers: uao.headers,
                                     body: body(.object([("code", .string("000000"))]))) { response in
                #expect(response.status == .unprocessableContent)
                #expect(text(response).contains("not the code the authenticator app shows now"))
            }
            try await client.execute(uri: "/api/v1/session/totp/confirmation", method: .post, headers: uao.headers,
                                     body: body(.object([("code", .string(app.code(at: fixture.clock.now)))]))) { response in
                #expect(response.status == .ok)
                #expect(json(response)["authentication"] == .string("password+totp"))
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: uao.readHeaders) { response in
                #expect(json(response)["authentication"] == .string("password+totp"))
            }
            // Confirmed: no code, a wrong code, or the code just used fail like a wrong password.
            for code in [nil, "123456", app.code(at: fixture.clock.now), "abcdef"] {
                let (status, answer, cookie) = try await client.logInAttempt("dr.uao", code: code)
                #expect(status == .unauthorized && cookie == nil, "\(code ?? "no code")")
                #expect(answer["detail"] == .string("wrong handle or password"))
            }
            fixture.clock.advance(30)
            let (status, answer, cookie) = try await client.logInAttempt("dr.uao", code: app.code(at: fixture.clock.now))
            #expect(status == .ok && cookie != nil)
            #expect(answer["authentication"] == .string("password+totp") && answer["enrolment_only"] == .bool(false))
            let attempts = try Accounts.attempts(try fixture.session("sek.syd"))
            #expect(attempts.filter { $0.handle == "dr.uao" && !$0.ok }.count == 4)
        }
    }

    @Test("a code is accepted one step either side of now, once, and never after a later one")
    func window() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let app = try await client.enrolTOTP(uao, clock: fixture.clock)
            fixture.clock.advance(120)  // four steps on
            let now = fixture.clock.now
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now - 60)).0 == .unauthorized)  // two behind
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now + 60)).0 == .unauthorized)  // two ahead
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now - 30)).0 == .ok)            // one behind
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now - 30)).0 == .unauthorized)  // replayed
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now + 30)).0 == .ok)            // one ahead
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: now)).0 == .unauthorized)       // before the last used
        }
    }

    @Test("wrong codes count as failed log-ins: the sixth try waits even with the right code")
    func throttled() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let app = try await client.enrolTOTP(uao, clock: fixture.clock)
            fixture.clock.advance(30)
            for _ in 0..<5 { #expect(try await client.logInAttempt("dr.uao", code: "000000").0 == .unauthorized) }
            #expect(try await client.logInAttempt("dr.uao", code: app.code(at: fixture.clock.now)).0 == .tooManyRequests)
        }
    }

    @Test("LOGBOOK_REQUIRE_TOTP: a UAO without TOTP gets a session that may only enrol; others are not limited")
    func requiredButNotEnrolled() async throws {
        let fixture = try ServerFixture()
        let position = try #require(fixture.positions["dr.ahmed"])
        try await fixture.twoFactorApp(require: [.uao, .secretariat]).test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            try await client.execute(uri: "/api/v1/session", method: .get, headers: uao.readHeaders) { response in
                #expect(response.status == .ok)
                #expect(json(response)["enrolment_only"] == .bool(true) && json(response)["authentication"] == .string("password"))
            }
            for (uri, method) in [("/api/v1/positions", HTTPRequest.Method.get), ("/api/v1/positions/\(position)/status", .get),
                                  ("/api/v1/positions/\(position)/approvals", .post), ("/api/v1/departments/OUH-KAR/report", .get)] {
                try await client.execute(uri: uri, method: method, headers: uao.headers, body: body(.object([("codes", .array([.string("I1")]))]))) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(text(response).contains("two-factor log-in is required for your role (secretariat, uao)"))
                }
            }
            // A trainee and a supervisor hold no such role.
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: trainee.readHeaders) { #expect($0.status == .ok) }
            // Enrolling lifts the limit in this session; from now on the UAO logs in with a code.
            let app = try await client.enrolTOTP(uao, clock: fixture.clock)
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: uao.readHeaders) { #expect($0.status == .ok) }
            fixture.clock.advance(30)
            #expect(try await client.logInAttempt("dr.uao", code: nil).0 == .unauthorized)
            let (status, answer, _) = try await client.logInAttempt("dr.uao", code: app.code(at: fixture.clock.now))
            #expect(status == .ok && answer["enrolment_only"] == .bool(false))
        }
    }

    @Test("a proxy single sign-on session is recorded as 'proxy' and not limited: the region's identity provider authenticates")
    func proxySession() async throws {
        let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: [AddressRange("127.0.0.1")!, AddressRange("::1")!],
                                                                                userHeader: "X-Remote-User"))
        let remoteUser = HTTPField.Name("X-Remote-User")!
        try await fixture.twoFactorApp(require: [.uao]).test(.live) { client in
            try await client.execute(uri: "/api/v1/session", method: .get, headers: [remoteUser: "dr.uao"]) { response in
                #expect(response.status == .ok, "\(text(response))")
                #expect(json(response)["authentication"] == .string("proxy") && json(response)["enrolment_only"] == .bool(false))
            }
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: [remoteUser: "dr.uao"]) { #expect($0.status == .ok) }
        }
    }

    @Test("removing TOTP needs the password or a code; a wrong one is a failed log-in and changes nothing")
    func removal() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let app = try await client.enrolTOTP(uao, clock: fixture.clock)
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.headers, body: body(.object([]))) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.headers,
                                     body: body(.object([("password", .string("not my password"))]))) { response in
                #expect(response.status == .unprocessableContent)
                #expect(json(response)["detail"] == .string("wrong password or code; two-factor log-in stays on"))
            }
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.readHeaders,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) {
                #expect($0.status == .forbidden)  // no CSRF token
            }
            fixture.clock.advance(30)
            #expect(try await client.logInAttempt("dr.uao", code: nil).0 == .unauthorized)
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.headers,
                                     body: body(.object([("code", .string(app.code(at: fixture.clock.now)))]))) { #expect($0.status == .noContent) }
            let (status, answer, _) = try await client.logInAttempt("dr.uao", code: nil)
            #expect(status == .ok && answer["authentication"] == .string("password"))
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.headers,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) { #expect($0.status == .notFound) }
            // Enrol again, remove with the password.
            _ = try await client.enrolTOTP(uao, clock: fixture.clock)
            try await client.execute(uri: "/api/v1/session/totp", method: .delete, headers: uao.headers,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) { #expect($0.status == .noContent) }
            let attempts = try Accounts.attempts(try fixture.session("sek.syd"))
            #expect(attempts.filter { $0.handle == "dr.uao" && !$0.ok }.count == 2)
        }
    }

    @Test("the stored secret is sealed: neither it nor its base32 is in the database file, and another key cannot use it")
    func sealed() async throws {
        let fixture = try ServerFixture()
        let app = try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            return try await client.enrolTOTP(uao, clock: fixture.clock)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path)) + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(app.secret.utf8)) == nil)
        #expect(bytes.range(of: Data(TwoFactor.base32(Array(app.secret.utf8)).utf8)) == nil)
        fixture.clock.advance(30)
        // A server with another key cannot check codes: the log-in fails closed.
        try await fixture.twoFactorApp(key: TOTPKey(bytes: Array(repeating: 7, count: 32))!).test(.router) { client in
            let (status, _, _) = try await client.logInAttempt("dr.uao", code: app.code(at: fixture.clock.now))
            #expect(status == .unauthorized)
        }
    }

    @Test("without LOGBOOK_TOTP_KEY_FILE nobody can enrol, and the answer says which setting is missing")
    func noKey() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp(key: nil).test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            try await client.execute(uri: "/api/v1/session/totp", method: .post, headers: uao.headers) { response in
                #expect(response.status == .conflict)
                #expect(text(response).contains("LOGBOOK_TOTP_KEY_FILE"))
            }
        }
    }

    @Test("a new invitation resets a lost phone: the person logs in with the new password alone")
    func invitationResets() async throws {
        let fixture = try ServerFixture()
        try await fixture.twoFactorApp().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            _ = try await client.enrolTOTP(uao, clock: fixture.clock)
            _ = try await client.logIn("dr.uao", fixture: fixture)  // invitation by sek.syd, new password, log-in without a code
        }
    }

    @Test("LOGBOOK_TOTP_KEY_FILE and LOGBOOK_REQUIRE_TOTP are read and checked")
    func configuration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-totp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("totp.key").path, bad = folder.appendingPathComponent("bad.key").path
        try (Data((0..<32).map { UInt8($0) }).base64EncodedString() + "\n").write(toFile: good, atomically: true, encoding: .utf8)
        try "too short".write(toFile: bad, atomically: true, encoding: .utf8)
        let read = { (environment: [String: String]) in
            try ServerConfiguration.from(databaseFlag: "x.sqlite", listen: "127.0.0.1:0", environment: environment)
        }
        let configured = try read(["LOGBOOK_TOTP_KEY_FILE": good, "LOGBOOK_REQUIRE_TOTP": "uao, tutor,secretariat"])
        #expect(configured.policy.totpKey != nil && configured.policy.requireTOTP == [.uao, .tutor, .secretariat])
        #expect(try read([:]).policy.totpKey == nil && read([:]).policy.requireTOTP.isEmpty)
        // Each a usage error (exit 64) with its own words.
        for (environment, says) in [(["LOGBOOK_REQUIRE_TOTP": "uao"], "LOGBOOK_REQUIRE_TOTP needs LOGBOOK_TOTP_KEY_FILE too"),
                                    (["LOGBOOK_TOTP_KEY_FILE": bad], "\(bad) must hold the base64 of 32 random bytes"),
                                    (["LOGBOOK_TOTP_KEY_FILE": folder.appendingPathComponent("missing").path], "/missing cannot be read"),
                                    (["LOGBOOK_TOTP_KEY_FILE": good, "LOGBOOK_REQUIRE_TOTP": "uao,boss"], "\"boss\" is not a role")] {
            let error = #expect(throws: LogbookError.self, "\(environment)") { try read(environment) }
            #expect(error?.status == .usage && error?.message.contains(says) == true, "\(environment): \(String(describing: error))")
        }
    }
}

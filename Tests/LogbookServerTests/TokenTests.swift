import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Logging
import Testing

/// Log lines kept in memory, to check what a request writes to the log.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger writing into this capture, message and metadata.
    func logger() -> Logger {
        Logger(label: "logbook.test") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            capture.append("\(level) \(message) \(metadata.merging(extra ?? [:]) { $1 })")
        }
    }
}

extension TestClientProtocol {
    /// Makes a token in `user`'s session; the token and its id.
    func makeToken(_ user: LoggedIn, scope: String, days: Int? = nil, name: String = "nightly report") async throws -> (token: String, id: Int64) {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("scope", .string(scope))]
        if let days { members.append(("days", .int(Int64(days)))) }
        return try await execute(uri: "/api/v1/tokens", method: .post, headers: user.headers, body: body(.object(members))) { response in
            #expect(response.status == .created, "\(text(response))")
            guard case .string(let token)? = json(response)["token"], case .int(let id)? = json(response)["id"] else {
                throw TestFailure("no token: \(text(response))")
            }
            return (token, id)
        }
    }
}

/// Bearer headers.
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

@Suite("logbook serve: personal API tokens")
struct TokenTests {
    @Test("a read token reads without cookie or CSRF and is refused (403) on anything that changes data")
    func readToken() async throws {
        let fixture = try ServerFixture()
        let position = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let (token, _) = try await client.makeToken(hoved, scope: "read")
            #expect(token.hasPrefix("lbk_") && token.count >= 47)
            try await client.execute(uri: "/api/v1/positions/\(position)/status", method: .get, headers: bearer(token)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: bearer(token)) { response in
                #expect(json(response)["handle"] == .string("dr.hoved") && json(response)["authentication"] == .string("token"))
            }
            try await client.execute(uri: "/api/v1/positions/\(position)/approvals", method: .post, headers: bearer(token),
                                     body: body(.object([("codes", .array([.string("I1")]))]))) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("may only read"))
            }
            // Scoped like the person: another department's position reads as missing.
            let niels = try #require(fixture.positions["dr.niels"])
            try await client.execute(uri: "/api/v1/positions/\(niels)/status", method: .get, headers: bearer(token)) { #expect($0.status == .notFound) }
        }
    }

    @Test("an act token acts without cookie and without CSRF; a cookie without CSRF is still refused")
    func actToken() async throws {
        let fixture = try ServerFixture()
        let position = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let (token, _) = try await client.makeToken(hoved, scope: "act")
            try await client.execute(uri: "/api/v1/positions/\(position)/approvals", method: .post, headers: hoved.readHeaders,
                                     body: body(.object([("codes", .array([.string("I1")]))]))) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/positions/\(position)/approvals", method: .post, headers: bearer(token),
                                     body: body(.object([("codes", .array([.string("I1")]))]))) { response in
                #expect(response.status == .created, "\(text(response))")
                guard case .array(let events) = json(response) else { throw TestFailure("not an array") }
                #expect(events.first?["by"] == .string("dr.hoved"))
            }
            // A token never manages credentials: no new tokens, no TOTP, no sign-out.
            for (uri, method) in [("/api/v1/tokens", HTTPRequest.Method.post), ("/api/v1/tokens", .get), ("/api/v1/session/totp", .post),
                                  ("/api/v1/session", .delete)] {
                try await client.execute(uri: uri, method: method, headers: bearer(token),
                                         body: body(.object([("name", .string("x")), ("scope", .string("act"))]))) { response in
                    #expect(response.status == .forbidden, "\(method) \(uri)")
                    #expect(text(response).contains("cannot manage log-in"))
                }
            }
        }
    }

    @Test("a revoked, expired, unknown or malformed token is 401; revoking another person's token reads as missing")
    func revokedAndExpired() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let (revoked, revokedID) = try await client.makeToken(hoved, scope: "read")
            let (shortLived, _) = try await client.makeToken(hoved, scope: "read", days: 1)
            try await client.execute(uri: "/api/v1/tokens/\(revokedID)", method: .delete, headers: uao.headers) { response in
                #expect(response.status == .notFound)
                #expect(json(response)["detail"] == .string("no API token \(revokedID) of yours; see GET /api/v1/tokens"))
            }
            try await client.execute(uri: "/api/v1/tokens/999", method: .delete, headers: uao.headers) { response in
                #expect(json(response)["detail"] == .string("no API token 999 of yours; see GET /api/v1/tokens"))
            }
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: bearer(revoked)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/tokens/\(revokedID)", method: .delete, headers: hoved.headers) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/tokens/\(revokedID)", method: .delete, headers: hoved.headers) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: bearer(revoked)) { response in
                #expect(response.status == .unauthorized)
                #expect(text(response).contains("unknown, revoked or expired"))
            }
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: bearer(shortLived)) { #expect($0.status == .ok) }
            fixture.clock.advance(24 * 3600)
            for token in [shortLived, "lbk_" + String(repeating: "A", count: 43), "nonsense"] {
                try await client.execute(uri: "/api/v1/positions", method: .get, headers: bearer(token)) { #expect($0.status == .unauthorized) }
            }
            let again = try await client.logInOnly("dr.hoved")  // the first session has been idle too long
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: again.readHeaders) { response in
                guard case .array(let tokens) = json(response) else { throw TestFailure("not an array: \(text(response))") }
                #expect(tokens.map { $0["state"] } == [.string("expired"), .string("revoked")])
                #expect(!text(response).contains(revoked) && !text(response).contains(shortLived) && !text(response).contains("lbk_"))
            }
            let uaoAgain = try await client.logInOnly("dr.uao")
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: uaoAgain.readHeaders) { #expect(json($0) == .array([])) }
        }
    }

    @Test("bad token requests: a missing name, an unknown scope, days out of range are 400 and make nothing")
    func badRequests() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            for (members, message) in [
                ([("scope", JSONValue.string("read"))], "'name' is missing"),
                ([("name", .string("x")), ("scope", .string("write"))], "'scope' must be \"read\" or \"act\" (got \"write\")"),
                ([("name", .string("x")), ("scope", .string("read")), ("days", .int(366))], "'days' must be a whole number from 1 to 365 (got 366)"),
                ([("name", .string("x")), ("scope", .string("read")), ("days", .string("7"))], "'days' must be a whole number, not"),
                ([("name", .string("  ")), ("scope", .string("read"))], "'name'"),
            ] {
                try await client.execute(uri: "/api/v1/tokens", method: .post, headers: hoved.headers, body: body(.object(members))) { response in
                    #expect(response.status == .badRequest, "\(message)")
                    #expect(text(response).contains(message.replacingOccurrences(of: "\"", with: "\\\"")), "\(text(response))")
                }
            }
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: hoved.readHeaders) { #expect(json($0) == .array([])) }
        }
    }

    @Test("the stored row holds only the token's hash, and no token appears in the log")
    func storedHashedNeverLogged() async throws {
        let fixture = try ServerFixture()
        let capture = LogCapture()
        let app = buildApplication(configuration: fixture.configuration, database: fixture.database, logger: capture.logger())
        let token = try await app.test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let (token, _) = try await client.makeToken(hoved, scope: "act")
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: bearer(token)) { #expect($0.status == .ok) }
            return token
        }
        #expect(capture.text.contains("/api/v1/positions") && capture.text.contains("dr.hoved"))
        #expect(!capture.text.contains(token) && !capture.text.contains(String(token.dropFirst(4))))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path)) + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(token.utf8)) == nil && bytes.range(of: Data(token.dropFirst(4).utf8)) == nil)
    }
}

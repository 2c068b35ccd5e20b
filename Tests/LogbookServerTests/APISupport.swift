import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import LogbookStore
import SQLite
import Testing

/// The tables of accounts and server sessions change with every log-in; a refused act must leave every other one as it was.
private let sessionTables: Set<String> = ["account", "invitation", "login_attempt", "server_session"]

extension ServerFixture {
    /// Every row of every table but the account and session tables, in rowid order.
    func snapshot() throws -> [String] {
        let connection = try Store(path: path).connection
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.string(0) }
        var lines: [String] = []
        for table in tables where !sessionTables.contains(table) {
            for row in try connection.query("SELECT * FROM \"\(table)\"") { lines.append("\(table): \(row.values)") }
        }
        return lines
    }

    /// The position id of `trainee`.
    func position(_ trainee: String) throws -> Int64 { try #require(positions[trainee]) }
}

/// The response body as an array (a test failure otherwise).
func array(_ response: TestResponse) throws -> [JSONValue] {
    guard case .array(let items) = json(response) else { throw TestFailure("not an array: \(text(response))") }
    return items
}

/// An integer member.
func int(_ value: JSONValue?) -> Int64? {
    if case .int(let number)? = value { return number }
    return nil
}

/// A string member.
func string(_ value: JSONValue?) -> String? {
    if case .string(let text)? = value { return text }
    return nil
}

extension TestClientProtocol {
    /// Sends `method uri` as `user` (with the CSRF token for anything but GET) and returns status, body text and JSON.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, as user: LoggedIn, _ value: JSONValue? = nil, raw: String? = nil)
        async throws -> (status: HTTPResponse.Status, text: String, json: JSONValue, type: String?)
    {
        let buffer = raw.map { ByteBuffer(string: $0) } ?? value.map(body)
        return try await execute(uri: uri, method: method, headers: method == .get ? user.readHeaders : user.headers, body: buffer) { response in
            (response.status, text(response), json(response), response.headers[.contentType])
        }
    }

    /// Sends a request that must be refused with `status` as a problem, leaving the database (but sessions) unchanged.
    @discardableResult
    func refused(_ method: HTTPRequest.Method, _ uri: String, as user: LoggedIn, _ value: JSONValue? = nil, raw: String? = nil,
                 status: HTTPResponse.Status, fixture: ServerFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let before = try fixture.snapshot()
        let answer = try await call(method, uri, as: user, value, raw: raw)
        #expect(answer.status == status, "\(method) \(uri) as \(user.handle): \(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.type == "application/problem+json", "\(method) \(uri)", sourceLocation: sourceLocation)
        #expect(int(answer.json["status"]) == Int64(status.code), sourceLocation: sourceLocation)
        #expect(try fixture.snapshot() == before, "a refused \(method) \(uri) changed the database", sourceLocation: sourceLocation)
        return answer.text
    }

    /// Something out of the user's sight must answer exactly like something that does not exist: the two answers are the
    /// same once the ids are swapped, and both are 404.
    func sameAsMissing(_ method: HTTPRequest.Method, _ template: String, id: Int64, missing: Int64 = 987_654, as user: LoggedIn,
                       _ value: JSONValue? = nil, fixture: ServerFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let hidden = try await refused(method, template.replacingOccurrences(of: "{id}", with: String(id)), as: user, value,
                                       status: .notFound, fixture: fixture, sourceLocation: sourceLocation)
        let absent = try await refused(method, template.replacingOccurrences(of: "{id}", with: String(missing)), as: user, value,
                                       status: .notFound, fixture: fixture, sourceLocation: sourceLocation)
        #expect(hidden == absent.replacingOccurrences(of: String(missing), with: String(id)), "\(method) \(template) as \(user.handle)",
                sourceLocation: sourceLocation)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import LogbookStore
import Testing

/// A settable clock (Unix seconds) for session expiry and log-in throttling.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 1_800_000_000
    var now: Int64 { lock.withLock { value } }
    func advance(_ seconds: Int64) { lock.withLock { value += seconds } }
}

/// The demo department (OUH-KAR: sek.syd, dr.uao, dr.hoved, dr.klinisk, six trainees) plus a second department of the
/// same region (OUH-NEU: dr.nuao, dr.nhoved and trainee dr.niels) in a fresh database, served in-process.
final class ServerFixture: @unchecked Sendable {
    static let today = CalendarDate(iso: "2027-03-04")!
    /// Every person in the fixture who can log in, with one password for all.
    static let password = "correct horse battery"

    let folder: URL
    let path: String
    let clock = TestClock()
    let configuration: ServerConfiguration
    let database: Database
    /// Position ids by trainee handle.
    private(set) var positions: [String: Int64] = [:]
    /// The server's signing key (registered as `server:test`).
    let serverKey = PrivateSigningKey()

    init(secureCookies: Bool = true, extraTrainee: (handle: String, name: String)? = nil, proxy: ProxyTrust = ProxyTrust()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("logbook.sqlite").path
        let store = try Store(path: path)
        func acting(_ handle: String?) -> Session { Session(store: store, today: Self.today, actorHandle: handle) }
        let outcome = try Demo.run(acting(nil))
        for (trainee, _, id) in outcome.positions { positions[trainee] = id }
        let secretariat = acting("sek.syd")
        _ = try Departments.add(secretariat, code: "OUH-NEU", name: "Neurologisk Afdeling N", kind: .hospital, region: "Syddanmark")
        var people = [("dr.nuao", "Nina Uhd"), ("dr.nhoved", "Niels Hvid"), ("dr.niels", "Niels Nielsen")]
        if let extraTrainee { people.append(extraTrainee) }
        for (handle, name) in people {
            _ = try People.add(secretariat, handle: handle, name: name, authorisationID: nil)
        }
        _ = try Grants.add(secretariat, handle: "dr.nuao", role: .uao, departmentCode: "OUH-NEU", region: nil, from: "2025-01-01",
                           until: nil, mayApprove: false)
        _ = try Grants.add(acting("dr.nuao"), handle: "dr.nhoved", role: .supervisor, departmentCode: "OUH-NEU", region: nil,
                           from: "2025-01-01", until: nil, mayApprove: false)
        let niels = try Positions.start(acting("dr.nuao"), Positions.StartRequest(
            trainee: "dr.niels", department: "OUH-NEU", curriculum: "Kardiologi", start: "2027-01-01", supervisor: "dr.nhoved"))
        positions["dr.niels"] = niels.id
        if let extraTrainee {
            let extra = try Positions.start(acting("dr.uao"), Positions.StartRequest(
                trainee: extraTrainee.handle, department: "OUH-KAR", curriculum: "Kardiologi", start: "2027-01-01", supervisor: "dr.hoved"))
            positions[extraTrainee.handle] = extra.id
        }
        // The server's key, registered by the secretariat: every act through the fixture's server is signed by it.
        _ = try Keys.register(secretariat, holder: "server:test", publicKey: serverKey.publicKey.base64, from: "2025-01-01", until: nil)
        let clock = self.clock
        var configuration = ServerConfiguration(
            databasePath: path, secureCookies: secureCookies, policy: Accounts.Policy(bcryptCost: 4), readers: 2,
            today: { ServerFixture.today }, seconds: { clock.now }, proxy: proxy, serverKey: serverKey)
        // A live test on a loaded machine may pause between requests longer than a person would: generous connection
        // limits here (the limits themselves are tested against a server process, Issue30Tests).
        configuration.limits = ConnectionLimits(headerSeconds: 120, idleSeconds: 600)
        self.configuration = configuration
        database = try Database(configuration: configuration)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A session on the fixture's database as `handle` (for invitations and checks), on the fixture's day and clock.
    func session(_ handle: String?) throws -> Session {
        let clock = self.clock
        return Session(store: try Store(path: path), today: Self.today, actorHandle: handle, seconds: { clock.now })
    }

    /// An invitation token for `handle`, made by `inviter`.
    func invite(_ handle: String, by inviter: String?) throws -> String {
        try Accounts.invite(try session(inviter), handle: handle).token
    }

    /// The in-process application.
    func app() -> some ApplicationProtocol { buildApplication(configuration: configuration, database: database) }
}

/// Who may invite whom in the fixture.
let inviterOf: [String: String] = [
    "dr.uao": "sek.syd", "dr.nuao": "sek.syd", "dr.hoved": "dr.uao", "dr.klinisk": "dr.uao", "dr.nhoved": "dr.nuao",
    "dr.niels": "dr.nuao",
]

/// A logged-in client: the cookie and the CSRF token.
struct LoggedIn {
    let handle: String
    let cookie: String
    let csrf: String

    var headers: HTTPFields { [.cookie: "logbook_session=\(cookie)", HTTPField.Name("X-CSRF-Token")!: csrf] }
    var readHeaders: HTTPFields { [.cookie: "logbook_session=\(cookie)"] }
}

/// The response body as JSON.
func json(_ response: TestResponse) -> JSONValue {
    (try? JSONValue.parse(Array(response.body.readableBytesView))) ?? .null
}

/// The response body as text.
func text(_ response: TestResponse) -> String { String(buffer: response.body) }

/// JSON request body.
func body(_ value: JSONValue) -> ByteBuffer { ByteBuffer(string: value.serialized()) }

extension TestClientProtocol {
    /// Sets `handle`'s password through an invitation (by `inviterOf`, else the UAO) and logs in.
    func logIn(_ handle: String, fixture: ServerFixture) async throws -> LoggedIn {
        // The secretariat's is the database's first account (bootstrap: no inviter); trainees of OUH-KAR by its UAO.
        let token = try fixture.invite(handle, by: handle == "sek.syd" ? nil : inviterOf[handle] ?? "dr.uao")
        try await execute(uri: "/api/v1/invitations/\(token)", method: .post,
                          body: body(.object([("password", .string(ServerFixture.password))]))) { response in
            #expect(response.status == .ok, "\(text(response))")
        }
        return try await logInOnly(handle)
    }

    /// Logs in with the fixture password.
    func logInOnly(_ handle: String, password: String = ServerFixture.password) async throws -> LoggedIn {
        try await execute(uri: "/api/v1/session", method: .post,
                          body: body(.object([("handle", .string(handle)), ("password", .string(password))]))) { response in
            #expect(response.status == .ok, "\(text(response))")
            let cookie = try #require(Self.sessionCookie(response))
            guard case .string(let csrf)? = json(response)["csrf_token"] else { throw TestFailure("no csrf_token") }
            return LoggedIn(handle: handle, cookie: cookie, csrf: csrf)
        }
    }

    /// The session cookie's value from Set-Cookie.
    static func sessionCookie(_ response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("logbook_session=") else { return nil }
        return String(header.dropFirst("logbook_session=".count).prefix { $0 != ";" })
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

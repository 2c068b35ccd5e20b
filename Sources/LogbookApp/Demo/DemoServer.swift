#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import LogbookStore
import SQLite

/// `logbook serve --demo`: the department of `logbook demo` in a fresh database, and a one-time invitation for one
/// person in each role, so a new user can set a password and log in through the API at once.
public enum DemoServer {
    /// One person of the demo who is invited, with the role they hold (`trainee` or a `GrantRole` raw value).
    public struct Login: Sendable {
        public let handle: String
        public let name: String
        /// "trainee", "secretariat", "uao", "supervisor", "clinical-supervisor" (word it with `Texts.role`).
        public let role: String
        public let token: String
        /// Unix seconds.
        public let expiresAt: Int64
    }

    /// The people invited, in the order shown, and who invites each: the secretariat's is the database's first
    /// account (no inviter); the UAO is invited by the secretariat, the rest by the UAO — the rule `account invite` uses.
    static let invited: [(handle: String, role: String, inviter: String?)] = [
        ("sek.syd", GrantRole.secretariat.rawValue, nil),
        ("dr.uao", GrantRole.uao.rawValue, "sek.syd"),
        ("dr.hoved", GrantRole.supervisor.rawValue, "dr.uao"),
        ("dr.klinisk", GrantRole.clinicalSupervisor.rawValue, "dr.uao"),
        (Demo.featuredTrainee, "trainee", "dr.uao"),
    ]

    /// A new, private folder for the demo's database (`$TMPDIR`, else /tmp): the path of `logbook.sqlite` in it.
    public static func temporaryDatabase(environment: [String: String], _ t: Texts) throws -> String {
        var base = environment["TMPDIR"] ?? "/tmp"
        if base.isEmpty { base = "/tmp" }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/logbook-demo-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        guard made != nil else {
            throw LogbookError.ioError(t("demo.serve.noTemporaryFolder", ["folder": base, "reason": t.systemError(errno)]))
        }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return folder + "/logbook.sqlite"
    }

    /// Builds the demo in the database at `path` (missing, empty, or a database holding no one yet) and invites one
    /// person per role, all in one transaction. A database that already holds people is refused (exit 64) untouched.
    ///
    /// With `serverKey`, the secretariat also registers it as the demo server's key (`server:demo`), valid from the
    /// earlier of the demo's day and the real one, so every act made through the demo server is signed by it.
    public static func prepare(path: String, today: CalendarDate, seconds: @escaping @Sendable () -> Int64,
                               language: Language, serverKey: PublicSigningKey? = nil) throws -> [Login] {
        let t = Texts(language)
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
            // Only look (read-only, no migration): a file that is no database, or holds people, stays exactly as it was.
            let holdsNoOne: Bool
            do {
                let connection = try Connection(path: path, create: false, readOnly: true, immutable: false,
                                                busy: Connection.BusyPolicy(timeout: Session.defaultBusyTimeout))
                let noTables = try connection.queryFirst("SELECT 1 FROM sqlite_schema LIMIT 1") == nil
                holdsNoOne = try noTables || connection.queryFirst("SELECT 1 FROM person LIMIT 1") == nil
            } catch {
                holdsNoOne = false
            }
            if !holdsNoOne { throw LogbookError.usage(t("demo.serve.notEmpty", ["path": path])) }
        }
        let store = try Session.openStore(path, access: .create, t)
        let base = Session(store: store, today: today, actorHandle: nil, seconds: seconds, language: language)
        return try store.write {
            _ = try Demo.run(base)
            // Example addresses (the reserved .example domain), so a local relay shows each mail the server sends (issue 27).
            let people = PersonRepository(store)
            let changedBy = try people.find(handle: invited[0].handle)?.id ?? 1
            for person in try people.all() where person.email == nil {
                try people.correct(personID: person.id, field: .email, from: nil, to: "\(person.handle)@logbog.example", reason: "demo",
                                   changedBy: changedBy, changedAt: base.now())
            }
            if let serverKey {
                let secretariat = Session(store: store, today: today, actorHandle: invited[0].handle, seconds: seconds, language: language)
                _ = try Keys.registerServer(secretariat, name: "demo", key: serverKey, from: min(today, CalendarDate.today()), until: nil)
            }
            return try invited.map { person in
                let inviter = Session(store: store, today: today, actorHandle: person.inviter, seconds: seconds, language: language)
                let invitation = try Accounts.invite(inviter, handle: person.handle)
                return Login(handle: invitation.handle, name: invitation.name, role: person.role, token: invitation.token,
                             expiresAt: invitation.expiresAt)
            }
        }
    }
}

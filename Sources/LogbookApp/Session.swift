#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import LogbookStore
import SQLite

/// One command's view of the world: the store, today's date, the clock and who is acting.
///
/// Every command that changes data runs its whole work in one `store.write` transaction, so a refusal
/// or an error leaves the database exactly as it was.
public final class Session {
    /// What a command may do with the database file (create it, write, only read): the store's `StoreAccess`, named
    /// here so a front end chooses it without importing the store.
    public typealias FileAccess = StoreAccess

    /// The opened, migrated database: the use cases' only, so a front end reaches data through them alone.
    let store: Store
    /// Today's date, for defaults and for "not in the future" checks. `LOGBOOK_TODAY` overrides it for
    /// tests and demos; the moment an act is recorded always comes from the system clock.
    public let today: CalendarDate
    /// The acting person's handle (`--as`, else `LOGBOOK_USER`), if any.
    public let actorHandle: String?
    /// The system clock as a UTC ISO-8601 timestamp with milliseconds.
    public let now: () -> String
    /// The process environment (for the signing-key folder: `LOGBOOK_KEY_DIR`, `XDG_CONFIG_HOME`, `HOME`).
    public let environment: [String: String]
    /// The language every text for a person is written in (`--lang`, `LOGBOOK_LANG`, the locale).
    public let texts: Texts
    /// What the session's reads may see: everything (the CLI, where identity is a claim), or what the actor may
    /// see (the server, where the actor logged in). Out of scope reads as "does not exist".
    public let readScope: ReadScope
    /// The system clock in Unix seconds, for accounts and server sessions (injected by tests).
    public let seconds: @Sendable () -> Int64
    /// On a server with a key (`LOGBOOK_SERVER_KEY_FILE`): the key that signs every act, and how the actor
    /// authenticated. Nil in the CLI, where a person's own key signs.
    public let serverSigning: ServerSigning?
    /// Where mail links point (`LOGBOOK_BASE_URL`): set when this front end's acts should write mail to the outbox
    /// (a server with a relay, or a CLI told the server's address). Nil: no mail is written.
    public let mail: MailLinks?
    /// How many mails this session wrote to the outbox (the server wakes its sender after such a write commits).
    public internal(set) var mailQueued = 0

    /// What a session's reads may see.
    public enum ReadScope: Sendable, Equatable {
        /// Everything in the database.
        case everything
        /// What the acting person may see (Access.mayRead, Access.mayReadDepartment).
        case actor
    }

    public init(store: Store, today: CalendarDate, actorHandle: String?, now: @escaping () -> String = Session.utcNow,
                environment: [String: String] = [:], readScope: ReadScope = .everything,
                seconds: @escaping @Sendable () -> Int64 = Session.unixSeconds, language: Language = .en,
                serverSigning: ServerSigning? = nil, mail: MailLinks? = nil, surface: Texts.Surface = .command) {
        self.texts = Texts(language, surface: surface)
        self.mail = mail
        self.serverSigning = serverSigning
        self.store = store
        self.today = today
        self.actorHandle = actorHandle
        self.now = now
        self.environment = environment
        self.readScope = readScope
        self.seconds = seconds
    }

    /// The current time in Unix seconds.
    @Sendable public static func unixSeconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    /// How long a command waits for a lock another program holds, unless `LOGBOOK_BUSY_TIMEOUT` says otherwise.
    public static let defaultBusyTimeout = 10.0

    /// Opens the session for a command from its flags and the environment.
    ///
    /// `access` says whether the command may create the database (`.create`), only write an existing one, or only
    /// read it; a command that may not create it refuses a missing or empty file (exit 66).
    public static func open(databaseFlag: String?, actorFlag: String?, environment: [String: String],
                            access: FileAccess = .create, language: Language = .en) throws -> Session {
        let mail = try MailLinks.from(environment: environment)
        let t = Texts(language)
        let path = DatabaseLocation.resolve(flag: databaseFlag, environment: environment)
        let today: CalendarDate
        if let text = environment["LOGBOOK_TODAY"], !text.isEmpty {
            do {
                today = try CalendarDate.parse(text, today: CalendarDate.today())
            } catch {
                throw LogbookError.usage(t.dateProblem(error, flag: "LOGBOOK_TODAY"))
            }
        } else {
            today = CalendarDate.today()
        }
        let actor = actorFlag ?? environment["LOGBOOK_USER"]
        let store = try openStore(path, access: access, busyTimeout: try busyTimeout(environment, t), t)
        let session = Session(store: store, today: today, actorHandle: actor?.isEmpty == true ? nil : actor, environment: environment,
                              language: language, mail: mail)
        try session.requireKnownActor(flag: actorFlag != nil ? "--as" : "LOGBOOK_USER")
        return session
    }

    /// Who reads (issue 28): a named actor who is no person is refused by every command, reading ones too (exit 1, the
    /// nearest handle suggested) — never a full record for "dr.nobody". Only a database with nobody in it yet (the
    /// bootstrap: `init`, the first `person add`) lets a name through. A command run with no actor at all reads
    /// everything: the CLI is the tool of whoever holds the database file (docs/positions.md, "Who acts").
    func requireKnownActor(flag: String) throws {
        guard let handle = actorHandle else { return }
        try store.read {
            let people = PersonRepository(store)
            if try people.find(handle: handle) != nil { return }
            if try people.handles().isEmpty { return }
            _ = try person(handle, what: flag)
        }
    }

    /// `LOGBOOK_BUSY_TIMEOUT` in seconds (0 gives up at once), else `defaultBusyTimeout`.
    static func busyTimeout(_ environment: [String: String], _ t: Texts = .untranslated) throws -> Double {
        guard let text = environment["LOGBOOK_BUSY_TIMEOUT"], !text.isEmpty else { return defaultBusyTimeout }
        guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
            throw LogbookError.usage(t("session.busyTimeout", ["value": text]))
        }
        return seconds
    }

    /// Opens the store, turning file and schema problems into messages a user can act on.
    ///
    /// Waiting for a lock says so on stderr after a second; a new file is announced on stderr.
    static func openStore(_ path: String, access: StoreAccess = .create, busyTimeout: Double = defaultBusyTimeout,
                          _ t: Texts = .untranslated) throws -> Store {
        let busy = Connection.BusyPolicy(timeout: busyTimeout, noticeAfter: 1) { limit in
            Session.note(t("session.waitingForLock", ["path": path, "seconds": Session.seconds(limit, t)]))
        }
        let store: Store
        do {
            store = try Store(path: path, access: access, busy: busy)
        } catch let error as SchemaTooNewError {
            throw LogbookError.refused(t.schemaTooNew(error))
        } catch let error as DatabaseFileError {
            switch error.kind {
            case .missing, .empty, .notAFile: throw LogbookError.noInput(t.databaseFile(error.problem))
            case .cannotCreate, .needsUpgrade: throw LogbookError.ioError(t.databaseFile(error.problem))
            }
        } catch {
            if let fault = LogbookError.databaseFault(error, path: path, texts: t) { throw fault }
            throw error
        }
        if store.createdFile {
            Session.note(t("session.createdDatabase", ["path": path]))
        }
        return store
    }

    /// "10 s", "1.5 s" ("1,5 s" in Danish).
    static func seconds(_ value: Double, _ t: Texts = .untranslated) -> String {
        t("session.seconds", ["seconds": value == value.rounded() ? String(Int(value)) : t.number(value, decimals: 3)])
    }

    /// A line on stderr, as is.
    static func note(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }

    /// The database file's path.
    public var databasePath: String { store.path }
    /// The database's schema version and the migrations this session's opening applied (empty when it was current).
    public var schema: (version: Int, applied: [Int]) { (store.schemaVersion, store.appliedMigrations) }

    /// Unix seconds as `2026-11-27T05:19:10Z`.
    public static func utc(seconds: Int64) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func pad(_ number: Int32, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// The current UTC time as `2026-11-27T05:19:10.123Z`.
    public static func utcNow() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

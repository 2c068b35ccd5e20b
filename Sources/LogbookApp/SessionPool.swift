#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import LogbookStore

/// The database of a long-running front end (`logbook serve`): connections opened once and lent to one request at a
/// time. One writer connection (SQLite allows one writer; writes queue for it) and up to `readers` WAL reader
/// connections, opened as needed. Every call blocks its thread: call it from a thread pool, never an event loop.
public final class SessionPool: @unchecked Sendable {
    /// The database file.
    public let path: String
    private let busyTimeout: Double
    private let maxReaders: Int
    private let writer: Store
    private let writerLock = Lock()
    private let readerLock = Lock()
    private var idleReaders: [Store] = []
    /// The language of the pool's sessions and of its database errors.
    private let language: Language
    /// Where mail links point; nil: the pool's sessions write no mail.
    public let mail: MailLinks?
    /// Called after a write that put mail in the outbox has committed (the server's sender wakes on it).
    private let mailQueued: @Sendable () -> Void

    /// Opens (and migrates) the database at `path`, which must exist: `logbook init` or `logbook demo` makes one.
    public init(path: String, readers: Int = 3, busyTimeout: Double = Session.defaultBusyTimeout, language: Language = .en,
                mail: MailLinks? = nil, mailQueued: @escaping @Sendable () -> Void = {}) throws {
        self.path = path
        self.mail = mail
        self.mailQueued = mailQueued
        self.language = language
        self.busyTimeout = busyTimeout
        self.maxReaders = max(1, readers)
        self.writer = try Session.openStore(path, access: .write, busyTimeout: busyTimeout, Texts(language))
    }

    /// The schema version of the database.
    public var schemaVersion: Int { writerLock.locked { writer.schemaVersion } }

    /// Runs `body` with a session for `actor` on `today`, worded for the pages and the API (`Texts.Surface.page`): on the writer connection when `writing`, else on a reader.
    /// The session's reads are scoped to the actor (`ReadScope.actor`) unless `scope` says otherwise.
    public func run<T>(actor: String?, today: CalendarDate, writing: Bool, scope: Session.ReadScope = .actor,
                       seconds: @escaping @Sendable () -> Int64 = Session.unixSeconds, signing: ServerSigning? = nil,
                       language chosen: Language? = nil, _ body: (Session) throws -> T) throws -> T {
        // The web pages speak the reader's language (`chosen`); the JSON API the pool's.
        let language = chosen ?? self.language
        func session(_ store: Store) -> Session {
            Session(store: store, today: today, actorHandle: actor, readScope: scope, seconds: seconds, language: language,
                    serverSigning: signing, mail: mail, surface: .page)
        }
        do {
            if writing {
                let (result, queued) = try writerLock.locked {
                    let current = session(writer)
                    let result = try body(current)
                    // A checkpoint by the server's key after every write that added events (issue 29).
                    if let signing { Checkpoints.afterServerWrite(current, key: signing.key) }
                    return (result, current.mailQueued)
                }
                if queued > 0 { mailQueued() }
                return result
            }
            let store = try borrowReader()
            defer { giveBack(store) }
            return try body(session(store))
        } catch let error as LogbookError {
            throw error
        } catch {
            if let fault = LogbookError.databaseFault(error, path: path, texts: Texts(language)) { throw fault }
            throw error
        }
    }

    /// Runs `body` on the writer connection only if no other request of this server holds it now; nil otherwise.
    /// With `Store.writeIfFree` inside, a best-effort write that never waits (issue 30: a read's last-use record).
    public func runIfFree<T>(actor: String?, today: CalendarDate, seconds: @escaping @Sendable () -> Int64 = Session.unixSeconds,
                             _ body: (Session) throws -> T) throws -> T? {
        do {
            return try writerLock.lockedIfFree {
                try body(Session(store: writer, today: today, actorHandle: actor, readScope: .actor, seconds: seconds, language: language,
                                 serverSigning: nil, mail: nil))
            }
        } catch let error as LogbookError {
            throw error
        } catch {
            if let fault = LogbookError.databaseFault(error, path: path, texts: Texts(language)) { throw fault }
            throw error
        }
    }

    private func borrowReader() throws -> Store {
        if let store = readerLock.locked({ idleReaders.popLast() }) { return store }
        return try Session.openStore(path, access: .write, busyTimeout: busyTimeout, Texts(language))
    }

    private func giveBack(_ store: Store) {
        readerLock.locked {
            if idleReaders.count < maxReaders { idleReaders.append(store) }
        }
    }
}

/// A pthread mutex (LogbookApp imports no Foundation).
final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// `body` under the lock if it is free now; nil without waiting when someone holds it.
    func lockedIfFree<T>(_ body: () throws -> T) rethrows -> T? {
        guard pthread_mutex_trylock(&mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

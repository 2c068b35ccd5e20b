import LogbookApp
import LogbookDomain
import Logging
import NIOPosix

/// The use cases' database for the server: SQLite is synchronous, so every use case runs on a thread of a pool of
/// its own (never on an event loop) and the handler awaits it. One session per call; writes go to the one writer
/// connection, reads to a WAL reader (`SessionPool`).
public final class Database: Sendable {
    let pool: SessionPool
    let threads: NIOThreadPool
    let configuration: ServerConfiguration
    /// Raised after a write that put mail in the outbox has committed (`MailSender` wakes on it).
    let mailSignal: MailSignal

    /// Opens the database and starts `readers + 1` threads. A server key that is not registered as a server key
    /// standing today is refused here, before the server listens (it could sign nothing).
    public init(configuration: ServerConfiguration) throws {
        self.configuration = configuration
        let signal = MailSignal()
        self.mailSignal = signal
        self.pool = try SessionPool(path: configuration.databasePath, readers: configuration.readers, mail: configuration.mail?.links,
                                    mailQueued: { signal.raise() })
        if let key = configuration.serverKey {
            _ = try pool.run(actor: nil, today: configuration.today(), writing: false, scope: .everything) {
                try ServerKeys.standing($0, key.publicKey)
            }
        }
        self.threads = NIOThreadPool(numberOfThreads: configuration.readers + 1)
        threads.start()
    }

    /// Runs `body` as `actor` (nil: nobody yet, for log-in) on a pool thread; `writing` picks the writer connection.
    /// A writing session of a server with a key signs its acts, naming how the request's person authenticated
    /// (`RequestAuthentication.method`, set by the authentication middleware for the whole request).
    /// `language` words what the use cases say (refusals included) for a web page in the reader's language; the API
    /// leaves it nil (the pool's language).
    public func run<T: Sendable>(as actor: String?, writing: Bool, language: Language? = nil,
                                 _ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        let configuration = self.configuration
        let pool = self.pool
        let signing = writing ? configuration.serverKey.map { ServerSigning(key: $0, authentication: RequestAuthentication.method) } : nil
        // The menu's link to "Regionen" (set by `WebSessionMiddleware`) goes along to the pool thread, where pages render.
        let regionMenu = WebRegionMenu.shown
        return try await threads.runIfActive {
            try WebRegionMenu.$shown.withValue(regionMenu) {
                try pool.run(actor: actor, today: configuration.today(), writing: writing, seconds: configuration.seconds, signing: signing,
                             language: language, body)
            }
        }
    }

    /// Records the last use of a session or API token, best effort (issue 30): only when neither another request of
    /// this server nor another program holds the write lock at this moment, so a read never waits for a writer. A use
    /// not recorded now is recorded by a later request; a failure is logged, never the request's.
    func touch(_ identity: Accounts.Authenticated, logger: Logger) async {
        let configuration = self.configuration
        let pool = self.pool
        do {
            let recorded = try await threads.runIfActive {
                try pool.runIfFree(actor: nil, today: configuration.today(), seconds: configuration.seconds) { try Accounts.touch($0, identity) }
            }
            if recorded != true { logger.debug("last use not recorded now: the database is busy") }
        } catch {
            logger.notice("last use not recorded: \(error)")
        }
    }

    /// Runs slow work that needs no database (bcrypt) on a pool thread.
    public func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    /// Stops the threads (after the server has stopped).
    public func shutdown() async throws {
        try await threads.shutdownGracefully()
    }
}

/// How the person of the request being handled authenticated: set by `AuthenticationMiddleware` around the rest of the
/// request, read by `Database.run` so the server's signature names it. Nil outside an authenticated request.
public enum RequestAuthentication {
    @TaskLocal public static var method: AuthenticationMethod?
}

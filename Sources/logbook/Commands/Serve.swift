#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Dispatch
import LogbookApp
import LogbookServer

/// `logbook serve`: one logbook for a whole department, over HTTP (docs/openapi.json).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the logbook over HTTP: accounts, log-in and a role-scoped JSON API under /api/v1.",
        discussion: """
            Runs until SIGTERM or SIGINT, then finishes open requests and stops. Put it behind a reverse proxy
            that terminates TLS (docs/nginx.conf). Prints "listening on http://HOST:PORT" once it accepts
            connections (with --listen 127.0.0.1:0 the port is chosen free).

            Settings come from the environment, never from flags (secrets stay off the command line):
              LOGBOOK_DB                    the database, when --db is not given
              LOGBOOK_SESSION_IDLE_MINUTES  a session unused this long ends (default 30)
              LOGBOOK_SESSION_MAX_HOURS     a session ends this long after log-in (default 12)
              LOGBOOK_BCRYPT_COST           bcrypt cost for new passwords, 12 to 16 (default 12)
              LOGBOOK_DB_READERS            WAL reader connections (default 3; one writer)
              LOGBOOK_INSECURE_COOKIES=1    drop the cookie's Secure flag: plain-http testing on loopback only
              LOGBOOK_TODAY                 the day the rules use (tests and demos)
              LOG_LEVEL                     trace, debug, info (default), notice, warning, error
            People get accounts with `logbook account invite HANDLE`.
            """)

    @Option(name: .long, help: ArgumentHelp("The database file (default: $LOGBOOK_DB).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("Address and port to listen on; port 0 picks a free one.", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    func run() throws {
        let environment = ProcessEnvironment.variables
        let configuration = try ServerConfiguration.from(databaseFlag: db, listen: listen, environment: environment)
        if !configuration.secureCookies && !["127.0.0.1", "::1", "localhost"].contains(configuration.host) {
            throw LogbookError.usage("LOGBOOK_INSECURE_COOKIES=1 is for plain-http testing on loopback only; listen on 127.0.0.1 or unset it")
        }
        let host = configuration.host
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await runServer(configuration: configuration, logLevel: environment["LOG_LEVEL"]) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Terminal.write("listening on http://\(shown):\(port)\n")
                    fflush(nil)
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// The server task's error, handed back to the main thread.
    final class Outcome: @unchecked Sendable {
        var error: Error?
    }
}

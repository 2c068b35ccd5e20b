#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Dispatch
import LogbookApp
import LogbookDomain
import LogbookServer

/// `logbook serve`: one logbook for a whole department, over HTTP (docs/openapi.json).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: Help.abstract("help.serve"), discussion: Help.text("help.serve.discussion"))

    @Option(name: .long, help: Help.option("help.serve.db", valueName: "path"))
    var db: String?

    @Option(help: Help.option("help.serve.listen", valueName: "host:port"))
    var listen: String?

    @Option(name: .customLong("trust-proxy"), help: Help.option("help.serve.trustProxy", valueName: "address"))
    var trustProxy: [String] = []

    @Option(name: .customLong("user-header"), help: Help.option("help.serve.userHeader", valueName: "name"))
    var userHeader: String?

    @Option(name: .customLong("config"), help: Help.option("help.serve.config", valueName: "file"))
    var config: String?

    @Option(help: Help.option("help.serve.metrics", valueName: "host:port"))
    var metrics: String?

    @Flag(help: Help.option("help.serve.demo"))
    var demo = false

    func run() throws {
        let environment = ProcessEnvironment.variables
        let t = Help.texts
        let configFile = try (config ?? environment["LOGBOOK_CONFIG"]).map { path in
            (path: path, text: String(decoding: try InputFile.read(path, maximum: 1 << 20), as: UTF8.self))
        }
        // --demo without --db: a fresh database in a new temporary folder (never LOGBOOK_DB, which may be a real one).
        if let listen { _ = try ServerConfiguration.listen(listen) }
        var databaseFlag = db
        if demo && db == nil { databaseFlag = try DemoServer.temporaryDatabase(environment: environment, t) }
        var configuration = try ServerConfiguration.from(databaseFlag: databaseFlag, listen: listen, environment: environment,
                                                         trustProxy: trustProxy, userHeader: userHeader, metrics: metrics,
                                                         configFile: configFile)
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(configuration.host)
        // The demo on loopback is tried with curl over plain http: its cookie cannot be Secure there.
        if demo && loopback { configuration.secureCookies = false }
        if !configuration.secureCookies && !loopback {
            throw LogbookError.usage(Help.text("error.serve.insecureCookies"))
        }
        var invitations: [DemoServer.Login] = []
        if demo {
            // The demo server signs its acts with a key of its own, registered in the demo database and kept only in memory.
            let serverKey = configuration.serverKey ?? PrivateSigningKey()
            invitations = try DemoServer.prepare(path: configuration.databasePath, today: configuration.today(), seconds: configuration.seconds,
                                            language: t.language, serverKey: serverKey.publicKey)
            configuration.serverKey = serverKey
        }
        let path = configuration.databasePath, today = configuration.today(), logins = invitations
        let host = configuration.host
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await runServer(configuration: configuration, logLevel: environment["LOG_LEVEL"]) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    if !logins.isEmpty {
                        Terminal.write(Self.demoText(logins, path: path, today: today, base: "http://\(shown):\(port)", t))
                    }
                    Terminal.write("listening on http://\(shown):\(port)\n")  // a fixed line scripts wait for, in every language
                    fflush(nil)
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        // The demo's own temporary folder goes when the server stops (with --db the file is the user's and stays).
        if demo && db == nil { Self.removeDemoFolder(configuration.databasePath) }
        if let error = outcome.error { throw error }
    }

    /// Removes the demo database, its WAL files and the folder `DemoServer.temporaryDatabase` made for them.
    static func removeDemoFolder(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal", "-head"] { unlink(path + suffix) }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        if !folder.isEmpty { rmdir(folder) }
    }

    /// What `--demo` prints before the listening line: the database, each person's handle, role and one-time
    /// invitation link (a browser opens it; its last part is the token the API takes), and how to use one.
    static func demoText(_ logins: [DemoServer.Login], path: String, today: CalendarDate, base: String, _ t: Texts) -> String {
        var text = t("demo.serve.built", ["department": Demo.department, "path": path, "date": t.date(today)]) + "\n"
        text += t("demo.serve.invitations", ["until": Accounts.moment(logins.map(\.expiresAt).min() ?? 0, t)]) + "\n"
        let roles = logins.map { t.role($0.role) }
        let handleWidth = logins.map(\.handle.count).max() ?? 0, roleWidth = roles.map(\.count).max() ?? 0
        for (login, role) in zip(logins, roles) {
            func padded(_ value: String, _ width: Int) -> String { value + String(repeating: " ", count: max(0, width - value.count)) }
            text += "  " + padded(login.handle, handleWidth) + "  " + padded(role, roleWidth) + "  " + "\(base)/invitation/\(login.token)" + "\n"
        }
        text += t("demo.serve.web", ["login": "\(base)/login"]) + "\n"
        let example = logins.first { $0.role == "trainee" } ?? logins[0]
        text += t("demo.serve.howTo", [
            "accept": "curl -X POST \(base)/api/v1/invitations/TOKEN -H 'Content-Type: application/json' -d '{\"password\": \"…\"}'",
            "login": "curl -c cookies.txt -X POST \(base)/api/v1/session -H 'Content-Type: application/json' "
                + "-d '{\"handle\": \"\(example.handle)\", \"password\": \"…\"}'",
            "read": "curl -b cookies.txt \(base)/api/v1/positions",
        ]) + "\n"
        return text
    }

    /// The server task's error, handed back to the main thread.
    final class Outcome: @unchecked Sendable {
        var error: Error?
    }
}

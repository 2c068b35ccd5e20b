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

    func run() throws {
        let environment = ProcessEnvironment.variables
        let configFile = try (config ?? environment["LOGBOOK_CONFIG"]).map { path in
            (path: path, text: String(decoding: try InputFile.read(path, maximum: 1 << 20), as: UTF8.self))
        }
        let configuration = try ServerConfiguration.from(databaseFlag: db, listen: listen, environment: environment,
                                                         trustProxy: trustProxy, userHeader: userHeader, configFile: configFile)
        if !configuration.secureCookies && !["127.0.0.1", "::1", "localhost"].contains(configuration.host) {
            throw LogbookError.usage(Help.text("error.serve.insecureCookies"))
        }
        let host = configuration.host
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await runServer(configuration: configuration, logLevel: environment["LOG_LEVEL"]) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Terminal.write("listening on http://\(shown):\(port)\n")  // a fixed line scripts wait for, in every language
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

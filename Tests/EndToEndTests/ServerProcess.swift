import Foundation
import Testing

/// `logbook serve` on a free loopback port as a real process over a sandbox's database, with what its first line says.
final class ServerProcess {
    let process = Process()
    let output = Pipe()
    let errors = Pipe()
    /// `http://127.0.0.1:PORT`, from the line "listening on …" (empty when the server never got that far).
    private(set) var base = ""
    /// The first line of standard output.
    private(set) var firstLine = ""

    /// Starts the server with the process environment plus `environment` (plain-http cookies on loopback always),
    /// and waits for its first line.
    init(_ sandbox: Sandbox, environment extra: [String: String] = [:], quiet: Bool = false) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", "--db", sandbox.database, "--listen", "127.0.0.1:0"]
        var environment = ProcessInfo.processInfo.environment
        environment["LOGBOOK_INSECURE_COOKIES"] = "1"
        for (key, value) in sandbox.environment.merging(extra, uniquingKeysWith: { $1 }) { environment[key] = value }
        process.environment = environment
        process.standardOutput = output
        process.standardError = quiet ? FileHandle.nullDevice : errors
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        firstLine = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        if firstLine.hasPrefix("listening on ") { base = String(firstLine.dropFirst("listening on ".count)) }
    }

    /// SIGTERM, then waits; the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What the server wrote to standard error (after it stopped).
    var errorText: String { String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

    deinit { if process.isRunning { process.terminate() } }

    /// Accepts `token`'s invitation with a password, logs `handle` in, and returns the headers of their session
    /// (cookie and CSRF token).
    func logIn(_ handle: String, invitation token: String, password: String = "correct horse battery") async throws -> [String: String] {
        let accepted = try await ServeTests.request("POST", base + "/api/v1/invitations/\(token)", json: ["password": password])
        #expect(accepted.status == 200, "\(String(decoding: accepted.body, as: UTF8.self))")
        let login = try await ServeTests.request("POST", base + "/api/v1/session", json: ["handle": handle, "password": password])
        let cookie = String(try #require(login.headers["set-cookie"]).prefix { $0 != ";" })
        let csrf = try #require((try JSONSerialization.jsonObject(with: login.body) as? [String: Any])?["csrf_token"] as? String)
        return ["Cookie": cookie, "X-CSRF-Token": csrf]
    }
}

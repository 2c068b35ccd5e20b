import Foundation
import LogbookFormats
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `logbook serve --demo` as a new user follows it from the README, and `logbook account log-ins`.
@Suite("logbook serve --demo and account log-ins, end to end")
struct ServeDemoTests {
    /// Starts `logbook serve ARGS --listen 127.0.0.1:0`; returns the process, everything printed up to and including
    /// the listening line, the base URL and the stderr pipe.
    static func start(_ arguments: [String], environment extra: [String: String]) throws -> (Process, String, String, Pipe) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Binary.path)
        server.arguments = ["serve"] + arguments + ["--listen", "127.0.0.1:0"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LOGBOOK_DB")
        environment["LOGBOOK_LANG"] = "en"
        environment["LOGBOOK_INSECURE_COOKIES"] = "1"
        for (key, value) in extra { environment[key] = value }
        server.environment = environment
        let output = Pipe(), errors = Pipe()
        server.standardOutput = output
        server.standardError = errors
        try server.run()
        var printed = Data()
        while !String(decoding: printed, as: UTF8.self).contains("listening on ") || printed.last != UInt8(ascii: "\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        let text = String(decoding: printed, as: UTF8.self)
        let listening = text.split(separator: "\n").last { $0.hasPrefix("listening on ") } ?? ""
        return (server, text, String(listening.dropFirst("listening on ".count)), errors)
    }

    @Test("serve --demo: a fresh database in a temporary folder, one invitation per role printed before the listening line; a token sets a password, the person logs in and reads; no token reaches the log", .timeLimit(.minutes(2)))
    func demo() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        let temporary = sandbox.folder.appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let (server, printed, base, errors) = try Self.start(["--demo"], environment: ["TMPDIR": temporary, "LOGBOOK_TODAY": "2027-03-04"])
        defer { if server.isRunning { server.terminate() } }
        #expect(base.hasPrefix("http://127.0.0.1:"), "\(printed)")
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("listening on http://127.0.0.1:") == true)
        #expect(printed.contains("demo: the OUH-KAR department of `logbook demo`, built for 2027-03-04 in \(temporary)/logbook-demo-"))
        // One line per role: handle, role, the invitation page's link ending in a 43-character token.
        var tokens: [String: String] = [:]
        for line in lines where line.hasPrefix("  ") {
            let words = line.split(separator: " ").map(String.init)
            if let link = words.last, link.hasPrefix("\(base)/invitation/"), let handle = words.first {
                let token = String(link.dropFirst("\(base)/invitation/".count))
                if token.count == 43 { tokens[handle] = token }
            }
        }
        #expect(Set(tokens.keys) == ["sek.syd", "dr.uao", "dr.hoved", "dr.klinisk", "dr.berit"], "\(printed)")
        #expect(lines.contains { $0.hasPrefix("  dr.klinisk") && $0.contains("clinical supervisor") })
        #expect(lines.contains { $0.hasPrefix("  dr.berit") && $0.contains("trainee") })
        #expect(printed.contains("curl -X POST \(base)/api/v1/invitations/TOKEN"))

        for handle in ["dr.berit", "dr.hoved"] {
            let accepted = try await ServeTests.request("POST", base + "/api/v1/invitations/\(tokens[handle]!)",
                                                        json: ["password": "correct horse battery"])
            #expect(accepted.status == 200, "\(handle)")
        }
        let reused = try await ServeTests.request("POST", base + "/api/v1/invitations/\(tokens["dr.berit"]!)", json: ["password": "another password!"])
        #expect(reused.status == 404)
        let login = try await ServeTests.request("POST", base + "/api/v1/session", json: ["handle": "dr.berit", "password": "correct horse battery"])
        #expect(login.status == 200)
        let cookie = String(try #require(login.headers["set-cookie"]).prefix { $0 != ";" })
        let positions = try await ServeTests.request("GET", base + "/api/v1/positions", headers: ["Cookie": cookie])
        let list = try #require(try JSONSerialization.jsonObject(with: positions.body) as? [[String: Any]])
        #expect(list.count == 1)  // the trainee sees her own position only

        // The demo database is where it said, holds the two accounts opened and the demo server's registered key.
        let folders = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("logbook-demo-") }
        #expect(folders.count == 1)
        let database = temporary + "/" + (folders.first ?? "") + "/logbook.sqlite"
        let accounts = try Binary.runTool("/usr/bin/sqlite3", [database,
            "SELECT count(*) FROM account; SELECT count(*) FROM event WHERE kind = 'key-registration' AND payload LIKE 'server:demo%'"])
        #expect(accounts.stdout.split(separator: "\n") == ["2", "1"])

        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("POST /api/v1/invitations/… 200"), "\(log)")
        for (handle, token) in tokens { #expect(!log.contains(token), "\(handle)'s token is in the log") }
        // Its temporary folder goes with the server.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("logbook-demo-") }.isEmpty)
    }

    @Test("serve --demo --db: a new file is used; a database holding data is refused (exit 64) and left exactly as it was")
    func demoRefusesData() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["person", "add", "dr.someone", "--name", "Some One"]).status == 0)
        let before = try sandbox.databaseSnapshot()
        let refused = try sandbox.run(["serve", "--demo", "--listen", "127.0.0.1:0"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("'--demo' builds a fresh database, but \(sandbox.database) already holds data"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(try sandbox.databaseSnapshot() == before)
        // A file that is no database at all is not overwritten either.
        let other = try sandbox.write("notes.txt", "my notes\n")
        #expect(try sandbox.run(["serve", "--demo", "--db", other, "--listen", "127.0.0.1:0"], database: false).status == 64)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "my notes\n")
    }

    @Test("serve --demo --db NEW: the demo is built in the named file")
    func demoInNamedFile() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        let path = sandbox.folder.appendingPathComponent("demo.sqlite").path
        let (server, printed, base, _) = try Self.start(["--demo", "--db", path], environment: ["LOGBOOK_TODAY": "2027-03-04"])
        defer { if server.isRunning { server.terminate() } }
        #expect(!base.isEmpty && printed.contains("in \(path)"), "\(printed)")
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        let invitations = try Binary.runTool("/usr/bin/sqlite3", [path, "SELECT count(*) FROM invitation WHERE used_at IS NULL"])
        #expect(invitations.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    @Test("account log-ins: a secretariat lists log-ins and failures, filtered, as table, CSV and JSON; others are refused")
    func logIns() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        // 2027-03-01T08:00:00Z and 2027-03-03T09:30:00Z.
        _ = try sandbox.sql("""
            INSERT INTO login_attempt (handle, person_id, at, address, ok) VALUES
              ('dr.uao', (SELECT id FROM person WHERE handle = 'dr.uao'), 1803888000, '10.0.0.7', 1),
              ('dr.uao', (SELECT id FROM person WHERE handle = 'dr.uao'), 1804066200, '203.0.113.9', 0),
              ('dr.guess', NULL, 1804066200, '203.0.113.9', 0);
            """)
        let json = try sandbox.run(["account", "log-ins", "--format", "json"], as: "sek.syd")
        #expect(json.status == 0, "\(json.stderr)")
        let problems = try JSONSchema.load("account-log-ins").problems(try JSONValue.parse(json.stdout))
        #expect(problems.isEmpty, "\(problems)")
        let danishJSON = try sandbox.run(["account", "log-ins", "--format", "json", "--lang", "da"], as: "sek.syd")
        #expect(danishJSON.stdout == json.stdout)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(rows[0]["handle"] as? String == "dr.guess" && rows[0]["outcome"] as? String == "failed" && rows[0]["name"] is NSNull)
        #expect(rows[2]["at"] as? String == "2027-03-01T08:00:00Z" && rows[2]["address"] as? String == "10.0.0.7"
                && rows[2]["name"] as? String == "Hanne Mortensen" && rows[2]["outcome"] as? String == "ok")

        let table = try sandbox.run(["account", "log-ins", "--handle", "dr.uao"], as: "sek.syd")
        #expect(table.status == 0)
        #expect(table.stdout.contains("2027-03-03 09:30 UTC") && table.stdout.contains("203.0.113.9") && table.stdout.contains("failed"))
        #expect(table.stdout.contains("logged in") && !table.stdout.contains("dr.guess"))
        let failed = try sandbox.run(["account", "log-ins", "--failed", "--since", "2027-03-02", "--format", "csv"], as: "sek.syd")
        #expect(failed.stdout.split(whereSeparator: \.isNewline).count == 3 && !failed.stdout.contains("10.0.0.7"), "\(failed.stdout)")
        let danish = try sandbox.run(["account", "log-ins", "--lang", "da", "--handle", "dr.uao", "--failed"], as: "sek.syd")
        #expect(danish.stdout.contains("03.03.2027 kl. 09:30 UTC") && danish.stdout.contains("mislykket")
                && danish.stdout.contains("Udfald"), "\(danish.stdout)")
        let none = try sandbox.run(["account", "log-ins", "--handle", "dr.nobody"], as: "sek.syd")
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no log-ins recorded"))

        for who in ["dr.uao", "dr.hoved", "dr.berit"] {
            let refused = try sandbox.run(["account", "log-ins"], as: who)
            #expect(refused.status == 1 && refused.stdout.isEmpty)
            #expect(refused.stderr.contains("\(who) is not secretariat on 2027-03-04; only a secretariat lists log-in attempts"), "\(refused.stderr)")
        }
        #expect(try sandbox.run(["account", "log-ins", "--since", "someday"], as: "sek.syd").status == 64)
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `logbook serve` as a real process on a free loopback port: invite → set password → log in → approve → sign out →
/// SIGTERM, then the approval is in the database.
@Suite("logbook serve, end to end")
struct ServeTests {
    /// One HTTP exchange with the server (no cookie jar: the test sends the cookie itself).
    static func request(_ method: String, _ url: String, json: [String: Any]? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        let (data, response) = try await URLSession(configuration: configuration).data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        return (http.statusCode, fields, data)
    }

    @Test("invite, set a password, log in, approve, sign out, SIGTERM: the approval is committed", .timeLimit(.minutes(2)))
    func wholeFlow() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let invited = try sandbox.run(["account", "invite", "dr.hoved"], as: "dr.uao")
        #expect(invited.status == 0, "\(invited.stderr)")
        let token = invited.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 43 && invited.stderr.contains("valid until"))
        // A trainee may not invite anyone.
        #expect(try sandbox.run(["account", "invite", "dr.berit"], as: "dr.ahmed").status == 1)

        let server = try ServerProcess(sandbox)
        let base = server.base
        #expect(server.firstLine.hasPrefix("listening on http://127.0.0.1:"))

        let health = try await Self.request("GET", base + "/healthz")
        #expect(health.status == 200 && health.headers["x-content-type-options"] == "nosniff")

        let headers = try await server.logIn("dr.hoved", invitation: token)

        let positions = try await Self.request("GET", base + "/api/v1/positions", headers: headers)
        let list = try #require(try JSONSerialization.jsonObject(with: positions.body) as? [[String: Any]])
        let ahmed = try #require(list.first { ($0["trainee"] as? [String: Any])?["handle"] as? String == "dr.ahmed" }?["id"] as? Int)

        let approved = try await Self.request("POST", base + "/api/v1/positions/\(ahmed)/approvals",
                                              json: ["codes": ["I1"], "comment": "via the server"], headers: headers)
        #expect(approved.status == 201, "\(String(decoding: approved.body, as: UTF8.self))")
        let signedOut = try await Self.request("DELETE", base + "/api/v1/session", headers: headers)
        #expect(signedOut.status == 204)
        let after = try await Self.request("GET", base + "/api/v1/positions", headers: headers)
        #expect(after.status == 401)

        #expect(server.stop() == 0, "\(server.errorText)")

        let rows = try Binary.runTool("/usr/bin/sqlite3", [sandbox.database,
            "SELECT count(*) FROM event JOIN person ON person.id = event.actor_id WHERE kind = 'competency-approval' "
                + "AND person.handle = 'dr.hoved' AND position_id = \(ahmed) AND text = 'via the server'"])
        #expect(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let sessions = try Binary.runTool("/usr/bin/sqlite3", [sandbox.database,
            "SELECT count(*) FROM server_session WHERE ended_at IS NOT NULL; SELECT count(*) FROM login_attempt WHERE ok = 1"])
        #expect(sessions.stdout.split(separator: "\n") == ["1", "1"])
    }

    @Test("serve's settings: a missing config file (66), an unknown setting with its line, a user header without its proxy (64)")
    func settingsRefused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        #expect(try sandbox.run(["demo"]).status == 0)
        let missing = try sandbox.run(["serve", "--db", sandbox.database, "--config", sandbox.folder.path + "/nowhere.conf"])
        #expect(missing.status == 66 && missing.stderr.contains("nowhere.conf"), "\(missing.stderr)")
        let config = sandbox.folder.path + "/logbook.conf"
        try "# the server\nLOGBOOK_LISTEN=127.0.0.1:0\nLOGBOOK_TRUST_PROXI=127.0.0.1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let unknown = try sandbox.run(["serve", "--db", sandbox.database, "--config", config])
        #expect(unknown.status == 64 && unknown.stderr.contains("line 3") && unknown.stderr.contains("LOGBOOK_TRUST_PROXI"), "\(unknown.stderr)")
        let header = try sandbox.run(["serve", "--db", sandbox.database, "--listen", "127.0.0.1:0", "--user-header", "X-Remote-User"])
        #expect(header.status == 64 && header.stderr.contains("--trust-proxy"), "\(header.stderr)")
        let proxy = try sandbox.run(["serve", "--db", sandbox.database, "--listen", "127.0.0.1:0", "--trust-proxy", "proxy.ouh.dk"])
        #expect(proxy.status == 64 && proxy.stderr.contains("proxy.ouh.dk"), "\(proxy.stderr)")
    }

    /// Counts answers across the writer tasks.
    actor Tally {
        var created = 0, other = 0
        func add(_ status: Int) { if status == 201 { created += 1 } else { other += 1 } }
    }

    @Test("SIGTERM while four writers record: every 201 is in the database, nothing half-written, the chain verifies",
          .timeLimit(.minutes(3)))
    func sigtermMidWrite() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let token = try sandbox.run(["account", "invite", "dr.ahmed"], as: "dr.uao").stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let server = try ServerProcess(sandbox, environment: ["LOG_LEVEL": "warning"], quiet: true)
        let base = server.base
        let headers = try await server.logIn("dr.ahmed", invitation: token)
        let list = try #require(try JSONSerialization.jsonObject(with: try await Self.request("GET", base + "/api/v1/positions", headers: headers).body)
            as? [[String: Any]])
        let position = try #require(list.first?["id"] as? Int)

        let tally = Tally()
        let pid = server.process.processIdentifier
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    // Until the server is gone: a refused connection ends the writer.
                    let body: [String: Any] = ["code": "I1", "method": "Mini-CEX", "date": "2027-03-01", "note": "sigterm"]
                    while let answer = try? await Self.request("POST", base + "/api/v1/positions/\(position)/assessments", json: body, headers: headers) {
                        await tally.add(answer.status)
                    }
                }
            }
            group.addTask {
                while await tally.created < 20 { try await Task.sleep(for: .milliseconds(20)) }
                kill(pid, SIGTERM)
            }
            try await group.waitForAll()
        }
        #expect(server.stop() == 0)

        let created = await tally.created, other = await tally.other
        #expect(created >= 20)
        #expect(other == 0, "every answer before the shutdown was 201")
        let rows = try Binary.runTool("/usr/bin/sqlite3", [sandbox.database,
            "PRAGMA integrity_check; SELECT count(*) FROM assessment WHERE position_id = \(position) AND note = 'sigterm'"])
        let lines = rows.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "ok")
        // Nothing answered 201 is lost; a request cut off by the shutdown may have committed or not, never half.
        let stored = Int(lines.last ?? "") ?? -1
        #expect(stored >= created && stored <= created + 4, "\(stored) rows for \(created) answers of 201")
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }
}

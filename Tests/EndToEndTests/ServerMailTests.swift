import Foundation
import SMTPSinkSupport
import Testing

/// Issue 27: the server mails people itself, through an outbox written in the act's transaction and a sender that
/// retries; tested with a real SMTP server on loopback (aiosmtpd).
@Suite("The server sends mail: outbox, sender, preferences", .serialized)
struct ServerMailTests {
    static func ready(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        SMTPSink.ready("the server mail tests") { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
    }

    static let base = "http://logbog.test"

    /// The relay and link settings for a server (and CLI) sending through `port`.
    static func mailEnvironment(port: Int) -> [String: String] {
        ["LOGBOOK_SMTP_HOST": "127.0.0.1", "LOGBOOK_SMTP_PORT": String(port), "LOGBOOK_SMTP_SECURITY": "none",
         "LOGBOOK_SMTP_FROM": "Logbog KARD <logbog@example.dk>", "LOGBOOK_SMTP_TIMEOUT": "5", "LOGBOOK_BASE_URL": base,
         "LOGBOOK_DIGEST_HOUR": "none"]
    }

    /// A department with a position, addresses for the hovedvejleder and the trainee, and invitations for both.
    static func department() throws -> (box: Sandbox, trainee: String, supervisor: String) {
        let box = try Sandbox()
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["person", "correct", "dr.berg", "--email", "bo.berg@example.dk"], as: "sek.a")
        try box.must(["person", "correct", "dr.ung", "--email", "ulla@example.dk"], as: "dr.ung")
        let trainee = try box.must(["account", "invite", "dr.ung"], as: "dr.lead").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let supervisor = try box.must(["account", "invite", "dr.berg"], as: "dr.lead").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return (box, trainee, supervisor)
    }

    /// A message's parts as Python's e-mail parser reads them: decoded headers, the text and the HTML.
    struct Parsed: Decodable {
        let subject: String
        let to: String
        let message_id: String
        let list_unsubscribe: String?
        let text: String
        let html: String
    }

    static func parse(_ message: SMTPSink.Received) throws -> Parsed {
        let script = """
            import sys, json, email, email.policy
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            text = m.get_body(('plain',)); html = m.get_body(('html',))
            print(json.dumps({"subject": str(m["Subject"]), "to": str(m["To"]), "message_id": str(m["Message-ID"]),
                              "list_unsubscribe": m["List-Unsubscribe"] and str(m["List-Unsubscribe"]),
                              "text": text.get_content() if text else "", "html": html.get_content() if html else ""}))
            """
        let output = try Binary.runTool("/usr/bin/env", ["python3", "-c", script], stdin: message.text).stdout
        return try JSONDecoder().decode(Parsed.self, from: Data(output.utf8))
    }

    /// Waits (at most `seconds`) until the sink holds a message `matching`; the parsed messages that match.
    static func await(_ sink: SMTPSink, seconds: Double, matching: (Parsed) -> Bool) async throws -> [Parsed] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let found = try sink.received().map(parse).filter(matching)
            if !found.isEmpty || ContinuousClock.now > deadline { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func json(_ body: Data) -> Any? { try? JSONSerialization.jsonObject(with: body) }

    @Test("request → the addressee's mail within seconds, with the link; decline → the trainee's mail with the reason, in her language",
          .timeLimit(.minutes(3)))
    func requestAndDecline() async throws {
        guard Self.ready() else { return }
        let (box, traineeToken, supervisorToken) = try Self.department()
        defer { box.cleanup() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let server = try ServerProcess(box, environment: Self.mailEnvironment(port: sink.port))
        defer { server.stop() }
        #expect(server.firstLine.hasPrefix("listening on "), "\(server.firstLine)")
        let ung = try await server.logIn("dr.ung", invitation: traineeToken)
        let berg = try await server.logIn("dr.berg", invitation: supervisorToken)

        let started = ContinuousClock.now
        let made = try await ServeTests.request("POST", server.base + "/api/v1/positions/1/requests",
                                                json: ["to": "hovedvejleder", "competencies": ["I1"], "message": "Mini-CEX <b>i går</b> & mere"],
                                                headers: ung)
        #expect(made.status == 201, "\(String(decoding: made.body, as: UTF8.self))")
        let id = try #require((Self.json(made.body) as? [String: Any])?["id"] as? Int)
        let asked = try await Self.await(sink, seconds: 10) { $0.to.contains("bo.berg@example.dk") }
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(5), "the request's mail took \(waited)")
        let mail = try #require(asked.first)
        #expect(asked.count == 1)
        #expect(mail.subject == "Ulla Ung beder dig godkende I1", "\(mail.subject)")
        #expect(mail.to == "Bo Berg <bo.berg@example.dk>")
        #expect(mail.message_id.hasPrefix("<logbook.") && mail.message_id.hasSuffix("@example.dk>"), "\(mail.message_id)")
        #expect(mail.list_unsubscribe == "<\(Self.base)/account/mail>")
        #expect(mail.text.contains("Kære Bo Berg") && mail.text.contains("\(Self.base)/positions/1?request=\(id)"), "\(mail.text)")
        #expect(mail.text.contains("Mini-CEX <b>i går</b> & mere"), "the plain text keeps what she typed: \(mail.text)")
        #expect(mail.html.contains("Mini-CEX &lt;b&gt;i går&lt;/b&gt; &amp; mere") && !mail.html.contains("<b>i går"), "\(mail.html)")
        #expect(mail.html.contains("href=\"\(Self.base)/positions/1?request=\(id)\""))

        // The trainee reads English mail; the decline reaches her with the reason, escaped in the HTML.
        try box.must(["mail", "settings", "dr.ung", "--language", "en"], as: "dr.ung")
        let declined = try await ServeTests.request("POST", server.base + "/api/v1/requests/\(id)/decline",
                                                    json: ["reason": "Mangler en <vurdering> af EKG"], headers: berg)
        #expect(declined.status == 200, "\(String(decoding: declined.body, as: UTF8.self))")
        let answers = try await Self.await(sink, seconds: 10) { $0.to.contains("ulla@example.dk") }
        let answer = try #require(answers.first)
        #expect(answer.subject == "Bo Berg declined your request for I1", "\(answer.subject)")
        #expect(answer.text.contains("Dear Ulla Ung") && answer.text.contains("Mangler en <vurdering> af EKG"), "\(answer.text)")
        #expect(answer.text.contains("\(Self.base)/positions/1"))
        #expect(answer.html.contains("Mangler en &lt;vurdering&gt; af EKG"))

        // The delivery log: the secretariat sees both; the trainee only her own (API); nothing shows a body.
        let log = try box.must(["mail", "log", "--format", "json"], as: "sek.a").stdout
        let rows = try #require(Self.json(Data(log.utf8)) as? [[String: Any]])
        #expect(rows.count == 2 && rows.allSatisfy { $0["state"] as? String == "delivered" }, "\(log)")
        let own = try await ServeTests.request("GET", server.base + "/api/v1/mail", headers: ung)
        let ownRows = try #require(Self.json(own.body) as? [[String: Any]])
        #expect(ownRows.count == 1 && ownRows.first?["kind"] as? String == "decline" && ownRows.first?["state"] as? String == "delivered")
        let refused = try box.run(["mail", "log", "--person", "dr.berg"], as: "dr.ung")
        #expect(refused.status == 1 && refused.stderr.contains("only see their own"), "\(refused.stderr)")
        #expect(server.stop() == 0, "SIGTERM stops the sender with the server: \(server.errorText)")
    }

    @Test("an invitation sent by mail (API and CLI): the link arrives; without an address it is refused", .timeLimit(.minutes(3)))
    func invitationSent() async throws {
        guard Self.ready() else { return }
        let (box, _, _) = try Self.department()
        defer { box.cleanup() }
        let leadToken = try box.must(["account", "invite", "dr.lead"], as: "sek.a").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let server = try ServerProcess(box, environment: Self.mailEnvironment(port: sink.port))
        defer { server.stop() }
        let lead = try await server.logIn("dr.lead", invitation: leadToken)

        let noAddress = try await ServeTests.request("POST", server.base + "/api/v1/invitations", json: ["handle": "dr.dkv", "send": true],
                                                     headers: lead)
        #expect(noAddress.status == 422, "\(String(decoding: noAddress.body, as: UTF8.self))")
        #expect(try box.sql("SELECT count(*) FROM invitation i JOIN person p ON p.id = i.person_id WHERE p.handle = 'dr.dkv'") == "0\n",
                "a refused invitation is not made either")
        try box.must(["person", "correct", "dr.dkv", "--email", "dorte@example.dk"], as: "sek.a")

        let sent = try await ServeTests.request("POST", server.base + "/api/v1/invitations", json: ["handle": "dr.dkv", "send": true], headers: lead)
        #expect(sent.status == 201, "\(String(decoding: sent.body, as: UTF8.self))")
        let answer = try #require(Self.json(sent.body) as? [String: Any])
        let token = try #require(answer["token"] as? String)
        #expect((answer["mail"] as? [String: Any])?["address"] as? String == "dorte@example.dk")
        let mails = try await Self.await(sink, seconds: 10) { $0.to.contains("dorte@example.dk") }
        let mail = try #require(mails.first)
        #expect(mail.text.contains("\(Self.base)/invitation/\(token)"), "\(mail.text)")
        #expect(mail.html.contains("href=\"\(Self.base)/invitation/\(token)\""))
        #expect(mail.list_unsubscribe == nil, "an invitation is always sent: nothing to unsubscribe from")
        // Delivered: the stored bodies no longer hold the token.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try box.sql("SELECT count(*) FROM mail_outbox WHERE text_body LIKE '%\(token)%' OR html_body LIKE '%\(token)%'") == "0\n")


        // The CLI: `account invite --send` writes it to the outbox and delivers it at once.
        let cliEnvironment = Self.mailEnvironment(port: sink.port)
        for (key, value) in cliEnvironment { box.environment[key] = value }
        let cli = try box.must(["account", "invite", "dr.ung", "--send"], as: "dr.lead")
        let cliToken = cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(cli.stderr.contains("Delivered to ulla@example.dk"), "\(cli.stderr)")
        let cliMails = try await Self.await(sink, seconds: 10) { $0.to.contains("ulla@example.dk") }
        #expect(cliMails.count == 1 && cliMails.first?.text.contains("\(Self.base)/invitation/\(cliToken)") == true)
    }

    @Test("the server writes the daily digest itself from the configured hour, once a day; `remind` then sends no second one",
          .timeLimit(.minutes(3)))
    func dailyDigest() async throws {
        guard Self.ready() else { return }
        let (box, _, _) = try Self.department()
        defer { box.cleanup() }
        // Made from the CLI without LOGBOOK_BASE_URL: no mail of its own, but it waits in dr.berg's inbox.
        try box.must(["request", "add", "--to", "hovedvejleder", "I1", "--message", "Mini-CEX i går"], as: "dr.ung")
        #expect(try box.sql("SELECT count(*) FROM mail_outbox") == "0\n")
        let sink = try SMTPSink()
        defer { sink.stop() }
        var environment = Self.mailEnvironment(port: sink.port)
        environment["LOGBOOK_DIGEST_HOUR"] = "0"
        let server = try ServerProcess(box, environment: environment)
        let digests = try await Self.await(sink, seconds: 15) { $0.to.contains("bo.berg@example.dk") }
        let digest = try #require(digests.first)
        #expect(digest.subject.hasPrefix("logbog: ") && digest.subject.hasSuffix("ting venter på dig (15.06.2026)"), "\(digest.subject)")
        #expect(digest.text.contains("Kære Bo Berg") && digest.text.contains("Mini-CEX i går") && digest.text.contains("\(Self.base)/"))
        #expect(server.stop() == 0)
        for (key, value) in Self.mailEnvironment(port: sink.port) { box.environment[key] = value }
        #expect(try box.must(["remind", "--person", "dr.berg"]).stdout.contains("No reminders"))
        #expect(try sink.received().filter { $0.rcpt_tos == ["bo.berg@example.dk"] }.count == 1, "one digest a day, whoever sends it")
    }

    /// A free loopback port with nothing listening (a relay that is down).
    static func deadPort() throws -> Int {
        let probe = try SMTPSink()
        let port = probe.port
        probe.stop()
        return port
    }

    @Test("relay down while a request is made: the request succeeds at once, the mail arrives once the relay is back",
          .timeLimit(.minutes(3)))
    func relayDown() async throws {
        guard Self.ready() else { return }
        let (box, traineeToken, _) = try Self.department()
        defer { box.cleanup() }
        let port = try Self.deadPort()
        let server = try ServerProcess(box, environment: Self.mailEnvironment(port: port))
        defer { server.stop() }
        let ung = try await server.logIn("dr.ung", invitation: traineeToken)
        let started = ContinuousClock.now
        let made = try await ServeTests.request("POST", server.base + "/api/v1/positions/1/requests",
                                                json: ["to": "hovedvejleder", "competencies": ["I1"]], headers: ung)
        #expect(made.status == 201)
        #expect(ContinuousClock.now - started < .seconds(2), "the request does not wait for the relay")
        // The sender tried, failed, and will try again.
        try await Task.sleep(for: .seconds(1))
        let pending = try box.sql("SELECT state, attempts > 0, last_error IS NOT NULL FROM mail_outbox")
        #expect(pending == "pending|1|1\n", "\(pending)")

        let sink = try SMTPSink(["--port", String(port)])
        defer { sink.stop() }
        let mails = try await Self.await(sink, seconds: 30) { $0.to.contains("bo.berg@example.dk") }
        #expect(mails.count == 1)
        try await Task.sleep(for: .seconds(1))
        #expect(try sink.received().count == 1)
        #expect(try box.sql("SELECT state FROM mail_outbox") == "delivered\n")
    }

    @Test("server killed between commit and delivery: delivered after the restart, exactly once", .timeLimit(.minutes(3)))
    func killedBeforeDelivery() async throws {
        guard Self.ready() else { return }
        let (box, traineeToken, _) = try Self.department()
        defer { box.cleanup() }
        let port = try Self.deadPort()
        let first = try ServerProcess(box, environment: Self.mailEnvironment(port: port))
        let ung = try await first.logIn("dr.ung", invitation: traineeToken)
        let made = try await ServeTests.request("POST", first.base + "/api/v1/positions/1/requests",
                                                json: ["to": "hovedvejleder", "competencies": ["I1"]], headers: ung)
        #expect(made.status == 201)
        // Committed, not delivered (the relay is down): kill -9, no chance to clean up.
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(try box.sql("SELECT state FROM mail_outbox") == "pending\n")

        let sink = try SMTPSink(["--port", String(port)])
        defer { sink.stop() }
        let second = try ServerProcess(box, environment: Self.mailEnvironment(port: port))
        let mails = try await Self.await(sink, seconds: 10) { $0.to.contains("bo.berg@example.dk") }
        #expect(mails.count == 1)
        // Another restart sends nothing again.
        second.stop()
        let third = try ServerProcess(box, environment: Self.mailEnvironment(port: port))
        try await Task.sleep(for: .seconds(2))
        third.stop()
        #expect(try sink.received().count == 1)
        #expect(try box.sql("SELECT state FROM mail_outbox") == "delivered\n")
    }

    /// Not an assertion on time: prints the median from act (the request's POST) to the mail in the relay over 100
    /// requests. Runs only with LOGBOOK_MAIL_LATENCY=1 (it takes a while on a busy machine).
    @Test("median time from act to delivered mail over 100 acts (LOGBOOK_MAIL_LATENCY=1)", .timeLimit(.minutes(10)))
    func latency() async throws {
        guard ProcessInfo.processInfo.environment["LOGBOOK_MAIL_LATENCY"] == "1", Self.ready() else { return }
        let (box, traineeToken, _) = try Self.department()
        defer { box.cleanup() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let server = try ServerProcess(box, environment: Self.mailEnvironment(port: sink.port), quiet: true)
        defer { server.stop() }
        let ung = try await server.logIn("dr.ung", invitation: traineeToken)
        let folder = sink.directory.appendingPathComponent("messages")
        var times: [Double] = []
        for round in 0..<100 {
            let started = ContinuousClock.now
            let made = try await ServeTests.request("POST", server.base + "/api/v1/positions/1/requests",
                                                    json: ["to": "hovedvejleder", "competencies": ["I1"]], headers: ung)
            #expect(made.status == 201)
            while ((try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".json") }.count ?? 0) <= round {
                try await Task.sleep(for: .milliseconds(2))
            }
            let elapsed = ContinuousClock.now - started
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            let id = try #require((Self.json(made.body) as? [String: Any])?["id"] as? Int)
            let withdrawn = try await ServeTests.request("POST", server.base + "/api/v1/requests/\(id)/withdrawal", json: [:], headers: ung)
            #expect(withdrawn.status == 200)
        }
        times.sort()
        let median = (times[49] + times[50]) / 2
        print("act → delivered mail over \(times.count) requests: median \(String(format: "%.1f", median)) ms, "
              + "p90 \(String(format: "%.1f", times[89])) ms, max \(String(format: "%.1f", times[99])) ms")
    }
}

import Foundation
import SMTPSinkSupport
import Testing

/// Issue 14: `logbook remind` sends each person a digest over SMTP, at most once a day; tested against aiosmtpd.
@Suite("Reminders by e-mail")
struct RemindTests {
    static func ready(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        Dependency.aiosmtpd.ready("the remind tests", sourceLocation: sourceLocation)
    }

    /// The decoded body of a received message (quoted-printable, UTF-8).
    static func body(_ message: SMTPSink.Received) throws -> String {
        let script = "import sys,email; m=email.message_from_bytes(sys.stdin.buffer.read()); print(m.get_payload(decode=True).decode())"
        return try Binary.runTool("/usr/bin/env", ["python3", "-c", script], stdin: message.text).stdout
    }

    @Test("A digest per person with something waiting, once a day; dry run sends and records nothing; a dead relay is 75")
    func remind() throws {
        guard Self.ready() else { return }
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["person", "correct", "dr.berg", "--email", "bo.berg@example.dk"], as: "sek.a")
        try box.must(["person", "correct", "dr.ung", "--email", "ulla@example.dk"], as: "dr.ung")
        try box.must(["person", "correct", "dr.ny", "--email", "niels@example.dk"], as: "dr.ny")   // nothing waits for dr.ny
        try box.must(["request", "add", "--to", "hovedvejleder", "I1", "--message", "Mini-CEX i går"], as: "dr.ung")

        let dry = try box.must(["remind", "--dry-run"]).stdout
        #expect(dry.contains("To: Bo Berg <bo.berg@example.dk>") && dry.contains("To: Ulla Ung <ulla@example.dk>"))
        #expect(!dry.contains("niels@example.dk"))
        #expect(dry.contains("Request") && dry.contains("Mini-CEX i går"))
        #expect(try box.sql("SELECT count(*) FROM reminder_sent") == "0\n")

        let sink = try SMTPSink()
        defer { sink.stop() }
        box.environment["LOGBOOK_SMTP_HOST"] = "127.0.0.1"
        box.environment["LOGBOOK_SMTP_PORT"] = String(sink.port)
        box.environment["LOGBOOK_SMTP_SECURITY"] = "none"
        box.environment["LOGBOOK_SMTP_FROM"] = "Logbog KARD <logbog@example.dk>"
        box.environment["LOGBOOK_LANG"] = "da"
        let sent = try box.must(["remind"])
        #expect(sent.stdout.contains("Sendte 2 påmindelser"))
        let received = try sink.received()
        #expect(Set(received.flatMap(\.rcpt_tos)) == ["bo.berg@example.dk", "ulla@example.dk"])
        let berg = try #require(received.first { $0.rcpt_tos == ["bo.berg@example.dk"] })
        let text = try Self.body(berg)
        #expect(text.contains("Kære Bo Berg"))
        #expect(text.contains("Anmodning") && text.contains("Ulla Ung") && text.contains("Mini-CEX i går"))
        #expect(berg.text.lowercased().contains("subject: =?utf-8?"), "a Danish subject is an encoded-word: \(berg.text.prefix(400))")

        // Hourly cron: nobody gets a second digest the same day.
        #expect(try box.must(["remind"]).stdout.contains("Ingen påmindelser"))
        #expect(try sink.received().count == 2)
        // The next day they do.
        box.environment["LOGBOOK_TODAY"] = "2026-06-16"
        try box.must(["remind"])
        #expect(try sink.received().count == 4)

        // A relay that is not there: exit 75, nothing recorded, so the next run sends.
        box.environment["LOGBOOK_TODAY"] = "2026-06-17"
        box.environment["LOGBOOK_SMTP_PORT"] = "1"
        let failed = try box.run(["remind"])
        #expect(failed.status == 75, "\(failed.stderr)")
        #expect(try box.sql("SELECT count(*) FROM reminder_sent WHERE sent_on = '2026-06-17'") == "0\n")

        // Secrets never on the command line or in the environment: a password variable is refused (64).
        box.environment["LOGBOOK_SMTP_PASSWORD"] = "hemmelig"
        let refused = try box.run(["remind"])
        #expect(refused.status == 64)
        #expect(!refused.stderr.contains("hemmelig"))
    }
}

/// The README's "A week in a department" runs as written (its relay replaced by the test sink, its database by the
/// sandbox's), so the documentation cannot drift from the program.
@Suite("README: a week in a department")
struct ReadmeWeekTests {
    @Test("the README's week runs: requests, inboxes, a correction, a cancellation, reminders, verify")
    func week() throws {
        guard RemindTests.ready() else { return }
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## A week in a department"))
        let rest = text[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n")), close = try #require(rest[open.upperBound...].range(of: "```"))
        let box = try Sandbox()
        defer { box.cleanup() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        // Under `set -e`: every command must succeed but the one the README shows refused, which must be refused (exit 1).
        let refused = "logbook request add --to dr.ahmed I6 --as dr.berit"
        let relay = "python3 -m aiosmtpd -n -l 127.0.0.1:8025 & sleep 1"
        let week = String(rest[open.upperBound..<close.lowerBound])
        #expect(week.contains(refused) && week.contains(relay), "the README's week changed: update this test's replacements")
        let script = "set -e\n" + week
            .replacingOccurrences(of: "/tmp/uge.sqlite", with: box.database)
            .replacingOccurrences(of: refused, with: "if \(refused); then echo 'not refused: \(refused)' >&2; exit 1; else [ $? -eq 1 ]; fi")
            .replacingOccurrences(of: relay, with: ":")
            .replacingOccurrences(of: "8025", with: String(sink.port))
        let folder = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("LOGBOOK_") { environment.removeValue(forKey: key) }
        environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["LOGBOOK_LANG"] = "en"
        environment["NO_COLOR"] = "1"
        let result = try Binary.runTool("/bin/bash", ["-c", String(script)], environment: environment, in: box.folder)
        #expect(result.status == 0, "a command of the week failed (set -e): \(result.stdout)\n\(result.stderr)")
        for expected in ["Request 73 sent to Peter Juhl for I4.", "Request 74 sent to Sara Holm for I5.", "Request 73 answered: I4 approved",
                         "Request 74 declined: Record a DOPS of the echo first", "Position 6 of Ahmed Khalil (dr.ahmed) cancelled",
                         "time can be attested", "ended without an element attestation", "Sent 2 reminders"] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
        #expect(result.stderr.contains("dr.ahmed cannot approve this"))
        #expect(try sink.received().count == 2)
    }
}

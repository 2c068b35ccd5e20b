import Foundation
import Testing

/// Issue 14: approval requests, the inbox, corrections as recorded changes, cancelling a position, a second region.
@Suite("The daily workflow")
struct WorkflowTests {
    /// The number in "Request 12 sent to …".
    static func requestID(_ output: String) -> String {
        String(output.split(separator: " ")[1])
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    @Test("A trainee asks, the hovedvejleder declines or approves, the trainee withdraws; verify holds")
    func requests() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["record", "add", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-06-01", "--assessor", "dr.berg"],
                     as: "dr.ung")

        // Refused when made: to someone who cannot approve, by someone who is not the trainee, twice, nothing asked.
        try box.refused(["request", "add", "--to", "dr.dkv", "I1"], status: 1, ["dr.dkv cannot approve this"], as: "dr.ung")
        try box.refused(["request", "add", "--position", "1", "--to", "dr.lead", "I1"], status: 1, ["is not the trainee of position 1"],
                        as: "dr.berg")
        try box.refused(["request", "add", "--to", "hovedvejleder"], status: 64, ["at least one competency"], as: "dr.ung")
        try box.refused(["request", "add", "--to", "hovedvejleder", "I1", "--assessment", "99"], status: 1, ["assessment 99"], as: "dr.ung")
        try box.refused(["request", "add", "--to", "dr.nobody", "I1"], status: 1, ["dr.nobody"], as: "dr.ung")

        let made = try box.must(["request", "add", "--to", "hovedvejleder", "I1", "--assessment", "1", "--message", "Mini-CEX 1. juni"],
                                as: "dr.ung")
        #expect(made.stdout.contains("sent to Bo Berg for I1"))
        let first = Self.requestID(made.stdout)
        try box.refused(["request", "add", "--to", "dr.lead", "I1"], status: 1, ["already asked for in request \(first)"], as: "dr.ung")

        // It waits in the hovedvejleder's inbox, with the trainee's message.
        let inbox = try Self.json(try box.must(["inbox", "--format", "json"], as: "dr.berg").stdout)
        #expect(inbox.contains { $0["kind"] as? String == "request" && ($0["request"] as? Int).map(String.init) == first
                    && ($0["text"] as? String ?? "").contains("Mini-CEX 1. juni") })

        // Only the addressee declines; only the trainee withdraws.
        try box.refused(["request", "decline", first, "--reason", "nej"], status: 1, ["only dr.berg can decline it"], as: "dr.lead")
        try box.refused(["request", "decline", first, "--reason", " "], status: 64, ["needs a reason"], as: "dr.berg")
        try box.refused(["request", "withdraw", first], status: 1, ["only the trainee who made it"], as: "dr.berg")

        // Approving the request: the approval names it, the request closes, the inbox empties.
        let approved = try box.must(["request", "approve", first, "--comment", "fint"], as: "dr.berg")
        #expect(approved.stdout.contains("I1 approved"))
        let approval = try box.lastEvent()
        #expect(try box.sql("SELECT kind, payload FROM event WHERE id = \(approval)") == "competency-approval|request:\(first)\n")
        try box.refused(["request", "approve", first], status: 1, ["already answered"], as: "dr.berg")
        #expect(!(try Self.json(try box.must(["inbox", "--format", "json"], as: "dr.berg").stdout)).contains { $0["kind"] as? String == "request" })

        // Declined: the trainee sees why in their inbox.
        let second = Self.requestID(try box.must(["request", "add", "--to", "hovedvejleder", "I2"], as: "dr.ung").stdout)
        try box.must(["request", "decline", second, "--reason", "Lav en audit først"], as: "dr.berg")
        let trainee = try box.must(["inbox"], as: "dr.ung").stdout
        #expect(trainee.contains("declined: Lav en audit først"))

        // Withdrawn by the trainee.
        let third = Self.requestID(try box.must(["request", "add", "--to", "dr.lead", "I2"], as: "dr.ung").stdout)
        try box.must(["request", "withdraw", third], as: "dr.ung")
        try box.refused(["request", "approve", third], status: 1, ["was withdrawn"], as: "dr.lead")

        // Approved without --request by someone else who may approve: the one open request asking for it is answered.
        let fourth = Self.requestID(try box.must(["request", "add", "--to", "hovedvejleder", "I2"], as: "dr.ung").stdout)
        try box.must(["approve", "--position", "1", "I2"], as: "dr.lead")
        #expect(try box.sql("SELECT payload FROM event WHERE id = \(try box.lastEvent())") == "request:\(fourth)\n")

        let listed = try Self.json(try box.must(["request", "list", "--all", "--format", "json"], as: "dr.ung").stdout)
        #expect(listed.map { $0["status"] as? String ?? "" } == ["approved", "declined", "withdrawn", "approved"])
        #expect(listed.first?["assessments"] as? [Int] == [1])
        #expect(try box.must(["request", "list"], as: "dr.ung").stdout.contains("No open requests"))

        // Every step is in the signed log and replays.
        let verified = try box.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(try box.sql("SELECT count(*) FROM event WHERE kind IN ('approval-request', 'request-decline', 'request-withdrawal')") == "6\n")
        // The index rows are permanent too.
        let deleted = try Binary.runTool("/usr/bin/sqlite3", [box.database, "DELETE FROM approval_request"])
        #expect(deleted.stderr.contains("permanent history"))
    }

    @Test("The inbox of a hovedvejleder, a UAO and a secretariat, oldest first")
    func inbox() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        // dr.ny's position has no hovedvejleder.
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "KARD", "--curriculum", "Kardiologi", "--start", "2026-05-01"],
                     as: "dr.lead")

        let lead = try Self.json(try box.must(["inbox", "--format", "json"], as: "dr.lead").stdout)
        #expect(lead.contains { $0["kind"] as? String == "no-supervisor" && $0["position"] as? Int == 2 })

        // Later: dr.ung's introduction meeting is overdue for the hovedvejleder; dr.ung's time can be attested.
        let supervisor = try Self.json(try box.must(["inbox", "--format", "json", "--on", "2027-06-01"], as: "dr.berg").stdout)
        #expect(supervisor.contains { $0["kind"] as? String == "overdue" && $0["subject"] as? String == "introduction" })
        let days = supervisor.compactMap { $0["since"] as? String }
        #expect(days == days.sorted(), "oldest first: \(days)")
        let later = try Self.json(try box.must(["inbox", "--format", "json", "--on", "2027-06-01"], as: "dr.lead").stdout)
        #expect(later.contains { $0["kind"] as? String == "time-attestable" && $0["position"] as? Int == 1 })

        // After the end, the secretariat sees the position that ended without an element attestation.
        let secretariat = try Self.json(try box.must(["inbox", "--format", "json", "--on", "2027-08-01"], as: "sek.a").stdout)
        #expect(secretariat.contains { $0["kind"] as? String == "ended-without-element" && $0["position"] as? Int == 1 })
        #expect(try box.must(["inbox", "--on", "2027-08-01"], as: "sek.a").stdout.contains("ended without an element attestation"))

        // Danish, one line each within 80 columns.
        box.environment["LOGBOOK_LANG"] = "da"
        let danish = try box.must(["inbox", "--on", "2027-06-01"], as: "dr.berg").stdout
        #expect(danish.contains("overskredet"))
        expectFits80Columns(danish, "inbox --on 2027-06-01 in Danish")
    }

    @Test("A person's name and authorisation id are corrected with history; the handle and the history are permanent")
    func corrections() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["person", "correct", "dr.ung", "--name", "Ulla Ungersen"], status: 1, ["dr.ung is not secretariat, UAO or tutor"],
                        as: "dr.ung")
        try box.refused(["person", "correct", "dr.ung", "--email", "not an address"], status: 64, ["is not an e-mail address"], as: "dr.ung")
        try box.refused(["person", "correct", "dr.ung"], status: 64, ["nothing to correct"], as: "sek.a")
        try box.must(["person", "correct", "dr.ung", "--name", "Ulla Ungersen", "--authorisation-id", "ABC12", "--reason", "gift"], as: "sek.a")
        try box.must(["person", "correct", "dr.ung", "--email", "ulla@example.dk"], as: "dr.ung")
        try box.refused(["person", "correct", "dr.ung", "--name", "Ulla Ungersen"], status: 1, ["already has these values"], as: "sek.a")
        try box.refused(["person", "correct", "dr.ny", "--authorisation-id", "ABC12"], status: 1, ["ABC12"], as: "sek.a")

        let shown = try box.must(["person", "show", "dr.ung"]).stdout
        #expect(shown.contains("name: Ulla Ung → Ulla Ungersen (by sek.a: gift)"))
        #expect(shown.contains("authorisation id: – → ABC12"))
        #expect(shown.contains("e-mail: – → ulla@example.dk (by dr.ung)"))
        let rewritten = try Binary.runTool("/usr/bin/sqlite3", [box.database, "UPDATE person_change SET old_value = 'x'"])
        #expect(rewritten.stderr.contains("corrections are permanent history"))
        let renamed = try Binary.runTool("/usr/bin/sqlite3", [box.database, "UPDATE person SET handle = 'dr.x' WHERE handle = 'dr.ung'"])
        #expect(renamed.stderr.contains("a handle is named by the signed log"))
    }

    @Test("A position started by mistake is cancelled by whoever could start it, only while nothing is approved")
    func cancel() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let request = Self.requestID(try box.must(["request", "add", "--to", "hovedvejleder", "I1"], as: "dr.ung").stdout)
        try box.refused(["position", "cancel", "1", "--reason", "fejl"], status: 1, ["dr.berg is not UAO or secretariat"], as: "dr.berg")
        try box.refused(["position", "cancel", "1", "--reason", ""], status: 64, ["needs a reason"], as: "dr.lead")
        try box.must(["position", "cancel", "1", "--reason", "Oprettet på den forkerte afdeling"], as: "dr.lead")
        try box.refused(["position", "cancel", "1", "--reason", "igen"], status: 1, ["already cancelled"], as: "dr.lead")

        // Its records stay, marked; nothing more is recorded on it; its open request closed.
        #expect(try box.must(["position", "show", "1"]).stdout.contains("CANCELLED 2026-06-15 by dr.lead"))
        #expect(try box.must(["position", "list"]).stdout.contains("cancelled"))
        try box.refused(["record", "add", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-06-01"], status: 1,
                        ["position 1 was cancelled"], as: "dr.ung")
        try box.refused(["request", "approve", request], status: 1, ["closed when its position was cancelled"], as: "dr.berg")

        // The trainee is free for the right position, over the same dates.
        try box.must(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi", "--start", "2026-03-01",
                      "--supervisor", "dr.berg"], as: "dr.lead")
        try box.must(["approve", "--position", "2", "I1"], as: "dr.berg")
        try box.refused(["position", "cancel", "2", "--reason", "fejl"], status: 1, ["cannot be cancelled", "competency approved"], as: "sek.a")
        #expect(try box.must(["status"], as: "dr.ung").stdout.contains("position 2"))
        let verified = try box.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    @Test("The home region's secretariat onboards another region; that region's secretariat stays in its region")
    func secondRegion() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        for handle in ["sek.nord", "sek.nord2", "sek.hoved"] { try box.must(["person", "add", handle, "--name", handle], as: "sek.a") }
        try box.must(["grant", "sek.nord", "secretariat", "--region", "Nordjylland", "--from", "2026-06-01"], as: "sek.a")
        try box.must(["grant", "sek.nord2", "secretariat", "--region", "Nordjylland", "--from", "2026-06-01"], as: "sek.nord")
        try box.refused(["grant", "sek.hoved", "secretariat", "--region", "Hovedstaden", "--from", "2026-06-01"], status: 1,
                        ["sek.nord is not secretariat"], as: "sek.nord")
        try box.must(["department", "add", "AAL-KAR", "--name", "Kardiologi Aalborg", "--kind", "hospital", "--region", "Nordjylland"],
                     as: "sek.nord")
        let verified = try box.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}

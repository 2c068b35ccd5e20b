import Foundation
import Testing

@Suite("Absence under attestations, withdrawal, and periods past the end")
struct AbsenceRuleTests {
    @Test("absence cannot move the end under a standing time or element attestation")
    func refusedUnderAttestation() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpCardiology()
        try box.refused(["absence", "add", "--position", "3", "--from", "2026-07-01", "--to", "2026-09-10", "--kind", "sygdom"],
                        status: 1, ["standing element attested", "revoke that first"], as: "dr.ærø")
    }

    @Test("a period entered by mistake is withdrawn with a reason; the end follows; the row stays")
    func withdraw() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpCardiology()
        let added = try box.must(["absence", "add", "--position", "1", "--from", "2026-10-01", "--to", "2026-11-15", "--kind", "sygdom"],
                                 as: "dr.lund")
        #expect(added.stdout.contains("end moved from 2027-08-31 to 2027-10-31"))
        try box.refused(["absence", "revoke", "1"], status: 64, ["--reason"], as: "dr.lund")
        try box.refused(["absence", "revoke", "9", "--reason", "x"], status: 1, ["no absence 9"], as: "dr.lund")
        let withdrawn = try box.must(["absence", "revoke", "1", "--reason", "tastefejl: forkert måned"], as: "dr.lund")
        #expect(withdrawn.stdout.contains("end moved from 2027-10-31 to 2027-08-31"))
        try box.refused(["absence", "revoke", "1", "--reason", "igen"], status: 1, ["already withdrawn"], as: "dr.lund")
        #expect(try box.sql("SELECT count(*) FROM absence").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let show = try box.must(["position", "show", "1"])
        #expect(show.stdout.contains("end: 2027-08-31"))
        // The withdrawn period is gone from the list, and back with --all: marked, with who, when and why.
        #expect(!(try box.must(["absence", "list", "--position", "1", "--format", "csv"]).stdout.contains("2026-10-01")))
        let all = try box.must(["absence", "list", "--position", "1", "--all", "--format", "csv"]).stdout
        #expect(all.contains("Withdrawn"))
        #expect(all.contains(",2026-10-01,2026-11-15,46,no,,withdrawn "))
        #expect(all.contains(": tastefejl: forkert måned"))
        let json = try box.must(["absence", "list", "--position", "1", "--all", "--format", "json"]).stdout
        #expect(json.contains("\"reason\": \"tastefejl: forkert måned\"") && json.contains("\"by\": \"dr.lund\""))
    }

    @Test("a sickness that runs past the current end is accepted when it extends the position to contain it")
    func pastTheEnd() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpCardiology()
        box.environment["LOGBOOK_TODAY"] = "2027-08-20"
        // Sickness is recorded as it happens: not ahead of today, in either language.
        try box.refused(["absence", "add", "--position", "1", "--from", "2027-08-15", "--to", "2027-09-30", "--kind", "sygdom"], status: 1,
                        ["sickness is recorded as it happens: '--to' 2027-09-30 is after today (2027-08-20)"], as: "dr.lund")
        try box.refused(["absence", "add", "--position", "1", "--from", "2027-08-15", "--to", "2027-09-30", "--kind", "sygdom", "--lang", "da"],
                        status: 1, ["sygdom registreres, efterhånden som den indtræffer: '--to' 30.09.2027 er efter i dag (20.08.2027)"], as: "dr.lund")
        // Holiday may be planned ahead.
        try box.must(["absence", "add", "--position", "1", "--from", "2027-08-23", "--to", "2027-08-24", "--kind", "ferie"], as: "dr.lund")
        box.environment["LOGBOOK_TODAY"] = "2027-10-01"
        try box.must(["absence", "add", "--position", "1", "--from", "2027-08-15", "--to", "2027-08-22", "--kind", "sygdom"], as: "dr.lund")
        try box.must(["absence", "add", "--position", "1", "--from", "2027-08-25", "--to", "2027-09-30", "--kind", "sygdom"], as: "dr.lund")
        try box.refused(["absence", "add", "--position", "1", "--from", "2027-12-01", "--to", "2028-06-30", "--kind", "ferie"],
                        status: 1, ["is outside position 1"], as: "dr.lund")
    }

    @Test("positions, hovedvejleder assignments and absence refuse UPDATE and DELETE", arguments: [
        "UPDATE position SET part_time = '1/2'", "DELETE FROM position_supervisor", "UPDATE absence SET to_date = from_date",
        "DELETE FROM absence",
    ])
    func appendOnly(statement: String) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpCardiology()
        try box.must(["absence", "add", "--position", "1", "--from", "2026-10-01", "--to", "2026-10-02", "--kind", "sygdom"], as: "dr.lund")
        let result = try Binary.runTool("/usr/bin/sqlite3", [box.database, statement])
        #expect(result.stderr.contains("permanent history"), "\(result.stderr)")
    }
}

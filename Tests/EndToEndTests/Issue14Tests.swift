import Foundation
import Testing

/// A målbeskrivelse naming methods of its own beside a usual one, with a long konkretisering (issue 14).
private let orthopaedics = """
    {
      "specialty": "Kardiologi",
      "version": "2024",
      "validFrom": "2024-01-01",
      "title": "Målbeskrivelse med egne metoder",
      "competencies": [
        {"code": "O1", "title": "Håndtere et åbent brud", "roles": ["Medicinsk ekspert"],
         "concretisation": "Kan selvstændigt modtage, udrede og behandle patienter med åbne brud i skadestuen",
         "methods": ["Struktureret klinisk observation", "Logbog over operationer"]},
        {"code": "O2", "title": "Samtale på ønskeø", "roles": ["Kommunikator"], "methods": ["MINI cex", "Mini-CEKS"]}
      ]
    }
    """

@Suite("Issue 14: own assessment methods, re-import differences, course merit, history numbers")
struct Issue14Tests {
    @Test("a målbeskrivelse's own methods import (a near miss noted on stderr), show, record and list in both languages")
    func ownMethods() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let file = try box.write("ortopaedi.json", orthopaedics)
        let imported = try box.must(["curriculum", "import", file], as: "sek.a")
        #expect(imported.stdout.hasPrefix("imported Kardiologi 2024 (intro): 2 competencies"))
        #expect(imported.stderr.contains("note: the assessment method \"Mini-CEKS\" is not one of the usual methods"), "\(imported.stderr)")
        let danish = try box.run(["curriculum", "import", file, "--lang", "da"], as: "sek.a")
        #expect(danish.status == 0 && danish.stderr.isEmpty, "a re-import of the same file is a no-op without notes: \(danish.stderr)")

        let json = try box.must(["curriculum", "show", "Kardiologi@2024", "--format", "json"])
        #expect(json.stdout.contains("\"Logbog over operationer\",\n") || json.stdout.contains("\"Logbog over operationer\""))
        #expect(json.stdout.contains("\"Mini-CEX\"") && json.stdout.contains("\"Mini-CEKS\""), "\(json.stdout)")
        let table = try box.must(["curriculum", "show", "Kardiologi@2024", "--full", "--lang", "da"])
        #expect(table.stdout.contains("Logbog over operationer, Struktureret klinisk observation"), "\(table.stdout)")

        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "KARD", "--curriculum", "Kardiologi",
                      "--start", "2026-03-01", "--supervisor", "dr.berg"], as: "dr.lead")
        let status = try box.must(["status", "--position", "1", "--lang", "da"], as: "dr.ny")
        #expect(status.stdout.contains("Logbog over operationer"), "\(status.stdout)")
        try box.must(["record", "--position", "1", "O1", "--method", "logbog OVER operationer", "--date", "2026-06-01"], as: "dr.ny")
        try box.refused(["record", "--position", "1", "O2", "--method", "Logbog over operationer", "--date", "2026-06-01"], status: 1,
                        ["does not name Logbog over operationer for competency O2"], as: "dr.ny")
        let list = try box.must(["record", "list", "--position", "1", "--format", "json"], as: "dr.ny")
        #expect(list.stdout.contains("\"method\": \"Logbog over operationer\""), "\(list.stdout)")
    }

    @Test("a refused re-import names where the texts first differ, with a window of each, in English and Danish")
    func reimportDifference() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.must(["curriculum", "import", try box.write("o.json", orthopaedics)], as: "sek.a")
        let changed = try box.write("o2.json", orthopaedics.replacingOccurrences(of: "brud i skadestuen", with: "brud på skadestuen"))
        try box.refused(["curriculum", "import", changed], status: 1, [
            "competency \"O1\": the concretisation differs at character 70: stored \"…d åbne brud i skadestuen\", file \"…d åbne brud på skadestuen\"",
            "a changed curriculum needs a new version label"], as: "sek.a")
        try box.refused(["curriculum", "import", changed, "--lang", "da"], status: 1, [
            "kompetence \"O1\": konkretiseringen er forskellig fra tegn 70: gemt \"…d åbne brud i skadestuen\", filen \"…d åbne brud på skadestuen\""],
                        as: "sek.a")
        let longer = try box.write("o3.json", orthopaedics.replacingOccurrences(of: "i skadestuen\"", with: "i skadestuen og i ambulatoriet\""))
        try box.refused(["curriculum", "import", longer], status: 1, [
            "at character 82: stored \"…i skadestuen\" (ends there), file \"…i skadestuen og i ambulatori…\""], as: "sek.a")
    }

    @Test("history numbers the position's acts, keeps the event ids revoke takes, names the course, within 80 columns")
    func history() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10"], as: "dr.berg")
        // A course from KBU, before the position's start: merit, the same answer for the hovedvejleder and the UAO.
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2025-11-03"], as: "dr.berg")
        let course = try box.lastEvent()
        try box.must(["revoke", "\(course)", "--reason", "forkert kursus"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2025-11-03"], as: "dr.lead")
        for language in ["en", "da"] {
            let table = try box.must(["history", "--position", "1", "--lang", language])
            let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            expectFits80Columns(table.stdout, "history --position 1 --lang \(language)")
            #expect(lines.first?.hasPrefix(language == "en" ? "No." : "Nr.") == true, "\(table.stdout)")
            // The What column wraps instead of cutting: the course's whole name shows (over lines of its row).
            let words = table.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            #expect(words.contains(language == "en" ? "revokes no. 2" : "tilbagekalder nr. 2"), "\(table.stdout)")
            #expect(["Kursus", "klinisk", "vejledning"].allSatisfy(table.stdout.contains), "\(table.stdout)")
            #expect(!table.stdout.contains("…"), "nothing is cut: \(table.stdout)")
            #expect(table.stdout.contains(language == "en" ? "no. 3, ev. \(course + 1)" : "nr. 3, hd. \(course + 1)"), "\(table.stdout)")
        }
        let json = try box.must(["history", "--position", "1", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["number"] as? Int } == [1, 2, 3, 4])
        #expect(rows[1]["event"] as? Int == course && rows[1]["course_name"] as? String == "Kursus i klinisk vejledning")
        #expect(rows[0]["course_name"] is NSNull && rows[2]["what"] as? String == "revokes event \(course)")
        // Both verifiers judge the merit course on the day it was approved.
        #expect(try box.run(["verify"]).status == 0)
        try box.must(["export", "--position", "1", "-o", "bundle.json"])
        let bundle = box.folder.appendingPathComponent("bundle.json").path
        let checked = try box.run(["verify", "--bundle", bundle])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        if SigningTests.python("tools/verify_bundle.py on the merit course's bundle") {
            let python = try Binary.runTool("/usr/bin/env", ["python3", SigningTests.script, bundle])
            #expect(python.status == 0, "\(python.stdout)\(python.stderr)")
        }
    }
}

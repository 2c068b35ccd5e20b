import Foundation
import LogbookDomain
import LogbookFormats
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The examples folder of the checkout.
let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")
let docsFolder = examplesFolder.deletingLastPathComponent().appendingPathComponent("docs")

extension Sandbox {
    /// Today 2027-03-10. The kardiologi example målbeskrivelse and OUH-KAR programme imported through the CLI;
    /// UAO dr.uao, hovedvejleder dr.hoved; dr.lund (position 1, full time from 2026-09-01) with I2, I1 and I7
    /// approved, I3 assessed but not approved (due month 5: overdue), introduktionssamtale held; dr.kim
    /// (position 2, 80 % from 2027-01-01) with nothing yet; dr.ærø (position 3, ended 2026-12-31, everything
    /// approved and attested).
    func setUpCardiology() throws {
        environment["LOGBOOK_TODAY"] = "2027-03-10"
        try must(["person", "add", "sek.syd", "--name", "Lone Kjær"])
        try must(["grant", "sek.syd", "secretariat", "--region", "Syddanmark", "--from", "2025-01-01"])
        try must(["curriculum", "import", examplesFolder.appendingPathComponent("kardiologi-intro-2022.json").path], as: "sek.syd")
        try must(["program", "import", examplesFolder.appendingPathComponent("program-ouh-kardiologi.json").path], as: "sek.syd")
        for (handle, name) in [("dr.uao", "Hanne Mortensen"), ("dr.hoved", "Peter Juhl"), ("dr.lund", "Ida Lund"),
                               ("dr.kim", "Kim \"KN\" Nørgaard; læge"), ("dr.ærø", "Åse Ærø")] {
            try must(["person", "add", handle, "--name", name], as: "sek.syd")
        }
        try must(["grant", "dr.uao", "uao", "--department", "OUH-KAR", "--from", "2025-01-01"], as: "sek.syd")
        try must(["grant", "dr.hoved", "hovedvejleder", "--department", "OUH-KAR", "--from", "2025-01-01"], as: "dr.uao")
        try must(["position", "start", "--trainee", "dr.lund", "--department", "OUH-KAR", "--curriculum", "Kardiologi",
                  "--start", "2026-09-01", "--supervisor", "dr.hoved"], as: "dr.uao")
        try must(["position", "start", "--trainee", "dr.kim", "--department", "OUH-KAR", "--curriculum", "Kardiologi",
                  "--start", "2027-01-01", "--part-time", "80%", "--supervisor", "dr.hoved"], as: "dr.uao")
        try must(["position", "start", "--trainee", "dr.ærø", "--department", "OUH-KAR", "--curriculum", "Kardiologi",
                  "--start", "2026-01-01", "--supervisor", "dr.hoved"], as: "dr.uao")
        try must(["meeting", "add", "--position", "1", "--kind", "introduktionssamtale", "--date", "2026-09-08"], as: "dr.lund")
        try must(["meeting", "add", "--position", "2", "--kind", "introduction", "--date", "2027-01-04"], as: "dr.kim")
        try must(["record", "--position", "1", "I3", "--method", "Mini-CEX", "--date", "2027-01-20"], as: "dr.lund")
        try must(["record", "--position", "1", "I2", "--method", "Kompetencekort", "--date", "2026-10-20"], as: "dr.lund")
        try must(["approve", "--position", "1", "I2", "I1", "I7", "--date", "2026-11-15"], as: "dr.hoved")
        let all = ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12"]
        try must(["approve", "--position", "3"] + all + ["--date", "2026-12-01"], as: "dr.hoved")
        try must(["approve", "--position", "3", "--course", "Kursus i klinisk vejledning", "--date", "2026-06-01"], as: "dr.hoved")
        for (kind, date) in [("introduction", "2026-01-05"), ("adjustment", "2026-03-30"), ("adjustment", "2026-06-29"),
                             ("adjustment", "2026-09-28"), ("final", "2026-12-20")] {
            try must(["meeting", "add", "--position", "3", "--kind", kind, "--date", date], as: "dr.ærø")
        }
        try must(["attest", "time", "--position", "3"], as: "dr.uao")
        try must(["attest", "element", "--position", "3"], as: "dr.uao")
    }
}

@Suite("status, check, report and demo")
struct StatusReportTests {
    func cardiology() throws -> Sandbox {
        let box = try Sandbox()
        try box.setUpCardiology()
        return box
    }

    @Test("status shows header, competencies in order with state and deadline, meetings, progress and next steps")
    func statusText() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let result = try box.must(["status", "--position", "1"])
        let text = result.stdout
        #expect(text.hasPrefix("Ida Lund (dr.lund) — position 1\n"))
        #expect(text.contains("start 2026-09-01 · end 2027-08-31 · full time\nmain supervisor: Peter Juhl\n"))
        #expect(text.contains("absence 0/36 days counted/allowed"))
        #expect(text.contains("approved 2026-11-15 by Peter Juhl (main supervisor)"))
        #expect(text.contains("in progress · due month 5, overdue since 2027-02-01"))
        #expect(text.contains("introduction meeting: held 2026-09-08"))
        #expect(text.contains("3/12 competencies approved 25 %"))
        let unwrapped = text.replacingOccurrences(of: "\n    ", with: " ")
        #expect(unwrapped.contains("  - ask your main supervisor to approve I3 (due by month 5, overdue since 2027-02-01)"))
        #expect(text.contains("time can be attested from 2027-08-01"))
        #expect(!text.contains("\u{1B}["), "no colour codes when stdout is not a terminal")
        let codes = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " }
            guard line.hasPrefix("  I"), let code = trimmed.split(separator: " ").first else { return nil }
            return String(code)
        }
        #expect(codes == ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12"])
        expectFits80Columns(text, "status")
    }

    @Test("status --format json carries the same content; the acting trainee's own position is the default")
    func statusJSON() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let result = try box.must(["status", "--format", "json"], as: "dr.lund")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["position"] as? Int == 1)
        #expect(json["end"] as? String == "2027-08-31")
        let competencies = try #require(json["competencies"] as? [[String: Any]])
        #expect(competencies.count == 12)
        let i3 = try #require(competencies.first { $0["code"] as? String == "I3" })
        #expect(i3["state"] as? String == "in progress")
        #expect(i3["overdue"] as? Bool == true)
        #expect((i3["assessments"] as? [String: Any])?["count"] as? Int == 1)
        #expect((json["progress"] as? [String: Any])?["approved"] as? Int == 3)
        #expect((json["next_steps"] as? [String])?.contains { $0.hasPrefix("ask your main supervisor to approve I3") } == true)
        try box.refused(["status"], status: 64, ["which position?"])
        try box.refused(["status", "--trainee", "dr.hoved"], status: 1, ["dr.hoved has no intro position"])
        try box.refused(["status", "--position", "9"], status: 1, ["no position 9"])
    }

    @Test("check is silent with exit 0 when nothing is due, and prints one line per problem with exit 1")
    func check() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let quiet = try box.run(["check", "--position", "1", "--on", "2026-09-10"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        let result = try box.run(["check", "--department", "OUH-KAR"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("position 1 (dr.lund): I3 overdue since 2027-02-01 (due by month 5)"))
        #expect(lines.contains("position 1 (dr.lund): adjustment meeting overdue since 2026-12-01"))
        #expect(!lines.contains { $0.contains("position 3") }, "an attested element has nothing overdue")
        #expect(!lines.contains { $0.contains("position 2") }, "80 % time stretches dr.kim's first deadline past today")
        let all = try box.run(["check", "--all"])
        #expect(all.stdout == result.stdout)
        let mine = try box.run(["check"], as: "dr.lund")
        #expect(mine.status == 1 && mine.stdout == result.stdout)
        let ended = try box.run(["check", "--position", "1", "--on", "2027-09-15"])
        #expect(ended.stdout.contains("position 1 (dr.lund): ended 2027-08-31 but the element is not attested (missing: "))
        try box.refused(["check", "--department", "OUH-KAX"], status: 1, ["no department \"OUH-KAX\"", "did you mean \"OUH-KAR\""])
        try box.refused(["check", "--all", "--position", "1"], status: 64, ["only one of"])
    }

    @Test("report: CSV for Excel (BOM in files and with --bom), either delimiter, quotes and æøå; parsed back")
    func reportCSV() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let result = try box.must(["report", "--department", "OUH-KAR", "--all", "--format", "csv", "--delimiter", ";", "--bom"])
        #expect(result.stdout.hasPrefix("\u{FEFF}position;trainee;name;"))
        let piped = try box.must(["report", "--department", "OUH-KAR", "--all", "--format", "csv", "--delimiter", ";"])
        #expect(piped.stdout.hasPrefix("position;trainee;name;"), "no BOM on a pipe unless asked, so pandas reads the first header")
        let file = box.folder.appendingPathComponent("rapport.csv").path
        try box.must(["report", "--department", "OUH-KAR", "--all", "-o", file, "--lang", "da"])
        let written = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(Array(written.prefix(3)) == [0xEF, 0xBB, 0xBF], "a file for Excel starts with a BOM")
        #expect(String(decoding: written.dropFirst(3), as: UTF8.self).hasPrefix("stilling;uddannelseslæge;navn;"),
                "Danish headers and ';' in Danish")
        let table = try CSVReader.read(Array(result.stdout.utf8))
        #expect(table.delimiter == ";")
        #expect(table.header == ReportRow.headers)
        #expect(table.rows.count == 3)
        let aero = try #require(table.rows.first { $0.fields[1] == "dr.ærø" })
        #expect(aero.fields[2] == "Åse Ærø")
        #expect(aero.fields[8] == "12" && aero.fields[9] == "12")
        #expect(aero.fields[14] == "2027-03-10", "element attested")
        let kim = try #require(table.rows.first { $0.fields[1] == "dr.kim" })
        #expect(kim.fields[7] == "part time 80 %")
        #expect(kim.fields[2] == "Kim \"KN\" Nørgaard; læge", "quotes and the delimiter inside a field survive")
        #expect(kim.fields[6] == "2028-03-31", "12 months at 80 % is 15 months")
        let comma = try box.must(["report", "--department", "OUH-KAR", "--format", "csv"])
        let ongoing = try CSVReader.read(Array(comma.stdout.utf8))
        #expect(ongoing.delimiter == ",")
        #expect(ongoing.rows.map { $0.fields[1] } == ["dr.lund", "dr.kim"], "ongoing on the report day by default")
    }

    @Test("report: JSON follows docs/schemas/report.schema.json")
    func reportJSON() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let result = try box.must(["report", "--department", "OUH-KAR", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"])
        struct Report: Decodable {
            struct Department: Decodable { let code: String; let name: String; let region: String }
            struct Summary: Decodable { let positions: Int; let withOverdue: Int; let elementAttested: Int; let absenceOverAllowance: Int }
            struct Position: Decodable {
                let position: Int; let trainee: String; let name: String; let specialty: String; let curriculumVersion: String
                let start: String; let end: String; let partTime: String; let competenciesApproved: Int; let competenciesTotal: Int
                let overdue: Int; let absenceUsed: Int; let absenceAllowed: Int
                let timeAttested: String?; let elementAttested: String?; let forhandsudtalelse: String?
            }
            let schema: String; let department: Department; let on: String; let scope: String; let summary: Summary
            let positions: [Position]
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.schema == "logbook-report-v1")
        #expect(report.positions.map(\.trainee) == ["dr.ærø"], "only dr.ærø's position overlaps the first half of 2026")
        #expect(report.summary.elementAttested == 1)
        // Validate against the schema file too, where Python's jsonschema is at hand.
        let file = try box.write("report.json", result.stdout)
        let check = try Binary.runTool("/usr/bin/env", ["python3", "-c", """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("skip"); sys.exit(0)
            jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
            print("valid")
            """, file, docsFolder.appendingPathComponent("schemas/report.schema.json").path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(["valid", "skip"].contains(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("report: -o report.html writes one well-formed, self-contained page")
    func reportHTML() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let path = box.folder.appendingPathComponent("report.html").path
        let result = try box.must(["report", "--department", "OUH-KAR", "--all", "-o", path])
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("wrote 3 positions to \(path)"))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Åse Ærø") && html.contains("@page"))
        #expect(html.contains("<html lang=\"en\">") && html.contains("Status of intro doctors"), "English with --lang en")
        let danishPath = box.folder.appendingPathComponent("rapport.html").path
        try box.must(["report", "--department", "OUH-KAR", "-o", danishPath, "--lang", "da"])
        let danish = try String(contentsOfFile: danishPath, encoding: .utf8)
        #expect(danish.contains("<html lang=\"da\">") && danish.contains("Status for introduktionslæger") && danish.contains("Uddannelseslæge"))
        for english in ["positions", "with overdue items", "Trainee", "Specialty", "No positions"] {
            #expect(!danish.contains(">\(english)<") && !danish.contains(english + "<"), "English \"\(english)\" in the Danish report")
        }
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"), "no external assets or scripts")
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        try box.refused(["report", "--department", "OUH-KAR", "-o", "/nonexistent/folder/r.html"], status: 66, ["cannot write"])
        try box.refused(["report", "--department", "OUH-KAR", "--from", "2027-01-01"], status: 64, ["'--from' and '--to' go together"])
        try box.refused(["report", "--department", "OUH-KAR", "--delimiter", "|"], status: 64, ["'--delimiter'"])
        try box.refused(["report", "--department", "OUH-KAR", "-o", box.folder.appendingPathComponent("r.xlsx").path], status: 64,
                        [".xlsx is not a format logbook writes"])
        #expect(!FileManager.default.fileExists(atPath: box.folder.appendingPathComponent("r.xlsx").path))
    }

    @Test("status, report and check --on an earlier day leave out what was dated after it")
    func asOfDay() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let status = try box.must(["status", "--position", "1", "--on", "2026-11-01", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let competencies = try #require(json["competencies"] as? [[String: Any]])
        #expect(competencies.first { $0["code"] as? String == "I1" }?["state"] as? String == "not started", "approved 2026-11-15")
        #expect(competencies.first { $0["code"] as? String == "I2" }?["state"] as? String == "in progress", "assessed 2026-10-20")
        #expect(competencies.first { $0["code"] as? String == "I3" }?["state"] as? String == "not started", "assessed 2027-01-20")
        let report = try box.must(["report", "--department", "OUH-KAR", "--all", "--on", "2026-12-15", "--format", "csv"])
        let aero = try #require(try CSVReader.read(Array(report.stdout.utf8)).rows.first { $0.fields[1] == "dr.ærø" })
        #expect(aero.fields[14] == "" && aero.fields[13] == "", "attested only on 2027-03-10")
        let check = try box.run(["check", "--position", "1", "--on", "2026-11-10"])
        #expect(check.stdout.contains("I2 overdue since 2026-11-01"), "I2 was approved only on 2026-11-15")
    }

    @Test("imports need the right grant once the database has grants: secretariat for målbeskrivelser, the department's for programmes")
    func importAccess() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        let csv = examplesFolder.appendingPathComponent("almen-medicin-intro-2023.csv").path
        let flags = ["--specialty", "Kardiologi", "--version", "2026", "--valid-from", "2026-01-01"]
        try box.refused(["curriculum", "import", csv] + flags, status: 1, ["dr.lund is not secretariat"], as: "dr.lund")
        try box.refused(["curriculum", "import", csv] + flags, status: 64, ["who is acting?"])
        let program = try String(contentsOf: examplesFolder.appendingPathComponent("program-ouh-kardiologi.json"), encoding: .utf8)
        let elsewhere = try box.write("rh.json", program.replacingOccurrences(of: "\"OUH-KAR\"", with: "\"RH-KAR\"")
            .replacingOccurrences(of: "\"Syddanmark\"", with: "\"Hovedstaden\""))
        try box.refused(["program", "import", elsewhere], status: 1, ["sek.syd is not secretariat", "Hovedstaden"], as: "sek.syd")
        let newVersion = try box.write("v2.json", program.replacingOccurrences(of: "\"2024-1\"", with: "\"2025-1\""))
        try box.refused(["program", "import", newVersion], status: 1, ["dr.hoved is not UAO or secretariat"], as: "dr.hoved")
        let imported = try box.must(["program", "import", newVersion], as: "dr.uao")
        #expect(imported.stdout.contains("2025-1"))
        #expect(try box.sql("SELECT p.handle FROM program g JOIN person p ON p.id = g.imported_by WHERE g.version = '2025-1'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "dr.uao")
    }

    @Test("the same meeting twice and a handle differing only in case are refused")
    func doubleEntries() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        try box.refused(["meeting", "add", "--position", "1", "--kind", "introduction", "--date", "2026-09-08"], status: 1,
                        ["the introduction meeting on 2026-09-08 is already recorded"], as: "dr.lund")
        try box.refused(["person", "add", "DR.LUND", "--name", "Dup"], status: 1, ["\"dr.lund\" already exists"], as: "sek.syd")
    }

    @Test("report table and listings fit 80 columns")
    func eightyColumns() throws {
        let box = try cardiology()
        defer { box.cleanup() }
        for arguments in [["report", "--department", "OUH-KAR", "--all"], ["curriculum", "show", "Kardiologi"],
                          ["history", "--position", "3"], ["position", "list"], ["program", "show", "OUH-KAR"]] {
            let result = try box.must(arguments)
            expectFits80Columns(result.stdout, arguments.joined(separator: " "))
        }
    }

    @Test("demo builds a department end to end, twice on the same database, and refuses a database with other data")
    func demo() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let first = try box.must(["demo"])
        #expect(first.stdout.contains("Built the demo department OUH-KAR"))
        for stage in ["just started", "one competency overdue", "part time", "absence above the allowance",
                      "advance statement given", "element attested"] {
            #expect(first.stdout.contains(stage), "missing stage: \(stage)")
        }
        #expect(first.stdout.contains("6 positions · 1 with overdue items · 1 attested · 1 over absence allowance"))
        #expect(first.stdout.contains("Berit Lund (dr.berit)"))
        #expect(first.stdout.contains("Try next:"))
        let second = try box.must(["demo"])
        #expect(second.stdout.contains("already in"))
        #expect(try box.sql("SELECT count(*) FROM position").trimmingCharacters(in: .whitespacesAndNewlines) == "6")
        #expect(try box.run(["verify"]).status == 0)
        let check = try box.run(["check", "--department", "OUH-KAR"])
        #expect(check.status == 1)
        #expect(check.stdout.split(separator: "\n").count == 1 && check.stdout.contains("(dr.berit): I8 overdue since"))
        let eligibility = try box.must(["eligibility", "--trainee", "dr.emil", "--specialty", "nefrologi"])
        #expect(eligibility.stdout.contains("may apply"))
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

        let other = try Sandbox()
        defer { other.cleanup() }
        try other.setUpCardiology()
        try other.refused(["demo"], status: 1, ["already holds other data", "--db"])
    }
}

@Suite("status in Danish")
struct DanishStatusTests {
    @Test("LANG=da_DK.UTF-8 gives status in Danish with Danish dates; --lang en gives it in English; --lang de is refused")
    func danishStatus() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        box.environment["LOGBOOK_LANG"] = ""
        box.environment["LC_ALL"] = ""
        box.environment["LANG"] = "da_DK.UTF-8"
        let danish = try box.must(["status", "--position", "1"])
        #expect(danish.stdout.contains("— stilling 1"), "\(danish.stdout)")
        #expect(danish.stdout.contains("Kompetencer") && danish.stdout.contains("Næste skridt"), "\(danish.stdout)")
        #expect(danish.stdout.contains("Slutter 30.06.2027"), "\(danish.stdout)")
        for english in ["Competencies", "Next steps", "not started", "Ends 20", "due month", "assessments"] {
            #expect(!danish.stdout.contains(english), "English \"\(english)\" in Danish status")
        }
        let english = try box.must(["status", "--position", "1", "--lang", "en"])
        #expect(english.stdout.contains("Competencies") && english.stdout.contains("Ends 2027-06-30"), "\(english.stdout)")
        try box.refused(["status", "--position", "1", "--lang", "de"], status: 64, ["'--lang' must be da or en"])
    }
}

@Suite("CSV convention")
struct CSVConventionTests {
    @Test("a cell Excel would run as a formula is written with a leading quote; the delimiter follows the language")
    func formulaGuard() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.must(["init"])
        try box.must(["person", "add", "dr.x", "--name", "=HYPERLINK(\"http://evil.example\";\"klik\")"])
        try box.must(["person", "add", "dr.y", "--name=-2+3"])
        let english = try box.must(["person", "list", "--format", "csv"])
        #expect(english.stdout.contains("dr.x,\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klik\"\")\""), "\(english.stdout)")
        #expect(english.stdout.contains("dr.y,'-2+3"), "\(english.stdout)")
        let danish = try box.must(["person", "list", "--format", "csv", "--lang", "da"])
        #expect(danish.stdout.contains("dr.y;'-2+3"), "\(danish.stdout)")
        #expect(!danish.stdout.hasPrefix("\u{FEFF}"))
    }
}


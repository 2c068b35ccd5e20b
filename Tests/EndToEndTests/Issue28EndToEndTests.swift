import Foundation
import Testing

/// Issue 28, what only the binary shows: who reads, exit codes, files from Excel, Danish at 80 columns.
@Suite("Issue 28 end to end: who reads, Excel CSV, Danish output")
struct Issue28EndToEndTests {
    @Test("Who reads: a named person who does not exist is refused by reading commands too (exit 1, database unchanged), in both languages; no actor reads")
    func unknownReader() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let before = try box.databaseSnapshot()
        for (language, text) in [("en", "'--as': no person \"dr.nobody\""), ("da", "'--as': ingen person med brugernavnet \"dr.nobody\"")] {
            box.environment["LOGBOOK_LANG"] = language
            for command in [["status", "--position", "1"], ["history", "--position", "1"], ["position", "list"], ["report", "--department", "KARD"]] {
                let result = try box.run(command, as: "dr.nobody")
                #expect(result.status == 1, "\(command): \(result.stdout)\(result.stderr)")
                #expect(result.stdout.isEmpty, "\(command) printed a record for an unknown reader: \(result.stdout)")
                #expect(result.stderr.contains(text), "\(command): \(result.stderr)")
            }
        }
        box.environment["LOGBOOK_LANG"] = "en"
        box.environment["LOGBOOK_USER"] = "dr.nobody"
        let fromEnvironment = try box.run(["status", "--position", "1"])
        #expect(fromEnvironment.status == 1 && fromEnvironment.stderr.contains("'LOGBOOK_USER': no person \"dr.nobody\""), "\(fromEnvironment.stderr)")
        box.environment["LOGBOOK_USER"] = nil
        #expect(try box.databaseSnapshot() == before)
        // With no actor at all, the CLI reads (the file's holder reads everything); a known reader reads.
        #expect(try box.run(["status", "--position", "1"]).status == 0)
        #expect(try box.run(["status", "--position", "1"], as: "dr.ung").status == 0)
    }

    @Test("Eligibility in Danish reads as Danish, names the position with its own specialty, takes the official name, and wraps at 80 columns")
    func eligibilityDanish() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        box.environment["LOGBOOK_LANG"] = "da"
        let result = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Intern medicin: nefrologi"], as: "dr.ung")
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("dr.ung kan endnu ikke søge hoveduddannelse i Nefrologi"), "\(result.stdout)")
        #expect(result.stdout.contains("dr.ung kan endnu ikke påbegynde hoveduddannelsen i Nefrologi"), "\(result.stdout)")
        #expect(result.stdout.contains("introduktionsstilling 1 i Kardiologi har hverken"), "\(result.stdout)")
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "longer than 80 columns: \(line)") }
        box.environment["LOGBOOK_LANG"] = "en"
        let english = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Intern medicin: nefrologi"], as: "dr.ung")
        #expect(english.stdout.contains("dr.ung may not start main specialist training in Nefrologi"), "\(english.stdout)")
        #expect(english.stdout.contains("intro position 1 in Kardiologi has neither"), "\(english.stdout)")
        for line in english.stdout.split(separator: "\n") { #expect(line.count <= 80, "longer than 80 columns: \(line)") }
    }

    @Test("Danish all through: holiday in feriedage, the handle rule, the system's file error, the --kind list, person show dates, verify's one line")
    func danishAllThrough() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        box.environment["LOGBOOK_LANG"] = "da"
        let holiday = try box.must(["absence", "add", "--position", "1", "--from", "2026-07-06", "--to", "2026-07-24", "--kind", "ferie"], as: "dr.ung")
        #expect(holiday.stdout.contains("15 feriedage"), "\(holiday.stdout)")
        let before = try box.databaseSnapshot()
        let handle = try box.run(["person", "add", "9lives", "--name", "Ni Liv"], as: "sek.a")
        #expect(handle.status == 64 && handle.stderr.contains("BRUGERNAVN \"9lives\" begynder ikke med et bogstav; et brugernavn er 2 til 32 tegn"), "\(handle.stderr)")
        let missing = try box.run(["curriculum", "import", "findes-ikke.json"], as: "sek.a")
        #expect(missing.status == 66 && missing.stderr.contains("findes-ikke.json: filen eller mappen findes ikke; kontrollér filnavnet"), "\(missing.stderr)")
        let kind = try box.run(["absence", "add", "--position", "1", "--from", "2026-08-03", "--to", "2026-08-04", "--kind", "influenza"], as: "dr.ung")
        #expect(kind.status == 64 && kind.stderr.contains("'--kind' skal være en af sygdom, barns-sygedag, omsorgsdag"), "\(kind.stderr)")
        #expect(try box.databaseSnapshot() == before, "refused commands changed the database")
        try box.must(["person", "correct", "dr.ny", "--name", "Niels Nyborg", "--reason", "stavefejl"], as: "sek.a")
        let shown = try box.must(["person", "show", "dr.ny"])
        let change = try #require(shown.stdout.split(separator: "\n").first { $0.contains("→ Niels Nyborg") })
        let first = Array(change.trimmingCharacters(in: .whitespaces).prefix(10))
        let shape = String(first.map { $0.isNumber ? "9" : $0 })
        #expect(shape == "99.99.9999", "a date as dd.mm.yyyy: \(change)")
        let verify = try box.must(["verify"])
        #expect(verify.stdout.isEmpty)
        // Issue 30: verify also says that SQLite's integrity check passed, in Danish too: two notes, nothing else.
        let notes = verify.stderr.split(separator: "\n")
        #expect(notes.count == 2 && notes.allSatisfy { $0.hasPrefix("bemærk: ") }
                && notes.contains("bemærk: SQLites integritetskontrol (integrity_check): ok"), "two lines: \(verify.stderr)")
    }

    @Test("position start warns when the department has no programme for the pinned version; position program attaches one; check and the report say it, in both languages")
    func programmeAtStart() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let old = try box.write("p2018.json", """
            {"department": "KARD", "specialty": "Kardiologi", "curriculumVersion": "2018", "title": "Program 2018", "version": "2018-1",
             "items": [{"competency": "X9", "dueMonth": 2}]}
            """)
        try box.must(["program", "import", old], as: "dr.lead")
        let started = try box.must(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi",
                                    "--start", "1.3.2026", "--supervisor", "dr.berg"], as: "dr.lead")
        #expect(started.stderr.contains("warning: position 1 has no department programme (uddannelsesprogram): KARD has none for Kardiologi 2022"), "\(started.stderr)")
        let check = try box.run(["check", "--department", "KARD", "--lang", "da"])
        #expect(check.status == 1 && check.stdout.contains("stilling 1 (dr.ung): intet uddannelsesprogram for Kardiologi 2022 i KARD"), "\(check.stdout)")
        let report = try box.must(["report", "--department", "KARD", "--lang", "da"])
        #expect(report.stdout.contains("Uden uddannelsesprogram (ingen frister kendes): stilling 1"), "\(report.stdout)")
        let wrong = try box.run(["position", "program", "--position", "1", "1"], as: "dr.lead")
        #expect(wrong.status == 1 && wrong.stderr.contains("a programme is never used across versions"), "\(wrong.stderr)")
        let new = try box.write("p2022.json", """
            {"department": "KARD", "specialty": "Kardiologi", "curriculumVersion": "2022", "title": "Program 2022", "version": "2026-1",
             "items": [{"competency": "I1", "dueMonth": 6}]}
            """)
        try box.must(["program", "import", new], as: "dr.lead")
        let attached = try box.must(["position", "program", "--position", "1", "2", "--lang", "da"], as: "dr.lead")
        #expect(attached.stdout.contains("stilling 1 følger nu uddannelsesprogram 2 (Program 2022, version 2026-1) for Kardiologi 2022"), "\(attached.stdout)")
        let after = try box.run(["check", "--department", "KARD"])
        #expect(!after.stdout.contains("programme"), "attached: \(after.stdout)")
    }

    @Test("program show's heading is wrapped at 80 columns, never cut mid-word, in both languages")
    func programShowHeading() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment = ["LOGBOOK_TODAY": "2026-11-30"]
        try box.must(["demo"])
        for language in ["da", "en"] {
            let shown = try box.must(["program", "show", "OUH-KAR", "--lang", language])
            let heading = shown.stdout.components(separatedBy: "\n\n")[0]
            #expect(!heading.contains("…"), "\(language): \(heading)")
            #expect(heading.contains("Syddanmark") && heading.contains("2024-1"), "\(language): \(heading)")
            for line in heading.split(separator: "\n") { #expect(line.count <= 80, "\(language): \(line)") }
        }
    }
}

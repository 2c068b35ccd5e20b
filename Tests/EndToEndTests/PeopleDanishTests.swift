import Foundation
import Testing

/// Issue 13 for init, person, department, grant, position, key and account: Danish output, 80-column tables with long
/// names in both languages, CSV files for Danish Excel, and the common errors in Danish.
@Suite("people, departments, grants and positions in Danish")
struct PeopleDanishTests {
    /// The department of `setUpDepartment` plus one with a long name, people with long names, and a position in it.
    static func longData(_ box: Sandbox) throws {
        try box.setUpDepartment()
        try box.must(["department", "add", "KARD-OUH", "--name", "Kardiologisk Afdeling B, Odense Universitetshospital",
                      "--kind", "hospital", "--region", "Syddanmark"], as: "sek.a")
        try box.must(["person", "add", "dr.lang", "--name", "Anne-Marie Kristensen-Holmgaard Østergaard"], as: "sek.a")
        try box.must(["person", "add", "dr.uao2", "--name", "Christian Frederik Møller-Andersen"], as: "sek.a")
        try box.must(["grant", "dr.uao2", "uao", "--department", "KARD-OUH", "--from", "2026-01-01"], as: "sek.a")
        try box.must(["grant", "dr.lang", "hovedvejleder", "--department", "KARD-OUH", "--from", "2026-02-01",
                      "--until", "2027-12-31"], as: "dr.uao2")
        try box.must(["grant", "dr.ny", "daglig-klinisk-vejleder", "--department", "KARD-OUH", "--may-approve"], as: "dr.uao2")
        try box.seedCurriculum(specialty: "Intern medicin: kardiologi og endokrinologi", competencies: [
            SeedCompetency(code: "K1", title: "EKG", methods: [2]),
        ])
        try box.must(["position", "start", "--trainee", "dr.ung", "--department", "KARD-OUH", "--curriculum",
                      "Intern medicin: kardiologi og endokrinologi", "--start", "1.3.2026", "--part-time", "80%",
                      "--supervisor", "dr.lang"], as: "dr.uao2")
    }

    static func expectNarrow(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectFits80Columns(text.unixLines, what, sourceLocation: sourceLocation)
    }

    @Test("grant list, position list, person and department show fit 80 columns in Danish and English")
    func narrowTables() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try Self.longData(box)
        // A registered key, so `key list` has a table to fit (with none it printed nothing, and fitted vacuously).
        box.environment["LOGBOOK_KEY_DIR"] = box.keyDirectory
        try box.must(["key", "register", "dr.lang", try box.generateKey("dr.lang")], as: "dr.uao2")
        for language in ["da", "en"] {
            for command in [["grant", "list"], ["position", "list"], ["person", "list"], ["department", "list"], ["key", "list"],
                            ["person", "show", "dr.lang"], ["person", "show", "dr.ung"], ["department", "show", "KARD-OUH"],
                            ["position", "show", "1"], ["init"]] {
                let result = try box.must(command + ["--lang", language])
                Self.expectNarrow(result.stdout, "\(command.joined(separator: " ")) --lang \(language)")
            }
        }
        // Cut only where the width is needed: a long specialty is cut to fit, a short one is shown whole.
        let positions = try box.must(["position", "list", "--lang", "da"]).stdout
        #expect(positions.contains("Intern medicin: kardi") && positions.contains("…"), "\(positions)")
        #expect(positions.contains("01.03.2026") && positions.contains("80 %"), "\(positions)")
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "LAEGE", "--curriculum", "Kardiologi",
                      "--start", "2026-09-01"], as: "dr.tutor")
        let short = try box.must(["position", "list", "--trainee", "dr.ny", "--lang", "da"]).stdout
        #expect(short.contains("Niels Ny  LAEGE     Kardiologi 2022  01.09.2026  fuld tid  31.08.2027"), "\(short)")
    }

    @Test("grant list in Danish: short roles with a legend, Danish dates and states, names instead of handles")
    func danishGrantList() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try Self.longData(box)
        let list = try box.must(["grant", "list", "--department", "KARD-OUH", "--lang", "da"]).stdout.unixLines
        let lines = list.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID  Navn") == true, "\(list)")
        #expect(lines.first?.contains("Til og med") == true && lines.first?.contains("Status") == true, "\(list)")
        #expect(lines.contains { $0.contains("HV") && $0.contains("01.02.2026") && $0.contains("31.12.2027") && $0.contains("gældende") },
                "\(list)")
        #expect(lines.contains { $0.contains("DKV*") && $0.contains("Niels Ny") }, "\(list)")
        #expect(list.contains("HV: hovedvejleder · DKV: daglig klinisk vejleder"), "\(list)")
        let added = try box.must(["grant", "dr.berg", "hovedvejleder", "--department", "KARD-OUH", "--until", "31.12.2026", "--lang", "da"],
                                 as: "dr.uao2")
        #expect(added.stdout.contains("Bo Berg (dr.berg) er hovedvejleder i afdeling KARD-OUH fra 15.06.2026 til og med 31.12.2026"),
                "\(added.stdout)")
        let ended = try box.must(["grant", "end", "7", "--on", "30.06.2026", "--lang", "da"], as: "dr.uao2")
        #expect(ended.stdout.contains("slutter 30.06.2026"), "\(ended.stdout)")
    }

    @Test("grant list -o FILE.csv --lang da: BOM, semicolons, Danish headers and words, ISO dates, byte for byte")
    func grantCSV() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let file = box.folder.appendingPathComponent("tilladelser.csv").path
        try box.must(["grant", "list", "--person", "dr.lead", "-o", file, "--lang", "da"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let expected = "\u{FEFF}ID;Bruger;Navn;Rolle;Hvor;Fra;Til og med;Må godkende;Givet af;Status\r\n"
            + "2;dr.lead;Lise Lead;uddannelsesansvarlig overlæge;KARD;2026-01-01;;nej;Sekretær A;gældende\r\n"
        #expect(bytes == Data(expected.utf8), "\(String(decoding: bytes, as: UTF8.self))")
    }

    @Test("position list -o FILE.csv --lang da: part time as text Excel keeps, byte for byte")
    func positionCSV() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let file = box.folder.appendingPathComponent("stillinger.csv").path
        try box.must(["position", "list", "-o", file, "--lang", "da"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let expected = "\u{FEFF}ID;Uddannelseslæge;Navn;Afdeling;Målbeskrivelse;Start;Deltid;Slut;I gang;Annulleret\r\n"
            + "1;dr.ung;Ulla Ung;KARD;Kardiologi 2022;2026-03-01;75 %;2027-06-30;ja;nej\r\n"
        #expect(bytes == Data(expected.utf8), "\(String(decoding: bytes, as: UTF8.self))")
        // Full time is words, never 1/1 (which Excel reads as a date).
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "LAEGE", "--curriculum", "Kardiologi",
                      "--start", "2026-09-01"], as: "dr.tutor")
        let csv = try box.must(["position", "list", "--format", "csv", "--lang", "da"]).stdout
        #expect(csv.contains(";fuld tid;") && !csv.contains("1/1"), "\(csv)")
    }

    @Test("a name that is a spreadsheet formula is written guarded in every CSV")
    func formulaGuard() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.must(["person", "add", "dr.formel", "--name", "=HYPERLINK(\"http://x\")"], as: "sek.a")
        try box.must(["grant", "dr.formel", "hovedvejleder", "--department", "KARD"], as: "dr.lead")
        for command in [["person", "list"], ["grant", "list"]] {
            let csv = try box.must(command + ["--format", "csv", "--lang", "da"]).stdout
            #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "\(command): \(csv)")
            #expect(!csv.contains(";=HYPERLINK"), "\(command): \(csv)")
        }
    }

    @Test("person, department, position, init and key commands speak Danish")
    func danishLines() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try Self.longData(box)
        #expect(try box.must(["init", "--lang", "da"]).stdout.contains("skemaversion: 10 (allerede opdateret)"))
        let person = try box.must(["person", "add", "dr.ny2", "--name", "Ny Nysen", "--lang", "da"], as: "sek.a")
        #expect(person.stdout == "oprettede dr.ny2: Ny Nysen\n")
        let shown = try box.must(["person", "show", "dr.lang", "--lang", "da"]).stdout
        #expect(shown.contains("navn: Anne-Marie Kristensen-Holmgaard Østergaard") && shown.contains("1 tilladelse:")
                && shown.contains("stillinger: ingen"), "\(shown)")
        let trainee = try box.must(["person", "show", "dr.ung", "--lang", "da"]).stdout
        #expect(trainee.contains("tilladelser: ingen") && trainee.contains("1 stilling:"), "\(trainee)")
        let department = try box.must(["department", "show", "KARD-OUH", "--lang", "da"]).stdout
        #expect(department.contains("art: sygehusafdeling") && department.contains("3 tilladelser den 15.06.2026:"), "\(department)")
        let kinds = try box.must(["department", "list", "--lang", "da"]).stdout
        #expect(kinds.contains("almen praksis") && kinds.contains("sygehus"), "\(kinds)")
        let position = try box.must(["position", "show", "1", "--lang", "da"]).stdout
        #expect(position.contains("uddannelseslæge: Ulla Ung (dr.ung)"), "\(position)")
        #expect(position.contains("afdeling: Kardiologisk Afdeling B, Odense Universitetshospital (KARD-OUH)"), "\(position)")
        #expect(position.contains("deltid: 80 %") && position.contains("start: 01.03.2026"), "\(position)")
        #expect(position.contains("hovedvejleder: Anne-Marie Kristensen-Holmgaard Østergaard (dr.lang)")
                && position.contains("01.03.2026"), "\(position)")
        #expect(position.contains("kompetencevurderinger: 0") && position.contains("vejledersamtaler: 0"), "\(position)")
        let started = try box.must(["position", "start", "--trainee", "dr.ny2", "--department", "KARD", "--curriculum", "Kardiologi",
                                    "--start", "1.9.2026", "--lang", "da"], as: "dr.lead").stdout
        #expect(started.contains("stilling 2: Ny Nysen (dr.ny2) i KARD, Kardiologi 2022\nfra 01.09.2026, planlagt slut 31.08.2027"),
                "\(started)")
        box.environment["LOGBOOK_KEY_DIR"] = box.folder.appendingPathComponent("keys").path
        let generated = try box.must(["key", "generate", "--lang", "da"], as: "dr.uao2").stdout
        #expect(generated.contains("offentlig nøgle: ") && generated.contains("fingeraftryk:"), "\(generated)")
    }

    @Test("common errors in Danish: unknown handle, no permission, bad date, and others")
    func danishErrors() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["grant", "dr.nyy", "supervisor", "--department", "KARD", "--lang", "da"], status: 1,
                        ["ingen person med brugernavnet \"dr.nyy\"", "mente du \"dr.ny\"?", "se `logbook person list`"], as: "dr.lead")
        try box.refused(["person", "add", "dr.z", "--name", "Z", "--lang", "da"], status: 1,
                        ["dr.berg er hverken sekretariat, uddannelsesansvarlig overlæge eller tutorlæge for nogen afdeling eller region den 15.06.2026"], as: "dr.berg")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD", "--lang", "da"], status: 1,
                        ["sek.a er ikke uddannelsesansvarlig overlæge for afdeling KARD den 15.06.2026"], as: "sek.a")
        try box.refused(["department", "add", "AAR", "--name", "A", "--kind", "hospital", "--region", "Midtjylland", "--lang", "da"],
                        status: 1, ["sek.a er ikke sekretariat for region Midtjylland den 15.06.2026"], as: "sek.a")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD", "--from", "30.2.2026", "--lang", "da"], status: 64,
                        ["'--from': \"30.2.2026\" er ikke en dato: februar 2026 har 28 dage"], as: "dr.lead")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD", "--from", "i morgen", "--lang", "da"], status: 64,
                        ["er ikke en dato; skriv D.M.ÅÅÅÅ"], as: "dr.lead")
        try box.refused(["grant", "dr.ny", "hovedvejlder", "--department", "KARD", "--lang", "da"], status: 64,
                        ["ROLLE skal være", "mente du \"hovedvejleder\"?"], as: "dr.lead")
        try box.refused(["department", "show", "KRAD", "--lang", "da"], status: 1, ["ingen afdeling med koden \"KRAD\" — mente du \"KARD\"?"])
        try box.refused(["position", "show", "7", "--lang", "da"], status: 1, ["ingen stilling 7"])
        try box.refused(["person", "add", "dr.x", "--name", "X", "--lang", "da"], status: 64, ["hvem handler? angiv --as BRUGERNAVN"])
        try box.refused(["grant", "end", "99", "--lang", "da"], status: 1, ["ingen tilladelse 99"], as: "sek.a")
        let english = try box.run(["grant", "dr.ny", "supervisor", "--department", "KARD", "--from", "30.2.2026"], as: "dr.lead")
        #expect(english.stderr.contains("'--from': \"30.2.2026\" is not a date: February 2026 has 28 days"), "\(english.stderr)")
    }

    @Test("help texts of these commands come in Danish")
    func danishHelp() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let grant = try box.run(["grant", "add", "--help", "--lang", "da"])
        #expect(grant.stdout.contains("Giv en rolle") && grant.stdout.contains("Første dag, tilladelsen gælder"), "\(grant.stdout)")
        let position = try box.run(["position", "start", "--help", "--lang", "da"])
        #expect(position.stdout.contains("Opret en introduktionsstilling") && position.stdout.contains("Uddannelseslægens brugernavn"),
                "\(position.stdout)")
        let key = try box.run(["key", "--help", "--lang", "da"])
        #expect(key.stdout.contains("Signeringsnøgler"), "\(key.stdout)")
    }
}

import Foundation
import Testing

/// Issue 13 for the records commands: every group in Danish, tables within 80 columns in both languages, CSV files
/// with a BOM, `;` and Danish headers, formula-guarded text typed by a person, and Danish refusals.
@Suite("records commands in Danish and English")
struct RecordsLanguageTests {
    static let long = "Samtale om vagtplanlægning, supervision og den videre plan for introduktionsstillingen i afdelingen"
    static let formula = "=HYPERLINK(\"http://x\")"

    /// A position with a long-titled competency, an approval (comment a formula), absence, an assessment and a meeting.
    func recorded() throws -> Sandbox {
        let box = try Sandbox()
        try box.setUpDepartment()
        try box.seedCurriculum(specialty: "Intern medicin", version: "2023", validFrom: "2023-01-01", competencies: [
            SeedCompetency(code: "K1", title: "Selvstændigt kunne diagnosticere, behandle og følge op på patienter med akut koronart syndrom og hjertesvigt",
                           methods: [2, 3]),
        ])
        try box.startPosition()
        try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10", "--comment", Self.formula], as: "dr.berg")
        try box.must(["absence", "add", "--position", "1", "--from", "2026-04-01", "--to", "2026-04-02", "--kind", "sygdom",
                      "--note", Self.formula], as: "dr.ung")
        try box.must(["absence", "add", "--position", "1", "--from", "2026-05-04", "--to", "2026-05-08", "--kind", "optional-course",
                      "--note", Self.long], as: "dr.ung")
        try box.must(["record", "--position", "1", "I1", "--method", "Kompetencekort", "--date", "2026-06-01", "--note", Self.long],
                     as: "dr.berg")
        try box.must(["meeting", "add", "--position", "1", "--kind", "introduktionssamtale", "--date", "2026-03-10", "--plan", "-"],
                     stdin: Self.long + "\n" + Self.long + "\n", as: "dr.berg")
        return box
    }

    @Test("each group speaks Danish with --lang da")
    func danish() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let approved = try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10", "--lang", "da"], as: "dr.berg")
        let approval = try box.lastEvent()
        #expect(approved.stdout.contains("I1 godkendt i stilling 1 den 10.06.2026 af Bo Berg (hovedvejleder)"), "\(approved.stdout)")
        let absence = try box.must(["absence", "add", "--position", "1", "--from", "2026-04-01", "--to", "2026-04-02", "--kind", "sickness",
                                    "--lang", "da"], as: "dr.ung")
        #expect(absence.stdout.contains("fravær 2: sygdom 01.04.2026 til 02.04.2026, 2 dage, heraf 2 tællende")
            || absence.stdout.contains(": sygdom 01.04.2026 til 02.04.2026, 2 dage, heraf 2 tællende"), "\(absence.stdout)")
        #expect(absence.stdout.contains("slutdato: 30.06.2027 (uændret)"), "\(absence.stdout)")
        let entry = try box.must(["record", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "1.6.2026", "--lang", "da"], as: "dr.ung")
        #expect(entry.stdout == "post 1: I1 vurderet med Mini-CEX den 01.06.2026\n", "\(entry.stdout)")
        let meeting = try box.must(["meeting", "add", "--position", "1", "--kind", "introduction", "--date", "2026-03-10", "--plan", "-",
                                    "--lang", "da"], stdin: "en linje\n", as: "dr.berg")
        #expect(meeting.stdout == "samtale 1: introduktionssamtale den 10.03.2026, uddannelsesplan på 1 linje\n", "\(meeting.stdout)")
        let history = try box.must(["history", "--position", "1", "--lang", "da"])
        #expect(history.stdout.contains("Bo Berg") && history.stdout.contains("10.06.2026") && history.stdout.contains("I1 godkendt"))
        #expect(history.stdout.contains("uden digital signatur"), "\(history.stdout)")
        let revoked = try box.must(["revoke", "\(approval)", "--reason", "fejl", "--lang", "da"], as: "dr.berg")
        #expect(revoked.stdout.contains("tilbagekaldt den 15.06.2026 af Bo Berg (hovedvejleder)"), "\(revoked.stdout)")
        let show = try box.must(["curriculum", "show", "Kardiologi", "--lang", "da"])
        #expect(show.stdout.hasPrefix("Kardiologi 2022 (intro), gyldig fra 01.01.2022"), "\(show.stdout)")
        #expect(show.stdout.contains("Obligatoriske kurser"))
        let help = try box.run(["approve", "--help", "--lang", "da"])
        #expect(help.stdout.contains("Godkend enkelte kompetencer"), "\(help.stdout)")
        let list = try box.must(["absence", "list", "--position", "1", "--lang", "da"])
        #expect(list.stdout.contains("tællende fraværsdage: 2"), "\(list.stdout)")
        let meetings = try box.must(["meeting", "list", "--position", "1", "--lang", "da"])
        #expect(meetings.stdout.contains("introduktionssamtale") && meetings.stdout.contains("Bo Berg"), "\(meetings.stdout)")
        let entries = try box.must(["record", "list", "--position", "1", "--lang", "da"])
        #expect(entries.stdout.contains("Ulla Ung"), "\(entries.stdout)")
    }

    @Test("every table line fits 80 columns in both languages, with long titles, notes and plans", arguments: ["da", "en"])
    func tablesFit(language: String) throws {
        let box = try recorded()
        defer { box.cleanup() }
        let commands: [[String]] = [
            ["history", "--position", "1"], ["absence", "list", "--position", "1"], ["record", "list", "--position", "1"],
            ["meeting", "list", "--position", "1"], ["curriculum", "list"], ["curriculum", "show", "Intern medicin@2023"],
            ["curriculum", "show", "Intern medicin@2023", "--full"], ["curriculum", "show", "Intern medicin@2023", "--by-role"],
        ]
        for command in commands {
            let result = try box.must(command + ["--lang", language])
            expectFits80Columns(result.stdout, "\(command.joined(separator: " ")) --lang \(language)")
        }
        let full = try box.must(["curriculum", "show", "Intern medicin@2023", "--full", "--lang", language])
        let joined = full.stdout.replacingOccurrences(of: "\n    ", with: " ")
        #expect(joined.contains("K1 Selvstændigt kunne diagnosticere, behandle og følge op på patienter med akut koronart syndrom og hjertesvigt"),
                "--full shows the whole title: \(full.stdout)")
    }

    @Test("-o FILE.csv --lang da: a BOM, ';', Danish headers and formula-guarded text, for history and absence list")
    func csvFiles() throws {
        let box = try recorded()
        defer { box.cleanup() }
        let history = box.folder.appendingPathComponent("historik.csv").path
        try box.must(["history", "--position", "1", "-o", history, "--lang", "da"])
        let historyBytes = try Data(contentsOf: URL(fileURLWithPath: history))
        let historyHeader = "\u{FEFF}Nr.;Hændelse;Dato;Registreret;Hvad;Kursus;Af;Bruger;Rolle;Afdeling;Tekst;Tilbagekaldt;Signeret\r\n"
        #expect(historyBytes.starts(with: Data(historyHeader.utf8)), "\(String(decoding: historyBytes, as: UTF8.self))")
        let historyText = String(decoding: historyBytes, as: UTF8.self)
        #expect(historyText.contains(";2026-06-10;"), "CSV dates stay ISO")
        #expect(historyText.contains(";I1 godkendt;;Bo Berg;dr.berg;hovedvejleder;KARD;\"'=HYPERLINK(\"\"http://x\"\")\";;uden digital signatur\r\n"),
                "\(historyText)")

        let absence = box.folder.appendingPathComponent("fravaer.csv").path
        try box.must(["absence", "list", "--position", "1", "-o", absence, "--lang", "da"])
        let absenceText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: absence)), as: UTF8.self)
        let expected = "\u{FEFF}ID;Art;Fra;Til;Dage;Tæller;Note\r\n"
            + "1;sygdom;2026-04-01;2026-04-02;2;ja;\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
            + "2;ikke-obligatorisk kursus;2026-05-04;2026-05-08;5;ja;\(Self.long)\r\n"
        #expect(absenceText == expected, "\(absenceText)")
        // Every other listing writes CSV too.
        for command in [["record", "list", "--position", "1"], ["meeting", "list", "--position", "1"], ["curriculum", "list"],
                        ["curriculum", "show", "Kardiologi"], ["program", "list"]] {
            let result = try box.run(command + ["--format", "csv", "--lang", "da"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }

    @Test("common refusals in Danish: unknown competency, a date outside the position, no permission")
    func danishErrors() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.refused(["approve", "--position", "1", "I9", "--lang", "da"], status: 1,
                        ["ingen kompetence \"I9\" i Kardiologi 2022"], as: "dr.berg")
        try box.refused(["record", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-01-15", "--lang", "da"], status: 1,
                        ["'--date' 15.01.2026 ligger uden for stilling 1, som løber fra 01.03.2026 til 30.06.2027"], as: "dr.ung")
        try box.refused(["approve", "--position", "1", "I1", "--lang", "da"], status: 1,
                        ["dr.dkv er hverken hovedvejleder, daglig klinisk vejleder med delegation eller uddannelsesansvarlig overlæge for stilling 1 den 15.06.2026"],
                        as: "dr.dkv")
        try box.refused(["approve", "--position", "1", "I1", "--lang", "da"], status: 1,
                        ["en uddannelseslæge kan ikke godkende sine egne kompetencer"], as: "dr.ung")
        try box.refused(["absence", "add", "--position", "1", "--from", "31.2.2026", "--to", "2026-03-02", "--kind", "ferie", "--lang", "da"],
                        status: 64, ["\"31.2.2026\" er ikke en dato: februar 2026 har 28 dage"], as: "dr.ung")
        try box.refused(["meeting", "add", "--position", "1", "--kind", "slutsamtale", "--date", "2026-07-01", "--lang", "da"], status: 1,
                        ["ligger i fremtiden (i dag er 15.06.2026)"], as: "dr.ung")
    }
}

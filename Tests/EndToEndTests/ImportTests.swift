import Foundation
import Testing

/// The repository's examples/ folder.
private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

private func example(_ name: String) -> String { examples.appendingPathComponent(name).path }

private let almenFlags = ["--specialty", "Almen medicin", "--version", "2023", "--valid-from", "2023-03-01"]

/// A sandbox with both example målbeskrivelser and both example programmes imported.
private func importedSandbox() throws -> Sandbox {
    let box = try Sandbox()
    let steps: [[String]] = [
        ["curriculum", "import", example("kardiologi-intro-2022.json")],
        ["curriculum", "import", example("almen-medicin-intro-2023.csv")] + almenFlags,
        ["program", "import", example("program-ouh-kardiologi.json")],
        ["program", "import", example("program-almen-praksis.json")],
    ]
    for step in steps {
        let result = try box.run(step)
        #expect(result.status == 0, "\(step): \(result.stderr)")
    }
    return box
}

/// The small målbeskrivelse the bad-input cases start from (valid as written).
private let smallCurriculum = """
    {
      "specialty": "Kardiologi",
      "version": "2030",
      "validFrom": "2030-01-01",
      "title": "Lille målbeskrivelse",
      "competencies": [
        {"code": "I1", "title": "EKG", "roles": ["Medicinsk ekspert"], "methods": ["Mini-CEX"]}
      ]
    }
    """

private let smallProgram = """
    {
      "department": "OUH-KAR",
      "specialty": "Kardiologi",
      "curriculumVersion": "2022",
      "title": "Program",
      "version": "2030",
      "items": [
        {"competency": "I1", "dueMonth": 3}
      ]
    }
    """

@Suite("curriculum and program import, list and show")
struct ImportTests {
    @Test("importing the examples prints one summary line each and leaves a clean database")
    func importExamples() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let kardiologi = try box.run(["curriculum", "import", example("kardiologi-intro-2022.json")])
        #expect(kardiologi.status == 0)
        #expect(kardiologi.stdout == "imported Kardiologi 2022 (intro): 12 competencies, 1 course\n")
        let almen = try box.run(["curriculum", "import", example("almen-medicin-intro-2023.csv")] + almenFlags)
        #expect(almen.stdout == "imported Almen medicin 2023 (intro): 10 competencies, 1 course\n", "\(almen.stderr)")
        let hospital = try box.run(["program", "import", example("program-ouh-kardiologi.json")])
        #expect(hospital.stdout == "imported programme OUH-KAR 2024-1 for Kardiologi 2022: 12 competencies, 1 course, 5 meetings\n")
        let practice = try box.run(["program", "import", example("program-almen-praksis.json")])
        #expect(practice.stdout == "imported programme LH-SVENDBORG 2024 for Almen medicin 2023: 10 competencies, 1 course, 3 meetings\n")
        #expect(try box.sql("SELECT kind || ' ' || region FROM department WHERE code = 'LH-SVENDBORG'") == "general-practice Syddanmark\n")
        #expect(try box.sql("SELECT count(*) FROM competency_role") == "31\n")
        #expect(try box.sql("SELECT imported_by IS NULL FROM curriculum") == "1\n1\n")
        #expect(try box.sql("SELECT count(*) FROM program_item") == "32\n")
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;") == "ok\n")
        #expect(try box.sql("SELECT learning_strategies FROM competency WHERE code = 'A9'").contains("personalemøde\nog et lille"))
    }

    @Test("empty lists say so on stderr; json is an empty array")
    func emptyLists() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.run(["init"])  // listings never create a database (FaultTests)
        let table = try box.run(["curriculum", "list"])
        #expect(table.status == 0)
        #expect(table.stdout.isEmpty)
        #expect(table.stderr.contains("no curriculum is imported yet"))
        #expect(try box.run(["program", "list", "--format", "json"]).stdout == "[]\n")
        let show = try box.run(["curriculum", "show", "Kardiologi"])
        #expect(show.status == 1)
        #expect(show.stderr.contains("no curriculum is imported yet"))
    }

    @Test("curriculum list in table, csv and json")
    func curriculumList() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let table = try box.run(["curriculum", "list"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Specialty"))
        #expect(lines[1].hasPrefix("Almen medicin  intro  2023"))
        expectFits80Columns(table.stdout, "curriculum list")
        let csv = try box.run(["curriculum", "list", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("Specialty,Level,Version,Valid from,Competencies,Courses,Title\r\n"))
        #expect(csv.stdout.contains("Kardiologi,intro,2022,2022-09-01,12,1,Målbeskrivelse for introduktionsuddannelsen i kardiologi\r\n"))
        let json = try box.run(["curriculum", "list", "--format", "json"])
        #expect(json.stdout.contains("\"specialty\": \"Kardiologi\""))
        #expect(json.stdout.contains("\"competencies\": 12"))
    }

    @Test("curriculum show: table in sort order within 80 columns, then the courses")
    func curriculumShowTable() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let result = try box.run(["curriculum", "show", "kardiologi"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("Kardiologi 2022 (intro), valid from 2022-09-01"))
        expectFits80Columns(result.stdout, "curriculum show kardiologi")
        let codes = lines.compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("I") && $0.count <= 3 }
        #expect(codes == (1...12).map { "I\($0)" })
        #expect(result.stdout.contains("Mandatory courses\nKursus i klinisk vejledning\n"))
        #expect(lines.contains { $0.hasPrefix("I6 ") && $0.contains("Kommunikator, Professi") })
    }

    @Test("curriculum show --by-role lists a competency under each of its roles, in role order")
    func curriculumShowByRole() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let table = try box.run(["curriculum", "show", "Almen medicin@2023", "--by-role"])
        #expect(table.status == 0, "\(table.stderr)")
        let roleLines = table.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(Array(roleLines.dropFirst(2).prefix(7)) == ["Medicinsk", "Kommunikator", "Samarbejder", "Leder", "Sundhedsfremmer", "Akademiker", "Professionel"])
        let csv = try box.run(["curriculum", "show", "Almen medicin", "--by-role", "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { $0.contains(",A1,") }
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("Medicinsk ekspert/lægefaglig,A1,") == true)
    }

    @Test("curriculum show as csv holds every column and imports back; json is the canonical file")
    func curriculumShowExports() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let csv = try box.run(["curriculum", "show", "Kardiologi", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("Code,Title,Roles,Methods,Concretisation,Learning strategies,Sort\r\n"))
        #expect(csv.stdout.contains("I3,Behandle akut hjertesvigt,\"Medicinsk ekspert/lægefaglig, Samarbejder\",\"Mini-CEX, Struktureret vejledersamtale\""))
        let exported = try box.write("export.csv", csv.stdout)
        let back = try box.run(["curriculum", "import", exported, "--specialty", "Kardiologi", "--version", "2022", "--valid-from", "2022-09-01",
                                "--title", "Målbeskrivelse for introduktionsuddannelsen i kardiologi"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("already imported with the same content"))

        let json = try box.run(["curriculum", "show", "Kardiologi@2022", "--format", "json"])
        #expect(json.stdout.contains("\"concretisation\": \"Kan stille diagnosen akut hjertesvigt"))
        #expect(json.stdout.contains("\"learning_strategies\": \"EKG-konference hver uge"))
        let path = try box.write("export.json", json.stdout)
        let again = try box.run(["curriculum", "import", path])
        #expect(again.stdout == "Kardiologi 2022 (intro) is already imported with the same content; nothing changed\n")
    }

    @Test("program list and show in table, csv and json")
    func programListShow() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let list = try box.run(["program", "list"])
        #expect(list.stdout.split(separator: "\n").count == 3)
        #expect(list.stdout.contains("OUH-KAR       Kardiologi    2022        2024-1   2024-01-15     18"))
        let show = try box.run(["program", "show", "OUH-KAR"])
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        expectFits80Columns(show.stdout, "program show OUH-KAR")
        let months = lines.dropFirst(3).compactMap { Int($0.split(separator: " ").first ?? "") }
        #expect(months == [0, 2, 3, 3, 3, 5, 6, 6, 6, 7, 8, 9, 9, 9, 10, 11, 12, 12])
        #expect(lines.last?.contains("final meeting") == true)
        let csv = try box.run(["program", "show", "lh-svendborg", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("Month,Kind,Code,Title,Method,Note\r\n0,meeting,,introduction meeting,,"))
        #expect(csv.stdout.contains("5,course,,Kursus i klinisk vejledning,,\r\n"))
        let json = try box.run(["program", "show", "OUH-KAR@2024-1", "--format", "json"])
        let path = try box.write("program-export.json", json.stdout)
        let again = try box.run(["program", "import", path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("already imported with the same content"))
    }

    @Test("re-importing identical files changes nothing")
    func identicalReimport() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let before = try box.databaseSnapshot()
        let curriculum = try box.run(["curriculum", "import", example("almen-medicin-intro-2023.csv")] + almenFlags)
        #expect(curriculum.status == 0)
        #expect(curriculum.stdout == "Almen medicin 2023 (intro) is already imported with the same content; nothing changed\n")
        let program = try box.run(["program", "import", example("program-ouh-kardiologi.json")])
        #expect(program.status == 0)
        #expect(program.stdout == "programme OUH-KAR 2024-1 for Kardiologi 2022 is already imported with the same content; nothing changed\n")
        #expect(try box.databaseSnapshot() == before)
    }

    @Test("re-importing a changed version is refused naming the first difference; a new version goes beside the old")
    func changedReimport() throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        let original = try String(contentsOfFile: example("kardiologi-intro-2022.json"), encoding: .utf8)
        let changed = try box.write("kardiologi.json", original.replacingOccurrences(of: "Tolke hvile-EKG", with: "Tolke EKG"))
        let before = try box.databaseSnapshot()
        let refused = try box.run(["curriculum", "import", changed])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Kardiologi 2022 (intro) is already imported with different content: competency \"I2\": the title differs at character 7: stored \"Tolke hvile-EKG\", file \"Tolke EKG\""))
        #expect(try box.databaseSnapshot() == before)

        let programText = try String(contentsOfFile: example("program-ouh-kardiologi.json"), encoding: .utf8)
        let changedProgram = try box.write("program.json", programText.replacingOccurrences(of: "\"competency\": \"I5\", \"dueMonth\": 10", with: "\"competency\": \"I5\", \"dueMonth\": 11"))
        let refusedProgram = try box.run(["program", "import", changedProgram])
        #expect(refusedProgram.status == 1)
        #expect(refusedProgram.stderr.contains("item 15 (competency \"I5\"): due month stored 10, file 11"))
        #expect(try box.databaseSnapshot() == before)

        let newer = try box.write("kardiologi-2025.json", original.replacingOccurrences(of: "\"version\": \"2022\"", with: "\"version\": \"2025\"")
            .replacingOccurrences(of: "2022-09-01", with: "2025-01-01"))
        let added = try box.run(["curriculum", "import", newer])
        #expect(added.stdout == "imported Kardiologi 2025 (intro): 12 competencies, 1 course\n")
        #expect(try box.run(["curriculum", "show", "Kardiologi"]).stdout.hasPrefix("Kardiologi 2025 (intro)"))
        #expect(try box.run(["curriculum", "show", "Kardiologi@2022"]).stdout.hasPrefix("Kardiologi 2022 (intro)"))
        #expect(try box.run(["curriculum", "list"]).stdout.split(separator: "\n").count == 4)
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;") == "ok\n")
    }

    /// One bad input: the file to write, the arguments, the exit code and what stderr must say.
    struct BadInput: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        let text: String
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "missing file", file: "", text: "", arguments: ["curriculum", "import", "nothere.json"], status: 66,
                 message: "logbook: error: nothere.json: No such file or directory; check the file name"),
        BadInput(name: "missing programme file", file: "", text: "", arguments: ["program", "import", "nothere.json"], status: 66,
                 message: "nothere.json: No such file or directory"),
        BadInput(name: "malformed JSON", file: "bad.json", text: "{\n  \"specialty\": \"Kardiologi\",\n  \"version\" \"2030\"\n}",
                 arguments: [], status: 65, message: "bad.json:3: column 13: expected ':' after the key \"version\""),
        BadInput(name: "missing title", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "\"title\": \"Lille målbeskrivelse\",", with: ""),
                 arguments: [], status: 65, message: "bad.json:1: $: \"title\" is missing"),
        BadInput(name: "empty competency title", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "\"EKG\"", with: "\"\""),
                 arguments: [], status: 65, message: "bad.json:7: $.competencies[0].title: \"title\" is empty"),
        BadInput(name: "unknown role", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "Medicinsk ekspert", with: "Medicinsk expert"),
                 arguments: [], status: 65,
                 message: "bad.json:7: $.competencies[0].roles[0]: unknown role \"Medicinsk expert\" — did you mean \"Medicinsk ekspert/lægefaglig\"?"),
        BadInput(name: "competency without role", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "[\"Medicinsk ekspert\"]", with: "[]"),
                 arguments: [], status: 65, message: "bad.json:7: $.competencies[0].roles: competency \"I1\" has no role"),
        BadInput(name: "unknown key", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "\"title\": \"EKG\"", with: "\"title\": \"EKG\", \"konkretisering\": \"x\""),
                 arguments: [], status: 65, message: "bad.json:7: $.competencies[0].konkretisering: unknown key \"konkretisering\""),
        BadInput(name: "bad date", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "2030-01-01", with: "2030-13-01"),
                 arguments: [], status: 65, message: "bad.json:4: $.validFrom: \"2030-13-01\" is not a date: there is no month 13"),
        BadInput(name: "duplicate code in JSON", file: "bad.json",
                 text: smallCurriculum.replacingOccurrences(of: "\n  ]", with: ",\n    {\"code\": \"I1\", \"title\": \"Igen\", \"roles\": [\"Professionel\"], \"methods\": [\"Audit\"]}\n  ]"),
                 arguments: [], status: 65, message: "bad.json:8: $.competencies[1]: competency code \"I1\" appears twice (first at $.competencies[0], line 7)"),
        BadInput(name: "duplicate code in CSV", file: "bad.csv",
                 text: "\u{FEFF}kode;titel;roller;metoder\r\nI1;EKG;Kommunikator;Audit\r\nI2;\"To\nlinjer\";Kommunikator;Audit\r\nI1;Igen;Kommunikator;Audit\r\n",
                 arguments: almenFlags, status: 65, message: "bad.csv:5: competency code \"I1\" appears twice (first on line 2)"),
        BadInput(name: "unknown role in CSV", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Sundhedsfremer;Audit\n",
                 arguments: almenFlags, status: 65, message: "bad.csv:2: unknown role \"Sundhedsfremer\" — did you mean \"Sundhedsfremmer\"?"),
        BadInput(name: "malformed CSV", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;\"EKG;Kommunikator;Audit\n",
                 arguments: almenFlags, status: 65, message: "bad.csv:2: a quoted field is not closed"),
        BadInput(name: "CSV without metadata flags", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\n",
                 arguments: ["--specialty", "Almen medicin"], status: 64, message: "add '--version', '--valid-from'"),
        BadInput(name: "JSON with CSV flags", file: "bad.json", text: smallCurriculum, arguments: ["--version", "2031"], status: 64,
                 message: "'--version' is only for CSV files"),
        BadInput(name: "bad --valid-from", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\n",
                 arguments: ["--specialty", "X", "--version", "1", "--valid-from", "2023-02-30"], status: 64,
                 message: "'--valid-from': \"2023-02-30\" is not a date: February 2023 has 28 days"),
        BadInput(name: "bad --level", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\n",
                 arguments: almenFlags + ["--level", "hoved"], status: 64, message: "'--level' must be intro or main (got \"hoved\")"),
        BadInput(name: "programme item naming a missing competency", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"I1\"", with: "\"X1\""), arguments: [], status: 65,
                 message: "program.json:8: $.items[0].competency: no competency \"X1\" in Kardiologi 2022 — did you mean \"I1\"?"),
        BadInput(name: "programme item naming a missing course", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"competency\": \"I1\"", with: "\"course\": \"Kursus i klinisk vejleding\""),
                 arguments: [], status: 65,
                 message: "program.json:8: $.items[0].course: no course \"Kursus i klinisk vejleding\" in Kardiologi 2022 — did you mean \"Kursus i klinisk vejledning\"?"),
        BadInput(name: "new department with a bad item is not created", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "{\"code\": \"AUH-KAR\", \"name\": \"Hjertesygdomme, AUH\", \"kind\": \"hospital\", \"region\": \"Midtjylland\"}")
                    .replacingOccurrences(of: "\"I1\"", with: "\"I99\""),
                 arguments: [], status: 65, message: "program.json:8: $.items[0].competency: no competency \"I99\""),
        BadInput(name: "department with other details", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "{\"code\": \"OUH-KAR\", \"name\": \"Kardiologi\", \"kind\": \"hospital\", \"region\": \"Syddanmark\"}"),
                 arguments: [], status: 1, message: "program.json:2: $.department: department OUH-KAR exists with name \"Kardiologisk Afdeling B, Odense Universitetshospital\" (file \"Kardiologi\")"),
        BadInput(name: "unknown department code", file: "program.json", text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "\"OUH-KR\""),
                 arguments: [], status: 1, message: "program.json:2: $.department: no department \"OUH-KR\" — did you mean \"OUH-KAR\"?"),
        BadInput(name: "målbeskrivelse version not imported", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"curriculumVersion\": \"2022\"", with: "\"curriculumVersion\": \"2021\""),
                 arguments: [], status: 1, message: "program.json:4: $.curriculumVersion: Kardiologi has no imported version \"2021\""),
        BadInput(name: "programme with unknown item key", file: "program.json",
                 text: smallProgram.replacingOccurrences(of: "\"dueMonth\"", with: "\"month\""), arguments: [], status: 65,
                 message: "program.json:8: $.items[0].month: unknown key \"month\""),
        BadInput(name: "show an unknown specialty", file: "", text: "", arguments: ["curriculum", "show", "Kardologi"], status: 1,
                 message: "no intro curriculum for \"Kardologi\" — did you mean \"Kardiologi\"?"),
        BadInput(name: "show an unknown version", file: "", text: "", arguments: ["curriculum", "show", "Kardiologi@2020"], status: 1,
                 message: "Kardiologi has no version \"2020\" — did you mean \"2022\"? (versions: 2022)"),
        BadInput(name: "show an unknown department", file: "", text: "", arguments: ["program", "show", "LH-SVENBORG"], status: 1,
                 message: "no department \"LH-SVENBORG\" — did you mean \"LH-SVENDBORG\"?"),
        BadInput(name: "unknown format", file: "", text: "", arguments: ["curriculum", "list", "--format", "xml"], status: 64,
                 message: "--format"),
    ]

    @Test("bad input: one message naming file and line or path, the exit code, and an unchanged database", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        let box = try importedSandbox()
        defer { box.cleanup() }
        var arguments = bad.arguments
        if !bad.file.isEmpty {
            try box.write(bad.file, bad.text)
            arguments = [bad.file.hasPrefix("program") ? "program" : "curriculum", "import", bad.file] + bad.arguments
        }
        let before = try box.databaseSnapshot()
        let result = try box.run(arguments)
        #expect(result.status == bad.status, "\(result.stderr)")
        #expect(result.stderr.contains(bad.message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try box.databaseSnapshot() == before)
    }
}

import Foundation
import Testing

/// Issue 13 for the imports: every error a user meets importing a målbeskrivelse or an uddannelsesprogram, or asking
/// `curriculum show`/`program show` for what is not there, comes in the reader's language with the same information
/// (file, line, column or JSON path, what is wrong, how to fix it) and the documented exit code; nothing is stored.
@Suite("import errors in Danish")
struct ImportLanguageTests {
    /// The repository's examples/ folder.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static let almenFlags = ["--specialty", "Almen medicin", "--version", "2023", "--valid-from", "2023-03-01"]

    /// A målbeskrivelse with one competency; `competency` replaces its competency's JSON.
    static func curriculum(_ competency: String = #"{"code": "I1", "title": "EKG", "roles": ["Medicinsk ekspert"], "methods": ["Mini-CEX"]}"#) -> String {
        """
        {
          "specialty": "Kardiologi",
          "version": "2030",
          "validFrom": "2030-01-01",
          "title": "Lille målbeskrivelse",
          "competencies": [
            \(competency)
          ]
        }
        """
    }

    /// Runs `arguments` in Danish and checks the exit code, that stderr holds every fragment, and that the database is unchanged.
    func refused(_ box: Sandbox, _ arguments: [String], status: Int32, _ fragments: [String],
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try box.databaseSnapshot()
        let result = try box.run(arguments + ["--lang", "da"])
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stderr.hasPrefix("logbook: fejl: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try box.databaseSnapshot() == before, "\(arguments) changed the database", sourceLocation: sourceLocation)
    }

    @Test("a bad målbeskrivelse file is refused in Danish, exit 65, naming the file, line, column or path")
    func badCurriculumFiles() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        #expect(try box.run(["init"]).status == 0)
        let syntax = try box.write("syntaks.json", "{\"specialty\": \"Kardiologi\",\n \"version\": 2030 x}")
        try refused(box, ["curriculum", "import", syntax], status: 65,
                    ["syntaks.json:2: kolonne 18: der ventedes ',' eller '}' i et objekt (filen er ikke gyldig JSON)"])
        let missing = try box.write("mangler.json", Self.curriculum(#"{"code": "I1", "roles": ["Medicinsk ekspert"], "methods": ["Mini-CEX"]}"#))
        try refused(box, ["curriculum", "import", missing], status: 65,
                    ["mangler.json:7: $.competencies[0]: \"title\" mangler; tilføj for eksempel \"title\": \"Modtagelse af den akutte patient\""])
        // Any method name is the målbeskrivelse's own, but one line of at most 1,000 characters like every name.
        let long = String(repeating: "ø", count: 1_001)
        let method = try box.write("metode.json", Self.curriculum(#"{"code": "I1", "title": "EKG", "roles": ["Medicinsk ekspert"], "methods": [""#
                                                                   + long + #""]}"#))
        try refused(box, ["curriculum", "import", method], status: 65, ["metode.json:7: $.competencies[0].methods[0]: ", "1001", "1000"])
        let role = try box.write("rolle.json", Self.curriculum(#"{"code": "I1", "title": "EKG", "roles": [], "methods": ["Mini-CEX"]}"#))
        try refused(box, ["curriculum", "import", role], status: 65,
                    ["rolle.json:7: $.competencies[0].roles: kompetence \"I1\" har ingen lægerolle; angiv mindst én"])
        let number = try box.write("tal.json", Self.curriculum(#"{"code": "I1", "title": "EKG", "sortOrder": "3", "roles": ["Leder"], "methods": ["Audit"]}"#))
        try refused(box, ["curriculum", "import", number], status: 65,
                    ["$.competencies[0].sortOrder: \"sortOrder\" skal være et tal, ikke en tekst; skriv det uden anførselstegn: 3"])
    }

    @Test("a CSV competency list with a bad row or missing flags is refused in Danish")
    func badCSV() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        #expect(try box.run(["init"]).status == 0)
        let row = try box.write("liste.csv", "kode;titel;roller;metoder\nA1;Den akutte patient;Medicinsk ekspert;Mini-CEX\nA2;Kommunikation;Kommunikatr;Audit\n")
        try refused(box, ["curriculum", "import", row] + Self.almenFlags, status: 65,
                    ["liste.csv:3: ukendt lægerolle \"Kommunikatr\" — mente du \"Kommunikator\"? (lægeroller: Medicinsk ekspert/lægefaglig"])
        let quote = try box.write("citat.csv", "kode;titel;roller;metoder\nA1;\"Den akutte\" patient;Leder;Audit\n")
        try refused(box, ["curriculum", "import", quote] + Self.almenFlags, status: 65,
                    ["citat.csv:2: tekst efter et afsluttende anførselstegn; inde i et felt i anførselstegn skrives et anførselstegn som \"\""])
        let header = try box.write("kolonner.csv", "kode;titel;roler;metoder\nA1;Titel;Leder;Audit\n")
        try refused(box, ["curriculum", "import", header] + Self.almenFlags, status: 65,
                    ["kolonner.csv:1: ukendt kolonne \"roler\" — mente du \"", "(kolonner: kode/code, titel/title, roller/roles"])
        try refused(box, ["curriculum", "import", row], status: 64,
                    ["liste.csv er CSV, som hverken angiver speciale, version eller gyldighed; tilføj '--specialty', '--version', '--valid-from'"])
        try refused(box, ["curriculum", "import", row, "--specialty", "Almen medicin", "--version", "2023", "--valid-from", "31.2.2023"], status: 64,
                    ["'--valid-from': \"31.2.2023\" er ikke en dato"])
    }

    @Test("a missing, special or too large file is refused in Danish: 66, 66, 65")
    func badFiles() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        #expect(try box.run(["init"]).status == 0)
        try refused(box, ["curriculum", "import", box.folder.appendingPathComponent("findes-ikke.json").path], status: 66,
                    ["findes-ikke.json", "kontrollér filnavnet"])
        try refused(box, ["program", "import", "/dev/null"], status: 66, ["/dev/null er en tegnenhed, ikke en fil"])
        let large = try box.write("stor.json", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: large))
        try handle.truncate(atOffset: 65 * 1024 * 1024)
        try handle.close()
        try refused(box, ["curriculum", "import", large], status: 65, ["stor.json fylder 65 MB; denne fil må højst fylde 64 MB"])
    }

    @Test("an uddannelsesprogram that does not fit what is stored, and show of what is not there, are refused in Danish")
    func programAndShow() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        #expect(try box.run(["init"]).status == 0)
        try refused(box, ["curriculum", "show", "Kardiologi"], status: 1,
                    ["ingen målbeskrivelse for introduktionsuddannelsen i \"Kardiologi\" (der er endnu ikke importeret nogen målbeskrivelse"])
        #expect(try box.run(["curriculum", "import", Self.examples.appendingPathComponent("kardiologi-intro-2022.json").path]).status == 0)
        try refused(box, ["curriculum", "show", "Kardiolgi"], status: 1,
                    ["ingen målbeskrivelse for introduktionsuddannelsen i \"Kardiolgi\" — mente du \"Kardiologi\"? (importeret: Kardiologi)"])
        try refused(box, ["curriculum", "show", "Kardiologi@2021"], status: 1,
                    ["Kardiologi har ingen version \"2021\" — mente du \"2022\"? (versioner: 2022)"])
        let program = try box.write("program.json", """
            {
              "department": "OUH-KAR",
              "specialty": "Kardiologi",
              "curriculumVersion": "2022",
              "title": "Program",
              "version": "2030",
              "items": [
                {"competency": "I99", "dueMonth": 3}
              ]
            }
            """)
        try refused(box, ["program", "import", program], status: 1,
                    ["program.json:2: $.department: ingen afdeling \"OUH-KAR\"; for at oprette den skal afdelingen angives som et objekt"])
        let meeting = try box.write("samtale.json", """
            {"department": {"code": "OUH-KAR", "name": "Kardiologisk Afdeling", "kind": "hospital", "region": "Syddanmark"},
             "specialty": "Kardiologi", "curriculumVersion": "2022", "title": "Program", "version": "2030",
             "items": [{"meeting": "slutsamtalen", "dueMonth": 11}]}
            """)
        try refused(box, ["program", "import", meeting], status: 65,
                    ["samtale.json:3: $.items[0].meeting: ukendt samtale \"slutsamtalen\" — mente du \"slutsamtale\"?"])
        try refused(box, ["program", "show", "OUH-KAR"], status: 1,
                    ["ingen afdeling \"OUH-KAR\"; importér først et uddannelsesprogram med `logbook program import FIL`"])
    }

    @Test("a changed målbeskrivelse under the same version is refused in Danish, naming the first difference")
    func changedCurriculum() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let original = Self.examples.appendingPathComponent("kardiologi-intro-2022.json").path
        #expect(try box.run(["curriculum", "import", original]).status == 0)
        let text = try String(contentsOfFile: original, encoding: .utf8).replacingOccurrences(of: "\"Tolke hvile-EKG\"", with: "\"Tolke EKG\"")
        let changed = try box.write("ændret.json", text)
        try refused(box, ["curriculum", "import", changed], status: 1,
                    ["ændret.json: Kardiologi 2022 (intro) er allerede importeret med andet indhold: kompetence \"I2\": titlen er forskellig "
                        + "fra tegn 7: gemt \"Tolke hvile-EKG\", filen \"Tolke EKG\"; en ændret målbeskrivelse skal have en ny versionsbetegnelse"])
    }
}

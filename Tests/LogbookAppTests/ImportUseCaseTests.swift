import Foundation
import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

private let almenFlags = CurriculumImportFlags(specialty: "Almen medicin", version: "2023", validFrom: "2023-03-01")

/// A database with both example målbeskrivelser and both example programmes imported (bootstrap: nobody acting).
private func imported() throws -> TestDatabase {
    let db = try TestDatabase(today: "2026-06-15")
    let session = db.as(nil)
    _ = try CurriculumImport.run(session, path: "kardiologi-intro-2022.json", bytes: example("kardiologi-intro-2022.json"), flags: .init())
    _ = try CurriculumImport.run(session, path: "almen-medicin-intro-2023.csv", bytes: example("almen-medicin-intro-2023.csv"), flags: almenFlags)
    _ = try ProgramImport.run(session, path: "program-ouh-kardiologi.json", bytes: example("program-ouh-kardiologi.json"))
    _ = try ProgramImport.run(session, path: "program-almen-praksis.json", bytes: example("program-almen-praksis.json"))
    return db
}

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

/// One bad file: its name, content, flags, the exit status and what the message must say.
struct BadFile: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let text: String
    var flags = CurriculumImportFlags()
    let status: Exit
    let message: String
    var testDescription: String { name }
}

@Suite("Imports of målbeskrivelser and programmes: summaries, re-imports, refusals that change nothing")
struct ImportUseCaseTests {
    @Test("the examples import with one summary each; the catalogue lists them")
    func examples() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let summary = try CurriculumImport.run(db.as(nil), path: "kardiologi-intro-2022.json", bytes: example("kardiologi-intro-2022.json"),
                                               flags: .init())
        #expect(summary == "imported Kardiologi 2022 (intro): 12 competencies, 1 course")
        _ = try ProgramImport.run(db.as(nil), path: "program-ouh-kardiologi.json", bytes: example("program-ouh-kardiologi.json"))
        let list = try CurriculumCatalog.list(db.as(nil))
        #expect(list.map(\.competencies) == [12])
        let (program, department, items) = try ProgramCatalog.find(db.as(nil), reference: "OUH-KAR")
        #expect(department.code == "OUH-KAR")
        #expect(program.version == "2024-1")
        #expect(items.count == 18)
    }

    @Test("re-importing identical files changes nothing")
    func identical() throws {
        let db = try imported()
        let before = try db.snapshot()
        _ = try CurriculumImport.run(db.as(nil), path: "kardiologi-intro-2022.json", bytes: example("kardiologi-intro-2022.json"), flags: .init())
        _ = try ProgramImport.run(db.as(nil), path: "program-ouh-kardiologi.json", bytes: example("program-ouh-kardiologi.json"))
        #expect(try db.snapshot() == before)
    }

    @Test("a changed version is refused naming the first difference; a new version goes beside the old")
    func changed() throws {
        let db = try imported()
        let original = String(decoding: try example("kardiologi-intro-2022.json"), as: UTF8.self)
        let changed = original.replacingOccurrences(of: "Tolke hvile-EKG", with: "Tolke EKG")
        try db.refused(["Kardiologi 2022 (intro) is already imported with different content: competency \"I2\": the title differs"]) {
            try CurriculumImport.run(db.as(nil), path: "k.json", bytes: Array(changed.utf8), flags: .init())
        }
        let program = String(decoding: try example("program-ouh-kardiologi.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"competency\": \"I5\", \"dueMonth\": 10", with: "\"competency\": \"I5\", \"dueMonth\": 11")
        try db.refused(["item 15 (competency \"I5\"): due month stored 10, file 11"]) {
            try ProgramImport.run(db.as(nil), path: "p.json", bytes: Array(program.utf8))
        }
        let newer = original.replacingOccurrences(of: "\"version\": \"2022\"", with: "\"version\": \"2025\"")
            .replacingOccurrences(of: "2022-09-01", with: "2025-01-01")
        #expect(try CurriculumImport.run(db.as(nil), path: "k.json", bytes: Array(newer.utf8), flags: .init())
            == "imported Kardiologi 2025 (intro): 12 competencies, 1 course")
        #expect(try CurriculumCatalog.find(db.as(nil), reference: "Kardiologi").0.version == "2025")
        #expect(try CurriculumCatalog.find(db.as(nil), reference: "Kardiologi@2022").0.version == "2022")
        #expect(try CurriculumCatalog.list(db.as(nil)).count == 3)
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "malformed JSON", file: "bad.json", text: "{\n  \"specialty\": \"Kardiologi\",\n  \"version\" \"2030\"\n}",
                status: .dataError, message: "bad.json:3: column 13: expected ':' after the key \"version\""),
        BadFile(name: "missing title", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "\"title\": \"Lille målbeskrivelse\",", with: ""),
                status: .dataError, message: "bad.json:1: $: \"title\" is missing"),
        BadFile(name: "unknown role", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "Medicinsk ekspert", with: "Medicinsk expert"),
                status: .dataError, message: "unknown role \"Medicinsk expert\" — did you mean \"Medicinsk ekspert/lægefaglig\"?"),
        BadFile(name: "competency without role", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "[\"Medicinsk ekspert\"]", with: "[]"),
                status: .dataError, message: "competency \"I1\" has no role"),
        BadFile(name: "bad date", file: "bad.json", text: smallCurriculum.replacingOccurrences(of: "2030-01-01", with: "2030-13-01"),
                status: .dataError, message: "bad.json:4: $.validFrom: \"2030-13-01\" is not a date: there is no month 13"),
        BadFile(name: "duplicate code in CSV", file: "bad.csv",
                text: "\u{FEFF}kode;titel;roller;metoder\r\nI1;EKG;Kommunikator;Audit\r\nI2;\"To\nlinjer\";Kommunikator;Audit\r\nI1;Igen;Kommunikator;Audit\r\n",
                flags: almenFlags, status: .dataError, message: "bad.csv:5: competency code \"I1\" appears twice (first on line 2)"),
        BadFile(name: "malformed CSV", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;\"EKG;Kommunikator;Audit\n",
                flags: almenFlags, status: .dataError, message: "bad.csv:2: a quoted field is not closed"),
        BadFile(name: "CSV without metadata flags", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\n",
                flags: CurriculumImportFlags(specialty: "Almen medicin"), status: .usage, message: "add '--version', '--valid-from'"),
        BadFile(name: "JSON with CSV flags", file: "bad.json", text: smallCurriculum, flags: CurriculumImportFlags(version: "2031"), status: .usage,
                message: "'--version' is only for CSV files"),
        BadFile(name: "bad --level", file: "bad.csv", text: "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\n",
                flags: CurriculumImportFlags(specialty: "Almen medicin", version: "2023", validFrom: "2023-03-01", level: "hoved"),
                status: .usage, message: "'--level' must be intro or main (got \"hoved\")"),
        BadFile(name: "programme item naming a missing competency", file: "program.json",
                text: smallProgram.replacingOccurrences(of: "\"I1\"", with: "\"X1\""), status: .dataError,
                message: "program.json:8: $.items[0].competency: no competency \"X1\" in Kardiologi 2022 — did you mean \"I1\"?"),
        BadFile(name: "new department with a bad item is not created", file: "program.json",
                text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "{\"code\": \"AUH-KAR\", \"name\": \"Hjertesygdomme, AUH\", \"kind\": \"hospital\", \"region\": \"Midtjylland\"}")
                    .replacingOccurrences(of: "\"I1\"", with: "\"I99\""),
                status: .dataError, message: "no competency \"I99\""),
        BadFile(name: "department with other details", file: "program.json",
                text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "{\"code\": \"OUH-KAR\", \"name\": \"Kardiologi\", \"kind\": \"hospital\", \"region\": \"Syddanmark\"}"),
                status: .refused, message: "department OUH-KAR exists with name \"Kardiologisk Afdeling B, Odense Universitetshospital\" (file \"Kardiologi\")"),
        BadFile(name: "unknown department code", file: "program.json", text: smallProgram.replacingOccurrences(of: "\"OUH-KAR\"", with: "\"OUH-KR\""),
                status: .refused, message: "no department \"OUH-KR\" — did you mean \"OUH-KAR\"?"),
        BadFile(name: "målbeskrivelse version not imported", file: "program.json",
                text: smallProgram.replacingOccurrences(of: "\"curriculumVersion\": \"2022\"", with: "\"curriculumVersion\": \"2021\""),
                status: .refused, message: "Kardiologi has no imported version \"2021\""),
    ]

    @Test("a bad file: one message naming file and line or path, the status, and an unchanged database", arguments: badFiles)
    func badFile(_ bad: BadFile) throws {
        let db = try imported()
        try db.refused(bad.status, [bad.message]) {
            if bad.file.hasPrefix("program") {
                try ProgramImport.run(db.as(nil), path: bad.file, bytes: Array(bad.text.utf8))
            } else {
                try CurriculumImport.run(db.as(nil), path: bad.file, bytes: Array(bad.text.utf8), flags: bad.flags)
            }
        }
    }

    @Test("a missing file is noInput")
    func missingFile() throws {
        let db = try imported()
        try db.refused(.noInput, ["nothere.json"]) {
            try CurriculumImport.run(db.as(nil), path: db.folder.appendingPathComponent("nothere.json").path, flags: .init())
        }
        try db.refused(.noInput, ["nothere.json"]) {
            try ProgramImport.run(db.as(nil), path: db.folder.appendingPathComponent("nothere.json").path)
        }
    }

    @Test("once there are grants, målbeskrivelser need the secretariat and programmes the department's UAO or secretariat")
    func importAccess() throws {
        let (db, _, _, _) = try TestDatabase.cardiology()
        let csv = try example("almen-medicin-intro-2023.csv")
        let flags = CurriculumImportFlags(specialty: "Kardiologi", version: "2026", validFrom: "2026-01-01")
        try db.refused(["dr.lund is not secretariat"]) {
            try CurriculumImport.run(db.as("dr.lund"), path: "a.csv", bytes: csv, flags: flags)
        }
        try db.refused(.usage, ["who is acting?"]) { try CurriculumImport.run(db.as(nil), path: "a.csv", bytes: csv, flags: flags) }
        let program = String(decoding: try example("program-ouh-kardiologi.json"), as: UTF8.self)
        let elsewhere = program.replacingOccurrences(of: "\"OUH-KAR\"", with: "\"RH-KAR\"").replacingOccurrences(of: "\"Syddanmark\"", with: "\"Hovedstaden\"")
        try db.refused(["sek.syd is not secretariat", "Hovedstaden"]) {
            try ProgramImport.run(db.as("sek.syd"), path: "rh.json", bytes: Array(elsewhere.utf8))
        }
        let newVersion = Array(program.replacingOccurrences(of: "\"2024-1\"", with: "\"2025-1\"").utf8)
        try db.refused(["dr.hoved is not UAO or secretariat"]) { try ProgramImport.run(db.as("dr.hoved"), path: "v2.json", bytes: newVersion) }
        #expect(try ProgramImport.run(db.as("dr.uao"), path: "v2.json", bytes: newVersion).contains("2025-1"))
    }
}

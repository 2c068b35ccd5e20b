import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookStore
import Testing

/// A målbeskrivelse naming methods of its own beside the usual ones (issue 14).
private let ownMethods = """
    {
      "specialty": "Ortopædkirurgi",
      "version": "2024",
      "validFrom": "2024-01-01",
      "title": "Målbeskrivelse for introduktionsuddannelsen i ortopædkirurgi",
      "competencies": [
        {"code": "O1", "title": "Håndtere et åbent brud", "roles": ["Medicinsk ekspert"],
         "methods": ["Struktureret klinisk observation", "Logbog over operationer"]},
        {"code": "O2", "title": "Samtale med pårørende", "roles": ["Kommunikator"],
         "methods": ["  mini  CEX ", "Vurdering af læge-patient-samtale på ønskeø"]},
        {"code": "O3", "title": "Skinne et brud", "roles": ["Medicinsk ekspert"], "methods": ["logbog  over OPERATIONER"]}
      ]
    }
    """

/// A department with a position pinned to the målbeskrivelse above (today 2026-06-15, position from 2026-03-01).
private func orthopaedics() throws -> (TestDatabase, Int64) {
    let db = try TestDatabase.department()
    _ = try CurriculumImport.run(db.as("sek.a"), path: "ortopaedi.json", bytes: Array(ownMethods.utf8), flags: .init())
    let facts = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
        trainee: "dr.ny", department: "KARD", curriculum: "Ortopædkirurgi", start: "2026-03-01", partTime: nil, supervisor: "dr.berg"))
    return (db, facts.id)
}

@Suite("Assessment methods are the målbeskrivelse's: its own are stored, the usual ten are suggestions")
struct MethodUseCaseTests {
    @Test("own methods are imported and stored once; a usual one in other case and spacing is that usual one")
    func imported() throws {
        let (db, _) = try orthopaedics()
        let (_, curriculum) = try CurriculumCatalog.find(db.as(nil), reference: "Ortopædkirurgi")
        let methods = curriculum.competencies.map { $0.methods.map(\.name) }
        #expect(methods == [["Logbog over operationer", "Struktureret klinisk observation"],
                            ["Mini-CEX", "Vurdering af læge-patient-samtale på ønskeø"],
                            ["Logbog over operationer"]])
        #expect(curriculum.competencies[1].methods.first?.seeded == .miniCEX)
        // Three new rows beside the ten seeded ones: "logbog  over OPERATIONER" is the same method as the first spelling.
        #expect(try db.count("assessment_method") == 13)
        // The same file again is a no-op; the methods' spelling does not change the content hash.
        let before = try db.snapshot()
        #expect(try CurriculumImport.run(db.as("sek.a"), path: "o.json", bytes: Array(ownMethods.utf8), flags: .init())
            .contains("already imported"))
        #expect(try db.snapshot() == before)
        // English output words the usual method and shows the own ones as written.
        let t = Texts(.en)
        #expect(curriculum.competencies[1].methods.map(t.method) == ["Mini-CEX", "Vurdering af læge-patient-samtale på ønskeø"])
    }

    @Test("another målbeskrivelse spelling an own method in another case reuses its row and stored spelling")
    func sharedAcrossCurricula() throws {
        let (db, _) = try orthopaedics()
        try db.seedCurriculum(specialty: "Karkirurgi", [Seed(code: "K1", methods: ["LOGBOG OVER OPERATIONER"])])
        #expect(try db.count("assessment_method") == 13)
        let (_, curriculum) = try CurriculumCatalog.find(db.as(nil), reference: "Karkirurgi")
        #expect(curriculum.competencies[0].methods.map(\.name) == ["Logbog over operationer"])
    }

    @Test("a name a typo away from a usual method is stored as written, with a note, never refused")
    func nearMiss() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let json = ownMethods.replacingOccurrences(of: "Struktureret klinisk observation", with: "Mini-CEKS")
        let (summary, notes) = try CurriculumImport.runWithNotes(db.as(nil), path: "o.json", bytes: Array(json.utf8), flags: .init())
        #expect(summary.hasPrefix("imported Ortopædkirurgi 2024"))
        #expect(notes == ["o.json: note: the assessment method \"Mini-CEKS\" is not one of the usual methods; it is stored as written, "
            + "as the curriculum's own method (the closest usual method is \"Mini-CEX\")"])
    }

    @Test("method names keep the input hygiene of other names: too long or with a control character is refused")
    func hygiene() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let long = ownMethods.replacingOccurrences(of: "Struktureret klinisk observation", with: String(repeating: "ø", count: 1_001))
        try db.refused(.dataError, ["$.competencies[0].methods[0]", "1001 characters long; it may be at most 1000"]) {
            try CurriculumImport.run(db.as(nil), path: "o.json", bytes: Array(long.utf8), flags: .init())
        }
        let control = ownMethods.replacingOccurrences(of: "Struktureret klinisk observation", with: "Struktureret\\u0007observation")
        try db.refused(.dataError, ["$.competencies[0].methods[0]", "U+0007"]) {
            try CurriculumImport.run(db.as(nil), path: "o.json", bytes: Array(control.utf8), flags: .init())
        }
        #expect(try db.count("assessment_method") == 10)
    }

    @Test("record --method takes the competency's own methods in any case; others are refused as for the usual ones")
    func record() throws {
        let (db, id) = try orthopaedics()
        let trainee = db.as("dr.ny")
        let made = try Assessments.record(trainee, .init(positionID: id, code: "O1", method: "LOGBOG over operationer", date: "2026-06-01"))
        #expect(made.method?.name == "Logbog over operationer")
        #expect(made.methodText == "Logbog over operationer")
        let usual = try Assessments.record(trainee, .init(positionID: id, code: "O2", method: "mini-cex", date: "2026-06-02"))
        #expect(usual.method == .miniCEX)
        // A method the målbeskrivelse names for another competency is not this one's.
        try db.refused(["Ortopædkirurgi 2024 does not name Struktureret klinisk observation for competency O3 (it names: Logbog over operationer)"]) {
            try Assessments.record(trainee, .init(positionID: id, code: "O3", method: "Struktureret klinisk observation", date: "2026-06-01"))
        }
        try db.refused(.usage, ["unknown method \"Logbog over operationerne\"", "did you mean \"Logbog over operationer\"?"]) {
            try Assessments.record(trainee, .init(positionID: id, code: "O3", method: "Logbog over operationerne", date: "2026-06-01"))
        }
        // --other-method records it on purpose: a stored method as that method, an unknown name as free text.
        let other = try Assessments.record(trainee, .init(positionID: id, code: "O3", method: "struktureret klinisk observation",
                                                          date: "2026-06-03", otherMethod: true))
        #expect(other.method?.name == "Struktureret klinisk observation")
        let free = try Assessments.record(trainee, .init(positionID: id, code: "O3", method: "Simulation", date: "2026-06-03", otherMethod: true))
        #expect(free.method == nil && free.otherMethod == "Simulation")
    }

    @Test("status suggests the own method; a programme may name it for its competency, not for another")
    func statusAndProgramme() throws {
        let (db, id) = try orthopaedics()
        let status = try Overviews.status(db.as("dr.ny"), position: id, trainee: nil, on: nil).status
        let steps = status.nextSteps.map(Texts(.da).nextStep)
        #expect(steps.contains { $0.contains("O1") && $0.contains("Logbog over operationer") }, "\(steps)")
        let program = """
            {"department": "KARD", "specialty": "Ortopædkirurgi", "curriculumVersion": "2024", "title": "P", "version": "1",
             "items": [{"competency": "O1", "dueMonth": 3, "method": "struktureret KLINISK observation"},
                       {"competency": "O2", "dueMonth": 4, "method": "Mini-CEX"}]}
            """
        _ = try ProgramImport.run(db.as("dr.lead"), path: "p.json", bytes: Array(program.utf8))
        let (_, _, items) = try ProgramCatalog.find(db.as(nil), reference: "KARD")
        #expect(items.map { $0.item.method?.name } == ["Struktureret klinisk observation", "Mini-CEX"])
        // A position pins the programme in force at its start: dr.ung's, started now, follows it.
        let later = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.ung", department: "KARD", curriculum: "Ortopædkirurgi", start: "2026-03-01", partTime: nil, supervisor: "dr.berg"))
        let withProgramme = try Overviews.status(db.as("dr.ung"), position: later.id, trainee: nil, on: nil).status
        #expect(withProgramme.competencies.first?.suggestedMethod?.name == "Struktureret klinisk observation")
        let wrong = program.replacingOccurrences(of: "\"version\": \"1\"", with: "\"version\": \"2\"")
            .replacingOccurrences(of: "\"competency\": \"O2\", \"dueMonth\": 4, \"method\": \"Mini-CEX\"",
                                  with: "\"competency\": \"O3\", \"dueMonth\": 4, \"method\": \"Struktureret klinisk observationer\"")
        try db.refused(.dataError, ["p.json", "$.items[1].method",
                                    "Ortopædkirurgi 2024 does not name the assessment method \"Struktureret klinisk observationer\" for competency \"O3\"",
                                    "(it names: Logbog over operationer)"]) {
            try ProgramImport.run(db.as("dr.lead"), path: "p.json", bytes: Array(wrong.utf8))
        }
    }
}

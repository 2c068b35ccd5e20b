import Foundation
import Testing
import LogbookDomain
@testable import LogbookFormats

/// The repository's examples/ folder.
let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

func exampleBytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: examplesFolder.appendingPathComponent(name)))
}

let almenMetadata = CurriculumMetadata(specialty: "Almen medicin", version: "2023", validFrom: CalendarDate(iso: "2023-03-01")!)

/// A small valid målbeskrivelse; `competencies` replaces the competency list text.
func curriculumJSON(competencies: String? = nil, extra: String = "") -> String {
    """
    {
      "specialty": "Kardiologi",
      "version": "2022",
      "validFrom": "2022-09-01",
      "title": "Målbeskrivelse",\(extra)
      "competencies": \(competencies ?? """
    [
        {"code": "I1", "title": "EKG", "roles": ["Kommunikator", "Medicinsk ekspert"], "methods": ["Mini-CEX"]},
        {"code": "I2", "title": "Hjertesvigt", "roles": ["Professionel"], "methods": ["Audit", "cbd"]}
      ]
    """)
    }
    """
}

@Suite("CurriculumReader")
struct CurriculumReaderTests {
    @Test("the JSON example reads with 12 competencies over all seven roles and the mandatory course")
    func jsonExample() throws {
        let curriculum = try CurriculumReader.readJSON(try exampleBytes("kardiologi-intro-2022.json"))
        #expect(curriculum.specialty == "Kardiologi")
        #expect(curriculum.level == .intro)
        #expect(curriculum.version == "2022")
        #expect(curriculum.validFrom == CalendarDate(iso: "2022-09-01"))
        #expect(curriculum.competencies.count == 12)
        #expect(Set(curriculum.competencies.flatMap(\.roles)) == Set(MedicalRole.allCases))
        #expect(curriculum.courses == [clinicalSupervisionCourse])
        #expect(curriculum.competencies.map(\.sortOrder) == Array(1...12))
        #expect(curriculum.competencies.allSatisfy { !$0.concretisation.isEmpty && !$0.learningStrategies.isEmpty && !$0.methods.isEmpty })
    }

    @Test("JSON: defaults, role order, aliases, and the mandatory course added first")
    func jsonDefaults() throws {
        let curriculum = try CurriculumReader.readJSON(Array(curriculumJSON(extra: "\n  \"courses\": [\"Akut kardiologi\"],").utf8))
        #expect(curriculum.courses == [clinicalSupervisionCourse, "Akut kardiologi"])
        #expect(curriculum.competencies[0].roles == [.medicalExpert, .communicator])
        #expect(curriculum.competencies[1].methods == [.caseBasedDiscussion, .audit])
        #expect(curriculum.competencies.map(\.sortOrder) == [1, 2])
        #expect(curriculum.title == "Målbeskrivelse")
    }

    @Test("explicit sortOrder orders the competencies")
    func explicitSort() throws {
        let text = curriculumJSON(competencies: """
            [{"code": "B", "sortOrder": 20, "title": "b", "roles": ["Kommunikator"], "methods": ["Audit"]},
             {"code": "A", "sortOrder": 10, "title": "a", "roles": ["Kommunikator"], "methods": ["Audit"]}]
            """)
        #expect(try CurriculumReader.readJSON(Array(text.utf8)).competencies.map(\.code) == ["A", "B"])
    }

    @Test("the snake_case spelling `curriculum show --format json` prints reads as the same målbeskrivelse; both spellings are refused")
    func snakeCaseKeys() throws {
        let example = try CurriculumReader.readJSON(try exampleBytes("kardiologi-intro-2022.json"))
        let printed = example.canonicalJSON.snakeCased.serialized(pretty: true)
        #expect(printed.contains("\"valid_from\"") && printed.contains("\"sort_order\"") && printed.contains("\"learning_strategies\""))
        #expect(!printed.contains("validFrom") && !printed.contains("sortOrder") && !printed.contains("learningStrategies"))
        let back = try CurriculumReader.readJSON(Array(printed.utf8))
        #expect(back.canonicalJSON == example.canonicalJSON)
        #expect(back.contentHash == example.contentHash, "the content hash does not depend on the spelling")
        let both = curriculumJSON(extra: "\n  \"valid_from\": \"2022-09-01\",")
        #expect(throws: ImportError.self) { try CurriculumReader.readJSON(Array(both.utf8)) }
        do { _ = try CurriculumReader.readJSON(Array(both.utf8)) } catch let error as ImportError {
            #expect(error.description.contains("\"valid_from\" and \"validFrom\" are the same key"))
            #expect(error.line == 6)
        }
    }

    @Test("the CSV example: BOM, semicolons, Danish headers, a quoted line break, æøå")
    func csvExample() throws {
        let bytes = try exampleBytes("almen-medicin-intro-2023.csv")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let curriculum = try CurriculumReader.readCSV(bytes, metadata: almenMetadata)
        #expect(curriculum.competencies.count == 10)
        #expect(curriculum.title == "Målbeskrivelse for introduktionsuddannelsen i Almen medicin")
        #expect(curriculum.courses == [clinicalSupervisionCourse])
        let a9 = try #require(curriculum.competencies.first { $0.code == "A9" })
        #expect(a9.learningStrategies.contains("\n"))
        #expect(a9.methods == [.audit, .assessmentForm])
        #expect(curriculum.competencies[0].roles == [.medicalExpert, .communicator])
        #expect(curriculum.competencies.contains { $0.title == "Den svære samtale" })
    }

    @Test("CSV: comma delimiter, English headers, list separators | ; , and line breaks, sort column")
    func csvVariants() throws {
        let text = """
            code,title,roles,methods,sort,learning strategies
            K-2,Anden,"Kommunikator; Professionel","Mini-CEX
            Audit",2,Læs
            K-1,Første,Leder|Akademiker,"Audit, OSATS",1,
            """
        let curriculum = try CurriculumReader.readCSV(Array(text.utf8), metadata: almenMetadata)
        #expect(curriculum.competencies.map(\.code) == ["K-1", "K-2"])
        #expect(curriculum.competencies[0].roles == [.leader, .scholar])
        #expect(curriculum.competencies[0].methods == [.audit, .osats])
        #expect(curriculum.competencies[1].roles == [.communicator, .professional])
        #expect(curriculum.competencies[1].methods == [.miniCEX, .audit])
        #expect(curriculum.competencies[1].learningStrategies == "Læs")
    }

    @Test("JSON bad input: line, path and message", arguments: [
        // (file text, line, path, message fragment)
        (curriculumJSON(competencies: #"[{"code": "I1", "title": "x", "roles": ["Komunikator"], "methods": ["Audit"]}]"#),
         6, "$.competencies[0].roles[0]", "unknown role \"Komunikator\" — did you mean \"Kommunikator\"?"),
        (curriculumJSON(competencies: #"[{"code": "I1", "title": "x", "roles": ["Professionel"], "methods": ["Mini-CEX", " "]}]"#),
         6, "$.competencies[0].methods[1]", "is empty; remove it or write a name"),
        (curriculumJSON(competencies: "[\n{\"code\": \"I1\", \"title\": \"x\", \"roles\": [], \"methods\": [\"Audit\"]}]"),
         7, "$.competencies[0].roles", "competency \"I1\" has no role"),
        (curriculumJSON(competencies: "[\n{\"code\": \"I1\", \"titel\": \"x\", \"roles\": [\"Professionel\"], \"methods\": [\"Audit\"]}]"),
         7, "$.competencies[0].titel", "unknown key \"titel\" — did you mean \"title\"?"),
        (curriculumJSON(competencies: "[\n{\"code\": \"I1\", \"title\": \" \", \"roles\": [\"Professionel\"], \"methods\": [\"Audit\"]}]"),
         7, "$.competencies[0].title", "\"title\" is empty"),
        (curriculumJSON(competencies: "[\n{\"title\": \"x\", \"roles\": [\"Professionel\"], \"methods\": [\"Audit\"]}]"),
         7, "$.competencies[0]", "\"code\" is missing"),
        (curriculumJSON(competencies: "[\n{\"code\": 3, \"title\": \"x\", \"roles\": [\"Professionel\"], \"methods\": [\"Audit\"]}]"),
         7, "$.competencies[0].code", "must be a string, not a number; write it in quotes: \"3\""),
        (curriculumJSON(competencies: """
            [
            {"code": "I1", "title": "a", "roles": ["Professionel"], "methods": ["Audit"]},
            {"code": "I2", "title": "b", "roles": ["Professionel"], "methods": ["Audit"]},
            {"code": "i1", "title": "c", "roles": ["Professionel"], "methods": ["Audit"]}]
            """), 9, "$.competencies[2]", "competency code \"i1\" appears twice (first (as \"I1\") at $.competencies[0], line 7)"),
        (curriculumJSON(competencies: "[]"), 6, "$.competencies", "has no competencies"),
        (curriculumJSON(competencies: "{}"), 6, "$.competencies", "must be an array"),
        (curriculumJSON(extra: "\n  \"titel\": \"x\","), 6, "$.titel", "unknown key \"titel\" — did you mean \"title\"?"),
        (curriculumJSON().replacingOccurrences(of: "2022-09-01", with: "2022-02-30"), 4, "$.validFrom", "February 2022 has 28 days"),
        (curriculumJSON().replacingOccurrences(of: "2022-09-01", with: "1.9.2022"), 4, "$.validFrom", "write the date as YYYY-MM-DD: \"2022-09-01\""),
        (curriculumJSON().replacingOccurrences(of: "\"title\": \"Målbeskrivelse\",", with: ""), 1, "$", "\"title\" is missing"),
        (curriculumJSON().replacingOccurrences(of: "\"2022\"", with: "2022"), 3, "$.version", "\"version\" must be a string"),
        (curriculumJSON(extra: "\n  \"level\": \"intr\","), 6, "$.level", "unknown level \"intr\" — did you mean \"intro\"?"),
        (curriculumJSON(extra: "\n  \"courses\": [\"A\", \"a\"],"), 6, "$.courses[1]", "the course \"a\" is listed twice"),
        ("[1, 2]", 1, "$", "a målbeskrivelse must be an object"),
    ] as [(String, Int?, String, String)])
    func jsonBadInput(text: String, line: Int?, path: String, fragment: String) {
        #expect {
            _ = try CurriculumReader.readJSON(Array(text.utf8))
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            let ok = error.line == line && error.path == path && error.message.contains(fragment)
            if !ok { print("got: \(error)") }
            return ok
        }
    }

    @Test("malformed JSON names line and column")
    func malformedJSON() {
        let error = #expect(throws: ImportError.self) { try CurriculumReader.readJSON(Array("{\"specialty\":\n \"X\", \"a\": }".utf8)) }
        #expect(error == ImportError(line: 2, .syntax(column: 12, .unexpectedCharacter)))
        #expect(error?.message == "column 12: unexpected character; expected a value (string, number, object, array, true, false or null) (the file is not valid JSON)")
    }

    @Test("CSV bad input: line and message", arguments: [
        ("kode;titel;roller;metoder\nI1;A;Kommunikator;Audit\n\nI2;B;Kommunikator;Audit\nI1;C;Kommunikator;Audit\n",
         5, "competency code \"I1\" appears twice (first on line 2)"),
        ("kode;titel;roller;metoder\nI1;A;Lder;Audit\n", 2, "unknown role \"Lder\" — did you mean \"Leder/administrator/organisator\"?"),
        ("kode;titel;roller;metoder\nI1;A;;Audit\n", 2, "competency \"I1\" has no role"),
        ("kode;titel;roller;metoder\nI1;;Kommunikator;Audit\n", 2, "competency \"I1\" has no title"),
        ("kode;titel;roller;metoder\n;A;Kommunikator;Audit\n", 2, "the competency has no code"),
        ("kode;titel;roller;metoder\nI1;A;Kommunikator;\n", 2, "competency \"I1\" has no assessment method"),
        ("kode;titl;roller;metoder\nI1;A;Kommunikator;Audit\n", 1, "unknown column \"titl\" — did you mean \"title\"? (columns:"),
        ("kode;roller;metoder\nI1;Kommunikator;Audit\n", 1, "the header has no titel/title column"),
        ("kode;titel;roller;metoder\n", 1, "the file has a header but no competencies"),
        ("kode;titel;roller;metoder\nI1;A;Kommunikator;Audit;x\n", 2, "more fields than the header's 4 columns"),
        ("kode;titel;roller;metoder;sort\nI1;A;Kommunikator;Audit;første\n", 2, "the sort order must be a whole number"),
        ("kode;titel;roller;metoder\nI1;\"A;Kommunikator;Audit\n", 2, "a quoted field is not closed"),
    ] as [(String, Int, String)])
    func csvBadInput(text: String, line: Int, fragment: String) {
        #expect {
            _ = try CurriculumReader.readCSV(Array(text.utf8), metadata: almenMetadata)
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            let ok = error.line == line && error.path == nil && error.message.contains(fragment)
            if !ok { print("got: \(error)") }
            return ok
        }
    }

    @Test("CSV that is not UTF-8 is refused with a hint")
    func csvLatin1() {
        let bytes: [UInt8] = Array("kode;titel;roller;metoder\nI1;".utf8) + [0xC6, 0x72, 0xF8] + Array(";Kommunikator;Audit\n".utf8)
        let error = #expect(throws: ImportError.self) { try CurriculumReader.readCSV(bytes, metadata: almenMetadata) }
        #expect(error == ImportError(line: 2, .csv(.invalidUTF8)))
        #expect(error?.message == "the text is not UTF-8; save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice")
    }

    @Test("a list cell splits on | ; , and line breaks", arguments: [
        ("Kommunikator | Professionel", ["Kommunikator", "Professionel"]),
        ("a;b,c\nd\r\ne", ["a", "b", "c", "d", "e"]),
        (" , ;", []),
    ] as [(String, [String])])
    func splitList(text: String, parts: [String]) {
        #expect(CurriculumReader.splitList(text) == parts)
    }

    @Test("the same målbeskrivelse from CSV and from its JSON export has the same content hash")
    func canonicalRoundTrip() throws {
        let fromCSV = try CurriculumReader.readCSV(try exampleBytes("almen-medicin-intro-2023.csv"), metadata: almenMetadata)
        let exported = fromCSV.canonicalJSON.serialized(pretty: true)
        let fromJSON = try CurriculumReader.readJSON(Array(exported.utf8))
        #expect(fromJSON == fromCSV)
        #expect(fromJSON.contentHash == fromCSV.contentHash)
        #expect(fromCSV.contentHash.count == 64)
        var changed = fromCSV
        changed.competencies[2].title = "Ny titel"
        #expect(changed.contentHash != fromCSV.contentHash)
        #expect(fromCSV.firstDifference(from: changed)?.description == "competency \"A3\": the title differs at character 1: stored \"Den kronisk syge…\", file \"Ny titel\"")
        #expect(fromCSV.firstDifference(from: fromJSON) == nil)
    }
}

@Suite("CurriculumReader on large files")
struct CurriculumReaderScaleTests {
    /// `count` competencies, each on its own line.
    static func big(_ count: Int, duplicateAtEnd: Bool = false) -> [UInt8] {
        var items = (1...count).map { "{\"code\": \"C\($0)\", \"title\": \"T\($0)\", \"roles\": [\"Kommunikator\"], \"methods\": [\"Mini-CEX\"]}" }
        if duplicateAtEnd { items.append("{\"code\": \"C7\", \"title\": \"Igen\", \"roles\": [\"Kommunikator\"], \"methods\": [\"Mini-CEX\"]}") }
        return Array(curriculumJSON(competencies: "[\n" + items.joined(separator: ",\n") + "\n]").utf8)
    }

    // Finding a JSON line used to run for every competency, not only for an error: 20,000 took over 10 minutes.
    @Test("20,000 competencies read in linear time, and a duplicate at the end still names both lines", .timeLimit(.minutes(1)))
    func linear() throws {
        #expect(try CurriculumReader.readJSON(Self.big(20_000)).competencies.count == 20_000)
        let error = try #require(throws: ImportError.self) { try CurriculumReader.readJSON(Self.big(20_000, duplicateAtEnd: true)) }
        #expect(error.line == 20_007)
        #expect(error.message.contains("competency code \"C7\" appears twice (first at $.competencies[6], line 13)"))
    }
}

import Foundation
import Testing
import LogbookDomain
@testable import LogbookFormats

/// A small valid programme; `items` replaces the item list text.
func programJSON(department: String = #""OUH-KAR""#, items: String? = nil) -> String {
    """
    {
      "department": \(department),
      "specialty": "Kardiologi",
      "curriculumVersion": "2022",
      "title": "Program",
      "version": "2024-1",
      "items": \(items ?? #"[{"competency": "I1", "dueMonth": 3, "method": "Mini-CEX"}, {"meeting": "slutsamtale", "dueMonth": 12}]"#)
    }
    """
}

@Suite("ProgramReader")
struct ProgramReaderTests {
    @Test("the hospital example: department object, every kind of item in order")
    func example() throws {
        let file = try ProgramReader.readJSON(try exampleBytes("program-ouh-kardiologi.json"))
        #expect(file.department == DepartmentDescription(code: "OUH-KAR", name: "Kardiologisk Afdeling B, Odense Universitetshospital",
                                                         kind: .hospital, region: "Syddanmark"))
        #expect(file.program.approvedOn == CalendarDate(iso: "2024-01-15"))
        let meetings = file.program.items.compactMap { item -> String? in
            if case .meeting(let kind) = item.subject { return "\(kind.rawValue)@\(item.dueMonth)" }
            return nil
        }
        #expect(meetings == ["introduction@0", "adjustment@3", "adjustment@6", "adjustment@9", "final@12"])
        #expect(file.program.items.filter { if case .competency = $0.subject { return true } else { return false } }.count == 12)
        #expect(file.program.items.contains(ProgramItem(subject: .course(name: clinicalSupervisionCourse), dueMonth: 6,
                                                       note: "Regionens kursus, tilmelding via uddannelseskoordinator")))
    }

    @Test("the general-practice example is a 6-month programme")
    func generalPractice() throws {
        let file = try ProgramReader.readJSON(try exampleBytes("program-almen-praksis.json"))
        #expect(file.department?.kind == .generalPractice)
        #expect(file.program.items.map(\.dueMonth).max() == 6)
    }

    @Test("snake_case keys (curriculum_version, approved_on, due_month) read as the same programme")
    func snakeCaseKeys() throws {
        let camel = try ProgramReader.readJSON(try exampleBytes("program-ouh-kardiologi.json"))
        let snakeText = String(decoding: try exampleBytes("program-ouh-kardiologi.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"curriculumVersion\"", with: "\"curriculum_version\"")
            .replacingOccurrences(of: "\"approvedOn\"", with: "\"approved_on\"")
            .replacingOccurrences(of: "\"dueMonth\"", with: "\"due_month\"")
        #expect(!snakeText.contains("dueMonth"))
        let snake = try ProgramReader.readJSON(Array(snakeText.utf8))
        #expect(snake.program == camel.program)
        #expect(snake.program.contentHash == camel.program.contentHash)
        #expect(throws: ImportError.self) {
            try ProgramReader.readJSON(Array(programJSON(items: #"[{"competency": "I1", "dueMonth": 3, "due_month": 3}]"#).utf8))
        }
    }

    @Test("a department code alone, Danish meeting names")
    func codeOnly() throws {
        let file = try ProgramReader.readJSON(Array(programJSON().utf8))
        #expect(file.department == nil)
        #expect(file.program.department == "OUH-KAR")
        #expect(file.program.items == [ProgramItem(subject: .competency(code: "I1"), dueMonth: 3, method: .miniCEX),
                                       ProgramItem(subject: .meeting(.final), dueMonth: 12)])
    }

    @Test("bad input: line, path and message", arguments: [
        (programJSON(items: "[\n{\"competency\": \"I1\", \"course\": \"K\", \"dueMonth\": 1}]"), 8, "$.items[0]", "names both \"competency\" and \"course\""),
        (programJSON(items: "[\n{\"dueMonth\": 1}]"), 8, "$.items[0]", "the item names nothing"),
        (programJSON(items: "[\n{\"meeting\": \"slut\", \"dueMonth\": 1}]"), 8, "$.items[0].meeting", "unknown meeting \"slut\""),
        (programJSON(items: "[\n{\"competency\": \"I1\", \"dueMonth\": 61}]"), 8, "$.items[0].dueMonth", "must be from 0 to 60 (got 61)"),
        (programJSON(items: "[\n{\"competency\": \"I1\", \"dueMonth\": \"3\"}]"), 8, "$.items[0].dueMonth", "write it without quotes: 3"),
        (programJSON(items: "[\n{\"competency\": \"I1\", \"dueMonth\": 2.5}]"), 8, "$.items[0].dueMonth", "must be a whole number, not a fraction"),
        (programJSON(items: "[\n{\"competency\": \"I1\"}]"), 8, "$.items[0]", "\"dueMonth\" is missing"),
        (programJSON(items: "[\n{\"meeting\": \"final\", \"dueMonth\": 1, \"method\": \"Audit\"}]"), 8, "$.items[0].method", "only a competency item takes a \"method\""),
        (programJSON(items: "[\n{\"competency\": \"I1\", \"dueMont\": 1}]"), 8, "$.items[0].dueMont", "unknown key \"dueMont\" — did you mean \"dueMonth\"?"),
        (programJSON(items: "[\n{\"competency\": \"I1\", \"dueMonth\": 1},\n{\"competency\": \"i1\", \"dueMonth\": 2}]"), 9, "$.items[1]",
         "competency \"i1\" appears twice (first at $.items[0], line 8)"),
        (programJSON(items: "[]"), 7, "$.items", "the programme has no items"),
        (programJSON(department: #"{"code": "X", "name": "Y", "kind": "hospitl", "region": "Z"}"#), 2, "$.department.kind", "did you mean \"hospital\"?"),
        (programJSON(department: #"{"code": "X", "name": "Y", "kind": "hospital"}"#), 2, "$.department", "\"region\" is missing"),
        (programJSON(department: "7"), 2, "$.department", "must be a code string or an object"),
    ] as [(String, Int?, String, String)])
    func badInput(text: String, line: Int?, path: String, fragment: String) {
        #expect {
            _ = try ProgramReader.readJSON(Array(text.utf8))
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            let ok = error.line == line && error.path == path && error.message.contains(fragment)
            if !ok { print("got: \(error)") }
            return ok
        }
    }

    @Test("the canonical JSON reads back to the same programme, and differences are named")
    func canonical() throws {
        let program = try ProgramReader.readJSON(try exampleBytes("program-ouh-kardiologi.json")).program
        let again = try ProgramReader.readJSON(Array(program.canonicalJSON.serialized().utf8)).program
        #expect(again == program)
        #expect(again.contentHash == program.contentHash)
        var changed = program
        changed.items[2].dueMonth = 4
        #expect(program.firstDifference(from: changed)?.description == "item 3 (competency \"I1\"): due month stored 3, file 4")
        #expect(program.firstDifference(from: again) == nil)
    }
}

@Suite("JSON paths and lines")
struct JSONLineMapTests {
    @Test("a path finds the line of its key or array element", arguments: [
        ([JSONPathComponent](), 1), ([.key("a")], 2), ([.key("b"), .index(1)], 5), ([.key("b"), .index(1), .key("c")], 6),
        ([.key("zz")], nil),
    ] as [([JSONPathComponent], Int?)])
    func lines(path: [JSONPathComponent], line: Int?) throws {
        let text = "{\n \"a\": \"x\\\"}[\",\n \"b\": [\n  {\"k\": [1, {\"q\": 2}]},\n  {\n   \"c\": true}]}"
        let (value, lines) = try JSONValue.parseWithLines(Array(text.utf8))
        #expect(lines.line(of: path, in: value) == line)
        let reader = try JSONDocumentReader(parsing: Array(text.utf8))
        #expect(reader.error(path, .nameEmpty).line == line)
        #expect(reader.line(path) == line)
    }

    @Test("lines after a BOM, blank lines and CRLF line ends; a path of the wrong shape has no line", arguments: [
        ([JSONPathComponent](), 3), ([.key("list")], 4), ([.key("list"), .index(0)], 5), ([.key("list"), .index(1)], 6), ([.key("list"), .index(2)], 6),
        ([.key("list"), .index(3)], nil), ([.key("list"), .key("x")], nil), ([.index(0)], nil), ([.key("list"), .index(1), .key("k")], nil),
    ] as [([JSONPathComponent], Int?)])
    func moreLines(path: [JSONPathComponent], line: Int?) throws {
        let text = "\u{FEFF}\r\n\n{\r\n \"list\": [\r\n  \"æøå\",\n  [], {\"k\": 1,\n\n \"\\u00e6\": null}\n ]\n}\n"
        let (value, lines) = try JSONValue.parseWithLines(Array(text.utf8))
        #expect(lines.line(of: path, in: value) == line)
        #expect(lines.line(of: [.key("list"), .index(2), .key("æ")], in: value) == 8)
        #expect(try JSONValue.parse(Array(text.utf8)) == value)
    }

    @Test("path text", arguments: [
        ([JSONPathComponent](), "$"), ([.key("competencies"), .index(3), .key("roles"), .index(1)], "$.competencies[3].roles[1]"),
        ([.key("odd key")], "$[\"odd key\"]"),
    ] as [([JSONPathComponent], String)])
    func pathText(path: [JSONPathComponent], text: String) {
        #expect(jsonPathText(path) == text)
    }
}

import Foundation
import LogbookFormats
import Testing

/// Issue 13, "one JSON vocabulary": every `--format json` output follows its schema in docs/schemas/, its keys are
/// snake_case, and `--lang da` changes neither a key nor a value.
@Suite("JSON outputs")
struct JSONOutputTests {
    /// Every command that prints JSON, with the schema it follows, run on the demo database.
    static let outputs: [(schema: String, arguments: [String])] = [
        ("status", ["status", "--position", "2"]),
        ("status", ["status", "--position", "1"]),
        ("status", ["status", "--position", "6"]),
        ("report", ["report", "--department", "OUH-KAR", "--all"]),
        ("position-list", ["position", "list"]),
        ("curriculum-list", ["curriculum", "list"]),
        ("curriculum-show", ["curriculum", "show", "Kardiologi"]),
        ("program-list", ["program", "list"]),
        ("program-show", ["program", "show", "OUH-KAR"]),
        ("history", ["history", "--position", "2"]),
        ("history", ["history", "--position", "1"]),
        ("absence-list", ["absence", "list", "--position", "3"]),
        ("absence-list", ["absence", "list", "--position", "3", "--all"]),
        ("record-list", ["record", "list", "--position", "2"]),
        ("meeting-list", ["meeting", "list", "--position", "2"]),
        ("grant-list", ["grant", "list"]),
        ("person-list", ["person", "list"]),
        ("department-list", ["department", "list"]),
        ("key-list", ["key", "list"]),
        ("eligibility", ["eligibility", "--trainee", "dr.freja", "--specialty", "kardiologi"]),
        ("eligibility", ["eligibility", "--trainee", "dr.emil", "--specialty", "kardiologi"]),
    ]

    /// Schemas of outputs that need data the demo lacks, checked by their own tests (ServeDemoTests: account log-ins).
    static let testedElsewhere = ["account-log-ins"]

    /// The keys of every object in `value`, with their paths.
    static func keys(_ value: JSONValue, at path: String = "$") -> [(path: String, key: String)] {
        switch value {
        case .array(let values): return values.enumerated().flatMap { keys($1, at: "\(path)[\($0)]") }
        case .object(let members): return members.flatMap { [(path, $0.0)] + keys($0.1, at: "\(path).\($0.0)") }
        default: return []
        }
    }

    static func isSnakeCase(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    @Test("every JSON output follows its schema in docs/schemas, keys in snake_case, the same in Danish and English")
    func everyOutput() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_TODAY"] = "2026-03-16"
        _ = try box.must(["demo"])
        // The demo registers no signing key; one for the key list.
        _ = try box.must(["key", "register", "dr.hoved", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI="], as: "dr.uao")
        var schemas: [String: JSONSchema] = [:]
        for (name, arguments) in Self.outputs {
            let schema = try schemas[name] ?? JSONSchema.load(name)
            schemas[name] = schema
            var outputs: [String] = []
            for language in ["da", "en"] {
                let result = try box.must(arguments + ["--format", "json", "--lang", language])
                let value = try JSONValue.parse(result.stdout)
                let problems = schema.problems(value)
                let listed = problems.prefix(10).joined(separator: "\n")
                #expect(problems.isEmpty, "\(arguments.joined(separator: " ")) --lang \(language) against \(name).schema.json:\n\(listed)")
                let camel = Self.keys(value).filter { !Self.isSnakeCase($0.key) }
                #expect(camel.isEmpty, "\(arguments.joined(separator: " ")): keys not in snake_case: \(camel.prefix(5).map { "\($0.path).\($0.key)" })")
                if case .array(let rows) = value {
                    #expect(!rows.isEmpty, "\(arguments.joined(separator: " ")) lists nothing on the demo: the schema is not exercised")
                }
                outputs.append(result.stdout)
            }
            #expect(outputs[0] == outputs[1], "\(arguments.joined(separator: " ")): --lang da and --lang en give different JSON")
        }
        // Every schema in docs/schemas/ belongs to an output tested here (the input formats live in docs/).
        let files = try FileManager.default.contentsOfDirectory(atPath: docsFolder.appendingPathComponent("schemas").path)
            .filter { $0.hasSuffix(".schema.json") }.map { String($0.dropLast(".schema.json".count)) }
        #expect(Set(files) == Set(Self.outputs.map(\.schema) + Self.testedElsewhere))
    }

    @Test("the validator refuses an extra key, a missing required key, a wrong type, a bad date and a value off an enum")
    func validatorRejects() throws {
        let schema = try JSONSchema.load("position-list")
        let row: [(String, JSONValue)] = [
            ("id", .int(1)), ("trainee", .string("dr.berit")), ("name", .string("Berit Juul")), ("department", .string("OUH-KAR")),
            ("curriculum", .string("Kardiologi 2022")), ("start", .string("2025-09-01")), ("part_time", .string("1/1")),
            ("end", .string("2026-08-31")), ("ongoing", .bool(true)), ("cancelled", .bool(false)),
        ]
        #expect(schema.problems(.array([.object(row)])) == [], "the valid row passes")
        func with(_ key: String, _ value: JSONValue?) -> JSONValue {
            var members = row.filter { $0.0 != key }
            if let value { members.append((key, value)) }
            return .array([.object(members)])
        }
        let extra = schema.problems(with("partTime", .string("1/1")))
        #expect(extra == ["$[0]: the key \"partTime\" is not in the schema"])
        #expect(schema.problems(with("ongoing", nil)) == ["$[0]: the required key \"ongoing\" is missing"])
        #expect(schema.problems(with("id", .string("1"))) == ["$[0].id: a string where the schema wants integer"])
        #expect(schema.problems(with("ongoing", .string("ja"))).count == 1)
        #expect(schema.problems(with("start", .string("01-09-2025"))).count == 2, "neither the format nor the pattern")
        #expect(schema.problems(with("start", .string("2025-02-30"))) == ["$[0].start: \"2025-02-30\" is not a date YYYY-MM-DD"])
        #expect(schema.problems(with("part_time", .string("80 %"))).count == 1)
        #expect(schema.problems(.object(row)) == ["$: an object where the schema wants array"])
        let grants = try JSONSchema.load("grant-list")
        let grant: JSONValue = .array([.object([
            ("id", .int(1)), ("handle", .string("sek.syd")), ("name", .string("Lone Kjær")), ("role", .string("sekretariat")), ("where", .string("Syddanmark")),
            ("from", .string("2023-01-01")), ("until", .null), ("may_approve", .bool(false)), ("granted_by", .string("(bootstrap)")),
            ("status", .string("current")),
        ])])
        #expect(grants.problems(grant).count == 1, "a Danish value where the schema has an English enum")
        let status = try JSONSchema.load("status")
        #expect(!status.problems(.object([("position", .int(1))])).isEmpty)
        // A keyword the validator does not implement is itself a problem, so a schema cannot promise more than is checked.
        #expect(JSONSchema(.object([("type", .string("string")), ("maxLength", .int(3))])).problems(.string("ab")).count == 1)
    }
}

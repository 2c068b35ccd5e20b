import Foundation
import Testing

/// Tests/Corpus/: small bad files, committed. The big ones are made at test time (see the tests below).
private let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Corpus")

private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

/// The flags a CSV målbeskrivelse needs.
private let csvFlags = ["--specialty", "Almen medicin", "--version", "2031", "--valid-from", "2031-01-01"]

/// A database with real content (both example målbeskrivelser and programmes), so "unchanged" means something.
private func filledSandbox() throws -> Sandbox {
    let box = try Sandbox()
    try box.must(["curriculum", "import", examples.appendingPathComponent("kardiologi-intro-2022.json").path])
    try box.must(["curriculum", "import", examples.appendingPathComponent("almen-medicin-intro-2023.csv").path,
                  "--specialty", "Almen medicin", "--version", "2023", "--valid-from", "2023-03-01"])
    try box.must(["program", "import", examples.appendingPathComponent("program-ouh-kardiologi.json").path])
    return box
}

/// The import command for a corpus file: programmes by name, CSV with its flags.
private func importCommand(_ file: String, path: String) -> [String] {
    if file.hasPrefix("program-") { return ["program", "import", path] }
    return ["curriculum", "import", path] + (file.hasSuffix(".csv") ? csvFlags : [])
}

@Suite("Hostile input: each bad file gets one clear error and leaves the database unchanged")
struct HostileInputTests {
    @Test("every file in Tests/Corpus/ is covered by a case below")
    func corpusCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(files == Self.cases.map(\.0).sorted())
    }

    static let cases: [(String, [String])] = [
        ("truncated.json", ["truncated.json:7: column 29: a string is not closed", "not valid JSON"]),
        ("wrong-type-version.json", ["wrong-type-version.json:3: $.version: \"version\" must be a string, not a number; write it in quotes: \"2030\""]),
        ("wrong-type-competencies.json", ["wrong-type-competencies.json:6: $.competencies: \"competencies\" must be an array [...], not an object"]),
        ("wrong-type-roles.json", ["wrong-type-roles.json:6: $.competencies[0].roles: \"roles\" must be an array [...], not a string"]),
        ("duplicate-keys.json", ["duplicate-keys.json:6: column 3: the key \"title\" appears twice in the same object"]),
        ("duplicate-codes.json", ["duplicate-codes.json:8: $.competencies[1]: competency code \"i1\" appears twice (first as \"I1\" at $.competencies[0], line 7)"]),
        ("nul-in-string.json", ["nul-in-string.json:5: column 16: a NUL byte inside a string"]),
        ("nul-bytes.json", ["nul-bytes.json:1: column 1: unexpected character; expected a value"]),
        ("invalid-utf8.json", ["invalid-utf8.json:5: column 13: the text is not valid UTF-8; save the file as UTF-8"]),
        ("huge-number.json", ["huge-number.json:6: column 48: the number 1e400 is out of range"]),
        ("empty.json", ["empty.json:1: column 1: the file is empty; expected a JSON object"]),
        ("whitespace.json", ["whitespace.json:3: column 1: the file is empty; expected a JSON object"]),
        ("top-level-array.json", ["top-level-array.json:1: $: a curriculum must be an object {...}, not an array"]),
        ("unbalanced-quotes.csv", ["unbalanced-quotes.csv:2: a quoted field is not closed; check for a stray \" in this row"]),
        ("text-after-quote.csv", ["text-after-quote.csv:2: text after a closing quote; inside a quoted field write a quote as \"\""]),
        ("invalid-utf8.csv", ["invalid-utf8.csv:2: the text is not UTF-8; save as \"CSV UTF-8\" in Excel"]),
        ("nul-bytes.csv", ["nul-bytes.csv:2: a NUL byte; this is not a UTF-8 text file"]),
        ("empty.csv", ["empty.csv:1: the file is empty; expected a header line"]),
        ("header-only.csv", ["header-only.csv:1: the file has a header but no competencies; add one row per competency"]),
        ("wrong-header.csv", ["wrong-header.csv:1: unknown column \"titl\" — did you mean \"title\"?"]),
        ("extra-field.csv", ["extra-field.csv:2: the row has more fields than the header's 4 columns; a field holding \";\" must be in double quotes"]),
        ("program-wrong-type.json", ["program-wrong-type.json:8: $.items[0].dueMonth: \"dueMonth\" must be a whole number, not a string"]),
        ("program-truncated.json", ["program-truncated.json:8: column 26: a string is not closed"]),
        ("program-duplicate-keys.json", ["program-duplicate-keys.json:3: column 3: the key \"department\" appears twice in the same object"]),
    ]

    @Test("a bad file from the corpus: exit 65 with its line and what to fix", arguments: cases)
    func corpusFile(file: String, parts: [String]) throws {
        let box = try filledSandbox()
        defer { box.cleanup() }
        // Copied into the sandbox so messages name it by a short relative path.
        try FileManager.default.copyItem(at: corpus.appendingPathComponent(file), to: box.folder.appendingPathComponent(file))
        let result = try box.refused(importCommand(file, path: file), status: 65, parts)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test("a 10 MB field in JSON and in CSV is refused without echoing it")
    func hugeField() throws {
        let box = try filledSandbox()
        defer { box.cleanup() }
        let huge = String(repeating: "x", count: 10 * 1_048_576)
        let json = generatedCurriculum(count: 2, version: "2031").replacingOccurrences(of: "\"Genereret målbeskrivelse\"", with: "\"\(huge)\"")
        try box.write("huge-field.json", json)
        let jsonResult = try box.refused(["curriculum", "import", "huge-field.json"], status: 65, [
            "huge-field.json:5: $.title: \"title\" is 10485760 characters long; it may be at most 100000 characters (shorten it)",
        ])
        #expect(jsonResult.stderr.utf8.count < 1_000)
        try box.write("huge-field.csv", "kode;titel;roller;metoder;konkretisering\nA1;EKG;Kommunikator;Mini-CEX;\(huge)\n")
        let csvResult = try box.refused(["curriculum", "import", "huge-field.csv"] + csvFlags, status: 65, [
            "huge-field.csv:2: column 5 (\"konkretisering\") is 10485760 characters long; it may be at most 100000 characters",
        ])
        #expect(csvResult.stderr.utf8.count < 1_000)
        // A role name 1 MB long: refused by its length before any did-you-mean search over it.
        let role = String(repeating: "K", count: 1_048_576)
        try box.write("huge-role.json", generatedCurriculum(count: 1, version: "2031").replacingOccurrences(of: "\"Medicinsk ekspert\"", with: "\"\(role)\""))
        try box.refused(["curriculum", "import", "huge-role.json"], status: 65, [
            "$.competencies[0].roles[0]: the name is 1048576 characters long",
        ])
    }

    @Test("100,000 CSV rows are read in full: a duplicate code on the last row is found and named with both lines")
    func hundredThousandRows() throws {
        let box = try filledSandbox()
        defer { box.cleanup() }
        var text = "kode;titel;roller;metoder\n"
        text.reserveCapacity(4_000_000)
        for index in 1...100_000 { text += "C\(index);Kompetence \(index);Kommunikator;Mini-CEX\n" }
        text += "C5;Igen;Kommunikator;Mini-CEX\n"
        try box.write("rows.csv", text)
        try box.refused(["curriculum", "import", "rows.csv"] + csvFlags, status: 65, [
            "rows.csv:100002: competency code \"C5\" appears twice (first on line 6); give each competency its own code",
        ])
    }

    @Test("JSON nested 100,000 levels deep is refused at depth 64, without exhausting the stack")
    func deeplyNested() throws {
        let box = try filledSandbox()
        defer { box.cleanup() }
        try box.write("deep.json", "{\"specialty\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}")
        try box.refused(["curriculum", "import", "deep.json"], status: 65, ["deep.json:1: column", "nested deeper than 64 levels"])
        try box.write("deep-program.json", String(repeating: "{\"a\":", count: 50_000))
        try box.refused(["program", "import", "deep-program.json"], status: 65, ["nested deeper than 64 levels"])
    }

    @Test("a folder, a missing file, the database itself and a file over 64 MB")
    func notAFile() throws {
        let box = try filledSandbox()
        defer { box.cleanup() }
        try FileManager.default.createDirectory(at: box.folder.appendingPathComponent("folder.json"), withIntermediateDirectories: false)
        try box.refused(["curriculum", "import", "folder.json"], status: 66, ["folder.json is a folder, not a file"])
        try box.refused(["program", "import", "folder.json"], status: 66, ["folder.json is a folder, not a file"])
        try box.refused(["curriculum", "import", "missing.json"], status: 66, ["missing.json: No such file or directory; check the file name"])
        // A binary file (the SQLite database, with NUL bytes from its first line on) is not mistaken for text.
        try FileManager.default.copyItem(atPath: box.database, toPath: box.folder.appendingPathComponent("copy.sqlite").path)
        try box.refused(["curriculum", "import", "copy.sqlite"] + csvFlags, status: 65, ["copy.sqlite:1: a NUL byte; this is not a UTF-8 text file"])
        // Sparse: 65 MB on paper, nothing on disk; refused by its size before reading.
        let big = box.folder.appendingPathComponent("big.json")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 65 * 1_048_576)
        try handle.close()
        try box.refused(["curriculum", "import", "big.json"], status: 65, ["big.json is 65 MB; this file may be at most 64 MB"])
    }
}

@Suite("Hostile input that would become permanent: handles, texts, codes, dates and sizes through the binary")
struct PermanentInputTests {
    @Test("handles with control characters, bidi overrides, zero-width characters, emoji or Cyrillic are refused (64); a look-alike of an existing handle too (1)")
    func handles() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        for (handle, codePoint) in [("dr.\u{1B}]0;x\u{7}", "U+001B"), ("dr.\u{7}", "U+0007"), ("dr.\u{202E}devoh", "U+202E"),
                                    ("dr.\u{200B}berg", "U+200B"), ("dr.😀", "U+1F600"), ("dr.h\u{43E}ved", "U+043E")] {
            let result = try box.refused(["person", "add", handle, "--name", "X"], status: 64, [codePoint, "a handle is 2 to 32 characters"], as: "sek.a")
            #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x7 },
                    "the refused handle is echoed escaped: \(result.stderr)")
        }
        try box.refused(["person", "add", "dr_berg", "--name", "X"], status: 1, ["too easily mistaken for the existing \"dr.berg\""], as: "sek.a")
        try box.refused(["person", "add", "dr.new", "--name", "Bo\u{202E}grebo"], status: 64, ["'--name' contains U+202E"], as: "sek.a")
    }

    @Test("codes with a zero-width space, notes with NUL, plans with NUL or of 10 MB, and a CSV of a million columns are refused")
    func textsAndSizes() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpPositions(1, competencies: 3)
        try box.refused(["approve", "--position", "1", "C1\u{200B}"], status: 64, ["competency code contains U+200B"], as: "dr.berg")
        try box.refused(["approve", "--position", "1", "\u{421}1"], status: 1, ["no competency \"\u{421}1\""], as: "dr.berg")
        try box.refused(["record", "--position", "1", "C1", "--method", "Mini-CEX", "--date", "2026-06-01", "--note", "a\u{202E}b"],
                        status: 64, ["'--note' contains U+202E (a bidirectional control)"], as: "t1")
        try box.write("nul-plan.txt", bytes: Array("Plan\u{0}mere\n".utf8))
        try box.refused(["meeting", "add", "--position", "1", "--kind", "introduction", "--date", "2026-03-05", "--plan", "nul-plan.txt"],
                        status: 65, ["nul-plan.txt: the plan contains U+0000 (NUL)"], as: "dr.berg")
        try box.write("big-plan.txt", bytes: [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1_048_576))
        try box.refused(["meeting", "add", "--position", "1", "--kind", "introduction", "--date", "2026-03-05", "--plan", "big-plan.txt"],
                        status: 65, ["big-plan.txt is 10 MB; this file may be at most 390 KB"], as: "dr.berg")
        try box.write("wide.csv", "kode;titel;roller;metoder" + String(repeating: ";", count: 1_000_000) + "\nA1;T;Kommunikator;Mini-CEX\n")
        try box.refused(["curriculum", "import", "wide.csv", "--specialty", "Kardiologi", "--version", "2031", "--valid-from", "2026-01-01"],
                        status: 65, ["wide.csv:1: the row has more than 256 fields"], as: "sek.a")
        // The codes of a file, and codes mixed with options in any order, approve as before.
        try box.write("codes.txt", "C1\n\nC2\n")
        let fromFile = try box.must(["approve", "--position", "1", "--codes-file", "codes.txt", "--comment", "ok"], as: "dr.berg")
        #expect(fromFile.stdout.contains("approved C1") && fromFile.stdout.contains("approved C2"))
        let mixed = try box.must(["approve", "C3", "--position", "1", "--date", "2026-06-01"], as: "dr.berg")
        #expect(mixed.stdout.contains("approved C3 for position 1 on 2026-06-01"))
    }

    @Test("dates outside the domain's bounds are refused with the bound: absence to 9999-12-31, a start in 9999, a grant from 0001")
    func dates() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpPositions(1, competencies: 2)
        try box.refused(["absence", "add", "--position", "1", "--from", "2026-05-01", "--to", "9999-12-31", "--kind", "barsel"], status: 1,
                        ["a position lasts at most 6 years", "2032-02-29"], as: "dr.lead")
        try box.must(["person", "add", "t9", "--name", "T"], as: "sek.a")
        try box.refused(["position", "start", "--trainee", "t9", "--department", "KARD", "--curriculum", "Kardiologi", "--start", "9999-12-01"],
                        status: 1, ["'--start' 9999-12-01 is more than 2 years after today (2026-06-15)"], as: "dr.lead")
        try box.refused(["grant", "t9", "supervisor", "--department", "KARD", "--from", "0001-01-01"], status: 1,
                        ["'--from' 0001-01-01 is more than 10 years before today"], as: "dr.lead")
    }
}

import Foundation
import Testing

/// The checkout's Sources/ folder.
private let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources")

/// One string literal found in Swift source: its text between the quotes and the line it starts on.
struct SwiftStringLiteral {
    let text: String
    let line: Int
    /// The code just before the opening quote (up to 40 characters on the same statement).
    let before: String
}

/// A small lexer that finds every string literal in Swift source ("...", """...""", #"..."#), skipping comments and
/// following interpolations `\( ... )` with nested literals inside.
enum SwiftLiterals {
    static func find(in source: String) -> [SwiftStringLiteral] {
        let chars = Array(source.unicodeScalars)
        var found: [SwiftStringLiteral] = []
        var index = 0
        var line = 1

        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < chars.count ? chars[index + offset] : nil }

        /// Reads a literal starting at `index` (at its `#`s or first quote); returns its raw text.
        func literal() -> String {
            var hashes = 0
            while at(0) == "#" { hashes += 1; index += 1 }
            let multiline = at(0) == "\"" && at(1) == "\"" && at(2) == "\""
            index += multiline ? 3 : 1
            var text = ""
            let closing = String(repeating: "\"", count: multiline ? 3 : 1) + String(repeating: "#", count: hashes)
            let escape = "\\" + String(repeating: "#", count: hashes)
            while index < chars.count {
                if String(String.UnicodeScalarView(chars[index..<min(chars.count, index + closing.unicodeScalars.count)])) == closing {
                    index += closing.unicodeScalars.count
                    return text
                }
                let ahead = String(String.UnicodeScalarView(chars[index..<min(chars.count, index + escape.unicodeScalars.count + 1)]))
                if ahead == escape + "(" {
                    // An interpolation: copy it whole, stepping over nested literals and parentheses.
                    text += "\\("  // stored as \( whatever the number of #s
                    index += ahead.unicodeScalars.count
                    var depth = 1
                    while index < chars.count && depth > 0 {
                        let c = chars[index]
                        if c == "\"" || (c == "#" && at(1) == "\"") {
                            let inner = literal()
                            text += "\"" + inner + "\""
                            continue
                        }
                        if c == "(" { depth += 1 }
                        if c == ")" { depth -= 1 }
                        if c == "\n" { line += 1 }
                        text.unicodeScalars.append(c)
                        index += 1
                    }
                    continue
                }
                if ahead.hasPrefix(escape) {
                    text += String(String.UnicodeScalarView(chars[index..<min(chars.count, index + escape.unicodeScalars.count + 1)]))
                    index += escape.unicodeScalars.count + 1
                    continue
                }
                if chars[index] == "\n" { line += 1 }
                text.unicodeScalars.append(chars[index])
                index += 1
            }
            return text
        }

        while index < chars.count {
            let c = chars[index]
            if c == "\n" { line += 1; index += 1; continue }
            if c == "/" && at(1) == "/" {
                while index < chars.count && chars[index] != "\n" { index += 1 }
                continue
            }
            if c == "/" && at(1) == "*" {
                index += 2
                while index < chars.count && !(chars[index] == "*" && at(1) == "/") {
                    if chars[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 2
                continue
            }
            if c == "\"" || (c == "#" && (at(1) == "\"" || (at(1) == "#" && at(2) == "\""))) {
                let startLine = line
                let from = max(0, index - 40)
                let before = String(String.UnicodeScalarView(chars[from..<index]))
                let text = literal()
                found.append(SwiftStringLiteral(text: text, line: startLine, before: before))
                continue
            }
            index += 1
        }
        return found
    }
}

@Suite("Security: SQL is never built from values; hostile text round-trips")
struct SecurityTests {
    /// Literals that interpolate into SQL on purpose, by exact text; none of them carries user input.
    static let allowed: Set<String> = [
        // Migrator: the version number of an embedded migration file.
        "PRAGMA user_version = \\(migration.version)",
        // Connection.transaction: DEFERRED or IMMEDIATE from a closed enum.
        "BEGIN \\(kind.rawValue)",
    ]

    /// Calls that take SQL as their first argument.
    static var sqlCall: Regex<AnyRegexOutput> { try! Regex(#"\.(run|query|queryFirst|execute|prepare|cached)\(\s*$"#) }
    /// Text that looks like SQL.
    static var sqlWords: Regex<AnyRegexOutput> { try! Regex(#"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|CREATE|DROP|ALTER|WHERE|VALUES|FROM)\b"#) }

    @Test("the lexer finds interpolation in every literal form, and not in comments")
    func lexer() {
        let source = ##"""
            // try db.run("SELECT \(x)")
            let a = db.run("SELECT * FROM t WHERE id = \(id)", 1)
            let b = db.query("""
                SELECT \(column.map { "\($0)" }.joined(separator: ", "))
                FROM t
                """)
            let c = db.execute(#"DELETE FROM t WHERE x = '\#(value)'"#)
            let d = "plain \"quoted\" text"
            """##
        let literals = SwiftLiterals.find(in: source)
        let interpolating = literals.filter { $0.text.contains("\\(") }
        #expect(interpolating.map(\.line) == [2, 3, 7])
        #expect(literals.last?.text == #"plain \"quoted\" text"#)
        #expect(interpolating.allSatisfy { $0.text.contains(Self.sqlWords) })
        #expect(literals.first?.before.contains(Self.sqlCall) == true)
    }

    @Test("no SQL in Sources/ is built by string interpolation (except the allow-list)")
    func noInterpolatedSQL() throws {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            // LogbookMail speaks SMTP ("MAIL FROM:<…>"), not SQL: it does not import SQLite.
            .filter { !$0.path.contains("/Sources/LogbookMail/") }
        #expect(files.count > 20)
        var offenders: [String] = []
        var allowedSeen: Set<String> = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for literal in SwiftLiterals.find(in: source) {
                guard literal.text.contains("\\(") else { continue }
                let isSQLArgument = literal.before.contains(Self.sqlCall)
                guard isSQLArgument || literal.text.contains(Self.sqlWords) else { continue }
                if Self.allowed.contains(literal.text) {
                    allowedSeen.insert(literal.text)
                    continue
                }
                offenders.append("\(file.path.replacingOccurrences(of: sources.path + "/", with: "Sources/")):\(literal.line): \(literal.text.prefix(120))")
            }
        }
        #expect(offenders.isEmpty, "SQL built by interpolation — bind the value as a parameter instead:\n\(offenders.joined(separator: "\n"))")
        #expect(allowedSeen == Self.allowed, "an allow-list entry no longer occurs; remove it")
    }

    @Test("names, codes, notes, comments and reasons full of SQL survive unchanged")
    func hostileTextRoundTrips() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        // Handles have their own alphabet (InputText.swift), so no quote or semicolon can reach SQL through them.
        let handle = "dr.o--hara"
        let trainee = "t.or-1_1"
        let name = "Robert'); DROP TABLE person; --"
        let traineeName = "' OR 1=1 --"
        let code = "I'1;--"
        let title = "\"DROP TABLE competency\"; --"
        let note = "'; DELETE FROM assessment; -- \"x\""
        let comment = "x'); DELETE FROM event WHERE '1'='1'; --"
        let reason = "' OR 1=1 -- ; DROP TABLE event"
        let department = "K'D;--"
        let departmentName = "Afd. \"Hjerte\"; UPDATE department SET code = 'X'; --"

        try box.must(["department", "add", department, "--name", departmentName, "--kind", "hospital", "--region", "Syddanmark"], as: "sek.a")
        try box.must(["grant", "dr.lead", "uao", "--department", department, "--from", "2026-01-01"], as: "sek.a")
        try box.must(["person", "add", handle, "--name", name], as: "sek.a")
        try box.must(["person", "add", trainee, "--name", traineeName], as: "sek.a")
        try box.must(["grant", handle, "hovedvejleder", "--department", department, "--from", "2026-01-01"], as: "dr.lead")
        let curriculum = generatedCurriculum(count: 2).replacingOccurrences(of: "\"C1\"", with: "\"I'1;--\"")
            .replacingOccurrences(of: "\"Kompetence 1\"", with: "\"\\\"DROP TABLE competency\\\"; --\"")
        try box.write("hostile.json", curriculum)
        try box.must(["curriculum", "import", "hostile.json"], as: "sek.a")
        try box.must(["position", "start", "--trainee", trainee, "--department", department, "--curriculum", "Kardiologi",
                      "--start", "2026-03-01", "--supervisor", handle], as: "dr.lead")
        try box.must(["record", "--position", "1", code, "--method", "Mini-CEX", "--date", "2026-06-01", "--note", note], as: trainee)
        let approved = try box.must(["approve", "--position", "1", code, "--comment", comment], as: handle)
        #expect(approved.stdout.contains("approved \(code) for position 1"))
        try box.must(["revoke", "\(try box.lastEvent())", "--reason", reason], as: handle)  // grants and the position are events too

        let person = try box.must(["person", "show", handle])
        #expect(person.stdout.contains(name))
        let people = try box.must(["person", "list", "--format", "json"])
        #expect(people.stdout.contains("\"\(handle)\"") && people.stdout.contains("\"\(traineeName)\""))
        let departments = try box.must(["department", "list", "--format", "csv"])
        #expect(departments.stdout.contains("\"\(departmentName.replacingOccurrences(of: "\"", with: "\"\""))\""))
        let entries = try box.must(["record", "list", "--position", "1", "--format", "json"])
        #expect(entries.stdout.contains(code) && entries.stdout.contains(note.replacingOccurrences(of: "\"", with: "\\\"")))
        let history = try box.must(["history", "--position", "1", "--format", "json"])
        #expect(history.stdout.contains(comment) && history.stdout.contains(reason))
        let shown = try box.must(["curriculum", "show", "Kardiologi@2025", "--format", "json"])
        #expect(shown.stdout.contains(title.replacingOccurrences(of: "\"", with: "\\\"")))

        // Byte for byte in the database, every table still there, and the chain verifies.
        let stored = try box.sql("""
            SELECT name FROM person WHERE handle = '\(handle.replacingOccurrences(of: "'", with: "''"))';
            SELECT name FROM department WHERE code = '\(department.replacingOccurrences(of: "'", with: "''"))';
            SELECT title FROM competency WHERE code = '\(code.replacingOccurrences(of: "'", with: "''"))';
            SELECT note FROM assessment; SELECT text FROM event WHERE kind IN ('competency-approval', 'revocation') ORDER BY id;
            SELECT count(*) FROM sqlite_schema WHERE type = 'table';
            """)
        let tables = try box.sql("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(stored == [name, departmentName, title, note, comment, reason, tables].joined(separator: "\n") + "\n")
        #expect(Int(tables) ?? 0 >= 20)
        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty && Sandbox.onlyUnsignedNote(verify.stderr), "\(verify.stdout)\(verify.stderr)")
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("the database, its -wal and -shm files are 0600 and a new folder for it 0700, whatever the umask")
    func fileModes() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let database = box.folder.appendingPathComponent("private/logbook.sqlite").path
        let result = try Binary.runTool("/bin/sh", ["-c", "umask 000 && \"$0\" init --db \"$1\" && \"$0\" person add dr.a --name A --db \"$1\"",
                                                    Binary.path, database], in: box.folder)
        #expect(result.status == 0, "\(result.stderr)")
        // Keep a connection open so the -wal and -shm files exist while they are looked at.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [database]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN; SELECT count(*) FROM person;\n".utf8))
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        var modes: [String: Int] = [:]
        for _ in 0..<50 where modes.count < 3 {
            for suffix in ["", "-wal", "-shm"] {
                if let mode = try? FileManager.default.attributesOfItem(atPath: database + suffix)[.posixPermissions] as? Int {
                    modes[suffix] = mode
                }
            }
            usleep(20_000)
        }
        #expect(modes == ["": 0o600, "-wal": 0o600, "-shm": 0o600])
        let folder = try FileManager.default.attributesOfItem(atPath: box.folder.appendingPathComponent("private").path)
        #expect(folder[.posixPermissions] as? Int == 0o700)
    }
}

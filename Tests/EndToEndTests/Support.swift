import Foundation
import SMTPSinkSupport
import Testing

/// Every line of `text` fits 80 columns, and there is a line to fit: empty output is a failure, not a pass.
func expectFits80Columns(_ text: some StringProtocol, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = text.split(separator: "\n")
    #expect(!lines.isEmpty, "\(what): no output to check against 80 columns", sourceLocation: sourceLocation)
    for line in lines {
        #expect(line.count <= 80, "\(what): \(line.count) characters: \(line)", sourceLocation: sourceLocation)
    }
}

extension Dependency {
    /// `ready(_:record:)` recording the failure under CI as an issue at the calling test.
    func ready(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        ready(what) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
    }

    /// `missing(_:_:install:record:)` recording the failure under CI as an issue at the calling test.
    static func missing(_ why: String, _ what: String, install: String, sourceLocation: SourceLocation = #_sourceLocation) {
        missing(why, what, install: install) { Issue.record(Comment(rawValue: $0), sourceLocation: sourceLocation) }
    }
}

/// The result of one run of the built `logbook` binary.
struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A temporary folder with a database path, removed when the test ends (call `cleanup()` in a defer).
final class Sandbox {
    let folder: URL
    var database: String { folder.appendingPathComponent("logbook.sqlite").path }
    /// Extra environment for every run (e.g. LOGBOOK_TODAY).
    var environment: [String: String] = [:]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("logbook-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    /// Writes `text` to a file in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Writes raw bytes to a file in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs `logbook ARGS --db <sandbox db>` (the --db is added unless `database: false`).
    func run(_ arguments: [String], stdin: String? = nil, as actor: String? = nil, database: Bool = true) throws -> RunResult {
        var args = arguments
        if database { args += ["--db", self.database] }
        if let actor { args += ["--as", actor] }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LOGBOOK_DB")
        env.removeValue(forKey: "LOGBOOK_USER")
        env["NO_COLOR"] = "1"
        // The suite pins English output unless a test asks for a language: a Danish locale on the machine must not change it.
        env["LOGBOOK_LANG"] = "en"
        for (key, value) in environment { env[key] = value }
        return try Binary.run(args, environment: env, stdin: stdin, in: folder)
    }

    /// The bytes of the database file and its WAL, to prove a refused command changed nothing.
    func databaseSnapshot() throws -> [String] {
        // The logical content, dumped by the sqlite3 shell; closing, the shell checkpoints the WAL into the
        // file, so the file's bytes read afterwards are comparable too: byte for byte.
        let result = try Binary.runTool("/usr/bin/sqlite3", [database, ".dump"])
        var lines = result.stdout.split(separator: "\n").map(String.init)
        if let bytes = FileManager.default.contents(atPath: database) {
            let checksum = bytes.reduce(into: UInt64(14_695_981_039_346_656_037)) { $0 = ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            lines.insert("file: \(bytes.count) bytes, FNV-1a \(String(checksum, radix: 16))", at: 0)
        }
        return lines
    }

    /// Runs SQL with the sqlite3 shell on the sandbox database and returns its output.
    func sql(_ statement: String) throws -> String {
        try Binary.runTool("/usr/bin/sqlite3", [database, statement]).stdout
    }

    /// Whether `stderr` of a successful `verify` holds nothing but its note on unsigned events (issue 11: verify says
    /// how many events are unsigned and what that means, on stderr; stdout stays the list of problems).
    static func onlyUnsignedNote(_ stderr: String) -> Bool {
        // Issue 30: verify also says that SQLite's integrity check passed.
        stderr.split(separator: "\n").allSatisfy {
            $0.hasPrefix("note: ") && ($0.contains("carry no digital signature") || $0 == "note: SQLite's integrity_check: ok")
        }
    }

    /// The id of the newest event. Grants, keys, positions and assignments are events too (issue 11), so the id
    /// of an act depends on the whole setup; tests look it up instead of hard-coding it.
    func lastEvent() throws -> Int {
        Int(try sql("SELECT max(id) FROM event").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

/// Finding and running the built binary.
enum Binary {
    /// `.build/<config>/logbook`, next to the test bundle; or `LOGBOOK_TEST_BINARY`, to run a suite (the attacks) against
    /// another build — an older one, to see an attack test fail before its fix.
    static let path: String = {
        if let other = ProcessInfo.processInfo.environment["LOGBOOK_TEST_BINARY"], !other.isEmpty { return other }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // The test binary may sit inside a bundle folder on some platforms.
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("logbook")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return executable.deletingLastPathComponent().appendingPathComponent("logbook").path
    }()

    static func run(_ arguments: [String], environment: [String: String], stdin: String?, in folder: URL) throws -> RunResult {
        try runTool(path, arguments, environment: environment, stdin: stdin, in: folder)
    }

    static func runTool(_ tool: String, _ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil,
                        in folder: URL? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = folder }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

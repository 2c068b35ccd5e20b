import Foundation
import Testing

extension Sandbox {
    /// True while another connection holds the write lock: the sqlite3 shell (busy timeout 0) cannot begin an
    /// immediate transaction.
    func writeLockHeld() throws -> Bool {
        let probe = try Binary.runTool("/usr/bin/sqlite3", [database, "BEGIN IMMEDIATE; ROLLBACK;"])
        return probe.stderr.contains("database is locked")
    }

    /// Starts `logbook ARGS --db DB` without waiting for it.
    func start(_ arguments: [String], as actor: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments + ["--db", database] + (actor.map { ["--as", $0] } ?? [])
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LOGBOOK_DB")
        env.removeValue(forKey: "LOGBOOK_USER")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts the command and SIGKILLs it as soon as it holds the write lock (inside its transaction).
    /// Returns true when it was killed there, false when it ended on its own first.
    func killInsideTransaction(_ arguments: [String], as actor: String? = nil) throws -> Bool {
        let process = try start(arguments, as: actor)
        var killed = false
        while process.isRunning {
            if try writeLockHeld() {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
        }
        process.waitUntilExit()
        // The lock may have been seen during the final COMMIT, with the process gone before the signal arrived.
        return killed && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// `PRAGMA integrity_check` and `foreign_key_check` are clean and `logbook verify` passes.
    func expectIntact(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sql("PRAGMA integrity_check; PRAGMA foreign_key_check;").trimmingCharacters(in: .whitespacesAndNewlines) == "ok",
                sourceLocation: sourceLocation)
        let verify = try run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty && Sandbox.onlyUnsignedNote(verify.stderr), "\(verify.stdout)\(verify.stderr)",
                sourceLocation: sourceLocation)
    }
}

/// SIGKILL in the middle of a large write: afterwards the database holds all of it or none, and is intact.
///
/// The kill is timed by watching the write lock: the command is killed the moment another connection sees it
/// held, i.e. inside its BEGIN IMMEDIATE ... COMMIT. If a command finishes before that is seen (a fast machine),
/// the attempt is repeated with a new version label; "all or none" is checked after every attempt.
@Suite("Crashes: SIGKILL inside a transaction", .serialized, .tags(.slow))
struct CrashTests {
    @Test("a målbeskrivelse import of 8,000 competencies killed mid-transaction leaves all or none of it")
    func killedImport() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.must(["init"])
        let competencies = 8_000
        var killedInside = 0
        for attempt in 1...5 where killedInside < 2 {
            let version = "30\(attempt)"
            let file = try box.write("big-\(attempt).json", generatedCurriculum(count: competencies, version: version, validFrom: "2025-0\(attempt)-01"))
            if try box.killInsideTransaction(["curriculum", "import", file]) { killedInside += 1 }
            let stored = try box.sql("""
                SELECT count(*) FROM competency c JOIN curriculum k ON k.id = c.curriculum_id WHERE k.version = '\(version)'
                """).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(stored == "0" || stored == "\(competencies)", "attempt \(attempt): \(stored) of \(competencies) competencies stored")
            try box.expectIntact()
            // The same import runs to completion afterwards (or is recognised as done).
            try box.must(["curriculum", "import", file])
            #expect(try box.sql("SELECT count(*) FROM competency c JOIN curriculum k ON k.id = c.curriculum_id WHERE k.version = '\(version)'")
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(competencies)")
        }
        print("crash test: \(killedInside) import(s) killed inside the transaction")
        #expect(killedInside >= 1, "no kill landed inside the transaction")
    }

    @Test("a batch of 4,000 approvals in one command killed mid-transaction leaves all or none, and the chain verifies")
    func killedApprovals() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let codes = 4_000  // approve is linear now: a batch must be large for a kill to land inside its transaction
        try box.setUpPositions(6, competencies: codes)
        var killedInside = 0
        for position in 1...6 where killedInside < 2 {
            let arguments = ["approve", "--position", "\(position)"] + (1...codes).map { "C\($0)" }
            if try box.killInsideTransaction(arguments, as: "dr.berg") { killedInside += 1 }
            // Approvals only: the position's binding and hovedvejleder assignment are events too (issue 11).
            let stored = try box.sql("SELECT count(*) FROM event WHERE position_id = \(position) AND kind = 'competency-approval'")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(stored == "0" || stored == "\(codes)", "position \(position): \(stored) of \(codes) approvals stored")
            try box.expectIntact()
            if stored == "0" { try box.must(arguments, as: "dr.berg") }
        }
        print("crash test: \(killedInside) approval batch(es) killed inside the transaction")
        #expect(killedInside >= 1, "no kill landed inside the transaction")
        // Later writes extend the chains cleanly.
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-06-01"], as: "dr.berg")
        try box.expectIntact()
    }
}

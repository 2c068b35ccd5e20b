import Foundation
import Testing

/// A målbeskrivelse "Kardiologi 2025" (valid from 2025-01-01) with competencies C1...C`count`, as JSON.
func generatedCurriculum(count: Int, version: String = "2025", validFrom: String = "2025-01-01") -> String {
    let competencies = (1...count).map { index in
        "    {\"code\": \"C\(index)\", \"title\": \"Kompetence \(index)\", \"roles\": [\"Medicinsk ekspert\"], \"methods\": [\"Mini-CEX\"]}"
    }
    return """
        {
          "specialty": "Kardiologi",
          "version": "\(version)",
          "validFrom": "\(validFrom)",
          "title": "Genereret målbeskrivelse",
          "competencies": [
        \(competencies.joined(separator: ",\n"))
          ]
        }
        """
}

extension Sandbox {
    /// `setUpDepartment`, then a målbeskrivelse of `competencies` codes (C1...) and one position per trainee
    /// t1...t`positions` in KARD from 2026-03-01 with hovedvejleder dr.berg (positions 1...`positions`).
    func setUpPositions(_ positions: Int, competencies: Int) throws {
        try setUpDepartment()
        let file = try write("generated.json", generatedCurriculum(count: competencies))
        try must(["curriculum", "import", file], as: "sek.a")
        for index in 1...positions {
            try must(["person", "add", "t\(index)", "--name", "Trainee \(index)"], as: "sek.a")
            try must(["position", "start", "--trainee", "t\(index)", "--department", "KARD", "--curriculum", "Kardiologi",
                      "--start", "2026-03-01", "--supervisor", "dr.berg"], as: "dr.lead")
        }
    }

    /// Starts `bash -c script` with `arguments`, stdout and stderr to files in the sandbox; the caller waits.
    func startScript(_ script: String, _ arguments: [String], name: String) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, name] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LOGBOOK_DB")
        env.removeValue(forKey: "LOGBOOK_USER")
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = folder
        let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }
}

/// One worker: for each competency C1...C50 of its position, record an assessment, approve it, revoke the
/// approval and approve it again: 200 committed writes, each its own `logbook` process. Stops at the first failure.
private let worker = #"""
    set -u
    bin=$1 db=$2 position=$3 trainee=$4 rounds=$5
    for k in $(seq 1 "$rounds"); do
        "$bin" record --position "$position" "C$k" --method Mini-CEX --date 2026-06-01 --note "runde $k" --db "$db" --as "$trainee" \
            || { echo "record C$k failed with $?" >&2; exit 1; }
        out=$("$bin" approve --position "$position" "C$k" --date 2026-06-02 --db "$db" --as dr.berg) \
            || { echo "approve C$k failed with $?" >&2; exit 1; }
        id=${out##*(event }; id=${id%)}
        echo "$out"
        "$bin" revoke "$id" --reason "prøve $k" --db "$db" --as dr.berg || { echo "revoke $id failed with $?" >&2; exit 1; }
        "$bin" approve --position "$position" "C$k" --db "$db" --as dr.berg || { echo "re-approve C$k failed with $?" >&2; exit 1; }
    done
    """#

@Suite("Concurrent writers", .serialized, .tags(.slow))
struct ConcurrencyTests {
    @Test("8 processes × 200 writes on one database: every write is there, the chains verify, nobody saw a lock")
    func eightWriters() throws {
        let writers = 8, rounds = 50  // 4 writes per round
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpPositions(writers, competencies: rounds)

        let clock = ContinuousClock()
        let started = clock.now
        let workers = try (1...writers).map { index in
            try box.startScript(worker, [Binary.path, box.database, "\(index)", "t\(index)", "\(rounds)"], name: "worker\(index)")
        }
        for (process, _, _) in workers { process.waitUntilExit() }
        let elapsed = clock.now - started
        print("concurrency: \(writers) × \(rounds * 4) writes in \(elapsed)")

        var approvedEvents: [Int] = []
        for (index, (process, out, err)) in workers.enumerated() {
            let stderr = try String(contentsOf: err, encoding: .utf8)
            #expect(process.terminationStatus == 0, "worker \(index + 1) failed: \(stderr)")
            #expect(!stderr.localizedCaseInsensitiveContains("locked") && !stderr.localizedCaseInsensitiveContains("busy"), "\(stderr)")
            #expect(stderr.isEmpty, "worker \(index + 1): \(stderr)")
            let stdout = try String(contentsOf: out, encoding: .utf8)
            approvedEvents += stdout.split(separator: "\n").compactMap { line in
                line.split(separator: "(event ").last.flatMap { Int($0.dropLast()) }
            }
        }
        #expect(approvedEvents.count == writers * rounds * 3)
        #expect(Set(approvedEvents).count == approvedEvents.count, "an event id was handed out twice")

        let counts = try box.sql("""
            SELECT (SELECT count(*) FROM assessment), (SELECT count(*) FROM event WHERE kind = 'competency-approval'),
                   (SELECT count(*) FROM event WHERE kind = 'revocation'),
                   (SELECT count(DISTINCT position_id || ':' || competency_id) FROM event e WHERE kind = 'competency-approval'
                      AND NOT EXISTS (SELECT 1 FROM event r WHERE r.revokes_id = e.id));
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        let n = writers * rounds
        #expect(counts == "\(n)|\(2 * n)|\(n)|\(n)")
        let perPosition = try box.sql("SELECT count(*) FROM assessment GROUP BY position_id HAVING count(*) <> \(rounds)")
        #expect(perPosition.isEmpty)

        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty && Sandbox.onlyUnsignedNote(verify.stderr), "\(verify.stdout)\(verify.stderr)")
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("8 processes opening the same new database at once: all succeed and the schema is applied once")
    func eightFirstOpens() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let script = #"""
            bin=$1 db=$2 n=$3
            "$bin" init --db "$db" >/dev/null && "$bin" person add "p$n" --name "Person $n" --db "$db"
            """#
        let workers = try (1...8).map { try box.startScript(script, [Binary.path, box.database, "\($0)"], name: "opener\($0)") }
        for (process, _, _) in workers { process.waitUntilExit() }
        for (process, _, err) in workers {
            let stderr = try String(contentsOf: err, encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(stderr)")
        }
        #expect(try box.sql("SELECT count(*) FROM person; SELECT count(*) FROM medical_role; PRAGMA integrity_check;")
            .split(separator: "\n") == ["8", "7", "ok"])
    }
}

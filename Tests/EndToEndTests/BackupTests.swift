import Foundation
import Testing

/// `logbook backup --to FILE [--force]`.
@Suite("logbook backup, end to end")
struct BackupTests {
    static func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }

    @Test("the copy is verified, equal to the database, mode 0600, one file; `verify` and `status` read it")
    func copyVerifies() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let target = sandbox.folder.appendingPathComponent("backups/nightly.sqlite").path
        try FileManager.default.createDirectory(atPath: sandbox.folder.appendingPathComponent("backups").path, withIntermediateDirectories: true)
        let result = try sandbox.run(["backup", "--to", target])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("backed up to \(target) (") && result.stdout.contains("events replayed: verified"), "\(result.stdout)")
        #expect(try Self.mode(target) == 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.appendingPathComponent("backups").path)
        #expect(left == ["nightly.sqlite"], "\(left)")  // no .partial, no -wal, no -shm
        let journal = try Binary.runTool("/usr/bin/sqlite3", [target, "PRAGMA journal_mode"])
        #expect(journal.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "delete")
        let original = try Binary.runTool("/usr/bin/sqlite3", [sandbox.database, ".dump"]).stdout
        let copy = try Binary.runTool("/usr/bin/sqlite3", [target, ".dump"]).stdout
        #expect(original == copy && original.count > 10_000)
        let verify = try sandbox.run(["verify", "--db", target], database: false)
        #expect(verify.status == 0 && verify.stdout.isEmpty, "\(verify.stdout)")
        let status = try sandbox.run(["status", "--trainee", "dr.berit", "--db", target], database: false)
        #expect(status.status == 0 && status.stdout.contains("Berit Lund"))
    }

    @Test("an existing file is refused (exit 1, untouched) unless --force, which replaces it whole")
    func existingFile() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let target = try sandbox.write("old-backup.sqlite", "yesterday's backup\n")
        let refused = try sandbox.run(["backup", "--to", target])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("\(target) already exists; give --force to replace it"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "yesterday's backup\n")
        #expect(!FileManager.default.fileExists(atPath: target + ".partial"))
        let forced = try sandbox.run(["backup", "--to", target, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try sandbox.run(["verify", "--db", target], database: false).status == 0)
        #expect(try Self.mode(target) == 0o600)
    }

    @Test("a missing folder is exit 66, the database itself exit 64, a missing database exit 66; nothing is left behind")
    func refusals() throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let before = try sandbox.databaseSnapshot()
        let noFolder = try sandbox.run(["backup", "--to", sandbox.folder.appendingPathComponent("no/such/folder/b.sqlite").path])
        #expect(noFolder.status == 66 && noFolder.stderr.contains("check the folder exists"), "\(noFolder.stderr)")
        let itself = try sandbox.run(["backup", "--to", sandbox.database, "--force"])
        #expect(itself.status == 64 && itself.stderr.contains("is the database itself"), "\(itself.stderr)")
        let folder = try sandbox.run(["backup", "--to", sandbox.folder.path])
        #expect(folder.status == 66, "\(folder.stderr)")
        #expect(try sandbox.databaseSnapshot() == before)
        let missing = try sandbox.run(["backup", "--to", sandbox.folder.appendingPathComponent("b.sqlite").path, "--db",
                                       sandbox.folder.appendingPathComponent("none.sqlite").path], database: false)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("b.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("none.sqlite").path))
    }

    @Test("a backup while a running server writes: both go on, the copy verifies", .timeLimit(.minutes(2)))
    func whileServing() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.cleanup() }
        sandbox.environment["LOGBOOK_TODAY"] = "2027-03-04"
        #expect(try sandbox.run(["demo"]).status == 0)
        let (server, printed, base, _) = try ServeDemoTests.start(["--db", sandbox.database], environment: ["LOGBOOK_TODAY": "2027-03-04"])
        defer { if server.isRunning { server.terminate() } }
        #expect(!base.isEmpty, "\(printed)")
        let token = try sandbox.run(["account", "invite", "sek.syd"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await ServeTests.request("POST", base + "/api/v1/invitations/\(token)", json: ["password": "correct horse battery"])
        // Failed log-ins are writes too (each is recorded); a backup runs meanwhile.
        let target = sandbox.folder.appendingPathComponent("live.sqlite").path
        let backup = Process()
        backup.executableURL = URL(fileURLWithPath: Binary.path)
        backup.arguments = ["backup", "--to", target, "--db", sandbox.database]
        let backupErrors = Pipe()
        backup.standardError = backupErrors
        backup.standardOutput = Pipe()
        try backup.run()
        var answered = 0
        for index in 0..<15 {
            let response = try await ServeTests.request("POST", base + "/api/v1/session",
                                                        json: ["handle": "dr.guess\(index)", "password": "wrong password!"])
            if response.status == 401 { answered += 1 }
        }
        backup.waitUntilExit()
        #expect(backup.terminationStatus == 0, "\(String(decoding: backupErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        #expect(answered == 15)
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(try sandbox.run(["verify", "--db", target], database: false).status == 0)
    }
}

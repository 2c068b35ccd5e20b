import Foundation
import Testing

@Suite("logbook init and the database file")
struct InitTests {
    @Test("init creates the database with its folder, mode 0600, and reports the schema version")
    func initCreates() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let nested = box.folder.appendingPathComponent("a/b/logbook.sqlite").path
        let result = try box.run(["init", "--db", nested], database: false)
        #expect(result.status == 0)
        #expect(result.stdout.contains("database: \(nested)"))
        #expect(result.stdout.contains("schema version: 10"))
        let attributes = try FileManager.default.attributesOfItem(atPath: nested)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = try box.run(["init", "--db", nested], database: false)
        #expect(again.stdout.contains("already current"))
    }

    @Test("LOGBOOK_DB and XDG_DATA_HOME choose the database when --db is absent")
    func locationFromEnvironment() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_DB"] = box.folder.appendingPathComponent("env.sqlite").path
        #expect(try box.run(["init"], database: false).stdout.contains("env.sqlite"))
        box.environment["LOGBOOK_DB"] = ""
        box.environment["XDG_DATA_HOME"] = box.folder.appendingPathComponent("xdg").path
        let result = try box.run(["init"], database: false)
        #expect(result.stdout.contains("xdg/logbook/logbook.sqlite"))
        #expect(FileManager.default.fileExists(atPath: box.folder.appendingPathComponent("xdg/logbook/logbook.sqlite").path))
    }

    @Test("a database with a newer schema is refused, naming both versions, and left untouched")
    func newerSchemaRefused() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.run(["init"])
        _ = try box.sql("PRAGMA user_version = 99")
        let result = try box.run(["init"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("schema version 99"))
        #expect(result.stderr.contains("up to 10"))
        #expect(try box.sql("PRAGMA user_version").trimmingCharacters(in: .whitespacesAndNewlines) == "99")
    }

    @Test("a copied binary carries its migrations")
    func copiedBinaryMigrates() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let copy = box.folder.appendingPathComponent("bin/logbook")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binary.path, toPath: copy.path)
        let result = try Binary.runTool(copy.path, ["init", "--db", box.database], in: box.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try box.sql("SELECT count(*) FROM medical_role").trimmingCharacters(in: .whitespacesAndNewlines) == "7")
        let checks = try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;")
        #expect(checks.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("every command closes the database, so the file alone holds everything (a copy is a backup)")
    func closedAfterEachCommand() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.run(["person", "add", "sek.a", "--name", "Sekretær A"])
        #expect(!FileManager.default.fileExists(atPath: box.database + "-wal"), "the WAL is checkpointed and removed on close")
        let copy = box.folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: box.database, toPath: copy)
        let listed = try Binary.runTool(Binary.path, ["person", "list", "--db", copy, "--format", "csv"], in: box.folder)
        #expect(listed.stdout.contains("sek.a"))
    }

    @Test("a file that is not a logbook database is refused (65 damaged, 66 a folder), not an internal error", arguments: ["garbage", "folder"])
    func notADatabase(kind: String) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let path = box.folder.appendingPathComponent("not.sqlite").path
        if kind == "folder" {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } else {
            try box.write("not.sqlite", "hello, this is a spreadsheet\n")
        }
        let result = try box.run(["person", "list", "--db", path], database: false)
        #expect(result.status == (kind == "folder" ? 66 : 65), "\(result.stderr)")
        #expect(result.stderr.contains(path))
    }

    @Test("help lists the exit codes and exits 0; logbook alone shows it too")
    func help() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        for arguments in [["--help"], []] {
            let result = try box.run(arguments, database: false)
            #expect(result.status == 0)
            #expect(result.stdout.contains("65  bad data in an input file"))
            #expect(!result.stderr.contains("internal error"))
        }
    }

    @Test("an unknown flag is a usage error, exit 64")
    func unknownFlag() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let result = try box.run(["init", "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--bogus"))
    }
}

@Suite("version")
struct VersionTests {
    @Test("--version and `logbook version` print the program and the schema version, and touch no database")
    func version() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        for arguments in [["--version"], ["version"]] {
            let result = try box.run(arguments, database: false)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.range(of: #"^logbook \d+\.\d+\.\d+ \(database schema \d+\)\n$"#, options: .regularExpression) != nil,
                    "\(result.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.database))
    }
}

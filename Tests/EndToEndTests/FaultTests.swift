import Foundation
import SMTPSinkSupport
import Testing

/// Faults of the environment (a read-only file or folder, a full disk, a damaged file, a lock held by another
/// program, a pipe as input, a full or closed stdout) end with one line a person can act on and a documented
/// exit code, never 70 with SQLite's text. See docs/reliability.md.
@Suite("faults a person can act on")
struct FaultTests {
    static let isRoot = getuid() == 0
    static let nobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]

    /// Runs the binary as user nobody (the test runs as root).
    static func runAsNobody(_ arguments: [String], in box: Sandbox) throws -> RunResult {
        try Binary.runTool("/usr/bin/setpriv", nobody + [Binary.path] + arguments, environment: ["NO_COLOR": "1"], in: box.folder)
    }

    /// A sandbox with one person in its database, folder and file owned by nobody.
    static func nobodysDatabase() throws -> Sandbox {
        let box = try Sandbox()
        _ = try box.must(["person", "add", "dr.a", "--name", "A"])
        _ = try Binary.runTool("/bin/chown", ["-R", "nobody:nogroup", box.folder.path])
        return box
    }

    /// Runs `shell` with sh, $0 the binary: for redirections the test cannot make with pipes.
    static func shell(_ script: String, _ arguments: [String], in box: Sandbox) throws -> RunResult {
        try Binary.runTool("/bin/sh", ["-c", script, Binary.path] + arguments, environment: ["NO_COLOR": "1"], in: box.folder)
    }

    @Test("a read-only database file: reads work and leave no -shm; a write says the file is read-only, exit 74",
          .enabled(if: isRoot, "needs root to run as another user"))
    func readOnlyFile() throws {
        let box = try FaultTests.nobodysDatabase()
        defer { box.cleanup() }
        chmod(box.database, 0o444)
        let list = try FaultTests.runAsNobody(["person", "list", "--db", box.database], in: box)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("dr.a"))
        #expect(!FileManager.default.fileExists(atPath: box.database + "-shm"), "a read-only -shm would block the owner later")
        let add = try FaultTests.runAsNobody(["person", "add", "dr.b", "--name", "B", "--db", box.database], in: box)
        #expect(add.status == 74, "\(add.stderr)")
        #expect(add.stderr.contains("\(box.database) is read-only"), "\(add.stderr)")
        #expect(add.stderr.contains("chmod u+w"))
        #expect(!add.stderr.contains("SQLite error"))
        chmod(box.database, 0o600)
        let again = try FaultTests.runAsNobody(["person", "add", "dr.b", "--name", "B", "--db", box.database], in: box)
        #expect(again.status == 0, "after chmod the owner writes again: \(again.stderr)")
    }

    @Test("a read-only folder with a writable file: reads work; a write blames the folder, exit 74",
          .enabled(if: isRoot, "needs root to run as another user"))
    func readOnlyFolder() throws {
        let box = try FaultTests.nobodysDatabase()
        defer { chmod(box.folder.path, 0o755); box.cleanup() }
        chmod(box.folder.path, 0o555)
        let list = try FaultTests.runAsNobody(["person", "list", "--db", box.database], in: box)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("dr.a"))
        let add = try FaultTests.runAsNobody(["person", "add", "dr.b", "--name", "B", "--db", box.database], in: box)
        #expect(add.status == 74, "\(add.stderr)")
        #expect(add.stderr.contains("the folder \(box.folder.path) is read-only"), "\(add.stderr)")
        let new = try FaultTests.runAsNobody(["init", "--db", box.folder.path + "/new.sqlite"], in: box)
        #expect(new.status == 74, "\(new.stderr)")
        #expect(new.stderr.contains("folder"), "\(new.stderr)")
    }

    @Test("a full disk: a clear message, exit 74, nothing half-saved", .enabled(if: isRoot, "needs root to mount a tmpfs"))
    func diskFull() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let mountPoint = box.folder.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try Binary.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
        guard mounted.status == 0 else {   // no mounting here (a container without the right): see docs/reliability.md
            Dependency.missing("a 1 MB tmpfs cannot be mounted at \(mountPoint) (mount: \(mounted.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))",
                               "the full-disk test", install: "run the suite as root where mount(8) may mount a tmpfs")
            return
        }
        defer { _ = try? Binary.runTool("/bin/umount", [mountPoint]) }
        let database = mountPoint + "/logbook.sqlite"
        let made = try box.run(["person", "add", "dr.a", "--name", "A", "--db", database], database: false)
        #expect(made.status == 0, "\(made.stderr)")
        _ = try Binary.runTool("/bin/dd", ["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4096"])
        let full = try box.run(["demo", "--db", database], database: false)
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("the disk holding \(database) is full"), "\(full.stderr)")
        #expect(!full.stderr.contains("internal error"))
        try FileManager.default.removeItem(atPath: mountPoint + "/filler")
        let list = try box.run(["person", "list", "--db", database, "--format", "csv"], database: false)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == "Handle,Name,Authorisation ID\r\ndr.a,A,\r\n" || list.stdout.contains("dr.a"))
    }

    @Test("a damaged database (a text file, a truncated copy): exit 65 with the path; verify says verification failed, exit 1",
          arguments: ["text", "truncated"])
    func damaged(kind: String) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        if kind == "text" {
            try box.write("logbook.sqlite", "Handle;Name\ndr.a;A\n")
        } else {
            _ = try box.must(["demo"])
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: box.database))
            try handle.truncate(atOffset: 16_384)
            try handle.close()
        }
        let list = try box.run(["person", "list"])
        #expect(list.status == 65, "\(list.stderr)")
        #expect(list.stderr.contains("\(box.database) is damaged or is not a logbook database"), "\(list.stderr)")
        #expect(list.stderr.contains("backup"))
        let verify = try box.run(["verify"])
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(verify.stderr.contains("verification failed"))
    }

    /// Starts the sqlite3 shell holding `sql`'s lock on the sandbox database until `release` is called.
    /// `probe` is what must find the database locked before the test goes on: a write by default; a read for an
    /// exclusive locking mode, which locks readers out only once its first read has run (a write probe would pass
    /// as soon as BEGIN EXCLUSIVE holds, before that read, and the test would race it under load).
    static func holdLock(_ box: Sandbox, _ sql: String, probe: String = "BEGIN IMMEDIATE; ROLLBACK;") throws -> () -> Void {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [box.database]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The holder waits out a probe that happens to hold a lock at the moment it takes its own, instead of
        // failing its statement and holding nothing.
        input.fileHandleForWriting.write(Data((".timeout 5000\n" + sql + "\n").utf8))
        // Wait until another connection finds the database locked.
        for _ in 0..<100 {
            let result = try Binary.runTool("/usr/bin/sqlite3", [box.database, probe])
            if result.stderr.contains("locked") { break }
            usleep(50_000)
        }
        return {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test("a lock held by another program: a line after a second saying how long it waits, then exit 75")
    func lockHeld() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["person", "add", "dr.a", "--name", "A"])
        let release = try FaultTests.holdLock(box, "BEGIN IMMEDIATE; CREATE TABLE held(x);")
        defer { release() }
        box.environment["LOGBOOK_BUSY_TIMEOUT"] = "2"
        let start = Date()
        let add = try box.run(["person", "add", "dr.b", "--name", "B"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(add.status == 75, "\(add.stderr)")
        #expect(add.stderr.contains("is locked by another program; waiting up to 2 s"), "\(add.stderr)")
        #expect(add.stderr.contains("try again"))
        #expect(elapsed >= 1.8 && elapsed < 8, "waited \(elapsed) s")
        // Readers are not blocked by a writer (WAL).
        let list = try box.run(["person", "list"])
        #expect(list.status == 0, "\(list.stderr)")
    }

    @Test("a lock met while opening (an exclusive locking mode) is waited for the same way, exit 75")
    func lockWhileOpening() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["person", "add", "dr.a", "--name", "A"])
        let release = try FaultTests.holdLock(box, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM person;",
                                              probe: "SELECT count(*) FROM person;")
        defer { release() }
        box.environment["LOGBOOK_BUSY_TIMEOUT"] = "1.5"
        let list = try box.run(["person", "list"])
        #expect(list.status == 75, "\(list.stderr)")
        #expect(list.stderr.contains("locked by another program"), "\(list.stderr)")
        #expect(!list.stderr.contains("SQLite error"))
    }

    @Test("LOGBOOK_BUSY_TIMEOUT that is not a number is a usage error")
    func badBusyTimeout() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_BUSY_TIMEOUT"] = "soon"
        let result = try box.run(["init"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("LOGBOOK_BUSY_TIMEOUT"))
    }

    @Test("a named pipe or a device as an input file is refused at once, exit 66", arguments: ["fifo", "/dev/zero"])
    func specialInput(kind: String) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        var path = kind
        if kind == "fifo" {
            path = box.folder.appendingPathComponent("input.csv").path
            #expect(mkfifo(path, 0o600) == 0)
        }
        let start = Date()
        let result = try box.run(["curriculum", "import", path])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains(kind == "fifo" ? "named pipe" : "character device"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    static let readCommands: [[String]] = [
        ["verify"], ["status", "--position", "1"], ["check"], ["report", "--department", "X"], ["person", "list"],
        ["history", "--position", "1"], ["department", "list"], ["curriculum", "list"], ["position", "list"],
    ]

    @Test("a command that only reads refuses a missing database, and creates neither file nor folder, exit 66",
          arguments: readCommands)
    func readRefusesMissing(arguments: [String]) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let path = box.folder.appendingPathComponent("missing/logbook.sqlite").path
        let result = try box.run(arguments + ["--db", path], database: false)
        #expect(result.status == 66, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("no database at \(path)"), "\(result.stderr)")
        #expect(result.stderr.contains("logbook init"))
        #expect(!FileManager.default.fileExists(atPath: box.folder.appendingPathComponent("missing").path))
    }

    @Test("a command that only reads refuses an empty file and leaves it empty, exit 66", arguments: readCommands)
    func readRefusesEmpty(arguments: [String]) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.write("logbook.sqlite", "")
        let result = try box.run(arguments)
        #expect(result.status == 66, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("\(box.database) is an empty file"), "\(result.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: box.database)[.size] as? Int
        #expect(size == 0)
    }

    @Test("a command that starts a database says on stderr that it created one")
    func createdLine() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let first = try box.run(["person", "add", "dr.a", "--name", "A"])
        #expect(first.status == 0)
        #expect(first.stderr.contains("created a new database at \(box.database)"))
        let second = try box.run(["person", "add", "dr.b", "--name", "B"])
        #expect(!second.stderr.contains("created"))
    }

    @Test("output to a full disk or a closed stdout is an error, exit 74", arguments: ["> /dev/full", ">&-"])
    func outputFails(redirection: String) throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let result = try FaultTests.shell("\"$0\" \"$@\" \(redirection)",
                                          ["report", "--department", "OUH-KAR", "--all", "--db", box.database], in: box)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write the output"), "\(result.stderr)")
    }

    @Test("-o to a device writes through and never replaces it; to /dev/full it fails, exit 74")
    func outputToDevice() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let report = ["report", "--department", "OUH-KAR", "--all", "--format", "csv"]
        let null = try box.run(report + ["-o", "/dev/null"])
        #expect(null.status == 0, "\(null.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        let full = try box.run(report + ["-o", "/dev/full"])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("/dev/full"))
        let piped = try FaultTests.shell("\"$0\" \"$@\" | cat", report + ["--db", box.database, "-o", "/dev/stdout"], in: box)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("OUH-KAR") || piped.stdout.count > 100)
    }

    @Test("-o to a link to the process's own output whose file has no name (a deleted file) writes through and keeps the link")
    func outputThroughLinkToDeletedFile() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        // Like /dev/stdout, but in the sandbox: replacing it by mistake harms nothing else.
        let link = box.folder.appendingPathComponent("stdout-link").path
        #expect(symlink("/proc/self/fd/1", link) == 0)
        let script = "out=\"$PWD/out.csv\"; exec 3>&1 1>\"$out\"; rm \"$out\"; \"$0\" \"$@\"; status=$?; exec 1>&3; echo \"status $status\""
        let result = try FaultTests.shell(script, ["report", "--department", "OUH-KAR", "--all", "--format", "csv", "--db", box.database, "-o", link], in: box)
        #expect(result.stdout.contains("status 0"), "\(result.stdout) \(result.stderr)")
        var info = stat()
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, "the link was replaced by a file")
    }

    @Test("-o to a symbolic link writes the file it points to and keeps the link")
    func outputThroughSymlink() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        _ = try box.must(["demo"])
        let target = try box.write("real.csv", "old\n")
        let link = box.folder.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        let result = try box.run(["report", "--department", "OUH-KAR", "--all", "--format", "csv", "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8) != "old\n")
    }

    @Test("a handle beginning with '-' is a usage error saying to use --, not help with exit 0; after -- the handle rule refuses it")
    func dashHandle() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let refused = try box.run(["person", "add", "-dr.dash", "--name", "X"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("--"))
        #expect(!refused.stdout.contains("USAGE"))
        #expect(!FileManager.default.fileExists(atPath: box.database))
        // After "--" the value reaches the command, and the handle alphabet (docs/reliability.md) refuses it by its rule.
        let afterTerminator = try box.run(["person", "add", "--name", "X", "--db", box.database, "--", "-dr.dash"], database: false)
        #expect(afterTerminator.status == 64, "\(afterTerminator.stderr)")
        #expect(afterTerminator.stderr.contains("HANDLE \"-dr.dash\" does not start with a letter; a handle is 2 to 32 characters"))
        #expect(!afterTerminator.stdout.contains("USAGE"))
    }
}

@Suite("A rolled-back history is seen")
struct HeadWitnessTests {
    @Test("an older copy put in place of the database (as a deleted -wal leaves it) fails verify, naming the lost event")
    func rolledBack() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["record", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-06-01", "--assessor", "dr.berg"], as: "dr.ung")
        try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10"], as: "dr.berg")
        try box.must(["verify"])
        let older = box.folder.appendingPathComponent("older.sqlite").path
        try FileManager.default.copyItem(atPath: box.database, toPath: older)
        try box.must(["record", "--position", "1", "I2", "--method", "Audit", "--date", "2026-06-02", "--assessor", "dr.berg"], as: "dr.ung")
        try box.must(["approve", "--position", "1", "I2", "--date", "2026-06-11"], as: "dr.berg")
        let witness = try String(contentsOfFile: box.database + "-head", encoding: .utf8)
        #expect(witness.hasPrefix("logbook-head-v1 "), "\(witness)")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: box.database + suffix) }
        try FileManager.default.copyItem(atPath: older, toPath: box.database)
        let verify = try box.run(["verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("the log was rolled back or truncated"), "\(verify.stdout)")
        // A new event with the lost id and another hash is named as such.
        try box.must(["approve", "--position", "1", "I2", "--date", "2026-06-12"], as: "dr.berg")
        let again = try box.run(["verify"])
        #expect(again.status == 1 && again.stdout.contains("is not the event that was committed"), "\(again.stdout)")
    }
}

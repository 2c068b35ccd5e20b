import Testing
@testable import SQLite

@Suite("SQLite layer")
struct SQLiteTests {
    func memory() throws -> Connection {
        let connection = try Connection(path: ":memory:")
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB) STRICT")
        return connection
    }

    @Test("every type round-trips, NULL reads as nil", arguments: [
        SQLiteValue.integer(0), .integer(Int64.max), .integer(Int64.min), .real(3.25), .real(-0.5),
        .text(""), .text("æøå ÆØÅ — ✓"), .text("a\u{0}b"), .text(String(repeating: "x", count: 100_000)),
        .blob([]), .blob([0, 1, 2, 255]), .blob([UInt8](repeating: 7, count: 1_000_000)), .null,
    ])
    func roundTrip(value: SQLiteValue) throws {
        let connection = try memory()
        let column: String
        switch value {
        case .integer: column = "i"
        case .real: column = "r"
        case .text: column = "s"
        case .blob: column = "b"
        case .null: column = "s"
        }
        try connection.run("INSERT INTO t (\(column)) VALUES (?)", value)
        let row = try #require(try connection.queryFirst("SELECT \(column), typeof(\(column)) FROM t"))
        #expect(row[0] == value)
        if case .null = value {
            #expect(row.string(0) == nil)
            #expect(row.int(0) == nil)
            #expect(row.blob(0) == nil)
        }
        if case .blob = value { #expect(row.string(1) == "blob") }
        if case .text = value { #expect(row.string(1) == "text") }
    }

    @Test("typed bindings: Int, Bool, Optional and arrays of bytes")
    func typedBindings() throws {
        let connection = try memory()
        let missing: String? = nil
        try connection.run("INSERT INTO t (i, r, s, b) VALUES (?, ?, ?, ?)", 42, 1.5, missing, [UInt8]([9]))
        let row = try #require(try connection.queryFirst("SELECT i, r, s, b FROM t"))
        #expect(row.int(0) == 42)
        #expect(row.double(1) == 1.5)
        #expect(row.string(2) == nil)
        #expect(row.blob(3) == [9])
        try connection.run("INSERT INTO t (i) VALUES (?)", true)
        #expect(try connection.queryFirst("SELECT i FROM t WHERE id = 2")?.bool(0) == true)
    }

    @Test("an error carries the code, the extended code, sqlite3_errmsg and the SQL")
    func errorsCarrySQL() throws {
        let connection = try memory()
        try connection.execute("CREATE TABLE u (code TEXT NOT NULL UNIQUE) STRICT")
        try connection.run("INSERT INTO u (code) VALUES (?)", "I3")
        let error = try #require(throws: SQLiteError.self) {
            try connection.run("INSERT INTO u (code) VALUES (?)", "I3")
        }
        #expect(error.code == 19)
        #expect(error.extendedCode == 2067)
        #expect(error.message.contains("UNIQUE constraint failed: u.code"))
        #expect(error.sql == "INSERT INTO u (code) VALUES (?)")
        #expect(error.description.contains("SQLite error 19 (constraint): UNIQUE constraint failed: u.code — while executing INSERT INTO u"))
        #expect(!error.description.contains("I3"), "arguments may be personal data and stay out of messages")
        let syntax = try #require(throws: SQLiteError.self) { try connection.prepare("SELEC 1") }
        #expect(syntax.message.contains("syntax error"))
        #expect(syntax.sql == "SELEC 1")
    }

    @Test("STRICT tables refuse a wrong type")
    func strictRefusesWrongType() throws {
        let connection = try memory()
        #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t (i) VALUES (?)", "not a number") }
    }

    @Test("empty SQL is an error, not a crash")
    func emptySQL() throws {
        let connection = try memory()
        #expect(throws: SQLiteError.self) { try connection.execute("   ") }
        #expect(throws: SQLiteError.self) { try connection.prepare("") }
    }

    @Test("prepare refuses a second statement; execute runs a whole script")
    func multiStatement() throws {
        let connection = try memory()
        let error = try #require(throws: SQLiteError.self) {
            try connection.prepare("INSERT INTO t (i) VALUES (1); INSERT INTO t (i) VALUES (2)")
        }
        #expect(error.message.contains("more than one statement"))
        try connection.execute("INSERT INTO t (i) VALUES (1); INSERT INTO t (i) VALUES (2);\n-- comment\nINSERT INTO t (i) VALUES (3);")
        #expect(try connection.queryFirst("SELECT count(*) FROM t")?.int(0) == 3)
    }

    @Test("a transaction rolls back when its body throws, and commits when it returns")
    func rollbackOnThrow() throws {
        struct Boom: Error {}
        let connection = try memory()
        #expect(throws: Boom.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t (i) VALUES (?)", 1)
                throw Boom()
            }
        }
        #expect(try connection.queryFirst("SELECT count(*) FROM t")?.int(0) == 0)
        #expect(!connection.isInTransaction)
        try connection.transaction { try connection.run("INSERT INTO t (i) VALUES (?)", 1) }
        #expect(try connection.queryFirst("SELECT count(*) FROM t")?.int(0) == 1)
    }

    @Test("the parameter count must match")
    func parameterCount() throws {
        let connection = try memory()
        let error = try #require(throws: SQLiteError.self) { try connection.run("INSERT INTO t (i, s) VALUES (?, ?)", 1) }
        #expect(error.message.contains("2 parameters but 1 values"))
    }

    @Test("cached statements are reused and reset between uses")
    func cachedStatements() throws {
        let connection = try memory()
        for value in 1...5 { try connection.run("INSERT INTO t (i) VALUES (?)", value) }
        #expect(try connection.query("SELECT i FROM t WHERE i > ? ORDER BY i", 3).compactMap { $0.int(0) } == [4, 5])
        #expect(try connection.query("SELECT i FROM t WHERE i > ? ORDER BY i", 1).compactMap { $0.int(0) } == [2, 3, 4, 5])
        #expect(try connection.queryFirst("SELECT i FROM t WHERE i > ? ORDER BY i", 0)?.int(0) == 1)
        #expect(try connection.queryFirst("SELECT i FROM t WHERE i > ? ORDER BY i", 0)?.int(0) == 1)
    }

    @Test("files open in WAL mode with foreign keys on")
    func pragmas() throws {
        let path = "/tmp/logbook-sqlite-test-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let connection = try Connection(path: path)
        #expect(try connection.queryFirst("PRAGMA journal_mode")?.string(0) == "wal")
        #expect(try connection.queryFirst("PRAGMA foreign_keys")?.int(0) == 1)
    }
}

#if canImport(Glibc)
import Glibc
#endif

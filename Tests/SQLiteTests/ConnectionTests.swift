import Testing
@testable import SQLite

@Suite("SQLite layer")
struct ConnectionTests {
    func table() throws -> Connection {
        let connection = try Connection(path: ":memory:")
        try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB)")
        return connection
    }

    @Test("every type round-trips, NULL reads as nil, æøå and large blobs survive")
    func roundTrips() throws {
        let connection = try table()
        let large = [UInt8]((0..<200_000).map { UInt8($0 % 251) })
        try connection.run("INSERT INTO t VALUES (?, ?, ?, ?)", Int64.max, 2.5, "Ærø og Åbenrå", large)
        try connection.run("INSERT INTO t VALUES (?, ?, ?, ?)", nil as Int64?, nil as Double?, "", [UInt8]())
        let rows = try connection.query("SELECT i, r, s, b FROM t ORDER BY rowid")
        #expect(rows[0].int(0) == Int64.max)
        #expect(rows[0].double(1) == 2.5)
        #expect(rows[0].string(2) == "Ærø og Åbenrå")
        #expect(rows[0].blob(3) == large)
        #expect(rows[1].int(0) == nil)
        #expect(rows[1].double(1) == nil)
        #expect(rows[1].string(2) == "")
        #expect(rows[1].blob(3) == nil || rows[1].blob(3) == [])
    }

    @Test("errors carry the code, the message and the SQL")
    func errorsCarrySQL() throws {
        let connection = try table()
        try connection.execute("CREATE TABLE u (k TEXT UNIQUE)")
        try connection.run("INSERT INTO u VALUES (?)", "x")
        #expect {
            try connection.run("INSERT INTO u VALUES (?)", "x")
        } throws: { error in
            guard let error = error as? SQLiteError else { return false }
            return error.isConstraint && error.message.contains("UNIQUE") && error.sql == "INSERT INTO u VALUES (?)"
                && "\(error)".contains("while executing INSERT INTO u")
        }
        #expect(throws: SQLiteError.self) { try connection.execute("   ") }
    }

    @Test("a transaction rolls back when its body throws")
    func rollback() throws {
        struct Stop: Error {}
        let connection = try table()
        #expect(throws: Stop.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t (i) VALUES (?)", 1)
                throw Stop()
            }
        }
        #expect(try connection.queryFirst("SELECT count(*) FROM t")?.int(0) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test("execute runs several statements")
    func multiStatement() throws {
        let connection = try table()
        try connection.execute("INSERT INTO t (i) VALUES (1); INSERT INTO t (i) VALUES (2);")
        #expect(try connection.queryFirst("SELECT sum(i) FROM t")?.int(0) == 3)
    }
}

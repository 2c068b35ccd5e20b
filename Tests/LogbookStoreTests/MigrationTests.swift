import Foundation
import Testing
import SQLite
@testable import LogbookStore

@Suite("Migrations")
struct MigrationTests {
    /// The top-level migrations/ folder of the checkout.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("migrations")

    @Test("every file in migrations/ is embedded, byte for byte, in order")
    func everyFileEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(Migration.all.map(\.fileName) == files)
        for migration in Migration.all {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(migration.fileName), encoding: .utf8)
            #expect(migration.sql == text, "\(migration.fileName) differs from its embedded copy")
        }
    }

    @Test("versions are 1, 2, 3, ... with no gap or duplicate, taken from the file names")
    func versionsInOrder() {
        #expect(Migration.all.map(\.version) == Array(1...Migration.all.count))
        #expect(Migration.latestVersion == Migration.all.count)
    }

    @Test("a fresh database is migrated to the latest version; reopening applies nothing")
    func freshAndReopen() throws {
        let path = NSTemporaryDirectory() + "logbook-migrate-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try Store(path: path)
        #expect(first.appliedMigrations == Array(1...Migration.latestVersion))
        #expect(first.schemaVersion == Migration.latestVersion)
        let second = try Store(path: path)
        #expect(second.appliedMigrations.isEmpty)
        #expect(try second.connection.queryFirst("PRAGMA integrity_check")?.string(0) == "ok")
        #expect(try second.connection.query("PRAGMA foreign_key_check").isEmpty)
    }

    @Test("a database newer than the binary is refused with both versions named, and not changed")
    func newerRefused() throws {
        let path = NSTemporaryDirectory() + "logbook-newer-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let connection = try Connection(path: path)
            try connection.execute("PRAGMA user_version = 999")
        }
        let error = try #require(throws: SchemaTooNewError.self) { try Store(path: path) }
        #expect(error.databaseVersion == 999)
        #expect(error.knownVersion == Migration.latestVersion)
        #expect(error.description.contains("999") && error.description.contains("\(Migration.latestVersion)"))
        let connection = try Connection(path: path)
        #expect(try Migrator.version(of: connection) == 999)
        #expect(try connection.query("SELECT name FROM sqlite_master").isEmpty)
    }

    @Test("a failing migration rolls back entirely and leaves the version as it was")
    func failingMigrationRollsBack() throws {
        let connection = try Connection(path: ":memory:")
        let good = Migration(version: 1, fileName: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER) STRICT;")
        let bad = Migration(version: 2, fileName: "0002_b.sql", sql: "CREATE TABLE b (y INTEGER) STRICT; INSERT INTO nowhere VALUES (1);")
        #expect(throws: SQLiteError.self) { try Migrator.migrate(connection, to: 2, migrations: [good, bad]) }
        #expect(try Migrator.version(of: connection) == 1)
        #expect(try connection.query("SELECT name FROM sqlite_master WHERE name = 'b'").isEmpty)
    }

    @Test("the event table refuses UPDATE and DELETE")
    func eventsAppendOnly() throws {
        let store = try Store(path: ":memory:")
        let c = store.connection
        try c.execute("""
            INSERT INTO person (handle, name, created_at) VALUES ('a', 'A', 'now');
            INSERT INTO event (kind, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash, revokes_id)
            VALUES ('key-registration', '2026-01-01', 'now', 1, 'uao', '', '', 'h1', NULL);
            """)
        let update = try #require(throws: SQLiteError.self) { try c.execute("UPDATE event SET text = 'x'") }
        #expect(update.message.contains("permanent history"))
        let delete = try #require(throws: SQLiteError.self) { try c.execute("DELETE FROM event") }
        #expect(delete.message.contains("permanent history"))
        #expect(try c.queryFirst("SELECT count(*) FROM event")?.int(0) == 1)
    }
}

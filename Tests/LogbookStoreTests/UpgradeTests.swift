import Foundation
import LogbookDomain
import SQLite
import Testing
@testable import LogbookStore

/// Upgrading a database written by an earlier version of `logbook`: for every schema version the binary knows,
/// a database migrated only that far and filled with that version's fixture (Tests/Fixtures/upgrade/NNNN.sql)
/// is opened with the current `Store`, and every row must still be there.
@Suite("Upgrades from every earlier schema version")
struct UpgradeTests {
    /// Tests/Fixtures/upgrade/ of the checkout.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/upgrade")

    /// The fixture file for a schema version: `0001.sql` for version 1.
    static func fixture(_ version: Int) -> URL {
        let digits = String(version)
        return fixtures.appendingPathComponent(String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".sql")
    }

    /// Every table's rows keyed by column name, ordered by rowid (WITHOUT ROWID tables by all columns).
    static func contents(_ connection: Connection) throws -> [String: [[String: SQLiteValue]]] {
        var tables: [String: [[String: SQLiteValue]]] = [:]
        let names = try connection.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0.string(0) }
        for table in names {
            let columns = try connection.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", table).compactMap { $0.string(0) }
            let quoted = columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            // Table and column names come from sqlite_schema, not from input.
            let statement = try connection.prepare(
                "SELECT \(quoted.joined(separator: ", ")) FROM \"\(table)\" ORDER BY \(quoted.joined(separator: ", "))")
            tables[table] = try statement.all().map { row in
                Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, row[$0]) })
            }
        }
        return tables
    }

    @Test("every schema version has a fixture of representative data")
    func everyVersionHasAFixture() {
        for migration in Migration.all {
            #expect(FileManager.default.fileExists(atPath: Self.fixture(migration.version).path),
                    "add Tests/Fixtures/upgrade/\(Self.fixture(migration.version).lastPathComponent) with data valid for \(migration.fileName)")
        }
    }

    @Test("a database at an earlier version opens with the current Store with every row intact", arguments: Migration.all.map(\.version))
    func upgrade(from version: Int) throws {
        let path = NSTemporaryDirectory() + "logbook-upgrade-\(version)-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let before: [String: [[String: SQLiteValue]]]
        do {
            let old = try Connection(path: path)
            #expect(try Migrator.migrate(old, to: version) == Array(1...version))
            #expect(try Migrator.version(of: old) == version)
            // Each fixture fills what its version added; earlier fixtures first, so version k holds all of 1...k.
            for earlier in 1...version {
                let sql = try String(contentsOf: Self.fixture(earlier), encoding: .utf8)
                try old.transaction { try old.execute(sql) }
            }
            #expect(try old.query("PRAGMA foreign_key_check").isEmpty)
            before = try Self.contents(old)
        }
        #expect(before["person"]?.count ?? 0 > 0, "the fixture must fill the tables")

        let store = try Store(path: path)
        #expect(store.appliedMigrations == Migration.all.map(\.version).filter { $0 > version })
        #expect(store.schemaVersion == Migration.latestVersion)
        #expect(try store.connection.queryFirst("PRAGMA integrity_check")?.string(0) == "ok")
        #expect(try store.connection.query("PRAGMA foreign_key_check").isEmpty)

        // Every row of every table that still exists keeps the value of every column that still exists.
        let after = try Self.contents(store.connection)
        for (table, oldRows) in before {
            guard let newRows = after[table] else { continue }
            #expect(newRows.count >= oldRows.count, "\(table) lost rows")
            let shared = Set(oldRows.first?.keys.map { $0 } ?? []).intersection(newRows.first?.keys.map { $0 } ?? [])
            let project = { (rows: [[String: SQLiteValue]]) in rows.map { $0.filter { shared.contains($0.key) } } }
            let newProjected = project(newRows)
            for row in project(oldRows) {
                #expect(newProjected.contains(row), "\(table): row \(row) is gone or changed")
            }
        }

        // The current repositories read the old data.
        let person = try #require(try PersonRepository(store).find(handle: "dr.ung"))
        #expect(person.name == "Ulla O'Ung; DROP TABLE person; --")
        let facts = try #require(try PositionLoader(store).facts(id: 1))
        #expect(facts.trainee.handle == "dr.ung" && facts.department.code == "KARD" && facts.curriculum.version == "2022")
        #expect(facts.absences.count == 1 && facts.supervisors.count == 1)
        let curricula = CurriculumRepository(store)
        #expect(try curricula.competencies(curriculumID: 1).map(\.competency.code) == ["I1", "I2"])
        #expect(try curricula.competencies(curriculumID: 1).first?.competency.methods == [.miniCEX, .competencyCard])
        #expect(try PositionRepository(store).assessments(positionID: 1).map(\.supersededBy) == [2, nil])
        let events = try EventRepository(store).events(positionID: 1)
        #expect(events.prefix(4).map(\.id) == [1, 2, 3, 4])
        #expect(events.first?.revokedBy?.reason == "fejl")
        #expect(events[3].signature == "c2lnbmF0dXJl")
        // Upgraded past 0003: the position's binding, hovedvejleder and absence follow as migrated, unsigned facts.
        if version < 2 {
            #expect(events.dropFirst(4).map(\.kind) == [.position, .supervisorAssignment, .absence])
            #expect(events.dropFirst(4).allSatisfy { $0.content.actorRole == LogReplay.migratedRole && $0.signature == nil })
            #expect(try EventRepository(store).chain(positionID: nil).contains { $0.kind == .grant })
        }
        #expect(try ProgramRepository(store).items(programID: 1).count == 3)

        // And it takes new writes.
        try store.write {
            _ = try PersonRepository(store).insert(handle: "dr.ny", name: "Niels Ny", authorisationID: nil,
                                                   createdAt: "2026-06-01T08:00:00.000Z", createdBy: 1)
        }
        #expect(try PersonRepository(store).find(handle: "dr.ny") != nil)
    }

    @Test("an upgrade that meets a recorded_at it cannot read names the table and column and changes nothing (no 1970-01-01)",
          arguments: ["role_grant", "position", "position_supervisor", "absence"])
    func unreadableRecordedAt(table: String) throws {
        let path = NSTemporaryDirectory() + "logbook-upgrade-corrupt-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let old = try Connection(path: path)
            _ = try Migrator.migrate(old, to: 2)   // 0003 turns these rows into events, dated by their recorded_at
            for earlier in 1...2 {
                let sql = try String(contentsOf: Self.fixture(earlier), encoding: .utf8)
                try old.transaction { try old.execute(sql) }
            }
            // As one writing the file by hand would: the append-only trigger set aside for the edit, then put back.
            // The table and column come from the arguments above, not from input.
            let triggers = try old.query("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%no_update'", table)
                .compactMap { $0.string(0) }
            try old.execute("""
                SAVEPOINT edit;
                \(triggers.isEmpty ? "" : "DROP TRIGGER \(table)_no_update;")
                UPDATE \(table) SET recorded_at = 'last spring';
                \(triggers.map { $0 + ";" }.joined(separator: "\n"))
                RELEASE edit;
                """)
            #expect(try old.queryFirst("SELECT count(*) FROM \(table) WHERE recorded_at = 'last spring'")?.int(0) ?? 0 > 0)
        }
        do {
            _ = try Store(path: path)
            Issue.record("the upgrade read \(table).recorded_at 'last spring' without an error")
        } catch let error as RowDecodingError {
            #expect(error.table == table && error.column == "recorded_at", "\(error)")
            #expect(error.description.contains("last spring"), "\(error)")
        }
        // The failed migration rolled back: still at version 2, no event made, none dated 1970-01-01.
        let after = try Connection(path: path)
        #expect(try Migrator.version(of: after) == 2)
        #expect(try after.queryFirst("SELECT count(*) FROM event WHERE effective_on = '1970-01-01'")?.int(0) == 0)
    }
}

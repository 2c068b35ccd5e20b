import LogbookDomain
import SQLite

/// Departments: hospital departments and general practices.
public struct DepartmentRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    private static let columns = "SELECT id, code, name, kind, region FROM department"

    private func department(from row: Row) -> DepartmentRecord {
        DepartmentRecord(
            id: row.int(0) ?? 0, code: row.string(1) ?? "", name: row.string(2) ?? "",
            kind: WorkplaceKind(rawValue: row.string(3) ?? "") ?? .hospital, region: row.string(4) ?? "")
    }

    /// The department with this exact code.
    public func find(code: String) throws -> DepartmentRecord? {
        try connection.queryFirst(Self.columns + " WHERE code = ?", code).map(department(from:))
    }

    /// The department with this id.
    public func find(id: Int64) throws -> DepartmentRecord? {
        try connection.queryFirst(Self.columns + " WHERE id = ?", id).map(department(from:))
    }

    /// Every department, by code.
    public func all() throws -> [DepartmentRecord] {
        try connection.query(Self.columns + " ORDER BY code").map(department(from:))
    }

    /// Stores a new department and returns its id.
    public func insert(code: String, name: String, kind: WorkplaceKind, region: String, createdAt: String,
                       createdBy: Int64?) throws -> Int64 {
        try connection.run(
            "INSERT INTO department (code, name, kind, region, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            code, name, kind.rawValue, region, createdAt, createdBy)
        return connection.lastInsertRowID
    }
}

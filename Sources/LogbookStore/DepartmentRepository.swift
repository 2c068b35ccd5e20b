import LogbookDomain
import SQLite

/// Departments: hospital departments and general practices.
public struct DepartmentRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    private static let columns = "SELECT id, code, name, kind, region FROM department"

    /// A department row read by name.
    static func department(_ row: RowDecoder) throws -> DepartmentRecord {
        DepartmentRecord(
            id: try row.int("id"), code: try row.string("code"), name: try row.string("name"),
            kind: try row.parsed("kind", as: "a workplace kind", WorkplaceKind.init(rawValue:)), region: try row.string("region"))
    }

    /// The department with this exact code.
    public func find(code: String) throws -> DepartmentRecord? {
        try connection.queryFirst(Self.columns + " WHERE code = ?", code, table: "department", decode: Self.department)
    }

    /// The department with this id.
    public func find(id: Int64) throws -> DepartmentRecord? {
        try connection.queryFirst(Self.columns + " WHERE id = ?", id, table: "department", decode: Self.department)
    }

    /// Every department, by code.
    public func all() throws -> [DepartmentRecord] {
        try connection.query(Self.columns + " ORDER BY code", table: "department", decode: Self.department)
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

import LogbookDomain
import SQLite

extension Connection {
    /// The one row of a query that always returns exactly one (`count(*)`, `EXISTS`, a pragma), decoded by `decode`.
    ///
    /// No row at all is reported as a `RowDecodingError` for `table`, never read as zero or false.
    func single<T>(_ sql: String, _ arguments: SQLiteBindable?..., table: String, decode: (RowDecoder) throws -> T) throws -> T {
        let statement = try cached(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard let row = try statement.step() else {
            throw RowDecodingError(table: table, column: "*", problem: "returned no row where one always exists")
        }
        return try decode(RowDecoder(row, table: table))
    }
}

extension RowDecoder {
    /// An assessment method stored as its `assessment_method` id, which may be NULL.
    func optionalAssessmentMethod(_ column: String) throws -> AssessmentMethod? {
        guard let id = try optionalInt(column) else { return nil }
        guard let method = AssessmentMethod(rawValue: Int(id)) else { throw failure(column, "\(id) is not an assessment method") }
        return method
    }

    /// A list of ids stored as `group_concat` text ("1,3,5"; NULL for none), each turned into a value by `make`.
    func idList<T>(_ column: String, as what: String, _ make: (Int) -> T?) throws -> [T] {
        guard let text = try optionalString(column) else { return [] }
        return try text.split(separator: ",").map { part in
            guard let id = Int(part), let value = make(id) else { throw failure(column, "\"\(part.prefix(40))\" is not \(what)") }
            return value
        }
    }
}

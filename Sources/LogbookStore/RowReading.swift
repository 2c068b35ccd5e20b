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
    /// A UTC timestamp stored as ISO 8601 text (`recorded_at`), with the calendar day it begins with. A value that does
    /// not begin with a date is a decoding error naming the column, never read as some default day.
    func timestamp(_ column: String) throws -> (text: String, day: CalendarDate) {
        let text = try string(column)
        guard let day = CalendarDate(iso: String(text.prefix(10))) else {
            throw failure(column, "\"\(text.prefix(40))\" does not begin with a date (YYYY-MM-DD)")
        }
        return (text, day)
    }

    /// An assessment method stored as the `assessment_method` id in `idColumn` (which may be NULL), read by the name
    /// joined in as `column`; an id without a method row is a decoding error naming `idColumn`.
    func assessmentMethod(id idColumn: String, name column: String) throws -> AssessmentMethod? {
        guard let id = try optionalInt(idColumn) else { return nil }
        guard try optionalString(column) != nil else { throw failure(idColumn, "\(id) is not an assessment method") }
        return try optionalAssessmentMethod(column)
    }

    /// An assessment method read by its `assessment_method` name (the column joined in), which may be NULL.
    func optionalAssessmentMethod(_ column: String) throws -> AssessmentMethod? {
        guard let name = try optionalString(column) else { return nil }
        guard let method = AssessmentMethod(name: name) else { throw failure(column, "an empty name is not an assessment method") }
        return method
    }

    /// Assessment method names stored as `group_concat(name, char(31))` (NULL for none; names never hold control
    /// characters), in `AssessmentMethod`'s order.
    func methodList(_ column: String) throws -> [AssessmentMethod] {
        guard let text = try optionalString(column) else { return [] }
        return try text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map { part in
            guard let method = AssessmentMethod(name: String(part)) else { throw failure(column, "an empty name is not an assessment method") }
            return method
        }.sorted()
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

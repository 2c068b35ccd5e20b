#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

/// One error type for everything SQLite reports: result code, extended code, message and the SQL that failed.
///
/// Bound arguments are deliberately not part of the description: they may be personal data.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The primary result code (`SQLITE_CONSTRAINT` is 19).
    public let code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067).
    public let extendedCode: Int32
    /// `sqlite3_errmsg` at the moment of failure, or our own text for errors found before SQLite ran.
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?
    /// The database file the error happened on, when known (for messages that name the file).
    public var path: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The generic name of the primary code ("constraint", "busy", ...).
    public var codeName: String {
        switch code {
        case SQLITE_ERROR: return "error"
        case SQLITE_BUSY: return "busy"
        case SQLITE_LOCKED: return "locked"
        case SQLITE_READONLY: return "readonly"
        case SQLITE_IOERR: return "ioerr"
        case SQLITE_CORRUPT: return "corrupt"
        case SQLITE_FULL: return "full"
        case SQLITE_CANTOPEN: return "cantopen"
        case SQLITE_CONSTRAINT: return "constraint"
        case SQLITE_MISMATCH: return "mismatch"
        case SQLITE_MISUSE: return "misuse"
        case SQLITE_RANGE: return "range"
        case SQLITE_NOTADB: return "notadb"
        case SQLITE_PERM: return "perm"
        default: return String(cString: sqlite3_errstr(code))
        }
    }

    /// True for "database is locked"/"busy" errors, which a caller may retry.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// True when the file is damaged or is not an SQLite database at all.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// True when the error is about the file or its folder rather than the SQL: read-only, cannot open, I/O, full.
    public var isFileProblem: Bool {
        code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL
            || code == SQLITE_PERM
    }

    /// True when a CHECK, UNIQUE, NOT NULL, FOREIGN KEY or trigger constraint refused the statement.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code) (\(codeName)): \(message)"
        if let sql { text += " — while executing \(sql.trimmingWhitespace().prefix(300))" }
        return text
    }
}

/// A value as SQLite stores it. NULL is `nil` at the API, never a crash.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// A type that can be bound to a statement parameter.
public protocol SQLiteBindable: Sendable {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self) } }
extension Int: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Double: SQLiteBindable { public var sqliteValue: SQLiteValue { .real(self) } }
extension String: SQLiteBindable { public var sqliteValue: SQLiteValue { .text(self) } }
extension Bool: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) } }
extension Array: SQLiteBindable where Element == UInt8 { public var sqliteValue: SQLiteValue { .blob(self) } }
extension SQLiteValue: SQLiteBindable { public var sqliteValue: SQLiteValue { self } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// An open SQLite database. Not thread-safe: one connection per thread (the CLI has one).
public final class Connection {
    /// The raw handle, for the few calls this layer does not wrap.
    public let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    private var cache: [String: Statement] = [:]

    /// How long a statement waits for a lock another connection holds, and whom to tell that it waits.
    public struct BusyPolicy: Sendable {
        /// The longest wait for one lock, in seconds; then the statement fails with `SQLITE_BUSY`.
        public var timeout: Double
        /// After this many seconds of waiting, `notice` is called once (per connection) with `timeout`.
        public var noticeAfter: Double
        /// Told once that the connection waits, for example to print a line on stderr.
        public var notice: (@Sendable (_ timeout: Double) -> Void)?

        public init(timeout: Double, noticeAfter: Double = 1, notice: (@Sendable (_ timeout: Double) -> Void)? = nil) {
            self.timeout = timeout
            self.noticeAfter = noticeAfter
            self.notice = notice
        }
    }

    /// The state the busy handler keeps between calls (SQLite holds an unretained pointer to it).
    final class BusyState {
        var policy: BusyPolicy
        var start: Double = 0
        var noticed = false
        init(policy: BusyPolicy) { self.policy = policy }

        static func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_MONOTONIC, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
    }

    private let busyState: BusyState

    /// Opens (and with `create`, creates) the database at `path`; `:memory:` gives a private in-memory one.
    ///
    /// Sets `foreign_keys=ON`, a bounded wait for locks, and for files opened for writing `journal_mode=WAL` and
    /// `synchronous=NORMAL`. `immutable` (read-only only) tells SQLite that nobody changes the file while it is
    /// open, so it needs no `-shm` file: for reading a database in a folder it may not write.
    public convenience init(path: String, create: Bool = true, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        try self.init(path: path, create: create, readOnly: readOnly, immutable: false,
                      busy: BusyPolicy(timeout: Double(busyTimeoutMilliseconds) / 1000))
    }

    public init(path: String, create: Bool, readOnly: Bool, immutable: Bool, busy: BusyPolicy) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        }
        var name = path
        if immutable && readOnly && path != ":memory:" {
            flags |= SQLITE_OPEN_URI
            name = "file:" + Connection.uriEncoded(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            let extended = db.map { sqlite3_extended_errcode($0) } ?? rc
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc & 0xFF, extendedCode: extended, message: "\(message) (\(path))", path: path)
        }
        self.handle = db
        self.path = path
        self.busyState = BusyState(policy: busy)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_handler(db, { context, count in
            guard let context else { return 0 }
            let state = Unmanaged<Connection.BusyState>.fromOpaque(context).takeUnretainedValue()
            let now = Connection.BusyState.now()
            if count == 0 { state.start = now }
            let waited = now - state.start
            if waited >= state.policy.timeout { return 0 }
            if !state.noticed && waited >= state.policy.noticeAfter {
                state.noticed = true
                state.policy.notice?(state.policy.timeout)
            }
            // Short sleeps first (most locks are a few milliseconds), then 50 ms, never past the deadline.
            let step = min(0.05, 0.001 * Double(count + 1), max(0.001, state.policy.timeout - waited))
            usleep(UInt32(step * 1_000_000))
            return 1
        }, Unmanaged.passUnretained(busyState).toOpaque())
        try execute("PRAGMA foreign_keys = ON")
        if path != ":memory:" && !path.isEmpty && !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    /// Runs `body` without waiting for any lock: a statement that meets one fails at once with `SQLITE_BUSY`. For
    /// best-effort writes that must never hold up a reader (issue 30: a session's last use).
    public func withoutWaiting<T>(_ body: () throws -> T) rethrows -> T {
        let saved = busyState.policy
        busyState.policy.timeout = 0
        defer { busyState.policy = saved }
        return try body()
    }

    /// Whether the connection can only read (opened read-only, or the file or its system is read-only).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// `path` for a `file:` URI: the characters that URIs give a meaning escaped.
    static func uriEncoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7F...:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default:
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements with no parameters and no results (migrations, PRAGMAs).
    public func execute(_ sql: String) throws {
        guard !sql.trimmingWhitespace().isEmpty else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "empty SQL", sql: sql)
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql, path: path)
        }
    }

    /// Compiles one statement. Trailing SQL after the first statement is an error, not silently ignored.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A prepared statement kept for the connection's lifetime, reset before it is handed out again.
    public func cached(_ sql: String) throws -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows, with its parameters bound in order.
    public func run(_ sql: String, _ arguments: SQLiteBindable?...) throws {
        let statement = try cached(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    /// Runs a statement and returns all its rows.
    public func query(_ sql: String, _ arguments: SQLiteBindable?...) throws -> [Row] {
        let statement = try cached(sql)
        try statement.bind(arguments)
        return try statement.all()
    }

    /// Runs a statement and calls `body` for each row as it comes, without collecting them.
    public func forEach(_ sql: String, _ arguments: SQLiteBindable?..., body: (Row) throws -> Void) throws {
        let statement = try cached(sql)
        try statement.bind(arguments)
        try statement.forEach(body)
    }

    /// Runs a statement and returns its first row, if any.
    public func queryFirst(_ sql: String, _ arguments: SQLiteBindable?...) throws -> Row? {
        let statement = try cached(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step()
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Rows changed since the connection opened (`sqlite3_total_changes64`).
    public var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes the write lock only at the first write.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so a writer never fails half-way with "database is locked".
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The error SQLite holds for the last call, with the SQL that caused it.
    func lastError(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(
            code: rc & 0xFF,
            extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql,
            path: path
        )
    }
}

/// A compiled statement. Finalized when released.
public final class Statement {
    /// Unowned: the connection owns its cached statements, and a strong reference back would keep it open forever.
    private unowned let connection: Connection
    private let handle: OpaquePointer
    /// The SQL text of the statement.
    public let sql: String

    init(connection: Connection, sql: String) throws {
        guard !sql.trimmingWhitespace().isEmpty else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "empty SQL", sql: sql)
        }
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { cSQL in
            let rc = sqlite3_prepare_v2(connection.handle, cSQL, -1, &statement, &tail)
            if rc == SQLITE_OK, let tail, !String(cString: tail).trimmingWhitespace().isEmpty {
                return SQLITE_MISUSE + 1000  // marker: more than one statement
            }
            return rc
        }
        if rc == SQLITE_MISUSE + 1000 {
            sqlite3_finalize(statement)
            throw SQLiteError(
                code: SQLITE_MISUSE, message: "more than one statement given to prepare; use execute for scripts", sql: sql)
        }
        guard rc == SQLITE_OK, let statement else {
            throw connection.lastError(rc, sql: sql)
        }
        self.connection = connection
        self.handle = statement
        self.sql = sql
        self.columns = ColumnNames(statement: statement)
    }

    deinit { sqlite3_finalize(handle) }

    /// The result columns' names (their `AS` aliases where given), shared by every row this statement returns.
    let columns: ColumnNames

    /// Binds `arguments` to the parameters in order (`?` or `?NNN`); the count must match.
    public func bind(_ arguments: [SQLiteBindable?]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "statement has \(expected) parameters but \(arguments.count) values were given", sql: sql)
        }
        sqlite3_clear_bindings(handle)
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch argument?.sqliteValue ?? .null {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let value): rc = sqlite3_bind_int64(handle, index, value)
            case .real(let value): rc = sqlite3_bind_double(handle, index, value)
            case .text(let value):
                // Bound by byte length, so text with NUL characters survives intact; SQLite copies the bytes.
                // An empty string must stay '' (a NULL pointer would bind NULL).
                var text = value
                rc = text.withUTF8 { buffer in
                    guard let base = buffer.baseAddress, buffer.count > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(buffer.count), csqlite_transient())
                    }
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { buffer in
                    // A zero-length blob must stay a blob, not become NULL.
                    buffer.baseAddress == nil
                        ? sqlite3_bind_zeroblob(handle, index, 0)
                        : sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw connection.lastError(rc, sql: sql) }
        }
    }

    /// Advances to the next row; `nil` when done.
    public func step() throws -> Row? {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return Row(statement: handle, columns: columns)
        case SQLITE_DONE: return nil
        default:
            let error = connection.lastError(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, discarding rows, then resets it.
    public func run() throws {
        defer { reset() }
        while try step() != nil {}
    }

    /// All remaining rows, then resets the statement.
    public func all() throws -> [Row] {
        defer { reset() }
        var rows: [Row] = []
        while let row = try step() { rows.append(row) }
        return rows
    }

    /// Calls `body` for each row without collecting them (for streaming large results).
    public func forEach(_ body: (Row) throws -> Void) throws {
        defer { reset() }
        while let row = try step() { try body(row) }
    }

    /// Makes the statement ready to run again.
    public func reset() { sqlite3_reset(handle) }
}

/// One result row, copied out of the statement so it stays valid after stepping on.
public struct Row: Sendable {
    /// The column values in order.
    public let values: [SQLiteValue]
    /// The columns' names, for reading by name.
    let columns: ColumnNames?

    init(statement: OpaquePointer, columns: ColumnNames?) {
        self.columns = columns
        let count = sqlite3_column_count(statement)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            switch sqlite3_column_type(statement, index) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, index)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, index)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(statement, index))
                if let pointer = sqlite3_column_text(statement, index) {
                    values.append(.text(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)))
                } else {
                    values.append(.text(""))
                }
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, index))
                if count > 0, let pointer = sqlite3_column_blob(statement, index) {
                    values.append(.blob(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
                } else {
                    values.append(.blob([]))
                }
            default: values.append(.null)
            }
        }
        self.values = values
    }

    /// The value at `index`; `.null` when out of range.
    public subscript(index: Int) -> SQLiteValue { index < values.count ? values[index] : .null }

    /// An integer column, `nil` for NULL.
    public func int(_ index: Int) -> Int64? {
        switch self[index] {
        case .integer(let value): return value
        case .real(let value): return Int64(value)
        case .text(let value): return Int64(value)
        default: return nil
        }
    }

    /// A real column, `nil` for NULL.
    public func double(_ index: Int) -> Double? {
        switch self[index] {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .text(let value): return Double(value)
        default: return nil
        }
    }

    /// A text column, `nil` for NULL.
    public func string(_ index: Int) -> String? {
        switch self[index] {
        case .text(let value): return value
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }

    /// A blob column, `nil` for NULL.
    public func blob(_ index: Int) -> [UInt8]? {
        switch self[index] {
        case .blob(let bytes): return bytes
        case .text(let value): return Array(value.utf8)
        default: return nil
        }
    }

    /// A boolean stored as 0/1, `nil` for NULL.
    public func bool(_ index: Int) -> Bool? { int(index).map { $0 != 0 } }
}

/// The names of a statement's result columns, looked up once per statement rather than once per row.
final class ColumnNames: Sendable {
    let names: [String]
    let indexes: [String: Int]

    init(statement: OpaquePointer) {
        let count = Int(sqlite3_column_count(statement))
        var names: [String] = []
        for index in 0..<count {
            names.append(sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "")
        }
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.names = names
        self.indexes = indexes
    }
}

/// A stored value that does not decode: a NULL where none may be, text that is not a date, an unknown kind.
///
/// It names the table and column, so a damaged or hand-edited database is reported as such instead of
/// being read as a default value.
public struct RowDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let table: String
    public let column: String
    /// What is wrong with the value, e.g. `is NULL` or `"2026-13-01" is not a date`.
    public let problem: String

    /// Creates the error.
    public init(table: String, column: String, problem: String) {
        self.table = table
        self.column = column
        self.problem = problem
    }

    public var description: String { "the database holds a value it cannot read: \(table).\(column) \(problem)" }
}

/// Reads one row's columns by name for one table, throwing `RowDecodingError` where a value is missing or wrong.
public struct RowDecoder {
    /// The row being read.
    public let row: Row
    /// The table the columns come from, for error messages.
    public let table: String

    /// A reader of `row` naming `table` in its errors.
    public init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    /// The value of `column`; a column the query does not return is a programming error, reported as such.
    public func value(_ column: String) throws -> SQLiteValue {
        guard let index = row.columns?.indexes[column] else {
            throw RowDecodingError(table: table, column: column, problem: "is not among the query's columns")
        }
        return row[index]
    }

    /// Throws that `column` holds something unreadable.
    public func failure(_ column: String, _ problem: String) -> RowDecodingError {
        RowDecodingError(table: table, column: column, problem: problem)
    }

    /// An integer that may be NULL.
    public func optionalInt(_ column: String) throws -> Int64? {
        switch try value(column) {
        case .null: return nil
        case .integer(let value): return value
        default: throw failure(column, "is not an integer")
        }
    }

    /// An integer that may not be NULL.
    public func int(_ column: String) throws -> Int64 {
        guard let value = try optionalInt(column) else { throw failure(column, "is NULL") }
        return value
    }

    /// A text that may be NULL.
    public func optionalString(_ column: String) throws -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let value): return value
        default: throw failure(column, "is not text")
        }
    }

    /// A text that may not be NULL.
    public func string(_ column: String) throws -> String {
        guard let value = try optionalString(column) else { throw failure(column, "is NULL") }
        return value
    }

    /// A 0/1 flag that may not be NULL.
    public func bool(_ column: String) throws -> Bool {
        let value = try int(column)
        guard value == 0 || value == 1 else { throw failure(column, "is \(value), not 0 or 1") }
        return value == 1
    }

    /// A value built from a non-NULL text by `parse`, which returns nil for text it does not accept (`what` names it).
    public func parsed<T>(_ column: String, as what: String, _ parse: (String) -> T?) throws -> T {
        let text = try string(column)
        guard let value = parse(text) else { throw failure(column, "\"\(text.prefix(40))\" is not \(what)") }
        return value
    }

    /// Like `parsed`, for a column that may be NULL.
    public func optionalParsed<T>(_ column: String, as what: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = try optionalString(column) else { return nil }
        guard let value = parse(text) else { throw failure(column, "\"\(text.prefix(40))\" is not \(what)") }
        return value
    }
}

extension Connection {
    /// The rows of `sql`, each decoded by `decode` with a reader for `table`.
    public func query<T>(_ sql: String, _ arguments: SQLiteBindable?..., table: String, decode: (RowDecoder) throws -> T) throws -> [T] {
        let statement = try cached(sql)
        try statement.bind(arguments)
        var result: [T] = []
        try statement.forEach { result.append(try decode(RowDecoder($0, table: table))) }
        return result
    }

    /// The first row of `sql` decoded by `decode`, or nil.
    public func queryFirst<T>(_ sql: String, _ arguments: SQLiteBindable?..., table: String, decode: (RowDecoder) throws -> T) throws -> T? {
        let statement = try cached(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard let row = try statement.step() else { return nil }
        return try decode(RowDecoder(row, table: table))
    }

    /// Calls `body` with a reader for each row of `sql`, without collecting them.
    public func forEach(_ sql: String, _ arguments: SQLiteBindable?..., table: String, body: (RowDecoder) throws -> Void) throws {
        let statement = try cached(sql)
        try statement.bind(arguments)
        try statement.forEach { try body(RowDecoder($0, table: table)) }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(self[first...last])
    }
}

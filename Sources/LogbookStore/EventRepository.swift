import LogbookDomain
import SQLite

/// The append-only event log: approvals, attestations, statements, revocations, key registrations.
///
/// Each position has its own hash chain (events in id order, each naming the previous one's hash), so a
/// trainee's documentation can be checked on its own without anyone else's data. Key registrations form
/// one more chain of their own.
public struct EventRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }
    init(connection: Connection) { self.connection = connection }

    /// The next link of a chain (`nil` is the key chain): the next id and the chain's last hash. Call inside the
    /// write transaction that inserts the event, so no one else takes the link.
    public func nextLink(positionID: Int64?) throws -> ChainLink {
        ChainLink(id: try nextID(), previousHash: try lastHash(positionID: positionID))
    }

    /// The id the next event of the log gets.
    func nextID() throws -> Int64 {
        try connection.queryFirst("SELECT coalesce(max(id), 0) + 1 AS next FROM event", table: "event") { try $0.int("next") } ?? 1
    }

    /// The hash of the last event of a chain, or the genesis hash for an empty chain.
    func lastHash(positionID: Int64?) throws -> String {
        try connection.queryFirst(
            "SELECT hash FROM event WHERE position_id IS ? ORDER BY id DESC LIMIT 1", positionID, table: "event"
        ) { try $0.string("hash") } ?? EventContent.genesisHash
    }

    /// Stores `content` (built from `event` at a link from `nextLink`) with its signature, and returns it as stored.
    @discardableResult
    public func insert(_ content: EventContent, of event: NewEvent, signature: String?) throws -> EventRecord {
        let hash = content.hash
        // The column `authentication` is named only when set: the upgrade from schema 2 writes events (migration 0003)
        // before migration 0006 has added it.
        var values: [SQLiteBindable?] = [
            content.id, content.kind.rawValue, content.positionID, event.competency?.id, event.course?.id, content.revokes,
            content.effectiveOn.iso, content.recordedAt, event.actor.id, content.actorRole, event.actorDepartment?.id, content.text,
            content.payload, content.previousHash, hash, signature,
        ]
        let sql: String
        if let authentication = content.authentication {
            values.append(authentication)
            sql = Self.insertColumns + ", authentication) VALUES (" + Self.placeholders(17) + ")"
        } else {
            sql = Self.insertColumns + ") VALUES (" + Self.placeholders(16) + ")"
        }
        let statement = try connection.cached(sql)
        try statement.bind(values)
        try statement.run()
        return EventRecord(
            content: content, hash: hash, signature: signature, competencyID: event.competency?.id, courseID: event.course?.id,
            actorID: event.actor.id, actorDepartmentID: event.actorDepartment?.id, revokedBy: nil)
    }

    /// The INSERT up to the last column every schema since 1 has (the list is closed by the caller).
    private static let insertColumns = """
        INSERT INTO event (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at,
                           actor_id, actor_role, actor_department_id, text, payload, prev_hash, hash, signature
        """

    /// `count` comma-separated `?`.
    private static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static let columns = """
        SELECT e.id, e.kind, e.position_id, c.code AS competency_code, cc.name AS course, e.revokes_id, e.effective_on,
               e.recorded_at, p.handle AS actor, p.name AS actor_name, e.actor_role, d.code AS actor_department, e.text, e.payload, e.prev_hash,
               e.hash, e.signature, e.authentication, e.competency_id, e.course_id, e.actor_id, e.actor_department_id,
               r.id AS revocation_id, rp.handle AS revoker, rp.name AS revoker_name, r.effective_on AS revoked_on, r.text AS reason
        FROM event e
        JOIN person p ON p.id = e.actor_id
        LEFT JOIN competency c ON c.id = e.competency_id
        LEFT JOIN curriculum_course cc ON cc.id = e.course_id
        LEFT JOIN department d ON d.id = e.actor_department_id
        LEFT JOIN event r ON r.revokes_id = e.id
        LEFT JOIN person rp ON rp.id = r.actor_id
        """

    /// An event row of `columns` read by name.
    static func event(_ row: RowDecoder) throws -> EventRecord {
        let content = EventContent(
            id: try row.int("id"), kind: try row.eventKind("kind"), positionID: try row.optionalInt("position_id"),
            competencyCode: try row.optionalString("competency_code"), course: try row.optionalString("course"),
            revokes: try row.optionalInt("revokes_id"), effectiveOn: try row.date("effective_on"),
            recordedAt: try row.string("recorded_at"), actor: try row.string("actor"), actorRole: try row.string("actor_role"),
            actorDepartment: try row.optionalString("actor_department"), text: try row.string("text"),
            payload: try row.string("payload"), previousHash: try row.string("prev_hash"),
            authentication: try row.optionalString("authentication"))
        return EventRecord(
            content: content, hash: try row.string("hash"), signature: try row.optionalString("signature"),
            competencyID: try row.optionalInt("competency_id"), courseID: try row.optionalInt("course_id"),
            actorID: try row.int("actor_id"), actorDepartmentID: try row.optionalInt("actor_department_id"),
            actorName: try row.string("actor_name"), revokedBy: try revocation(row))
    }

    /// The revocation joined to an event row (`revocation_id`, `revoker`, `revoked_on`, `reason`), if any.
    static func revocation(_ row: RowDecoder) throws -> Revocation? {
        guard let id = try row.optionalInt("revocation_id") else { return nil }
        return Revocation(eventID: id, actor: try row.string("revoker"), actorName: try row.string("revoker_name"), on: try row.date("revoked_on"), reason: try row.string("reason"))
    }

    /// One event by id.
    public func event(id: Int64) throws -> EventRecord? {
        try connection.queryFirst(Self.columns + " WHERE e.id = ?", id, table: "event", decode: Self.event)
    }

    /// Every event of a position in order (its whole chain).
    public func events(positionID: Int64) throws -> [EventRecord] {
        try connection.query(Self.columns + " WHERE e.position_id = ? ORDER BY e.id", positionID, table: "event", decode: Self.event)
    }

    /// The standing (not revoked) events of one kind for a position, in order.
    public func standing(positionID: Int64, kind: EventKind) throws -> [EventRecord] {
        try connection.query(
            Self.columns + " WHERE e.position_id = ? AND e.kind = ? AND r.id IS NULL ORDER BY e.id", positionID, kind.rawValue,
            table: "event", decode: Self.event)
    }

    /// The standing approval of one competency in a position, if any.
    public func standingApproval(positionID: Int64, competencyID: Int64) throws -> EventRecord? {
        try connection.queryFirst(
            Self.columns + " WHERE e.position_id = ? AND e.kind = 'competency-approval' AND e.competency_id = ? AND r.id IS NULL",
            positionID, competencyID, table: "event", decode: Self.event)
    }

    /// The latest-dated event a person made in one role (and department), for refusing a back-dated change of
    /// grants or assignments that would leave that event without the grant it rested on.
    public func latestAct(actorID: Int64, role: String, departmentID: Int64?, positionID: Int64? = nil) throws
        -> (id: Int64, on: CalendarDate)?
    {
        try connection.queryFirst(
            """
            SELECT id, effective_on FROM event
            WHERE actor_id = ? AND actor_role = ? AND actor_department_id IS ? AND (?4 IS NULL OR position_id = ?4)
              AND kind IN ('competency-approval', 'course-approval', 'time-attestation', 'element-attestation', 'statement', 'revocation')
            ORDER BY effective_on DESC, id DESC LIMIT 1
            """, actorID, role, departmentID, positionID, table: "event"
        ) { row in (try row.int("id"), try row.date("effective_on")) }
    }

    /// Every event of one chain in id order (`nil` is the chain of events without a position).
    public func chain(positionID: Int64?) throws -> [EventRecord] {
        try connection.query(Self.columns + " WHERE e.position_id IS ? ORDER BY e.id", positionID, table: "event", decode: Self.event)
    }

    /// The key registrations and revocations of the key chain (the events without a position), in order.
    public func keyRegister() throws -> [EventRecord] {
        try connection.query(Self.columns + " WHERE e.position_id IS NULL AND e.kind IN ('key-registration', 'revocation') ORDER BY e.id",
                             table: "event", decode: Self.event)
    }

    /// The first event (by id) whose row cannot be read as an event (e.g. an impossible date written with the sqlite3
    /// shell), with what is wrong; nil when every row reads. Slow (one query per event): for `verify` after a failure.
    public func firstUnreadable() throws -> (id: Int64, column: String, problem: String)? {
        let ids = try connection.query("SELECT id FROM event ORDER BY id", table: "event") { try $0.int("id") }
        for id in ids {
            do {
                _ = try connection.queryFirst(Self.columns + " WHERE e.id = ?", id, table: "event", decode: Self.event)
            } catch let error as RowDecodingError {
                return (id, error.column, error.problem)
            }
        }
        return nil
    }

    /// Calls `body` for every event in id order (`onlyMigrated`: only those migrated from an upgraded database's
    /// tables, actor role `migrated`), one row at a time (the verification's replay, issue 30).
    public func forEachEventByID(onlyMigrated: Bool, _ body: (EventRecord) throws -> Void) throws {
        if onlyMigrated {
            try connection.forEach(Self.columns + " WHERE e.actor_role = 'migrated' ORDER BY e.id", table: "event") { try body(try Self.event($0)) }
        } else {
            try connection.forEach(Self.columns + " ORDER BY e.id", table: "event") { try body(try Self.event($0)) }
        }
    }

    /// Calls `body` for every event, chain by chain, without loading the whole log into memory.
    public func forEachEventByChain(_ body: (EventRecord) throws -> Void) throws {
        try connection.forEach(Self.columns + " ORDER BY e.position_id, e.id", table: "event") { try body(try Self.event($0)) }
    }
}

/// Appends many events inside ONE write transaction (bulk loads such as the benchmark generator): the next id and
/// each chain's last hash are kept in memory instead of being read back for every event. The events and hashes are
/// exactly those a use case's append would write, unsigned. Create it inside the transaction and drop it before
/// commit: the transaction's write lock is what makes the cached ids and hashes safe.
public final class EventBatchAppender {
    let repository: EventRepository
    var nextID: Int64
    var lastHashes: [Int64?: String] = [:]

    /// Starts after the last stored event. Call inside a write transaction.
    public convenience init(_ store: Store) throws {
        try self.init(connection: store.connection)
    }

    init(connection: Connection) throws {
        repository = EventRepository(connection: connection)
        nextID = try repository.nextID()
    }

    /// Appends an event at the end of its chain, unsigned, and returns it.
    @discardableResult
    public func append(_ event: NewEvent, recordedAt: String) throws -> EventRecord {
        try insert(event.content(at: try nextLink(positionID: event.positionID), recordedAt: recordedAt), of: event, signature: nil)
    }

    /// The next link of a chain: the id after the last one appended, and the chain's last hash (read once per chain).
    public func nextLink(positionID: Int64?) throws -> ChainLink {
        ChainLink(id: nextID, previousHash: try lastHashes[positionID] ?? repository.lastHash(positionID: positionID))
    }

    /// Stores `content` (built at `nextLink`) with its signature and moves the chain on; returns it as stored.
    @discardableResult
    public func insert(_ content: EventContent, of event: NewEvent, signature: String?) throws -> EventRecord {
        let stored = try repository.insert(content, of: event, signature: signature)
        nextID = content.id + 1
        lastHashes[event.positionID] = stored.hash
        return stored
    }

    /// Forgets a chain's cached hash (e.g. once a position is complete), to keep memory flat on long loads.
    public func forget(positionID: Int64?) { lastHashes[positionID] = nil }
}

import LogbookDomain
import SQLite

/// An event to append: the row ids it refers to and the natural keys its hash is computed over.
public struct NewEvent: Sendable {
    public var kind: EventKind
    public var positionID: Int64?
    public var competency: (id: Int64, code: String)?
    public var course: (id: Int64, name: String)?
    public var revokes: Int64?
    public var effectiveOn: CalendarDate
    public var actor: (id: Int64, handle: String)
    public var actorRole: String
    public var actorDepartment: (id: Int64, code: String)?
    public var text: String
    public var payload: String

    public init(kind: EventKind, positionID: Int64?, competency: (id: Int64, code: String)? = nil,
                course: (id: Int64, name: String)? = nil, revokes: Int64? = nil, effectiveOn: CalendarDate,
                actor: (id: Int64, handle: String), actorRole: String, actorDepartment: (id: Int64, code: String)?,
                text: String = "", payload: String = "") {
        self.kind = kind
        self.positionID = positionID
        self.competency = competency
        self.course = course
        self.revokes = revokes
        self.effectiveOn = effectiveOn
        self.actor = actor
        self.actorRole = actorRole
        self.actorDepartment = actorDepartment
        self.text = text
        self.payload = payload
    }
}

/// An event as stored, with the revocation that revoked it, if any.
public struct StoredEvent: Sendable {
    /// The content its hash was computed over, as read back from the rows it refers to.
    public let content: EventContent
    /// The hash stored with the row.
    public let hash: String
    /// The Ed25519 signature, base64, when the maker had a registered key.
    public let signature: String?
    public let competencyID: Int64?
    public let courseID: Int64?
    public let actorID: Int64
    public let actorDepartmentID: Int64?
    /// The revocation of this event: its id, who revoked it, when and why.
    public let revokedBy: (id: Int64, actor: String, on: CalendarDate, reason: String)?

    public var id: Int64 { content.id }
    public var kind: EventKind { content.kind }
    /// True while no revocation stands against it.
    public var isStanding: Bool { revokedBy == nil }
}

/// The append-only event log: approvals, attestations, statements, revocations, key registrations.
///
/// Each position has its own hash chain (events in id order, each naming the previous one's hash), so a
/// trainee's documentation can be checked on its own without anyone else's data. Key registrations form
/// one more chain of their own.
public struct EventRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    /// Appends an event at the end of its chain and returns it. Call inside a write transaction.
    @discardableResult
    public func append(_ event: NewEvent, recordedAt: String, signature: ((EventContent) throws -> String?)? = nil) throws -> StoredEvent {
        let nextID = (try connection.queryFirst("SELECT coalesce(max(id), 0) + 1 FROM event")?.int(0)) ?? 1
        return try insert(event, id: nextID, previousHash: try lastHash(positionID: event.positionID), recordedAt: recordedAt,
                          signature: signature)
    }

    /// The hash of the last event of a chain, or the genesis hash for an empty chain.
    func lastHash(positionID: Int64?) throws -> String {
        try connection.queryFirst(
            "SELECT hash FROM event WHERE position_id IS ? ORDER BY id DESC LIMIT 1", positionID
        )?.string(0) ?? EventContent.genesisHash
    }

    /// Hashes and stores `event` as number `id` after `previousHash`.
    func insert(_ event: NewEvent, id: Int64, previousHash previous: String, recordedAt: String,
                signature: ((EventContent) throws -> String?)?) throws -> StoredEvent {
        let content = EventContent(
            id: id, kind: event.kind, positionID: event.positionID, competencyCode: event.competency?.code,
            course: event.course?.name, revokes: event.revokes, effectiveOn: event.effectiveOn, recordedAt: recordedAt,
            actor: event.actor.handle, actorRole: event.actorRole, actorDepartment: event.actorDepartment?.code,
            text: event.text, payload: event.payload, previousHash: previous)
        let hash = content.hash
        let signed = try signature?(content)
        try connection.run(
            """
            INSERT INTO event (id, kind, position_id, competency_id, course_id, revokes_id, effective_on, recorded_at,
                               actor_id, actor_role, actor_department_id, text, payload, prev_hash, hash, signature)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, event.kind.rawValue, event.positionID, event.competency?.id, event.course?.id, event.revokes,
            event.effectiveOn.iso, recordedAt, event.actor.id, event.actorRole, event.actorDepartment?.id, event.text,
            event.payload, previous, hash, signed)
        return StoredEvent(
            content: content, hash: hash, signature: signed, competencyID: event.competency?.id, courseID: event.course?.id,
            actorID: event.actor.id, actorDepartmentID: event.actorDepartment?.id, revokedBy: nil)
    }

    private static let columns = """
        SELECT e.id, e.kind, e.position_id, c.code, cc.name, e.revokes_id, e.effective_on, e.recorded_at,
               p.handle, e.actor_role, d.code, e.text, e.payload, e.prev_hash, e.hash, e.signature,
               e.competency_id, e.course_id, e.actor_id, e.actor_department_id,
               r.id, rp.handle, r.effective_on, r.text
        FROM event e
        JOIN person p ON p.id = e.actor_id
        LEFT JOIN competency c ON c.id = e.competency_id
        LEFT JOIN curriculum_course cc ON cc.id = e.course_id
        LEFT JOIN department d ON d.id = e.actor_department_id
        LEFT JOIN event r ON r.revokes_id = e.id
        LEFT JOIN person rp ON rp.id = r.actor_id
        """

    private func event(from row: Row) -> StoredEvent {
        let content = EventContent(
            id: row.int(0) ?? 0, kind: EventKind(rawValue: row.string(1) ?? "") ?? .statement, positionID: row.int(2),
            competencyCode: row.string(3), course: row.string(4), revokes: row.int(5),
            effectiveOn: CalendarDate(iso: row.string(6) ?? "") ?? CalendarDate(dayNumber: 0),
            recordedAt: row.string(7) ?? "", actor: row.string(8) ?? "", actorRole: row.string(9) ?? "",
            actorDepartment: row.string(10), text: row.string(11) ?? "", payload: row.string(12) ?? "",
            previousHash: row.string(13) ?? "")
        var revokedBy: (id: Int64, actor: String, on: CalendarDate, reason: String)?
        if let revocationID = row.int(20) {
            revokedBy = (revocationID, row.string(21) ?? "", CalendarDate(iso: row.string(22) ?? "") ?? CalendarDate(dayNumber: 0),
                         row.string(23) ?? "")
        }
        return StoredEvent(
            content: content, hash: row.string(14) ?? "", signature: row.string(15), competencyID: row.int(16),
            courseID: row.int(17), actorID: row.int(18) ?? 0, actorDepartmentID: row.int(19), revokedBy: revokedBy)
    }

    /// One event by id.
    public func event(id: Int64) throws -> StoredEvent? {
        try connection.queryFirst(Self.columns + " WHERE e.id = ?", id).map(event(from:))
    }

    /// Every event of a position in order (its whole chain).
    public func events(positionID: Int64) throws -> [StoredEvent] {
        try connection.query(Self.columns + " WHERE e.position_id = ? ORDER BY e.id", positionID).map(event(from:))
    }

    /// The standing (not revoked) events of one kind for a position, in order.
    public func standing(positionID: Int64, kind: EventKind) throws -> [StoredEvent] {
        try connection.query(
            Self.columns + " WHERE e.position_id = ? AND e.kind = ? AND r.id IS NULL ORDER BY e.id", positionID, kind.rawValue
        ).map(event(from:))
    }

    /// The standing approval of one competency in a position, if any.
    public func standingApproval(positionID: Int64, competencyID: Int64) throws -> StoredEvent? {
        try connection.queryFirst(
            Self.columns + " WHERE e.position_id = ? AND e.kind = 'competency-approval' AND e.competency_id = ? AND r.id IS NULL",
            positionID, competencyID
        ).map(event(from:))
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
            ORDER BY effective_on DESC, id DESC LIMIT 1
            """, actorID, role, departmentID, positionID
        ).flatMap { row in CalendarDate(iso: row.string(1) ?? "").map { (row.int(0) ?? 0, $0) } }
    }

    /// Every event of one chain in id order (`nil` is the chain of events without a position).
    public func chain(positionID: Int64?) throws -> [StoredEvent] {
        try connection.query(Self.columns + " WHERE e.position_id IS ? ORDER BY e.id", positionID).map(event(from:))
    }

    /// Calls `body` for every event, chain by chain, without loading the whole log into memory.
    public func forEachEventByChain(_ body: (StoredEvent) throws -> Void) throws {
        let statement = try connection.prepare(Self.columns + " ORDER BY e.position_id, e.id")
        try statement.forEach { try body(event(from: $0)) }
    }
}

/// Appends many events inside ONE write transaction (bulk loads such as the benchmark generator): the next id and
/// each chain's last hash are kept in memory instead of being read back for every event. The events and hashes are
/// exactly those `EventRepository.append` would write. Create it inside the transaction and drop it before commit:
/// the transaction's write lock is what makes the cached ids and hashes safe.
public final class EventBatchAppender {
    let repository: EventRepository
    var nextID: Int64
    var lastHashes: [Int64?: String] = [:]

    /// Starts after the last stored event. Call inside a write transaction.
    public init(_ store: Store) throws {
        repository = EventRepository(store)
        nextID = (try store.connection.queryFirst("SELECT coalesce(max(id), 0) + 1 FROM event")?.int(0)) ?? 1
    }

    /// Appends an event at the end of its chain and returns it.
    @discardableResult
    public func append(_ event: NewEvent, recordedAt: String) throws -> StoredEvent {
        let previous = try lastHashes[event.positionID] ?? repository.lastHash(positionID: event.positionID)
        let stored = try repository.insert(event, id: nextID, previousHash: previous, recordedAt: recordedAt, signature: nil)
        nextID += 1
        lastHashes[event.positionID] = stored.hash
        return stored
    }

    /// Forgets a chain's cached hash (e.g. once a position is complete), to keep memory flat on long loads.
    public func forget(positionID: Int64?) { lastHashes[positionID] = nil }
}

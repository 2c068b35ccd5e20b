import LogbookDomain
import SQLite

/// The signed checkpoints of the event log's Merkle tree (migration 0009), append-only.
public struct CheckpointRepository {
    let store: Store

    public init(_ store: Store) { self.store = store }

    var connection: Connection { store.connection }

    private static let columns = "SELECT id, tree_size, last_event, root_hash, frontier, note, signer, made_at FROM checkpoint"

    static func record(_ row: RowDecoder) throws -> CheckpointRecord {
        CheckpointRecord(id: try row.int("id"), treeSize: Int(try row.int("tree_size")), lastEvent: try row.optionalInt("last_event"),
                         rootHash: try row.string("root_hash"), frontier: try row.string("frontier"), note: try row.string("note"),
                         signer: try row.string("signer"), madeAt: try row.string("made_at"))
    }

    /// The newest checkpoint (the largest tree; the last made of equal ones), nil when none was made.
    public func latest() throws -> CheckpointRecord? {
        try connection.queryFirst(Self.columns + " ORDER BY tree_size DESC, id DESC LIMIT 1", table: "checkpoint", decode: Self.record)
    }

    /// Every checkpoint in the order they were made.
    public func all() throws -> [CheckpointRecord] {
        try connection.query(Self.columns + " ORDER BY id", table: "checkpoint", decode: Self.record)
    }

    /// The newest checkpoint made at or before `time` (`YYYY-MM-DDTHH:MM:SS.mmmZ`), for a bundle cut at a moment.
    public func latest(atOrBefore time: String) throws -> CheckpointRecord? {
        try connection.queryFirst(Self.columns + " WHERE made_at <= ? ORDER BY tree_size DESC, id DESC LIMIT 1", time,
                                  table: "checkpoint", decode: Self.record)
    }

    /// Stores a checkpoint; returns its id.
    @discardableResult
    public func insert(treeSize: Int, lastEvent: Int64?, rootHash: String, frontier: String, note: String, signer: String,
                       madeAt: String) throws -> Int64 {
        try connection.run("""
            INSERT INTO checkpoint (tree_size, last_event, root_hash, frontier, note, signer, made_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, Int64(treeSize), lastEvent, rootHash, frontier, note, signer, madeAt)
        return connection.lastInsertRowID
    }

    /// The last event's id and the number of events (the size the next checkpoint would have).
    public func logSize() throws -> (count: Int, last: Int64?) {
        try connection.single("SELECT count(*) AS n, max(id) AS last FROM event", table: "event") {
            (Int(try $0.int("n")), try $0.optionalInt("last"))
        }
    }
}

extension EventRepository {
    /// Calls `body` for every event after event `id` (all of them for nil), in id order: the leaves a checkpoint adds.
    public func forEachEvent(after id: Int64?, _ body: (EventRecord) throws -> Void) throws {
        try connection.forEach(Self.columns + " WHERE e.id > ? ORDER BY e.id", id ?? Int64.min, table: "event") { try body(try Self.event($0)) }
    }

    /// Every event's content in id order: the leaves of the whole tree.
    public func forEachEventInLogOrder(_ body: (EventContent) throws -> Void) throws {
        try connection.forEach(Self.columns + " ORDER BY e.id", table: "event") { try body(try Self.event($0).content) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain
import SQLite

/// A durable witness of the event log's head, outside the database and its WAL: the file `<database>-head` holds the
/// id and hash of the last event committed. A committed event that later vanishes — a deleted `-wal` file rolling
/// back the log, an older copy of the database put in its place — leaves the witness pointing past the log's end, and
/// `logbook verify` reports it.
///
/// The witness is written after each write transaction that added events, under an exclusive `flock`, and only
/// forward (a larger id), so concurrent writers cannot move it back. It is no defence against someone who removes or
/// edits the witness too (the signatures and the bundle are that); it catches what goes wrong by accident. A database
/// without a witness (made before it existed, or copied without it) is not reported; the next write starts one.
///
/// Since schema version 9 the witness also holds the newest signed checkpoint of the log's Merkle tree (issue 29): the
/// first line `logbook-head-v2 ID HASH SIZE`, then the checkpoint's signed note. `logbook verify` checks that note like
/// the stored checkpoints, so cutting back the `checkpoint` table along with the log is caught here.
public struct HeadWitness: Sendable, Equatable {
    /// The last event's id and hash.
    public let eventID: Int64
    public let hash: String
    /// The newest checkpoint's tree size and signed note when the witness holds one.
    public var checkpointSize: Int = -1
    public var checkpointNote: String? = nil

    /// The witness file of the database at `path` (nil for an in-memory database).
    public static func path(forDatabase path: String) -> String? {
        path == ":memory:" || path.isEmpty ? nil : path + "-head"
    }

    /// The witness as stored, nil when there is no (readable) witness.
    public static func read(databasePath: String) -> HeadWitness? {
        guard let path = path(forDatabase: databasePath) else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return parse(readAll(fd))
    }

    /// Moves the witness forward to the log's current last event, if that is past what it holds. Failures to write it
    /// (a read-only folder) are ignored: the database itself is the record; the witness only watches it.
    static func advance(databasePath: String, connection: Connection) {
        guard let path = path(forDatabase: databasePath),
              var last = try? connection.queryFirst("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1", table: "event", decode: {
                  HeadWitness(eventID: try $0.int("id"), hash: try $0.string("hash"))
              })
        else { return }
        // The newest checkpoint, when the schema has them (version 9).
        if let checkpoint = try? connection.queryFirst("SELECT tree_size, note FROM checkpoint ORDER BY tree_size DESC, id DESC LIMIT 1",
                                                       table: "checkpoint", decode: { (Int(try $0.int("tree_size")), try $0.string("note")) }) {
            last.checkpointSize = checkpoint.0
            last.checkpointNote = checkpoint.1
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return }
        defer { flock(fd, LOCK_UN) }
        if let held = parse(readAll(fd)), held.eventID > last.eventID || (held.eventID == last.eventID && held.checkpointSize >= last.checkpointSize) {
            return
        }
        let text = Array(last.text.utf8)
        guard lseek(fd, 0, SEEK_SET) == 0, ftruncate(fd, 0) == 0 else { return }
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fsync(fd)
    }

    /// Why the log does not reach the witness, as a value a front end words; `description` is the English sentence.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// The witness `file` records `event`, which the log (ending at `last`) no longer holds.
        case rolledBack(file: String, event: Int64, last: Int64)
        /// The log holds `event`, but with another hash than the witness `file` records (both shortened).
        case rewritten(file: String, event: Int64, stored: String, recorded: String)

        public var description: String {
            switch self {
            case .rolledBack(let file, let event, let last):
                return "the log was rolled back or truncated: \(file) records event \(event) as committed, but the log ends at "
                    + "event \(last); restore the database from a backup (a deleted -wal file loses what was committed in it)"
            case .rewritten(let file, let event, let stored, let recorded):
                return "event \(event) is not the event that was committed: its hash is \(stored)…, \(file) "
                    + "records \(recorded)…; the log was rolled back and written again"
            }
        }
    }

    /// Why the log in `connection` does not reach the witness, or nil when it does (or there is no witness).
    public static func problem(databasePath: String, connection: Connection) throws -> Problem? {
        guard let witness = read(databasePath: databasePath) else { return nil }
        let stored = try connection.queryFirst("SELECT hash FROM event WHERE id = ?", witness.eventID, table: "event") {
            try $0.string("hash")
        }
        let last = try connection.queryFirst("SELECT coalesce(max(id), 0) AS last FROM event", table: "event") { try $0.int("last") } ?? 0
        let file = path(forDatabase: databasePath) ?? ""
        guard let stored else { return .rolledBack(file: file, event: witness.eventID, last: last) }
        if stored != witness.hash {
            return .rewritten(file: file, event: witness.eventID, stored: String(stored.prefix(12)), recorded: String(witness.hash.prefix(12)))
        }
        return nil
    }

    /// The file's text: `logbook-head-v1 ID HASH` without a checkpoint, `logbook-head-v2 ID HASH SIZE` and the note with one.
    var text: String {
        guard let checkpointNote else { return "logbook-head-v1 \(eventID) \(hash)\n" }
        return "logbook-head-v2 \(eventID) \(hash) \(checkpointSize)\n" + checkpointNote
    }

    static func parse(_ bytes: [UInt8]) -> HeadWitness? {
        let text = String(decoding: bytes, as: UTF8.self)
        let firstLine = text.prefix { $0 != "\n" }
        let parts = firstLine.split(separator: " ")
        if parts.count == 3, parts[0] == "logbook-head-v1", let id = Int64(parts[1]), parts[2].count == 64 {
            return HeadWitness(eventID: id, hash: String(parts[2]))
        }
        guard parts.count == 4, parts[0] == "logbook-head-v2", let id = Int64(parts[1]), parts[2].count == 64, let size = Int(parts[3]),
              text.count > firstLine.count + 1 else { return nil }
        return HeadWitness(eventID: id, hash: String(parts[2]), checkpointSize: size,
                           checkpointNote: String(text.dropFirst(firstLine.count + 1)))
    }

    static func readAll(_ fd: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = pread(fd, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer[0..<count]) : []
    }
}

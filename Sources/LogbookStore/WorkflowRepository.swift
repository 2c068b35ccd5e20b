import LogbookDomain
import SQLite

/// How an approval request was closed.
public enum RequestOutcome: String, Sendable, Hashable {
    /// Every competency and course it asked for was approved.
    case approved
    /// The approver declined it, with a reason.
    case declined
    /// The trainee withdrew it.
    case withdrawn
    /// Its position was cancelled.
    case cancelled
}

/// An approval request as indexed: its event, position, addressee, day, and how it was closed (nil while open).
public struct RequestRow: Sendable, Hashable {
    public let eventID: Int64
    public let positionID: Int64
    public let addresseeID: Int64
    public let requestedOn: CalendarDate
    public let outcome: RequestOutcome?
    /// The event that closed it (a decline, a withdrawal, the last approval or the cancellation).
    public let closedBy: Int64?
}

/// The daily workflow's rows: approval requests and their closing, position cancellations and the reminder log.
/// The requests themselves are events; these tables index them for the inbox.
public struct WorkflowRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    private static let requestColumns = """
        SELECT r.event_id, r.position_id, r.addressee_id, r.requested_on, c.outcome, c.event_id AS closed_by
        FROM approval_request r LEFT JOIN approval_request_close c ON c.request_id = r.event_id
        """

    static func request(_ row: RowDecoder) throws -> RequestRow {
        RequestRow(eventID: try row.int("event_id"), positionID: try row.int("position_id"), addresseeID: try row.int("addressee_id"),
                   requestedOn: try row.date("requested_on"),
                   outcome: try row.optionalString("outcome").map { text in
                       guard let outcome = RequestOutcome(rawValue: text) else {
                           throw RowDecodingError(table: "approval_request_close", column: "outcome", problem: "unknown outcome \(text)")
                       }
                       return outcome
                   },
                   closedBy: try row.optionalInt("closed_by"))
    }

    /// Indexes a request event.
    public func insertRequest(eventID: Int64, positionID: Int64, addresseeID: Int64, on day: CalendarDate) throws {
        try connection.run("INSERT INTO approval_request (event_id, position_id, addressee_id, requested_on) VALUES (?, ?, ?, ?)",
                           eventID, positionID, addresseeID, day.iso)
    }

    /// Records how a request was closed.
    public func close(request: Int64, by eventID: Int64, outcome: RequestOutcome) throws {
        try connection.run("INSERT INTO approval_request_close (request_id, event_id, outcome) VALUES (?, ?, ?)",
                           request, eventID, outcome.rawValue)
    }

    /// The request with this event id.
    public func request(id: Int64) throws -> RequestRow? {
        try connection.queryFirst(Self.requestColumns + " WHERE r.event_id = ?", id, table: "approval_request", decode: Self.request)
    }

    /// The open requests made to a person, oldest first (through approval_request_addressee_idx).
    public func openRequests(addresseeID: Int64) throws -> [RequestRow] {
        try connection.query(Self.requestColumns + " WHERE r.addressee_id = ? AND c.request_id IS NULL ORDER BY r.event_id",
                             addresseeID, table: "approval_request", decode: Self.request)
    }

    /// Every request of a position, oldest first (through approval_request_position_idx).
    public func requests(positionID: Int64) throws -> [RequestRow] {
        try connection.query(Self.requestColumns + " WHERE r.position_id = ? ORDER BY r.event_id", positionID,
                             table: "approval_request", decode: Self.request)
    }

    /// Records a position's cancellation.
    public func cancel(positionID: Int64, eventID: Int64, on day: CalendarDate) throws {
        try connection.run("INSERT INTO position_cancellation (position_id, event_id, cancelled_on) VALUES (?, ?, ?)",
                           positionID, eventID, day.iso)
    }

    /// Whether a reminder digest went to the person on `day`.
    public func reminderSent(personID: Int64, on day: CalendarDate) throws -> Bool {
        try connection.queryFirst("SELECT 1 AS sent FROM reminder_sent WHERE person_id = ? AND sent_on = ?", personID, day.iso,
                                  table: "reminder_sent") { try $0.int("sent") } != nil
    }

    /// Takes back a digest's record (the relay did not accept it), so the next run sends it.
    public func forgetReminder(personID: Int64, on day: CalendarDate) throws {
        try connection.run("DELETE FROM reminder_sent WHERE person_id = ? AND sent_on = ?", personID, day.iso)
    }

    /// Records a digest sent; false when one was already recorded for the day (another run got there first).
    public func recordReminder(personID: Int64, on day: CalendarDate, at moment: String, address: String) throws -> Bool {
        try connection.run("INSERT OR IGNORE INTO reminder_sent (person_id, sent_on, sent_at, address) VALUES (?, ?, ?, ?)",
                           personID, day.iso, moment, address)
        return connection.changes > 0
    }
}

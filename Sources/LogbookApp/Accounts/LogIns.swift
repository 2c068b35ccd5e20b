import LogbookDomain
import LogbookFormats
import LogbookStore

/// The record of log-ins and failed log-ins of `logbook serve` (issue 15): who (the handle typed), when, from where,
/// and whether it succeeded. Listed by a secretariat (`Access.mayListLogIns`), in the CLI and over HTTP.
public enum LogIns {
    /// Which attempts to list.
    public struct Filter: Sendable {
        /// Only the attempts with this handle.
        public var handle: String?
        /// Only the attempts on or after this day (from 00:00 UTC).
        public var since: CalendarDate?
        /// Only the failures.
        public var failedOnly: Bool
        /// At most this many, newest first (nil: all).
        public var limit: Int?

        public init(handle: String? = nil, since: CalendarDate? = nil, failedOnly: Bool = false, limit: Int? = nil) {
            self.handle = handle
            self.since = since
            self.failedOnly = failedOnly
            self.limit = limit
        }
    }

    /// One attempt, with the name of the person when the handle names one.
    public struct Entry: Sendable {
        public let attempt: LoginAttemptRecord
        /// The person's full name; nil for a handle that names no one.
        public let name: String?
    }

    /// The attempts `filter` picks, newest first; refused (exit 1, HTTP 403) for anyone but a secretariat.
    public static func list(_ session: Session, _ filter: Filter) throws -> [Entry] {
        try session.store.read {
            let (_, actor) = try session.actor()
            guard Access.mayListLogIns(by: actor, on: session.today) else {
                throw LogbookError.forbidden(session.texts("account.attemptsForbidden", [
                    "handle": actor.handle, "date": session.texts.date(session.today),
                ]))
            }
            let since = filter.since.map { Int64($0.dayNumber) * 86_400 }
            let attempts = try AccountRepository(session.store).attempts(handle: filter.handle, since: since, failedOnly: filter.failedOnly,
                                                                         limit: filter.limit)
            let people = PersonRepository(session.store)
            var names: [Int64: String] = [:]
            return try attempts.map { attempt in
                guard let id = attempt.personID else { return Entry(attempt: attempt, name: nil) }
                if names[id] == nil { names[id] = try people.find(id: id)?.name }
                return Entry(attempt: attempt, name: names[id])
            }
        }
    }
}

extension LogIns.Entry {
    /// The attempt as JSON, the same in `account log-ins --format json` and `GET /api/v1/log-ins`: `at` in UTC,
    /// `handle`, `name` (null when the handle names no one), `address`, `outcome` ("ok" or "failed").
    public var json: JSONValue {
        .object([
            ("at", .string(Session.utc(seconds: attempt.at))), ("handle", .string(attempt.handle)), ("name", name.map(JSONValue.string) ?? .null),
            ("address", .string(attempt.address)), ("outcome", .string(attempt.ok ? "ok" : "failed")),
        ])
    }
}

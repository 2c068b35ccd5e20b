import LogbookDomain
import SQLite

/// The server's mail (issue 27): people's mail settings and the outbox, which is also the delivery log.
public struct MailRepository {
    let connection: Connection

    public init(_ store: Store) { self.connection = store.connection }

    // MARK: Settings

    /// A person's mail settings; the defaults when they never chose.
    public func preferences(personID: Int64) throws -> MailPreferences {
        try connection.queryFirst(
            "SELECT language, requests, answers, digest FROM mail_preference WHERE person_id = ?", personID, table: "mail_preference"
        ) { row in
            MailPreferences(language: try row.parsed("language", as: "language") { ["da", "en"].contains($0) ? $0 : nil },
                            requests: try row.parsed("requests", as: "mail choice", MailChoice.init(rawValue:)),
                            answers: try row.parsed("answers", as: "mail choice", MailChoice.init(rawValue:)),
                            digest: try row.parsed("digest", as: "digest choice", DigestChoice.init(rawValue:)))
        } ?? .defaults
    }

    /// Stores a person's mail settings.
    public func setPreferences(personID: Int64, _ preferences: MailPreferences, changedBy: Int64?, at: String) throws {
        try connection.run(
            """
            INSERT INTO mail_preference (person_id, language, requests, answers, digest, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (person_id) DO UPDATE SET language = excluded.language, requests = excluded.requests,
                answers = excluded.answers, digest = excluded.digest, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """, personID, preferences.language, preferences.requests.rawValue, preferences.answers.rawValue, preferences.digest.rawValue,
            changedBy, at)
    }

    // MARK: Outbox

    /// A mail to be written to the outbox.
    public struct NewMail: Sendable {
        public let kind: MailKind
        public let personID: Int64
        public let address: String
        public let displayName: String
        public let subject: String
        public let textBody: String
        public let htmlBody: String
        public let unsubscribeURL: String?

        /// Creates the mail.
        public init(kind: MailKind, personID: Int64, address: String, displayName: String, subject: String, textBody: String,
                    htmlBody: String, unsubscribeURL: String?) {
            self.kind = kind
            self.personID = personID
            self.address = address
            self.displayName = displayName
            self.subject = subject
            self.textBody = textBody
            self.htmlBody = htmlBody
            self.unsubscribeURL = unsubscribeURL
        }
    }

    /// Writes a mail to the outbox, due at `dueAt` (Unix seconds); its id.
    public func enqueue(_ mail: NewMail, messageKey: String, at: String, dueAt: Int64) throws -> Int64 {
        try connection.run(
            """
            INSERT INTO mail_outbox (kind, person_id, address, display_name, subject, text_body, html_body, unsubscribe_url, message_key,
                                     created_at, queued_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, mail.kind.rawValue, mail.personID, mail.address, mail.displayName, mail.subject, mail.textBody, mail.htmlBody,
            mail.unsubscribeURL, messageKey, at, dueAt, dueAt)
        return connection.lastInsertRowID
    }

    private static let columns = """
        SELECT o.id, o.kind, o.person_id, p.handle, o.address, o.display_name, o.subject, o.text_body, o.html_body, o.unsubscribe_url,
               o.message_key, o.created_at, o.queued_at, o.state, o.attempts, o.next_attempt_at, o.last_error, o.finished_at
        FROM mail_outbox o JOIN person p ON p.id = o.person_id
        """

    static func record(_ row: RowDecoder) throws -> OutboxRecord {
        OutboxRecord(
            id: try row.int("id"), kind: try row.parsed("kind", as: "mail kind", MailKind.init(rawValue:)), personID: try row.int("person_id"),
            handle: try row.string("handle"), address: try row.string("address"), displayName: try row.string("display_name"),
            subject: try row.string("subject"), textBody: try row.string("text_body"), htmlBody: try row.string("html_body"),
            unsubscribeURL: try row.optionalString("unsubscribe_url"), messageKey: try row.string("message_key"),
            createdAt: try row.string("created_at"), queuedAt: try row.int("queued_at"), state: try row.parsed("state", as: "state", OutboxRecord.State.init(rawValue:)),
            attempts: Int(try row.int("attempts")), nextAttemptAt: try row.int("next_attempt_at"), lastError: try row.optionalString("last_error"),
            finishedAt: try row.optionalString("finished_at"))
    }

    /// The mail with this id.
    public func mail(id: Int64) throws -> OutboxRecord? {
        try connection.queryFirst(Self.columns + " WHERE o.id = ?", id, table: "mail_outbox", decode: Self.record)
    }

    /// Pending mail due at `now` (Unix seconds), oldest first, at most `limit` (through mail_outbox_due_idx).
    public func due(now: Int64, limit: Int) throws -> [OutboxRecord] {
        try connection.query(Self.columns + " WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?", now, limit,
                             table: "mail_outbox", decode: Self.record)
    }

    /// How many mails wait to be sent (state pending). For the operator's metrics (issue 30): counts only, nothing about whom they are for.
    public func pendingCount() throws -> Int64 {
        try connection.queryFirst("SELECT count(*) AS pending FROM mail_outbox WHERE state = 'pending'", table: "mail_outbox") {
            try $0.int("pending")
        } ?? 0
    }

    /// When the next pending mail comes due (Unix seconds), if any mail is pending.
    public func nextDue() throws -> Int64? {
        try connection.queryFirst("SELECT min(next_attempt_at) AS next FROM mail_outbox WHERE state = 'pending'", table: "mail_outbox") {
            try $0.optionalInt("next")
        } ?? nil
    }

    /// Claims a due mail for one attempt: counts the attempt and moves its next attempt to `leaseUntil`, so no other
    /// sender takes it meanwhile and a crashed sender's mail comes due again by itself. False when it was not due.
    public func claim(id: Int64, now: Int64, leaseUntil: Int64) throws -> Bool {
        try connection.run(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?",
            leaseUntil, id, now)
        return connection.changes == 1
    }

    /// Records a delivered mail (an invitation's bodies, which hold its token, are blanked).
    public func delivered(id: Int64, at: String, reply: String) throws {
        try connection.run(
            """
            UPDATE mail_outbox SET state = 'delivered', finished_at = ?, last_error = NULLIF(?, ''),
                text_body = CASE kind WHEN 'invitation' THEN '' ELSE text_body END,
                html_body = CASE kind WHEN 'invitation' THEN '' ELSE html_body END
            WHERE id = ? AND state = 'pending'
            """, at, reply, id)
    }

    /// Records a failed attempt: tried again at `retryAt`, or given up when it is nil.
    public func failed(id: Int64, at: String, error: String, retryAt: Int64?) throws {
        if let retryAt {
            try connection.run("UPDATE mail_outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'", error, retryAt, id)
        } else {
            try connection.run(
                """
                UPDATE mail_outbox SET state = 'failed', finished_at = ?, last_error = ?, text_body = CASE kind WHEN 'invitation' THEN '' ELSE text_body END,
                    html_body = CASE kind WHEN 'invitation' THEN '' ELSE html_body END
                WHERE id = ? AND state = 'pending'
                """, at, error, id)
        }
    }

    /// Makes every pending mail due at `now` (a sender starting after a crash need not wait out its lease).
    public func releaseLeases(now: Int64) throws {
        try connection.run("UPDATE mail_outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ? AND attempts > 0", now, now)
    }

    /// The delivery log, newest first: every mail, or one person's; at most `limit`.
    public func log(personID: Int64?, limit: Int) throws -> [OutboxRecord] {
        if let personID {
            return try connection.query(Self.columns + " WHERE o.person_id = ? ORDER BY o.id DESC LIMIT ?", personID, limit,
                                        table: "mail_outbox", decode: Self.record)
        }
        return try connection.query(Self.columns + " ORDER BY o.id DESC LIMIT ?", limit, table: "mail_outbox", decode: Self.record)
    }
}

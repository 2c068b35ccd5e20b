#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookApp
import LogbookDomain
import LogbookMail
import Logging
import ServiceLifecycle

/// The server's mail settings (issue 27): the relay (`LOGBOOK_SMTP_*`, docs/mail.md), where links point
/// (`LOGBOOK_BASE_URL`) and the hour of the daily digest (`LOGBOOK_DIGEST_HOUR`, the server's local time).
public struct ServerMail: Sendable {
    public var settings: SMTPSettings
    public var links: MailLinks
    /// 0–23: from this hour on, the day's digests are written (once a day per person); nil: the server sends none.
    public var digestHour: Int?

    /// Creates the settings.
    public init(settings: SMTPSettings, links: MailLinks, digestHour: Int? = 6) {
        self.settings = settings
        self.links = links
        self.digestHour = digestHour
    }
}

/// Raised when a write put mail in the outbox (after its commit): the sender wakes at once, not at its next check.
/// A stream of wake-ups (raises and the sender's own once-a-second ticks) with a flag saying whether mail was written.
public final class MailSignal: @unchecked Sendable {
    private var raised = false
    private var mutex = pthread_mutex_t()
    let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        pthread_mutex_init(&mutex, nil)
        (wakeUps, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Raises the signal and wakes the sender.
    public func raise() {
        pthread_mutex_lock(&mutex)
        raised = true
        pthread_mutex_unlock(&mutex)
        continuation.yield()
    }

    /// Wakes the sender without raising the signal (its clock).
    func tick() { continuation.yield() }

    /// Whether it was raised since the last call; lowers it.
    func take() -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        let was = raised
        raised = false
        return was
    }
}

/// Turning outbox rows into messages and the relay's answers into outcomes: shared by the server's sender and
/// `logbook account invite --send`.
public enum OutboxMessages {
    /// The message of an outbox row: its Message-ID is `logbook.<id>.<key>@<sender's domain>` on every attempt.
    public static func message(_ mail: OutboxRecord, sender: MailAddress) throws -> MailMessage {
        try MailMessage(from: sender, to: try MailAddress(mail.address, displayName: mail.displayName), subject: mail.subject,
                        body: mail.textBody, messageID: "logbook.\(mail.id).\(mail.messageKey)@\(sender.domain)", htmlBody: mail.htmlBody,
                        listUnsubscribe: mail.unsubscribeURL)
    }

    /// What a delivery result means for the row: delivered (with the reply), or failed and whether for good (a 5xx).
    public static func outcome(_ result: DeliveryResult) -> (delivered: Bool, text: String, permanent: Bool) {
        switch result.outcome {
        case .delivered(let reply): (true, reply.description, false)
        case .refused(let stage, let reply): (false, "refused at \(stage.rawValue): \(reply.description)", reply.code >= 500)
        case .failed(let error): (false, error.description, false)
        }
    }

    /// Sends claimed rows over one connection and records each outcome through `record` (the row, delivered, the text,
    /// permanent). A row that cannot become a message is failed for good; a relay that cannot be reached fails all
    /// of them for now.
    public static func send(_ mails: [OutboxRecord], settings: SMTPSettings,
                            record: (OutboxRecord, Bool, String, Bool) async throws -> Void) async throws {
        var messages: [(OutboxRecord, MailMessage)] = []
        for mail in mails {
            do { messages.append((mail, try message(mail, sender: settings.sender))) } catch {
                try await record(mail, false, "cannot be sent: \(error)", true)
            }
        }
        guard !messages.isEmpty else { return }
        let results: [DeliveryResult]
        do {
            results = try await SMTPClient(settings: settings).send(messages.map(\.1))
        } catch {
            for (mail, _) in messages { try await record(mail, false, String(describing: error), false) }
            return
        }
        for ((mail, _), result) in zip(messages, results) {
            let (delivered, text, permanent) = outcome(result)
            try await record(mail, delivered, text, permanent)
        }
    }
}

/// The sender: a service of the server's group that delivers the outbox after each commit and retries with back-off
/// (`MailRetry`) across restarts; it also writes the daily digests from `ServerMail.digestHour` on.
///
/// Never lost: a mail is claimed (with a lease) before it is sent and recorded after; a sender that dies leaves its
/// mail due again, and on start every pending mail is made due at once. Never twice, as far as SMTP allows: only the
/// claimant sends a row; a crash after the relay took a message and before the record would send it again with the
/// same Message-ID, which mail systems recognise as one message.
struct MailSender: Service {
    let database: Database
    let mail: ServerMail
    let signal: MailSignal
    let logger: Logger
    /// The longest sleep between checks of the outbox when nothing wakes the sender.
    static let idleCheckSeconds: Int64 = 30
    static let batch = 50

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await loop() }
        } catch is CancellationError {
            // Stopping: what is not delivered waits in the outbox for the next start.
        }
    }

    func loop() async throws {
        try await database.run(as: nil, writing: true) { try Mail.releaseLeases($0) }
        let digest = mail.digestHour.map { "from \($0):00" } ?? "off"
        logger.info("mail: sending through \(mail.settings.host):\(mail.settings.port), links to \(mail.links.baseURL), digest \(digest)")
        let signal = self.signal
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The clock: a wake-up every second, for mail coming due after a back-off and for the digest hour.
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    signal.tick()
                }
            }
            var nextCheck: Int64 = 0
            var lastDigestCheck: Int64 = 0
            var digestDone: CalendarDate?
            signal.tick()
            for await _ in signal.wakeUps {
                if Task.isCancelled { break }
                let now = database.configuration.seconds()
                if signal.take() || now >= nextCheck {
                    await deliverDue()
                    let next = (try? await database.run(as: nil, writing: false) { try Mail.nextDue($0) }) ?? nil
                    nextCheck = min(next ?? Int64.max, database.configuration.seconds() + Self.idleCheckSeconds)
                }
                if now - lastDigestCheck >= 60 {
                    lastDigestCheck = now
                    let today = database.configuration.today()
                    if digestDone != today, await digests() { digestDone = today }
                }
            }
            group.cancelAll()
        }
    }

    /// One or more passes over the due mail until none is left.
    func deliverDue() async {
        while !Task.isCancelled {
            let claimed: [OutboxRecord]
            do {
                claimed = try await database.run(as: nil, writing: true) { try Mail.claimDue($0, limit: Self.batch) }
            } catch {
                logger.error("mail: cannot read the outbox: \(error)")
                return
            }
            guard !claimed.isEmpty else { return }
            do {
                try await OutboxMessages.send(claimed, settings: mail.settings) { row, delivered, text, permanent in
                    if delivered {
                        try await database.run(as: nil, writing: true) { try Mail.recordDelivered($0, id: row.id, reply: text) }
                        logger.info("mail delivered", metadata: ["mail": .stringConvertible(row.id), "kind": .string(row.kind.rawValue),
                                                                 "to": .string(row.handle)])
                    } else {
                        let retry = try await database.run(as: nil, writing: true) {
                            try Mail.recordFailure($0, id: row.id, problem: text, permanent: permanent)
                        }
                        logger.warning("mail not delivered\(retry ? "; will retry" : "; given up"): \(text)",
                                       metadata: ["mail": .stringConvertible(row.id), "to": .string(row.handle)])
                    }
                }
            } catch {
                logger.error("mail: cannot record a delivery: \(error)")
                return
            }
            if claimed.count < Self.batch { return }
        }
    }

    /// From the digest hour on, the day's digests (at most once a day per person, `reminder_sent`); true when they were
    /// written (the sender then waits for the next day), false before the hour or on an error (tried again in a minute).
    func digests() async -> Bool {
        guard let digestHour = mail.digestHour else { return false }
        var clock = time_t(database.configuration.seconds())
        var parts = tm()
        localtime_r(&clock, &parts)
        guard Int(parts.tm_hour) >= digestHour else { return false }
        do {
            let count = try await database.run(as: nil, writing: true) { try Mail.queueDigests($0) }
            logger.info("mail: \(count) daily digest(s) written to the outbox")
            return true
        } catch {
            logger.error("mail: cannot write the daily digests: \(error)")
            return false
        }
    }
}

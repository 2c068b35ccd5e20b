/// The kinds of mail the server sends (issue 27).
public enum MailKind: String, Sendable, Hashable, CaseIterable {
    /// A new approval request, to its addressee.
    case request
    /// A declined request, with the reason, to the trainee.
    case decline
    /// A request answered by approvals, to the trainee.
    case approval
    /// An invitation to set a password: always sent, whatever the person chose.
    case invitation
    /// The daily digest of the person's inbox (`logbook remind`'s).
    case digest
}

/// When a person wants a kind of mail (indstillinger for e-mail: straks / dagligt overblik / aldrig).
public enum MailChoice: String, Sendable, Hashable, CaseIterable {
    /// Right away (straks).
    case now
    /// Only in the daily digest (dagligt overblik).
    case digest
    /// Not at all (aldrig).
    case never
}

/// Whether a person gets the daily digest.
public enum DigestChoice: String, Sendable, Hashable, CaseIterable {
    case daily
    case never
}

/// A person's mail settings: the language of their mail and when they want each kind. The defaults (no stored row):
/// Danish, requests and answers right away, a daily digest.
public struct MailPreferences: Sendable, Hashable {
    /// `da` or `en`.
    public var language: String
    /// New approval requests to the person.
    public var requests: MailChoice
    /// Answers (declines and approvals) to the person's own requests.
    public var answers: MailChoice
    public var digest: DigestChoice

    public static let defaults = MailPreferences(language: "da", requests: .now, answers: .now, digest: .daily)

    /// Creates the settings.
    public init(language: String, requests: MailChoice, answers: MailChoice, digest: DigestChoice) {
        self.language = language
        self.requests = requests
        self.answers = answers
        self.digest = digest
    }

    /// Whether a mail of `kind` goes out at once: invitations always; a digest when the person takes one.
    public func sendsAtOnce(_ kind: MailKind) -> Bool {
        switch kind {
        case .invitation: true
        case .request: requests == .now
        case .decline, .approval: answers == .now
        case .digest: digest == .daily
        }
    }
}

/// One outbox row: a mail written with the act that caused it, and what became of it (the delivery log).
public struct OutboxRecord: Sendable, Hashable {
    /// Whether the mail still waits, was taken by the relay, or was given up.
    public enum State: String, Sendable, Hashable {
        case pending, delivered, failed
    }

    public let id: Int64
    public let kind: MailKind
    public let personID: Int64
    public let handle: String
    public let address: String
    public let displayName: String
    public let subject: String
    public let textBody: String
    public let htmlBody: String
    public let unsubscribeURL: String?
    /// The Message-ID's random part: `logbook.<id>.<key>@<domain>`, the same on every attempt.
    public let messageKey: String
    public let createdAt: String
    /// Unix seconds when it was written (the clock of `nextAttemptAt`).
    public let queuedAt: Int64
    public let state: State
    public let attempts: Int
    /// Unix seconds.
    public let nextAttemptAt: Int64
    public let lastError: String?
    public let finishedAt: String?

    /// Creates the record.
    public init(id: Int64, kind: MailKind, personID: Int64, handle: String, address: String, displayName: String, subject: String,
                textBody: String, htmlBody: String, unsubscribeURL: String?, messageKey: String, createdAt: String, queuedAt: Int64, state: State,
                attempts: Int, nextAttemptAt: Int64, lastError: String?, finishedAt: String?) {
        self.id = id
        self.kind = kind
        self.personID = personID
        self.handle = handle
        self.address = address
        self.displayName = displayName
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.unsubscribeURL = unsubscribeURL
        self.messageKey = messageKey
        self.createdAt = createdAt
        self.queuedAt = queuedAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.finishedAt = finishedAt
    }
}

/// When a mail the relay did not take is tried again: every 5, 10, 20, 40 seconds, then every minute for the first
/// hour, every 5 minutes until a day has passed, every 30 minutes until three days have passed; then it is given up
/// (and the delivery log says so). The same for a relay that is down and one that refuses with a temporary (4xx)
/// reply; a permanent refusal (5xx) is given up at once.
public enum MailRetry {
    /// How long a mail is tried before it is given up.
    public static let giveUpAfterSeconds: Int64 = 3 * 24 * 3600

    /// Seconds to wait after failed attempt number `attempt` (1 for the first), given the mail's age in seconds; nil:
    /// give up.
    public static func delay(afterAttempt attempt: Int, age: Int64) -> Int64? {
        guard age < giveUpAfterSeconds else { return nil }
        switch attempt {
        case ..<1: return 0
        case 1: return 5
        case 2: return 10
        case 3: return 20
        case 4: return 40
        default: break
        }
        if age < 3600 { return 60 }
        if age < 24 * 3600 { return 300 }
        return 1800
    }
}

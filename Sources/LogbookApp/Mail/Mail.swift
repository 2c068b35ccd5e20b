import LogbookDomain
import LogbookStore

/// The server's mail (issue 27) as use cases: what the sender delivers and records, the daily digest it schedules,
/// the delivery log the secretariat reads, and each person's mail settings.
///
/// The sender's use cases are operator jobs like `logbook remind` (no actor): the server runs them itself.
public enum Mail {
    // MARK: The sender

    /// Makes every pending mail due now: a sender starting after a crash delivers what a dead sender had claimed.
    public static func releaseLeases(_ session: Session) throws {
        try session.store.write { try MailRepository(session.store).releaseLeases(now: session.seconds()) }
    }

    /// Claims up to `limit` due mails for one attempt each, in one transaction; the claim lasts `leaseSeconds`, so a
    /// sender that dies mid-attempt leaves them due again after it (and at once after a restart, `releaseLeases`).
    public static func claimDue(_ session: Session, limit: Int = 50, leaseSeconds: Int64 = 300) throws -> [OutboxRecord] {
        try session.store.write {
            let repository = MailRepository(session.store)
            let now = session.seconds()
            return try repository.due(now: now, limit: limit).compactMap { due in
                try repository.claim(id: due.id, now: now, leaseUntil: now + leaseSeconds) ? try repository.mail(id: due.id) : nil
            }
        }
    }

    /// Claims one mail for an attempt now (`logbook account invite --send` delivers its invitation itself); nil when it
    /// is not pending and due.
    public static func claim(_ session: Session, id: Int64, leaseSeconds: Int64 = 300) throws -> OutboxRecord? {
        try session.store.write {
            let repository = MailRepository(session.store)
            let now = session.seconds()
            guard try repository.claim(id: id, now: now, leaseUntil: now + leaseSeconds) else { return nil }
            return try repository.mail(id: id)
        }
    }

    /// How many mails wait in the outbox (pending: not yet taken by the relay, retries included). A count only, for
    /// the operator's `/metrics` (issue 30); needs no actor.
    public static func backlog(_ session: Session) throws -> Int64 {
        try session.store.read { try MailRepository(session.store).pendingCount() }
    }

    /// When the next pending mail comes due (Unix seconds), if any is pending.
    public static func nextDue(_ session: Session) throws -> Int64? {
        try session.store.read { try MailRepository(session.store).nextDue() }
    }

    /// Records that the relay took a mail, with its reply.
    public static func recordDelivered(_ session: Session, id: Int64, reply: String) throws {
        try session.store.write { try MailRepository(session.store).delivered(id: id, at: session.now(), reply: String(reply.prefix(500))) }
    }

    /// Records a failed attempt: tried again after `MailRetry`'s delay, or given up when it is `permanent` (a 5xx
    /// refusal, an address the relay cannot take) or too old. Returns whether it will be tried again.
    @discardableResult
    public static func recordFailure(_ session: Session, id: Int64, problem: String, permanent: Bool) throws -> Bool {
        try session.store.write {
            let repository = MailRepository(session.store)
            guard let mail = try repository.mail(id: id), mail.state == .pending else { return false }
            let now = session.seconds()
            let age = now - mail.queuedAt
            let delay = permanent ? nil : MailRetry.delay(afterAttempt: mail.attempts, age: age)
            try repository.failed(id: id, at: session.now(), error: String(problem.prefix(500)), retryAt: delay.map { now + $0 })
            return delay != nil
        }
    }

    // MARK: The daily digest

    /// Writes the day's digests to the outbox, in one transaction with `logbook remind`'s record of them: everyone with
    /// an address, who takes a digest, has something in their inbox and had none that day gets one, in their language.
    /// Returns how many were written.
    public static func queueDigests(_ session: Session) throws -> Int {
        guard session.mail != nil else { return 0 }
        let day = session.today
        return try session.store.write {
            let people = PersonRepository(session.store)
            let workflow = WorkflowRepository(session.store)
            let mail = MailRepository(session.store)
            var count = 0
            for person in try people.withEmail() {
                guard let address = person.email, try !workflow.reminderSent(personID: person.id, on: day) else { continue }
                let preferences = try mail.preferences(personID: person.id)
                guard preferences.digest == .daily else { continue }
                let t = Outbox.texts(preferences)
                let reader = Session(store: session.store, today: day, actorHandle: nil, now: session.now, seconds: session.seconds,
                                     language: t.language, mail: session.mail)
                let items = try Inbox.items(reader, for: person, actor: try people.actor(person), on: day)
                guard !items.isEmpty else { continue }
                let digest = Reminders.digest(person, address: address, day: day, items: items, texts: t)
                guard try workflow.recordReminder(personID: person.id, on: day, at: session.now(), address: address) else { continue }
                try Outbox.digest(reader, digest, preferences: preferences, texts: t)
                session.mailQueued += reader.mailQueued
                count += reader.mailQueued
            }
            return count
        }
    }

    // MARK: The delivery log

    /// The delivery log, newest first: for the secretariat every mail (or one person's, `handle`); anyone else only
    /// their own. From the CLI without `--as` (an operator job, like `remind`) everything.
    public static func log(_ session: Session, handle: String? = nil, limit: Int = 200) throws -> [OutboxRecord] {
        try session.store.read {
            let repository = MailRepository(session.store)
            let wanted = try handle.map { try session.person($0, what: "HANDLE") }
            if session.actorHandle == nil && session.readScope == .everything {
                return try repository.log(personID: wanted?.id, limit: limit)
            }
            let (person, actor) = try session.actor()
            let secretariat = actor.grants.contains { $0.role == .secretariat && $0.isValid(on: session.today) }
            if !secretariat {
                guard wanted == nil || wanted?.id == person.id else {
                    throw LogbookError.forbidden(session.texts("mail.log.forbidden", ["actor": person.handle]))
                }
                return try repository.log(personID: person.id, limit: limit)
            }
            return try repository.log(personID: wanted?.id, limit: limit)
        }
    }

    // MARK: Settings

    /// A person's mail settings: their own, or anyone's for whoever may add people (secretariat, UAO, tutor).
    public static func preferences(_ session: Session, handle: String? = nil) throws -> (person: PersonRecord, preferences: MailPreferences) {
        try session.store.read {
            let person = try Self.subject(session, handle)
            return (person, try MailRepository(session.store).preferences(personID: person.id))
        }
    }

    /// Changes a person's mail settings (their own; anyone's for whoever may add people); nil leaves a setting as it is.
    public static func setPreferences(_ session: Session, handle: String? = nil, language: String? = nil, requests: String? = nil,
                                      answers: String? = nil, digest: String? = nil) throws -> (person: PersonRecord, preferences: MailPreferences) {
        let t = session.texts
        func choice(_ text: String?, _ field: String) throws -> MailChoice? {
            guard let text else { return nil }
            guard let value = MailChoice(rawValue: text.trimmed.lowercased()) else {
                throw LogbookError.usage(t("mail.settings.badChoice", ["field": field, "value": text]))
            }
            return value
        }
        let requests = try choice(requests, "requests"), answers = try choice(answers, "answers")
        let digestChoice: DigestChoice? = try digest.map {
            guard let value = DigestChoice(rawValue: $0.trimmed.lowercased()) else {
                throw LogbookError.usage(t("mail.settings.badDigest", ["value": $0]))
            }
            return value
        }
        let language: String? = try language.map {
            guard let value = Language(rawValue: $0.trimmed.lowercased()) else {
                throw LogbookError.usage(t("mail.settings.badLanguage", ["value": $0]))
            }
            return value.rawValue
        }
        return try session.store.write {
            let person = try Self.subject(session, handle)
            let repository = MailRepository(session.store)
            var preferences = try repository.preferences(personID: person.id)
            if let language { preferences.language = language }
            if let requests { preferences.requests = requests }
            if let answers { preferences.answers = answers }
            if let digestChoice { preferences.digest = digestChoice }
            let actor = session.actorHandle == nil ? nil : try session.actor().person.id
            try repository.setPreferences(personID: person.id, preferences, changedBy: actor, at: session.now())
            return (person, preferences)
        }
    }

    /// Whose settings: `handle` (someone else's needs the right to add people), else the acting person.
    static func subject(_ session: Session, _ handle: String?) throws -> PersonRecord {
        if session.actorHandle == nil && session.readScope == .everything, let handle {  // the CLI as operator
            return try session.person(handle, what: "HANDLE")
        }
        let (person, actor) = try session.actor()
        guard let handle, handle != person.handle else { return person }
        _ = try Access.mayAddPerson(by: actor, on: session.today).require(session.texts)
        return try session.visiblePerson(handle, what: "HANDLE")
    }
}

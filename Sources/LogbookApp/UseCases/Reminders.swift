import LogbookDomain
import LogbookStore

/// One person's reminder digest: their inbox on the day, as an e-mail's subject and plain-text body.
public struct Digest: Sendable {
    public let person: PersonRecord
    public let address: String
    public let day: CalendarDate
    public let items: [InboxItem]
    public let subject: String
    public let body: String
}

/// `logbook remind`: each person with an e-mail address gets a digest of their inbox — requests to answer, what is
/// overdue, what is due within `Inbox.horizonDays` days — at most once a day, so cron may run it hourly.
///
/// Sending is the front end's business (the CLI hands the digests to LogbookMail); this use case says who gets what
/// and keeps the reminder log: `claim` records a digest as sent *before* it goes out (so two runs at once never both
/// send it), `release` takes the record back for a digest the relay did not accept (so the next run tries again).
/// An operator job like `verify`: it runs with the database file's permissions and needs no `--as`.
public enum Reminders {
    /// The digests due on `on` (default today): everyone with an e-mail address and something in their inbox who has
    /// not had one that day; only `handle` when given.
    public static func digests(_ session: Session, on: String? = nil, handle: String? = nil) throws -> [Digest] {
        let day = try Overviews.day(session, on)
        return try session.store.read {
            let people = PersonRepository(session.store)
            let workflow = WorkflowRepository(session.store)
            let everyone: [PersonRecord]
            if let handle {
                let person = try session.person(handle, what: "--person")
                guard person.email != nil else {
                    throw LogbookError.refused(session.texts("remind.noEmail", ["handle": person.handle]))
                }
                everyone = [person]
            } else {
                everyone = try people.withEmail()
            }
            var digests: [Digest] = []
            for person in everyone {
                guard let address = person.email, try !workflow.reminderSent(personID: person.id, on: day) else { continue }
                let items = try Inbox.items(session, for: person, actor: try people.actor(person), on: day)
                guard !items.isEmpty else { continue }
                digests.append(digest(person, address: address, day: day, items: items, texts: session.texts))
            }
            return digests
        }
    }

    static func digest(_ person: PersonRecord, address: String, day: CalendarDate, items: [InboxItem], texts t: Texts) -> Digest {
        var lines = [t("remind.greeting", ["name": person.name]), "", t.plural("remind.intro", count: items.count, ["date": t.longDate(day)]), ""]
        for item in items {
            // The person's own position needs no name and number.
            lines.append(t("remind.line", ["date": t.date(item.since), "text": item.trainee.id == person.id ? item.summary : item.text]))
        }
        lines += ["", t("remind.footer", ["handle": person.handle]), t("remind.why")]
        return Digest(person: person, address: address, day: day, items: items,
                      subject: t.plural("remind.subject", count: items.count, ["date": t.date(day)]), body: lines.joined(separator: "\n"))
    }

    /// Records the digests as sent on their day; returns those this run may send (another run may have claimed some).
    public static func claim(_ session: Session, _ digests: [Digest]) throws -> [Digest] {
        try session.store.write {
            let workflow = WorkflowRepository(session.store)
            return try digests.filter { try workflow.recordReminder(personID: $0.person.id, on: $0.day, at: session.now(), address: $0.address) }
        }
    }

    /// Takes back the record of digests that were not delivered, so a later run sends them.
    public static func release(_ session: Session, _ digests: [Digest]) throws {
        guard !digests.isEmpty else { return }
        try session.store.write {
            let workflow = WorkflowRepository(session.store)
            for digest in digests { try workflow.forgetReminder(personID: digest.person.id, on: digest.day) }
        }
    }
}

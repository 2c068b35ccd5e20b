import LogbookDomain
import LogbookStore

/// A mail's words before it is written to the outbox: subject, paragraphs, an optional quoted text (a reason, a
/// message), the one link, and the footer. Rendered as plain text and as HTML, every value escaped in the HTML.
struct MailContent {
    var subject: String
    var greeting: String
    var paragraphs: [String]
    var quote: (label: String, text: String)?
    var link: (label: String, url: String)
    var footer: [String]

    /// The plain-text part.
    var text: String {
        var parts = [greeting, ""] + paragraphs.flatMap { [$0, ""] }
        if let quote { parts += [quote.label, quote.text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n"), ""] }
        parts += [link.label, link.url, "", "-- "] + footer
        return parts.joined(separator: "\n")
    }

    /// The HTML part: one simple page, every text escaped (`Outbox.escape`), line breaks as `<br>`.
    func html(language: Language) -> String {
        func paragraph(_ text: String, style: String = "") -> String {
            "<p\(style.isEmpty ? "" : " style=\"\(style)\"")>" + Outbox.escape(text).replacing("\n", with: "<br>\n") + "</p>\n"
        }
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head><meta charset=\"utf-8\"><title>\(Outbox.escape(subject))</title></head>\n"
        out += "<body style=\"font-family: sans-serif; line-height: 1.4; max-width: 40em\">\n"
        out += paragraph(greeting)
        for text in paragraphs { out += paragraph(text) }
        if let quote {
            out += paragraph(quote.label)
            out += "<blockquote style=\"border-left: 3px solid #999; margin-left: 0; padding-left: 1em\">"
                + Outbox.escape(quote.text).replacing("\n", with: "<br>\n") + "</blockquote>\n"
        }
        out += "<p><a href=\"\(Outbox.escape(link.url))\" style=\"font-weight: bold\">\(Outbox.escape(link.label))</a></p>\n"
        out += "<hr>\n" + paragraph(footer.joined(separator: "\n"), style: "color: #555; font-size: small")
        out += "</body>\n</html>\n"
        return out
    }
}

/// The outbox (issue 27): each mail an act causes is written here in the act's own transaction, in the recipient's
/// language and as they chose (`MailPreferences`); the server's sender delivers it after the commit. Nothing is written
/// when the session has no `MailLinks` (no relay configured) or the recipient has no address or chose not to get it.
///
/// No mail names an absence or its kind (health data): mails name competencies, courses and what people wrote to
/// each other about them.
public enum Outbox {
    /// `&`, `<`, `>`, `"` and `'` as character references.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The texts of a person's mail language.
    static func texts(_ preferences: MailPreferences) -> Texts { Texts(Language(rawValue: preferences.language) ?? .da) }

    /// "I3, I8 og Akut kursus".
    static func items(_ items: [String], _ t: Texts) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + t("list.and") + items.last!
    }

    /// Writes `content` for `person` to the outbox when the session writes mail, the person has an address and wants
    /// `kind` now; returns the id.
    @discardableResult
    static func enqueue(_ session: Session, _ kind: MailKind, to person: PersonRecord, preferences: MailPreferences,
                        _ content: MailContent, language: Language) throws -> Int64? {
        guard let links = session.mail, let address = person.email, preferences.sendsAtOnce(kind) else { return nil }
        let mail = MailRepository.NewMail(
            kind: kind, personID: person.id, address: address, displayName: person.name, subject: content.subject, textBody: content.text,
            htmlBody: content.html(language: language), unsubscribeURL: kind == .invitation ? nil : links.preferences)
        let key = String(Accounts.newSecret().filter { $0.isLetter || $0.isNumber }.prefix(20))
        let id = try MailRepository(session.store).enqueue(mail, messageKey: key, at: session.now(), dueAt: session.seconds())
        session.mailQueued += 1
        return id
    }

    /// The footer every mail but an invitation ends with: why it came and where to change that.
    static func footer(_ t: Texts, _ links: MailLinks) -> [String] {
        [t("mail.footer.why"), t("mail.footer.settings", ["url": links.preferences])]
    }

    // MARK: The acts' mail

    /// A new request, to its addressee: "Berit Lund beder dig godkende I8".
    static func request(_ session: Session, _ request: ApprovalRequest) throws {
        guard let links = session.mail, request.addressee.email != nil else { return }
        let preferences = try MailRepository(session.store).preferences(personID: request.addressee.id)
        let t = texts(preferences)
        let what = items(request.items, t)
        let content = MailContent(
            subject: t("mail.request.subject", ["trainee": request.trainee.name, "items": what]),
            greeting: t("mail.greeting", ["name": request.addressee.name]),
            paragraphs: [t("mail.request.text", ["trainee": request.trainee.name, "items": what, "date": t.longDate(request.requestedOn),
                                                 "position": String(request.positionID)])],
            quote: request.message.trimmed.isEmpty ? nil : (t("mail.request.message", ["trainee": request.trainee.name]), request.message),
            link: (t("mail.request.link"), links.request(positionID: request.positionID, requestID: request.id)),
            footer: footer(t, links))
        try enqueue(session, .request, to: request.addressee, preferences: preferences, content, language: t.language)
    }

    /// A declined request, with the reason, to the trainee.
    static func decline(_ session: Session, _ request: ApprovalRequest, reason: String, by approver: PersonRecord) throws {
        guard let links = session.mail, request.trainee.email != nil else { return }
        let preferences = try MailRepository(session.store).preferences(personID: request.trainee.id)
        let t = texts(preferences)
        let what = items(request.items, t)
        let content = MailContent(
            subject: t("mail.decline.subject", ["approver": approver.name, "items": what]),
            greeting: t("mail.greeting", ["name": request.trainee.name]),
            paragraphs: [t("mail.decline.text", ["approver": approver.name, "items": what, "date": t.longDate(session.today)])],
            quote: (t("mail.decline.reason"), reason),
            link: (t("mail.answer.link"), links.position(request.positionID)),
            footer: footer(t, links))
        try enqueue(session, .decline, to: request.trainee, preferences: preferences, content, language: t.language)
    }

    /// A request answered by approvals, to the trainee.
    static func approval(_ session: Session, trainee: PersonRecord, positionID: Int64, items approved: [String], by approver: PersonRecord) throws {
        guard let links = session.mail, trainee.email != nil, trainee.id != approver.id else { return }
        let preferences = try MailRepository(session.store).preferences(personID: trainee.id)
        let t = texts(preferences)
        let what = items(approved, t)
        let content = MailContent(
            subject: t("mail.approval.subject", ["approver": approver.name, "items": what]),
            greeting: t("mail.greeting", ["name": trainee.name]),
            paragraphs: [t("mail.approval.text", ["approver": approver.name, "items": what, "date": t.longDate(session.today)])],
            quote: nil,
            link: (t("mail.answer.link"), links.position(positionID)),
            footer: footer(t, links))
        try enqueue(session, .approval, to: trainee, preferences: preferences, content, language: t.language)
    }

    /// An invitation, with its one-time link, to the invited person; always sent (their choices do not apply).
    static func invitation(_ session: Session, _ invitation: Accounts.Invitation, person: PersonRecord, inviter: PersonRecord?) throws -> Int64? {
        guard let links = session.mail, person.email != nil else { return nil }
        let preferences = try MailRepository(session.store).preferences(personID: person.id)
        let t = texts(preferences)
        let content = MailContent(
            subject: t("mail.invitation.subject"),
            greeting: t("mail.greeting", ["name": person.name]),
            paragraphs: [t(inviter == nil ? "mail.invitation.text.nobody" : "mail.invitation.text", ["inviter": inviter?.name ?? ""]),
                         t("mail.invitation.expires", ["until": Accounts.moment(invitation.expiresAt, t), "handle": person.handle])],
            quote: nil,
            link: (t("mail.invitation.link"), links.invitation(token: invitation.token)),
            footer: [t("mail.invitation.footer")])
        return try enqueue(session, .invitation, to: person, preferences: preferences, content, language: t.language)
    }

    /// A daily digest (the inbox of `logbook remind`), in the person's language.
    static func digest(_ session: Session, _ digest: Digest, preferences: MailPreferences, texts t: Texts) throws {
        guard let links = session.mail else { return }
        var lines: [String] = []
        for item in digest.items {
            lines.append(t("remind.line", ["date": t.date(item.since), "text": item.trainee.id == digest.person.id ? item.summary : item.text]))
        }
        let content = MailContent(
            subject: digest.subject,
            greeting: t("remind.greeting", ["name": digest.person.name]),
            paragraphs: [t.plural("remind.intro", count: digest.items.count, ["date": t.longDate(digest.day)]), lines.joined(separator: "\n")],
            quote: nil,
            link: (t("mail.digest.link"), links.home),
            footer: [t("remind.why")] + footer(t, links))
        try enqueue(session, .digest, to: digest.person, preferences: preferences, content, language: t.language)
    }
}

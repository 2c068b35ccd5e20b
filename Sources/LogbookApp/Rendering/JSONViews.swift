import LogbookDomain
import LogbookFormats

/// The JSON of the listings that both the CLI (`--format json`) and the server (`/api/v1`) give: one encoding, so a
/// script reads the same keys from either. Keys are snake_case, dates ISO, and sentences English whatever the language.
public enum JSONViews {
    // MARK: Approval requests

    /// One approval request, as `logbook request list --format json` gives it; `names` maps handles to full names.
    public static func request(_ request: ApprovalRequest, names: [String: String]) -> JSONValue {
        .object([
            ("id", .int(request.id)),
            ("date", .string(request.requestedOn.iso)),
            ("to", .string(names[request.addressee.handle] ?? request.addressee.handle)),
            ("handle", .string(request.addressee.handle)),
            ("items", .array(request.items.map { .string($0) })),
            ("assessments", .array(request.assessments.map { .int($0) })),
            ("status", .string(request.outcome?.rawValue ?? "open")),
            ("message", .string(request.message)),
        ])
    }

    /// Requests in order.
    public static func requests(_ requests: [ApprovalRequest], names: [String: String]) -> JSONValue {
        .array(requests.map { request($0, names: names) })
    }

    // MARK: Inbox

    /// What waits for a person, as `logbook inbox --format json` gives it.
    public static func inbox(_ items: [InboxItem]) -> JSONValue {
        .array(items.map { item in
            .object([
                ("since", .string(item.since.iso)), ("kind", .string(item.kind.rawValue)), ("position", .int(item.positionID)),
                ("trainee", .string(item.trainee.handle)), ("name", .string(item.trainee.name)), ("subject", .string(item.subject)),
                ("request", item.request.map { .int($0) } ?? .null), ("what", .string(item.summary)), ("text", .string(item.text)),
            ])
        })
    }

    // MARK: History

    /// A position's acts in order, as `logbook history --format json` gives them: "number" counts the position's own
    /// acts 1, 2, 3; "event" is the id `revoke` takes; "what" and "revoked" are English sentences.
    public static func history(_ events: [EventRecord], names: [String: String]) -> JSONValue {
        let words = Texts.untranslated
        var numbers: [Int64: Int] = [:]
        for (index, event) in events.enumerated() { numbers[event.id] = index + 1 }
        return .array(events.map { event in
            let content = event.content
            let what = words.historyWhat(content)
            let revoked: JSONValue = event.revokedBy.map { revocation -> JSONValue in
                .string(words("history.revoked", ["by": names[revocation.actor] ?? revocation.actor, "date": revocation.on.iso,
                                                  "event": String(revocation.eventID), "reason": revocation.reason]))
            } ?? .null
            return .object([
                ("number", .int(Int64(numbers[event.id] ?? 0))), ("event", .int(event.id)), ("date", .string(content.effectiveOn.iso)),
                ("recorded", .string(content.recordedAt)), ("what", .string(what)),
                ("course_name", content.kind == .courseApproval ? .string(content.course ?? "") : .null),
                ("by", .string(names[content.actor] ?? content.actor)), ("handle", .string(content.actor)),
                ("role", .string(content.actorRole)), ("department", .string(content.actorDepartment)), ("text", .string(content.text)),
                ("revoked", revoked), ("signed", .bool(event.signature != nil)),
            ])
        })
    }

    // MARK: Meetings

    /// One vejledersamtale, as `logbook meeting list --format json` gives it.
    public static func meeting(_ meeting: MeetingRecord, names: [String: String]) -> JSONValue {
        .object([
            ("id", .int(meeting.id)), ("kind", .string(meeting.kind.rawValue)), ("date", .string(meeting.heldOn.iso)),
            ("recorded_by", .string(names[meeting.recordedBy] ?? meeting.recordedBy)), ("handle", .string(meeting.recordedBy)),
            ("plan", .string(meeting.plan)),
        ])
    }

    /// Meetings by date.
    public static func meetings(_ meetings: [MeetingRecord], names: [String: String]) -> JSONValue {
        .array(meetings.map { meeting($0, names: names) })
    }

    // MARK: Absence

    /// One absence period, as `logbook absence list --format json` gives it; with `withdrawnColumn` (`--all`) also
    /// "withdrawn": null for a standing period, who, when and why for a withdrawn one. A reader who may not see
    /// absence kinds (health data) gets "kind" and "note" null.
    public static func absence(_ line: AbsenceLine, withdrawnColumn: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(line.id)), ("kind", .string(line.kind?.rawValue)), ("from", .string(line.from.iso)),
            ("to", .string(line.to.iso)), ("days", .int(Int64(line.days))), ("counts", .bool(line.counts)),
            ("note", .string(line.note)),
        ]
        if withdrawnColumn {
            members.append(("withdrawn", line.withdrawn.map { gone -> JSONValue in
                .object([("on", .string(gone.on.iso)), ("by", .string(gone.by)), ("reason", .string(gone.reason))])
            } ?? .null))
        }
        return .object(members)
    }

    /// Absence periods in date order.
    public static func absences(_ lines: [AbsenceLine], withdrawnColumn: Bool) -> JSONValue {
        .array(lines.map { absence($0, withdrawnColumn: withdrawnColumn) })
    }

    /// A position's absence with its allowance and end (the server's `GET /positions/{id}/absences`).
    public static func absenceListing(_ listing: AbsenceListing) -> JSONValue {
        let schedule = listing.schedule
        return .object([
            ("position", .int(listing.positionID)),
            ("kinds_shown", .bool(listing.kindsShown)),
            ("counted_days", .int(Int64(schedule.countedAbsenceDays))),
            ("allowance_days", .int(Int64(schedule.allowanceDays))),
            ("allowance_left", .int(Int64(schedule.allowanceLeft))),
            ("end", .string(schedule.end.iso)),
            ("absences", absences(listing.lines, withdrawnColumn: true)),
        ])
    }

    // MARK: Eligibility

    /// The answer for programs (docs/schemas/eligibility.schema.json): applying and starting each with its reason as
    /// a stable code and an English sentence, the same in every language.
    public static func eligibility(_ handle: String, _ specialty: String, _ answer: Eligibility, on day: CalendarDate) -> JSONValue {
        let english = Texts.untranslated
        func reason(_ reason: EligibilityReason) -> JSONValue {
            .object([("code", .string(reason.code)), ("text", .string(english.eligibility(reason)))])
        }
        return .object([
            ("trainee", .string(handle)), ("specialty", .string(specialty)), ("on", .string(day.iso)),
            ("may_apply", .bool(answer.mayApply)), ("apply_reason", reason(answer.why)),
            ("may_start", .bool(answer.mayStart)), ("start_reason", reason(answer.startReason)),
            ("rests_on", .array(answer.restsOn.map { .int($0) })),
        ])
    }
}

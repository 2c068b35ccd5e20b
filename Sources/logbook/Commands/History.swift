import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook history --position ID`: every event in order.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: Help.abstract("help.history"),
        discussion: Help.text("help.history.discussion"))
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var target: PositionOption

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let (_, events, names) = try Approvals.history(session, positionID: target.position)
        let table = output.isTable
        let json = (try? output.chosen) == .json
        // JSON is the encoding the server's GET /api/v1/positions/{id}/history gives too.
        if json { return try output.emit(JSONViews.history(events, names: names).serialized(pretty: true) + "\n", t) }
        // Tables are for reading (names, short roles, dates as the language writes them); CSV and JSON keep ISO dates,
        // and JSON the stored keys, so scripts and spreadsheets sort and match them.
        // "No." numbers the position's own acts 1, 2, 3 in order; "Event" is the log's id, which `revoke` takes.
        var listing = Listing(columns: [
            .init("No.", key: "number", alignRight: true), .init("Event", alignRight: true), .init("Date"), .init("Recorded", key: "recorded", inTable: false),
            .init("What", wraps: true), .init("Course", key: "course_name", inTable: false), .init("By", flexible: true), .init("Handle", key: "handle", inTable: false),
            .init("Role"), .init("Department", inTable: false), .init("Text", inTable: false), .init("Revoked", flexible: true),
            .init("Signed", inTable: false),
        ])
        var numbers: [Int64: Int] = [:]
        for (index, event) in events.enumerated() { numbers[event.id] = index + 1 }
        func number(_ id: Int64) -> String { numbers[id].map(String.init) ?? "?" }
        // JSON is for programs: its "what" and "revoked" sentences are English whatever the language.
        let words = json ? Texts.untranslated : t
        for event in events {
            let content = event.content
            var what: String
            switch content.kind {
            case .competencyApproval: what = words("history.what.approved", ["code": content.competencyCode ?? "?"])
            case .courseApproval: what = words("history.what.course", ["course": content.course ?? "?"])
            case .revocation:
                // CSV and JSON keep their sentence ("revokes event 7"); the table names the act's number too.
                what = !table ? words("history.what.revokes", ["event": content.revokes.map(String.init) ?? "?"])
                    : words("history.what.revokesNumber", ["number": content.revokes.map(number) ?? "?", "event": content.revokes.map(String.init) ?? "?"])
            default: what = words.eventKind(content.kind)
            }
            let revoked: JSONValue = event.revokedBy.map { revocation in
                let by = names[revocation.actor] ?? revocation.actor
                return .string(table
                    ? t("history.revoked.short", ["number": number(revocation.eventID), "event": String(revocation.eventID)])
                    : words("history.revoked", ["by": by, "date": json || !table ? revocation.on.iso : t.date(revocation.on),
                                            "event": String(revocation.eventID), "reason": revocation.reason]))
            } ?? (table ? .string("") : .null)
            let role: String = json ? content.actorRole : (table ? t.shortRole(content.actorRole) : t.role(content.actorRole))
            let signed: JSONValue = json ? .bool(event.signature != nil)
                : .string(t(event.signature != nil ? "signature.signed" : "signature.unsigned"))
            let course: JSONValue = content.kind == .courseApproval ? .string(content.course ?? "") : (table ? .string("") : .null)
            listing.rows.append([
                .int(Int64(numbers[event.id] ?? 0)), .int(event.id), .string(table ? t.date(content.effectiveOn) : content.effectiveOn.iso), .string(content.recordedAt),
                .string(what), course, .string(names[content.actor] ?? content.actor), .string(content.actor), .string(role),
                .string(content.actorDepartment), .string(content.text), revoked, signed,
            ])
        }
        var text = output.render(listing, t)
        if table && !events.isEmpty {
            let unsigned = events.filter { $0.signature == nil }.count
            var legend = [t("history.legend"), t("role.legend")]
            if unsigned > 0 { legend.append(t.plural("history.unsigned", count: unsigned)) }
            legend.append(t("history.more"))
            text += "\n" + HistoryCommand.lines(legend)
        }
        try output.emit(text, t)
    }

    /// Legend and note lines, each broken at spaces to fit 80 columns, continuation lines indented.
    static func lines(_ texts: [String]) -> String {
        texts.flatMap { $0.wrapped(width: 80, indent: "  ") }.joined(separator: "\n") + "\n"
    }
}

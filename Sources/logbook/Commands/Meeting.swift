import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook meeting`: record and list vejledersamtaler.
struct MeetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: Help.abstract("help.meeting"),
        subcommands: [Add.self, List.self])

    /// `logbook meeting add --position ID --kind KIND --date DATE [--plan FILE|-]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: Help.abstract("help.meeting.add"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: Help.option("help.meeting.add.kind", valueName: "kind")) var kind: String
        @Option(help: Help.option("help.meeting.add.date", valueName: "date")) var date: String
        @Option(help: Help.option("help.meeting.add.plan", valueName: "file")) var plan: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let meeting = try Meetings.add(session, positionID: target.position, kind: kind, date: date, plan: plan)
            let values = ["id": String(meeting.id), "kind": t.meetingKind(meeting.kind), "date": t.date(meeting.heldOn),
                          "lines": t.plural("meeting.lines", count: meeting.plan.split(separator: "\n").count)]
            print(meeting.plan.isEmpty ? t("meeting.added", values) : t("meeting.added.plan", values))
        }
    }

    /// `logbook meeting list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.meeting.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let table = output.isTable, json = (try? output.chosen) == .json
            let meetings = try Meetings.list(session, positionID: target.position)
            let names = try session.names(meetings.map(\.recordedBy))
            // JSON is the encoding the server's GET /api/v1/positions/{id}/meetings gives too.
            if json { return try output.emit(JSONViews.meetings(meetings, names: names).serialized(pretty: true) + "\n", t) }
            var listing = Listing(columns: [
                .init("ID", alignRight: true), .init("Kind"), .init("Date"), .init("Recorded by", key: "recorded_by", flexible: true),
                .init("Handle", key: "handle", inTable: false), .init("Plan", flexible: true),
            ])
            for meeting in meetings {
                listing.rows.append([.int(meeting.id), .string(json ? meeting.kind.rawValue : t.meetingKind(meeting.kind)),
                                     .string(table ? t.date(meeting.heldOn) : meeting.heldOn.iso),
                                     .string(names[meeting.recordedBy] ?? meeting.recordedBy), .string(meeting.recordedBy),
                                     .string(meeting.plan)])
            }
            try output.emit(listing, t)
        }
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook meeting`: record and list vejledersamtaler.
struct MeetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Record and list supervision meetings (vejledersamtaler) with the revised training plan.",
        subcommands: [Add.self, List.self])

    /// `logbook meeting add --position ID --kind KIND --date DATE [--plan FILE|-]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a meeting: introduction, adjustment or final (introduktions-, justerings-, slutsamtale).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: "introduction, adjustment or final (Danish names accepted).") var kind: String
        @Option(help: "The day of the meeting (not in the future).") var date: String
        @Option(help: "The revised uddannelsesplan: a file, or - for standard input.") var plan: String?

        func run() throws {
            let meeting = try Meetings.add(try global.session(), positionID: target.position, kind: kind, date: date, plan: plan)
            print("meeting \(meeting.id): \(meeting.kind.rawValue) (\(meeting.kind.danishName)) on \(meeting.heldOn)"
                + (meeting.plan.isEmpty ? "" : ", plan of \(meeting.plan.split(separator: "\n").count) lines"))
        }
    }

    /// `logbook meeting list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List a position's meetings.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption

        func run() throws {
            var listing = Listing(columns: [
                .init("ID", alignRight: true), .init("Kind"), .init("Date"), .init("Recorded by", key: "recorded_by"),
                .init("Plan", flexible: true),
            ])
            for meeting in try Meetings.list(try global.session(), positionID: target.position) {
                listing.rows.append([.int(meeting.id), .string(meeting.kind.rawValue), .string(meeting.heldOn.iso),
                                     .string(meeting.recordedBy), .string(meeting.plan)])
            }
            try output.emit(listing, try global.texts())
        }
    }
}

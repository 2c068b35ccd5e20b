import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook inbox`: what waits for the acting person, oldest first, one line each.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inbox", abstract: Help.abstract("help.inbox"),
                                                    discussion: Help.text("help.inbox.discussion"))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOptions
    @Option(help: Help.option("help.inbox.on", valueName: "date")) var on: String?

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let items = try Inbox.items(session, on: on)
        let table = output.isTable
        // JSON is the encoding the server's GET /api/v1/inbox gives too.
        if (try? output.chosen) == .json { return try output.emit(JSONViews.inbox(items).serialized(pretty: true) + "\n", t) }
        if items.isEmpty, table {
            print(t("inbox.empty"))
            return
        }
        // The table: date, position, trainee and the short line; CSV and JSON carry the whole line and the machine facts.
        var listing = Listing(columns: [
            .init("Since", key: "since"), .init("Kind", key: "kind", inTable: false), .init("Pos.", key: "position", alignRight: true),
            .init("Trainee", key: "trainee", inTable: false), .init("Name", key: "name", flexible: true),
            .init("Subject", key: "subject", inTable: false), .init("Request", key: "request", inTable: false),
            .init("What", key: "what", flexible: true), .init("Text", key: "text", inTable: false),
        ])
        for item in items {
            listing.rows.append([
                .string(table ? t.date(item.since) : item.since.iso), .string(item.kind.rawValue), .int(item.positionID),
                .string(item.trainee.handle), .string(item.trainee.name), .string(item.subject), item.request.map { .int($0) } ?? .null,
                .string(item.summary), .string(item.text),
            ])
        }
        try output.emit(listing, t)
    }
}

import ArgumentParser
import LogbookApp
import LogbookFormats
import LogbookMail

/// `logbook account`: accounts for `logbook serve`.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: Help.abstract("help.account"),
        subcommands: [Invite.self, LogIns.self])

    /// `logbook account invite HANDLE`.
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: Help.abstract("help.account.invite"),
            discussion: Help.text("help.account.invite.discussion"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.account.invite.handle")) var handle: String
        @Flag(help: Help.option("help.account.invite.send")) var send = false

        func run() throws {
            let session = try global.session()
            let t = session.texts
            // --send needs a relay: checked before the invitation is made, so a bad setting makes nothing.
            let settings = try send ? MailCommand.settings(t) : nil
            let invitation = try Accounts.invite(session, handle: handle, send: send)
            print(invitation.token)
            Terminal.note(t("account.invited", [
                "name": invitation.name, "handle": invitation.handle, "until": Accounts.moment(invitation.expiresAt, t),
            ]))
            if let id = invitation.mailID, let settings {
                Terminal.note(t("mail.invited.sent", ["handle": invitation.handle, "address": invitation.address ?? "", "id": String(id)]))
                MailCommand.deliver(session, id: id, settings: settings)
            }
        }
    }

    /// `logbook account log-ins [--handle H] [--since DATE] [--failed]`: the record of log-ins, for a secretariat.
    struct LogIns: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log-ins",
            abstract: Help.abstract("help.account.logIns"),
            discussion: Help.text("help.account.logIns.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.account.logIns.handle", valueName: "handle")) var handle: String?
        @Option(help: Help.option("help.account.logIns.since", valueName: "date")) var since: String?
        @Flag(help: Help.option("help.account.logIns.failed")) var failed = false

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let filter = LogbookApp.LogIns.Filter(handle: handle, since: try since.map { try session.date($0, flag: "--since") },
                                                  failedOnly: failed)
            let entries = try LogbookApp.LogIns.list(session, filter)
            let format = (try? output.chosen) ?? .table
            if format == .json { return try output.emit(JSONValue.array(entries.map(\.json)).serialized(pretty: true) + "\n", t) }
            if entries.isEmpty && format == .table { return Terminal.note(t("logIns.none")) }
            let table = format == .table
            var listing = Listing(columns: [
                .init("At", key: "at"), .init("Handle", key: "handle"), .init("Name", key: "name", flexible: true),
                .init("Address", key: "address"), .init("Outcome", key: "outcome"),
            ])
            for entry in entries {
                let attempt = entry.attempt
                listing.rows.append([
                    .string(table ? Accounts.moment(attempt.at, t) : Session.utc(seconds: attempt.at)),
                    .string(table && attempt.handle.isEmpty ? t("logIns.notAHandle") : attempt.handle),
                    entry.name.map(JSONValue.string) ?? .null, .string(attempt.address),
                    .string(table ? t(attempt.ok ? "logIns.outcome.ok" : "logIns.outcome.failed") : attempt.ok ? "ok" : "failed"),
                ])
            }
            try output.emit(listing, t)
        }
    }
}

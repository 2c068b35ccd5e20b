import ArgumentParser
import LogbookApp

/// `logbook account`: accounts for `logbook serve`.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: Help.abstract("help.account"),
        subcommands: [Invite.self])

    /// `logbook account invite HANDLE`.
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: Help.abstract("help.account.invite"),
            discussion: Help.text("help.account.invite.discussion"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.account.invite.handle")) var handle: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let invitation = try Accounts.invite(session, handle: handle)
            print(invitation.token)
            Terminal.note(t("account.invited", [
                "name": invitation.name, "handle": invitation.handle, "until": Accounts.moment(invitation.expiresAt, t),
            ]))
        }
    }
}

import ArgumentParser
import LogbookApp

/// `logbook account`: accounts for `logbook serve`.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Accounts for `logbook serve`: invite a person to set their password.",
        subcommands: [Invite.self])

    /// `logbook account invite HANDLE`.
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Make a one-time invitation (valid 7 days) for a person to set their password.",
            discussion: """
                By whoever may grant every role the person holds (for a trainee: the UAO/tutor or secretariat of their
                position's department). The token is printed once and stored only as its hash; the person sets a
                password with POST /api/v1/invitations/TOKEN. A new invitation resets a forgotten password.
                The first account of a database, a secretariat's, is invited without --as.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person to invite.") var handle: String

        func run() throws {
            let invitation = try Accounts.invite(try global.session(), handle: handle)
            print(invitation.token)
            Terminal.note("invitation for \(invitation.handle), valid until \(Session.utc(seconds: invitation.expiresAt)); "
                + "shown only now: give it to \(invitation.handle), who sets a password with POST /api/v1/invitations/TOKEN")
        }
    }
}

import ArgumentParser
import LogbookApp

/// `logbook revoke EVENT --reason TEXT`.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an approval, attestation or statement with a reason; the original stays in history.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The event's number (see `logbook history`).") var event: Int64
    @Option(help: "Why it is revoked (required).") var reason: String

    func run() throws {
        let revocation = try Approvals.revoke(try global.session(), eventID: event, reason: reason)
        print("event \(event) revoked (event \(revocation.id))")
    }
}

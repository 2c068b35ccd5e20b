import ArgumentParser
import LogbookApp

/// `logbook revoke EVENT --reason TEXT`.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: Help.abstract("help.revoke"))
    @OptionGroup var global: GlobalOptions
    @Argument(help: Help.option("help.revoke.event", valueName: "event")) var event: Int64
    @Option(help: Help.option("help.revoke.reason", valueName: "text")) var reason: String

    func run() throws {
        let session = try global.session()
        let revocation = try Approvals.revoke(session, eventID: event, reason: reason)
        let t = session.texts, content = revocation.content
        print(t("revoke.done", [
            "event": String(event), "revocation": String(revocation.id), "date": t.date(content.effectiveOn),
            "by": t.by(name: try session.names([content.actor])[content.actor] ?? content.actor, role: content.actorRole)]))
    }
}

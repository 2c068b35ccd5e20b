import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook attest time|element`: the UAO's or tutor's attestations.
struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: Help.abstract("help.attest"),
        subcommands: [Time.self, Element.self])

    /// `logbook attest time --position ID`.
    struct Time: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "time", abstract: Help.abstract("help.attest.time"))
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: Help.option("help.attest.comment", valueName: "text")) var comment: String?

        func run() throws {
            let session = try global.session()
            let event = try Approvals.attestTime(session, positionID: target.position, comment: comment)
            print(session.texts("attest.time.done", try AttestCommand.values(session, event, position: target.position)))
        }
    }

    /// `logbook attest element --position ID`.
    struct Element: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "element", abstract: Help.abstract("help.attest.element"))
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: Help.option("help.attest.comment", valueName: "text")) var comment: String?

        func run() throws {
            let session = try global.session()
            let event = try Approvals.attestElement(session, positionID: target.position, comment: comment)
            print(session.texts("attest.element.done", try AttestCommand.values(session, event, position: target.position)))
        }
    }

    /// The placeholders of a confirmation: position, date, who (name and role) and event.
    static func values(_ session: Session, _ event: EventRecord, position: Int64) throws -> [String: String] {
        let t = session.texts, content = event.content
        return ["position": String(position), "date": t.date(content.effectiveOn), "event": String(event.id),
                "by": t.by(name: try session.names([content.actor])[content.actor] ?? content.actor, role: content.actorRole)]
    }
}

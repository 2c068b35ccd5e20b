import ArgumentParser
import LogbookApp

/// `logbook attest time|element`: the UAO's or tutor's attestations.
struct Attest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Attest time or the whole element (UAO in a hospital, tutorlæge in general practice).",
        subcommands: [Time.self, Element.self])

    /// `logbook attest time --position ID`.
    struct Time: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "time",
            abstract: "Attestation for tidsmæssigt gennemført uddannelseselement; only in the element's last month.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The position's id.") var position: Int64
        @Option(help: "A comment stored with the attestation.") var comment: String?

        func run() throws {
            let event = try Approvals.attestTime(try global.session(), positionID: position, comment: comment)
            print("time attested for position \(position) on \(event.content.effectiveOn) (event \(event.id))")
        }
    }

    /// `logbook attest element --position ID`.
    struct Element: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "element",
            abstract: "Attest that the element is godkendt og gennemført; refused, listing what is missing, until complete.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The position's id.") var position: Int64
        @Option(help: "A comment stored with the attestation.") var comment: String?

        func run() throws {
            let event = try Approvals.attestElement(try global.session(), positionID: position, comment: comment)
            print("element attested for position \(position) on \(event.content.effectiveOn) (event \(event.id)): a godkendt introduktionsstilling")
        }
    }
}

/// `logbook statement --position ID [--text TEXT]`: a forhåndsudtalelse.
struct Statement: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Give a forhåndsudtalelse: the intro is expected to be completed without problems (UAO/tutor).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The position's id.") var position: Int64
    @Option(help: "The statement's text (a standard Danish sentence by default).") var text: String?

    func run() throws {
        let event = try Approvals.statement(try global.session(), positionID: position, text: text)
        print("forhåndsudtalelse given for position \(position) on \(event.content.effectiveOn) (event \(event.id))")
    }
}

/// `logbook revoke EVENT --reason TEXT`.
struct Revoke: ParsableCommand {
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

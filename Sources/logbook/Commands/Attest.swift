import ArgumentParser
import LogbookApp

/// `logbook attest time|element`: the UAO's or tutor's attestations.
struct AttestCommand: ParsableCommand {
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
        @OptionGroup var target: PositionOption
        @Option(help: "A comment stored with the attestation.") var comment: String?

        func run() throws {
            let event = try Approvals.attestTime(try global.session(), positionID: target.position, comment: comment)
            print("time attested for position \(target.position) on \(event.content.effectiveOn) (event \(event.id))")
        }
    }

    /// `logbook attest element --position ID`.
    struct Element: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "element",
            abstract: "Attest that the element is godkendt og gennemført; refused, listing what is missing, until complete.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Option(help: "A comment stored with the attestation.") var comment: String?

        func run() throws {
            let event = try Approvals.attestElement(try global.session(), positionID: target.position, comment: comment)
            print("element attested for position \(target.position) on \(event.content.effectiveOn) (event \(event.id)): a godkendt introduktionsstilling")
        }
    }
}

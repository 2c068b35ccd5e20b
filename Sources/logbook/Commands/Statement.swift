import ArgumentParser
import LogbookApp

/// `logbook statement --position ID [--text TEXT]`: a forhåndsudtalelse.
struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Give a forhåndsudtalelse: the intro is expected to be completed without problems (UAO/tutor).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Option(help: "The statement's text (a standard Danish sentence by default).") var text: String?

    func run() throws {
        let event = try Approvals.statement(try global.session(), positionID: target.position, text: text)
        print("forhåndsudtalelse given for position \(target.position) on \(event.content.effectiveOn) (event \(event.id))")
    }
}

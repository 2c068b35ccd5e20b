import ArgumentParser
import LogbookApp

/// `logbook statement --position ID [--text TEXT]`: a forhåndsudtalelse.
struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statement", abstract: Help.abstract("help.statement"))
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Option(help: Help.option("help.statement.text", valueName: "text")) var text: String?

    func run() throws {
        let session = try global.session()
        let event = try Approvals.statement(session, positionID: target.position, text: text)
        print(session.texts("statement.done", try AttestCommand.values(session, event, position: target.position)))
    }
}

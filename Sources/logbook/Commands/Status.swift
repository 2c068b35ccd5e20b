import ArgumentParser
import LogbookApp
import LogbookFormats

/// `logbook status`: what is done, missing, due and overdue for one position, and what to do next.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: Help.abstract("help.status"), discussion: Help.text("help.status.discussion"))
    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.status.position", valueName: "id")) var position: Int64?
    @Option(help: Help.option("help.status.trainee", valueName: "handle")) var trainee: String?
    @Option(help: Help.option("help.status.on", valueName: "date")) var on: String?
    @Option(help: Help.option("help.status.format")) var format: StatusFormat = .text

    enum StatusFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        if position != nil && trainee != nil { throw ValidationError(Help.text("error.status.positionOrTrainee")) }
    }

    func run() throws {
        let session = try global.session()
        let (header, status) = try Overviews.status(session, position: position, trainee: trainee, on: on)
        switch format {
        case .json: Terminal.write(StatusRendering.json(header, status).serialized(pretty: true) + "\n")
        case .text:
            Terminal.write(StatusRendering.text(header, status, texts: session.texts, terminal: Terminal.stdoutIsTerminal,
                                                colour: Terminal.useColour))
        }
    }
}

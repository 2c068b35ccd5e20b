import ArgumentParser
import LogbookApp
import LogbookFormats

/// `logbook status`: what is done, missing, due and overdue for one position, and what to do next.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one position's status: competencies, courses, meetings, attestations and next steps.",
        discussion: """
            Without --position or --trainee it shows the acting person's own ongoing position (--as / LOGBOOK_USER).
            Colour and the progress bar appear only on a terminal; NO_COLOR turns colour off.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The position's id.") var position: Int64?
    @Option(help: "A trainee's handle: their ongoing (else latest) position.") var trainee: String?
    @Option(help: "The day to show the status for (default today).") var on: String?
    @Option(help: "Output format: text or json.") var format: StatusFormat = .text

    enum StatusFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        if position != nil && trainee != nil { throw ValidationError("give '--position' or '--trainee', not both") }
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

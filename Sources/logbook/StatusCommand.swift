import ArgumentParser
import LogbookApp
import LogbookFormats

/// `logbook status`: what is done, missing, due and overdue for one position, and what to do next.
struct Status: ParsableCommand {
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
        let (header, status) = try Overviews.status(try global.session(), position: position, trainee: trainee, on: on)
        switch format {
        case .json: Terminal.write(StatusRendering.json(header, status).serialized(pretty: true) + "\n")
        case .text:
            Terminal.write(StatusRendering.text(header, status, terminal: Terminal.stdoutIsTerminal, colour: Terminal.useColour))
        }
    }
}

/// `logbook check`: silent and exit 0 when nothing is overdue or missing; one line per problem and exit 1 otherwise.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check positions for overdue or missing items. Silent with exit 0 when all is well, for cron.",
        discussion: "Without a scope it checks the acting trainee's own position.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "One position.") var position: Int64?
    @Option(help: "Every position of a department.") var department: String?
    @Flag(help: "Every position in the database.") var all = false
    @Option(help: "The day to check for (default today).") var on: String?

    func validate() throws {
        if [position != nil, department != nil, all].filter({ $0 }).count > 1 {
            throw ValidationError("give only one of '--position', '--department' and '--all'")
        }
    }

    func run() throws {
        let scope: Overviews.CheckScope
        if let position { scope = .position(position) } else if let department { scope = .department(department) }
        else if all { scope = .all } else { scope = .mine }
        let problems = try Overviews.check(try global.session(), scope: scope, on: on)
        for problem in problems { print(problem) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

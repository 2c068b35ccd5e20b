import ArgumentParser
import LogbookApp

/// `logbook check`: silent and exit 0 when nothing is overdue or missing; one line per problem and exit 1 otherwise.
struct CheckCommand: ParsableCommand {
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

import ArgumentParser
import LogbookApp

/// `logbook check`: silent and exit 0 when nothing is overdue or missing; one line per problem and exit 1 otherwise.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: Help.abstract("help.check"), discussion: Help.text("help.check.discussion"))
    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.check.position", valueName: "id")) var position: Int64?
    @Option(help: Help.option("help.check.department", valueName: "code")) var department: String?
    @Flag(help: Help.option("help.check.all")) var all = false
    @Option(help: Help.option("help.check.on", valueName: "date")) var on: String?

    func validate() throws {
        if [position != nil, department != nil, all].filter({ $0 }).count > 1 {
            throw ValidationError(Help.text("error.check.oneScope"))
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

import ArgumentParser
import LogbookApp

/// `logbook demo`: builds a realistic department and shows its report and one trainee's status.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic demo department (six trainees at different stages) and show what logbook does.",
        discussion: """
            The demo goes into the database (--db, else the default one) only when that database holds no other data;
            running it again shows the demo that is there. Everything is built through the same code the commands use.
            """)
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try global.session()
        let outcome = try Demo.run(session)
        let path = session.databasePath
        Terminal.write(outcome.built
            ? "Built the demo department \(Demo.department) in \(path):\n"
            : "The demo department \(Demo.department) is already in \(path); showing it again.\n")
        for position in outcome.positions where !position.stage.isEmpty {
            Terminal.write("  position \(position.id): \(position.trainee) — \(position.stage)\n")
        }
        Terminal.write("\n== logbook report --department \(Demo.department) --all\n\n")
        let report = try ReportCommand.parse(["--department", Demo.department, "--all", "--db", path])
        try report.run()
        Terminal.write("\n== logbook status --trainee \(Demo.featuredTrainee)\n\n")
        let status = try StatusCommand.parse(["--trainee", Demo.featuredTrainee, "--db", path])
        try status.run()
        let db = global.db == nil ? "" : " --db \(path)"
        Terminal.write("""

            Try next:
              logbook status --trainee dr.dorthe\(db)
                  absence above the allowance moves the end date
              logbook check --department \(Demo.department)\(db)
                  what is overdue, one line each (exit 1 when anything is)
              logbook history --position 1\(db)
                  every approval: who, in which role, when; all permanent
              logbook eligibility --trainee dr.emil --specialty nefrologi\(db)
                  a forhåndsudtalelse lets dr.emil apply in the whole specialty group
              logbook report --department \(Demo.department) --all -o report.html\(db)
                  a page to print or forward
              logbook verify\(db)
                  silent when no approval was tampered with

            """)
    }
}

import ArgumentParser
import LogbookApp

/// `logbook demo`: builds a realistic department and shows its report and one trainee's status.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: Help.abstract("help.demo"), discussion: Help.text("help.demo.discussion"))
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let outcome = try Demo.run(session)
        let path = session.databasePath
        Terminal.write(t(outcome.built ? "demo.built" : "demo.again", ["department": Demo.department, "path": path]) + "\n")
        for position in outcome.positions {
            guard let stage = position.stage else { continue }
            Terminal.write(t("demo.position", ["id": String(position.id), "trainee": position.trainee, "stage": t.demoStage(stage)]) + "\n")
        }
        // The commands shown run in the demo's language: --lang passes on.
        let language = ["--lang", t.language.rawValue]
        Terminal.write("\n== logbook report --department \(Demo.department) --all\n\n")
        try ReportCommand.parse(["--department", Demo.department, "--all", "--db", path] + language).run()
        Terminal.write("\n== logbook status --trainee \(Demo.featuredTrainee)\n\n")
        try StatusCommand.parse(["--trainee", Demo.featuredTrainee, "--db", path] + language).run()
        let db = global.db == nil ? "" : " --db \(path)"
        Terminal.write("\n" + t("demo.next", ["department": Demo.department, "db": db]) + "\n")
    }
}

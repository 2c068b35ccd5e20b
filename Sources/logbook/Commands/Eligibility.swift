import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook eligibility --trainee H --specialty S [--on DATE]`: exit 0 when the trainee may apply.
struct EligibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: Help.abstract("help.eligibility"))
    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.eligibility.trainee", valueName: "handle")) var trainee: String
    @Option(help: Help.option("help.eligibility.specialty", valueName: "name")) var specialty: String
    @Option(help: Help.option("help.eligibility.on", valueName: "date")) var on: String?
    @Option(help: Help.option("help.status.format")) var format: StatusCommand.StatusFormat = .text

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let (person, name, answer) = try EligibilityCheck.evaluate(session, trainee: trainee, specialty: specialty, on: on)
        if format == .json {
            Terminal.write(JSONViews.eligibility(person.handle, name, answer, on: try on.map { try session.date($0, flag: "--on") } ?? session.today)
                .serialized(pretty: true) + "\n")
            if !answer.mayApply { throw ExitCode(1) }
            return
        }
        // Every line wrapped at 80 columns, continuation lines indented (issue 28).
        func say(_ text: String) { print(text.wrapped(width: 80, indent: "  ").joined(separator: "\n")) }
        say(t(answer.mayApply ? "eligibility.mayApply" : "eligibility.mayNotApply", ["handle": person.handle, "specialty": name]))
        say(t(answer.mayStart ? "eligibility.mayStart" : "eligibility.mayNotStart", ["handle": person.handle, "specialty": name]))
        say(t("eligibility.because", ["reason": t.eligibility(answer.why)]))
        if !answer.restsOn.isEmpty {
            say(t.plural("eligibility.restsOn", count: answer.restsOn.count, ["events": answer.restsOn.map(String.init).joined(separator: ", ")]))
        }
        if !answer.mayApply { throw ExitCode(1) }
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook eligibility --trainee H --specialty S [--on DATE]`: exit 0 when the trainee may apply.
struct EligibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: Help.abstract("help.eligibility"))
    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.eligibility.trainee", valueName: "handle")) var trainee: String
    @Option(help: Help.option("help.eligibility.specialty", valueName: "name")) var specialty: String
    @Option(help: Help.option("help.eligibility.on", valueName: "date")) var on: String?

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let (person, name, answer) = try EligibilityCheck.evaluate(session, trainee: trainee, specialty: specialty, on: on)
        print(t(answer.mayApply ? "eligibility.mayApply" : "eligibility.mayNotApply", ["handle": person.handle, "specialty": name]))
        print(t(answer.mayStart ? "eligibility.mayStart" : "eligibility.mayNotStart", ["handle": person.handle]))
        print(t("eligibility.because", ["reason": t.eligibility(answer.why)]))
        if !answer.restsOn.isEmpty {
            print(t.plural("eligibility.restsOn", count: answer.restsOn.count, ["events": answer.restsOn.map(String.init).joined(separator: ", ")]))
        }
        if !answer.mayApply { throw ExitCode(1) }
    }
}

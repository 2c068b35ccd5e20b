import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook eligibility --trainee H --specialty S [--on DATE]`: exit 0 when the trainee may apply.
struct EligibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: "May the trainee apply for / start a hoveduddannelse in a specialty? Exit 0 when they may apply, 1 otherwise.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The trainee's handle.") var trainee: String
    @Option(help: "The specialty of the hoveduddannelse.") var specialty: String
    @Option(help: "The day to decide for (default today).") var on: String?

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

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
        let (person, name, answer) = try EligibilityCheck.evaluate(try global.session(), trainee: trainee, specialty: specialty, on: on)
        print("\(person.handle) \(answer.mayApply ? "may apply" : "may not apply") for a hoveduddannelse in \(name)")
        print("\(person.handle) \(answer.mayStart ? "may start" : "may not start") one")
        print("because: \(answer.reason)")
        if !answer.restsOn.isEmpty { print("rests on event\(answer.restsOn.count == 1 ? "" : "s") \(answer.restsOn.map(String.init).joined(separator: ", "))") }
        if !answer.mayApply { throw ExitCode(1) }
    }
}

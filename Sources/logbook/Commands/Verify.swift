import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook verify`: silent with exit 0 when the event log holds; one line per problem and exit 1 otherwise.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every hash chain and re-check every maker's grants and signatures. Silent when all is well.",
        discussion: "With --bundle FILE, check a documentation bundle offline instead, against nothing but itself and the --trust keys.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "A bundle written by `logbook export` to check instead of the database.") var bundle: String?
    @Option(help: ArgumentHelp("A file of trusted secretariat public keys (base64, one a line); repeatable.", valueName: "keyfile"))
    var trust: [String] = []

    func run() throws {
        if let bundle {
            let problems = try Bundles.verify(path: bundle, trustFiles: trust)
            for problem in problems { print(problem.description) }
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        let session = try global.session()
        let head = try Verification.headProblem(session)
        if let head { print(head) }
        let problems = try Verification.run(session)
        for problem in problems { print(problem.description) }
        if !problems.isEmpty || head != nil { throw ExitCode(1) }
    }
}

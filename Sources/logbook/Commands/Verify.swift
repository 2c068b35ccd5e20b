import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook verify`: silent on stdout with exit 0 when the file and the event log hold; one line per problem and exit 1
/// otherwise. SQLite's `integrity_check` (`--quick`: `quick_check`) runs first and says on stderr that it did.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: Help.abstract("help.verify"), discussion: Help.text("help.verify.discussion"))
    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.verify.bundle", valueName: "file")) var bundle: String?
    @Option(help: Help.option("help.verify.trust", valueName: "keyfile"))
    var trust: [String] = []
    @Flag(help: Help.option("help.verify.quick")) var quick = false

    func run() throws {
        if let bundle {
            let t = try global.texts()
            let problems = try Bundles.verify(path: bundle, trustFiles: trust, texts: t)
            for problem in problems { print(t.bundleProblem(problem)) }
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        let session = try global.session()
        let t = session.texts
        // SQLite's own check of every page first (issue 30): a damaged file is not replayed, and the reason is one line.
        let check = quick ? "quick_check" : "integrity_check"
        let integrity = try Verification.integrity(session, quick: quick)
        guard integrity == ["ok"] else {
            print(t("verify.integrity.failed", ["check": check, "result": integrity.prefix(3).joined(separator: "; ")]))
            throw ExitCode(1)
        }
        Terminal.note(t("verify.integrity.ok", ["check": check]))
        let head = try Verification.headProblem(session)
        if let head { print(t.headProblem(head)) }
        let outcome = try Verification.outcome(session, trustFiles: trust)
        for problem in outcome.problems { print(t.chainProblem(problem)) }
        // What a success means when some of the log is signed by nobody (stderr: stdout stays the list of problems).
        if outcome.unsigned > 0 {
            Terminal.note(t.plural("verify.unsignedNote", count: outcome.unsigned, ["events": String(outcome.events)]))
        }
        if outcome.migrated > 0 { Terminal.note(t.plural("verify.migratedNote", count: outcome.migrated)) }
        if !outcome.problems.isEmpty || head != nil { throw ExitCode(1) }
    }
}

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
    @Option(name: .customLong("not-before"), help: Help.option("help.verify.notBefore", valueName: "date"))
    var notBefore: String?

    func run() throws {
        if let bundle {
            let t = try global.texts()
            let day = try notBefore.map { try Bundles.day($0, flag: "--not-before", t) }
            let check = try Bundles.check(path: bundle, trustFiles: trust, notBefore: day, texts: t)
            for problem in check.problems { print(t.bundleProblem(problem)) }
            if !check.problems.isEmpty { throw ExitCode(1) }
            // What a passing check proves about completeness (stderr: stdout stays the list of problems).
            Terminal.note(check.completeAsOf.map { t("verify.bundle.completeAsOf", ["time": $0]) } ?? t("verify.bundle.notProvenComplete"))
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
        // The same checks as the server's GET /verification (Verification.report).
        let report = try Verification.report(session, trustFiles: trust)
        let outcome = report.outcome
        if let head = report.head { print(t.headProblem(head)) }
        for problem in outcome.problems { print(t.chainProblem(problem)) }
        // What a success means when some of the log is signed by nobody (stderr: stdout stays the list of problems).
        if outcome.unsigned > 0 {
            Terminal.note(t.plural("verify.unsignedNote", count: outcome.unsigned, ["events": String(outcome.events)]))
        }
        if outcome.migrated > 0 { Terminal.note(t.plural("verify.migratedNote", count: outcome.migrated)) }
        // The signed checkpoints of the log's Merkle tree (issue 29): each root recomputed, consecutive ones consistent.
        for problem in report.checkpoints { print(t.checkpointProblem(problem)) }
        if report.checkpoints.isEmpty, let newest = report.newestCheckpoint {
            Terminal.note(t("checkpoint.verified", ["checked": String(report.checkedCheckpoints), "size": String(newest.size), "time": newest.time]))
        }
        // What a reader sees beside signed acts: the målbeskrivelser's text against the hash recorded at import (issue 29).
        for curriculum in report.changedCurricula {
            print(t("verify.curriculumChanged", ["specialty": curriculum.specialty, "version": curriculum.version]))
        }
        // Names and målbeskrivelser against what the log signed (rule R-SHOWN).
        for problem in outcome.shown { print(t.shownProblem(problem)) }
        if !report.holds { throw ExitCode(1) }
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook history --position ID`: every event in order.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every approval, attestation, statement and revocation of a position, in order.",
        discussion: "'date' is the date the event names; 'recorded' is when it was entered (UTC), so back-dating shows.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "The position's id.") var position: Int64

    func run() throws {
        let (_, events) = try Approvals.history(try global.session(), positionID: position)
        var listing = Listing(columns: [
            .init("Event", alignRight: true), .init("Date"), .init("Recorded"), .init("What", flexible: true), .init("By"),
            .init("Role"), .init("Text", flexible: true), .init("Revoked", flexible: true), .init("Signed"),
        ])
        for event in events {
            let content = event.content
            var what = content.kind.label
            if let code = content.competencyCode { what += " \(code)" }
            if let course = content.course { what += ": \(course)" }
            if let revokes = content.revokes { what += " of event \(revokes)" }
            let revoked: JSONValue = event.revokedBy.map { .string("by \($0.actor) on \($0.on) (event \($0.id)): \($0.reason)") } ?? .null
            listing.rows.append([
                .int(event.id), .string(content.effectiveOn.iso), .string(String(content.recordedAt.prefix(19)) + "Z"),
                .string(what), .string(content.actor), .string(content.actorRole + (content.actorDepartment.map { "@\($0)" } ?? "")),
                .string(content.text), revoked, .bool(event.signature != nil),
            ])
        }
        Terminal.write(listing.render(output.format))
    }
}

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

/// `logbook verify`: silent with exit 0 when the event log holds; one line per problem and exit 1 otherwise.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every hash chain and re-check every maker's grants. Silent when all is well.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let problems = try Verification.run(try global.session())
        for problem in problems { print(problem.description) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

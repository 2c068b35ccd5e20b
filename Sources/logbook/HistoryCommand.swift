import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

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
        let table = output.format == .table
        var listing = Listing(columns: [
            .init("Event", alignRight: true), .init("Date"), .init(table ? "Rec." : "Recorded", key: "recorded"),
            .init("What", flexible: true), .init("By", flexible: true), .init("Role"),
            .init("Department", inTable: false), .init("Text", inTable: false), .init("Revoked"), .init("Signed", inTable: false),
        ])
        for event in events {
            let content = event.content
            var what: String
            switch content.kind {
            case .competencyApproval: what = "approved \(content.competencyCode ?? "?")"
            case .courseApproval: what = table ? "course approved" : "course approved: \(content.course ?? "?")"
            case .revocation: what = "revokes event \(content.revokes.map(String.init) ?? "?")"
            default: what = content.kind.label
            }
            let revoked: JSONValue = event.revokedBy.map { revocation in
                .string(table ? "ev \(revocation.id)" : "by \(revocation.actor) on \(revocation.on) (event \(revocation.id)): \(revocation.reason)")
            } ?? (table ? .string("") : .null)
            let role = table ? Self.shortRole(content.actorRole) : content.actorRole
            listing.rows.append([
                .int(event.id), .string(content.effectiveOn.iso), .string(table ? String(content.recordedAt.prefix(10)) : content.recordedAt),
                .string(what), .string(content.actor), .string(role), .string(content.actorDepartment),
                .string(content.text), revoked, .bool(event.signature != nil),
            ])
        }
        Terminal.write(listing.render(output.format))
        if table && !events.isEmpty {
            Terminal.write("\nDate: the date the event names · Rec.: the day it was recorded (UTC)\n"
                + "HV: hovedvejleder · DKV: daglig klinisk vejleder · Revoked: by which event\n"
                + "--format csv or json adds departments, comments, reasons and signatures\n")
        }
    }

    /// Short role names for the 80-column table.
    static func shortRole(_ role: String) -> String {
        switch role {
        case "supervisor": return "HV"
        case "clinical-supervisor": return "DKV"
        case "uao": return "UAO"
        case "secretariat": return "sekr."
        default: return role
        }
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
        let problems = try Verification.run(try global.session())
        for problem in problems { print(problem.description) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

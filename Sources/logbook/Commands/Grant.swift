import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook grant`: give (default), end and list grants of roles.
struct GrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Grant roles, end grants and list them (logbook grant HANDLE ROLE --department CODE).",
        subcommands: [Add.self, End.self, List.self],
        defaultSubcommand: Add.self)

    /// `logbook grant [add] HANDLE ROLE (--department CODE | --region NAME) ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Grant a role: secretariat (per region), uao, tutor, supervisor or clinical-supervisor (per department).",
            discussion: """
                Danish role names are accepted: sekretariat, uddannelsesansvarlig, tutorlæge, hovedvejleder,
                daglig-klinisk-vejleder. The secretariat of a region grants secretariat and, for its departments, uao
                (hospital departments) or tutor (general practices); a department's UAO/tutor grants supervisor and
                clinical-supervisor, with --may-approve for the delegation to approve single competencies. The very
                first secretariat grant of a database without grants needs no --as (bootstrap).
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Who receives the role.") var handle: String
        @Argument(help: "The role.") var role: String
        @Option(help: "The department (for every role but secretariat).") var department: String?
        @Option(help: "The region (for secretariat).") var region: String?
        @Option(help: "First day the grant counts (default today).") var from: String?
        @Option(help: "Last day the grant counts (default: open-ended).") var until: String?
        @Flag(help: "Delegation for a clinical supervisor to approve single competencies.") var mayApprove = false

        func run() throws {
            let role = try Grants.role(self.role)
            let added = try Grants.add(try global.session(), handle: handle, role: role, departmentCode: department, region: region,
                                       from: from, until: until, mayApprove: mayApprove)
            let grant = added.grant
            print("grant \(grant.id): \(grant.handle) is \(role.title) in \(grant.scopeLabel) from \(grant.grant.validFrom)"
                + (grant.grant.validUntil.map { " through \($0)" } ?? "") + (grant.grant.mayApprove ? ", may approve competencies" : ""))
            if added.bootstrap {
                print("bootstrap: this is the first grant of the database, so it was given without --as")
            }
        }
    }

    /// `logbook grant end GRANT-ID [--on DATE]`.
    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end",
            abstract: "End a grant; --on (default today) is the last day it counts. The grant itself stays in the history.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The grant's id (see `logbook grant list`).") var grantID: Int64
        @Option(help: "The last day the grant counts (default today).") var on: String?

        func run() throws {
            let grant = try Grants.end(try global.session(), grantID: grantID, on: on)
            print("grant \(grant.id) (\(grant.handle), \(grant.grant.role.title) in \(grant.scopeLabel)) ends on \(grant.endedOn.map(\.iso) ?? "")")
        }
    }

    /// `logbook grant list [--department D | --person H]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List grants, ended ones included.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "Only this department's grants.") var department: String?
        @Option(help: "Only this person's grants.") var person: String?

        func run() throws {
            let session = try global.session()
            let grants = try Grants.list(session, departmentCode: department, handle: person)
            try output.emit(GrantListing.listing(grants, today: session.today), try global.texts())
        }
    }
}

/// The one table of grants, shared by `grant list`, `department show` and `person show`.
enum GrantListing {
    static func listing(_ grants: [GrantRecord], today: CalendarDate) -> Listing {
        var listing = Listing(columns: [
            .init("ID", alignRight: true), .init("Handle"), .init("Role"), .init("Where", flexible: true), .init("From"),
            .init("Until"), .init("May approve", key: "may_approve"), .init("Granted by", key: "granted_by"), .init("Status"),
        ])
        for stored in grants {
            let grant = stored.grant
            listing.rows.append([
                .int(stored.id), .string(stored.handle), .string(grant.role.rawValue),
                .string(stored.departmentCode ?? grant.region ?? ""), .string(grant.validFrom.iso),
                grant.validUntil.map { .string($0.iso) } ?? .null, .bool(grant.mayApprove),
                stored.grantedBy.map(JSONValue.string) ?? .string("(bootstrap)"), .string(Grants.status(grant, on: today)),
            ])
        }
        return listing
    }
}

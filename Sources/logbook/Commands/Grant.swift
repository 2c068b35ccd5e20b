import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook grant`: give (default), end and list grants of roles.
struct GrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: Help.abstract("help.grant"),
        subcommands: [Add.self, End.self, Delegate.self, Undelegate.self, List.self],
        defaultSubcommand: Add.self)

    /// `logbook grant [add] HANDLE ROLE (--department CODE | --region NAME) ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: Help.abstract("help.grant.add"),
            discussion: Help.text("help.grant.add.discussion"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.grant.add.handle")) var handle: String
        @Argument(help: Help.option("help.grant.add.role")) var role: String
        @Option(help: Help.option("help.grant.add.department", valueName: "code")) var department: String?
        @Option(help: Help.option("help.grant.add.region", valueName: "name")) var region: String?
        @Option(help: Help.option("help.grant.add.from", valueName: "date")) var from: String?
        @Option(help: Help.option("help.grant.add.until", valueName: "date")) var until: String?
        @Flag(help: Help.option("help.grant.add.mayApprove")) var mayApprove = false

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let role = try Grants.role(self.role, t)
            let added = try Grants.add(session, handle: handle, role: role, departmentCode: department, region: region,
                                       from: from, until: until, mayApprove: mayApprove)
            let names = try People.names(session)
            print(GrantListing.sentence(added.grant, names: names, t))
            if added.bootstrap { print(t("grant.bootstrap")) }
        }
    }

    /// `logbook grant end GRANT-ID [--on DATE]`.
    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: Help.abstract("help.grant.end"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.grant.end.grantID", valueName: "grant-id")) var grantID: Int64
        @Option(help: Help.option("help.grant.end.on", valueName: "date")) var on: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let grant = try Grants.end(session, grantID: grantID, on: on)
            let names = try People.names(session)
            print(t("grant.ended", [
                "id": String(grant.id), "name": names[grant.handle] ?? grant.handle, "handle": grant.handle,
                "role": t.roleName(grant.grant.role), "where": GrantListing.place(grant, t),
                "date": grant.endedOn.map(t.date) ?? "",
            ]))
        }
    }

    /// `logbook grant delegate HANDLE --department CODE [--from DATE]`: a daglig klinisk vejleder may approve from then.
    struct Delegate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delegate", abstract: Help.abstract("help.grant.delegate"),
                                                        discussion: Help.text("help.grant.delegate.discussion"))
        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.grant.delegate.handle")) var handle: String
        @Option(help: Help.option("help.grant.add.department", valueName: "code")) var department: String
        @Option(help: Help.option("help.grant.delegate.from", valueName: "date")) var from: String?

        func run() throws { try GrantCommand.delegate(global, handle, department, from, approve: true) }
    }

    /// `logbook grant undelegate HANDLE --department CODE [--from DATE]`: the delegation ends the day before.
    struct Undelegate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undelegate", abstract: Help.abstract("help.grant.undelegate"))
        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.grant.delegate.handle")) var handle: String
        @Option(help: Help.option("help.grant.add.department", valueName: "code")) var department: String
        @Option(help: Help.option("help.grant.undelegate.from", valueName: "date")) var from: String?

        func run() throws { try GrantCommand.delegate(global, handle, department, from, approve: false) }
    }

    static func delegate(_ global: GlobalOptions, _ handle: String, _ department: String, _ from: String?, approve: Bool) throws {
        let session = try global.session()
        let t = session.texts
        let done = try Grants.delegate(session, handle: handle, departmentCode: department, from: from, approve: approve)
        let names = try People.names(session)
        print(t(approve ? "grant.delegated" : "grant.undelegated", [
            "name": names[done.started.handle] ?? done.started.handle, "handle": done.started.handle,
            "code": department, "from": t.date(done.started.grant.validFrom), "ended": String(done.ended.id), "started": String(done.started.id),
        ]))
    }

    /// `logbook grant list [--department D | --person H]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.grant.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.grant.list.department", valueName: "code")) var department: String?
        @Option(help: Help.option("help.grant.list.person", valueName: "handle")) var person: String?

        func run() throws {
            let session = try global.session()
            let grants = try Grants.list(session, departmentCode: department, handle: person)
            let names = try People.names(session)
            let format = (try? output.chosen) ?? .table
            let listing = GrantListing.listing(grants, names: names, today: session.today, texts: session.texts, format: format)
            var text = output.render(listing, session.texts)
            if format == .table, !grants.isEmpty { text += GrantListing.legend(session.texts) }
            try output.emit(text, session.texts)
        }
    }
}

/// The one table of grants, shared by `grant list`, `department show` and `person show`.
enum GrantListing {
    /// The grants as a table (name, short role, place, dates, status: 80 columns), as CSV (every column, worded, ISO
    /// dates) or as JSON (stored values: handles, role keys, ISO dates, English status).
    static func listing(_ grants: [GrantRecord], names: NameBook, today: CalendarDate, texts t: Texts,
                        format: OutputFormat) -> Listing {
        let machine = format == .json
        let table = format == .table
        var listing = Listing(columns: [
            .init("ID", key: "id", alignRight: true),
            .init("Handle", key: "handle", inTable: false),
            .init("Name", key: "name", flexible: true),
            .init("Role", key: "role"),
            .init("Where", key: "where", flexible: true),
            .init("From", key: "from"),
            .init("Until", key: "until"),
            .init("May approve", key: "may_approve", inTable: false),
            .init("Granted by", key: "granted_by", inTable: false),
            .init("Status", key: "status"),
        ])
        for stored in grants {
            let grant = stored.grant
            let role: String
            if machine {
                role = grant.role.rawValue
            } else if table {
                role = grant.mayApprove ? t("grant.role.mayApprove", ["role": t.roleShort(grant.role)]) : t.roleShort(grant.role)
            } else {
                role = t.roleName(grant.role)
            }
            let grantedBy: JSONValue
            if let handle = stored.grantedBy {
                grantedBy = .string(machine ? handle : names[handle] ?? handle)
            } else {
                grantedBy = .string(machine ? "(bootstrap)" : t("grant.grantedBy.bootstrap"))
            }
            func day(_ date: CalendarDate?) -> JSONValue {
                guard let date else { return .null }
                return .string(table ? t.date(date) : date.iso)
            }
            let status = Grants.status(grant, on: today)
            listing.rows.append([
                .int(stored.id), .string(stored.handle), .string(names[stored.handle] ?? stored.handle), .string(role),
                .string(stored.departmentCode ?? grant.region ?? ""), day(grant.validFrom), day(grant.validUntil),
                .bool(grant.mayApprove), grantedBy, .string(machine ? status.rawValue : t.grantStatus(status)),
            ])
        }
        return listing
    }

    /// The lines under a grant table that explain its short role names.
    static func legend(_ t: Texts) -> String { t("grant.legend") + "\n" }

    /// "department KARD", "region Syddanmark", in the reader's language.
    static func place(_ grant: GrantRecord, _ t: Texts) -> String { t.grantPlace(grant) }

    /// The one line `grant add` prints: who holds which role where, from when, through when.
    static func sentence(_ grant: GrantRecord, names: NameBook, _ t: Texts) -> String {
        var arguments = [
            "id": String(grant.id), "name": names[grant.handle] ?? grant.handle, "handle": grant.handle,
            "role": t.roleName(grant.grant.role), "where": place(grant, t), "from": t.date(grant.grant.validFrom),
        ]
        switch (grant.grant.validUntil, grant.grant.mayApprove) {
        case (nil, false): return t("grant.added", arguments)
        case (nil, true): return t("grant.added.mayApprove", arguments)
        case (.some(let until), false):
            arguments["until"] = t.date(until)
            return t("grant.added.until", arguments)
        case (.some(let until), true):
            arguments["until"] = t.date(until)
            return t("grant.added.until.mayApprove", arguments)
        }
    }
}

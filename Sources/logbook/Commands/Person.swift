import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook person`: add, list and show people.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: Help.abstract("help.person"),
        subcommands: [Add.self, List.self, Show.self, Correct.self])

    /// `logbook person add HANDLE --name ... [--authorisation-id ...]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: Help.abstract("help.person.add"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.person.add.handle")) var handle: String
        @Option(help: Help.option("help.person.add.name", valueName: "name")) var name: String
        @Option(help: Help.option("help.person.add.authorisationId", valueName: "id")) var authorisationId: String?
        @Option(help: Help.option("help.person.email", valueName: "address")) var email: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let (person, bootstrap) = try People.add(session, handle: handle, name: name, authorisationID: authorisationId, email: email)
            print(t("person.added", ["handle": person.handle, "name": person.name]))
            if bootstrap { print(t("person.bootstrap")) }
        }
    }

    /// `logbook person list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.person.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            var listing = Listing(columns: [.init("Handle", key: "handle"), .init("Name", key: "name", flexible: true),
                                            .init("Authorisation ID", key: "authorisation_id")])
            for person in try People.list(session) {
                listing.rows.append([.string(person.handle), .string(person.name), person.authorisationID.map(JSONValue.string) ?? .null])
            }
            try output.emit(listing, session.texts)
        }
    }

    /// `logbook person correct HANDLE [--name N] [--authorisation-id ID | --no-authorisation-id] [--email A | --no-email]`.
    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "correct", abstract: Help.abstract("help.person.correct"),
                                                        discussion: Help.text("help.person.correct.discussion"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.person.show.handle")) var handle: String
        @Option(help: Help.option("help.person.correct.name", valueName: "name")) var name: String?
        @Option(help: Help.option("help.person.add.authorisationId", valueName: "id")) var authorisationId: String?
        @Flag(help: Help.option("help.person.correct.noAuthorisationId")) var noAuthorisationId = false
        @Option(help: Help.option("help.person.email", valueName: "address")) var email: String?
        @Flag(help: Help.option("help.person.correct.noEmail")) var noEmail = false
        @Option(help: Help.option("help.person.correct.reason", valueName: "text")) var reason: String?

        func validate() throws {
            if authorisationId != nil && noAuthorisationId { throw ValidationError(Help.text("person.correct.both", ["option": "--authorisation-id"])) }
            if email != nil && noEmail { throw ValidationError(Help.text("person.correct.both", ["option": "--email"])) }
        }

        func run() throws {
            let session = try global.session()
            var corrections: [People.Correction] = []
            if let name { corrections.append(.name(name)) }
            if authorisationId != nil || noAuthorisationId { corrections.append(.authorisationID(authorisationId)) }
            if email != nil || noEmail { corrections.append(.email(email)) }
            let person = try People.correct(session, handle: handle, corrections: corrections, reason: reason)
            print(session.texts("person.correct.done", ["handle": person.handle, "name": person.name]))
        }
    }

    /// `logbook person show HANDLE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: Help.abstract("help.person.show"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.person.show.handle")) var handle: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let (person, grants, positions) = try People.show(session, handle: handle)
            let names = try People.names(session)
            print(t("person.show.name", ["name": person.name]))
            print(t("person.show.handle", ["handle": person.handle]))
            if let id = person.authorisationID { print(t("person.show.authorisation", ["id": id])) }
            if let email = person.email { print(t("person.show.email", ["email": email])) }
            let changes = try People.changes(session, personID: person.id)
            if !changes.isEmpty {
                print(t.plural("person.show.changes", count: changes.count))
                for change in changes {
                    let field = t("person.field.\(change.field.rawValue)")
                    let values = ["field": field, "old": change.old ?? "–", "new": change.new ?? "–", "by": change.changedBy,
                                  "at": CalendarDate(iso: String(change.changedAt.prefix(10))).map(t.date) ?? String(change.changedAt.prefix(10)),
                                  "reason": change.reason]
                    ShowText.print(t(change.reason.isEmpty ? "person.show.change" : "person.show.change.reason", values))
                }
            }
            print(grants.isEmpty ? t("person.show.grants.none") : t.plural("person.show.grants", count: grants.count))
            if !grants.isEmpty {
                Terminal.write(GrantListing.listing(grants, names: names, today: session.today, texts: t, format: .table)
                    .localized(t).render(.table))
                Terminal.write(GrantListing.legend(t))
            }
            print(positions.isEmpty ? t("person.show.positions.none") : t.plural("person.show.positions", count: positions.count))
            if !positions.isEmpty {
                Terminal.write(PositionListing.listing(positions, today: session.today, texts: t, format: .table)
                    .localized(t).render(.table))
            }
        }
    }
}

/// Lines of running text (`show` commands) kept within 80 columns: a line too long is broken at spaces and its
/// continuation indented.
enum ShowText {
    static func print(_ line: String) {
        for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
            Swift.print(String(part).wrapped(width: 80, indent: "  ").joined(separator: "\n"))
        }
    }
}

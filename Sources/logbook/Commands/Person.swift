import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook person`: add, list and show people.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Register and look up people: trainees, supervisors, UAOs, tutors, secretaries.",
        subcommands: [Add.self, List.self, Show.self])

    /// `logbook person add HANDLE --name ... [--authorisation-id ...]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a person (by a secretariat, UAO or tutor; in a database without grants, by anyone).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A short unique handle, e.g. dr.berg.") var handle: String
        @Option(help: "The person's full name.") var name: String
        @Option(help: "The autorisations-ID, if known.") var authorisationId: String?

        func run() throws {
            let (person, bootstrap) = try People.add(try global.session(), handle: handle, name: name, authorisationID: authorisationId)
            print("added \(person.handle): \(person.name)")
            if bootstrap {
                print("bootstrap: the database has no grants yet, so no --as was needed; next grant the first secretariat")
            }
        }
    }

    /// `logbook person list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every person.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            var listing = Listing(columns: [.init("Handle"), .init("Name", flexible: true), .init("Authorisation ID", key: "authorisation_id")])
            for person in try People.list(try global.session()) {
                listing.rows.append([.string(person.handle), .string(person.name), person.authorisationID.map(JSONValue.string) ?? .null])
            }
            try output.emit(listing, try global.texts())
        }
    }

    /// `logbook person show HANDLE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a person with their grants and positions.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's handle.") var handle: String

        func run() throws {
            let session = try global.session()
            let (person, grants, positions) = try People.show(session, handle: handle)
            print("person: \(person.handle)")
            print("name: \(person.name)")
            if let id = person.authorisationID { print("authorisation id: \(id)") }
            print("grants:" + (grants.isEmpty ? " none" : ""))
            Terminal.write(GrantListing.listing(grants, today: session.today).render(.table))
            print("positions:" + (positions.isEmpty ? " none" : ""))
            Terminal.write(PositionListing.listing(positions, today: session.today).render(.table))
        }
    }
}

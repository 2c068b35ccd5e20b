import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook department`: add, list and show departments (afdelinger og praksisser).
struct DepartmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department",
        abstract: "Register and look up hospital departments and general practices.",
        subcommands: [Add.self, List.self, Show.self])

    /// `logbook department add CODE --name ... --kind ... --region ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a department (by the secretariat of its region).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The department's code, e.g. KARD-OUH.") var code: String
        @Option(help: "The department's name.") var name: String
        @Option(help: "hospital (sygehus) or general-practice (almen-praksis).") var kind: String
        @Option(help: "The region it belongs to, e.g. Syddanmark.") var region: String

        func run() throws {
            let kind = try Departments.kind(self.kind)
            let department = try Departments.add(try global.session(), code: code, name: name, kind: kind, region: region)
            print("added department \(department.code): \(department.name) (\(department.kind.rawValue), region \(department.region))")
        }
    }

    /// `logbook department list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every department.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            var listing = Listing(columns: [.init("Code"), .init("Name", flexible: true), .init("Kind"), .init("Region")])
            for department in try Departments.list(try global.session()) {
                listing.rows.append([.string(department.code), .string(department.name), .string(department.kind.rawValue),
                                     .string(department.region)])
            }
            try output.emit(listing, try global.texts())
        }
    }

    /// `logbook department show CODE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a department with the grants standing in it today.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The department's code.") var code: String

        func run() throws {
            let session = try global.session()
            let (department, grants) = try Departments.show(session, code: code)
            print("department: \(department.code)")
            print("name: \(department.name)")
            print("kind: \(department.kind.rawValue) (\(department.kind.danishName))")
            print("region: \(department.region)")
            print("grants on \(session.today):" + (grants.isEmpty ? " none" : ""))
            Terminal.write(GrantListing.listing(grants, today: session.today).render(.table))
        }
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook department`: add, list and show departments (afdelinger og praksisser).
struct DepartmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department",
        abstract: Help.abstract("help.department"),
        subcommands: [Add.self, List.self, Show.self])

    /// `logbook department add CODE --name ... --kind ... --region ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: Help.abstract("help.department.add"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.department.add.code")) var code: String
        @Option(help: Help.option("help.department.add.name", valueName: "name")) var name: String
        @Option(help: Help.option("help.department.add.kind", valueName: "kind")) var kind: String
        @Option(help: Help.option("help.department.add.region", valueName: "region")) var region: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let kind = try Departments.kind(self.kind, t)
            let department = try Departments.add(session, code: code, name: name, kind: kind, region: region)
            ShowText.print(t("department.added", [
                "code": department.code, "name": department.name, "kind": t.departmentKind(department.kind), "region": department.region,
            ]))
        }
    }

    /// `logbook department list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.department.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let machine = (try? output.chosen) == .json
            var listing = Listing(columns: [.init("Code", key: "code"), .init("Name", key: "name", flexible: true),
                                            .init("Kind", key: "kind"), .init("Region", key: "region")])
            for department in try Departments.list(session) {
                let kind = machine ? department.kind.rawValue : t.departmentKindShort(department.kind)
                listing.rows.append([.string(department.code), .string(department.name), .string(kind), .string(department.region)])
            }
            try output.emit(listing, t)
        }
    }

    /// `logbook department show CODE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: Help.abstract("help.department.show"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.department.show.code")) var code: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let (department, grants) = try Departments.show(session, code: code)
            let names = try People.names(session)
            ShowText.print(t("department.show.code", ["code": department.code]))
            ShowText.print(t("department.show.name", ["name": department.name]))
            ShowText.print(t("department.show.kind", ["kind": t.departmentKind(department.kind)]))
            ShowText.print(t("department.show.region", ["region": department.region]))
            if grants.isEmpty {
                ShowText.print(t("department.show.grants.none", ["date": t.date(session.today)]))
            } else {
                ShowText.print(t.plural("department.show.grants", count: grants.count, ["date": t.date(session.today)]))
                Terminal.write(GrantListing.listing(grants, names: names, today: session.today, texts: t, format: .table)
                    .localized(t).render(.table))
                Terminal.write(GrantListing.legend(t))
            }
        }
    }
}

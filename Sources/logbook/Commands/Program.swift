import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook program`: uddannelsesprogrammer (department programmes) — import, list, show.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Uddannelsesprogrammer (department programmes): import, list and show.",
        subcommands: [Import.self, List.self, Show.self])
}

extension ProgramCommand {
    /// `logbook program import FILE`: store a department's programme from JSON.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import an uddannelsesprogram from JSON (docs/formats.md, docs/program.schema.json).",
            discussion: """
                The målbeskrivelse it follows must be imported first. A department given as an object is created when
                new. The same department, målbeskrivelse and programme version again changes nothing when identical
                and is refused (exit 1) when it differs. Bad data: exit 65; file missing: exit 66.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The JSON file (\"-\" reads standard input).", valueName: "file"))
        var file: String

        func run() throws {
            let session = try global.session()
            Terminal.write(try ProgramImport.run(session, path: file) + "\n")
        }
    }
}

extension ProgramCommand {
    /// `logbook program list`: every stored programme.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the imported uddannelsesprogrammer.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            let programs = try ProgramCatalog.list(session)
            var listing = Listing(columns: [
                .init("Department"), .init("Specialty", flexible: true), .init("Curriculum"), .init("Version"),
                .init("Approved", key: "approved_on"), .init("Items", alignRight: true), .init("Title", flexible: true),
            ])
            listing.rows = programs.map { program in
                [.string(program.departmentCode), .string(program.specialty), .string(program.curriculumVersion), .string(program.version),
                 .string(program.approvedOn?.iso), .int(Int64(program.itemCount)), .string(program.title)]
            }
            if programs.isEmpty && output.isTable {
                Terminal.note("no uddannelsesprogram is imported yet; use `logbook program import FILE`")
                return
            }
            try output.emit(listing, try global.texts())
        }
    }
}

extension ProgramCommand {
    /// `logbook program show DEPARTMENT[@VERSION]`: a department's programme, item by item with due months.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a department's uddannelsesprogram: every item in order with its due month.",
            discussion: """
                DEPARTMENT alone shows its newest programme; DEPARTMENT@VERSION a given programme version.
                --format json prints the programme in the import format.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The department code, optionally with @VERSION, e.g. OUH-KAR.", valueName: "department[@version]"))
        var reference: String

        func run() throws {
            let session = try global.session()
            let (program, department, items) = try ProgramCatalog.find(session, reference: reference)
            if ((try? output.chosen) == .json) {
                var members: [(String, JSONValue)] = [
                    ("department", .object([("code", .string(department.code)), ("name", .string(department.name)),
                                            ("kind", .string(department.kind.rawValue)), ("region", .string(department.region))])),
                    ("specialty", .string(program.specialty)), ("curriculumVersion", .string(program.curriculumVersion)),
                    ("title", .string(program.title)), ("version", .string(program.version)),
                ]
                if let approved = program.approvedOn { members.append(("approvedOn", .string(approved.iso))) }
                members.append(("items", .array(items.map(\.item.canonicalJSON))))
                Terminal.write(JSONValue.object(members).snakeCased.serialized(pretty: true) + "\n")
                return
            }
            var listing = Listing(columns: [
                .init("Month", key: "due_month", alignRight: true), .init("Kind"), .init("Code"), .init("Title", flexible: true),
                .init("Method", flexible: true), .init("Note", flexible: true),
            ])
            listing.rows = items.map { stored in
                let item = stored.item
                let kind: String, code: String, title: String
                switch item.subject {
                case .competency(let value): (kind, code, title) = ("competency", value, stored.title)
                case .course(let name): (kind, code, title) = ("course", "", name)
                case .meeting(let meeting): (kind, code, title) = ("meeting", "", meeting.danishName)
                }
                return [.int(Int64(item.dueMonth)), .string(kind), .string(code), .string(title), .string(item.method?.danishName ?? ""),
                        .string(item.note)]
            }
            guard output.isTable else {
                try output.emit(listing, try global.texts())
                return
            }
            var header = "\(department.code) \(department.name) (\(department.kind.rawValue), \(department.region))\n"
            header += "\(program.title), version \(program.version), for \(program.specialty) \(program.curriculumVersion)"
            if let approved = program.approvedOn { header += ", approved \(approved.iso)" }
            let lines = header.split(separator: "\n").map { String($0).truncated(to: 80) }.joined(separator: "\n")
            Terminal.write(lines + "\n\n" + listing.render(.table))
        }
    }
}

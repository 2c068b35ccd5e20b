import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook program`: uddannelsesprogrammer (department programmes) — import, list, show.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: Help.abstract("help.program"),
        subcommands: [Import.self, List.self, Show.self])
}

extension ProgramCommand {
    /// `logbook program import FILE`: store a department's programme from JSON.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: Help.abstract("help.program.import"),
            discussion: Help.text("help.program.import.discussion"))

        @OptionGroup var global: GlobalOptions

        @Argument(help: Help.option("help.program.import.file", valueName: "file"))
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
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.program.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let table = output.isTable
            let programs = try ProgramCatalog.list(session)
            var listing = Listing(columns: [
                .init("Department"), .init("Specialty", flexible: true), .init("Curriculum"), .init("Version"),
                .init("Approved", key: "approved_on"), .init("Items", alignRight: true), .init("Title", flexible: true),
            ])
            listing.rows = programs.map { program in
                [.string(program.departmentCode), .string(program.specialty), .string(program.curriculumVersion), .string(program.version),
                 .string(table ? program.approvedOn.map(t.date) : program.approvedOn?.iso), .int(Int64(program.itemCount)),
                 .string(program.title)]
            }
            if programs.isEmpty && table {
                Terminal.note(t("program.none"))
                return
            }
            try output.emit(listing, t)
        }
    }
}

extension ProgramCommand {
    /// `logbook program show DEPARTMENT[@VERSION]`: a department's programme, item by item with due months.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: Help.abstract("help.program.show"),
            discussion: Help.text("help.program.show.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: Help.option("help.program.show.reference", valueName: "department[@version]"))
        var reference: String

        func run() throws {
            let session = try global.session()
            let t = session.texts
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
                case .competency(let value): (kind, code, title) = (t("program.item.competency"), value, stored.title)
                case .course(let name): (kind, code, title) = (t("program.item.course"), "", name)
                case .meeting(let meeting): (kind, code, title) = (t("program.item.meeting"), "", t.meetingKind(meeting))
                }
                return [.int(Int64(item.dueMonth)), .string(kind), .string(code), .string(title), .string(item.method?.danishName ?? ""),
                        .string(item.note)]
            }
            guard output.isTable else {
                try output.emit(listing, t)
                return
            }
            let kind = department.kind == .hospital ? t("program.department.hospital") : t("program.department.practice")
            var values = ["code": department.code, "name": department.name, "kind": kind, "region": department.region,
                          "title": program.title, "version": program.version, "specialty": program.specialty,
                          "curriculum": program.curriculumVersion]
            var header = t("program.show.department", values) + "\n"
            if let approved = program.approvedOn {
                values["approved"] = t.date(approved)
                header += t("program.show.program.approved", values)
            } else {
                header += t("program.show.program", values)
            }
            // Broken at spaces onto further lines, never cut mid-word (issue 28).
            let lines = header.split(separator: "\n").flatMap { String($0).wrapped(width: 80, indent: "  ") }.joined(separator: "\n")
            try output.emit(lines + "\n\n" + listing.localized(t).render(.table), t)
        }
    }
}

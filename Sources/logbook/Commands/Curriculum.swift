import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook curriculum`: målbeskrivelser (national curricula) — import, list, show.
struct CurriculumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curriculum",
        abstract: "Målbeskrivelser (curricula): import, list and show.",
        subcommands: [Import.self, List.self, Show.self])
}

extension CurriculumCommand {
    /// `logbook curriculum import FILE`: store a målbeskrivelse from JSON or CSV.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a målbeskrivelse from JSON (canonical) or CSV (competency list).",
            discussion: """
                JSON names its own specialty, level, version, validity, title and courses (docs/formats.md,
                docs/curriculum.schema.json). A CSV competency list needs --specialty, --version and --valid-from.
                Importing the same specialty, level and version again changes nothing when the content is identical
                and is refused (exit 1) when it differs; a new version is stored beside the old ones.
                Bad data in the file: exit 65; file missing: exit 66; wrong flags: exit 64.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The file: .json or .csv (\"-\" reads standard input).", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("CSV only: the specialty, e.g. \"Almen medicin\".", valueName: "name"))
        var specialty: String?

        @Option(help: ArgumentHelp("CSV only: the version label, e.g. 2023.", valueName: "label"))
        var version: String?

        @Option(name: .customLong("valid-from"), help: ArgumentHelp("CSV only: first day the version applies (YYYY-MM-DD).", valueName: "date"))
        var validFrom: String?

        @Option(help: ArgumentHelp("CSV only: intro (default) or main.", valueName: "level"))
        var level: String?

        @Option(help: ArgumentHelp("CSV only: the title (default: \"Målbeskrivelse for introduktionsuddannelsen i SPECIALTY\").", valueName: "text"))
        var title: String?

        @Option(name: .customLong("course"), help: ArgumentHelp("CSV only: a mandatory course besides \"Kursus i klinisk vejledning\" (repeatable).", valueName: "name"))
        var courses: [String] = []

        func run() throws {
            let session = try global.session()
            let flags = CurriculumImportFlags(specialty: specialty, version: version, validFrom: validFrom, level: level, title: title, courses: courses)
            Terminal.write(try CurriculumImport.run(session, path: file, flags: flags) + "\n")
        }
    }
}

extension CurriculumCommand {
    /// `logbook curriculum list`: every stored målbeskrivelse.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the imported målbeskrivelser.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            let summaries = try CurriculumCatalog.list(session)
            var listing = Listing(columns: [
                .init("Specialty", flexible: true), .init("Level"), .init("Version"), .init("Valid from", key: "valid_from"),
                .init("Competencies", alignRight: true), .init("Courses", alignRight: true), .init("Title", flexible: true),
            ])
            for summary in summaries {
                let stored = summary.curriculum
                listing.rows.append([
                    .string(stored.specialty), .string(stored.level.rawValue), .string(stored.version), .string(stored.validFrom.iso),
                    .int(Int64(summary.competencies)), .int(Int64(summary.courses)), .string(stored.title),
                ])
            }
            if summaries.isEmpty && output.isTable {
                Terminal.note("no målbeskrivelse is imported yet; use `logbook curriculum import FILE`")
                return
            }
            try output.emit(listing, try global.texts())
        }
    }
}

extension CurriculumCommand {
    /// `logbook curriculum show SPECIALTY[@VERSION]`: one målbeskrivelse's competencies and courses.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a målbeskrivelse: competencies with roles and methods, then the mandatory courses.",
            discussion: """
                SPECIALTY alone shows the newest version (latest valid-from); SPECIALTY@VERSION a given one.
                --format json prints the whole målbeskrivelse in the import format (with konkretisering and
                læringsstrategier); csv prints the competencies.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The specialty, optionally with @VERSION, e.g. Kardiologi@2022.", valueName: "specialty[@version]"))
        var reference: String

        @Flag(name: .customLong("by-role"), help: "Group the competencies by lægerolle (a competency appears under each of its roles).")
        var byRole = false

        @Option(help: ArgumentHelp("intro (default) or main.", valueName: "level"))
        var level: String?

        func run() throws {
            var curriculumLevel = CurriculumLevel.intro
            if let level {
                guard let parsed = CurriculumLevel(rawValue: level.lowercased()) else {
                    throw LogbookError.usage("'--level' must be intro or main (got \"\(level)\")")
                }
                curriculumLevel = parsed
            }
            let session = try global.session()
            let (stored, curriculum) = try CurriculumCatalog.find(session, reference: reference, level: curriculumLevel)
            if ((try? output.chosen) == .json) {
                Terminal.write(curriculum.canonicalJSON.snakeCased.serialized(pretty: true) + "\n")
                return
            }
            let table = output.isTable
            var columns: [Listing.Column] = []
            if byRole { columns.append(.init("Role", flexible: true)) }
            columns += [.init("Code"), .init("Title", flexible: true)]
            if !byRole { columns.append(.init("Roles", flexible: true)) }
            columns.append(.init("Methods", flexible: true))
            if !table {
                columns += [.init("Concretisation", key: "concretisation"), .init("Learning strategies", key: "learning_strategies"),
                            .init("Sort", key: "sort_order")]
            }
            var listing = Listing(columns: columns)
            func row(_ competency: Competency, role: MedicalRole?, firstInGroup: Bool) -> [JSONValue] {
                var cells: [JSONValue] = []
                if let role { cells.append(.string(firstInGroup || !table ? (table ? role.shortName : role.danishName) : "")) }
                cells += [.string(competency.code), .string(competency.title)]
                if role == nil { cells.append(.array(competency.roles.map { .string(table ? $0.shortName : $0.danishName) })) }
                cells.append(.array(competency.methods.map { .string($0.danishName) }))
                if !table {
                    cells += [.string(competency.concretisation), .string(competency.learningStrategies), .int(Int64(competency.sortOrder))]
                }
                return cells
            }
            if byRole {
                for role in MedicalRole.allCases {
                    for (index, competency) in curriculum.competencies.filter({ $0.roles.contains(role) }).enumerated() {
                        listing.rows.append(row(competency, role: role, firstInGroup: index == 0))
                    }
                }
            } else {
                listing.rows = curriculum.competencies.map { row($0, role: nil, firstInGroup: true) }
            }
            guard table else {
                try output.emit(listing, try global.texts())
                return
            }
            var text = "\(stored.label) (\(stored.level.rawValue)), valid from \(stored.validFrom.iso)"
            if !stored.title.isEmpty { text += ": \(stored.title)" }
            text = text.truncated(to: 80) + "\n\n" + listing.render(.table) + "\n"
            var courses = Listing(columns: [.init("Mandatory courses", key: "course", flexible: true)])
            courses.rows = curriculum.courses.map { [.string($0)] }
            text += courses.render(.table)
            Terminal.write(text)
        }
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook curriculum`: målbeskrivelser (national curricula) — import, list, show.
struct CurriculumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curriculum",
        abstract: Help.abstract("help.curriculum"),
        subcommands: [Import.self, List.self, Show.self])
}

extension CurriculumCommand {
    /// `logbook curriculum import FILE`: store a målbeskrivelse from JSON or CSV.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: Help.abstract("help.curriculum.import"),
            discussion: Help.text("help.curriculum.import.discussion"))

        @OptionGroup var global: GlobalOptions

        @Argument(help: Help.option("help.curriculum.import.file", valueName: "file"))
        var file: String

        @Option(help: Help.option("help.curriculum.import.specialty", valueName: "name"))
        var specialty: String?

        @Option(help: Help.option("help.curriculum.import.version", valueName: "label"))
        var version: String?

        @Option(name: .customLong("valid-from"), help: Help.option("help.curriculum.import.validFrom", valueName: "date"))
        var validFrom: String?

        @Option(help: Help.option("help.curriculum.import.level", valueName: "level"))
        var level: String?

        @Option(help: Help.option("help.curriculum.import.title", valueName: "text"))
        var title: String?

        @Option(name: .customLong("course"), help: Help.option("help.curriculum.import.course", valueName: "name"))
        var courses: [String] = []

        func run() throws {
            let session = try global.session()
            let flags = CurriculumImportFlags(specialty: specialty, version: version, validFrom: validFrom, level: level, title: title, courses: courses)
            let (summary, notes) = try CurriculumImport.runWithNotes(session, path: file, flags: flags)
            Terminal.write(summary + "\n")
            notes.forEach(Terminal.note)
        }
    }
}

extension CurriculumCommand {
    /// `logbook curriculum list`: every stored målbeskrivelse.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.curriculum.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let table = output.isTable, json = (try? output.chosen) == .json
            let summaries = try CurriculumCatalog.list(session)
            var listing = Listing(columns: [
                .init("Specialty", flexible: true), .init("Level"), .init("Version"), .init("Valid from", key: "valid_from"),
                .init("Competencies", alignRight: true), .init("Courses", alignRight: true), .init("Title", flexible: true),
            ])
            for summary in summaries {
                let stored = summary.curriculum
                listing.rows.append([
                    .string(stored.specialty), .string(json ? stored.level.rawValue : CurriculumCommand.level(stored.level, t)),
                    .string(stored.version), .string(table ? t.date(stored.validFrom) : stored.validFrom.iso),
                    .int(Int64(summary.competencies)), .int(Int64(summary.courses)), .string(stored.title),
                ])
            }
            if summaries.isEmpty && table {
                Terminal.note(t("curriculum.none"))
                return
            }
            if table {
                // Short headers keep the table within 80 columns; the legend says what they stand for.
                listing = Listing(columns: listing.columns.enumerated().map { index, column in
                    var copy = column
                    if index == 4 { copy = .init("Comp.", key: "competencies_short", alignRight: true) }
                    if index == 5 { copy = .init("Courses", key: "courses_short", alignRight: true) }
                    return copy
                }, rows: listing.rows)
            }
            try output.emit(listing, t)
        }
    }
}

extension CurriculumCommand {
    /// `logbook curriculum show SPECIALTY[@VERSION]`: one målbeskrivelse's competencies and courses.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: Help.abstract("help.curriculum.show"),
            discussion: Help.text("help.curriculum.show.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: Help.option("help.curriculum.show.reference", valueName: "specialty[@version]"))
        var reference: String

        @Flag(name: .customLong("by-role"), help: Help.option("help.curriculum.show.byRole"))
        var byRole = false

        @Flag(help: Help.option("help.curriculum.show.full"))
        var full = false

        @Option(help: Help.option("help.curriculum.show.level", valueName: "level"))
        var level: String?

        func run() throws {
            var curriculumLevel = CurriculumLevel.intro
            if let level {
                guard let parsed = CurriculumLevel(rawValue: level.lowercased()) else {
                    let texts = try global.texts()
                    throw LogbookError.usage(texts("curriculum.badLevel", ["value": level]))
                }
                curriculumLevel = parsed
            }
            let session = try global.session()
            let t = session.texts
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
                try output.emit(listing, t)
                return
            }
            let values = ["label": stored.label, "level": CurriculumCommand.level(stored.level, t), "from": t.date(stored.validFrom),
                          "title": stored.title]
            var text = CurriculumCommand.wrap(stored.title.isEmpty ? t("curriculum.show.header", values) : t("curriculum.show.header.title", values))
            if full {
                // Every competency whole: its title wrapped, then its roles and methods, one block each.
                for competency in curriculum.competencies {
                    text += "\n" + CurriculumCommand.wrap(t("curriculum.full.competency", ["code": competency.code, "title": competency.title]),
                                                indent: 4)
                    text += CurriculumCommand.wrap(t("curriculum.full.roles", ["roles": competency.roles.map(\.danishName).joined(separator: ", ")]),
                                          indent: 4, first: 4)
                    text += CurriculumCommand.wrap(t("curriculum.full.methods", ["methods": competency.methods.map(\.danishName).joined(separator: ", ")]),
                                          indent: 4, first: 4)
                }
                text += "\n"
            } else {
                text += "\n" + listing.localized(t).render(.table) + "\n"
            }
            var courses = Listing(columns: [.init("Mandatory courses", key: "course", flexible: true)])
            courses.rows = curriculum.courses.map { [.string($0)] }
            text += courses.localized(t).render(.table)
            if !full { text += "\n" + HistoryCommand.lines([t("curriculum.show.fullHint")]) }
            try output.emit(text, t)
        }
    }
}

extension CurriculumCommand {
    /// A målbeskrivelse's level as a person reads it.
    static func level(_ level: CurriculumLevel, _ t: Texts) -> String {
        level == .intro ? t("curriculum.level.intro") : t("curriculum.level.main")
    }

    /// `text` broken at spaces into lines of at most 80 characters, the first indented by `first` spaces, the rest by `indent`.
    static func wrap(_ text: String, indent: Int = 2, first: Int = 0) -> String {
        (String(repeating: " ", count: first) + text).wrapped(width: 80, indent: String(repeating: " ", count: indent))
            .joined(separator: "\n") + "\n"
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook record`: record a kompetencevurdering (default) and list them.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an assessment toward a competency (logbook record --position ID CODE --method M --date D).",
        subcommands: [Add.self, List.self],
        defaultSubcommand: Add.self)

    /// `logbook record [add] --position ID CODE --method METHOD --date DATE ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a kompetencevurdering (by the trainee, hovedvejleder, UAO/tutor or a daglig klinisk vejleder).",
            discussion: """
                CODE must be a competency of the position's pinned målbeskrivelse and METHOD one it names for that
                competency; --other-method records another method on purpose (an unknown name is kept as free text).
                Entries are never edited: --corrects ENTRY records a correction that supersedes ENTRY and keeps both.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Argument(help: "The competency's code.") var code: String
        @Option(help: "The assessment method, e.g. Mini-CEX.") var method: String
        @Option(help: "The day of the assessment (not in the future).") var date: String
        @Option(help: "Who assessed (a handle).") var assessor: String?
        @Option(help: "A note.") var note: String?
        @Flag(help: "Record a method the målbeskrivelse does not name for this competency.") var otherMethod = false
        @Option(help: "The entry this one corrects.") var corrects: Int64?

        func run() throws {
            let entry = try Assessments.record(try global.session(), .init(
                positionID: target.position, code: code, method: method, date: date, assessor: assessor, note: note,
                otherMethod: otherMethod, corrects: corrects))
            print("entry \(entry.id): \(entry.competencyCode) by \(entry.methodText) on \(entry.assessedOn)"
                + (entry.correctsID.map { ", correcting entry \($0)" } ?? ""))
        }
    }

    /// `logbook record list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a position's assessments; superseded entries are marked.",
            aliases: ["assessments"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption

        func run() throws {
            let (_, entries) = try Assessments.list(try global.session(), positionID: target.position)
            var listing = Listing(columns: [
                .init("Entry", alignRight: true), .init("Code"), .init("Method"), .init("Date"), .init("Assessor"),
                .init("Corrects"), .init("Superseded by", key: "superseded_by"), .init("Note", flexible: true),
            ])
            for entry in entries {
                listing.rows.append([
                    .int(entry.id), .string(entry.competencyCode), .string(entry.methodText), .string(entry.assessedOn.iso),
                    entry.assessor.map(JSONValue.string) ?? .null, entry.correctsID.map(JSONValue.int) ?? .null,
                    entry.supersededBy.map(JSONValue.int) ?? .null, .string(entry.note),
                ])
            }
            try output.emit(listing, try global.texts())
        }
    }
}

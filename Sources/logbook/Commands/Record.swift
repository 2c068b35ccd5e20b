import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook record`: record a kompetencevurdering (default) and list them.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: Help.abstract("help.record"),
        subcommands: [Add.self, List.self],
        defaultSubcommand: Add.self)

    /// `logbook record [add] --position ID CODE --method METHOD --date DATE ...`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: Help.abstract("help.record.add"),
            discussion: Help.text("help.record.add.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Argument(help: Help.option("help.record.add.code", valueName: "code")) var code: String
        @Option(help: Help.option("help.record.add.method", valueName: "method")) var method: String
        @Option(help: Help.option("help.record.add.date", valueName: "date")) var date: String
        @Option(help: Help.option("help.record.add.assessor", valueName: "handle")) var assessor: String?
        @Option(help: Help.option("help.record.add.note", valueName: "text")) var note: String?
        @Flag(help: Help.option("help.record.add.otherMethod")) var otherMethod = false
        @Option(help: Help.option("help.record.add.corrects", valueName: "entry")) var corrects: Int64?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let entry = try Assessments.record(session, .init(
                positionID: target.position, code: code, method: method, date: date, assessor: assessor, note: note,
                otherMethod: otherMethod, corrects: corrects))
            var values = ["id": String(entry.id), "code": entry.competencyCode, "method": entry.methodText, "date": t.date(entry.assessedOn)]
            if let corrected = entry.correctsID {
                values["corrects"] = String(corrected)
                print(t("record.added.correcting", values))
            } else {
                print(t("record.added", values))
            }
        }
    }

    /// `logbook record list --position ID`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: Help.abstract("help.record.list"), aliases: ["assessments"])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var target: PositionOption

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let table = output.isTable
            let json = (try? output.chosen) == .json
            let (_, entries) = try Assessments.list(session, positionID: target.position)
            let names = try session.names(entries.flatMap { [$0.recordedBy] + ($0.assessor.map { [$0] } ?? []) })
            var listing = Listing(columns: [
                .init("Entry", alignRight: true), .init("Code"), .init("Method", flexible: true), .init("Date"),
                .init("Assessor", flexible: true), .init("Assessor handle", key: "assessor_handle", inTable: false),
                .init("Recorded by", key: "recorded_by", flexible: true), .init("Recorded by handle", key: "recorded_by_handle", inTable: false),
                .init("Corrects", inTable: false), .init("Superseded by", key: "superseded_by", inTable: false),
            ] + (json ? [] : [.init("Status", key: "entry_status")]) + [.init("Note", flexible: true)])
            // The status words are for people (table, CSV); JSON carries the same as the corrects / superseded_by
            // numbers, the same in every language.
            for entry in entries {
                let status: String
                if let later = entry.supersededBy {
                    status = t("record.status.superseded", ["entry": String(later)])
                } else if let earlier = entry.correctsID {
                    status = t("record.status.corrects", ["entry": String(earlier)])
                } else {
                    status = ""
                }
                listing.rows.append([
                    .int(entry.id), .string(entry.competencyCode), .string(entry.methodText),
                    .string(table ? t.date(entry.assessedOn) : entry.assessedOn.iso),
                    entry.assessor.map { JSONValue.string(names[$0] ?? $0) } ?? .null, entry.assessor.map(JSONValue.string) ?? .null,
                    .string(names[entry.recordedBy] ?? entry.recordedBy), .string(entry.recordedBy),
                    entry.correctsID.map(JSONValue.int) ?? .null, entry.supersededBy.map(JSONValue.int) ?? .null,
                ] + (json ? [] : [.string(status)]) + [.string(entry.note)])
            }
            var text = output.render(listing, t)
            if table && entries.contains(where: { $0.supersededBy != nil || $0.correctsID != nil }) {
                text += "\n" + HistoryCommand.lines([t("record.legend")])
            }
            try output.emit(text, t)
        }
    }
}

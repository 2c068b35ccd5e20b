import ArgumentParser
import LogbookApp

/// `logbook export --position ID -o FILE.json`: the documentation bundle of one position.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: Help.abstract("help.export"))
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Option(name: [.short, .customLong("output")], help: Help.option("help.export.output", valueName: "file.json"))
    var output: String

    func run() throws {
        let session = try global.session()
        let summary = try Bundles.export(session, positionID: target.position, to: output)
        let t = session.texts
        Terminal.note(t("export.wrote", [
            "file": output, "events": t.plural("export.events", count: summary.events), "signed": String(summary.signed),
            "keyEvents": t.plural("export.keyEvents", count: summary.keyEvents), "grants": t.plural("export.grants", count: summary.grants),
        ]))
        // What the bundle proves about completeness (issue 29): cut at a checkpoint, with or without the signed statement.
        if let checkpoint = summary.checkpoint, let id = summary.checkpointID {
            let values = ["id": String(id), "size": String(checkpoint.size), "time": checkpoint.time, "holder": summary.statementBy ?? ""]
            Terminal.note(t(summary.statementBy == nil ? "export.cut.noStatement" : "export.cut", values))
        } else {
            Terminal.note(t("export.noCheckpoint"))
        }
    }
}

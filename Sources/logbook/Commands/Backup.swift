import ArgumentParser
import LogbookApp

/// `logbook backup --to FILE [--force]`: an online, verified copy of the database (docs/backup.md).
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: Help.abstract("help.backup"), discussion: Help.text("help.backup.discussion"))

    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.backup.to", valueName: "file")) var to: String
    @Flag(help: Help.option("help.backup.force")) var force = false

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let outcome = try Backup.run(session, to: to, force: force)
        print(t("backup.done", [
            "path": outcome.path, "size": t.number(Double(outcome.bytes) / 1_048_576, decimals: 1),
            "version": String(outcome.schemaVersion), "events": String(outcome.events),
        ]))
    }
}

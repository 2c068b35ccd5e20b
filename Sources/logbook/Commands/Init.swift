import ArgumentParser
import LogbookApp

/// `logbook init`: create or upgrade the database and say where it is.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: Help.abstract("help.init"))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try global.session()
        let t = session.texts
        let schema = session.schema
        print(t("init.database", ["path": session.databasePath]))
        let version = String(schema.version)
        if schema.applied.isEmpty {
            print(t("init.schema.current", ["version": version]))
        } else {
            let migrations = schema.applied.map(String.init).joined(separator: ", ")
            print(t.plural("init.schema.applied", count: schema.applied.count, ["version": version, "migrations": migrations]))
        }
    }
}

import ArgumentParser
import LogbookApp

/// `logbook init`: create or upgrade the database and say where it is.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or upgrade the database and print its path and schema version.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = try global.session()
        let schema = session.schema
        let upgraded = schema.applied.isEmpty
            ? "already current"
            : "applied migration\(schema.applied.count == 1 ? "" : "s") \(schema.applied.map(String.init).joined(separator: ", "))"
        print("database: \(session.databasePath)")
        print("schema version: \(schema.version) (\(upgraded))")
    }
}

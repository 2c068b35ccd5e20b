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
        let store = session.store
        let upgraded = store.appliedMigrations.isEmpty
            ? "already current"
            : "applied migration\(store.appliedMigrations.count == 1 ? "" : "s") \(store.appliedMigrations.map(String.init).joined(separator: ", "))"
        print("database: \(store.path)")
        print("schema version: \(store.schemaVersion) (\(upgraded))")
    }
}

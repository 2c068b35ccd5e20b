import ArgumentParser
import LogbookApp

/// Options every command shares: where the database is and who acts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $LOGBOOK_DB, else ~/.local/share/logbook/logbook.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting (default: $LOGBOOK_USER).", valueName: "handle"))
    var actor: String?

    /// Opens the session (database, today, actor) for this command.
    func session() throws -> Session {
        try Session.open(databaseFlag: db, actorFlag: actor, environment: ProcessEnvironment.variables,
                         access: DatabaseAccess.current)
    }
}

/// `--position ID`: the position a command acts on or shows.
struct PositionOption: ParsableArguments {
    @Option(help: ArgumentHelp("The position's id (see `logbook position list`).", valueName: "id"))
    var position: Int64
}

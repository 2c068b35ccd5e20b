import ArgumentParser
import LogbookApp

/// Options every command shares: where the database is and who acts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $LOGBOOK_DB, else ~/.local/share/logbook/logbook.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting (default: $LOGBOOK_USER).", valueName: "handle"))
    var actor: String?

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "Language of the output: da or en (default: $LOGBOOK_LANG, else da where the locale is Danish, else en).", valueName: "da|en"))
    var language: String?

    /// The language of this command's output.
    func texts() throws -> Texts {
        Texts(try Language.resolve(flag: language, environment: ProcessEnvironment.variables))
    }

    /// Opens the session (database, today, actor, language) for this command.
    func session() throws -> Session {
        try Session.open(databaseFlag: db, actorFlag: actor, environment: ProcessEnvironment.variables,
                         access: DatabaseAccess.current,
                         language: try Language.resolve(flag: language, environment: ProcessEnvironment.variables))
    }
}

/// `--position ID`: the position a command acts on or shows.
struct PositionOption: ParsableArguments {
    @Option(help: ArgumentHelp("The position's id (see `logbook position list`).", valueName: "id"))
    var position: Int64
}

import ArgumentParser
import LogbookApp

/// Options every command shares: where the database is and who acts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: Help.option("help.option.db", valueName: "path"))
    var db: String?

    @Option(name: .customLong("as"), help: Help.option("help.option.as", valueName: "handle"))
    var actor: String?

    @Option(name: .customLong("lang"), help: Help.option("help.option.lang", valueName: "da|en"))
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
    @Option(help: Help.option("help.option.position", valueName: "id"))
    var position: Int64
}

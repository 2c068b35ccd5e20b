import ArgumentParser
import LogbookApp

/// `logbook version`: the program version and the database schema version it writes (as `logbook --version`).
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: Help.abstract("help.version"))
    @Option(name: .customLong("lang"), help: Help.option("help.option.lang", valueName: "da|en")) var language: String?

    func run() throws {
        print(About.text(Help.texts))
    }
}

import ArgumentParser
import LogbookApp

/// `logbook version`: the program version and the database schema version it writes (as `logbook --version`).
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: Help.abstract("help.version"))

    func run() throws {
        print(About.text)
    }
}

import ArgumentParser
import LogbookApp

/// `logbook export --position ID -o FILE.json`: the documentation bundle of one position.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a position's documentation bundle (docs/BUNDLE-FORMAT.md), verifiable offline with `logbook verify --bundle`.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The bundle file to write.", valueName: "file.json"))
    var output: String

    func run() throws {
        let summary = try Bundles.export(try global.session(), positionID: target.position, to: output)
        Terminal.note("wrote \(output): \(summary.events) events (\(summary.signed) signed), \(summary.keyEvents) key-chain events, \(summary.grants) grants")
    }
}

import ArgumentParser
import LogbookApp

/// The catalog texts of the command line itself: command abstracts, option help and the `logbook: error:` line.
///
/// ArgumentParser builds help from static configuration, before any command runs, so the language here is resolved
/// from the raw arguments (`--lang da`, `--lang=da`) and the environment, the same way `GlobalOptions` resolves it
/// (a bad value falls back to English here; the command then reports it). ArgumentParser's own frame words ("USAGE",
/// "OPTIONS", "Error: Missing expected argument") are its own and stay English.
enum Help {
    static let texts: Texts = {
        var flag: String?
        let arguments = Array(CommandLine.arguments.dropFirst())
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count { flag = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst("--lang=".count)) }
        }
        return Texts((try? Language.resolve(flag: flag, environment: ProcessEnvironment.variables)) ?? .en)
    }()

    /// The text of `key` in the process's language.
    static func text(_ key: String, _ arguments: [String: String] = [:]) -> String { texts(key, arguments) }

    /// Option or argument help from the catalog: `key` is the help line, `valueName` as ArgumentParser shows it.
    static func option(_ key: String, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(texts(key), valueName: valueName)
    }

    /// A command's configuration with its abstract (and discussion, when the catalog has `<key>.discussion`) from the
    /// catalog: `key` is `help.<command>`, e.g. `help.status`.
    static func abstract(_ key: String) -> String { texts(key) }
}

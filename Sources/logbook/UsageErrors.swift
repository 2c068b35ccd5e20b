import ArgumentParser
import LogbookApp
import Platform

/// ArgumentParser's own usage errors ("Error: Unknown option '--x'", "Usage: …", "See '… --help' …") in the reader's
/// language, with the same `logbook: fejl:` / `logbook: error:` prefix as every other error. ArgumentParser words
/// its messages in English; the handful a user meets (unknown or unexpected argument, missing value, a value off
/// the list) are recognised by their shape and worded from the catalog (`usage.*` in catalog/*-cli.txt). A message
/// not recognised — one of ours thrown as a `ValidationError` is already in the reader's language — is kept as is.
enum UsageErrors {
    /// Reports a parse or validation error and exits with ArgumentParser's code for it (64); help and a clean exit
    /// (exit 0) are ArgumentParser's to print.
    static func exit(_ error: Error) -> Never {
        let code = Logbook.exitCode(for: error)
        guard code != .success else { Logbook.exit(withError: error) }
        let message = Logbook.fullMessage(for: error)
        Terminal.writeError(localize(message, Help.texts) + "\n")
        FileSystem.exitProcess(code.rawValue)
    }

    /// The full message, line by line, in `texts`' language.
    static func localize(_ message: String, _ texts: Texts) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let line = String(line)
            if line.hasPrefix("Error: ") {
                return texts("cli.error", ["message": sentence(String(line.dropFirst("Error: ".count)), texts)])
            }
            if line.hasPrefix("Usage: ") { return texts("usage.usage", ["usage": String(line.dropFirst("Usage: ".count))]) }
            if line.hasPrefix("Help: ") { return texts("usage.help", ["help": String(line.dropFirst("Help: ".count))]) }
            if let command = captures(#"^\s*See '(.+) --help' for more information\.$"#, line)?.first {
                return "  " + texts("usage.see", ["command": command])
            }
            return line
        }.joined(separator: "\n")
    }

    /// One of ArgumentParser's error sentences, worded in `texts`' language when its shape is known.
    static func sentence(_ text: String, _ texts: Texts) -> String {
        if let found = captures(#"^Unknown option '([^']+)'\. Did you mean '([^']+)'\?$"#, text) {
            return texts("usage.unknownOption.suggest", ["option": found[0], "match": found[1]])
        }
        if let found = captures(#"^Unknown option '([^']+)'$"#, text) { return texts("usage.unknownOption", ["option": found[0]]) }
        if let found = captures(#"^Unexpected argument '([^']*)'$"#, text) { return texts("usage.unexpected", ["argument": found[0]]) }
        if let found = captures(#"^\d+ unexpected arguments: (.+)$"#, text) { return texts("usage.unexpectedMany", ["arguments": found[0]]) }
        if let found = captures(#"^The option '([^']+)' does not take any value, but '([^']*)' was specified\.$"#, text) {
            return texts("usage.noValue", ["option": found[0], "value": found[1]])
        }
        if let found = captures(#"^Missing expected argument '([^']+)'$"#, text) { return texts("usage.missing", ["argument": found[0]]) }
        if let found = captures(#"^Missing value for '([^']+)'$"#, text) { return texts("usage.missingValue", ["option": found[0]]) }
        if let found = captures(#"^The value '([^']*)' is invalid for '([^']+)'\. Please provide one of (.+)\.$"#, text) {
            return texts("usage.notOneOf", ["value": found[0], "option": found[1], "choices": choices(found[2], texts)])
        }
        if let found = captures(#"^The value '([^']*)' is invalid for '([^']+)'(: .*)?$"#, text) {
            return texts("usage.invalid", ["value": found[0], "option": found[1]]) + (found.count > 2 ? found[2] : "")
        }
        if let found = captures(#"^Value to be set with flag '(.+)' had already been set with flag '(.+)'$"#, text) {
            return texts("usage.twice", ["option": found[0], "earlier": found[1]])
        }
        return text
    }

    /// "'table', 'csv' or 'json'" (ArgumentParser says "'a' and 'b'" for two) with the language's "or".
    static func choices(_ list: String, _ texts: Texts) -> String {
        guard let found = captures(#"^(.+) (?:or|and) ('[^']*')$"#, list) else { return list }
        return texts("list.or", ["items": found[0], "last": found[1]])
    }

    /// The capture groups of `pattern`'s match on the whole of `text` (an unmatched optional group is left out).
    static func captures(_ pattern: String, _ text: String) -> [String]? {
        guard let regex = try? Regex(pattern), let match = try? regex.wholeMatch(in: text) else { return nil }
        return match.output.dropFirst().compactMap { $0.substring.map(String.init) }
    }
}

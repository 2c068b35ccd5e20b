/// The documented exit codes of `logbook` (also in `--help` and the README).
public enum ExitStatus: Int32, Sendable {
    /// Success.
    case success = 0
    /// Refused by a rule of the domain (element not complete, no grant, already approved, ...).
    case refused = 1
    /// Wrong usage: unknown flag, bad flag value.
    case usage = 64
    /// Bad data in an input file.
    case dataError = 65
    /// An input file is missing or unreadable.
    case noInput = 66
    /// An internal error: a bug or a broken database.
    case internalError = 70
}

/// An error a user can act on: what went wrong, where, and how to fix it, with its exit status.
public struct LogbookError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The exit status the CLI ends with.
    public let status: ExitStatus
    /// One line: what, where, how to fix.
    public let message: String
    /// Further lines (for example every missing competency).
    public let details: [String]

    public init(_ status: ExitStatus, _ message: String, details: [String] = []) {
        self.status = status
        self.message = message
        self.details = details
    }

    public var description: String { ([message] + details.map { "  " + $0 }).joined(separator: "\n") }

    /// Refused by a rule of the domain (exit 1).
    public static func refused(_ message: String, details: [String] = []) -> LogbookError {
        LogbookError(.refused, message, details: details)
    }
    /// Wrong usage (exit 64).
    public static func usage(_ message: String) -> LogbookError { LogbookError(.usage, message) }
    /// Bad data in an input file (exit 65).
    public static func badData(_ message: String, details: [String] = []) -> LogbookError {
        LogbookError(.dataError, message, details: details)
    }
    /// Input file missing (exit 66).
    public static func noInput(_ message: String) -> LogbookError { LogbookError(.noInput, message) }
}

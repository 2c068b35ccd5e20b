#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform
import LogbookApp

/// The process environment, read once.
enum ProcessEnvironment {
    static let variables: [String: String] = {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }()
}

/// Writing to stdout and stderr, and what the terminal can show.
enum Terminal {
    /// Whether stdout is a terminal (colour and bars only then).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether stderr is a terminal (progress only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    /// Whether colour may be used on stdout (a terminal, and `NO_COLOR` unset).
    static var useColour: Bool {
        stdoutIsTerminal && (ProcessEnvironment.variables["NO_COLOR"] ?? "").isEmpty
    }

    /// Writes text to stdout as is.
    static func write(_ text: String) {
        print(text, terminator: "")
    }

    /// Writes a line to stderr (unbuffered, after flushing what stdout holds).
    static func note(_ text: String) {
        writeError(text + "\n")
    }

    /// Writes text to stderr as is (progress lines use "\r").
    static func writeError(_ text: String) {
        fflush(nil)
        _ = FileSystem.writeAll(STDERR_FILENO, Array(text.utf8))
    }

    /// Prints an error as `logbook: error: ...` on stderr.
    static func printError(_ error: LogbookError) {
        note(Help.text("cli.error", ["message": error.description]))
    }

    /// Flushes stdout and ends the process with exit 74 when any of the output could not be written (a full disk,
    /// a closed stdout, `> /dev/full`): output that is silently cut short is never success.
    static func finish() {
        let flushed = fflush(stdout) == 0
        let reason = errno
        if !flushed || ferror(stdout) != 0 {
            let why = flushed ? "a write failed" : String(cString: strerror(reason))
            printError(LogbookError.ioError("cannot write the output (\(why)): is the disk full, or standard output closed? "
                + "The output is incomplete; the command's changes to the database, if any, are saved"))
            FileSystem.exitProcess(ExitStatus.ioError.rawValue)
        }
    }

    /// Ends the process with `status`, flushing stdout first.
    static func exit(_ status: ExitStatus) -> Never {
        fflush(nil)
        FileSystem.exitProcess(status.rawValue)
    }
}

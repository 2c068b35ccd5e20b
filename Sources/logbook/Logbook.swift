import ArgumentParser
import LogbookApp

/// The `logbook` command: a competency logbook for Danish introductory specialist training.
struct Logbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logbook",
        abstract: "Competency logbook for introduktionsuddannelse (intro positions) in Danish specialist training.",
        discussion: """
            The database is --db PATH, else $LOGBOOK_DB, else $XDG_DATA_HOME/logbook/logbook.sqlite
            (~/.local/share/logbook/logbook.sqlite). Who acts is --as HANDLE, else $LOGBOOK_USER.

            Exit codes:
              0   success (a check that finds nothing prints nothing)
              1   refused by a rule (no grant, element not complete, already approved, ...)
              64  usage error (unknown flag, bad value)
              65  bad data in an input file
              66  input file missing or unreadable
              70  internal error
            """,
        subcommands: [
            InitCommand.self,
            CurriculumCommand.self,
            ProgramCommand.self,
            DepartmentCommand.self,
            PersonCommand.self,
            GrantCommand.self,
            PositionCommand.self,
            AbsenceCommand.self,
            RecordCommand.self,
            MeetingCommand.self,
            ApproveCommand.self,
            AttestCommand.self,
            StatementCommand.self,
            RevokeCommand.self,
            HistoryCommand.self,
            EligibilityCommand.self,
            VerifyCommand.self,
            StatusCommand.self,
            CheckCommand.self,
            ReportCommand.self,
            DemoCommand.self,
            KeyCommand.self,
            ExportCommand.self,
        ]
    )
}

@main
enum Main {
    static func main() {
        // Parsing errors, --help and validation failures are ArgumentParser's to report (exit 0 or 64).
        var command: ParsableCommand
        do {
            command = try Logbook.parseAsRoot()
        } catch {
            Logbook.exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as LogbookError {
            Terminal.printError(error)
            Terminal.exit(error.status)
        } catch let error as ExitCode {
            Logbook.exit(withError: error)
        } catch let error as CleanExit {
            Logbook.exit(withError: error)
        } catch let error as ValidationError {
            Logbook.exit(withError: error)
        } catch {
            // `logbook` alone asks for help; ArgumentParser knows its own errors by their exit code.
            let code = Logbook.exitCode(for: error)
            if code == .success || code == .validationFailure { Logbook.exit(withError: error) }
            Terminal.printError(LogbookError(.internalError, "internal error: \(error)"))
            Terminal.exit(.internalError)
        }
    }
}

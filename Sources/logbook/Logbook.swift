#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import LogbookApp

/// The `logbook` command: a competency logbook for Danish introductory specialist training.
struct Logbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logbook",
        abstract: Help.abstract("help.logbook"),
        discussion: Help.text("help.logbook.discussion"),
        version: About.text(Help.texts),
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
            InboxCommand.self,
            RemindCommand.self,
            MailCommand.self,
            RequestCommand.self,
            ApproveCommand.self,
            AttestCommand.self,
            StatementCommand.self,
            RevokeCommand.self,
            HistoryCommand.self,
            EligibilityCommand.self,
            VerifyCommand.self,
            CheckpointCommand.self,
            StatusCommand.self,
            CheckCommand.self,
            ReportCommand.self,
            DemoCommand.self,
            KeyCommand.self,
            ExportCommand.self,
            PrintCommand.self,
            VersionCommand.self,
            AccountCommand.self,
            ServeCommand.self,
            BackupCommand.self,
        ]
    )
}

/// What the running command may do with the database file: only the commands that start a database may create
/// it; the commands that only look refuse a missing or empty file and read a file they cannot write.
enum DatabaseAccess {
    /// Set by `main` from the parsed command, before it runs.
    nonisolated(unsafe) static var current: Session.FileAccess = .write

    static let creating: [ParsableCommand.Type] = [
        InitCommand.self, DemoCommand.self, PersonCommand.Add.self, DepartmentCommand.Add.self,
        CurriculumCommand.Import.self, ProgramCommand.Import.self,
    ]
    static let reading: [ParsableCommand.Type] = [
        VerifyCommand.self, StatusCommand.self, CheckCommand.self, ReportCommand.self, HistoryCommand.self, EligibilityCommand.self, ExportCommand.self, PrintCommand.self,
        PersonCommand.List.self, PersonCommand.Show.self, DepartmentCommand.List.self, DepartmentCommand.Show.self,
        GrantCommand.List.self, PositionCommand.Show.self, PositionCommand.List.self, AbsenceCommand.List.self,
        RecordCommand.List.self, MeetingCommand.List.self, KeyCommand.List.self, RequestCommand.List.self, InboxCommand.self,
        CurriculumCommand.List.self, CurriculumCommand.Show.self, ProgramCommand.List.self, ProgramCommand.Show.self,
        AccountCommand.LogIns.self, BackupCommand.self,
    ]

    static func of(_ command: ParsableCommand) -> Session.FileAccess {
        let type = Swift.type(of: command)
        if creating.contains(where: { $0 == type }) { return .create }
        if reading.contains(where: { $0 == type }) { return .read }
        return .write
    }
}

/// Arguments that ArgumentParser would read as a cluster of short flags: `-dr.dash` is `-d -r -. -d -a -s -h`,
/// and its `-h` shows the help and exits 0 without doing anything. No command has such flags, so such an
/// argument is a usage error that says how to pass a value beginning with "-".
enum DashArguments {
    static func check(_ arguments: [String]) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2 else { continue }
            let second = argument[argument.index(after: argument.startIndex)]
            guard second.isLetter, second != "o" else { continue }  // -1 is a number, -oFILE an output file
            return Help.text("error.dashArgument", ["argument": argument])
        }
        return nil
    }
}

@main
enum Main {
    static func main() {
        // A closed stdin, stdout or stderr would be taken by the next file opened; /dev/null read-only keeps the
        // number taken, and writing output there then fails and is reported.
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != fd { dup2(opened, fd); close(opened) }
        }
        if let problem = DashArguments.check(Array(CommandLine.arguments.dropFirst())) {
            Terminal.printError(LogbookError.usage(problem))
            Terminal.exit(.usage)
        }
        // Parsing errors, --help and validation failures are ArgumentParser's to report (exit 0 or 64).
        var command: ParsableCommand
        do {
            command = try Logbook.parseAsRoot(ApproveArguments.pack(Array(CommandLine.arguments.dropFirst())))
        } catch {
            UsageErrors.exit(error)
        }
        DatabaseAccess.current = DatabaseAccess.of(command)
        do {
            try command.run()
            Terminal.finish()
        } catch let error as LogbookError {
            fail(error, command: command)
        } catch let error as ExitCode {
            Logbook.exit(withError: error)
        } catch let error as CleanExit {
            Logbook.exit(withError: error)
        } catch let error as ValidationError {
            UsageErrors.exit(error)
        } catch {
            // `logbook` alone asks for help; ArgumentParser knows its own errors by their exit code.
            let code = Logbook.exitCode(for: error)
            if code == .success || code == .validationFailure { UsageErrors.exit(error) }
            if let fault = LogbookError.databaseFault(error, texts: Help.texts) { fail(fault, command: command) }
            Terminal.printError(LogbookError(.internalError, Help.text("error.internal", ["error": "\(error)"])))
            Terminal.exit(.internalError)
        }
    }

    /// Reports `error` and exits; for `verify`, a damaged database is what it looks for: verification failed (1).
    static func fail(_ error: LogbookError, command: ParsableCommand) -> Never {
        if let verify = command as? VerifyCommand, verify.bundle == nil, error.status == .dataError {
            Terminal.printError(LogbookError.refused(Help.text("error.verificationFailed", ["message": error.message])))
            Terminal.exit(.refused)
        }
        Terminal.printError(error)
        Terminal.exit(error.status)
    }
}

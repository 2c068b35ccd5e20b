import ArgumentParser
import LogbookApp

/// `logbook approve`: approve competencies (all or none) or a mandatory course.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve single competencies (godkendelse) or a mandatory course.",
        discussion: """
            By the position's hovedvejleder, a daglig klinisk vejleder with delegation, or the UAO/tutor; never the
            trainee. Several codes are approved together: all of them or none.
              logbook approve --position 12 I3 I4 --date 2027-03-04 --comment "Mini-CEX ok"
              logbook approve --position 12 --course "Kursus i klinisk vejledning" --date 2027-02-10
            Many codes can also come from a file, one per line: --codes-file FILE (or - for standard input).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Argument(help: "Competency codes of the position's målbeskrivelse.") var codes: [String] = []
    @Option(help: ArgumentHelp("A file with competency codes, one per line (- for standard input).", valueName: "file"))
    var codesFile: String?
    /// The positional codes, packed by `ApproveArguments.pack` before parsing (see there).
    @Option(name: .customLong(ApproveArguments.option), help: .hidden) var packedCodes: String?

    /// Every code given: positional (packed or not), then the file's.
    var allCodes: [String] {
        get throws {
            var all = codes + (packedCodes.map { $0.split(separator: ApproveArguments.separator, omittingEmptySubsequences: false).map(String.init) } ?? [])
            if let codesFile { all += try Approvals.codes(fromFile: codesFile) }
            return all
        }
    }
    @Option(help: "A mandatory course to approve instead of competencies.") var course: String?
    @Option(help: "When it was reached (default today; not in the future, not before the start).") var date: String?
    @Option(help: "A comment stored with the approval.") var comment: String?

    func validate() throws {
        let given = !codes.isEmpty || packedCodes != nil || codesFile != nil
        if course != nil && given { throw ValidationError("give competency codes or '--course', not both") }
        if course == nil && !given { throw ValidationError("give at least one competency code, or '--course NAME'") }
    }

    func run() throws {
        let session = try global.session()
        if let course {
            let event = try Approvals.approveCourse(session, positionID: target.position, course: course, date: date, comment: comment)
            print("approved course \(event.content.course ?? course) for position \(target.position) on \(event.content.effectiveOn) (event \(event.id))")
        } else {
            for event in try Approvals.approveCompetencies(session, positionID: target.position, codes: try allCodes, date: date, comment: comment) {
                print("approved \(event.content.competencyCode ?? "?") for position \(target.position) on \(event.content.effectiveOn) as \(event.content.actorRole) (event \(event.id))")
            }
        }
    }
}

/// ArgumentParser's time is quadratic in the number of values of a repeating positional argument (each value re-unions
/// the array's input origins and is then removed from the argument list one at a time): 12 s of a 5,000-code
/// `approve`. So before parsing, `approve`'s bare codes are moved into one hidden `--packed-codes=C1<US>C2…` value
/// (US, U+001F, is a control character no code may hold); options and their values stay where they are.
enum ApproveArguments {
    static let option = "packed-codes"
    static let separator: Character = "\u{1F}"
    /// The options of `approve` that take a value (the next argument, unless written `--name=value`).
    static let valued: Set<String> = ["--db", "--as", "--position", "--course", "--date", "--comment", "--codes-file", "--format"]

    static func pack(_ arguments: [String]) -> [String] {
        guard arguments.first == "approve", !arguments.contains(where: { $0.contains(separator) }) else { return arguments }
        var kept = [arguments[0]]
        var codes: [String] = []
        var index = 1, afterTerminator = false
        while index < arguments.count {
            let argument = arguments[index]
            if afterTerminator {
                codes.append(argument)
            } else if argument == "--" {
                afterTerminator = true
            } else if argument.hasPrefix("-") && argument.count > 1 {
                kept.append(argument)
                if valued.contains(argument) && index + 1 < arguments.count {
                    kept.append(arguments[index + 1])
                    index += 1
                }
            } else {
                codes.append(argument)
            }
            index += 1
        }
        guard !codes.isEmpty else { return arguments }
        return kept + ["--\(option)=" + codes.joined(separator: String(separator))]
    }
}

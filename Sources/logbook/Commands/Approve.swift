import ArgumentParser
import LogbookApp

/// `logbook approve`: approve competencies (all or none) or a mandatory course.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: Help.abstract("help.approve"),
        discussion: Help.text("help.approve.discussion"))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: PositionOption
    @Argument(help: Help.option("help.approve.codes")) var codes: [String] = []
    @Option(help: Help.option("help.approve.codesFile", valueName: "file"))
    var codesFile: String?
    /// The positional codes, packed by `ApproveArguments.pack` before parsing (see there).
    @Option(name: .customLong(ApproveArguments.option), help: .hidden) var packedCodes: String?

    /// Every code given: positional (packed or not), then the file's.
    var allCodes: [String] {
        get throws {
            var all = codes + (packedCodes.map { $0.split(separator: ApproveArguments.separator, omittingEmptySubsequences: false).map(String.init) } ?? [])
            if let codesFile { all += try Approvals.codes(fromFile: codesFile, texts: try global.texts()) }
            return all
        }
    }
    @Option(help: Help.option("help.approve.course", valueName: "name")) var course: String?
    @Option(help: Help.option("help.approve.date", valueName: "date")) var date: String?
    @Option(help: Help.option("help.approve.comment", valueName: "text")) var comment: String?
    @Option(help: Help.option("help.approve.request", valueName: "id")) var request: Int64?

    func validate() throws {
        let given = !codes.isEmpty || packedCodes != nil || codesFile != nil
        if course != nil && given { throw ValidationError(Help.text("approve.codesAndCourse")) }
        if course == nil && !given { throw ValidationError(Help.text("approve.nothing")) }
    }

    func run() throws {
        let session = try global.session()
        let t = session.texts
        if let course {
            let event = try Approvals.approveCourse(session, positionID: target.position, course: course, date: date, comment: comment,
                                                    request: request)
            let content = event.content
            print(t("approve.course.done", [
                "course": content.course ?? course, "position": String(target.position), "date": t.date(content.effectiveOn),
                "by": t.by(name: try session.names([content.actor])[content.actor] ?? content.actor, role: content.actorRole),
                "event": String(event.id)]))
        } else {
            let events = try Approvals.approveCompetencies(session, positionID: target.position, codes: try allCodes, date: date, comment: comment,
                                                           request: request)
            let names = try session.names(events.map(\.content.actor))
            for event in events {
                let content = event.content
                print(t("approve.done", [
                    "code": content.competencyCode ?? "?", "position": String(target.position), "date": t.date(content.effectiveOn),
                    "by": t.by(name: names[content.actor] ?? content.actor, role: content.actorRole), "event": String(event.id)]))
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
    static let valued: Set<String> = ["--db", "--as", "--lang", "--position", "--course", "--date", "--comment", "--codes-file", "--format",
                                       "-o", "--output", "--delimiter", "--request"]

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

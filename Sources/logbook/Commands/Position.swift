import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook position`: start intro positions, change their hovedvejleder, show and list them.
struct PositionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "position",
        abstract: Help.abstract("help.position"),
        subcommands: [Start.self, Supervisor.self, Program.self, Show.self, List.self, Cancel.self])

    /// `logbook position start --trainee H --department D --curriculum SPECIALTY[@VERSION] --start DATE ...`.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: Help.abstract("help.position.start"),
            discussion: Help.text("help.position.start.discussion"))

        @OptionGroup var global: GlobalOptions
        @Option(help: Help.option("help.position.start.trainee", valueName: "handle")) var trainee: String
        @Option(help: Help.option("help.position.start.department", valueName: "code")) var department: String
        @Option(help: Help.option("help.position.start.curriculum", valueName: "specialty[@version]")) var curriculum: String
        @Option(help: Help.option("help.position.start.program", valueName: "id")) var program: Int64?
        @Option(help: Help.option("help.position.start.start", valueName: "date")) var start: String
        @Option(help: Help.option("help.position.start.partTime", valueName: "fraction")) var partTime: String?
        @Flag(help: Help.option("help.position.start.kbuGeneralPractice")) var kbuGeneralPractice = false
        @Option(help: Help.option("help.position.start.supervisor", valueName: "handle")) var supervisor: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let facts = try Positions.start(session, .init(
                trainee: trainee, department: department, curriculum: curriculum, programID: program, start: start,
                partTime: partTime, kbuGeneralPractice: kbuGeneralPractice, supervisor: supervisor))
            ShowText.print(t("position.started", [
                "id": String(facts.id), "name": facts.trainee.name, "handle": facts.trainee.handle, "department": facts.department.code,
                "curriculum": facts.curriculum.label, "start": t.date(facts.position.start), "end": t.date(facts.schedule.plannedEnd),
            ]))
            ShowText.print(t.explanation(facts.schedule))
            // Issue 28: a position without a programme has no deadlines; say so (stderr: a warning, the start stands).
            if let gap = try Positions.programGap(session, facts) { Terminal.note(t("position.warning", ["text": t.programGap(gap)])) }
        }
    }

    /// `logbook position program --position ID PROGRAMME-ID`: attach the department's programme for the position's version.
    struct Program: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "program", abstract: Help.abstract("help.position.program"),
                                                        discussion: Help.text("help.position.program.discussion"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Argument(help: Help.option("help.position.program.id", valueName: "programme-id")) var program: Int64

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let (facts, chosen) = try Positions.attachProgram(session, positionID: target.position, programID: program)
            print(t("position.attach.done", [
                "position": String(facts.id), "id": String(program), "title": chosen.title, "version": chosen.version,
                "curriculum": facts.curriculum.label]))
        }
    }

    /// `logbook position supervisor --position ID HANDLE [--from DATE]`.
    struct Supervisor: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "supervisor", abstract: Help.abstract("help.position.supervisor"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Argument(help: Help.option("help.position.supervisor.handle")) var handle: String
        @Option(help: Help.option("help.position.supervisor.from", valueName: "date")) var from: String?

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let facts = try Positions.assignSupervisor(session, positionID: target.position, handle: handle, from: from)
            guard let assigned = facts.supervisors.last else { return }
            let names = try People.names(session)
            ShowText.print(t("position.supervisorAssigned", [
                "id": String(facts.id), "name": names[assigned.handle] ?? assigned.handle, "handle": assigned.handle,
                "from": t.date(assigned.assignment.from),
            ]))
        }
    }

    /// `logbook position cancel ID --reason TEXT`: a position started by mistake.
    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: Help.abstract("help.position.cancel"),
                                                        discussion: Help.text("help.position.cancel.discussion"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.position.show.id", valueName: "id")) var id: Int64
        @Option(help: Help.option("help.position.cancel.reason", valueName: "text")) var reason: String

        func run() throws {
            let session = try global.session()
            let facts = try Positions.cancel(session, positionID: id, reason: reason)
            print(session.texts("position.cancel.done", ["id": String(facts.id), "name": facts.trainee.name, "handle": facts.trainee.handle]))
        }
    }

    /// `logbook position show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: Help.abstract("help.position.show"))

        @OptionGroup var global: GlobalOptions
        @Argument(help: Help.option("help.position.show.id", valueName: "id")) var id: Int64

        func run() throws {
            let session = try global.session()
            let t = session.texts
            let (facts, assessments, meetings) = try Positions.show(session, id: id)
            let names = try People.names(session)
            let schedule = facts.schedule
            let position = facts.position
            let print = ShowText.print
            print(t("position.show.id", ["id": String(facts.id)]))
            if let cancellation = try Positions.cancellation(session, facts) {
                print(t("position.show.cancelled", ["date": t.date(cancellation.content.effectiveOn), "by": cancellation.content.actor,
                                                    "reason": cancellation.content.text, "event": String(cancellation.id)]))
            }
            print(t("position.show.trainee", ["name": facts.trainee.name, "handle": facts.trainee.handle]))
            print(t("position.show.department", ["name": facts.department.name, "code": facts.department.code]))
            print(t("position.show.kind", ["kind": t.departmentKind(facts.department.kind)]))
            print(t("position.show.curriculum", [
                "curriculum": facts.curriculum.label, "from": t.date(facts.curriculum.validFrom),
            ]))
            if let program = position.programID { print(t("position.show.program", ["id": String(program)])) }
            print(t("position.show.start", ["date": t.date(position.start)]))
            print(t("position.show.partTime", ["partTime": PositionListing.partTime(position.partTime, t, exact: true)]))
            if facts.department.kind == .generalPractice {
                print(position.kbuGeneralPractice ? t("position.show.kbu.yes") : t("position.show.kbu.no"))
            }
            print(t("position.show.plannedEnd", ["date": t.date(schedule.plannedEnd)]))
            print(t("position.show.end", ["date": t.date(schedule.end)]))
            print(t.explanation(schedule))
            let absence = [
                "counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays),
                "left": String(schedule.allowanceLeft), "parental": String(schedule.parentalLeaveDays),
            ]
            print(schedule.parentalLeaveDays > 0 ? t("position.show.absence.parental", absence) : t("position.show.absence", absence))
            print(t("position.show.timeAttestable", ["date": t.date(schedule.timeAttestableFrom)]))
            if facts.supervisors.isEmpty {
                print(t("position.show.supervisor.none"))
            }
            for supervisor in facts.supervisors {
                print(t("position.show.supervisor", [
                    "name": names[supervisor.handle] ?? supervisor.handle, "handle": supervisor.handle,
                    "from": t.date(supervisor.assignment.from),
                ]))
            }
            print(t.plural("position.show.assessments", count: assessments))
            print(t.plural("position.show.meetings", count: meetings))
        }
    }

    /// `logbook position list [--trainee H | --department D] [--ongoing]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.abstract("help.position.list"))

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: Help.option("help.position.list.trainee", valueName: "handle")) var trainee: String?
        @Option(help: Help.option("help.position.list.department", valueName: "code")) var department: String?
        @Option(help: Help.option("help.position.list.supervisor", valueName: "handle")) var supervisor: String?
        @Flag(help: Help.option("help.position.list.ongoing")) var ongoing = false

        func run() throws {
            let session = try global.session()
            let positions = try Positions.list(session, trainee: trainee, department: department, supervisor: supervisor, ongoing: ongoing)
            let format = (try? output.chosen) ?? .table
            try output.emit(PositionListing.listing(positions, today: session.today, texts: session.texts, format: format), session.texts)
        }
    }
}

/// The one table of positions, shared by `position list` and `person show`.
enum PositionListing {
    /// The positions as a table (trainee's name, department code, målbeskrivelse, dates, part time: 80 columns), as
    /// CSV (every column, worded, ISO dates) or as JSON (stored values).
    static func listing(_ positions: [PositionFacts], today: CalendarDate, texts t: Texts, format: OutputFormat) -> Listing {
        let machine = format == .json
        let table = format == .table
        var listing = Listing(columns: [
            .init("ID", key: "id", alignRight: true),
            .init("Trainee", key: "trainee", inTable: false),
            .init("Name", key: "name", flexible: true),
            .init("Department", key: "department"),
            .init("Curriculum", key: "curriculum", flexible: true),
            .init("Start", key: "start"),
            .init("Part time", key: "part_time"),
            .init("End", key: "end"),
            .init("Ongoing", key: "ongoing", inTable: false),
            .init("Cancelled", key: "cancelled", inTable: false),
        ])
        for facts in positions {
            func day(_ date: CalendarDate) -> JSONValue { .string(table ? t.date(date) : date.iso) }
            listing.rows.append([
                .int(facts.id), .string(facts.trainee.handle), .string(facts.trainee.name), .string(facts.department.code),
                .string(facts.curriculum.label), day(facts.position.start),
                .string(machine ? facts.position.partTime.storageText : partTime(facts.position.partTime, t, exact: false)),
                facts.position.isCancelled && !machine ? .string(t("position.cancelledMark")) : day(facts.schedule.end),
                .bool(facts.isOngoing(on: today)), .bool(facts.position.isCancelled),
            ])
        }
        return listing
    }

    /// Part time as people read it and Excel keeps as text: "fuld tid", "80 %"; `exact` adds the fraction
    /// typed ("30/37 (81 %)") where it is not a round percentage.
    static func partTime(_ fraction: PartTime, _ t: Texts, exact: Bool) -> String {
        if fraction == .full { return t("position.fullTime") }
        let percent = t.percent(fraction.percentRounded)
        guard exact, fraction.numerator * 100 != fraction.percentRounded * fraction.denominator else { return percent }
        return t("position.partTime.exact", ["fraction": fraction.storageText, "percent": percent])
    }
}

import ArgumentParser
import LogbookApp
import LogbookDomain

/// `logbook position`: start intro positions, change their hovedvejleder, show and list them.
struct PositionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "position",
        abstract: "Start and look up intro positions (introduktionsstillinger).",
        subcommands: [Start.self, Supervisor.self, Show.self, List.self])

    /// `logbook position start --trainee H --department D --curriculum SPECIALTY[@VERSION] --start DATE ...`.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start an intro position (by the department's UAO/tutor or the region's secretariat).",
            discussion: """
                Pins the målbeskrivelse version in force on the start date (or SPECIALTY@VERSION) and prints the
                planned end: 12 months (general practice: 6 with --kbu-general-practice), divided by the part-time
                fraction, moved forward to the last day of the month. A trainee holds one intro position at a time.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The trainee's handle.") var trainee: String
        @Option(help: "The department's code.") var department: String
        @Option(help: "SPECIALTY or SPECIALTY@VERSION, e.g. Kardiologi@2022.") var curriculum: String
        @Option(help: "The department's uddannelsesprogram (default: its only one for this målbeskrivelse).") var program: Int64?
        @Option(help: "The first day (YYYY-MM-DD, D.M.YYYY or today).") var start: String
        @Option(help: "Part-time fraction: 0.8, 80% or 30/37 (between 0.5 and 1).") var partTime: String?
        @Flag(help: "The trainee had general practice in KBU (general-practice departments: 6 months).") var kbuGeneralPractice = false
        @Option(help: "The hovedvejleder (must hold a supervisor grant in the department on the start date).") var supervisor: String?

        func run() throws {
            let facts = try Positions.start(try global.session(), .init(
                trainee: trainee, department: department, curriculum: curriculum, programID: program, start: start,
                partTime: partTime, kbuGeneralPractice: kbuGeneralPractice, supervisor: supervisor))
            let schedule = facts.schedule
            print("position \(facts.id): \(facts.trainee.handle) in \(facts.department.code), \(facts.curriculum.label), "
                + "from \(facts.position.start), planned end \(schedule.plannedEnd)")
            print(Texts.untranslated.explanation(schedule))
        }
    }

    /// `logbook position supervisor --position ID HANDLE [--from DATE]`.
    struct Supervisor: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "supervisor", abstract: "Change a position's hovedvejleder (by the UAO/tutor).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PositionOption
        @Argument(help: "The new hovedvejleder's handle.") var handle: String
        @Option(help: "First day of the new hovedvejleder (default today).") var from: String?

        func run() throws {
            let facts = try Positions.assignSupervisor(try global.session(), positionID: target.position, handle: handle, from: from)
            let from = facts.supervisors.last?.assignment.from.iso ?? ""
            print("position \(facts.id): hovedvejleder \(handle) from \(from)")
        }
    }

    /// `logbook position show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a position: terms, end date with its reason, absence, hovedvejleder.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The position's id.") var id: Int64

        func run() throws {
            let session = try global.session()
            let (facts, assessments, meetings) = try Positions.show(session, id: id)
            let schedule = facts.schedule
            let position = facts.position
            print("position: \(facts.id)")
            print("trainee: \(facts.trainee.handle) (\(facts.trainee.name))")
            print("department: \(facts.department.code) (\(facts.department.name), \(facts.department.kind.rawValue))")
            print("curriculum: \(facts.curriculum.label) (valid from \(facts.curriculum.validFrom))")
            if let program = position.programID { print("program: \(program)") }
            print("start: \(position.start)")
            print("part time: \(position.partTime)")
            if facts.department.kind == .generalPractice {
                print("general practice in KBU: \(position.kbuGeneralPractice ? "yes (6 months)" : "no (12 months)")")
            }
            print("planned end: \(schedule.plannedEnd)")
            print("end: \(schedule.end)")
            print(Texts.untranslated.explanation(schedule))
            print("absence: \(schedule.countedAbsenceDays) counted days of \(schedule.allowanceDays) allowed, "
                + "\(schedule.allowanceLeft) left" + (schedule.parentalLeaveDays > 0 ? "; \(schedule.parentalLeaveDays) days of parental leave" : ""))
            print("time attestable from: \(schedule.timeAttestableFrom)")
            print("hovedvejleder: \(facts.supervisorHandle(on: session.today) ?? facts.supervisors.first?.handle ?? "none")")
            print("assessments: \(assessments)")
            print("meetings: \(meetings)")
        }
    }

    /// `logbook position list [--trainee H | --department D] [--ongoing]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List positions of a trainee, of a department, or all.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "Only this trainee's positions.") var trainee: String?
        @Option(help: "Only this department's positions.") var department: String?
        @Flag(help: "Only positions with today between start and end.") var ongoing = false

        func run() throws {
            let session = try global.session()
            let positions = try Positions.list(session, trainee: trainee, department: department, ongoing: ongoing)
            try output.emit(PositionListing.listing(positions, today: session.today), try global.texts())
        }
    }
}

/// The one table of positions, shared by `position list` and `person show`.
enum PositionListing {
    static func listing(_ positions: [PositionFacts], today: CalendarDate) -> Listing {
        var listing = Listing(columns: [
            .init("ID", alignRight: true), .init("Trainee"), .init("Department"), .init("Curriculum", flexible: true),
            .init("Start"), .init("Part time", key: "part_time"), .init("End"), .init("Ongoing"),
        ])
        for facts in positions {
            listing.rows.append([
                .int(facts.id), .string(facts.trainee.handle), .string(facts.department.code), .string(facts.curriculum.label),
                .string(facts.position.start.iso), .string(facts.position.partTime.storageText), .string(facts.schedule.end.iso),
                .bool(facts.isOngoing(on: today)),
            ])
        }
        return listing
    }
}

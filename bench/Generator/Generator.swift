// logbook-bench-gen: builds a national-scale logbook database through the repository layer (LogbookStore), for the
// benchmarks in bench/run.sh. At --scale 1: 300 departments, 40 målbeskrivelser of 15 competencies, 100,000 intro
// positions and about 5 million assessments and events (hash-chained as `logbook` writes them).
//
//   logbook-bench-gen --db PATH [--scale 1.0] [--today 2026-06-15]
//
// The database must not exist yet. Progress goes to stderr when it is a terminal; the summary (rows, seconds,
// rows/s, and the department with most positions) goes to stdout.
#if canImport(Glibc)
import Glibc
#endif
import LogbookDomain
import LogbookFormats
import LogbookStore

/// The generator's flags.
struct Options {
    var database = ""
    var scale = 1.0
    var today = CalendarDate(year: 2026, month: 6, day: 15)!

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--db": options.database = value()
            case "--scale":
                let text = value()
                guard let scale = Double(text), scale > 0, scale <= 10 else { fail("'--scale' must be a number above 0 and at most 10 (got \(text))") }
                options.scale = scale
            case "--today":
                let text = value()
                guard let day = CalendarDate(iso: text) else { fail("'--today' must be YYYY-MM-DD (got \(text))") }
                options.today = day
            case "-h", "--help":
                print("usage: logbook-bench-gen --db PATH [--scale 1.0] [--today YYYY-MM-DD]")
                exit(0)
            default: fail("unknown argument \(arguments[index]); usage: logbook-bench-gen --db PATH [--scale 1.0]")
            }
            index += 1
        }
        if options.database.isEmpty { fail("give '--db PATH' (a new file)") }
        return options
    }
}

/// Writes text to standard error.
func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Ends with a usage error.
func fail(_ message: String) -> Never {
    writeError("logbook-bench-gen: \(message)\n")
    exit(64)
}

/// A small deterministic random generator (SplitMix64), so every run builds the same database.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The specialties the målbeskrivelser are for (the first nine form the internal-medicine group).
let specialtyNames = [
    "Endokrinologi", "Gastroenterologi og hepatologi", "Geriatri", "Hæmatologi", "Infektionsmedicin", "Kardiologi",
    "Lungesygdomme", "Nefrologi", "Reumatologi", "Almen medicin", "Anæstesiologi", "Arbejdsmedicin", "Dermato-venerologi",
    "Diagnostisk radiologi", "Gynækologi og obstetrik", "Karkirurgi", "Klinisk biokemi", "Klinisk farmakologi",
    "Klinisk fysiologi og nuklearmedicin", "Klinisk genetik", "Klinisk immunologi", "Klinisk mikrobiologi", "Kirurgi",
    "Neurokirurgi", "Neurologi", "Oftalmologi", "Ortopædisk kirurgi", "Oto-rhino-laryngologi",
    "Patologisk anatomi og cytologi", "Plastikkirurgi", "Psykiatri", "Børne- og ungdomspsykiatri", "Pædiatri",
    "Retsmedicin", "Samfundsmedicin", "Thoraxkirurgi", "Urologi", "Akutmedicin", "Intern medicin", "Tropemedicin",
]
let regions = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
let methods: [AssessmentMethod] = [.miniCEX, .competencyCard, .structuredInterview, .caseBasedDiscussion, .audit, .directObservation]

/// Counts rows and shows progress on a terminal.
final class Progress {
    let started = clock()
    let startedWall: Double = { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }()
    let interactive = isatty(2) == 1
    var rows = 0
    var lastShown = 0.0

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    var elapsed: Double { Progress.now() - startedWall }

    func show(_ done: Int, of total: Int) {
        guard interactive else { return }
        let now = Progress.now()
        if now - lastShown < 0.2 && done < total { return }
        lastShown = now
        let rate = Double(rows) / max(elapsed, 0.001)
        writeError("\r  positions \(done)/\(total)  rows \(rows)  \(Int(rate)) rows/s   ")
        if done == total { writeError("\n") }
    }
}

@main
struct BenchGenerator {
    static func main() throws {
        if CommandLine.arguments.dropFirst().first == "time" {
            InProcess.main(Array(CommandLine.arguments.dropFirst(2)))
        }
        let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
        if access(options.database, F_OK) == 0 { fail("\(options.database) exists; give a new file") }
        let store: Store
        do { store = try Store(path: options.database) } catch { fail("cannot create \(options.database): \(error)") }
        // A throw-away database: the generator may trade durability for speed. `logbook` itself never does this.
        try store.connection.execute("PRAGMA journal_mode = MEMORY")
        try store.connection.execute("PRAGMA synchronous = OFF")
        try store.connection.execute("PRAGMA cache_size = -262144")

        let scale = options.scale
        func scaled(_ count: Int) -> Int { max(1, Int((Double(count) * scale).rounded())) }
        let curriculumCount = min(specialtyNames.count, scaled(40))
        let departmentCount = scaled(300)
        let positionCount = scaled(100_000)
        let competenciesPerCurriculum = 15
        let today = options.today
        let progress = Progress()
        var random = SplitMix(state: 20_260_615)
        let importedAt = "2026-01-01T08:00:00.000Z"

        /// A recorded-at moment on a day (the generator's clock: noon UTC of the day the act names).
        func moment(_ day: CalendarDate, _ sequence: Int = 0) -> String {
            let seconds = sequence % 60, minutes = (sequence / 60) % 60
            return day.iso + "T12:" + (minutes < 10 ? "0" : "") + String(minutes) + ":" + (seconds < 10 ? "0" : "") + String(seconds) + ".000Z"
        }

        struct GeneratedCurriculum {
            let id: Int64
            let competencies: [(id: Int64, code: String)]
            let course: (id: Int64, name: String)
        }
        struct GeneratedDepartment {
            let id: Int64
            let code: String
            let curriculum: Int
            let lead: (id: Int64, handle: String)
            let supervisors: [(id: Int64, handle: String)]
            let program: Int64
        }

        // 1. Målbeskrivelser, departments, leads and supervisors with their programmes: one transaction.
        var curricula: [GeneratedCurriculum] = []
        var departments: [GeneratedDepartment] = []
        try store.write {
            let curriculumRepository = CurriculumRepository(store)
            let departmentRepository = DepartmentRepository(store)
            let people = PersonRepository(store)
            let programs = ProgramRepository(store)
            let since = CalendarDate(year: 2010, month: 1, day: 1)!
            // Grants are events of the authority chain (as `grant add` appends them): the log, not the table, is authority.
            let facts = FactRepository(store)
            let authority = try EventBatchAppender(store)
            func grantEvent(_ grantID: Int64, by maker: (id: Int64, handle: String), role: String, department: (Int64, String)?) throws {
                guard let payload = try facts.grantPayload(id: grantID) else { return }
                let event = try authority.append(
                    NewEvent(kind: .grant, positionID: nil, effectiveOn: since, actor: maker, actorRole: role, actorDepartment: department,
                             payload: payload.text),
                    recordedAt: importedAt)
                try facts.link("role_grant", row: grantID, event: event.id)
            }
            // Every name in the log (issue 29), as an upgraded database has them: migrated, before any name recorded after.
            func nameEvent(_ handle: String, _ name: String, by maker: (id: Int64, handle: String)) throws {
                _ = try authority.append(
                    NewEvent(kind: .personName, positionID: nil, effectiveOn: since, actor: maker, actorRole: LogReplay.migratedRole,
                             actorDepartment: nil, payload: PersonNamePayload(handle: handle, name: name).text),
                    recordedAt: importedAt)
            }

            for index in 0..<curriculumCount {
                let specialty = specialtyNames[index]
                let competencies = (1...competenciesPerCurriculum).map { number in
                    Competency(code: "I\(number)", sortOrder: number, title: "\(specialty): kompetence \(number)",
                               concretisation: "Kan selvstændigt varetage opgave \(number) i \(specialty.lowercased()).",
                               learningStrategies: "Klinisk arbejde, supervision og kursus.",
                               roles: [MedicalRole.allCases[number % 7], .professional].uniqued(),
                               methods: [methods[number % methods.count]])
                }
                let curriculum = Curriculum(specialty: specialty, level: .intro, version: "2015", validFrom: CalendarDate(year: 2015, month: 1, day: 1)!,
                                            title: "Målbeskrivelse for introduktionsuddannelsen i \(specialty)", competencies: competencies,
                                            courses: [clinicalSupervisionCourse])
                let id = try curriculumRepository.insert(curriculum, contentHash: curriculum.contentHash, importedAt: importedAt, importedBy: nil)
                let stored = try curriculumRepository.competencies(curriculumID: id).map { ($0.id, $0.competency.code) }
                let course = try curriculumRepository.courses(curriculumID: id)[0]
                curricula.append(GeneratedCurriculum(id: id, competencies: stored, course: (course.id, course.name)))
                progress.rows += 1 + competenciesPerCurriculum * 3 + 1
            }

            var secretaries: [String: Int64] = [:]
            for region in regions {
                let id = try people.insert(handle: "sek.\(region.lowercased())", name: "Sekretariat \(region)", authorisationID: nil,
                                           createdAt: importedAt, createdBy: nil)
                let grant = try people.insert(Grant(personID: id, role: .secretariat, scope: .region(region), validFrom: since), grantedBy: nil,
                                              recordedAt: importedAt)
                // Every region's secretariat predates the log: no one may grant a second region's secretariat yet (a national
                // administrator is issue 14), so these grants are recorded as migrated, as an upgraded database has them.
                try grantEvent(grant, by: (id, "sek.\(region.lowercased())"), role: LogReplay.migratedRole, department: nil)
                try nameEvent("sek.\(region.lowercased())", "Sekretariat \(region)", by: (id, "sek.\(region.lowercased())"))
                secretaries[region] = id
                progress.rows += 2
            }
            for index in 0..<departmentCount {
                let region = regions[index % regions.count]
                let code = "AFD-\(index + 1)"
                let curriculum = index % curricula.count
                let id = try departmentRepository.insert(code: code, name: "\(specialtyNames[curriculum]), afdeling \(index + 1)", kind: .hospital,
                                                         region: region, createdAt: importedAt, createdBy: secretaries[region])
                _ = try authority.append(
                    NewEvent(kind: .departmentName, positionID: nil, effectiveOn: since, actor: (secretaries[region]!, "sek.\(region.lowercased())"),
                             actorRole: LogReplay.migratedRole, actorDepartment: nil,
                             payload: DepartmentNamePayload(department: DepartmentFacts(code: code, kind: .hospital, region: region),
                                                            name: "\(specialtyNames[curriculum]), afdeling \(index + 1)").text),
                    recordedAt: importedAt)
                let leadHandle = "uao.\(index + 1)"
                let lead = try people.insert(handle: leadHandle, name: "UAO \(index + 1)", authorisationID: nil, createdAt: importedAt,
                                             createdBy: secretaries[region])
                let leadGrant = try people.insert(Grant(personID: lead, role: .uao, scope: .department(id), validFrom: since),
                                                  grantedBy: secretaries[region], recordedAt: importedAt)
                try grantEvent(leadGrant, by: (secretaries[region]!, "sek.\(region.lowercased())"), role: "secretariat", department: nil)
                try nameEvent(leadHandle, "UAO \(index + 1)", by: (secretaries[region]!, "sek.\(region.lowercased())"))
                var supervisors: [(Int64, String)] = []
                for number in 1...3 {
                    let handle = "hv.\(index + 1).\(number)"
                    let person = try people.insert(handle: handle, name: "Hovedvejleder \(index + 1)-\(number)", authorisationID: nil,
                                                   createdAt: importedAt, createdBy: lead)
                    let grant = try people.insert(Grant(personID: person, role: .supervisor, scope: .department(id), validFrom: since),
                                                  grantedBy: lead, recordedAt: importedAt)
                    try grantEvent(grant, by: (lead, leadHandle), role: "uao", department: (id, code))
                    try nameEvent(handle, "Hovedvejleder \(index + 1)-\(number)", by: (lead, leadHandle))
                    supervisors.append((person, handle))
                }
                let generated = curricula[curriculum]
                let items = generated.competencies.enumerated().map { offset, competency in
                    NewProgramItem(item: ProgramItem(subject: .competency(code: competency.code), dueMonth: 1 + offset * 11 / competenciesPerCurriculum,
                                                     method: methods[(offset + 1) % methods.count]), competencyID: competency.id)
                } + [
                    NewProgramItem(item: ProgramItem(subject: .course(name: generated.course.name), dueMonth: 9), courseID: generated.course.id),
                    NewProgramItem(item: ProgramItem(subject: .meeting(.introduction), dueMonth: 0)),
                    NewProgramItem(item: ProgramItem(subject: .meeting(.adjustment), dueMonth: 6)),
                    NewProgramItem(item: ProgramItem(subject: .meeting(.final), dueMonth: 12)),
                ]
                let program = Program(department: code, specialty: specialtyNames[curriculum], curriculumVersion: "2015", title: "Uddannelsesprogram \(code)",
                                      version: "1", approvedOn: since, items: items.map(\.item))
                let programID = try programs.insert(program, departmentID: id, curriculumID: generated.id, items: items, contentHash: program.contentHash,
                                        importedAt: importedAt, importedBy: lead)
                departments.append(GeneratedDepartment(id: id, code: code, curriculum: curriculum, lead: (lead, leadHandle), supervisors: supervisors,
                                                       program: programID))
                progress.rows += 1 + 8 + 1 + items.count
            }
        }

        // 2. Trainees and their positions with assessments, meetings and the hash-chained events; batches of 5,000 positions.
        // Department sizes are skewed (a few large, many small) so "the largest department" means something.
        let weights = (0..<departmentCount).map { 1.0 / Double($0 % 60 + 1).squareRoot() }
        let totalWeight = weights.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights { running += weight / totalWeight; cumulative.append(running) }
        func pickDepartment() -> Int {
            let target = Double(random.next() % 1_000_000) / 1_000_000
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }

        var positionsPerDepartment = [Int](repeating: 0, count: departmentCount)
        let firstStart = CalendarDate(year: 2016, month: 1, day: 1)!
        let startMonths = max(1, (today.dayNumber - firstStart.dayNumber) / 31)  // months from 2016-01 to today
        var made = 0
        var assessmentsMade = 0, eventsMade = 0
        while made < positionCount {
            let batchEnd = min(positionCount, made + 5_000)
            try store.write {
                let people = PersonRepository(store)
                let positions = PositionRepository(store)
                let events = try EventBatchAppender(store)
                for number in made..<batchEnd {
                    let departmentIndex = pickDepartment()
                    positionsPerDepartment[departmentIndex] += 1
                    let department = departments[departmentIndex]
                    let curriculum = curricula[department.curriculum]
                    let supervisor = department.supervisors[random.below(department.supervisors.count)]
                    let start = firstStart.adding(months: random.below(startMonths))
                    let end = start.adding(months: 12).adding(days: -1).lastDayOfMonth
                    let handle = "t\(number + 1)"
                    let trainee = try people.insert(handle: handle, name: "Uddannelseslæge \(number + 1)", authorisationID: nil,
                                                    createdAt: moment(start.adding(days: -30)), createdBy: department.lead.id)
                    _ = try events.append(
                        NewEvent(kind: .personName, positionID: nil, effectiveOn: start.adding(days: -30), actor: department.lead,
                                 actorRole: LogReplay.migratedRole, actorDepartment: nil,
                                 payload: PersonNamePayload(handle: handle, name: "Uddannelseslæge \(number + 1)").text),
                        recordedAt: moment(start.adding(days: -30)))
                    let position = try positions.insert(traineeID: trainee, departmentID: department.id, curriculumID: curriculum.id, programID: department.program,
                                                        start: start, partTime: .full, kbuGeneralPractice: false, startedBy: department.lead.id,
                                                        recordedAt: moment(start.adding(days: -14)))
                    try positions.assignSupervisor(positionID: position, personID: supervisor.id, from: start, assignedBy: department.lead.id,
                                                   recordedAt: moment(start.adding(days: -14)))
                    // The binding and the hovedvejleder assignment open the position's chain, as `position start` writes them.
                    let startedOn = start.adding(days: -14)
                    if let binding = try FactRepository(store).bindingPayload(positionID: position) {
                        let event = try events.append(
                            NewEvent(kind: .position, positionID: position, effectiveOn: startedOn, actor: department.lead, actorRole: "uao",
                                     actorDepartment: (department.id, department.code), payload: binding.text),
                            recordedAt: moment(startedOn))
                        try FactRepository(store).link("position", row: position, event: event.id)
                    }
                    _ = try events.append(
                        NewEvent(kind: .supervisorAssignment, positionID: position, effectiveOn: startedOn, actor: department.lead, actorRole: "uao",
                                 actorDepartment: (department.id, department.code),
                                 payload: SupervisorPayload(supervisor: supervisor.handle, from: start).text),
                        recordedAt: moment(startedOn))
                    progress.rows += 3

                    // How far the position has come: finished positions have everything, ongoing ones a share by time.
                    let elapsedDays = min(today.dayNumber, end.dayNumber) - start.dayNumber
                    let totalDays = end.dayNumber - start.dayNumber
                    let share = elapsedDays <= 0 ? 0.0 : Double(elapsedDays) / Double(totalDays)
                    let finished = today > end
                    let reached = finished ? curriculum.competencies.count : Int(Double(curriculum.competencies.count) * share * 0.9)
                    let actorDepartment = (department.id, department.code)
                    var sequence = 0

                    for meeting in [(MeetingKind.introduction, 7), (.adjustment, 90), (.adjustment, 180), (.adjustment, 270), (.final, totalDays - 20)] {
                        let day = start.adding(days: meeting.1)
                        guard day <= today else { break }
                        _ = try positions.insertMeeting(positionID: position, kind: meeting.0, heldOn: day, plan: "Plan revideret efter samtalen.",
                                                        recordedBy: supervisor.id, recordedAt: moment(day, sequence))
                        sequence += 1
                        progress.rows += 1
                    }
                    for (offset, competency) in curriculum.competencies.prefix(reached).enumerated() {
                        let approvedOn = start.adding(days: min(totalDays - 35, 20 + offset * (totalDays - 60) / curriculum.competencies.count))
                        for attempt in 0..<2 {
                            let day = approvedOn.adding(days: -(2 - attempt) * 6)
                            _ = try positions.insertAssessment(
                                positionID: position, competencyID: competency.id, method: .known(methods[(offset + attempt) % methods.count]),
                                assessedOn: day, assessorID: supervisor.id, note: attempt == 1 ? "Godkendt niveau." : "", correctsID: nil,
                                recordedBy: trainee, recordedAt: moment(day, sequence))
                            sequence += 1
                            assessmentsMade += 1
                            progress.rows += 1
                        }
                        let approval = try events.append(
                            NewEvent(kind: .competencyApproval, positionID: position, competency: competency, effectiveOn: approvedOn,
                                     actor: supervisor, actorRole: "supervisor", actorDepartment: actorDepartment),
                            recordedAt: moment(approvedOn, sequence))
                        sequence += 1
                        eventsMade += 1
                        progress.rows += 1
                        // One approval in ten is revoked (wrong competency ticked) and given again a week later.
                        if random.below(10) == 0 {
                            let day = approvedOn.adding(days: 7)
                            try events.append(
                                NewEvent(kind: .revocation, positionID: position, revokes: approval.id, effectiveOn: day, actor: supervisor,
                                         actorRole: "supervisor", actorDepartment: actorDepartment, text: "Registreret ved en fejl"),
                                recordedAt: moment(day, sequence))
                            try events.append(
                                NewEvent(kind: .competencyApproval, positionID: position, competency: competency, effectiveOn: day,
                                         actor: supervisor, actorRole: "supervisor", actorDepartment: actorDepartment),
                                recordedAt: moment(day, sequence + 1))
                            sequence += 2
                            eventsMade += 2
                            progress.rows += 2
                        }
                    }
                    if finished || share > 0.75 {
                        let day = start.adding(days: totalDays / 2)
                        try events.append(
                            NewEvent(kind: .courseApproval, positionID: position, course: curriculum.course, effectiveOn: day, actor: supervisor,
                                     actorRole: "supervisor", actorDepartment: actorDepartment),
                            recordedAt: moment(day, sequence))
                        sequence += 1
                        eventsMade += 1
                        progress.rows += 1
                    }
                    if !finished && share > 0.5 && random.below(3) == 0 {
                        let day = start.adding(days: totalDays / 2 + 10)
                        try events.append(
                            NewEvent(kind: .statement, positionID: position, effectiveOn: day, actor: department.lead, actorRole: "uao",
                                     actorDepartment: actorDepartment, text: "Forventes gennemført uden problemer."),
                            recordedAt: moment(day, sequence))
                        sequence += 1
                        eventsMade += 1
                        progress.rows += 1
                    }
                    if finished {
                        let day = end.adding(days: -10)
                        try events.append(
                            NewEvent(kind: .timeAttestation, positionID: position, effectiveOn: day, actor: department.lead, actorRole: "uao",
                                     actorDepartment: actorDepartment),
                            recordedAt: moment(day, sequence))
                        try events.append(
                            NewEvent(kind: .elementAttestation, positionID: position, effectiveOn: day, actor: department.lead, actorRole: "uao",
                                     actorDepartment: actorDepartment),
                            recordedAt: moment(day, sequence + 1))
                        eventsMade += 2
                        progress.rows += 2
                    }
                    events.forget(positionID: position)
                    progress.show(number + 1, of: positionCount)
                }
            }
            made = batchEnd
        }
        try store.connection.execute("PRAGMA optimize")
        progress.show(positionCount, of: positionCount)

        let seconds = progress.elapsed
        let largest = positionsPerDepartment.indices.max { positionsPerDepartment[$0] < positionsPerDepartment[$1] } ?? 0
        print("database: \(options.database)")
        print("scale: \(scale)  målbeskrivelser: \(curriculumCount)  departments: \(departmentCount)  positions: \(positionCount)")
        print("assessments: \(assessmentsMade)  events: \(eventsMade)  rows in all: \(progress.rows)")
        print("time: \(formatted(seconds)) s  speed: \(Int(Double(progress.rows) / max(seconds, 0.001))) rows/s")
        print("largest department: \(departments[largest].code) (\(positionsPerDepartment[largest]) positions)")
    }
}

extension Array where Element: Hashable {
    /// The elements in order without repeats.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

/// Seconds with two decimals.
func formatted(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}

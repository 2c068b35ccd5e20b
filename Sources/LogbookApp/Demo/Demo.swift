import LogbookDomain
import LogbookStore

/// `logbook demo`: a realistic cardiology department built from the examples, through the same use cases the
/// commands call (no shortcut inserts), relative to today so every stage is current.
///
/// People: a secretariat, a UAO, a hovedvejleder and a daglig klinisk vejleder with delegation, and six
/// trainees — just started; mid-way with one overdue competency; part time; absence above the allowance;
/// forhåndsudtalelse given; element attested. The whole build is one transaction: all of it or none.
public enum Demo {
    /// The department the demo builds (from examples/program-ouh-kardiologi.json).
    public static let department = "OUH-KAR"
    /// The trainee whose status the demo shows.
    public static let featuredTrainee = "dr.berit"

    /// What the demo did, for the command to print.
    public struct Outcome: Sendable {
        /// False when the database already held the demo, which was then left as it was.
        public let built: Bool
        /// One line per position started: handle, stage (nil when shown again), position id.
        public let positions: [(trainee: String, stage: Stage?, id: Int64)]
    }

    /// The stage each demo trainee is at.
    public enum Stage: Sendable, CaseIterable {
        case elementAttested, statementGiven, absenceOverAllowance, midWayOverdue, partTime, justStarted
    }

    /// What the trainee and hovedvejleder agreed at each kind of meeting (the plan is data, written in Danish as the
    /// department writes it).
    static let meetingPlans: [MeetingKind: String] = [
        .introduction: "Mål for de første 3 måneder: akutte brystsmerter og hvile-EKG (I1, I2).\nKursus i klinisk vejledning i efteråret.",
        .adjustment: "På plan. Næste: hjertesvigt og atrieflimren (I3, I4); book tid i ekkolaboratoriet til I5.",
        .final: "Alle kompetencer godkendt; søger hoveduddannelse i kardiologi.",
    ]

    /// Builds the demo department in the session's database, unless it is already there.
    public static func run(_ session: Session) throws -> Outcome {
        let store = session.store
        if try PersonRepository(store).find(handle: featuredTrainee) != nil, try DepartmentRepository(store).find(code: department) != nil {
            let positions = try PositionLoader(store).load(.department(try session.department(department).id))
            return Outcome(built: false, positions: positions.map { ($0.facts.trainee.handle, nil, $0.facts.id) })
        }
        guard try PersonRepository(store).hasNoGrants() else {
            throw LogbookError.refused(session.texts("demo.otherData", ["path": store.path]))
        }
        return try store.write { try build(session) }
    }

    static func example(_ name: String) throws -> [UInt8] {
        guard let file = embeddedExampleFiles.first(where: { $0.name == name }) else {
            throw LogbookError(.internalError, "the example \(name) is not embedded in this build")
        }
        return Array(file.sql.utf8)
    }

    private static func build(_ base: Session) throws -> Outcome {
        let today = base.today
        func acting(_ handle: String?) -> Session { Session(store: base.store, today: today, actorHandle: handle, now: base.now) }
        let month = today.firstDayOfMonth
        let longAgo = today.adding(months: -36).firstDayOfMonth.iso

        // The secretariat bootstraps the region; the målbeskrivelse and programme come from the examples.
        _ = try People.add(acting(nil), handle: "sek.syd", name: "Lone Kjær (Videreuddannelsessekretariatet Syd)", authorisationID: nil)
        _ = try Grants.add(acting(nil), handle: "sek.syd", role: .secretariat, departmentCode: nil, region: "Syddanmark",
                           from: longAgo, until: nil, mayApprove: false)
        let secretariat = acting("sek.syd")
        _ = try Departments.add(secretariat, code: department, name: "Kardiologisk Afdeling B, Odense Universitetshospital",
                                kind: .hospital, region: "Syddanmark")
        _ = try CurriculumImport.run(secretariat, path: "kardiologi-intro-2022.json", bytes: try example("kardiologi-intro-2022.json"),
                                     flags: CurriculumImportFlags())
        _ = try ProgramImport.run(secretariat, path: "program-ouh-kardiologi.json", bytes: try example("program-ouh-kardiologi.json"))

        let staff = [("dr.uao", "Hanne Mortensen"), ("dr.hoved", "Peter Juhl"), ("dr.klinisk", "Sara Holm")]
        let trainees = [("dr.ahmed", "Ahmed Khalil"), ("dr.berit", "Berit Lund"), ("dr.carl", "Carl Nørgaard"),
                        ("dr.dorthe", "Dorthe Æbelø"), ("dr.emil", "Emil Østergaard"), ("dr.freja", "Freja Ravn")]
        for (handle, name) in staff + trainees {
            _ = try People.add(secretariat, handle: handle, name: name, authorisationID: nil)
        }
        _ = try Grants.add(secretariat, handle: "dr.uao", role: .uao, departmentCode: department, region: nil, from: longAgo,
                           until: nil, mayApprove: false)
        let uao = acting("dr.uao")
        _ = try Grants.add(uao, handle: "dr.hoved", role: .supervisor, departmentCode: department, region: nil, from: longAgo,
                           until: nil, mayApprove: false)
        _ = try Grants.add(uao, handle: "dr.klinisk", role: .clinicalSupervisor, departmentCode: department, region: nil,
                           from: longAgo, until: nil, mayApprove: true)

        // Each trainee: start, part time, the stage they are at.
        struct Plan {
            let trainee: String
            let stage: Stage
            let start: CalendarDate
            var partTime: String? = nil
        }
        let plans = [
            Plan(trainee: "dr.freja", stage: .elementAttested, start: month.adding(months: -13)),
            Plan(trainee: "dr.emil", stage: .statementGiven, start: month.adding(months: -10)),
            Plan(trainee: "dr.dorthe", stage: .absenceOverAllowance, start: month.adding(months: -8)),
            Plan(trainee: "dr.berit", stage: .midWayOverdue, start: month.adding(months: -6)),
            Plan(trainee: "dr.carl", stage: .partTime, start: month.adding(months: -4), partTime: "0.8"),
            Plan(trainee: "dr.ahmed", stage: .justStarted, start: today.adding(days: -5)),
        ]
        let curricula = CurriculumRepository(base.store)
        var started: [(trainee: String, stage: Stage?, id: Int64)] = []
        for plan in plans {
            let facts = try Positions.start(uao, Positions.StartRequest(
                trainee: plan.trainee, department: department, curriculum: "Kardiologi", start: plan.start.iso,
                partTime: plan.partTime, supervisor: "dr.hoved"))
            started.append((plan.trainee, plan.stage, facts.id))
            let trainee = acting(plan.trainee)
            let id = facts.id
            let overview = try PositionLoader(base.store).load(.position(id), detail: .acts).first!
            let competencies = try curricula.competencies(curriculumID: facts.curriculum.id)
            func deadline(_ month: Int) -> CalendarDate {
                Deadline.forMonth(month, start: plan.start, partTime: facts.position.partTime).date
            }
            /// A day a little before `date`, never before the start nor after today.
            func before(_ date: CalendarDate, days: Int) -> CalendarDate { max(plan.start, min(today, date.adding(days: -days))) }

            // Meetings that are due by now.
            for item in overview.programItems {
                guard case .meeting(let kind) = item.subject else { continue }
                let due = deadline(item.dueMonth)
                if due < today || (kind == .introduction && plan.trainee != "dr.ahmed") {
                    _ = try Meetings.add(trainee, positionID: id, kind: kind.rawValue, date: before(due, days: 4).iso, plan: nil,
                                         planText: Self.meetingPlans[kind])
                }
            }
            // Assessments and approvals of what is due by now (everything for dr.freja); dr.berit's I8 stays unapproved.
            for item in overview.programItems {
                guard case .competency(let code) = item.subject else { continue }
                let due = deadline(item.dueMonth)
                guard due < today || plan.trainee == "dr.freja" else { continue }
                guard let competency = competencies.first(where: { $0.code == code }) else { continue }
                let method = item.method ?? competency.competency.methods.first ?? .miniCEX
                let assessed = before(due, days: 12)
                _ = try Assessments.record(trainee, Assessments.Request(
                    positionID: id, code: code, method: method.danishName, date: assessed.iso, assessor: "dr.klinisk"))
                if plan.trainee == "dr.berit" && code == "I8" { continue }
                let approver = item.dueMonth % 2 == 0 ? "dr.hoved" : "dr.klinisk"
                _ = try Approvals.approveCompetencies(acting(approver), positionID: id, codes: [code], date: before(due, days: 5).iso,
                                                      comment: nil)
            }
            if deadline(6) < today || plan.trainee == "dr.freja" {
                _ = try Approvals.approveCourse(acting("dr.hoved"), positionID: id, course: clinicalSupervisionCourse,
                                                date: before(deadline(6), days: 20).iso, comment: "Regionalt kursus")
            }
            if plan.trainee == "dr.ahmed" {
                _ = try Assessments.record(trainee, Assessments.Request(
                    positionID: id, code: "I2", method: "Kompetencekort", date: today.iso, note: "Første EKG-konference"))
            }
            if plan.trainee == "dr.dorthe" {
                _ = try Absences.add(trainee, positionID: id, from: plan.start.adding(months: 2).iso,
                                     to: plan.start.adding(months: 2).adding(days: 39).iso, kind: "sygdom", note: "Sygemeldt")
                _ = try Absences.add(trainee, positionID: id, from: plan.start.adding(months: 5).iso,
                                     to: plan.start.adding(months: 5).adding(days: 13).iso, kind: "ferie", note: nil)
            }
            if plan.trainee == "dr.emil" {
                _ = try Approvals.statement(uao, positionID: id, text: nil)
            }
            if plan.trainee == "dr.freja" {
                for code in competencies.map(\.code) where try EventRepository(base.store).standingApproval(
                    positionID: id, competencyID: competencies.first { $0.code == code }!.id) == nil
                {
                    _ = try Approvals.approveCompetencies(acting("dr.hoved"), positionID: id, codes: [code],
                                                          date: min(today, facts.schedule.end).iso, comment: nil)
                }
                _ = try Approvals.attestTime(uao, positionID: id, comment: nil)
                _ = try Approvals.attestElement(uao, positionID: id, comment: "Godkendt introduktionsstilling")
            }
        }
        return Outcome(built: true, positions: started)
    }
}

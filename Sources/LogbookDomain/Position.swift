/// The intro position as one aggregate: its facts (trainee, department, målbeskrivelse, hovedvejledere, absence and
/// the schedule worked out from them) and, when loaded, its acts, assessments and meetings, looked at as they stood
/// on a day. The store loads it in batches for any scope; the rules here decide what it means.

/// Which positions to load: one, a trainee's, a department's, or every position.
public enum PositionScope: Sendable, Hashable {
    case position(Int64)
    case trainee(Int64)
    case department(Int64)
    /// The positions a person has ever been assigned to as hovedvejleder (callers narrow to "on a day").
    case supervisor(Int64)
    case all
}

/// How much of a position to load: the facts alone (schedule and access), with its acts, meetings and the
/// målbeskrivelse's competencies and courses (reports, checks), or with the assessments too (status).
public enum PositionDetail: Int, Sendable, Comparable {
    case facts, acts, status

    public static func < (lhs: PositionDetail, rhs: PositionDetail) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Everything known about one position that its schedule and its access rules need, loaded in one place
/// so `position show`, `status`, reports and checks compute the end date the same way.
public struct PositionFacts: Sendable, Hashable {
    public let position: PositionRecord
    public let trainee: PersonRecord
    public let department: DepartmentRecord
    public let curriculum: CurriculumRecord
    /// Hovedvejleder assignments, oldest first.
    public let supervisors: [SupervisorRecord]
    /// Absence periods by first day.
    public let absences: [AbsenceRecord]

    /// The schedule by DOMAIN.md "Time rules": planned end, allowance, extensions, end (worked out once).
    public let schedule: PositionSchedule

    public init(position: PositionRecord, trainee: PersonRecord, department: DepartmentRecord, curriculum: CurriculumRecord,
         supervisors: [SupervisorRecord], absences: [AbsenceRecord]) {
        self.position = position
        self.trainee = trainee
        self.department = department
        self.curriculum = curriculum
        self.supervisors = supervisors
        self.absences = absences
        let terms = PositionTerms(start: position.start, workplace: department.kind, kbuGeneralPractice: position.kbuGeneralPractice,
                                  partTime: position.partTime)
        self.schedule = TimeRules.schedule(for: terms, absences: absences.map(\.period))
    }

    public var id: Int64 { position.id }

    /// The terms fixing the position's length (start, workplace, KBU general practice, part time).
    public var terms: PositionTerms { schedule.terms }

    /// The position as the access rules see it.
    public var access: AccessPosition {
        AccessPosition(
            id: position.id, traineeID: position.traineeID,
            department: AccessDepartment(id: department.id, code: department.code, kind: department.kind, region: department.region),
            supervisors: supervisors.map(\.assignment), cancelled: position.isCancelled)
    }

    /// The hovedvejleder's handle on `day`, if any.
    public func supervisorHandle(on day: CalendarDate) -> String? { supervisor(on: day)?.handle }

    /// The hovedvejleder assigned on `day`, if any.
    public func supervisor(on day: CalendarDate) -> SupervisorRecord? {
        guard let id = access.supervisor(on: day) else { return nil }
        return supervisors.last { $0.assignment.personID == id }
    }

    /// Whether `day` is within [start, end].
    /// A cancelled position is never ongoing.
    public func isOngoing(on day: CalendarDate) -> Bool { !position.isCancelled && position.start <= day && day <= schedule.end }
}

/// Everything `status`, `check` and `report` need about one position, loaded in batches.
///
/// It holds the whole history; `statusInput(today:)` looks at it as it stood on a day, so a status or report
/// "on" an earlier day does not count acts, meetings or assessments dated after it.
public struct PositionOverview: Sendable {
    public let facts: PositionFacts
    /// How much was loaded: with `.facts` the lists below are empty, with `.acts` only `assessments` is.
    public let detail: PositionDetail
    /// The pinned målbeskrivelse's competencies in sort order, and its mandatory courses.
    public let competencies: [Competency]
    public let courses: [String]
    /// The programme's deadlines (empty without a programme).
    public let programItems: [ProgramItem]
    /// Assessments not superseded by a correction: competency code, date, method name. Empty unless asked for.
    public let assessments: [(code: String, on: CalendarDate, method: String?)]
    /// The position's approvals, attestations and statements in order, each with its revocation, if any.
    public let events: [ActRecord]
    public let meetings: [(kind: MeetingKind, on: CalendarDate)]

    /// The standing acts on `day`: made on or before it, and not revoked by then.
    public func acts(on day: CalendarDate) -> PositionActs {
        var acts = PositionActs()
        for event in events where event.act.on <= day {
            let act = event.act
            if let revocation = event.revokedBy, revocation.on <= day {
                if event.kind == .competencyApproval, let code = event.competencyCode {
                    acts.revokedApprovals[code] = RevokedAct(
                        original: act, revokedBy: revocation.actor, revokedByName: revocation.actorName, revokedOn: revocation.on, reason: revocation.reason)
                }
                continue
            }
            switch event.kind {
            case .competencyApproval: if let code = event.competencyCode { acts.approvals[code] = act }
            case .courseApproval: if let course = event.course { acts.courseApprovals[course] = act }
            case .timeAttestation: acts.timeAttestation = act
            case .elementAttestation: acts.elementAttestation = act
            case .statement: acts.statement = act
            case .revocation, .keyRegistration, .grant, .grantEnd, .position, .supervisorAssignment, .absence, .absenceWithdrawal,
                 .approvalRequest, .requestDecline, .requestWithdrawal, .positionCancellation, .personName, .departmentName: break
            }
        }
        acts.revokedApprovals = acts.revokedApprovals.filter { acts.approvals[$0.key] == nil }
        return acts
    }

    /// The status input as the position stood on `today`.
    public func statusInput(today: CalendarDate) -> StatusInput {
        var summaries: [String: AssessmentSummary] = [:]
        for entry in assessments where entry.on <= today {
            let known = summaries[entry.code] ?? .none
            var methods = known.methods
            if let method = entry.method, !methods.contains(method) { methods.append(method) }
            summaries[entry.code] = AssessmentSummary(count: known.count + 1, lastOn: max(known.lastOn ?? entry.on, entry.on),
                                                      methods: methods)
        }
        let acts = acts(on: today)
        return StatusInput(
            today: today, schedule: facts.schedule, competencies: competencies, courses: courses, assessments: summaries,
            approvals: acts.approvals, revokedApprovals: acts.revokedApprovals, courseApprovals: acts.courseApprovals,
            programItems: programItems, meetings: meetings.filter { $0.on <= today }, timeAttestation: acts.timeAttestation,
            elementAttestation: acts.elementAttestation, statement: acts.statement)
    }

    /// Creates the record.
    public init(facts: PositionFacts, detail: PositionDetail, competencies: [Competency], courses: [String], programItems: [ProgramItem], assessments: [(code: String, on: CalendarDate, method: String?)], events: [ActRecord], meetings: [(kind: MeetingKind, on: CalendarDate)]) {
        self.facts = facts
        self.detail = detail
        self.competencies = competencies
        self.courses = courses
        self.programItems = programItems
        self.assessments = assessments
        self.events = events
        self.meetings = meetings
    }
}

/// The acts standing on a day, sorted by what they are about.
public struct PositionActs: Sendable {
    /// Keyed by competency code.
    public var approvals: [String: Act] = [:]
    /// Revoked and not re-approved, keyed by competency code.
    public var revokedApprovals: [String: RevokedAct] = [:]
    /// Keyed by course name.
    public var courseApprovals: [String: Act] = [:]
    public var timeAttestation: Act?
    public var elementAttestation: Act?
    public var statement: Act?

    /// Creates the record.
    public init(approvals: [String: Act] = [:], revokedApprovals: [String: RevokedAct] = [:], courseApprovals: [String: Act] = [:],
                timeAttestation: Act? = nil, elementAttestation: Act? = nil, statement: Act? = nil) {
        self.approvals = approvals
        self.revokedApprovals = revokedApprovals
        self.courseApprovals = courseApprovals
        self.timeAttestation = timeAttestation
        self.elementAttestation = elementAttestation
        self.statement = statement
    }
}

/// One approval, attestation or statement as status and reports need it: what, by whom, when, and its revocation.
public struct ActRecord: Sendable {
    public let kind: EventKind
    public let competencyCode: String?
    public let course: String?
    public let act: Act
    public let revokedBy: Revocation?

    /// Creates the record.
    public init(kind: EventKind, competencyCode: String?, course: String?, act: Act, revokedBy: Revocation?) {
        self.kind = kind
        self.competencyCode = competencyCode
        self.course = course
        self.act = act
        self.revokedBy = revokedBy
    }
}

/// Who made an approval, attestation or statement, and when (for status lines and history).
public struct Act: Sendable, Hashable {
    /// The event's id.
    public let eventID: Int64
    /// The maker's handle.
    public let actor: String
    /// The maker's full name, as a person reads the act ("Sara Holm"); the handle when no name is known.
    public let actorName: String
    /// The maker's role at that moment ("supervisor", "uao", ...).
    public let role: String
    /// The date the event names.
    public let on: CalendarDate
    /// Whether it carries a valid signature (nil when signatures are not checked).
    public let signed: Bool?

    public init(eventID: Int64, actor: String, actorName: String? = nil, role: String, on: CalendarDate, signed: Bool? = nil) {
        self.eventID = eventID
        self.actor = actor
        self.actorName = actorName ?? actor
        self.role = role
        self.on = on
        self.signed = signed
    }
}

/// A revoked act: the original and its revocation.
public struct RevokedAct: Sendable, Hashable {
    public let original: Act
    public let revokedBy: String
    /// The revoker's full name (the handle when no name is known).
    public let revokedByName: String
    public let revokedOn: CalendarDate
    public let reason: String

    public init(original: Act, revokedBy: String, revokedByName: String? = nil, revokedOn: CalendarDate, reason: String) {
        self.original = original
        self.revokedBy = revokedBy
        self.revokedByName = revokedByName ?? revokedBy
        self.revokedOn = revokedOn
        self.reason = reason
    }
}

/// The assessments recorded toward one competency (superseded entries left out).
public struct AssessmentSummary: Sendable, Hashable {
    public let count: Int
    public let lastOn: CalendarDate?
    /// Method names used, in first-use order.
    public let methods: [String]

    public init(count: Int, lastOn: CalendarDate?, methods: [String]) {
        self.count = count
        self.lastOn = lastOn
        self.methods = methods
    }

    /// No assessment yet.
    public static let none = AssessmentSummary(count: 0, lastOn: nil, methods: [])
}

/// Everything `status` needs to know about one position, gathered by the store.
public struct StatusInput: Sendable {
    public var today: CalendarDate
    public var schedule: PositionSchedule
    /// The pinned målbeskrivelse's competencies in sort order, and its mandatory courses.
    public var competencies: [Competency]
    public var courses: [String]
    /// Keyed by competency code.
    public var assessments: [String: AssessmentSummary]
    /// Standing approvals keyed by competency code; revoked ones (not re-approved) likewise.
    public var approvals: [String: Act]
    public var revokedApprovals: [String: RevokedAct]
    /// Standing course approvals keyed by course name.
    public var courseApprovals: [String: Act]
    /// The programme's deadlines, empty when the position follows no programme.
    public var programItems: [ProgramItem]
    /// Meetings held: kind and date, in date order.
    public var meetings: [(kind: MeetingKind, on: CalendarDate)]
    public var timeAttestation: Act?
    public var elementAttestation: Act?
    public var statement: Act?

    public init(today: CalendarDate, schedule: PositionSchedule, competencies: [Competency], courses: [String],
                assessments: [String: AssessmentSummary], approvals: [String: Act], revokedApprovals: [String: RevokedAct],
                courseApprovals: [String: Act], programItems: [ProgramItem], meetings: [(kind: MeetingKind, on: CalendarDate)],
                timeAttestation: Act?, elementAttestation: Act?, statement: Act?) {
        self.today = today
        self.schedule = schedule
        self.competencies = competencies
        self.courses = courses
        self.assessments = assessments
        self.approvals = approvals
        self.revokedApprovals = revokedApprovals
        self.courseApprovals = courseApprovals
        self.programItems = programItems
        self.meetings = meetings
        self.timeAttestation = timeAttestation
        self.elementAttestation = elementAttestation
        self.statement = statement
    }
}

/// A programme deadline: due by the end of month N of the position.
public struct Deadline: Sendable, Hashable, Comparable {
    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.date < rhs.date }

    /// The month the programme names (0 = the first 14 days).
    public let month: Int
    /// The last day it is on time.
    public let date: CalendarDate

    /// The first overdue day.
    public var overdueSince: CalendarDate { date.adding(days: 1) }

    /// The deadline for "due by month `month`" in a position starting `start` at `partTime`.
    ///
    /// Month N ends the day before start + N months; part time stretches the months (N / f, the fraction
    /// of a month as 30 days, rounded up), like the position's length. Month 0 means the first 14 days.
    public static func forMonth(_ month: Int, start: CalendarDate, partTime: PartTime) -> Deadline {
        if month <= 0 { return Deadline(month: 0, date: start.adding(days: 13)) }
        let scaled = month * partTime.denominator
        let whole = scaled / partTime.numerator
        let remainder = scaled % partTime.numerator
        let extraDays = (remainder * 30 + partTime.numerator - 1) / partTime.numerator
        return Deadline(month: month, date: start.adding(months: whole).adding(days: extraDays - 1))
    }
}

/// Where one competency stands.
public enum CompetencyState: Sendable, Hashable {
    case notStarted
    case inProgress
    case approved(Act)
    case revoked(RevokedAct)

    /// "not started", "in progress", "approved", "revoked".
    public var label: String {
        switch self {
        case .notStarted: return "not started"
        case .inProgress: return "in progress"
        case .approved: return "approved"
        case .revoked: return "revoked"
        }
    }
}

/// One competency's line of the status.
public struct CompetencyStatus: Sendable, Hashable {
    public let competency: Competency
    public let assessments: AssessmentSummary
    public let state: CompetencyState
    public let deadline: Deadline?
    /// Not approved and past its deadline on the status day.
    public let isOverdue: Bool
    /// The assessment method the department's programme names for this competency, if it names one.
    public var programMethod: AssessmentMethod? = nil

    /// The method to be assessed by: the programme's, else the målbeskrivelse's first.
    public var suggestedMethod: AssessmentMethod? { programMethod ?? competency.methods.first }

    public var isApproved: Bool { if case .approved = state { return true } else { return false } }
}

/// One mandatory course's line of the status.
public struct CourseStatus: Sendable, Hashable {
    public let name: String
    public let approval: Act?
    public let deadline: Deadline?
    public let isOverdue: Bool
}

/// One expected meeting: held (on a date) or due.
public struct MeetingStatus: Sendable, Hashable {
    public let kind: MeetingKind
    public let deadline: Deadline?
    public let heldOn: CalendarDate?
    public let isOverdue: Bool
}

/// The whole picture of one position on one day: what is done, missing, due and overdue, and what to do next.
public struct PositionStatus: Sendable {
    public let today: CalendarDate
    public let schedule: PositionSchedule
    public let competencies: [CompetencyStatus]
    public let courses: [CourseStatus]
    public let meetings: [MeetingStatus]
    public let timeAttestation: Act?
    public let elementAttestation: Act?
    public let statement: Act?
    public let completion: ElementCompletion

    /// What to do next (worked out on demand: reports and checks do not need it).
    public var nextSteps: [NextStep] {
        PositionStatus.nextSteps(today: today, schedule: schedule, competencies: competencies, courses: courses, meetings: meetings,
                                 completion: completion, timeAttestation: timeAttestation, elementAttestation: elementAttestation)
    }

    /// Approved competencies.
    public var approvedCount: Int { competencies.filter(\.isApproved).count }
    /// Overdue items: competencies, courses and meetings.
    public var overdueCount: Int {
        competencies.filter(\.isOverdue).count + courses.filter(\.isOverdue).count + meetings.filter(\.isOverdue).count
    }
    /// Whole percent of competencies approved.
    public var percent: Int { Progress.percent(approvedCount, of: competencies.count) }
    /// Whether time can be attested on the status day.
    public var timeAttestable: Bool { schedule.isTimeAttestable(on: today) }

    /// Works the status out from the gathered facts.
    public init(_ input: StatusInput) {
        let start = input.schedule.terms.start
        let partTime = input.schedule.terms.partTime
        let today = input.today
        func deadline(_ month: Int) -> Deadline { Deadline.forMonth(month, start: start, partTime: partTime) }
        var competencyDue: [String: Deadline] = [:]
        // The method the programme names for a competency (its earliest item naming one), e.g. OSATS. Only a method the
        // målbeskrivelse lists for the competency counts (issue 28): the programme import refuses any other, and an item
        // stored before that rule is not suggested — status never tells the trainee to use a method `record` refuses.
        var programMethod: [String: (month: Int, method: AssessmentMethod)] = [:]
        var courseDue: [String: Deadline] = [:]
        var meetingDue: [(MeetingKind, Deadline)] = []
        for item in input.programItems {
            switch item.subject {
            case .competency(let code):
                competencyDue[code] = competencyDue[code].map { min($0, deadline(item.dueMonth)) } ?? deadline(item.dueMonth)
                if let method = item.method, programMethod[code].map({ item.dueMonth < $0.month }) ?? true {
                    programMethod[code] = (item.dueMonth, method)
                }
            case .course(let name): courseDue[name] = courseDue[name].map { min($0, deadline(item.dueMonth)) } ?? deadline(item.dueMonth)
            case .meeting(let kind): meetingDue.append((kind, deadline(item.dueMonth)))
            }
        }
        self.today = today
        self.schedule = input.schedule
        self.timeAttestation = input.timeAttestation
        self.elementAttestation = input.elementAttestation
        self.statement = input.statement
        let elementDone = input.elementAttestation != nil

        competencies = input.competencies.map { competency in
            let summary = input.assessments[competency.code] ?? .none
            let state: CompetencyState
            if let act = input.approvals[competency.code] {
                state = .approved(act)
            } else if let revoked = input.revokedApprovals[competency.code] {
                state = .revoked(revoked)
            } else {
                state = summary.count > 0 ? .inProgress : .notStarted
            }
            let due = competencyDue[competency.code]
            let approved: Bool
            if case .approved = state { approved = true } else { approved = false }
            return CompetencyStatus(
                competency: competency, assessments: summary, state: state, deadline: due,
                isOverdue: !approved && !elementDone && due.map { $0.date < today } == true, programMethod: programMethod[competency.code].flatMap { competency.methods.contains($0.method) ? $0.method : nil })
        }
        courses = input.courses.map { name in
            let due = courseDue[name]
            let approval = input.courseApprovals[name]
            return CourseStatus(name: name, approval: approval, deadline: due,
                                isOverdue: approval == nil && !elementDone && due.map { $0.date < today } == true)
        }

        // Meetings: the introduktionssamtale is always expected within 14 days (DOMAIN.md, Meetings);
        // the programme adds its own. Held meetings are matched to expectations of their kind in date order.
        var expected = meetingDue
        if !expected.contains(where: { $0.0 == .introduction }) { expected.insert((.introduction, deadline(0)), at: 0) }
        expected.sort { ($0.1.date, $0.0.rawValue) < ($1.1.date, $1.0.rawValue) }
        var held = input.meetings
        var meetingLines: [MeetingStatus] = []
        for (kind, due) in expected {
            if let index = held.firstIndex(where: { $0.kind == kind }) {
                meetingLines.append(MeetingStatus(kind: kind, deadline: due, heldOn: held[index].on, isOverdue: false))
                held.remove(at: index)
            } else {
                meetingLines.append(MeetingStatus(kind: kind, deadline: due, heldOn: nil, isOverdue: !elementDone && due.date < today))
            }
        }
        for extra in held { meetingLines.append(MeetingStatus(kind: extra.kind, deadline: nil, heldOn: extra.on, isOverdue: false)) }
        meetings = meetingLines

        completion = ElementCompletion(
            competencies: input.competencies.map(\.code), approvedCompetencies: Set(input.approvals.keys),
            courses: input.courses, approvedCourses: Set(input.courseApprovals.keys), timeAttested: input.timeAttestation != nil)
    }

    private static func nextSteps(today: CalendarDate, schedule: PositionSchedule, competencies: [CompetencyStatus],
                                  courses: [CourseStatus], meetings: [MeetingStatus], completion: ElementCompletion,
                                  timeAttestation: Act?, elementAttestation: Act?) -> [NextStep] {
        if let element = elementAttestation { return [.nothing(elementAttested: element)] }
        var steps: [NextStep] = []
        func due(_ deadline: Deadline?) -> Due? { deadline.map { Due(deadline: $0, isOverdue: $0.date < today) } }
        for meeting in meetings where meeting.heldOn == nil && meeting.isOverdue {
            steps.append(.holdMeeting(meeting.kind, due(meeting.deadline)))
        }
        let open = competencies.filter { !$0.isApproved }.sorted { a, b in
            switch (a.deadline, b.deadline) {
            case let (x?, y?): return x.date < y.date
            case (_?, nil): return true
            default: return false
            }
        }
        let shown = 6
        for line in open.prefix(shown) {
            if line.assessments.count > 0 {
                steps.append(.askApproval(code: line.competency.code, due(line.deadline)))
            } else {
                steps.append(.getAssessed(code: line.competency.code, method: line.suggestedMethod, due(line.deadline)))
            }
        }
        if open.count > shown { steps.append(.moreCompetencies(open.count - shown)) }
        for course in courses where course.approval == nil {
            steps.append(.takeCourse(course.name, due(course.deadline)))
        }
        if timeAttestation == nil {
            steps.append(schedule.isTimeAttestable(on: today)
                ? .askTimeAttestation(since: schedule.timeAttestableFrom) : .timeAttestable(from: schedule.timeAttestableFrom))
        }
        if completion.isComplete { steps.append(.askElementAttestation) }
        return steps
    }
}

/// A deadline as a next step names it: the deadline and whether it has passed.
public struct Due: Sendable, Hashable {
    public let deadline: Deadline
    public let isOverdue: Bool

    /// Creates the value.
    public init(deadline: Deadline, isOverdue: Bool) {
        self.deadline = deadline
        self.isOverdue = isOverdue
    }
}

/// What the trainee should do next (DOMAIN.md, status): values, worded by the front end in the reader's language.
public enum NextStep: Sendable, Hashable {
    /// Nothing: the element is attested (a godkendt introduktionsstilling).
    case nothing(elementAttested: Act)
    /// Hold a vejledersamtale that is overdue.
    case holdMeeting(MeetingKind, Due?)
    /// Ask for the approval of an assessed competency.
    case askApproval(code: String, Due?)
    /// Get a competency assessed, by the method the programme (else the målbeskrivelse) names first.
    case getAssessed(code: String, method: AssessmentMethod?, Due?)
    /// More competencies not yet approved than the list shows.
    case moreCompetencies(Int)
    /// Take a mandatory course and have it approved.
    case takeCourse(String, Due?)
    /// Ask the UAO/tutor to attest time, possible since the date.
    case askTimeAttestation(since: CalendarDate)
    /// Time can be attested from the date.
    case timeAttestable(from: CalendarDate)
    /// Everything is approved: ask the UAO/tutor to attest the element.
    case askElementAttestation
}

/// Progress as a share (issue 28: "5/12 is 42 %, not 41 %").
public enum Progress {
    /// `part` of `whole` in whole percent, rounded half up — except that 100 % is only ever all, and 0 % only ever none
    /// (199 of 200 is 99 %, 1 of 300 is 1 %). Nothing of nothing is 0 %.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        guard whole > 0 else { return 0 }
        let rounded = (200 * part + whole) / (2 * whole)
        if part < whole { return max(part > 0 ? 1 : 0, min(rounded, 99)) }
        return rounded
    }
}

/// The payloads of the fact events (docs/EVENT-FORMAT.md, "Fact events"): grants and their ends, position bindings,
/// hovedvejleder assignments, absence and its withdrawal. Each is `name:value` lines in a fixed order joined by line
/// feeds (no line feed at the end); a reader accepts exactly what the writer writes, so one text has one meaning.
public enum FactLines {
    /// The lines joined.
    public static func text(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0):\($0.1)" }.joined(separator: "\n")
    }

    /// The values of `names`, in that order, or nil unless the text is exactly those lines.
    public static func values(_ text: String, _ names: [String]) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == names.count else { return nil }
        var values: [String] = []
        for (line, name) in zip(lines, names) {
            guard line.hasPrefix(name + ":") else { return nil }
            values.append(String(line.dropFirst(name.count + 1)))
        }
        return values
    }

    static func date(_ text: String) -> CalendarDate? {
        guard let date = CalendarDate(iso: text), date.iso == text else { return nil }
        return date
    }

    static func optionalDate(_ text: String) -> CalendarDate?? {
        if text.isEmpty { return .some(nil) }
        return date(text).map { .some($0) } ?? .none
    }

    static func id(_ text: String) -> Int64? {
        guard let value = Int64(text), value > 0, String(value) == text else { return nil }
        return value
    }

    static func flag(_ text: String) -> Bool? {
        switch text {
        case "yes": return true
        case "no": return false
        default: return nil
        }
    }
}

/// Where a fact names a department: its code, kind and region (departments are not events; every fact that names one
/// carries what the rules need to know of it).
public struct DepartmentFacts: Hashable, Sendable {
    public var code: String
    public var kind: WorkplaceKind
    public var region: String
    public init(code: String, kind: WorkplaceKind, region: String) {
        self.code = code
        self.kind = kind
        self.region = region
    }
}

/// A `grant` event's payload.
public struct GrantPayload: Hashable, Sendable {
    public var holder: String
    public var role: GrantRole
    /// The department (all roles but secretariat).
    public var department: DepartmentFacts?
    /// The region (secretariat grants; for department grants the department's region).
    public var region: String
    public var mayApprove: Bool
    public var validFrom: CalendarDate
    public var validUntil: CalendarDate?

    static let names = ["holder", "role", "department", "department_kind", "region", "may_approve", "valid_from", "valid_until"]

    public init(holder: String, role: GrantRole, department: DepartmentFacts?, region: String, mayApprove: Bool,
                validFrom: CalendarDate, validUntil: CalendarDate?) {
        self.holder = holder
        self.role = role
        self.department = department
        self.region = region
        self.mayApprove = mayApprove
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    public var text: String {
        FactLines.text([
            ("holder", holder), ("role", role.rawValue), ("department", department?.code ?? ""),
            ("department_kind", department?.kind.rawValue ?? ""), ("region", region), ("may_approve", mayApprove ? "yes" : "no"),
            ("valid_from", validFrom.iso), ("valid_until", validUntil?.iso ?? ""),
        ])
    }

    public init?(text: String) {
        guard let v = FactLines.values(text, Self.names), !v[0].isEmpty, let role = GrantRole(rawValue: v[1]),
              let mayApprove = FactLines.flag(v[5]), let from = FactLines.date(v[6]), let until = FactLines.optionalDate(v[7]),
              !v[4].isEmpty
        else { return nil }
        var department: DepartmentFacts?
        if role == .secretariat {
            guard v[2].isEmpty, v[3].isEmpty else { return nil }
        } else {
            guard !v[2].isEmpty, let kind = WorkplaceKind(rawValue: v[3]) else { return nil }
            department = DepartmentFacts(code: v[2], kind: kind, region: v[4])
        }
        if mayApprove && role != .clinicalSupervisor { return nil }
        if let until, until < from { return nil }
        self.init(holder: v[0], role: role, department: department, region: v[4], mayApprove: mayApprove, validFrom: from,
                  validUntil: until)
        guard self.text == text else { return nil }
    }
}

/// A `grant-end` event's payload: which grant (its event id) and the last day it counts.
public struct GrantEndPayload: Hashable, Sendable {
    public var grantEvent: Int64
    public var endsOn: CalendarDate

    public init(grantEvent: Int64, endsOn: CalendarDate) {
        self.grantEvent = grantEvent
        self.endsOn = endsOn
    }

    public var text: String { FactLines.text([("grant", String(grantEvent)), ("ends_on", endsOn.iso)]) }

    public init?(text: String) {
        guard let v = FactLines.values(text, ["grant", "ends_on"]), let id = FactLines.id(v[0]), let on = FactLines.date(v[1])
        else { return nil }
        self.init(grantEvent: id, endsOn: on)
    }
}

/// A `position` event's payload: who the trainee is, where, under which målbeskrivelse (with its competency codes and
/// mandatory courses, so completeness is decided from the log), from when and at which part time.
public struct PositionBindingPayload: Hashable, Sendable {
    public var trainee: String
    public var department: DepartmentFacts
    public var specialty: String
    public var version: String
    public var start: CalendarDate
    public var partTime: PartTime
    public var kbuGeneralPractice: Bool
    public var competencies: [String]
    public var courses: [String]

    static let names = ["trainee", "department", "department_kind", "region", "specialty", "version", "start", "part_time",
                        "kbu_general_practice"]

    /// The SHA-256 (lower-case hex) of the pinned målbeskrivelse's canonical content, titles and all (`Curriculum
    /// .contentHash`), written as a last line `content:HEX` by schema 10 on: the signed word for what the reader sees
    /// beside the acts. Nil in a binding made before (and in migrated ones).
    public var content: String?

    public init(trainee: String, department: DepartmentFacts, specialty: String, version: String, start: CalendarDate,
                partTime: PartTime, kbuGeneralPractice: Bool, competencies: [String], courses: [String], content: String? = nil) {
        self.content = content
        self.trainee = trainee
        self.department = department
        self.specialty = specialty
        self.version = version
        self.start = start
        self.partTime = partTime
        self.kbuGeneralPractice = kbuGeneralPractice
        self.competencies = competencies
        self.courses = courses
    }

    public var text: String {
        FactLines.text([
            ("trainee", trainee), ("department", department.code), ("department_kind", department.kind.rawValue),
            ("region", department.region), ("specialty", specialty), ("version", version), ("start", start.iso),
            ("part_time", partTime.storageText), ("kbu_general_practice", kbuGeneralPractice ? "yes" : "no"),
        ] + competencies.map { ("competency", Self.line($0)) } + courses.map { ("course", Self.line($0)) }
          + (content.map { [("content", $0)] } ?? []))
    }

    /// A code or course name on one line (a line feed inside one is written as a space).
    static func line(_ text: String) -> String { text.replacingLineFeeds }

    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= Self.names.count,
              let v = FactLines.values(lines.prefix(Self.names.count).joined(separator: "\n"), Self.names),
              !v[0].isEmpty, !v[1].isEmpty, let kind = WorkplaceKind(rawValue: v[2]), !v[3].isEmpty,
              let start = FactLines.date(v[6]), let partTime = PartTime(storageText: v[7]),
              let kbu = FactLines.flag(v[8])
        else { return nil }
        var competencies: [String] = []
        var courses: [String] = []
        var content: String?
        var rest = lines.dropFirst(Self.names.count)
        if let last = rest.last, last.hasPrefix("content:") {
            let hash = String(last.dropFirst(8))
            guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
            content = hash
            rest = rest.dropLast()
        }
        for line in rest {
            if line.hasPrefix("competency:"), courses.isEmpty { competencies.append(String(line.dropFirst(11))) }
            else if line.hasPrefix("course:") { courses.append(String(line.dropFirst(7))) }
            else { return nil }
        }
        self.init(trainee: v[0], department: DepartmentFacts(code: v[1], kind: kind, region: v[3]), specialty: v[4], version: v[5],
                  start: start, partTime: partTime, kbuGeneralPractice: kbu, competencies: competencies, courses: courses,
                  content: content)
        guard self.text == text else { return nil }
    }

    /// The time terms the schedule is computed from.
    public var terms: PositionTerms {
        PositionTerms(start: start, workplace: department.kind, kbuGeneralPractice: kbuGeneralPractice, partTime: partTime)
    }
}

/// A `person-name` event's payload: whose name (the handle, which never changes) and the name, one line each. The name
/// is what `print`, `status`, `history` and a bundle show beside the person's acts (issue 29).
public struct PersonNamePayload: Hashable, Sendable {
    public var handle: String
    public var name: String

    public init(handle: String, name: String) {
        self.handle = handle
        self.name = name
    }

    public var text: String { FactLines.text([("handle", handle), ("name", name.replacingLineFeeds)]) }

    public init?(text: String) {
        guard let v = FactLines.values(text, ["handle", "name"]), !v[0].isEmpty, !v[1].isEmpty else { return nil }
        self.init(handle: v[0], name: v[1])
    }
}

/// A `department-name` event's payload: the department (code, kind, region: what the rules know of it) and its name,
/// one line each (issue 29).
public struct DepartmentNamePayload: Hashable, Sendable {
    public var department: DepartmentFacts
    public var name: String

    public init(department: DepartmentFacts, name: String) {
        self.department = department
        self.name = name
    }

    public var text: String {
        FactLines.text([("department", department.code), ("department_kind", department.kind.rawValue), ("region", department.region),
                        ("name", name.replacingLineFeeds)])
    }

    public init?(text: String) {
        guard let v = FactLines.values(text, ["department", "department_kind", "region", "name"]), !v[0].isEmpty,
              let kind = WorkplaceKind(rawValue: v[1]), !v[2].isEmpty, !v[3].isEmpty else { return nil }
        self.init(department: DepartmentFacts(code: v[0], kind: kind, region: v[2]), name: v[3])
        guard self.text == text else { return nil }
    }
}

/// A `supervisor-assignment` event's payload.
public struct SupervisorPayload: Hashable, Sendable {
    public var supervisor: String
    public var from: CalendarDate
    public init(supervisor: String, from: CalendarDate) {
        self.supervisor = supervisor
        self.from = from
    }
    public var text: String { FactLines.text([("supervisor", supervisor), ("from", from.iso)]) }
    public init?(text: String) {
        guard let v = FactLines.values(text, ["supervisor", "from"]), !v[0].isEmpty, let from = FactLines.date(v[1]) else { return nil }
        self.init(supervisor: v[0], from: from)
    }
}

/// An `absence` event's payload (the note is the event's text).
public struct AbsencePayload: Hashable, Sendable {
    public var period: AbsencePeriod
    public init(period: AbsencePeriod) { self.period = period }
    public var text: String { FactLines.text([("kind", period.kind.rawValue), ("from", period.from.iso), ("to", period.to.iso)]) }
    public init?(text: String) {
        guard let v = FactLines.values(text, ["kind", "from", "to"]), let kind = AbsenceKind(rawValue: v[0]),
              let from = FactLines.date(v[1]), let to = FactLines.date(v[2]), let period = AbsencePeriod(kind: kind, from: from, to: to)
        else { return nil }
        self.init(period: period)
    }
}

/// An `absence-withdrawal` event's payload: the absence event it withdraws (the reason is the event's text).
public struct AbsenceWithdrawalPayload: Hashable, Sendable {
    public var absenceEvent: Int64
    public init(absenceEvent: Int64) { self.absenceEvent = absenceEvent }
    public var text: String { FactLines.text([("absence", String(absenceEvent))]) }
    public init?(text: String) {
        guard let v = FactLines.values(text, ["absence"]), let id = FactLines.id(v[0]) else { return nil }
        self.init(absenceEvent: id)
    }
}

extension String {
    var replacingLineFeeds: String { String(map { $0 == "\n" || $0 == "\r\n" ? " " : $0 }) }
}

/// An `approval-request` event's payload: to whom, which competencies (codes) and courses (names), and the
/// assessments (record ids) the request rests on; the trainee's message is the event's text.
///
/// Lines, in this order: `to:<handle>`, one `competency:<code>` per competency, one `course:<name>` per course, one
/// `assessment:<id>` per assessment. At least one competency or course; none twice.
public struct ApprovalRequestPayload: Hashable, Sendable {
    public var to: String
    public var competencies: [String]
    public var courses: [String]
    public var assessments: [Int64]

    public init(to: String, competencies: [String], courses: [String], assessments: [Int64]) {
        self.to = to
        self.competencies = competencies
        self.courses = courses
        self.assessments = assessments
    }

    public var text: String {
        FactLines.text([("to", to)] + competencies.map { ("competency", $0) } + courses.map { ("course", $0) }
                       + assessments.map { ("assessment", String($0)) })
    }

    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("to:"), first.count > 3 else { return nil }
        var competencies: [String] = [], courses: [String] = [], assessments: [Int64] = []
        for line in lines.dropFirst() {
            if line.hasPrefix("competency:"), courses.isEmpty, assessments.isEmpty, line.count > 11 {
                competencies.append(String(line.dropFirst(11)))
            } else if line.hasPrefix("course:"), assessments.isEmpty, line.count > 7 {
                courses.append(String(line.dropFirst(7)))
            } else if line.hasPrefix("assessment:"), let id = FactLines.id(String(line.dropFirst(11))) {
                assessments.append(id)
            } else {
                return nil
            }
        }
        guard !(competencies.isEmpty && courses.isEmpty), Set(competencies).count == competencies.count,
              Set(courses).count == courses.count, Set(assessments).count == assessments.count else { return nil }
        self.init(to: String(first.dropFirst(3)), competencies: competencies, courses: courses, assessments: assessments)
        guard self.text == text else { return nil }
    }

    /// Whether the request asks for this competency (code) or course (name).
    public func asks(competency code: String?, course: String?) -> Bool {
        if let code { return competencies.contains(code) }
        if let course { return courses.contains(course) }
        return false
    }
}

/// The payload that names a request: of a `request-decline`, a `request-withdrawal`, and of an approval that answers
/// a request (`request:<event id>`).
public struct RequestReference: Hashable, Sendable {
    public var request: Int64
    public init(request: Int64) { self.request = request }
    public var text: String { FactLines.text([("request", String(request))]) }
    public init?(text: String) {
        guard let v = FactLines.values(text, ["request"]), let id = FactLines.id(v[0]) else { return nil }
        self.init(request: id)
    }
}

/// One position's line in a department report.
public struct ReportRow: Sendable, Hashable {
    public let positionID: Int64
    public let trainee: String
    public let traineeName: String
    public let specialty: String
    public let curriculumVersion: String
    public let start: CalendarDate
    /// The end after part time and extensions.
    public let end: CalendarDate
    public let partTime: PartTime
    public let approved: Int
    public let total: Int
    public let overdue: Int
    public let absenceUsed: Int
    public let absenceAllowed: Int
    public let timeAttested: CalendarDate?
    public let elementAttested: CalendarDate?
    public let statement: CalendarDate?
    /// The overdue items by name, in status order: competencies, courses, meetings (the HTML report; not in CSV or JSON).
    public var overdueItems: [OverdueItem] = []
    /// The hovedvejleder's handle and full name on the report day (or the position's start, when it starts later).
    public var supervisor: String? = nil
    public var supervisorName: String? = nil
    /// Competencies and mandatory courses not yet approved on the report day.
    public var competenciesMissing = 0
    public var coursesMissing = 0
    /// Ongoing, ending within three months of the report day, not element-attested, and with a competency or course
    /// not approved or an item overdue.
    public var atRisk = false
    /// The version of the department programme (uddannelsesprogram) the position follows; nil when it follows none
    /// (issue 28: a new målbeskrivelse version without the department's programme), so no deadlines are known.
    public var program: String? = nil
    /// Whether the position lacks the programme its department should give it (`Positions.programGap`): the department
    /// has programmes, but none for this position's målbeskrivelse version (or several, none chosen).
    public var programMissing = false

    public init(positionID: Int64, trainee: String, traineeName: String, specialty: String, curriculumVersion: String,
                start: CalendarDate, end: CalendarDate, partTime: PartTime, approved: Int, total: Int, overdue: Int,
                absenceUsed: Int, absenceAllowed: Int, timeAttested: CalendarDate?, elementAttested: CalendarDate?,
                statement: CalendarDate?) {
        self.positionID = positionID
        self.trainee = trainee
        self.traineeName = traineeName
        self.specialty = specialty
        self.curriculumVersion = curriculumVersion
        self.start = start
        self.end = end
        self.partTime = partTime
        self.approved = approved
        self.total = total
        self.overdue = overdue
        self.absenceUsed = absenceUsed
        self.absenceAllowed = absenceAllowed
        self.timeAttested = timeAttested
        self.elementAttested = elementAttested
        self.statement = statement
    }

    /// Whole percent of competencies approved.
    public var percent: Int { Progress.percent(approved, of: total) }

    /// The column headers of the table and CSV forms, in order.
    public static let headers = [
        "position", "trainee", "name", "specialty", "version", "start", "end", "part time", "approved", "total", "overdue",
        "absence used", "absence allowed", "time attested", "element attested", "advance statement", "programme",
    ]

    /// The row as text cells matching `headers` (dates ISO, empty when absent).
    public var cells: [String] {
        [
            String(positionID), trainee, traineeName, specialty, curriculumVersion, start.iso, end.iso, partTime.description,
            String(approved), String(total), String(overdue), String(absenceUsed), String(absenceAllowed),
            timeAttested?.iso ?? "", elementAttested?.iso ?? "", statement?.iso ?? "", program ?? "",
        ]
    }
}

/// An overdue item of a position, by name.
public enum OverdueItem: Sendable, Hashable {
    case competency(code: String, title: String, since: CalendarDate)
    case course(name: String, since: CalendarDate)
    case meeting(kind: MeetingKind, since: CalendarDate)
}

/// A department report: the department, the day it describes, and one row per position.
public struct DepartmentReport: Sendable, Hashable {
    public let departmentCode: String
    public let departmentName: String
    public let region: String
    public let on: CalendarDate
    /// "ongoing positions", "all positions", "positions overlapping 2026-01-01 – 2026-12-31" (English, for JSON).
    public let scope: String
    /// Which positions the report holds, for wording the scope in the reader's language.
    public let selection: ReportScope
    public let rows: [ReportRow]

    public init(departmentCode: String, departmentName: String, region: String, on: CalendarDate, scope: String,
                selection: ReportScope = .ongoing, rows: [ReportRow]) {
        self.selection = selection
        self.departmentCode = departmentCode
        self.departmentName = departmentName
        self.region = region
        self.on = on
        self.scope = scope
        self.rows = rows
    }

    /// Positions with at least one overdue item.
    public var withOverdue: Int { rows.filter { $0.overdue > 0 }.count }
    /// Positions with an element attestation.
    public var attested: Int { rows.filter { $0.elementAttested != nil }.count }
    /// Positions at risk: ending within three months with items missing.
    public var atRisk: Int { rows.filter(\.atRisk).count }
    /// Positions whose counted absence exceeds the allowance.
    public var overAllowance: Int { rows.filter { $0.absenceUsed > $0.absenceAllowed }.count }
    /// The positions that follow no department programme (no deadlines known), by id.
    public var withoutProgram: [Int64] { rows.filter(\.programMissing).map(\.positionID) }
}

/// Which positions a department report holds: those ongoing on its day, those overlapping a period, or all.
public enum ReportScope: Sendable, Hashable {
    case ongoing
    case overlapping(from: CalendarDate, to: CalendarDate)
    case all
}

import LogbookDomain
import LogbookStore

/// Status of one position, checks for what is overdue or missing, and department reports.
public enum Overviews {
    /// The day asked about: `--on`, else today.
    static func day(_ session: Session, _ on: String?) throws -> CalendarDate {
        try on.map { try session.date($0, flag: "--on") } ?? session.today
    }

    /// The position a status is about: `--position`, else the trainee's (`--trainee`, else the acting person's)
    /// ongoing position on `day`, else their latest started one.
    static func positionID(_ session: Session, position: Int64?, trainee: String?, day: CalendarDate) throws -> Int64 {
        if let position { return position }
        let handle: String
        if let trainee {
            handle = trainee
        } else if let actor = session.actorHandle {
            handle = actor
        } else {
            throw LogbookError.usage(session.texts("status.whichPosition"))
        }
        let person = try session.person(handle, what: trainee == nil ? "--as" : "--trainee")
        let positions = try PositionLoader(session.store).load(.trainee(person.id)).map(\.facts)
        guard !positions.isEmpty else {
            // A hovedvejleder asking for "my status" is pointed at their trainees' positions.
            if trainee == nil {
                let supervised = try PositionLoader(session.store).load(.supervisor(person.id)).map(\.facts)
                    .filter { $0.isOngoing(on: day) && $0.access.supervisor(on: day) == person.id }
                if !supervised.isEmpty {
                    let list = supervised.map { session.texts("status.supervisedPosition", ["id": String($0.id), "name": $0.trainee.name]) }
                    throw LogbookError.refused(session.texts("status.supervisorNoPosition", [
                        "handle": person.handle, "positions": list.joined(separator: ", "),
                    ]))
                }
            }
            throw LogbookError.refused(session.texts("status.noPosition", ["handle": person.handle]))
        }
        if let ongoing = positions.last(where: { $0.isOngoing(on: day) }) { return ongoing.id }
        // A cancelled position is chosen only when the trainee has no other.
        let standing = positions.filter { !$0.position.isCancelled }
        let candidates = standing.isEmpty ? positions : standing
        return (candidates.last { $0.position.start <= day } ?? candidates[0]).id
    }

    /// The status of one position on a day, with its header.
    public static func status(_ session: Session, position: Int64?, trainee: String?, on: String?) throws
        -> (header: StatusHeader, status: PositionStatus)
    {
        let day = try day(session, on)
        return try session.store.read {
            let id = try positionID(session, position: position, trainee: trainee, day: day)
            guard let overview = try PositionLoader(session.store).load(.position(id), detail: .status).first else {
                throw session.noPosition(id)
            }
            if session.readScope == .actor, !Access.mayRead(overview.facts.access, by: try session.actor().actor, on: session.today) {
                throw session.noPosition(id)
            }
            var header = header(overview, on: day)
            if session.readScope == .actor {
                header.absenceKindsShown = Access.maySeeAbsenceKinds(of: overview.facts.access, by: try session.actor().actor, on: session.today)
            }
            return (header, PositionStatus(overview.statusInput(today: day)))
        }
    }

    static func header(_ overview: PositionOverview, on day: CalendarDate) -> StatusHeader {
        let facts = overview.facts
        return StatusHeader(
            positionID: facts.id, trainee: facts.trainee.handle, traineeName: facts.trainee.name, department: facts.department.code,
            departmentName: facts.department.name, specialty: facts.curriculum.specialty, curriculumVersion: facts.curriculum.version,
            hovedvejleder: facts.supervisorHandle(on: max(day, facts.position.start)),
            hovedvejlederName: facts.supervisor(on: max(day, facts.position.start))?.name, cancelled: facts.position.isCancelled)
    }

    /// Which positions `check` looks at.
    public enum CheckScope: Sendable {
        case position(Int64)
        case department(String)
        case all
        /// The acting trainee's own position.
        case mine
    }

    /// One line per problem: overdue competencies, courses and meetings by the programme and the rules, and
    /// positions that have ended without an element attestation. Empty when all is well.
    public static func check(_ session: Session, scope: CheckScope, on: String?) throws -> [String] {
        let day = try day(session, on)
        return try session.store.read {
            let loader = PositionLoader(session.store)
            var found: [PositionOverview] = []
            // Only positions that can have a problem are read in full: started, not cancelled, element not attested.
            func load(_ scope: PositionScope) throws -> [PositionOverview] {
                let attested = try loader.elementAttested(scope, on: day)
                return try loader.load(scope, detail: .acts) { facts in
                    !facts.position.isCancelled && facts.position.start <= day && !attested.contains(facts.id)
                }
            }
            switch scope {
            case .position(let id):
                found = try load(.position(id))
                if found.isEmpty, try PositionRepository(session.store).find(id: id) == nil { throw session.noPosition(id) }
            case .mine:
                found = try load(.position(try positionID(session, position: nil, trainee: nil, day: day)))
            case .department(let code):
                found = try load(.department(try session.department(code).id))
            case .all:
                for department in try DepartmentRepository(session.store).all() {
                    found += try load(.department(department.id))
                }
            }
            // The supervisor grants of each department, once, for "has the position a valid hovedvejleder today?".
            var supervisorGrants: [Int64: [Grant]] = [:]
            let people = PersonRepository(session.store)
            // A cancelled position has nothing to check.
            return try found.filter { !$0.facts.position.isCancelled }.flatMap { overview in
                let department = overview.facts.department.id
                if supervisorGrants[department] == nil {
                    supervisorGrants[department] = try people.grants(departmentID: department).map(\.grant).filter { $0.role == .supervisor }
                }
                let supervisor = overview.facts.access.supervisor(on: day)
                let valid = supervisor.map { id in supervisorGrants[department]!.contains { $0.personID == id && $0.isValid(on: day) } } ?? false
                var lines = problems(overview, on: day, validSupervisor: valid, texts: session.texts)
                // Issue 28: an ongoing position without a programme has no deadlines, so nothing above can be overdue.
                let facts = overview.facts
                if day <= facts.schedule.end, let gap = try Positions.gap(session, facts) {
                    let t = session.texts
                    lines.append(t(gap.choices.isEmpty ? "check.noProgram" : "check.noProgramChosen", [
                        "id": String(facts.id), "handle": facts.trainee.handle, "curriculum": gap.curriculum, "department": gap.department]))
                }
                return lines
            }
        }
    }

    /// The problems of one position on `day`; `validSupervisor` says whether its hovedvejleder on the day holds a
    /// supervisor grant in the department then.
    static func problems(_ overview: PositionOverview, on day: CalendarDate, validSupervisor: Bool, texts t: Texts) -> [String] {
        let facts = overview.facts
        guard facts.position.start <= day else { return [] }
        let status = PositionStatus(overview.statusInput(today: day))
        guard status.elementAttestation == nil else { return [] }
        let who = ["id": String(facts.id), "handle": facts.trainee.handle]
        func line(_ key: String, _ arguments: [String: String]) -> String { t(key, who.merging(arguments) { $1 }) }
        var lines: [String] = []
        for competency in status.competencies where competency.isOverdue {
            if let deadline = competency.deadline {
                lines.append(line("check.competencyOverdue", ["code": competency.competency.code, "since": t.date(deadline.overdueSince),
                                                              "month": String(deadline.month)]))
            }
        }
        for course in status.courses where course.isOverdue {
            if let deadline = course.deadline {
                lines.append(line("check.courseOverdue", ["course": course.name, "since": t.date(deadline.overdueSince)]))
            }
        }
        for meeting in status.meetings where meeting.isOverdue {
            if let deadline = meeting.deadline {
                lines.append(line("check.meetingOverdue", ["meeting": t.meeting(meeting.kind), "since": t.date(deadline.overdueSince)]))
            }
        }
        let end = status.schedule.end
        if day <= end, !validSupervisor {
            if let supervisor = facts.supervisor(on: day) {
                lines.append(line("check.supervisorWithoutGrant", ["supervisor": supervisor.name, "date": t.date(day)]))
            } else {
                lines.append(line("check.noSupervisor", ["date": t.date(day)]))
            }
        }
        if end < day {
            let missing = t.missing(status.completion)
            lines.append(missing.isEmpty
                ? line("check.endedComplete", ["end": t.date(end)])
                : line("check.endedMissing", ["end": t.date(end), "missing": missing.joined(separator: "; ")]))
        }
        return lines
    }

    /// The overdue competencies, courses and meetings of a status by name, in that order.
    static func overdueItems(_ status: PositionStatus) -> [OverdueItem] {
        var items: [OverdueItem] = []
        for line in status.competencies where line.isOverdue {
            if let deadline = line.deadline {
                items.append(.competency(code: line.competency.code, title: line.competency.title, since: deadline.overdueSince))
            }
        }
        for course in status.courses where course.isOverdue {
            if let deadline = course.deadline { items.append(.course(name: course.name, since: deadline.overdueSince)) }
        }
        for meeting in status.meetings where meeting.isOverdue {
            if let deadline = meeting.deadline { items.append(.meeting(kind: meeting.kind, since: deadline.overdueSince)) }
        }
        return items
    }

    /// Which positions a report covers.
    public enum ReportSelection: Sendable {
        /// Ongoing on the report day (the default).
        case ongoing
        /// Overlapping the period, both ends included.
        case overlapping(from: String, to: String)
        /// Every position of the department.
        case all
    }

    /// A department report on `on` (default today).
    public static func report(_ session: Session, department code: String, on: String?, selection: ReportSelection) throws
        -> DepartmentReport
    {
        let day = try day(session, on)
        var period: (CalendarDate, CalendarDate)?
        if case .overlapping(let fromText, let toText) = selection {
            let from = try session.date(fromText, flag: "--from"), to = try session.date(toText, flag: "--to")
            guard from <= to else { throw LogbookError.usage("'--to' \(to) is before '--from' \(from)") }
            period = (from, to)
        }
        return try session.store.read {
            let department = try session.department(code)
            if session.readScope == .actor, !Access.mayReadDepartment(department.access, by: try session.actor().actor, on: session.today) {
                throw session.noDepartment(code)
            }
            var rows: [ReportRow] = []
            // The selection is made on the positions' facts, before their acts are read. A cancelled position (started by
            // mistake, issue 28) is in no selection: no row, no count, in every format.
            let selected = try PositionLoader(session.store).load(.department(department.id), detail: .acts) { facts in
                if facts.position.isCancelled { return false }
                switch selection {
                case .ongoing: return facts.isOngoing(on: day)
                case .overlapping: return period.map { from, to in !(facts.position.start > to || facts.schedule.end < from) } ?? true
                case .all: return true
                }
            }
            var programVersions: [Int64: String] = [:]
            for overview in selected {
                let facts = overview.facts
                let schedule = facts.schedule
                let status = PositionStatus(overview.statusInput(today: day))
                var row = ReportRow(
                    positionID: facts.id, trainee: facts.trainee.handle, traineeName: facts.trainee.name,
                    specialty: facts.curriculum.specialty, curriculumVersion: facts.curriculum.version, start: facts.position.start,
                    end: schedule.end, partTime: facts.position.partTime, approved: status.approvedCount,
                    total: status.competencies.count, overdue: status.overdueCount, absenceUsed: schedule.countedAbsenceDays,
                    absenceAllowed: schedule.allowanceDays, timeAttested: status.timeAttestation?.on,
                    elementAttested: status.elementAttestation?.on, statement: status.statement?.on)
                row.overdueItems = overdueItems(status)
                if let programID = facts.position.programID {
                    if programVersions[programID] == nil {
                        programVersions[programID] = try PositionRepository(session.store).program(id: programID)?.version ?? String(programID)
                    }
                    row.program = programVersions[programID]
                } else {
                    row.programMissing = try Positions.gap(session, facts) != nil
                }
                let supervisor = facts.supervisor(on: max(day, facts.position.start))
                row.supervisor = supervisor?.handle
                row.supervisorName = supervisor?.name
                row.competenciesMissing = status.competencies.count - status.approvedCount
                row.coursesMissing = status.courses.filter { $0.approval == nil }.count
                row.atRisk = facts.isOngoing(on: day) && schedule.end <= day.adding(months: 3) && status.elementAttestation == nil
                    && (row.competenciesMissing > 0 || row.coursesMissing > 0 || status.overdueCount > 0)
                rows.append(row)
            }
            let scope: ReportScope
            switch selection {
            case .ongoing: scope = .ongoing
            case .overlapping: scope = .overlapping(from: period!.0, to: period!.1)
            case .all: scope = .all
            }
            return DepartmentReport(departmentCode: department.code, departmentName: department.name, region: department.region,
                                    on: day, scope: Texts.machine.reportScope(scope), selection: scope, rows: rows)
        }
    }
}

/// Who and what a status is about: the lines above the competency list.
public struct StatusHeader: Sendable {
    public let positionID: Int64
    public let trainee: String
    public let traineeName: String
    public let department: String
    public let departmentName: String
    public let specialty: String
    public let curriculumVersion: String
    /// The hovedvejleder's handle on the day.
    public let hovedvejleder: String?
    /// The hovedvejleder's full name on the day.
    public let hovedvejlederName: String?
    /// Whether the position was cancelled (started by mistake).
    public var cancelled = false
    /// Whether the reader may see absence kinds (`Access.maySeeAbsenceKinds`): false only in a session scoped to its
    /// actor (the server) for a reader who may not; then the status names no kind (parental leave included).
    public var absenceKindsShown = true

    public init(positionID: Int64, trainee: String, traineeName: String, department: String, departmentName: String,
                specialty: String, curriculumVersion: String, hovedvejleder: String?, hovedvejlederName: String? = nil, cancelled: Bool = false) {
        self.cancelled = cancelled
        self.hovedvejlederName = hovedvejlederName ?? hovedvejleder
        self.positionID = positionID
        self.trainee = trainee
        self.traineeName = traineeName
        self.department = department
        self.departmentName = departmentName
        self.specialty = specialty
        self.curriculumVersion = curriculumVersion
        self.hovedvejleder = hovedvejleder
    }
}

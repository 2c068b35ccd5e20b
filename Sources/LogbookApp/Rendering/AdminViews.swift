import LogbookDomain
import LogbookFormats

/// The JSON of the administration (people, departments, grants, positions) for the server: the keys and values of the
/// CLI's `--format json` listings (`person list`, `department list`, `grant list`, `position list`) where there is one.
extension JSONViews {
    // MARK: People

    /// A person as `logbook person list --format json` gives them.
    public static func person(_ person: PersonRecord) -> JSONValue {
        .object([
            ("handle", .string(person.handle)), ("name", .string(person.name)),
            ("authorisation_id", .string(person.authorisationID)),
        ])
    }

    /// One correction of a person (`person show`): the field, old and new value, why, when and by whom.
    public static func personChange(_ change: PersonChange) -> JSONValue {
        .object([
            ("field", .string(change.field.rawValue)), ("old", .string(change.old)), ("new", .string(change.new)),
            ("reason", .string(change.reason)), ("changed_at", .string(change.changedAt)), ("changed_by", .string(change.changedBy)),
        ])
    }

    /// A person with their e-mail, corrections, grants and positions (what `logbook person show` prints).
    public static func personDetail(_ person: PersonRecord, changes: [PersonChange], grants: [GrantRecord], positions: [PositionFacts],
                                    names: [String: String], today: CalendarDate) -> JSONValue {
        .object([
            ("handle", .string(person.handle)), ("name", .string(person.name)),
            ("authorisation_id", .string(person.authorisationID)), ("email", .string(person.email)),
            ("corrections", .array(changes.map(personChange))),
            ("grants", .array(grants.map { grant($0, names: names, today: today) })),
            ("positions", .array(positions.map { positionLine($0, today: today) })),
        ])
    }

    // MARK: Departments

    /// A department as `logbook department list --format json` gives it.
    public static func department(_ department: DepartmentRecord) -> JSONValue {
        .object([
            ("code", .string(department.code)), ("name", .string(department.name)), ("kind", .string(department.kind.rawValue)),
            ("region", .string(department.region)),
        ])
    }

    /// A department with the grants standing in it today (`logbook department show`).
    public static func departmentDetail(_ department: DepartmentRecord, grants: [GrantRecord], names: [String: String],
                                        today: CalendarDate) -> JSONValue {
        guard case .object(var members) = self.department(department) else { return .null }
        members.append(("grants", .array(grants.map { grant($0, names: names, today: today) })))
        return .object(members)
    }

    // MARK: Grants

    /// A grant as `logbook grant list --format json` gives it.
    public static func grant(_ stored: GrantRecord, names: [String: String], today: CalendarDate) -> JSONValue {
        let grant = stored.grant
        return .object([
            ("id", .int(stored.id)), ("handle", .string(stored.handle)), ("name", .string(names[stored.handle] ?? stored.handle)),
            ("role", .string(grant.role.rawValue)), ("where", .string(stored.departmentCode ?? grant.region ?? "")),
            ("from", .string(grant.validFrom.iso)), ("until", .string(grant.validUntil?.iso)), ("may_approve", .bool(grant.mayApprove)),
            ("granted_by", .string(stored.grantedBy ?? "(bootstrap)")), ("status", .string(Grants.status(grant, on: today).rawValue)),
        ])
    }

    // MARK: Positions

    /// A position as `logbook position list --format json` gives it.
    public static func positionLine(_ facts: PositionFacts, today: CalendarDate) -> JSONValue {
        .object([
            ("id", .int(facts.id)), ("trainee", .string(facts.trainee.handle)), ("name", .string(facts.trainee.name)),
            ("department", .string(facts.department.code)), ("curriculum", .string(facts.curriculum.label)),
            ("start", .string(facts.position.start.iso)), ("part_time", .string(facts.position.partTime.storageText)),
            ("end", .string(facts.schedule.end.iso)), ("ongoing", .bool(facts.isOngoing(on: today))),
            ("cancelled", .bool(facts.position.isCancelled)),
        ])
    }

    /// What `logbook position show` prints beyond a position's line in `GET /positions`: programme, planned end, the
    /// absence allowance (counted days only: absence kinds are health data), the hovedvejledere and the counts.
    public static func positionDetail(_ facts: PositionFacts, assessments: Int, meetings: Int, cancellation: EventRecord?) -> [(String, JSONValue)] {
        let schedule = facts.schedule
        return [
            ("department_kind", .string(facts.department.kind.rawValue)),
            ("curriculum", .string(facts.curriculum.label)),
            ("program", facts.position.programID.map { .int($0) } ?? .null),
            ("kbu_general_practice", .bool(facts.position.kbuGeneralPractice)),
            ("planned_end", .string(schedule.plannedEnd.iso)),
            ("time_attestable_from", .string(schedule.timeAttestableFrom.iso)),
            ("counted_absence_days", .int(Int64(schedule.countedAbsenceDays))),
            ("allowance_days", .int(Int64(schedule.allowanceDays))),
            ("allowance_left", .int(Int64(schedule.allowanceLeft))),
            ("supervisors", .array(facts.supervisors.map { supervisor in
                .object([("handle", .string(supervisor.handle)), ("name", .string(supervisor.name)),
                         ("from", .string(supervisor.assignment.from.iso))])
            })),
            ("assessments", .int(Int64(assessments))),
            ("meetings", .int(Int64(meetings))),
            ("cancelled", .bool(facts.position.isCancelled)),
            ("cancellation", cancellation.map { event in
                .object([("event", .int(event.id)), ("date", .string(event.content.effectiveOn.iso)), ("by", .string(event.content.actor)),
                         ("reason", .string(event.content.text))])
            } ?? .null),
        ]
    }
}

extension JSONViews {
    // MARK: Curricula and programmes

    /// A stored målbeskrivelse as `logbook curriculum list --format json` gives it.
    public static func curriculum(_ summary: CurriculumCatalog.Summary) -> JSONValue {
        let stored = summary.curriculum
        return .object([
            ("specialty", .string(stored.specialty)), ("level", .string(stored.level.rawValue)), ("version", .string(stored.version)),
            ("valid_from", .string(stored.validFrom.iso)), ("competencies", .int(Int64(summary.competencies))),
            ("courses", .int(Int64(summary.courses))), ("title", .string(stored.title)),
        ])
    }

    /// A stored uddannelsesprogram as `logbook program list --format json` gives it, with its id first (the id
    /// `position start --program` takes).
    public static func program(_ program: ProgramRecord) -> JSONValue {
        .object([
            ("id", .int(program.id)), ("department", .string(program.departmentCode)), ("specialty", .string(program.specialty)),
            ("curriculum", .string(program.curriculumVersion)), ("version", .string(program.version)),
            ("approved_on", .string(program.approvedOn?.iso)), ("items", .int(Int64(program.itemCount))), ("title", .string(program.title)),
        ])
    }
}

extension JSONViews {
    // MARK: Assessments

    /// A position's assessments in entry order, as `logbook record list --format json` gives them.
    public static func assessments(_ entries: [AssessmentRecord], names: [String: String]) -> JSONValue {
        .array(entries.map { entry in
            .object([
                ("entry", .int(entry.id)), ("code", .string(entry.competencyCode)), ("method", .string(entry.methodText)),
                ("date", .string(entry.assessedOn.iso)), ("assessor", .string(entry.assessor.map { names[$0] ?? $0 })),
                ("assessor_handle", .string(entry.assessor)), ("recorded_by", .string(names[entry.recordedBy] ?? entry.recordedBy)),
                ("recorded_by_handle", .string(entry.recordedBy)), ("corrects", entry.correctsID.map(JSONValue.int) ?? .null),
                ("superseded_by", entry.supersededBy.map(JSONValue.int) ?? .null), ("note", .string(entry.note)),
            ])
        })
    }
}

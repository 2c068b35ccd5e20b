import LogbookDomain
import LogbookFormats

/// The status of one position as JSON, the same for every front end.
public enum StatusJSON {
    /// A position's status as data: `logbook status --format json` and `GET /api/v1/positions/{id}/status`.
    public static func json(_ header: StatusHeader, _ status: PositionStatus) -> JSONValue {
        func act(_ act: Act?) -> JSONValue {
            guard let act else { return .null }
            return .object([
                ("event", .int(act.eventID)), ("by", .string(act.actor)), ("role", .string(act.role)), ("on", .string(act.on.iso)),
                ("signed", act.signed.map(JSONValue.bool) ?? .null),
            ])
        }
        func deadline(_ deadline: Deadline?) -> JSONValue {
            guard let deadline else { return .null }
            return .object([("month", .int(Int64(deadline.month))), ("date", .string(deadline.date.iso))])
        }
        let schedule = status.schedule
        let competencies: [JSONValue] = status.competencies.map { line in
            var state: [(String, JSONValue)] = [("state", .string(line.state.label))]
            switch line.state {
            case .approved(let approval): state.append(("approval", act(approval)))
            case .revoked(let revoked):
                state.append(("revoked_approval", act(revoked.original)))
                state.append(("revoked_by", .string(revoked.revokedBy)))
                state.append(("revoked_on", .string(revoked.revokedOn.iso)))
                state.append(("reason", .string(revoked.reason)))
            default: break
            }
            return .object([
                ("code", .string(line.competency.code)),
                ("title", .string(line.competency.title)),
                ("roles", .array(line.competency.roles.map { .string($0.danishName) })),
                ("assessments", .object([
                    ("count", .int(Int64(line.assessments.count))),
                    ("last", .string(line.assessments.lastOn?.iso)),
                    ("methods", .array(line.assessments.methods.map(JSONValue.string))),
                ])),
            ] + state + [("deadline", deadline(line.deadline)), ("overdue", .bool(line.isOverdue))])
        }
        return .object([
            ("position", .int(header.positionID)),
            ("trainee", .object([("handle", .string(header.trainee)), ("name", .string(header.traineeName))])),
            ("department", .object([("code", .string(header.department)), ("name", .string(header.departmentName))])),
            ("specialty", .string(header.specialty)),
            ("curriculum_version", .string(header.curriculumVersion)),
            ("hovedvejleder", .string(header.hovedvejleder)),
            ("on", .string(status.today.iso)),
            ("start", .string(schedule.terms.start.iso)),
            ("planned_end", .string(schedule.plannedEnd.iso)),
            ("end", .string(schedule.end.iso)),
            ("end_explanation", .string(Texts.machine.explanation(schedule, absenceKinds: header.absenceKindsShown))),
            ("part_time", .string(schedule.terms.partTime.storageText)),
            ("absence", .object([
                ("counted", .int(Int64(schedule.countedAbsenceDays))), ("allowance", .int(Int64(schedule.allowanceDays))),
                // A kind of absence: null for a reader who may not see kinds (the counted days above are not one).
                ("parental_leave", header.absenceKindsShown ? .int(Int64(schedule.parentalLeaveDays)) : .null),
            ])),
            ("competencies", .array(competencies)),
            ("courses", .array(status.courses.map { course in
                .object([("name", .string(course.name)), ("approval", act(course.approval)), ("deadline", deadline(course.deadline)),
                         ("overdue", .bool(course.isOverdue))])
            })),
            ("meetings", .array(status.meetings.map { meeting in
                .object([("kind", .string(meeting.kind.rawValue)), ("held_on", .string(meeting.heldOn?.iso)),
                         ("deadline", deadline(meeting.deadline)), ("overdue", .bool(meeting.isOverdue))])
            })),
            ("time_attestation", act(status.timeAttestation)),
            ("time_attestable_from", .string(schedule.timeAttestableFrom.iso)),
            ("element_attestation", act(status.elementAttestation)),
            ("forhandsudtalelse", act(status.statement)),
            ("progress", .object([
                ("approved", .int(Int64(status.approvedCount))), ("total", .int(Int64(status.competencies.count))),
                ("percent", .int(Int64(status.percent))),
            ])),
            ("missing_for_element", .array(status.completion.missingLines.map(JSONValue.string))),
            ("next_steps", .array(status.nextSteps.map { .string(Texts.machine.nextStep($0)) })),
        ])
    }
}

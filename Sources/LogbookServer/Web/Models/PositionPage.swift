import LogbookApp
import LogbookDomain

/// What the position page shows, as the use cases answer it: the status with its header, the meetings with their
/// plans, the absence, the requests and the history. Gathered by the handler in one read.
struct PositionView: Sendable {
    let id: Int64
    let reader: String
    let header: StatusHeader
    let status: PositionStatus
    let meetings: [MeetingRecord]
    let absence: AbsenceListing
    let requests: [ApprovalRequest]
    let events: [EventRecord]
    let names: [String: String]
    /// Whom the reader (the trainee) may ask for approval (`Requests.addressees`); empty for anyone else.
    var addressees: [Addressee] = []
    /// Whom the reader may name as assessor (`Assessments.assessors`).
    var assessors: [PersonChoiceRecord] = []
}

/// A form sent back after a refusal: which one, what was typed, and the refusal.
struct RefusedForm: Sendable {
    let form: String
    let values: WebForm
    let message: String
}

/// "Min introduktionsstilling" (the trainee's own position) and a trainee's position as a supervisor sees it.
struct PositionPage: WebPage {
    static let template = "position"

    struct Step: Sendable { let text: String; let href: String?; let action: String? }
    struct Competency: Sendable {
        let code, title, state, deadline, assessments, roles: String
        let approved, overdue: Bool
    }
    struct Meeting: Sendable { let held: String; let plan: String }
    struct Absence: Sendable {
        let line: String
        let withdraw: String?
        let form: String
        let reason: String
        let error: String?
    }
    struct Request: Sendable { let line: String; let state: String; let open: Bool; let withdraw: String? }
    struct HistoryLine: Sendable { let line: String; let signed: String; let comment: String?; let revoked: String? }
    struct RecordForm: Sendable {
        let action: String
        let codes: [Choice]
        let methods: [Choice]
        let date: String
        let otherMethod: Bool
        /// The department's people to pick as assessor (never the trainee), by name and role.
        let assessors: [Choice]
        let note: String
        let error: String?
    }
    struct RequestForm: Sendable {
        let action: String
        let codes: [Check]
        let nothingLeft: Bool
        let supervisor: String
        /// Whom the trainee may ask (the hovedvejleder chosen unless another was): name and role, never a typed handle.
        let addressees: [Check]
        let message: String
        let error: String?
    }
    struct MeetingForm: Sendable {
        let action: String
        let kinds: [Choice]
        let date, plan: String
        let error: String?
    }
    struct AbsenceForm: Sendable {
        let action: String
        let kinds: [Choice]
        let from, to, note: String
        let error: String?
    }
    struct ApproveForm: Sendable {
        let action: String
        let codes: [Check]
        let comment: String
        let error: String?
    }

    let title: String
    let own: Bool
    let positionID: String
    let heading: String
    let traineeLine: String
    let cancelled: String?
    let department, curriculum, terms: String
    let supervisor: String?
    let explanation, absenceLine: String
    let absenceOver: Bool
    let progressText, percent, approved, total: String
    let overdue: [String]
    let upcoming: [String]
    let nextSteps: [Step]
    let competencies: [Competency]
    let courses: [String]
    let attestations: [String]
    let meetings: [Meeting]
    let meetingStates: [String]
    let absences: [Absence]
    let print: String
    let requests: [Request]
    let history: [HistoryLine]
    let recordForm: RecordForm?
    let requestForm: RequestForm?
    let meetingForm: MeetingForm?
    let absenceForm: AbsenceForm?
    let approveForm: ApproveForm?
    let bundle: String?
    /// A refusal of a form this page does not show (a trainee posting the supervisor's approval, say), said at the top.
    let pageError: String?
    /// A refusal of a form it shows: the summary at the top links to the form's message.
    let problem: FormProblem?

    /// The page of `view` for its reader; `preselect` is the competency a next step's link chose for the record or
    /// request form (`?record=I4`, `?request=I4`).
    static func make(_ view: PositionView, refused: RefusedForm?, preselect: (record: String?, request: String?), t: Texts)
        -> PositionPage {
        let (id, header, status) = (view.id, view.header, view.status)
        let own = header.trainee == view.reader
        let title = own ? t("web.position.mine") : t("web.position.of", ["name": header.traineeName])
        let schedule = status.schedule
        let (overdue, upcoming) = WebDeadlines.lists(status, t)

        let nextSteps = status.nextSteps.map { step -> Step in
            guard own else { return Step(text: t.nextStep(step), href: nil, action: nil) }
            switch step {
            case .getAssessed(let code, _, _):
                return Step(text: t.nextStep(step), href: "/positions/\(id)?record=\(WebPages.queryValue(code))#record",
                            action: t("web.position.stepRecord", ["code": code]))
            case .askApproval(let code, _):
                return Step(text: t.nextStep(step), href: "/positions/\(id)?request=\(WebPages.queryValue(code))#request",
                            action: t("web.position.stepRequest", ["code": code]))
            default: return Step(text: t.nextStep(step), href: nil, action: nil)
            }
        }

        let competencies = status.competencies.map { line -> Competency in
            let state: String
            switch line.state {
            case .approved(let act): state = t("status.approved", ["date": t.date(act.on), "actor": t.by(act)])
            case .revoked(let revoked): state = t("status.revoked", ["date": t.date(revoked.revokedOn), "actor": revoked.revokedByName])
            case .inProgress: state = t("status.inProgress")
            case .notStarted: state = t("status.notStarted")
            }
            var deadline = t("web.position.noDeadline")
            if let due = line.deadline {
                let month = due.month == 0 ? t("status.due.first14") : t("status.due.month", ["month": String(due.month)])
                deadline = line.isOverdue
                    ? t("status.due.overdue", ["due": month, "since": t.date(due.overdueSince)])
                    : t("status.due.onTime", ["due": month, "date": t.date(due.date)])
                deadline = String(deadline.drop { $0 == " " || $0 == "·" })
            }
            let assessed = line.assessments.count == 0 ? t("status.assessments.none")
                : t.plural("status.assessments", count: line.assessments.count, [
                    "date": line.assessments.lastOn.map(t.date) ?? "?",
                    "methods": line.assessments.methods.map { t.method($0) }.joined(separator: ", "),
                ])
            return Competency(code: line.competency.code, title: line.competency.title, state: state, deadline: deadline,
                              assessments: assessed, roles: line.competency.roles.map(t.medicalRole).joined(separator: ", "),
                              approved: line.isApproved, overdue: line.isOverdue)
        }
        let courses = status.courses.map { course -> String in
            if let act = course.approval { return t("status.course.approved", ["course": course.name, "date": t.date(act.on), "actor": t.by(act)]) }
            if let deadline = course.deadline {
                return course.isOverdue ? t("status.course.overdue", ["course": course.name, "since": t.date(deadline.overdueSince)])
                    : t("status.course.due", ["course": course.name, "date": t.date(deadline.date)])
            }
            return t("status.course.open", ["course": course.name])
        }
        var attestations: [String] = []
        if let time = status.timeAttestation {
            attestations.append(t("status.time.attested", ["date": t.date(time.on), "actor": t.by(time)]))
        } else {
            attestations.append(t("status.time.open", ["date": t.date(schedule.timeAttestableFrom)]))
        }
        if let element = status.elementAttestation {
            attestations.append(t("status.element.attested", ["date": t.date(element.on), "actor": t.by(element)]))
        } else {
            attestations.append(t("status.element.open"))
        }
        if let statement = status.statement {
            attestations.append(t("status.statement", ["date": t.date(statement.on), "actor": t.by(statement)]))
        }

        let meetings = view.meetings.map { meeting in
            Meeting(held: t("web.meetings.held", ["meeting": t.meeting(meeting.kind), "date": t.date(meeting.heldOn)]), plan: meeting.plan)
        }
        let meetingStates = status.meetings.map { meeting -> String in
            if let held = meeting.heldOn { return t("status.meeting.held", ["meeting": t.meeting(meeting.kind), "date": t.date(held)]) }
            if let deadline = meeting.deadline {
                return meeting.isOverdue ? t("status.meeting.overdue", ["meeting": t.meeting(meeting.kind), "since": t.date(deadline.overdueSince)])
                    : t("status.meeting.due", ["meeting": t.meeting(meeting.kind), "date": t.date(deadline.date)])
            }
            return t("status.meeting.open", ["meeting": t.meeting(meeting.kind)])
        }
        let withdrawing = refused?.form.hasPrefix("absence-") == true ? refused : nil
        let absences = view.absence.lines.map { line -> Absence in
            let kind = line.kind.map(t.absence) ?? t("web.absence.hidden")
            let counts = line.counts ? t("web.absence.counts") : t("web.absence.notCounted")
            let form = "absence-\(line.id)", refusedHere = withdrawing?.form == form
            return Absence(
                line: t("web.absence.period", ["from": t.date(line.from), "to": t.date(line.to), "days": String(line.days), "kind": kind,
                                               "counts": counts]),
                // Withdrawn with a reason where the reader may record absence (the trainee on their own page); the use
                // case decides.
                withdraw: own && !header.cancelled ? "/absences/\(line.id)/withdraw" : nil,
                form: form, reason: refusedHere ? (withdrawing?.values["reason"] ?? "") : "",
                error: refusedHere ? withdrawing?.message : nil)
        }
        let requests = view.requests.reversed().map { made in
            Request(line: t("web.request.line", ["id": String(made.id), "date": t.date(made.requestedOn), "to": made.addressee.name,
                                                 "items": made.items.joined(separator: ", ")]),
                    state: WebPages.requestState(made, t), open: made.isOpen,
                    withdraw: made.isOpen && own ? "/requests/\(made.id)/withdraw" : nil)
        }
        let history = view.events.reversed().map { event -> HistoryLine in
            let content = event.content
            return HistoryLine(
                line: t("web.history.line", ["date": t.date(content.effectiveOn), "what": t.historyWhat(content),
                                             "by": t.by(name: view.names[content.actor] ?? content.actor, role: content.actorRole)]),
                signed: t(event.signature != nil ? "signature.signed" : "signature.unsigned"),
                comment: content.text.isEmpty ? nil : t("web.history.comment", ["text": content.text]),
                revoked: event.revokedBy.map { revocation in
                    t("web.history.revoked", ["text": t("history.revoked", [
                        "by": view.names[revocation.actor] ?? revocation.actorName, "date": t.date(revocation.on),
                        "event": String(revocation.eventID), "reason": revocation.reason,
                    ])])
                })
        }

        // One's own forms, with the values of a refused one kept.
        let kept = refused?.values ?? WebForm()
        let open = status.competencies.filter { !$0.isApproved }
        var recordForm: RecordForm?, requestForm: RequestForm?, meetingForm: MeetingForm?, absenceForm: AbsenceForm?
        var approveForm: ApproveForm?
        if own && !header.cancelled {
            let recording = refused?.form == "record"
            let recordCode = recording ? kept["code"] : preselect.record
            // The method the next step names for the competency (the programme's, else the målbeskrivelse's first).
            var stepMethod: AssessmentMethod?
            for case .getAssessed(let code, let method, _) in status.nextSteps where code == recordCode { stepMethod = method }
            if stepMethod == nil, let recordCode {
                stepMethod = status.competencies.first { $0.competency.code == recordCode }?.competency.methods.first
            }
            var methods = AssessmentMethod.seededCases
            if let stepMethod, !methods.contains(stepMethod) { methods.append(stepMethod) }
            recordForm = RecordForm(
                action: "/positions/\(id)/assessments",
                codes: status.competencies.map {
                    Choice(value: $0.competency.code, label: "\($0.competency.code) \($0.competency.title)", selected: $0.competency.code == recordCode)
                },
                methods: methods.map {
                    Choice(value: $0.name, label: t.method($0), selected: recording ? kept["method"] == $0.name : $0 == stepMethod)
                },
                date: recording ? (kept["date"] ?? "") : status.today.iso, otherMethod: recording && kept["other_method"] == "on",
                assessors: view.assessors.map { person in
                    Choice(value: person.handle, label: t("web.request.addressee", ["name": person.name, "role": t.roleName(person.role)]),
                           selected: recording && kept["assessor"] == person.handle)
                },
                note: recording ? (kept["note"] ?? "") : "",
                error: recording ? refused?.message : nil)
            let asking = refused?.form == "request"
            let chosen = asking ? Set(kept.all("competency")) : Set([preselect.request].compactMap { $0 })
            requestForm = RequestForm(
                action: "/positions/\(id)/requests",
                codes: open.map {
                    Check(value: $0.competency.code, label: "\($0.competency.code) \($0.competency.title)",
                          checked: chosen.contains($0.competency.code), id: "req-\(WebPages.fieldID($0.competency.code))")
                },
                nothingLeft: open.isEmpty,
                supervisor: header.hovedvejlederName.map { t("web.request.toSupervisorNamed", ["name": $0]) } ?? t("web.request.toSupervisor"),
                addressees: view.addressees.enumerated().map { index, person in
                    let role = person.isHovedvejleder ? t("web.request.hovedvejleder") : t.roleName(person.role)
                    let chosenTo = asking ? kept["to"] : nil
                    return Check(value: person.handle, label: t("web.request.addressee", ["name": person.name, "role": role]),
                                 checked: chosenTo.map { $0 == person.handle } ?? (index == 0), id: "request-to-\(index + 1)")
                },
                message: asking ? (kept["message"] ?? "") : "",
                error: asking ? refused?.message : nil)
            let meeting = refused?.form == "meeting", absence = refused?.form == "absence"
            meetingForm = MeetingForm(
                action: "/positions/\(id)/meetings",
                kinds: MeetingKind.allCases.map { Choice(value: $0.rawValue, label: t.meeting($0), selected: meeting && kept["kind"] == $0.rawValue) },
                date: meeting ? (kept["date"] ?? "") : status.today.iso, plan: meeting ? (kept["plan"] ?? "") : "",
                error: meeting ? refused?.message : nil)
            absenceForm = AbsenceForm(
                action: "/positions/\(id)/absences",
                kinds: AbsenceKind.allCases.map { Choice(value: $0.rawValue, label: t.absence($0), selected: absence && kept["kind"] == $0.rawValue) },
                from: absence ? (kept["from"] ?? "") : "", to: absence ? (kept["to"] ?? "") : "", note: absence ? (kept["note"] ?? "") : "",
                error: absence ? refused?.message : nil)
        }
        // A supervisor's form on a trainee's page: approve one competency or several, with a comment.
        if !own && !header.cancelled && !open.isEmpty {
            let approving = refused?.form == "approve"
            let chosen = Set(approving ? kept.all("competency") : [])
            approveForm = ApproveForm(
                action: "/positions/\(id)/approvals",
                codes: open.map {
                    Check(value: $0.competency.code, label: "\($0.competency.code) \($0.competency.title)",
                          checked: chosen.contains($0.competency.code), id: "appr-\(WebPages.fieldID($0.competency.code))")
                },
                comment: approving ? (kept["comment"] ?? "") : "", error: approving ? refused?.message : nil)
        }
        var pageError: String?, problem: FormProblem?
        if let refused {
            let shown: Bool
            switch refused.form {
            case "record": shown = recordForm != nil
            case "request": shown = requestForm != nil
            case "meeting": shown = meetingForm != nil
            case "absence": shown = absenceForm != nil
            case "approve": shown = approveForm != nil
            default: shown = refused.form.hasPrefix("absence-") && own
            }
            if shown { problem = FormProblem(message: refused.message, href: "#\(refused.form)-error") } else { pageError = refused.message }
        }

        return PositionPage(
            title: title, own: own, positionID: String(id), heading: title,
            traineeLine: t("status.title", ["name": header.traineeName, "handle": header.trainee, "id": String(id)]),
            cancelled: header.cancelled ? t("status.cancelled", ["id": String(id)]) : nil,
            department: t("status.department", ["name": header.departmentName, "code": header.department]),
            curriculum: t("status.curriculum", ["specialty": header.specialty, "version": header.curriculumVersion]),
            terms: t("status.terms", ["start": t.date(schedule.terms.start), "end": t.date(schedule.end),
                                      "time": t.partTime(schedule.terms.partTime)]),
            supervisor: header.hovedvejlederName.map { t("web.position.supervisor", ["name": $0]) },
            explanation: t.explanation(schedule, absenceKinds: header.absenceKindsShown),
            absenceLine: t(schedule.parentalLeaveDays > 0 && header.absenceKindsShown ? "status.absence.parental" : "status.absence", [
                "counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays),
                "parental": String(schedule.parentalLeaveDays),
            ]),
            absenceOver: schedule.countedAbsenceDays > schedule.allowanceDays,
            progressText: t("status.progress", ["approved": String(status.approvedCount), "total": String(status.competencies.count)]),
            percent: t.percent(status.percent), approved: String(status.approvedCount), total: String(status.competencies.count),
            overdue: overdue, upcoming: upcoming, nextSteps: nextSteps, competencies: competencies, courses: courses,
            attestations: attestations, meetings: meetings, meetingStates: meetingStates, absences: absences,
            print: "/positions/\(id)/print", requests: requests, history: history,
            recordForm: recordForm, requestForm: requestForm, meetingForm: meetingForm, absenceForm: absenceForm,
            approveForm: approveForm, bundle: own && !header.cancelled ? "/api/v1/positions/\(id)/bundle" : nil,
            pageError: pageError, problem: problem)
    }
}

/// What is overdue and what comes next (the five nearest deadlines) of a status, in words: competencies, courses and
/// meetings alike.
enum WebDeadlines {
    static func lists(_ status: PositionStatus, _ t: Texts) -> (overdue: [String], upcoming: [String]) {
        var overdue: [String] = [], upcoming: [(CalendarDate, String)] = []
        func add(_ what: String, _ deadline: Deadline, isOverdue: Bool) {
            if isOverdue {
                overdue.append(t("web.position.overdueItem", ["what": what, "since": t.date(deadline.overdueSince)]))
            } else if deadline.date >= status.today {
                upcoming.append((deadline.date, t("web.position.dueItem", ["what": what, "date": t.date(deadline.date)])))
            }
        }
        for line in status.competencies where !line.isApproved {
            guard let deadline = line.deadline else { continue }
            add(t("inbox.competency", ["code": line.competency.code, "title": line.competency.title]), deadline, isOverdue: line.isOverdue)
        }
        for course in status.courses where course.approval == nil {
            guard let deadline = course.deadline else { continue }
            add(t("web.position.course", ["course": course.name]), deadline, isOverdue: course.isOverdue)
        }
        for meeting in status.meetings where meeting.heldOn == nil {
            guard let deadline = meeting.deadline else { continue }
            add(t.meeting(meeting.kind), deadline, isOverdue: meeting.isOverdue)
        }
        return (overdue, upcoming.sorted { $0.0 < $1.0 }.prefix(5).map(\.1))
    }
}

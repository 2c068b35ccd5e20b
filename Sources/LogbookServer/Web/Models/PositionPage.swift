import LogbookApp
import LogbookDomain

/// The parts of a position's page, each its own page one tap from the others, so the first fits a phone: the
/// overview (progress, what is declined, overdue and next), the competencies with the trainee's record and request
/// forms (and a supervisor's approve form), the meetings and plan, the absence, the history, and the documents.
enum PositionSection: String, Sendable, CaseIterable {
    case overview, competencies, meetings, absence, history, documents

    /// The section's path under `/positions/{id}`.
    func path(_ id: Int64) -> String { self == .overview ? "/positions/\(id)" : "/positions/\(id)/\(rawValue)" }

    /// The section a form of the page belongs to (its answer is that section again).
    static func of(form: String) -> PositionSection {
        switch form {
        case "meeting": return .meetings
        case "absence": return .absence
        default: return form.hasPrefix("absence-") ? .absence : .competencies
        }
    }
}

/// What the position page shows, as the use cases answer it: the status with its header and what the section shown
/// needs (the meetings with their plans, the absence, the requests, the history). Gathered by the handler in one read.
struct PositionView: Sendable {
    let id: Int64
    let reader: String
    let header: StatusHeader
    let status: PositionStatus
    var section: PositionSection = .overview
    var meetings: [MeetingRecord] = []
    var absence: AbsenceListing? = nil
    var requests: [ApprovalRequest] = []
    var events: [EventRecord] = []
    var names: [String: String] = [:]
    /// Whom the reader (the trainee) may ask for approval (`Requests.addressees`); empty for anyone else.
    var addressees: [Addressee] = []
    /// Whom the reader may name as assessor (`Assessments.assessors`).
    var assessors: [PersonChoiceRecord] = []
    /// Whether the reader may approve the position's competencies today (`PageActions.mayApprove`).
    var mayApprove = false
}

/// A form sent back after a refusal: which one, what was typed, the refusal, and the input it concerns (the
/// command-line name, `date`), when it concerns one.
struct RefusedForm: Sendable {
    let form: String
    let values: WebForm
    let message: String
    var input: String? = nil
}

/// A refusal said by the field it concerns: the message's id (the field's `aria-describedby`), and its text.
struct FieldError: Sendable {
    let id: String
    let message: String

    /// The error of field `field` of form `form` when the refusal concerns one of `inputs` (command-line names).
    static func of(_ refused: RefusedForm?, form: String, field: String, inputs: Set<String>) -> FieldError? {
        guard let refused, refused.form == form, let input = refused.input, inputs.contains(input) else { return nil }
        return FieldError(id: "\(form)-\(field)-error", message: refused.message)
    }
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
        /// The refusal when it concerns no one field; else the field's own error below.
        let error: String?
        let methodError, dateError, assessorError, noteError: FieldError?
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
        let toError, messageError: FieldError?
    }
    struct MeetingForm: Sendable {
        let action: String
        let kinds: [Choice]
        let date, plan: String
        let error: String?
        let kindError, dateError, planError: FieldError?
    }
    struct AbsenceForm: Sendable {
        let action: String
        let kinds: [Choice]
        let from, to, note: String
        let error: String?
        let kindError, fromError, toError, noteError: FieldError?
    }
    /// Which section is shown (names of their own: a template's `{{#show.x}}` makes `show`'s names visible inside).
    struct Show: Sendable { let overviewPart, competenciesPart, meetingsPart, absencePart, historyPart, documentsPart: Bool }
    struct ApproveForm: Sendable {
        let action: String
        let codes: [Check]
        let comment: String
        let error: String?
    }

    let title: String
    let own: Bool
    let positionID: String
    /// The sections as tabs (`aria-current` on the one shown), and which is shown.
    let sections: [NavItem]
    let show: Show
    /// Declined requests whose competencies are still not approved, with the reason: said first on the overview.
    let declined: [String]
    /// The number of open requests, in words (the overview), and where a supervisor approves (the competencies).
    let openRequests: String?
    let approveLink: String?
    let competenciesHref: String
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
                return Step(text: t.nextStep(step), href: "/positions/\(id)/competencies?record=\(WebPages.queryValue(code))#record",
                            action: t("web.position.stepRecord", ["code": code]))
            case .askApproval(let code, _):
                return Step(text: t.nextStep(step), href: "/positions/\(id)/competencies?request=\(WebPages.queryValue(code))#request",
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
        let absences = (view.absence?.lines ?? []).map { line -> Absence in
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

        // One's own forms, with the values of a refused one kept; a refusal about one field is said by that field.
        let kept = refused?.values ?? WebForm()
        func fieldless(_ form: String, _ inputs: Set<String>) -> Bool { refused?.input.map { !inputs.contains($0) } ?? true }
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
                error: recording && fieldless("record", ["method", "other-method", "date", "assessor", "note"]) ? refused?.message : nil,
                methodError: FieldError.of(refused, form: "record", field: "method", inputs: ["method", "other-method"]),
                dateError: FieldError.of(refused, form: "record", field: "date", inputs: ["date"]),
                assessorError: FieldError.of(refused, form: "record", field: "assessor", inputs: ["assessor"]),
                noteError: FieldError.of(refused, form: "record", field: "note", inputs: ["note"]))
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
                error: asking && fieldless("request", ["to", "message"]) ? refused?.message : nil,
                toError: FieldError.of(refused, form: "request", field: "to", inputs: ["to"]),
                messageError: FieldError.of(refused, form: "request", field: "message", inputs: ["message"]))
            let meeting = refused?.form == "meeting", absence = refused?.form == "absence"
            meetingForm = MeetingForm(
                action: "/positions/\(id)/meetings",
                kinds: MeetingKind.allCases.map { Choice(value: $0.rawValue, label: t.meeting($0), selected: meeting && kept["kind"] == $0.rawValue) },
                date: meeting ? (kept["date"] ?? "") : status.today.iso, plan: meeting ? (kept["plan"] ?? "") : "",
                error: meeting && fieldless("meeting", ["kind", "date", "plan"]) ? refused?.message : nil,
                kindError: FieldError.of(refused, form: "meeting", field: "kind", inputs: ["kind"]),
                dateError: FieldError.of(refused, form: "meeting", field: "date", inputs: ["date"]),
                planError: FieldError.of(refused, form: "meeting", field: "plan", inputs: ["plan"]))
            absenceForm = AbsenceForm(
                action: "/positions/\(id)/absences",
                kinds: AbsenceKind.allCases.map { Choice(value: $0.rawValue, label: t.absence($0), selected: absence && kept["kind"] == $0.rawValue) },
                from: absence ? (kept["from"] ?? "") : "", to: absence ? (kept["to"] ?? "") : "", note: absence ? (kept["note"] ?? "") : "",
                error: absence && fieldless("absence", ["kind", "from", "to", "note"]) ? refused?.message : nil,
                kindError: FieldError.of(refused, form: "absence", field: "kind", inputs: ["kind"]),
                fromError: FieldError.of(refused, form: "absence", field: "from", inputs: ["from"]),
                toError: FieldError.of(refused, form: "absence", field: "to", inputs: ["to"]),
                noteError: FieldError.of(refused, form: "absence", field: "note", inputs: ["note"]))
        }
        // A supervisor's form on a trainee's page: approve one competency or several, with a comment.
        if !own && !header.cancelled && !open.isEmpty && view.mayApprove {
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
            if !shown {
                pageError = refused.message
            } else if let field = [recordForm?.methodError, recordForm?.dateError, recordForm?.assessorError, recordForm?.noteError,
                                   requestForm?.toError, requestForm?.messageError, meetingForm?.kindError, meetingForm?.dateError,
                                   meetingForm?.planError, absenceForm?.kindError, absenceForm?.fromError, absenceForm?.toError,
                                   absenceForm?.noteError].compactMap({ $0 }).first {
                // The field is focused (it has `autofocus`), its message beside it; the summary links to it.
                problem = FormProblem(message: refused.message, href: "#\(field.id.dropLast("-error".count))", focusesField: true)
            } else {
                problem = FormProblem(message: refused.message, href: "#\(refused.form)-error")
            }
        }

        // The overview says first what was declined (and why) while its competencies are still open.
        let approvedCodes = Set(status.competencies.filter(\.isApproved).map(\.competency.code))
        var laterAsked: Set<String> = []
        var declined: [String] = []
        for made in view.requests.sorted(by: { $0.id > $1.id }) {
            if made.outcome?.rawValue == "declined", made.items.contains(where: { !approvedCodes.contains($0) && !laterAsked.contains($0) }) {
                declined.append(t("web.position.declined", [
                    "items": made.items.joined(separator: ", "), "by": made.addressee.name,
                    "date": made.closing.map { t.date($0.content.effectiveOn) } ?? "", "reason": made.closing?.content.text ?? "",
                ]))
            }
            laterAsked.formUnion(made.items)
        }
        let openCount = view.requests.filter(\.isOpen).count
        let section = view.section
        let sections = PositionSection.allCases.map { part in
            NavItem(href: part.path(id), text: t("web.position.section.\(part.rawValue)"), current: part == section,
                    id: "section-\(part.rawValue)")
        }

        let sectionTitle = section == .overview ? title : "\(t("web.position.section.\(section.rawValue)")) · \(title)"
        return PositionPage(
            title: sectionTitle, own: own, positionID: String(id), sections: sections,
            show: Show(overviewPart: section == .overview, competenciesPart: section == .competencies, meetingsPart: section == .meetings,
                       absencePart: section == .absence, historyPart: section == .history, documentsPart: section == .documents),
            declined: own ? declined : [],
            openRequests: own && openCount > 0 ? t.plural("web.position.openRequests", count: openCount) : nil,
            approveLink: approveForm != nil && section != .competencies ? "\(PositionSection.competencies.path(id))#approve" : nil,
            competenciesHref: PositionSection.competencies.path(id),
            heading: title,
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

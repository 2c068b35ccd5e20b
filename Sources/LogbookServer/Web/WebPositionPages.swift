import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// "Min introduktionsstilling" (one's own position) and a trainee's status as their supervisors see it; the trainee's
/// two forms; "Mine uddannelseslæger" with the inbox and its approve and decline forms.
extension WebPages {
    /// A form sent back after a refusal: which one, what was typed, and the refusal.
    struct Refused: Sendable {
        let form: String
        let values: WebForm
        let message: String
    }

    // MARK: A position

    /// GET /positions/{id}: the status page (404 page for a position out of sight, as for one that does not exist).
    @Sendable func positionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        return WebResponse.html(try await renderPosition(request, context: context, id: id, refused: nil))
    }

    /// The position page, with a refused form's values and message when there is one.
    func renderPosition(_ request: Request, context: ServerRequestContext, id: Int64, refused: Refused?) async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        let preselect = (record: request.uri.queryParameters.get("record").map { String($0) },
                         request: request.uri.queryParameters.get("request").map { String($0) })
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            let own = header.trainee == handle
            let userName = try session.names([handle])[handle] ?? handle
            let title = own ? t("web.position.mine") : t("web.position.of", ["name": header.traineeName])
            var data = Self.base(request, language: language, title: title, user: userName, formKey: key)
            data["own"] = own
            data["positionID"] = String(id)
            data["heading"] = title
            data["traineeLine"] = t("status.title", ["name": header.traineeName, "handle": header.trainee, "id": String(id)])
            if header.cancelled { data["cancelled"] = t("status.cancelled", ["id": String(id)]) }
            data["department"] = t("status.department", ["name": header.departmentName, "code": header.department])
            data["curriculum"] = t("status.curriculum", ["specialty": header.specialty, "version": header.curriculumVersion])
            let schedule = status.schedule
            data["terms"] = t("status.terms", ["start": t.date(schedule.terms.start), "end": t.date(schedule.end),
                                               "time": t.partTime(schedule.terms.partTime)])
            if let supervisor = header.hovedvejlederName { data["supervisor"] = t("web.position.supervisor", ["name": supervisor]) }
            data["explanation"] = t.explanation(schedule, absenceKinds: header.absenceKindsShown)
            data["absenceLine"] = t(schedule.parentalLeaveDays > 0 && header.absenceKindsShown ? "status.absence.parental" : "status.absence", [
                "counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays),
                "parental": String(schedule.parentalLeaveDays),
            ])
            data["absenceOver"] = schedule.countedAbsenceDays > schedule.allowanceDays
            data["progressText"] = t("status.progress", ["approved": String(status.approvedCount), "total": String(status.competencies.count)])
            data["percent"] = t.percent(status.percent)
            data["approved"] = String(status.approvedCount)
            data["total"] = String(status.competencies.count)

            // Deadlines: what is overdue, and what comes next.
            var overdue: [String] = [], upcoming: [(CalendarDate, String)] = []
            for line in status.competencies {
                let what = t("inbox.competency", ["code": line.competency.code, "title": line.competency.title])
                guard let deadline = line.deadline, !line.isApproved else { continue }
                if line.isOverdue {
                    overdue.append(t("web.position.overdueItem", ["what": what, "since": t.date(deadline.overdueSince)]))
                } else if deadline.date >= status.today {
                    upcoming.append((deadline.date, t("web.position.dueItem", ["what": what, "date": t.date(deadline.date)])))
                }
            }
            for course in status.courses where course.approval == nil {
                guard let deadline = course.deadline else { continue }
                let what = t("web.position.course", ["course": course.name])
                if course.isOverdue {
                    overdue.append(t("web.position.overdueItem", ["what": what, "since": t.date(deadline.overdueSince)]))
                } else if deadline.date >= status.today {
                    upcoming.append((deadline.date, t("web.position.dueItem", ["what": what, "date": t.date(deadline.date)])))
                }
            }
            for meeting in status.meetings where meeting.heldOn == nil {
                guard let deadline = meeting.deadline else { continue }
                let what = t.meeting(meeting.kind)
                if meeting.isOverdue {
                    overdue.append(t("web.position.overdueItem", ["what": what, "since": t.date(deadline.overdueSince)]))
                } else if deadline.date >= status.today {
                    upcoming.append((deadline.date, t("web.position.dueItem", ["what": what, "date": t.date(deadline.date)])))
                }
            }
            data["overdue"] = overdue
            data["upcoming"] = upcoming.sorted { $0.0 < $1.0 }.prefix(5).map(\.1)

            // Next steps, each with a link to its form on one's own page.
            data["nextSteps"] = status.nextSteps.map { step -> [String: Any] in
                var item: [String: Any] = ["text": t.nextStep(step)]
                guard own else { return item }
                switch step {
                case .getAssessed(let code, _, _):
                    item["href"] = "/positions/\(id)?record=\(Self.queryValue(code))#record"
                    item["action"] = t("web.position.stepRecord", ["code": code])
                case .askApproval(let code, _):
                    item["href"] = "/positions/\(id)?request=\(Self.queryValue(code))#request"
                    item["action"] = t("web.position.stepRequest", ["code": code])
                default: break
                }
                return item
            }

            // Competencies.
            data["competencies"] = status.competencies.map { line -> [String: Any] in
                var state: String
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
                return [
                    "code": line.competency.code, "title": line.competency.title, "state": state, "deadline": deadline,
                    "assessments": assessed, "roles": line.competency.roles.map(t.medicalRole).joined(separator: ", "),
                    "approved": line.isApproved, "overdue": line.isOverdue,
                ]
            }
            data["courses"] = status.courses.map { course -> String in
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
            data["attestations"] = attestations

            // Meetings with the training plan, and absence.
            let meetings = try Meetings.list(session, positionID: id)
            data["meetings"] = meetings.map { meeting -> [String: Any] in
                ["held": t("web.meetings.held", ["meeting": t.meeting(meeting.kind), "date": t.date(meeting.heldOn)]), "plan": meeting.plan]
            }
            data["meetingStates"] = status.meetings.map { meeting -> String in
                if let held = meeting.heldOn { return t("status.meeting.held", ["meeting": t.meeting(meeting.kind), "date": t.date(held)]) }
                if let deadline = meeting.deadline {
                    return meeting.isOverdue ? t("status.meeting.overdue", ["meeting": t.meeting(meeting.kind), "since": t.date(deadline.overdueSince)])
                        : t("status.meeting.due", ["meeting": t.meeting(meeting.kind), "date": t.date(deadline.date)])
                }
                return t("status.meeting.open", ["meeting": t.meeting(meeting.kind)])
            }
            let absence = try Absences.listing(session, positionID: id, all: false)
            let withdrawing = refused?.form.hasPrefix("absence-") == true ? refused : nil
            data["absences"] = absence.lines.map { line -> [String: Any] in
                let kind = line.kind.map(t.absence) ?? t("web.absence.hidden")
                let counts = line.counts ? t("web.absence.counts") : t("web.absence.notCounted")
                let form = "absence-\(line.id)", refusedHere = withdrawing?.form == form
                return [
                    "line": t("web.absence.period", ["from": t.date(line.from), "to": t.date(line.to), "days": String(line.days), "kind": kind,
                                                     "counts": counts]),
                    // Withdrawn with a reason where the reader may record absence (the trainee on their own page); the
                    // use case decides.
                    "withdraw": Self.section(own && !header.cancelled ? "/absences/\(line.id)/withdraw" : nil),
                    "form": form, "reason": refusedHere ? (withdrawing?.values["reason"] ?? "") : "",
                    "error": Self.section(refusedHere ? withdrawing?.message : nil),
                ]
            }
            data["print"] = "/positions/\(id)/print"

            // Requests.
            let requests = try Requests.list(session, position: id, trainee: nil, all: true)
            data["requests"] = requests.reversed().map { made -> [String: Any] in
                [
                    "line": t("web.request.line", ["id": String(made.id), "date": t.date(made.requestedOn), "to": made.addressee.name,
                                                   "items": made.items.joined(separator: ", ")]),
                    "state": Self.requestState(made, t), "open": made.isOpen,
                    "withdraw": Self.section(made.isOpen && own ? "/requests/\(made.id)/withdraw" : nil),
                ]
            }

            // History.
            let (_, events, names) = try Approvals.history(session, positionID: id)
            data["history"] = events.reversed().map { event -> [String: Any] in
                let content = event.content
                let what: String
                switch content.kind {
                case .competencyApproval: what = t("history.what.approved", ["code": content.competencyCode ?? "?"])
                case .courseApproval: what = t("history.what.course", ["course": content.course ?? "?"])
                case .revocation: what = t("history.what.revokes", ["event": content.revokes.map(String.init) ?? "?"])
                default: what = t.eventKind(content.kind)
                }
                var item: [String: Any] = [
                    "line": t("web.history.line", ["date": t.date(content.effectiveOn), "what": what,
                                                   "by": t.by(name: names[content.actor] ?? content.actor, role: content.actorRole)]),
                    "signed": t(event.signature != nil ? "signature.signed" : "signature.unsigned"),
                ]
                if !content.text.isEmpty { item["comment"] = t("web.history.comment", ["text": content.text]) }
                if let revocation = event.revokedBy {
                    item["revoked"] = t("web.history.revoked", ["text": t("history.revoked", [
                        "by": names[revocation.actor] ?? revocation.actorName, "date": t.date(revocation.on),
                        "event": String(revocation.eventID), "reason": revocation.reason,
                    ])])
                }
                return item
            }

            // One's own forms, with the values of a refused one kept.
            if own && !header.cancelled {
                let kept = refused?.values ?? WebForm()
                let recordCode = refused?.form == "record" ? kept["code"] : preselect.record
                data["recordForm"] = [
                    "action": "/positions/\(id)/assessments",
                    "codes": status.competencies.map { line -> [String: Any] in
                        ["value": line.competency.code, "label": "\(line.competency.code) \(line.competency.title)",
                         "selected": line.competency.code == recordCode]
                    },
                    "methods": AssessmentMethod.seededCases.map { method -> [String: Any] in
                        ["value": method.name, "label": t.method(method), "selected": refused?.form == "record" && kept["method"] == method.name]
                    },
                    "date": refused?.form == "record" ? (kept["date"] ?? "") : status.today.iso,
                    "otherMethod": refused?.form == "record" && kept["other_method"] == "on",
                    "assessor": refused?.form == "record" ? (kept["assessor"] ?? "") : "",
                    "note": refused?.form == "record" ? (kept["note"] ?? "") : "",
                    "error": Self.section(refused?.form == "record" ? refused?.message : nil),
                ] as [String: Any]
                let chosen = refused?.form == "request" ? Set(kept.all("competency")) : Set([preselect.request].compactMap { $0 })
                let open = status.competencies.filter { !$0.isApproved }
                data["requestForm"] = [
                    "action": "/positions/\(id)/requests",
                    "codes": open.map { line -> [String: Any] in
                        ["value": line.competency.code, "label": "\(line.competency.code) \(line.competency.title)",
                         "checked": chosen.contains(line.competency.code), "id": "req-\(Self.fieldID(line.competency.code))"]
                    },
                    "nothingLeft": open.isEmpty,
                    "supervisor": header.hovedvejlederName.map { t("web.request.toSupervisorNamed", ["name": $0]) } ?? t("web.request.toSupervisor"),
                    "toOther": refused?.form == "request" ? (kept["to_other"] ?? "") : "",
                    "message": refused?.form == "request" ? (kept["message"] ?? "") : "",
                    "error": Self.section(refused?.form == "request" ? refused?.message : nil),
                ] as [String: Any]
                let meeting = refused?.form == "meeting", absence = refused?.form == "absence"
                data["meetingForm"] = [
                    "action": "/positions/\(id)/meetings",
                    "kinds": MeetingKind.allCases.map { kind -> [String: Any] in
                        ["value": kind.rawValue, "label": t.meeting(kind), "selected": meeting && kept["kind"] == kind.rawValue]
                    },
                    "date": meeting ? (kept["date"] ?? "") : status.today.iso,
                    "plan": meeting ? (kept["plan"] ?? "") : "",
                    "error": Self.section(meeting ? refused?.message : nil),
                ] as [String: Any]
                data["absenceForm"] = [
                    "action": "/positions/\(id)/absences",
                    "kinds": AbsenceKind.allCases.map { kind -> [String: Any] in
                        ["value": kind.rawValue, "label": t.absence(kind), "selected": absence && kept["kind"] == kind.rawValue]
                    },
                    "from": absence ? (kept["from"] ?? "") : "",
                    "to": absence ? (kept["to"] ?? "") : "",
                    "note": absence ? (kept["note"] ?? "") : "",
                    "error": Self.section(absence ? refused?.message : nil),
                ] as [String: Any]
                data["bundle"] = "/api/v1/positions/\(id)/bundle"
            }
            // A supervisor's form on a trainee's page: approve one competency or several, with a comment.
            if !own && !header.cancelled {
                let approving = refused?.form == "approve"
                let kept = refused?.values ?? WebForm()
                let chosen = Set(approving ? kept.all("competency") : [])
                let open = status.competencies.filter { !$0.isApproved }
                if !open.isEmpty {
                    data["approveForm"] = [
                        "action": "/positions/\(id)/approvals",
                        "codes": open.map { line -> [String: Any] in
                            ["value": line.competency.code, "label": "\(line.competency.code) \(line.competency.title)",
                             "checked": chosen.contains(line.competency.code), "id": "appr-\(Self.fieldID(line.competency.code))"]
                        },
                        "comment": approving ? (kept["comment"] ?? "") : "",
                        "error": Self.section(approving ? refused?.message : nil),
                    ] as [String: Any]
                }
            }
            // A refusal of a form this page does not show (a trainee posting the supervisor's approval, say) is said at the
            // top of the page rather than lost.
            if let refused {
                let formKey = ["record": "recordForm", "request": "requestForm", "meeting": "meetingForm", "absence": "absenceForm",
                               "approve": "approveForm"][refused.form] ?? (refused.form.hasPrefix("absence-") && own ? "absences" : "")
                if data[formKey] == nil { data["pageError"] = refused.message }
            }
            return WebTemplates.render("position", data)
        }
    }

    /// A text for a `{{#name}}` section, or `false` when there is none (a nil inside `Any` would render as "nil").
    static func section(_ text: String?) -> Any { text.map { $0 as Any } ?? false }

    /// A request's state as the CLI words it.
    static func requestState(_ request: ApprovalRequest, _ t: Texts) -> String {
        guard let outcome = request.outcome else { return t("request.state.open") }
        let date = request.closing.map { t.date($0.content.effectiveOn) } ?? ""
        switch outcome.rawValue {
        case "approved": return t("request.state.approved", ["date": date])
        case "declined": return t("request.state.declined", ["date": date, "reason": request.closing?.content.text ?? ""])
        case "withdrawn": return t("request.state.withdrawn", ["date": date])
        default: return t("request.state.cancelled")
        }
    }

    /// A competency code as a query value (codes are free text: "K-12", "IA 1").
    static func queryValue(_ text: String) -> String {
        WebText.percentEncoded(text, keeping: "-._~")
    }

    /// A competency code as part of an HTML id (letters and digits only, the rest as their code points).
    static func fieldID(_ text: String) -> String {
        text.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) && $0.isASCII ? String($0) : "_\($0.value)" }.joined()
    }

    /// After a POST: 303 back to the page with the message, or the page again with the refusal and the API's status.
    func answer(_ request: Request, context: ServerRequestContext, id: Int64, form: String, done: String,
                _ act: @escaping @Sendable (Session) throws -> Void) async throws -> Response {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        do {
            try await database.run(as: handle, writing: true, language: language, act)
            return WebResponse.redirect("/positions/\(id)?done=\(done)#\(form)")
        } catch let error as LogbookError where error.reason != .notFound {
            let refused = Refused(form: form, values: context.webForm ?? WebForm(), message: error.shown)
            return WebResponse.html(try await renderPosition(request, context: context, id: id, refused: refused), status: Problem.status(of: error))
        }
    }

    /// POST /positions/{id}/assessments: `Assessments.record`, as `POST /api/v1/positions/{id}/assessments`.
    @Sendable func record(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let form = context.webForm ?? WebForm()
        let assessment = Assessments.Request(positionID: id, code: form["code"] ?? "", method: form["method"] ?? "", date: form["date"] ?? "",
                                             assessor: form.optional("assessor"), note: form.optional("note"),
                                             otherMethod: form["other_method"] == "on")
        return try await answer(request, context: context, id: id, form: "record", done: "assessment") { session in
            _ = try Assessments.record(session, assessment)
        }
    }

    /// POST /positions/{id}/requests: `Requests.make`, as `POST /api/v1/positions/{id}/requests` — to the hovedvejleder
    /// unless another supervisor's handle is typed.
    @Sendable func askApproval(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let form = context.webForm ?? WebForm()
        let to = form.optional("to_other")?.trimmed ?? "hovedvejleder"
        let codes = form.all("competency"), message = form.optional("message")
        return try await answer(request, context: context, id: id, form: "request", done: "request") { session in
            _ = try Requests.make(session, position: id, to: to, competencies: codes, courses: [], assessments: [], message: message)
        }
    }

    /// POST /positions/{id}/meetings: `Meetings.add` with the uddannelsesplan, as `POST /api/v1/positions/{id}/meetings`.
    @Sendable func addMeeting(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let form = context.webForm ?? WebForm()
        let kind = form["kind"] ?? "", date = form["date"] ?? "", plan = form.optional("plan")
        return try await answer(request, context: context, id: id, form: "meeting", done: "meeting") { session in
            _ = try Meetings.add(session, positionID: id, kind: kind, date: date, plan: nil, planText: plan)
        }
    }

    /// POST /positions/{id}/absences: `Absences.add`, as `POST /api/v1/positions/{id}/absences`; the page then explains
    /// how the end date moved.
    @Sendable func addAbsence(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let form = context.webForm ?? WebForm()
        let from = form["from"] ?? "", to = form["to"] ?? "", kind = form["kind"] ?? "", note = form.optional("note")
        return try await answer(request, context: context, id: id, form: "absence", done: "absence") { session in
            _ = try Absences.add(session, positionID: id, from: from, to: to, kind: kind, note: note)
        }
    }

    /// POST /requests/{id}/withdraw: the trainee takes an open request back (`Requests.withdraw`, as
    /// `POST /api/v1/requests/{id}/withdrawal`); back to the position.
    @Sendable func withdrawRequest(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let language = WebLanguage.of(request)
        let position = try await database.run(as: handle, writing: true, language: language) {
            try Requests.withdraw($0, request: id, reason: nil).positionID
        }
        return WebResponse.redirect("/positions/\(position)?done=withdrawn#requests")
    }

    /// GET /positions/{id}/print: the printable logbook (`PrintableLogbook`, as `logbook print`) in the reader's language,
    /// as its reader may see it; its inline style sheet is allowed by hash (`WebResponse.document`). A PDF is the
    /// browser's "Print → Save as PDF".
    @Sendable func printPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let html = try await database.run(as: handle, writing: false, language: WebLanguage.of(request)) {
            try PrintableLogbook.html($0, positionID: id)
        }
        return WebResponse.document(html)
    }

    /// POST /absences/{id}/withdraw: `Absences.revoke` with the reason typed, as `POST /api/v1/absences/{id}/withdrawal`;
    /// back to the position, whose end date is recomputed without the period.
    @Sendable func withdrawAbsence(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let language = WebLanguage.of(request)
        let form = context.webForm ?? WebForm()
        let reason = form["reason"] ?? ""
        do {
            let position = try await database.run(as: handle, writing: true, language: language) {
                try Absences.revoke($0, absenceID: id, reason: reason).positionID
            }
            return WebResponse.redirect("/positions/\(position)?done=absenceWithdrawn#absence-heading")
        } catch let error as LogbookError where error.reason != .notFound {
            // The page again with the refusal by the period, when the form said which position it is on.
            guard let text = form["position"], let position = Int64(text), position > 0 else { throw error }
            let refused = Refused(form: "absence-\(id)", values: form, message: error.shown)
            return WebResponse.html(try await renderPosition(request, context: context, id: position, refused: refused),
                                    status: Problem.status(of: error))
        }
    }

    /// POST /positions/{id}/approvals: `Approvals.approveCompetencies` (all of them or none), as
    /// `POST /api/v1/positions/{id}/approvals`.
    @Sendable func approveOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let form = context.webForm ?? WebForm()
        let codes = form.all("competency"), comment = form.optional("comment")
        return try await answer(request, context: context, id: id, form: "approve", done: "approved") { session in
            _ = try Approvals.approveCompetencies(session, positionID: id, codes: codes, date: nil, comment: comment)
        }
    }

    // MARK: My trainees

    /// GET /trainees: "Mine uddannelseslæger".
    @Sendable func traineesPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        WebResponse.html(try await renderTrainees(request, context: context, refused: nil))
    }

    /// The inbox (`Inbox.items`, as `GET /api/v1/inbox`) with approve and decline on each request — one click to approve,
    /// a reason and one click to decline — and the ongoing positions one may see, each with its progress.
    func renderTrainees(_ request: Request, context: ServerRequestContext, refused: (request: Int64, message: String, reason: String)?)
        async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let userName = try session.names([handle])[handle] ?? handle
            var data = Self.base(request, language: language, title: t("web.trainees.title"), user: userName, formKey: key)
            let items = try Inbox.items(session)
            data["inbox"] = items.map { item -> [String: Any] in
                var entry: [String: Any] = ["text": item.text, "href": "/positions/\(item.positionID)",
                                            "link": t("web.trainees.status", ["name": item.trainee.name])]
                if item.kind == .request, let id = item.request {
                    entry["request"] = [
                        "id": String(id),
                        "heading": t("web.trainees.request", ["id": String(id), "name": item.trainee.name, "items": item.subject]),
                        "approve": "/requests/\(id)/approve", "decline": "/requests/\(id)/decline",
                        "error": Self.section(refused?.request == id ? refused?.message : nil),
                        "reason": refused?.request == id ? refused?.reason ?? "" : "",
                    ] as [String: Any]
                }
                return entry
            }
            var rows: [[String: Any]] = []
            let listed = try Positions.list(session, trainee: nil, department: nil, ongoing: true).filter { $0.trainee.handle != handle }
            for facts in listed {
                let (_, status) = try Overviews.status(session, position: facts.id, trainee: nil, on: nil)
                var row: [String: Any] = [
                    "name": facts.trainee.name, "href": "/positions/\(facts.id)",
                    "department": t("status.department", ["name": facts.department.name, "code": facts.department.code]),
                    "progress": t("web.trainees.row", ["approved": String(status.approvedCount), "total": String(status.competencies.count),
                                                       "end": t.date(status.schedule.end)]),
                ]
                if status.overdueCount > 0 { row["overdue"] = t("web.trainees.overdue", ["count": String(status.overdueCount)]) }
                rows.append(row)
            }
            data["positions"] = rows
            // A refusal for a request not in this person's inbox (addressed to someone else) is said at the top.
            if let refused, !items.contains(where: { $0.request == refused.request }) { data["pageError"] = refused.message }
            // "Afdelingen" of each department whose positions are listed.
            var departments: [String: String] = [:]
            for facts in listed { departments[facts.department.code] = facts.department.name }
            data["departments"] = departments.sorted { $0.key < $1.key }.map { code, name -> [String: Any] in
                ["href": "/departments/\(Self.queryValue(code))", "text": t("web.department.link", ["name": name])]
            }
            return WebTemplates.render("trainees", data)
        }
    }

    /// After an answer to a request: 303 to the inbox, or the inbox again with the refusal by the request.
    func answerRequest(_ request: Request, context: ServerRequestContext, done: String,
                       _ act: @escaping @Sendable (Session, Int64) throws -> Void) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let language = WebLanguage.of(request)
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id) }
            return WebResponse.redirect("/trainees?done=\(done)")
        } catch let error as LogbookError where error.reason != .notFound {
            let reason = context.webForm?["reason"] ?? ""
            return WebResponse.html(try await renderTrainees(request, context: context, refused: (id, error.shown, reason)),
                                    status: Problem.status(of: error))
        }
    }

    /// POST /requests/{id}/approve (comment optional): `Requests.approve`, as `POST /api/v1/requests/{id}/approval`.
    @Sendable func approve(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let comment = context.webForm?.optional("comment")
        return try await answerRequest(request, context: context, done: "approved") { session, id in
            _ = try Requests.approve(session, request: id, date: nil, comment: comment)
        }
    }

    /// POST /requests/{id}/decline (reason): `Requests.decline`, as `POST /api/v1/requests/{id}/decline`.
    @Sendable func decline(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let reason = context.webForm?["reason"] ?? ""
        return try await answerRequest(request, context: context, done: "declined") { session, id in
            _ = try Requests.decline(session, request: id, reason: reason)
        }
    }
}

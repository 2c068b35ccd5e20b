import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// "Min introduktionsstilling" (one's own position) and a trainee's status as their supervisors see it; the trainee's
/// two forms; "Mine uddannelseslæger" with the inbox and its approve and decline forms.
extension WebPages {
    // MARK: A position

    /// GET /positions/{id}: the overview of a position (404 page for a position out of sight, as for one that does not
    /// exist); GET /positions/{id}/competencies, …/meetings, …/absence, …/history, …/documents its other sections
    /// (`PositionSection`).
    @Sendable func positionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderPosition(request, context: context, id: try Self.id(context), section: .overview, refused: nil)
    }

    /// A section of the position page, with a refused form's values and message when there is one. Only what the
    /// section shows is read (the overview: the status and the requests).
    func renderPosition(_ request: Request, context: ServerRequestContext, id: Int64, section: PositionSection, refused: RefusedForm?,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let reader = try context.handle()
        let preselect = (record: request.uri.queryParameters.get("record").map { String($0) },
                         request: request.uri.queryParameters.get("request").map { String($0) })
        return try await renderPage(request, context, status: status) { session in
            let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            let own = header.trainee == reader
            var view = PositionView(id: id, reader: reader, header: header, status: status, section: section)
            if !own { view.mayApprove = try PageActions.mayApprove(session, positionID: id) }
            switch section {
            case .overview:
                if own { view.requests = try Requests.list(session, position: id, trainee: nil, all: true) }
            case .competencies:
                view.requests = try Requests.list(session, position: id, trainee: nil, all: true)
                if own && !header.cancelled {
                    view.addressees = try Requests.addressees(session, position: id)
                    view.assessors = try Assessments.assessors(session, position: id)
                }
            case .meetings: view.meetings = try Meetings.list(session, positionID: id)
            case .absence: view.absence = try Absences.listing(session, positionID: id, all: false)
            case .history:
                let history = try Approvals.history(session, positionID: id)
                (view.events, view.names) = (history.events, history.names)
            case .documents: break
            }
            return PositionPage.make(view, refused: refused, preselect: preselect, t: session.texts)
        }
    }

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
            // The section the form is on, its message at the top (post/redirect/get: a reload repeats nothing).
            return WebResponse.redirect("\(PositionSection.of(form: form).path(id))?done=\(done)")
        } catch let error as LogbookError where error.reason != .notFound || error.input != nil {
            // An unknown person typed or picked is the field's refusal, never the 404 page.
            let refused = RefusedForm(form: form, values: context.webForm ?? WebForm(), message: error.shown, input: error.input)
            return try await renderPosition(request, context: context, id: id, section: PositionSection.of(form: form), refused: refused,
                                            status: Problem.status(of: error))
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
        // The person picked from the list (`to`); "to_other" is the typed handle of pages before the list.
        let to = form.optional("to")?.trimmed ?? form.optional("to_other")?.trimmed ?? "hovedvejleder"
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
        return WebResponse.redirect("\(PositionSection.competencies.path(position))?done=withdrawn")
    }

    /// GET /positions/{id}/print: the printable logbook (`PrintableLogbook`, as `logbook print`) in the reader's language,
    /// as its reader may see it; its inline style sheet is allowed by hash (`WebResponse.document`). A PDF is the
    /// browser's "Print → Save as PDF".
    @Sendable func printPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let html = try await database.run(as: handle, writing: false, language: WebLanguage.of(request)) {
            try PrintableLogbook.html($0, positionID: id, bundle: .onThePage)
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
            return WebResponse.redirect("\(PositionSection.absence.path(position))?done=absenceWithdrawn")
        } catch let error as LogbookError where error.reason != .notFound {
            // The page again with the refusal by the period, when the form said which position it is on.
            guard let text = form["position"], let position = Int64(text), position > 0 else { throw error }
            let refused = RefusedForm(form: "absence-\(id)", values: form, message: error.shown, input: error.input)
            return try await renderPosition(request, context: context, id: position, section: .absence, refused: refused,
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
        try await renderTrainees(request, context: context, refused: nil)
    }

    /// The inbox (`Inbox.items`, as `GET /api/v1/inbox`) with approve and decline on each request — one click to approve,
    /// a reason and one click to decline — and the ongoing positions one may see, each with its progress.
    func renderTrainees(_ request: Request, context: ServerRequestContext, refused: TraineesPage.Refusal?,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let handle = try context.handle()
        return try await renderPage(request, context, status: status) { session in
            let listed = try Positions.list(session, trainee: nil, department: nil, ongoing: true).filter { $0.trainee.handle != handle }
            let statuses = try listed.map { try Overviews.status(session, position: $0.id, trainee: nil, on: nil).status }
            let inbox = try Inbox.items(session)
            // The evidence of each request to answer: the competencies' titles and the assessments behind them.
            var evidence: [Int64: [TraineesPage.RequestEvidence]] = [:]
            var assessors: Set<String> = []
            for position in Set(inbox.compactMap { $0.kind == .request ? $0.positionID : nil }) {
                let requests = try Requests.list(session, position: position, trainee: nil, all: false)
                let entries = try Assessments.list(session, positionID: position).entries.filter { $0.supersededBy == nil }
                let titles = try Overviews.status(session, position: position, trainee: nil, on: nil).status.competencies
                    .reduce(into: [String: String]()) { $0[$1.competency.code] = $1.competency.title }
                for made in requests {
                    evidence[made.id] = made.competencies.map { code in
                        let named = made.assessments.isEmpty ? entries.filter { $0.competencyCode == code }
                            : entries.filter { made.assessments.contains($0.id) && $0.competencyCode == code }
                        assessors.formUnion(named.compactMap(\.assessor))
                        return .init(code: code, title: titles[code] ?? "", assessments: named)
                    }
                }
            }
            return TraineesPage.make(inbox: inbox, positions: Array(zip(listed, statuses)), refused: refused, evidence: evidence,
                                     names: try session.names(Array(assessors)), t: session.texts)
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
            return try await renderTrainees(request, context: context, refused: .init(request: id, message: error.shown, reason: reason),
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

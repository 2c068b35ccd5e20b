import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain

/// "Afdelingen" (issue 16): the UAO/tutorlæge's pages for one department.
///
/// - `GET /departments/{code}` (`?show=all` for every position, else the ongoing ones): the department report on screen
///   (`Overviews.report`, as `GET /api/v1/departments/{code}/report` and `logbook report`): per position the trainee, the
///   hovedvejleder, progress, the overdue items by name with the day each became overdue, and the report's at-risk flag
///   in words; what is still missing before the element can be attested (`PositionStatus.completion`, the rule
///   `Approvals.attestElement` applies); and the forms to attest time (`POST /positions/{id}/attestations/time`), attest
///   the element (`POST /positions/{id}/attestations/element`) and give a forhåndsudtalelse with an optional text
///   (`POST /positions/{id}/statement`). The page is also the printable report: the print stylesheet leaves the forms out.
///   At the bottom, the form to start a position (`POST /departments/{code}/positions`, `Positions.start`).
/// - `GET /departments/{code}/positions/{id}`: one position of the department: change the hovedvejleder
///   (`POST .../supervisor`, `Positions.assignSupervisor`) and revoke an approval, attestation or statement with a reason
///   (`POST .../revocations`, `Approvals.revoke`). Kept off the position page, which the trainee shares.
/// - `GET /departments/{code}/access` (`WebDepartmentAccess.swift`): grants, delegation, invitations and signing keys.
///
/// Who may do which act is the use cases' rule: anyone else is told why on the page, with the API's status. A department
/// (or a position of another department) out of sight is the same 404 page as one that does not exist.
extension WebPages {
    func addDepartmentRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("departments/{code}", use: departmentPage)
        pages.post("positions/{id}/attestations/time", use: attestTime)
        pages.post("positions/{id}/attestations/element", use: attestElement)
        pages.post("positions/{id}/statement", use: giveStatement)
        pages.post("departments/{code}/positions", use: startPosition)
        pages.get("departments/{code}/positions/{id}", use: departmentPositionPage)
        pages.post("departments/{code}/positions/{id}/supervisor", use: assignSupervisor)
        pages.post("departments/{code}/positions/{id}/revocations", use: revokeOnPage)
        addDepartmentAccessRoutes(to: pages)
    }

    /// The department's code from the path.
    static func code(_ context: ServerRequestContext) throws -> String { try context.parameters.require("code") }

    /// Whether the reader may see the department (its report, as the API's report): throws the not-found error otherwise.
    static func requireDepartment(_ session: Session, _ code: String) throws -> DepartmentReport {
        try Overviews.report(session, department: code, on: nil, selection: .ongoing)
    }

    // MARK: The report on screen

    /// GET /departments/{code}: a department out of sight is the same 404 page as one that does not exist.
    @Sendable func departmentPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderDepartment(request, context: context, code: try Self.code(context), refused: nil)
    }

    func renderDepartment(_ request: Request, context: ServerRequestContext, code: String, refused: DepartmentRefusal?,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let all = request.uri.queryParameters.get("show") == "all" || refused?.values["show"] == "all"
        let only = request.uri.queryParameters.get("only").map { String($0) }.flatMap { ["overdue", "risk"].contains($0) ? $0 : nil }
        return try await renderPage(request, context, status: status) { session in
            let report = try Overviews.report(session, department: code, on: nil, selection: all ? .all : .ongoing)
            var statuses: [Int64: PositionStatus] = [:]
            for row in report.rows { statuses[row.positionID] = try Overviews.status(session, position: row.positionID, trainee: nil, on: nil).status }
            let mayStart = try PageActions.mayStartPosition(session, department: report.departmentCode)
            return DepartmentPage.make(report, statuses: statuses,
                                       start: try Self.startOptions(session, code: report.departmentCode, trainees: mayStart),
                                       all: all, attestable: try PageActions.attestable(session, positionIDs: report.rows.map(\.positionID)),
                                       mayStart: mayStart,
                                       refused: refused, only: only, t: session.texts)
        }
    }

    /// The department's supervisors with a grant standing today, each once, with their names.
    static func supervisors(_ session: Session, code: String) throws -> [PersonChoice] {
        let grants = (try? Grants.list(session, departmentCode: code, handle: nil)) ?? []
        var seen = Set<String>()
        let handles = grants.filter { $0.grant.role == .supervisor && $0.grant.isValid(on: session.today) }.map(\.handle)
            .filter { seen.insert($0).inserted }
        let names = try session.names(handles)
        return handles.map { PersonChoice(handle: $0, name: names[$0] ?? $0) }
    }

    /// What the start form offers (`DepartmentPage.StartOptions`).
    /// `trainees`: whether to offer the people the reader may see as the trainee (only to whom may start a position).
    static func startOptions(_ session: Session, code: String, trainees: Bool = true) throws -> DepartmentPage.StartOptions {
        let supervisors = try supervisors(session, code: code)
        let staff = Set(supervisors.map(\.handle) + [session.actorHandle ?? ""])
        return DepartmentPage.StartOptions(
            curricula: try CurriculumCatalog.list(session).map(\.curriculum).filter { $0.level == .intro },
            programmes: try ProgramCatalog.list(session).filter { $0.departmentCode == code },
            supervisors: supervisors, today: session.today,
            trainees: trainees ? try People.list(session).filter { !staff.contains($0.handle) }
                .map { PersonChoice(handle: $0.handle, name: $0.name) }.sorted { $0.name < $1.name } : [])
    }

    /// After an act on the department page: 303 back to it, or the page again with the refusal by the position.
    func departmentAct(_ request: Request, context: ServerRequestContext, done: String, form: String,
                       _ act: @escaping @Sendable (Session, Int64) throws -> Void) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        let code = values["department"] ?? ""
        let back = "/departments/\(Self.queryValue(code))"
        let query = values["show"] == "all" ? "?show=all&done=\(done)" : "?done=\(done)"
        // Asked once when it would go through (the reader may, the element is complete); a refusal is said as before.
        if ConfirmPage.needed(form, values), try await database.run(as: handle, writing: false, language: language, { session in
            guard try PageActions.attestable(session, positionIDs: [id]).contains(id) else { return false }
            if form != "element" { return true }
            return try Overviews.status(session, position: id, trainee: nil, on: nil).status.completion.isComplete
        }) {
            return try await confirm(request, context, form: form, id: id, values: values, act: nil, back: back)
        }
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id) }
            return WebResponse.redirect("\(back)\(query)")
        } catch let error as LogbookError where error.reason != .notFound && !code.isEmpty {
            let refused = DepartmentRefusal(position: id, form: form, values: values, message: error.shown)
            return try await renderDepartment(request, context: context, code: code, refused: refused, status: Problem.status(of: error))
        }
    }

    /// The confirmation page of an irreversible act (`ConfirmPage`): nothing is written until it is confirmed.
    func confirm(_ request: Request, _ context: ServerRequestContext, form: String, id: Int64, values: WebForm, act: String?,
                 back: String) async throws -> Response {
        let action = request.uri.path
        return try await renderPage(request, context) { session in
            let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            return ConfirmPage.make(form: form, action: action, values: values, header: header, status: status, act: act, back: back,
                                    t: session.texts)
        }
    }

    /// POST /positions/{id}/attestations/time.
    @Sendable func attestTime(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentAct(request, context: context, done: "time", form: "time") { _ = try Approvals.attestTime($0, positionID: $1, comment: nil) }
    }

    /// POST /positions/{id}/attestations/element.
    @Sendable func attestElement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentAct(request, context: context, done: "element", form: "element") {
            _ = try Approvals.attestElement($0, positionID: $1, comment: nil)
        }
    }

    /// POST /positions/{id}/statement (`text` optional: the standard text when empty).
    @Sendable func giveStatement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let text = context.webForm?.optional("text")
        return try await departmentAct(request, context: context, done: "statement", form: "statement") {
            _ = try Approvals.statement($0, positionID: $1, text: text)
        }
    }

    // MARK: Starting a position

    /// POST /departments/{code}/positions: `Positions.start`, as `POST /api/v1/positions`; on to the new position's page.
    @Sendable func startPosition(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), code = try Self.code(context)
        let language = WebLanguage.of(request)
        let form = context.webForm ?? WebForm()
        _ = try await database.run(as: handle, writing: false, language: language) { try Self.requireDepartment($0, code) }
        do {
            let id = try await database.run(as: handle, writing: true, language: language) { session -> Int64 in
                let program = try form.optional("program").map { text -> Int64 in
                    guard let number = Int64(text) else { throw LogbookError.usage(session.texts("web.dept.start.badProgramme")) }
                    return number
                }
                let start = Positions.StartRequest(
                    trainee: (form["trainee"] ?? "").trimmed, department: code,
                    curriculum: form["curriculum"] ?? "", programID: program, start: form["start"] ?? "",
                    partTime: form.optional("part_time")?.trimmed.replacing(",", with: "."),
                    kbuGeneralPractice: form["kbu_general_practice"] == "on", supervisor: form.optional("supervisor"))
                return try Positions.start(session, start).id
            }
            return WebResponse.redirect("/departments/\(Self.queryValue(code))/positions/\(id)?done=started")
        } catch let error as LogbookError {
            let refused = DepartmentRefusal(position: nil, form: "start", values: form, message: error.shown, input: error.input)
            return try await renderDepartment(request, context: context, code: code, refused: refused, status: Problem.status(of: error))
        }
    }

    // MARK: One position of the department

    /// GET /departments/{code}/positions/{id}.
    @Sendable func departmentPositionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderDepartmentPosition(request, context: context, code: try Self.code(context), id: try Self.id(context), refused: nil)
    }

    /// The position as the department sees it: hovedvejleder and the acts that may be revoked.
    func renderDepartmentPosition(_ request: Request, context: ServerRequestContext, code: String, id: Int64, refused: DepartmentRefusal?,
                                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let reader = try context.handle()
        return try await renderPage(request, context, status: status) { session in
            let report = try Self.requireDepartment(session, code)
            let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            // A position of another department is not found here, exactly as one that does not exist.
            guard header.department == report.departmentCode else { throw LogbookError.notFound("no such page") }
            let (_, events, names) = try Approvals.history(session, positionID: id)
            return DepartmentPositionPage.make(code: report.departmentCode, id: id, header: header, status: status,
                                               supervisors: try Self.supervisors(session, code: report.departmentCode),
                                               events: events, names: names, reader: reader,
                                               mayManage: try PageActions.mayManage(session, positionID: id), refused: refused,
                                               t: session.texts)
        }
    }

    /// After a form on the department's position page: 303 back to it, or the page again with the refusal.
    func departmentPositionAct(_ request: Request, context: ServerRequestContext, form: String, done: String,
                               _ act: @escaping @Sendable (Session, Int64, WebForm) throws -> Void) async throws -> Response {
        let handle = try context.handle(), code = try Self.code(context), id = try Self.id(context)
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        // Out of sight (the department, or a position not of it): the 404 page, before anything is tried.
        try await database.run(as: handle, writing: false, language: language) { session in
            let report = try Self.requireDepartment(session, code)
            let (header, _) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            guard header.department == report.departmentCode else { throw LogbookError.notFound("no such page") }
        }
        if ConfirmPage.needed(form, values) {
            let back = "/departments/\(Self.queryValue(code))/positions/\(id)"
            // The act revoked, in words, when the revocation would go through (a reason, the reader may); else nil and
            // the act answers as before.
            let act = try await database.run(as: handle, writing: false, language: language) { session -> String? in
                guard let event = values["event"].flatMap({ Int64($0) }), !(values["reason"] ?? "").trimmed.isEmpty,
                      try PageActions.mayRevoke(session, eventID: event) else { return nil }
                let history = try Approvals.history(session, positionID: id)
                return history.events.first { $0.id == event }.map { session.texts.historyWhat($0.content) }
            }
            if let act { return try await confirm(request, context, form: form, id: id, values: values, act: act, back: back) }
        }
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id, values) }
            return WebResponse.redirect("/departments/\(Self.queryValue(code))/positions/\(id)?done=\(done)#\(form)")
        } catch let error as LogbookError where error.reason != .notFound {
            let refused = DepartmentRefusal(position: id, form: form, values: values, message: error.shown)
            return try await renderDepartmentPosition(request, context: context, code: code, id: id, refused: refused,
                                                      status: Problem.status(of: error))
        }
    }

    /// POST /departments/{code}/positions/{id}/supervisor (`handle`, `from` optional): `Positions.assignSupervisor`, as
    /// `PUT /api/v1/positions/{id}/supervisor`.
    @Sendable func assignSupervisor(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentPositionAct(request, context: context, form: "supervisor", done: "supervisor") { session, id, form in
            _ = try Positions.assignSupervisor(session, positionID: id, handle: (form["handle"] ?? "").trimmed,
                                               from: form.optional("from"))
        }
    }

    /// POST /departments/{code}/positions/{id}/revocations (`event`, `reason`): `Approvals.revoke`, as
    /// `POST /api/v1/events/{id}/revocation`. The event must be one of this position's.
    @Sendable func revokeOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentPositionAct(request, context: context, form: "revoke", done: "revoked") { session, id, form in
            guard let event = form["event"].flatMap({ Int64($0) }),
                  try Approvals.history(session, positionID: id).events.contains(where: { $0.id == event }) else {
                throw LogbookError.refused(session.texts("web.dept.revoke.noEvent"))
            }
            _ = try Approvals.revoke(session, eventID: event, reason: form["reason"] ?? "")
        }
    }
}

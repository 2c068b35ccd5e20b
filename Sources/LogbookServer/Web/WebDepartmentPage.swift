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

    /// The department pages' sub-navigation.
    static func departmentNav(_ code: String, current: String, _ t: Texts) -> [[String: Any]] {
        let base = "/departments/\(queryValue(code))"
        return [("report", base, "web.dept.nav.report"), ("start", "\(base)#start", "web.dept.nav.start"),
                ("access", "\(base)/access", "web.dept.nav.access")].map { name, href, key in
            ["href": href, "text": t(key), "current": name == current, "id": "dept-nav-\(name)"]
        }
    }

    // MARK: The report on screen

    /// GET /departments/{code}: a department out of sight is the same 404 page as one that does not exist.
    @Sendable func departmentPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let code = try Self.code(context)
        return WebResponse.html(try await renderDepartment(request, context: context, code: code, refused: nil))
    }

    /// A refusal on the department page: the position it concerns (nil for the start form), the form and what was typed.
    struct DepartmentRefusal: Sendable {
        let position: Int64?
        let form: String
        let values: WebForm
        let message: String
    }

    func renderDepartment(_ request: Request, context: ServerRequestContext, code: String, refused: DepartmentRefusal?)
        async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        let all = request.uri.queryParameters.get("show") == "all" || refused?.values["show"] == "all"
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let report = try Overviews.report(session, department: code, on: nil, selection: all ? .all : .ongoing)
            let userName = try session.names([handle])[handle] ?? handle
            let title = t("web.department.title", ["name": report.departmentName, "code": report.departmentCode])
            var data = Self.base(request, language: language, title: title, user: userName, formKey: key)
            let base = "/departments/\(Self.queryValue(report.departmentCode))"
            data["heading"] = title
            data["nav"] = Self.departmentNav(report.departmentCode, current: "report", t)
            data["reportLine"] = t(all ? "web.dept.report.all" : "web.dept.report.ongoing", ["date": t.date(report.on)])
            data["filters"] = [
                ["href": base, "text": t("web.dept.filter.ongoing"), "current": !all, "id": "filter-ongoing"],
                ["href": "\(base)?show=all", "text": t("web.dept.filter.all"), "current": all, "id": "filter-all"],
            ] as [[String: Any]]
            data["summary"] = [
                t.plural("web.dept.summary.positions", count: report.rows.count),
                t.plural("web.dept.summary.overdue", count: report.withOverdue),
                t.plural("web.dept.summary.atRisk", count: report.atRisk),
            ]
            data["legend"] = t("web.dept.legend")
            data["positions"] = try report.rows.map { row -> [String: Any] in
                let (_, status) = try Overviews.status(session, position: row.positionID, trainee: nil, on: nil)
                let mine = refused?.position == row.positionID
                var item: [String: Any] = [
                    "id": String(row.positionID), "name": row.traineeName, "href": "/positions/\(row.positionID)",
                    "manage": "\(base)/positions/\(row.positionID)", "manageText": t("web.dept.manage", ["name": row.traineeName]),
                    "supervisor": row.supervisorName.map { t("web.position.supervisor", ["name": $0]) } ?? t("web.dept.noSupervisor"),
                    "terms": t("web.dept.terms", ["specialty": row.specialty, "version": row.curriculumVersion, "start": t.date(row.start),
                                                  "end": t.date(row.end), "time": t.partTime(row.partTime)]),
                    "progress": t("web.trainees.row", ["approved": String(row.approved), "total": String(row.total), "end": t.date(row.end)]),
                    "approved": String(row.approved), "total": String(row.total),
                    "department": report.departmentCode, "show": all ? "all" : "",
                    "error": Self.section(mine ? refused?.message : nil),
                    "atRisk": row.atRisk,
                ]
                if row.atRisk {
                    let missing = [("report.atRisk.competencies", row.competenciesMissing), ("report.atRisk.courses", row.coursesMissing),
                                   ("report.atRisk.overdue", row.overdue)].filter { $0.1 > 0 }.map { t.plural($0.0, count: $0.1) }
                        .joined(separator: ", ")
                    item["risk"] = t("report.atRisk.ends", ["end": t.date(row.end), "missing": missing])
                }
                item["overdue"] = row.overdueItems.map { overdue -> String in
                    switch overdue {
                    case .competency(let code, let title, let since):
                        return t("report.overdue.competency", ["code": code, "title": title, "since": t.date(since)])
                    case .course(let name, let since): return t("report.overdue.course", ["course": name, "since": t.date(since)])
                    case .meeting(let kind, let since): return t("report.overdue.meeting", ["meeting": t.meeting(kind), "since": t.date(since)])
                    }
                }
                item["missing"] = [String]()
                var done: [String] = []
                if let on = row.timeAttested { done.append(t("web.department.timeDone", ["date": t.date(on)])) } else {
                    item["time"] = "/positions/\(row.positionID)/attestations/time"
                    item["timeHint"] = t(status.timeAttestable ? "web.dept.time.now" : "web.dept.time.from",
                                         ["date": t.date(status.schedule.timeAttestableFrom)])
                }
                if let on = row.elementAttested { done.append(t("web.department.elementDone", ["date": t.date(on)])) } else {
                    let missing = t.missing(status.completion)
                    if missing.isEmpty {
                        item["element"] = "/positions/\(row.positionID)/attestations/element"
                    } else {
                        item["missing"] = missing
                    }
                }
                if let on = row.statement { done.append(t("web.department.statementDone", ["date": t.date(on)])) } else if row.elementAttested == nil,
                    row.start <= report.on, report.on <= row.end {
                    item["statement"] = [
                        "action": "/positions/\(row.positionID)/statement",
                        "text": mine && refused?.form == "statement" ? (refused?.values["text"] ?? "") : "",
                        "fieldID": "statement-text-\(row.positionID)",
                    ] as [String: Any]
                }
                item["done"] = done
                return item
            }
            data["startForm"] = try Self.startForm(session, code: report.departmentCode, refused: refused?.form == "start" ? refused : nil)
            return WebTemplates.render("department", data)
        }
    }

    /// The form to start a position: målbeskrivelser to choose, the department's programmes and hovedvejledere.
    static func startForm(_ session: Session, code: String, refused: DepartmentRefusal?) throws -> [String: Any] {
        let t = session.texts
        let kept = refused?.values ?? WebForm()
        let curricula = try CurriculumCatalog.list(session).map(\.curriculum).filter { $0.level == .intro }
        let programmes = try ProgramCatalog.list(session).filter { $0.departmentCode == code }
        let today = session.today
        let grants = (try? Grants.list(session, departmentCode: code, handle: nil)) ?? []
        let supervisors = grants.filter { $0.grant.role == .supervisor && $0.grant.isValid(on: today) }
        let names = try session.names(supervisors.map(\.handle))
        var seen = Set<String>()
        return [
            "action": "/departments/\(queryValue(code))/positions",
            "trainee": kept["trainee"] ?? "",
            "curricula": curricula.map { curriculum -> [String: Any] in
                let value = "\(curriculum.specialty)@\(curriculum.version)"
                return ["value": value, "label": t("web.dept.start.curriculumOption", ["specialty": curriculum.specialty, "version": curriculum.version]),
                        "selected": kept["curriculum"] == value]
            },
            "programmes": programmes.map { programme -> [String: Any] in
                ["value": String(programme.id), "label": t("web.dept.start.programmeOption", ["title": programme.title, "version": programme.version]),
                 "selected": kept["program"] == String(programme.id)]
            },
            "start": kept["start"] ?? today.iso,
            "partTime": kept["part_time"] ?? "",
            "kbu": kept["kbu_general_practice"] == "on",
            "supervisors": supervisors.compactMap { grant -> [String: Any]? in
                guard seen.insert(grant.handle).inserted else { return nil }
                return ["value": grant.handle, "label": t("web.dept.person", ["name": names[grant.handle] ?? grant.handle, "handle": grant.handle]),
                        "selected": kept["supervisor"] == grant.handle]
            },
            "error": section(refused?.message),
        ]
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
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id) }
            return WebResponse.redirect("\(back)\(query)")
        } catch let error as LogbookError where error.reason != .notFound && !code.isEmpty {
            let refused = DepartmentRefusal(position: id, form: form, values: values, message: error.shown)
            return WebResponse.html(try await renderDepartment(request, context: context, code: code, refused: refused),
                                    status: Problem.status(of: error))
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
            let refused = DepartmentRefusal(position: nil, form: "start", values: form, message: error.shown)
            return WebResponse.html(try await renderDepartment(request, context: context, code: code, refused: refused),
                                    status: Problem.status(of: error))
        }
    }

    // MARK: One position of the department

    /// GET /departments/{code}/positions/{id}.
    @Sendable func departmentPositionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let code = try Self.code(context), id = try Self.id(context)
        return WebResponse.html(try await renderDepartmentPosition(request, context: context, code: code, id: id, refused: nil))
    }

    /// The position as the department sees it: hovedvejleder and the acts that may be revoked.
    func renderDepartmentPosition(_ request: Request, context: ServerRequestContext, code: String, id: Int64, refused: DepartmentRefusal?)
        async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let report = try Self.requireDepartment(session, code)
            let (header, status) = try Overviews.status(session, position: id, trainee: nil, on: nil)
            // A position of another department is not found here, exactly as one that does not exist.
            guard header.department == report.departmentCode else { throw LogbookError.notFound("no such page") }
            let userName = try session.names([handle])[handle] ?? handle
            let title = t("web.dept.position.title", ["name": header.traineeName])
            var data = Self.base(request, language: language, title: title, user: userName, formKey: key)
            let base = "/departments/\(Self.queryValue(report.departmentCode))"
            data["heading"] = title
            data["nav"] = Self.departmentNav(report.departmentCode, current: "", t)
            data["statusHref"] = "/positions/\(id)"
            data["statusText"] = t("web.trainees.status", ["name": header.traineeName])
            data["departmentLine"] = t("status.department", ["name": header.departmentName, "code": header.department])
            data["terms"] = t("status.terms", ["start": t.date(status.schedule.terms.start), "end": t.date(status.schedule.end),
                                               "time": t.partTime(status.schedule.terms.partTime)])
            data["curriculum"] = t("status.curriculum", ["specialty": header.specialty, "version": header.curriculumVersion])
            data["supervisor"] = header.hovedvejlederName.map { t("web.position.supervisor", ["name": $0]) } ?? t("web.dept.noSupervisor")

            // The hovedvejleder form: the department's supervisors.
            let supervising = refused?.form == "supervisor"
            let kept = refused?.values ?? WebForm()
            let grants = (try? Grants.list(session, departmentCode: report.departmentCode, handle: nil)) ?? []
            let supervisors = grants.filter { $0.grant.role == .supervisor && $0.grant.isValid(on: session.today) }
            let names = try session.names(supervisors.map(\.handle))
            var seen = Set<String>()
            data["supervisorForm"] = [
                "action": "\(base)/positions/\(id)/supervisor",
                "options": supervisors.compactMap { grant -> [String: Any]? in
                    guard seen.insert(grant.handle).inserted else { return nil }
                    let chosen = supervising ? kept["handle"] == grant.handle : grant.handle == header.hovedvejleder
                    return ["value": grant.handle, "label": t("web.dept.person", ["name": names[grant.handle] ?? grant.handle, "handle": grant.handle]),
                            "selected": chosen]
                },
                "from": supervising ? (kept["from"] ?? "") : "",
                "error": Self.section(supervising ? refused?.message : nil),
            ] as [String: Any]

            // The acts that stand, each with a revoke form; the revoked ones below.
            let (_, events, people) = try Approvals.history(session, positionID: id)
            func describe(_ event: EventRecord) -> String {
                let content = event.content
                let what: String
                switch content.kind {
                case .competencyApproval: what = t("history.what.approved", ["code": content.competencyCode ?? "?"])
                case .courseApproval: what = t("history.what.course", ["course": content.course ?? "?"])
                default: what = t.eventKind(content.kind)
                }
                return t("web.history.line", ["date": t.date(content.effectiveOn), "what": what,
                                              "by": t.by(name: people[content.actor] ?? content.actor, role: content.actorRole)])
            }
            let revoking = refused?.form == "revoke" ? refused : nil
            data["standing"] = events.filter { $0.kind.isRevocableAct && $0.revokedBy == nil }.reversed().map { event -> [String: Any] in
                let mine = revoking?.values["event"] == String(event.id)
                return [
                    "id": String(event.id), "line": describe(event), "text": event.content.text,
                    "action": "\(base)/positions/\(id)/revocations",
                    "reason": mine ? (revoking?.values["reason"] ?? "") : "",
                    "error": Self.section(mine ? revoking?.message : nil),
                    "label": t("web.dept.revoke.reasonFor", ["what": describe(event)]),
                ] as [String: Any]
            }
            data["revoked"] = events.filter { $0.kind.isRevocableAct && $0.revokedBy != nil }.reversed().map { event -> String in
                let revocation = event.revokedBy!
                return t("web.dept.revoke.revokedLine", [
                    "line": describe(event), "by": people[revocation.actor] ?? revocation.actorName, "date": t.date(revocation.on),
                    "reason": revocation.reason,
                ])
            }
            return WebTemplates.render("department-position", data)
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
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id, values) }
            return WebResponse.redirect("/departments/\(Self.queryValue(code))/positions/\(id)?done=\(done)#\(form)")
        } catch let error as LogbookError where error.reason != .notFound {
            let refused = DepartmentRefusal(position: id, form: form, values: values, message: error.shown)
            return WebResponse.html(try await renderDepartmentPosition(request, context: context, code: code, id: id, refused: refused),
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

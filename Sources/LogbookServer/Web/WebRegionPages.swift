import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// "Regionen": the secretariat's page (issue 16) over the administration's use cases, as the JSON API and the CLI do
/// it. Only a person holding a secretariat grant today opens it (`RegionDesk.regions`, the rule of the record of
/// log-ins): anyone else gets the same 403 as `GET /api/v1/log-ins`, on every page and form, before anything runs.
///
/// - `GET /region` (`?failed=1`: only the failed log-ins): the departments with their report links and counts (`RegionDesk.departments`), the people
///   (`People.list`, roles from `Grants.list`), the målbeskrivelser (`CurriculumCatalog.list`) and uddannelsesprogrammer
///   (`ProgramCatalog.list`), the recent log-in attempts (`LogIns.list`), and the forms below.
/// - `POST /region/departments` (`Departments.add`), `POST /region/people` (`People.add`), `POST /region/grants`
///   (`Grants.add`, a department's UAO or tutorlæge): 303 back with `?done=`.
/// - `POST /region/invitations` (`Accounts.invite`): the page again (201) with the one-time invitation link, shown only
///   in that answer — never in a URL of a redirect, never in a log.
/// - `POST /region/curricula`, `POST /region/programs` (`multipart/form-data`, a file the secretary picks, at most the
///   API's import limit): `RegionDesk.importCurriculum` / `ProgramImport.upload`; the page again with what was imported
///   (201, or 200 when an identical copy was there), or with the importer's error by line (422), nothing imported.
/// - `GET /region/people/{handle}`, `POST /region/people/{handle}/corrections` (`People.show`, `People.correct`).
extension WebPages {
    /// The forms that carry a file: their body may be `multipart/form-data` up to `uploadLimit` (read and checked for
    /// the form token by `WebSessionMiddleware` before the handler runs).
    static let uploadPaths: Set<String> = ["/region/curricula", "/region/programs"]
    /// The API's import limit plus room for the form's other fields and the multipart framing.
    static let uploadLimit = InputFile.maximumSize + 16 * 1024

    func addRegionRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("region", use: regionPage)
        pages.post("region/departments", use: addDepartmentOnPage)
        pages.post("region/people", use: addPersonOnPage)
        pages.post("region/invitations", use: regionInviteOnPage)
        pages.post("region/grants", use: grantOnPage)
        pages.post("region/curricula", use: importCurriculumOnPage)
        pages.post("region/programs", use: importProgramOnPage)
        pages.get("region/people/{handle}", use: personPage)
        pages.post("region/people/{handle}/corrections", use: correctPersonOnPage)
    }

    /// What the region page shows after a POST that did not redirect: which form, what was typed, and the refusal (with
    /// its details) or the result.
    struct RegionNotice: Sendable {
        let form: String
        var values = WebForm()
        var error: String?
        var details: [String] = []
        var result: String?
        var resultLines: [String] = []
        var invitationLink: String?
    }

    // MARK: The page

    /// GET /region.
    @Sendable func regionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        WebResponse.html(try await renderRegion(request, context: context, notice: nil))
    }

    func renderRegion(_ request: Request, context: ServerRequestContext, notice: RegionNotice?) async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        let failedOnly = request.method == .get && request.uri.queryParameters.get("failed") == "1"
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let regions = try RegionDesk.regions(session)
            let userName = try session.names([handle])[handle] ?? handle
            var data = Self.base(request, language: language, title: t("web.region.title"), user: userName, formKey: key)
            data["regions"] = regions.joined(separator: ", ")
            let kept = notice?.values ?? WebForm()
            func value(_ form: String, _ name: String, _ fallback: String = "") -> String {
                notice?.form == form ? (kept[name] ?? fallback) : fallback
            }
            func noticeData(_ form: String) -> [String: Any] {
                guard let notice, notice.form == form else { return ["error": false, "result": false] }
                return [
                    "error": Self.section(notice.error), "details": notice.details,
                    "result": Self.section(notice.result), "resultLines": notice.resultLines,
                ]
            }

            // Departments, with their report links and counts.
            let lines = try RegionDesk.departments(session)
            data["departments"] = lines.map { line -> [String: Any] in
                let department = line.department
                return [
                    "code": department.code, "name": department.name, "region": department.region,
                    "kind": t.departmentKindShort(department.kind), "href": "/departments/\(Self.queryValue(department.code))",
                    "counts": t("web.region.reportCounts", ["ongoing": String(line.ongoing), "overdue": String(line.overdue)]),
                    "hasOverdue": line.overdue > 0,
                ]
            }
            let kind = value("department", "kind", "hospital")
            data["departmentForm"] = noticeData("department").merging([
                "code": value("department", "code"), "name": value("department", "name"),
                "region": value("department", "region", regions.first ?? ""),
                "kinds": [("hospital", t.departmentKind(.hospital)), ("general-practice", t.departmentKind(.generalPractice))].map {
                    ["value": $0.0, "label": $0.1, "selected": kind == $0.0] as [String: Any]
                },
            ]) { $1 }

            // People, with the roles they hold today.
            let people = try People.list(session)
            let grants = try Grants.list(session, departmentCode: nil, handle: nil)
            var roles: [String: [String]] = [:]
            for grant in grants where Grants.status(grant.grant, on: session.today) == .current {
                roles[grant.handle, default: []].append(t("web.region.roleAt", ["role": t.roleShort(grant.grant.role),
                                                                                "where": grant.departmentCode ?? grant.grant.region ?? ""]))
            }
            // A trainee in an ongoing position holds no grant but is no outsider: say where they train.
            for facts in try Positions.list(session, trainee: nil, department: nil, ongoing: true) {
                roles[facts.trainee.handle, default: []].append(t("web.region.traineeAt", ["where": facts.department.code]))
            }
            data["people"] = people.map { person -> [String: Any] in
                [
                    "handle": person.handle, "name": person.name, "href": "/region/people/\(Self.queryValue(person.handle))",
                    "roles": roles[person.handle].map { $0.joined(separator: ", ") } ?? t("web.region.noRole"),
                ]
            }
            data["personForm"] = noticeData("person").merging([
                "handle": value("person", "handle"), "name": value("person", "name"),
                "authorisation": value("person", "authorisation_id"), "email": value("person", "email"),
            ]) { $1 }
            let grantRole = value("grant", "role", "uao"), grantDepartment = value("grant", "department")
            data["grantForm"] = noticeData("grant").merging([
                "handle": value("grant", "handle"), "from": value("grant", "from", session.today.iso),
                "roles": [GrantRole.uao, .tutor].map {
                    ["value": $0.rawValue, "label": t.roleName($0), "selected": grantRole == $0.rawValue] as [String: Any]
                },
                "departments": lines.map {
                    ["value": $0.department.code, "label": "\($0.department.code) · \($0.department.name)",
                     "selected": grantDepartment == $0.department.code] as [String: Any]
                },
            ]) { $1 }
            var invite = noticeData("invite")
            invite["handle"] = value("invite", "handle")
            if notice?.form == "invite", let link = notice?.invitationLink { invite["link"] = link }
            data["inviteForm"] = invite
            data["mailInvite"] = inviteMailField(notice?.form == "invite" && notice?.error != nil ? notice?.values : nil)  // issue 27

            // Målbeskrivelser and uddannelsesprogrammer.
            data["curricula"] = try CurriculumCatalog.list(session).map { summary -> [String: Any] in
                let stored = summary.curriculum
                return [
                    "label": t("web.region.curriculumLine", ["specialty": stored.specialty, "version": stored.version,
                                                              "level": stored.level.rawValue, "validFrom": t.date(stored.validFrom)]),
                    "title": stored.title,
                    "counts": t("web.region.curriculumCounts", ["competencies": String(summary.competencies), "courses": String(summary.courses)]),
                ]
            }
            data["curriculumForm"] = noticeData("curriculum").merging([
                "specialty": value("curriculum", "specialty"), "version": value("curriculum", "version"),
                "validFrom": value("curriculum", "valid_from"),
            ]) { $1 }
            data["programs"] = try ProgramCatalog.list(session).map { program -> [String: Any] in
                [
                    "label": t("web.region.programLine", ["department": program.departmentCode, "version": program.version,
                                                           "specialty": program.specialty, "curriculum": program.curriculumVersion]),
                    "title": program.title,
                    "counts": t("web.region.programCounts", ["items": String(program.itemCount),
                                                              "approved": program.approvedOn.map(t.date) ?? "—"]),
                ]
            }
            data["programForm"] = noticeData("program")

            // The record of log-ins, newest first.
            data["failedOnly"] = failedOnly
            data["logIns"] = try LogIns.list(session, LogIns.Filter(failedOnly: failedOnly, limit: Self.logInLimit)).map { entry -> [String: Any] in
                let attempt = entry.attempt
                let who = entry.name.map { t("web.region.logInWho", ["name": $0, "handle": attempt.handle]) } ?? attempt.handle
                return [
                    "when": Accounts.moment(attempt.at, t),
                    "who": who, "address": attempt.address, "ok": attempt.ok,
                    "outcome": t(attempt.ok ? "web.region.logInOk" : "web.region.logInFailed"),
                ]
            }
            data["logInLimit"] = t("web.region.logInsLimit", ["count": String(Self.logInLimit)])
            return WebTemplates.render("region", data)
        }
    }

    /// How many log-in attempts the page shows.
    static let logInLimit = 50

    /// After a form on the region page: 303 back with `done`, or the page again with the refusal, the values typed and
    /// the API's status. A refusal of the whole page (not a secretariat) is the error page, as for every region route.
    func regionAct(_ request: Request, context: ServerRequestContext, form: String, done: String,
                   _ act: @escaping @Sendable (Session, WebForm) throws -> Void) async throws -> Response {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        try await database.run(as: handle, writing: false) { _ = try RegionDesk.regions($0) }
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, values) }
            return WebResponse.redirect("/region?done=\(done)#\(form)")
        } catch let error as LogbookError {
            // A handle or code typed that names nobody (or nobody in sight) is said on the page too, with the 404.
            let notice = RegionNotice(form: form, values: values, error: error.message, details: error.details)
            return WebResponse.html(try await renderRegion(request, context: context, notice: notice), status: Problem.status(of: error))
        }
    }

    // MARK: Departments, people, invitations

    /// POST /region/departments (code, name, kind, region): `Departments.add`, as `POST /api/v1/departments`.
    @Sendable func addDepartmentOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await regionAct(request, context: context, form: "department", done: "department") { session, form in
            _ = try Departments.add(session, code: (form["code"] ?? "").trimmed, name: (form["name"] ?? "").trimmed,
                                    kind: try Departments.kind(form["kind"] ?? "", session.texts), region: (form["region"] ?? "").trimmed)
        }
    }

    /// POST /region/people (handle, name, authorisation_id, email): `People.add`, as `POST /api/v1/people`.
    @Sendable func addPersonOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await regionAct(request, context: context, form: "person", done: "person") { session, form in
            _ = try People.add(session, handle: (form["handle"] ?? "").trimmed, name: (form["name"] ?? "").trimmed,
                               authorisationID: form.optional("authorisation_id")?.trimmed, email: form.optional("email")?.trimmed)
        }
    }

    /// POST /region/grants (handle, role uao|tutor, department, from): `Grants.add`, as `POST /api/v1/grants` — the
    /// secretariat grants a department's UAO or tutorlæge (DOMAIN.md "Access").
    @Sendable func grantOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await regionAct(request, context: context, form: "grant", done: "granted") { session, form in
            _ = try Grants.add(session, handle: (form["handle"] ?? "").trimmed, role: try Grants.role(form["role"] ?? "", session.texts),
                               departmentCode: (form["department"] ?? "").trimmed, region: nil, from: form.optional("from")?.trimmed,
                               until: nil, mayApprove: false)
        }
    }

    /// POST /region/invitations (handle): `Accounts.invite`, as `POST /api/v1/invitations`. The answer is the page with
    /// the link to hand over (201); the token is in no redirect and no log line.
    @Sendable func regionInviteOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        try await database.run(as: handle, writing: false) { _ = try RegionDesk.regions($0) }
        let invited = (values["handle"] ?? "").trimmed
        var notice = RegionNotice(form: "invite", values: values)
        let status: HTTPResponse.Status
        do {
            let send = inviteBySend(values)  // issue 27: the form's "send by mail" checkbox
            let invitation = try await database.run(as: handle, writing: true, language: language) { try Accounts.invite($0, handle: invited, send: send) }
            context.logger.info("invitation made (web)", metadata: ["invited": .string(invitation.handle)])
            let t = Texts(language)
            notice.values = WebForm()
            notice.result = t("web.region.invited", ["name": invitation.name, "handle": invitation.handle,
                                                     "expires": Accounts.moment(invitation.expiresAt, t)])
            notice.invitationLink = Self.absoluteURL(request, path: "/invitation/\(invitation.token)", secure: database.configuration.secureCookies)
            status = .created
        } catch let error as LogbookError {
            notice.error = error.message
            notice.details = error.details
            status = Problem.status(of: error)
        }
        var response = WebResponse.html(try await renderRegion(request, context: context, notice: notice), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `path` as an absolute URL on the host the request came to (`https` where the cookies are secure, else `http`);
    /// the path alone when the host is missing or odd.
    static func absoluteURL(_ request: Request, path: String, secure: Bool) -> String {
        let host = request.head.authority ?? ""
        let allowed = Set(".-:[]".utf8)
        guard !host.isEmpty, host.utf8.count <= 255, host.utf8.allSatisfy({ WebText.isASCIIAlphanumeric($0) || allowed.contains($0) }) else { return path }
        return "\(secure ? "https" : "http")://\(host)\(path)"
    }

    // MARK: Imports

    /// The uploaded file of an import form, or the refusal to show (no file chosen).
    func upload(_ form: WebForm, _ t: Texts) -> Result<UploadedFile, LogbookError> {
        guard let file = form.file("file"), !file.fileName.isEmpty || !file.bytes.isEmpty else {
            return .failure(LogbookError.usage(t("web.region.noFile")))
        }
        return .success(file)
    }

    /// An import from the page: the result or the importer's error (by line) on the page again, with the API's status.
    func importAct(_ request: Request, context: ServerRequestContext, form: String,
                   _ act: @escaping @Sendable (Session, UploadedFile, WebForm) throws -> (result: String, notes: [String], stored: Bool))
        async throws -> Response {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let t = Texts(language)
        let values = context.webForm ?? WebForm()
        try await database.run(as: handle, writing: false) { _ = try RegionDesk.regions($0) }
        var notice = RegionNotice(form: form, values: WebForm(fields: values.fields))
        let status: HTTPResponse.Status
        do {
            let file = try upload(values, t).get()
            let outcome = try await database.run(as: handle, writing: true, language: language) { try act($0, file, values) }
            notice.result = outcome.result
            notice.resultLines = outcome.notes
            notice.values = WebForm()
            status = outcome.stored ? .created : .ok
            context.logger.info("import (web)", metadata: ["form": .string(form), "stored": .stringConvertible(outcome.stored)])
        } catch let error as LogbookError where error.reason != .notFound {
            notice.error = error.message
            notice.details = error.details
            status = Problem.status(of: error)
        }
        return WebResponse.html(try await renderRegion(request, context: context, notice: notice), status: status)
    }

    /// POST /region/curricula (file; specialty, version, valid_from for a CSV file): as `POST /api/v1/curricula`.
    @Sendable func importCurriculumOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await importAct(request, context: context, form: "curriculum") { session, file, form in
            let flags = CurriculumImportFlags(specialty: form.optional("specialty")?.trimmed, version: form.optional("version")?.trimmed,
                                              validFrom: form.optional("valid_from")?.trimmed)
            let outcome = try RegionDesk.importCurriculum(session, file: file.fileName, bytes: file.bytes, flags: flags)
            return (outcome.summary, outcome.notes, outcome.stored)
        }
    }

    /// POST /region/programs (file): as `POST /api/v1/programs`.
    @Sendable func importProgramOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await importAct(request, context: context, form: "program") { session, file, _ in
            let (summary, stored) = try ProgramImport.upload(session, file: file.fileName, bytes: file.bytes)
            return (summary, [], stored)
        }
    }

    /// The 413 page for a form bigger than its limit (an upload over the API's import limit): nothing was read further,
    /// nothing ran.
    static func tooLarge(_ request: Request, language: Language, formKey: String) -> Response {
        let t = Texts(language)
        var data = base(request, language: language, title: t("web.error.title"), formKey: formKey)
        data["message"] = t("web.region.tooLarge", ["limit": String(InputFile.maximumSize / (1024 * 1024))])
        return WebResponse.html(WebTemplates.render("error", data), status: .contentTooLarge)
    }

    // MARK: A person

    /// GET /region/people/{handle}: the person, their roles and positions, their corrections, and the form to correct
    /// name and e-mail. A person out of sight is the same 404 page as one that does not exist.
    @Sendable func personPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let wanted = try context.parameters.require("handle")
        return WebResponse.html(try await renderPerson(request, context: context, handle: wanted, refused: nil))
    }

    func renderPerson(_ request: Request, context: ServerRequestContext, handle wanted: String, refused: (values: WebForm, message: String)?)
        async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            _ = try RegionDesk.regions(session)
            let (person, grants, positions) = try People.show(session, handle: wanted)
            let changes = try People.changes(session, personID: person.id)
            let userName = try session.names([handle])[handle] ?? handle
            var data = Self.base(request, language: language, title: person.name, user: userName, formKey: key)
            data["name"] = person.name
            data["handle"] = person.handle
            data["authorisation"] = person.authorisationID ?? "—"
            data["email"] = person.email ?? "—"
            data["grants"] = grants.map { grant -> String in
                t("web.region.grantLine", ["role": t.roleShort(grant.grant.role), "where": grant.departmentCode ?? grant.grant.region ?? "",
                                           "from": t.date(grant.grant.validFrom), "status": t.grantStatus(Grants.status(grant.grant, on: session.today))])
            }
            data["positions"] = positions.map { facts -> [String: Any] in
                ["href": "/positions/\(facts.id)",
                 "line": t("web.region.positionLine", ["department": facts.department.code, "curriculum": facts.curriculum.label,
                                                       "start": t.date(facts.position.start), "end": t.date(facts.schedule.end)])]
            }
            data["changes"] = changes.map { change -> String in
                t("web.region.changeLine", ["field": change.field.rawValue, "old": change.old ?? "—", "new": change.new ?? "—",
                                            "by": change.changedBy, "at": change.changedAt, "reason": change.reason])
            }
            data["action"] = "/region/people/\(Self.queryValue(person.handle))/corrections#correct"
            data["formName"] = refused.map { $0.values["name"] ?? "" } ?? person.name
            data["formEmail"] = refused.map { $0.values["email"] ?? "" } ?? (person.email ?? "")
            data["formReason"] = refused?.values["reason"] ?? ""
            data["error"] = Self.section(refused?.message)
            return WebTemplates.render("region-person", data)
        }
    }

    /// POST /region/people/{handle}/corrections (name, email, reason): `People.correct` for what changed (an emptied
    /// e-mail is cleared), as `POST /api/v1/people/{handle}/corrections`.
    @Sendable func correctPersonOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), wanted = try context.parameters.require("handle")
        let language = WebLanguage.of(request)
        let form = context.webForm ?? WebForm()
        try await database.run(as: handle, writing: false) { _ = try RegionDesk.regions($0) }
        do {
            try await database.run(as: handle, writing: true, language: language) { session in
                let (person, _, _) = try People.show(session, handle: wanted)
                var corrections: [People.Correction] = []
                if let name = form["name"]?.trimmed, name != person.name { corrections.append(.name(name)) }
                if let email = form["email"]?.trimmed, email != (person.email ?? "") { corrections.append(.email(email.isEmpty ? nil : email)) }
                _ = try People.correct(session, handle: person.handle, corrections: corrections, reason: form.optional("reason"))
            }
            return WebResponse.redirect("/region/people/\(Self.queryValue(wanted))?done=corrected")
        } catch let error as LogbookError where error.reason != .notFound {
            return WebResponse.html(try await renderPerson(request, context: context, handle: wanted, refused: (form, error.message)),
                                    status: Problem.status(of: error))
        }
    }
}

/// Whether the logged-in person holds a secretariat grant, for the menu's link to "Regionen" (set by
/// `WebSessionMiddleware` for the request).
enum WebRegionMenu {
    @TaskLocal static var shown = false
}

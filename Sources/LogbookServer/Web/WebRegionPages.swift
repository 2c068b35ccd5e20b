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

    // MARK: The page

    /// GET /region.
    @Sendable func regionPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderRegion(request, context: context, notice: nil)
    }

    func renderRegion(_ request: Request, context: ServerRequestContext, notice: RegionNotice?,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let failedOnly = request.method == .get && request.uri.queryParameters.get("failed") == "1"
        let mailInvite = inviteMailField(notice?.form == "invite" && notice?.error != nil ? notice?.values : nil)
        return try await renderPage(request, context, status: status) { session in
            let t = session.texts
            let regions = try RegionDesk.regions(session)
            // What each person is today: the roles they hold, and where a trainee in an ongoing position trains (no
            // grant, but no outsider either).
            var roles: [String: [String]] = [:]
            for grant in try Grants.list(session, departmentCode: nil, handle: nil) where Grants.status(grant.grant, on: session.today) == .current {
                roles[grant.handle, default: []].append(t("web.region.roleAt", ["role": t.roleShort(grant.grant.role),
                                                                                "where": grant.departmentCode ?? grant.grant.region ?? ""]))
            }
            for facts in try Positions.list(session, trainee: nil, department: nil, ongoing: true) {
                roles[facts.trainee.handle, default: []].append(t("web.region.traineeAt", ["where": facts.department.code]))
            }
            let facts = RegionPage.Facts(
                regions: regions, departments: try RegionDesk.departments(session), people: try People.list(session), roles: roles,
                curricula: try CurriculumCatalog.list(session), programs: try ProgramCatalog.list(session),
                logIns: try LogIns.list(session, LogIns.Filter(failedOnly: failedOnly, limit: Self.logInLimit)),
                failedOnly: failedOnly, logInLimit: Self.logInLimit, today: session.today)
            return RegionPage.make(facts, notice: notice, mailInvite: mailInvite, t: t)
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
            return try await renderRegion(request, context: context, notice: notice, status: Problem.status(of: error))
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
        var response = try await renderRegion(request, context: context, notice: notice, status: status)
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
        return try await renderRegion(request, context: context, notice: notice, status: status)
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
        let page = TooLargePage(title: t("web.error.title"), message: t("web.region.tooLarge", ["limit": String(InputFile.maximumSize / (1024 * 1024))]))
        return renderPublic(page, request, language: language, formKey: formKey, status: .contentTooLarge)
    }

    // MARK: A person

    /// GET /region/people/{handle}: the person, their roles and positions, their corrections, and the form to correct
    /// name and e-mail. A person out of sight is the same 404 page as one that does not exist.
    @Sendable func personPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let wanted = try context.parameters.require("handle")
        return try await renderPerson(request, context: context, handle: wanted, refused: nil)
    }

    func renderPerson(_ request: Request, context: ServerRequestContext, handle wanted: String, refused: (values: WebForm, message: String)?,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        try await renderPage(request, context, status: status) { session in
            _ = try RegionDesk.regions(session)
            let (person, grants, positions) = try People.show(session, handle: wanted)
            return RegionPersonPage.make(person: person, grants: grants, positions: positions,
                                         changes: try People.changes(session, personID: person.id), today: session.today,
                                         refused: refused, t: session.texts)
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
            return try await renderPerson(request, context: context, handle: wanted, refused: (form, error.message),
                                          status: Problem.status(of: error))
        }
    }
}

/// Whether the logged-in person holds a secretariat grant, for the menu's link to "Regionen" (set by
/// `WebSessionMiddleware` for the request).
enum WebRegionMenu {
    @TaskLocal static var shown = false
}

import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain

/// "Afdelingen" → "Adgang": who holds which role in the department, and the UAO/tutorlæge's forms over the same use
/// cases as the API (`AdminController`):
///
/// - `GET /departments/{code}/access`: the department's grants (`Grants.list`), the signing keys of the department's
///   people (`Keys.list`, read-only: keys are made and registered with the CLI on purpose), and the forms below.
/// - `POST /departments/{code}/grants` (`handle`, `role`, `from`, `until`, `may_approve`): `Grants.add`.
/// - `POST /departments/{code}/grants/{id}/end` (`on`): `Grants.end`.
/// - `POST /departments/{code}/delegations` (`handle`, `approve` = `yes`|`no`, `from`): `Grants.delegate`.
/// - `POST /departments/{code}/invitations` (`handle`): `Accounts.invite`. The answer is the page itself with the
///   one-time link (absolute, from the request's Host), never a redirect, never logged, not to be cached.
extension WebPages {
    func addDepartmentAccessRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("departments/{code}/access", use: departmentAccessPage)
        pages.post("departments/{code}/grants", use: addGrantOnPage)
        pages.post("departments/{code}/grants/{id}/end", use: endGrantOnPage)
        pages.post("departments/{code}/delegations", use: delegateOnPage)
        pages.post("departments/{code}/invitations", use: inviteOnPage)
    }

    /// GET /departments/{code}/access.
    @Sendable func departmentAccessPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderAccess(request, context: context, code: try Self.code(context), refused: nil, invitation: nil)
    }

    func renderAccess(_ request: Request, context: ServerRequestContext, code: String, refused: DepartmentRefusal?,
                      invitation: ShownInvitation?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let mailInvite = inviteMailField(refused?.form == "invite" ? refused?.values : nil)
        return try await renderPage(request, context, status: status) { session in
            let report = try Self.requireDepartment(session, code)
            let grants = try Grants.list(session, departmentCode: report.departmentCode, handle: nil)
            let all = try Overviews.report(session, department: report.departmentCode, on: nil, selection: .all)
            var handles = Set(grants.map(\.handle))
            for row in all.rows { handles.insert(row.trainee) }
            // The signing keys of the department's people (its grant holders and trainees).
            let keys = try Keys.list(session, person: nil).filter { !$0.isServer && handles.contains($0.holder) }
            let names = try session.names(Array(handles) + grants.compactMap(\.grantedBy) + keys.map(\.registrar))
            let facts = DepartmentAccessPage.Facts(departmentCode: report.departmentCode, departmentName: report.departmentName,
                                                   grants: grants, keys: keys, names: names, today: session.today,
                                                   people: try People.list(session).map { PersonChoice(handle: $0.handle, name: $0.name) }
                                                       .sorted { $0.name < $1.name })
            return DepartmentAccessPage.make(facts, refused: refused, invitation: invitation, mailInvite: mailInvite, t: session.texts)
        }
    }

    /// After a form on the access page: 303 back to it, or the page again with the refusal. The department must be in
    /// sight first: otherwise the 404 page, before anything is tried.
    func accessAct(_ request: Request, context: ServerRequestContext, form: String, done: String, subject: Int64? = nil,
                   _ act: @escaping @Sendable (Session, String, WebForm) throws -> Void) async throws -> Response {
        let handle = try context.handle(), code = try Self.code(context)
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        let department = try await database.run(as: handle, writing: false, language: language) { try Self.requireDepartment($0, code).departmentCode }
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, department, values) }
            return WebResponse.redirect("/departments/\(Self.queryValue(department))/access?done=\(done)#\(form)")
        } catch let error as LogbookError where error.reason != .notFound || form == "grant" || form == "delegate" || form == "invite" {
            // A handle nobody has is the typist's mistake, shown by the form; a grant out of sight stays a 404.
            let refused = DepartmentRefusal(position: subject, form: form, values: values, message: error.shown)
            return try await renderAccess(request, context: context, code: department, refused: refused, invitation: nil,
                                          status: Problem.status(of: error))
        }
    }

    /// POST /departments/{code}/grants: `Grants.add` in this department, as `POST /api/v1/grants`.
    @Sendable func addGrantOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await accessAct(request, context: context, form: "grant", done: "granted") { session, code, form in
            _ = try Grants.add(session, handle: (form["handle"] ?? "").trimmed,
                               role: try Grants.role(form["role"] ?? "", session.texts), departmentCode: code, region: nil,
                               from: form.optional("from"), until: form.optional("until"), mayApprove: form["may_approve"] == "on")
        }
    }

    /// POST /departments/{code}/grants/{id}/end: `Grants.end`, as `POST /api/v1/grants/{id}/end`; only a grant of this
    /// department (any other answers as missing).
    @Sendable func endGrantOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try Self.id(context)
        return try await accessAct(request, context: context, form: "end", done: "grantEnded", subject: id) { session, code, form in
            guard try Grants.list(session, departmentCode: code, handle: nil).contains(where: { $0.id == id }) else {
                throw LogbookError.notFound("no such page")
            }
            _ = try Grants.end(session, grantID: id, on: form.optional("on"))
        }
    }

    /// POST /departments/{code}/delegations: `Grants.delegate`, as `POST /api/v1/delegations`.
    @Sendable func delegateOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await accessAct(request, context: context, form: "delegate", done: "delegated") { session, code, form in
            _ = try Grants.delegate(session, handle: (form["handle"] ?? "").trimmed, departmentCode: code,
                                    from: form.optional("from"), approve: form["approve"] != "no")
        }
    }

    /// POST /departments/{code}/invitations: `Accounts.invite`, as `POST /api/v1/invitations`. The link is on this answer
    /// only (status 201, `Cache-Control: no-store`); the log says who was invited, never the token.
    @Sendable func inviteOnPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), code = try Self.code(context)
        let language = WebLanguage.of(request)
        let values = context.webForm ?? WebForm()
        let department = try await database.run(as: handle, writing: false, language: language) { try Self.requireDepartment($0, code).departmentCode }
        let invited = (values["handle"] ?? "").trimmed
        do {
            let send = inviteBySend(values)  // issue 27: the form's "send by mail" checkbox
            let invitation = try await database.run(as: handle, writing: true, language: language) { try Accounts.invite($0, handle: invited, send: send) }
            context.logger.info("invitation made (web)", metadata: ["invited": .string(invitation.handle)])
            let shown = ShownInvitation(name: invitation.name, handle: invitation.handle,
                                        link: Self.siteAddress(request, secure: database.configuration.secureCookies) + "/invitation/\(invitation.token)",
                                        expires: invitation.expiresAt)
            var response = try await renderAccess(request, context: context, code: department, refused: nil, invitation: shown,
                                                  status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let error as LogbookError {
            let refused = DepartmentRefusal(position: nil, form: "invite", values: values, message: error.shown)
            return try await renderAccess(request, context: context, code: department, refused: refused, invitation: nil,
                                          status: Problem.status(of: error))
        }
    }

    /// `https://host[:port]` of the request (its Host), `http` when cookies are not marked secure (a local server);
    /// a Host with anything but host-name characters gives no address (the link is then relative to this site).
    static func siteAddress(_ request: Request, secure: Bool) -> String {
        guard let host = request.head.authority, !host.isEmpty,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }) else { return "" }
        return "\(secure ? "https" : "http")://\(host)"
    }
}

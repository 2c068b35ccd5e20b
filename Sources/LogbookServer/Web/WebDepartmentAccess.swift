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

    /// A new invitation to show once.
    struct ShownInvitation: Sendable {
        let name: String
        let handle: String
        let link: String
        let expires: Int64
    }

    /// GET /departments/{code}/access.
    @Sendable func departmentAccessPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let code = try Self.code(context)
        return WebResponse.html(try await renderAccess(request, context: context, code: code, refused: nil, invitation: nil))
    }

    func renderAccess(_ request: Request, context: ServerRequestContext, code: String, refused: DepartmentRefusal?,
                      invitation: ShownInvitation?) async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let report = try Self.requireDepartment(session, code)
            let userName = try session.names([handle])[handle] ?? handle
            let title = t("web.dept.access.title", ["name": report.departmentName, "code": report.departmentCode])
            var data = Self.base(request, language: language, title: title, user: userName, formKey: key)
            let base = "/departments/\(Self.queryValue(report.departmentCode))"
            let today = session.today
            data["heading"] = title
            data["nav"] = Self.departmentNav(report.departmentCode, current: "access", t)
            let kept = refused?.values ?? WebForm()
            func error(_ form: String) -> Any { Self.section(refused?.form == form ? refused?.message : nil) }
            func value(_ form: String, _ name: String, _ fallback: String = "") -> String {
                refused?.form == form ? (kept[name] ?? fallback) : fallback
            }

            // Grants.
            let grants = try Grants.list(session, departmentCode: report.departmentCode, handle: nil)
            let all = try Overviews.report(session, department: report.departmentCode, on: nil, selection: .all)
            var handles = Set(grants.map(\.handle))
            for row in all.rows { handles.insert(row.trainee) }
            let names = try session.names(Array(handles) + grants.compactMap(\.grantedBy))
            data["grants"] = grants.sorted { ($0.grant.validFrom, $0.id) > ($1.grant.validFrom, $1.id) }.map { record -> [String: Any] in
                let grant = record.grant
                let status = Grants.status(grant, on: today)
                var role = t.roleName(grant.role)
                if grant.mayApprove { role = t("web.dept.grant.withDelegation", ["role": role]) }
                let ending = refused?.form == "end" && refused?.position == record.id
                return [
                    "id": String(record.id),
                    "who": t("web.dept.person", ["name": names[record.handle] ?? record.handle, "handle": record.handle]),
                    "role": role, "from": t.date(grant.validFrom), "until": grant.validUntil.map(t.date) ?? t("web.dept.grant.open"),
                    "status": t("web.dept.grant.status.\(status.rawValue)"), "statusClass": "grant-\(status.rawValue)",
                    "by": record.grantedBy.map { names[$0] ?? $0 } ?? "–",
                    "end": Self.section(status == .ended ? nil : "\(base)/grants/\(record.id)/end"),
                    "endOn": ending ? (kept["on"] ?? "") : "", "endLabel": t("web.dept.grant.endOn", ["id": String(record.id)]),
                    "error": Self.section(ending ? refused?.message : nil),
                ] as [String: Any]
            }
            let roles: [GrantRole] = [.supervisor, .clinicalSupervisor]
            data["grantForm"] = [
                "action": "\(base)/grants",
                "handle": value("grant", "handle"),
                "roles": roles.map { role -> [String: Any] in
                    ["value": role.rawValue, "label": t.roleName(role), "selected": value("grant", "role") == role.rawValue]
                },
                "from": value("grant", "from", today.iso), "until": value("grant", "until"),
                "mayApprove": value("grant", "may_approve") == "on",
                "error": error("grant"),
            ] as [String: Any]
            data["delegationForm"] = [
                "action": "\(base)/delegations",
                "handle": value("delegate", "handle"),
                "give": value("delegate", "approve", "yes") != "no", "withdraw": value("delegate", "approve") == "no",
                "from": value("delegate", "from", today.iso),
                "error": error("delegate"),
            ] as [String: Any]
            data["inviteForm"] = [
                "action": "\(base)/invitations",
                "handle": value("invite", "handle"),
                "error": error("invite"),
            ] as [String: Any]
            data["mailInvite"] = inviteMailField(refused?.form == "invite" ? refused?.values : nil)  // issue 27
            if let invitation {
                data["invitation"] = [
                    "heading": t("web.dept.invite.made", ["name": invitation.name, "handle": invitation.handle]),
                    "link": invitation.link,
                    "expires": t("web.dept.invite.expires", ["moment": Accounts.moment(invitation.expires, t)]),
                ]
            }

            // The signing keys of the department's people (its grant holders and trainees).
            let keys = try Keys.list(session, person: nil).filter { !$0.isServer && handles.contains($0.holder) }
            let keyNames = try session.names(keys.map(\.registrar))
            data["keys"] = keys.map { registered -> [String: Any] in
                var state = t("web.dept.key.valid", ["from": t.date(registered.payload.validFrom),
                                                     "until": registered.payload.validUntil.map(t.date) ?? t("web.dept.grant.open")])
                if let revocation = registered.revocation {
                    state = t("web.dept.key.revoked", ["date": t.date(revocation.on), "reason": revocation.reason])
                }
                return [
                    "who": t("web.dept.person", ["name": names[registered.holder] ?? registered.holder, "handle": registered.holder]),
                    "fingerprint": registered.key.fingerprint, "state": state,
                    "registered": t("web.dept.key.registered", ["by": keyNames[registered.registrar] ?? registered.registrar,
                                                                "date": t.date(registered.registeredOn)]),
                ]
            }
            return WebTemplates.render("department-access", data)
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
            return WebResponse.html(try await renderAccess(request, context: context, code: department, refused: refused, invitation: nil),
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
            var response = WebResponse.html(try await renderAccess(request, context: context, code: department, refused: nil, invitation: shown),
                                            status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let error as LogbookError {
            let refused = DepartmentRefusal(position: nil, form: "invite", values: values, message: error.shown)
            return WebResponse.html(try await renderAccess(request, context: context, code: department, refused: refused, invitation: nil),
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

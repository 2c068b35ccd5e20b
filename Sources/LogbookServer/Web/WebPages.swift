import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The web pages (issue 16): server-rendered HTML over the same use cases as the JSON API and the CLI, in Danish by
/// default and English by a switch. Forms work without JavaScript; every POST carries the form token (`WebForms`) and
/// answers with a 303 back to the page and a message, or, when a use case refuses, the page again with the refusal,
/// the values typed and the API's HTTP status.
///
/// - `GET /login`, `POST /login`, `POST /logout`: log in (`Accounts.beginLogIn`/`verify`/`finishLogIn`, throttled like
///   the API), sign out (`Accounts.logOut`).
/// - `GET/POST /invitation/{token}`: choose a password (`Accounts.acceptInvitation`).
/// - `GET /`: to the person's main page — their own position ("Min introduktionsstilling"), else for a UAO/tutorlæge
///   their department ("Afdelingen"), else "Mine uddannelseslæger".
/// - `GET /positions/{id}`: a position's status (`Overviews.status`), deadlines, next steps, requests, meetings, absence
///   and history; on one's own, the forms to record an assessment (`POST /positions/{id}/assessments`,
///   `Assessments.record`), to ask for approval (`POST /positions/{id}/requests`, `Requests.make`), to record a meeting with
///   its uddannelsesplan (`POST /positions/{id}/meetings`, `Meetings.add`) and absence (`POST /positions/{id}/absences`,
///   `Absences.add`).
/// - `GET /trainees`: the inbox (`Inbox.items`) with approve and decline on each request (`POST /requests/{id}/approve`,
///   `Requests.approve`; `POST /requests/{id}/decline`, `Requests.decline`) and the positions one may see.
/// - `GET /departments/{code}` ("Afdelingen"): the department report on screen with attest time, attest element and
///   forhåndsudtalelse; starting a position, the hovedvejleder, revocation, grants, delegation, invitations and keys
///   (`WebDepartmentPage.swift`, `WebDepartmentAccess.swift`).
/// - `GET /region` ("Regionen", the secretariat's page; a secretariat lands there from `/`): departments, people,
///   grants of a UAO or tutorlæge, invitations, imports of målbeskrivelser and uddannelsesprogrammer, the region's reports
///   and the record of log-ins (`WebRegionPages.swift`).
/// - `GET /language?to=en&back=PATH`: sets the language cookie; `GET /static/app.css`: the stylesheet.
struct WebPages {
    let database: Database

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: WebTemplates.stylesheet)))
        }
        router.get("language", use: chooseLanguage)
        router.get("login", use: logInPage)
        router.post("login", use: logIn)
        router.get("invitation/{token}", use: invitationPage)
        router.post("invitation/{token}", use: acceptInvitation)
        let pages = router.group().add(middleware: WebSessionMiddleware(database: database))
        pages.get("/", use: home)
        pages.post("logout", use: logOut)
        pages.get("positions/{id}", use: positionPage)
        pages.post("positions/{id}/assessments", use: record)
        pages.post("positions/{id}/requests", use: askApproval)
        pages.post("positions/{id}/meetings", use: addMeeting)
        pages.post("positions/{id}/absences", use: addAbsence)
        pages.post("positions/{id}/approvals", use: approveOnPage)
        pages.get("positions/{id}/print", use: printPage)
        // Each section by its own path (a parameter would lose to the constant `meetings` of the POST route).
        for section in PositionSection.allCases where section != .overview {
            pages.get("positions/{id}/\(section.rawValue)") { request, context in
                try await self.renderPosition(request, context: context, id: try Self.id(context), section: section, refused: nil)
            }
        }
        pages.post("absences/{id}/withdraw", use: withdrawAbsence)
        pages.get("trainees", use: traineesPage)
        pages.post("requests/{id}/approve", use: approve)
        pages.post("requests/{id}/decline", use: decline)
        pages.post("requests/{id}/withdraw", use: withdrawRequest)
        addDepartmentRoutes(to: pages)
        addAccountRoutes(to: pages)
        addMailRoutes(to: pages)  // issue 27: WebMailPreferences.swift
        addRegionRoutes(to: pages)
    }

    // MARK: Common

    /// The message after a successful POST (`?done=...`): only these words, so a link cannot put text on the page.
    static func doneMessage(_ done: String, _ t: Texts) -> String? {
        let known = ["assessment", "request", "approved", "declined", "loggedOut", "password", "time", "element", "statement", "meeting", "absence", "withdrawn",
                     "absenceWithdrawn", "passwordChanged", "totpOn", "totpOff", "started", "supervisor", "revoked", "granted", "grantEnded", "delegated", "department", "person", "corrected"]
        return known.contains(done) ? t("web.done.\(done)") : nil
    }

    /// An error page in the reader's language, with the status the API would give.
    static func errorPage(_ request: Request, _ error: LogbookError, language: Language, user: String? = nil, formKey: String? = nil) -> Response {
        renderPublic(ErrorPage.make(error, t: Texts(language)), request, language: language, user: user, formKey: formKey,
                     status: Problem.status(of: error))
    }

    /// The session id of a logged-in request (the form key of its pages).
    static func sessionID(_ request: Request) -> String? { request.cookies[AuthenticationMiddleware.cookie]?.value }

    /// The `{id}` of a path; anything but a positive number answers like an id nobody has.
    static func id(_ context: ServerRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw LogbookError.notFound("no such page") }
        return id
    }

    func cookie(_ value: String, maxAge: Int) -> Cookie {
        AuthenticationMiddleware.sessionCookie(value, maxAge: maxAge, secure: database.configuration.secureCookies)
    }

    // MARK: Language

    /// GET /language?to=en&back=/path: remembers the language for a year and goes back.
    @Sendable func chooseLanguage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let to = request.uri.queryParameters.get("to").flatMap { Language(rawValue: String($0)) } ?? .da
        let back = WebResponse.localPath(request.uri.queryParameters.get("back").map { String($0) }) ?? "/"
        var response = WebResponse.redirect(back)
        response.setCookie(Cookie(name: WebLanguage.cookie, value: to.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                                  secure: database.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    // MARK: Log-in and invitation

    /// The form key of a page before log-in: the `logbook_form` cookie, set anew when missing.
    static func preSessionKey(_ request: Request) -> (key: String, isNew: Bool) {
        if let key = request.cookies[WebForms.formCookie]?.value, key.count == 64 { return (key, false) }
        return (WebForms.newKey(), true)
    }

    func withFormCookie(_ response: Response, key: String, isNew: Bool) -> Response {
        guard isNew else { return response }
        var response = response
        response.setCookie(Cookie(name: WebForms.formCookie, value: key, path: "/", secure: database.configuration.secureCookies,
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    func logInForm(_ request: Request, language: Language, key: String, handle: String = "", error: String? = nil,
                   focusPassword: Bool = false, status: HTTPResponse.Status = .ok) -> Response {
        Self.renderPublic(LogInPage.make(handle: handle, error: error, focusPassword: focusPassword, t: Texts(language)), request,
                          language: language, formKey: key, status: status)
    }

    /// GET /login: the log-in form (a logged-in person goes to their page).
    @Sendable func logInPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let language = WebLanguage.of(request)
        if let id = Self.sessionID(request), !id.isEmpty {
            let policy = database.configuration.policy
            if (try? await database.run(as: nil, writing: false, { try Accounts.authenticate($0, sessionID: id, policy: policy) })) != nil {
                return WebResponse.redirect("/")
            }
        }
        let (key, isNew) = Self.preSessionKey(request)
        // `?handle=`: the user name filled in (after choosing a password from an invitation), the password field focused.
        let handle = request.uri.queryParameters.get("handle").map { String($0.trimmed.prefix(LogInPage.handleLimit)) } ?? ""
        return withFormCookie(logInForm(request, language: language, key: key, handle: handle, focusPassword: !handle.isEmpty),
                              key: key, isNew: isNew)
    }

    /// POST /login: the API's three steps; a failure shows the form again with the handle kept (401, or 429 when
    /// throttled), never saying which part was wrong.
    @Sendable func logIn(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let language = WebLanguage.of(request)
        let t = Texts(language)
        let form = try await WebForm.read(request)
        let key = request.cookies[WebForms.formCookie]?.value
        guard WebForms.accepts(form[WebForms.field], key: key) else {
            return Self.errorPage(request, WebForms.refusal, language: language)
        }
        let handle = (form["handle"] ?? "").trimmed, password = form["password"] ?? ""
        let code = form.optional("code")?.trimmed
        let address = context.address
        let policy = database.configuration.policy
        do {
            let check = try await database.run(as: nil, writing: false) { try Accounts.beginLogIn($0, handle: handle, address: address) }
            let verdict = try await database.compute { Accounts.verify(check, password: password) }
            let loggedIn = try await database.run(as: nil, writing: true) { try Accounts.finishLogIn($0, verdict, policy: policy, code: code) }
            context.logger.info("logged in (web)", metadata: ["user": .string(handle), "address": .string(address)])
            var response = WebResponse.redirect("/")
            response.setCookie(cookie(loggedIn.sessionID, maxAge: Int(policy.absoluteSeconds)))
            return response
        } catch let error as LogbookError {
            let message: String
            var headers: HTTPFields = [:]
            switch error.reason {
            case .throttled(let seconds):
                message = t("web.login.throttled", ["seconds": String(seconds)])
                headers[.retryAfter] = String(seconds)
            case .unauthenticated: message = t("web.login.failed")
            default: message = error.shown
            }
            context.logger.notice("failed log-in (web)", metadata: ["handle": .string(handle), "address": .string(address)])
            var response = logInForm(request, language: language, key: key!, handle: handle, error: message,
                                     status: Problem.status(of: error))
            for field in headers { response.headers.append(field) }
            return response
        }
    }

    /// POST /logout: ends the session, clears the cookie, back to the log-in page.
    @Sendable func logOut(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        try await database.run(as: nil, writing: true) { try Accounts.logOut($0, identity) }
        var response = WebResponse.redirect("/login?done=loggedOut")
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The invitation page: the form with the user name of the invited person (`Accounts.invitee`), or, for a token that
    /// is unknown, used or expired, only that message (404).
    func invitationForm(_ request: Request, language: Language, key: String, token: String, error: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = Texts(language)
        let invitee = try await database.run(as: nil, writing: false, language: language) { try Accounts.invitee($0, token: token) }
        guard let invitee else {
            return Self.renderPublic(InvitationPage.make(token: token, invitee: nil, error: t("web.invitation.unknown"), t: t), request,
                                     language: language, formKey: key, status: .notFound)
        }
        return Self.renderPublic(InvitationPage.make(token: token, invitee: invitee.handle, error: error, t: t), request,
                                 language: language, formKey: key, status: status)
    }

    /// GET /invitation/{token}: the form to choose a password, with the user name the person will log in with.
    @Sendable func invitationPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let language = WebLanguage.of(request)
        let token = try context.parameters.require("token")
        let (key, isNew) = Self.preSessionKey(request)
        return withFormCookie(try await invitationForm(request, language: language, key: key, token: token), key: key, isNew: isNew)
    }

    /// POST /invitation/{token}: sets the password (`Accounts.acceptInvitation`), then to the log-in page.
    @Sendable func acceptInvitation(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let language = WebLanguage.of(request)
        let t = Texts(language)
        let token = try context.parameters.require("token")
        let form = try await WebForm.read(request)
        let key = request.cookies[WebForms.formCookie]?.value
        guard WebForms.accepts(form[WebForms.field], key: key), let key else {
            return Self.errorPage(request, WebForms.refusal, language: language)
        }
        let password = form["password"] ?? ""
        guard password == form["repeat"] ?? "" else {
            return try await invitationForm(request, language: language, key: key, token: token, error: t("web.invitation.mismatch"),
                                            status: .unprocessableContent)
        }
        let policy = database.configuration.policy
        do {
            let hash = try await database.compute { try Accounts.hashPassword(password, policy: policy) }
            let person = try await database.run(as: nil, writing: true, language: language) {
                try Accounts.acceptInvitation($0, token: token, password: hash)
            }
            context.logger.info("account opened (web)", metadata: ["user": .string(person.handle)])
            // The log-in page comes with the user name filled in.
            return WebResponse.redirect("/login?done=password&handle=\(Self.queryValue(person.handle))")
        } catch let error as LogbookError {
            let message = error.reason == .notFound ? t("web.invitation.unknown") : error.shown
            return try await invitationForm(request, language: language, key: key, token: token, error: message,
                                            status: Problem.status(of: error))
        }
    }

    // MARK: Home

    /// GET /: a trainee to their own position (the ongoing one, else the latest), anyone else to "Mine uddannelseslæger".
    @Sendable func home(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let today = database.configuration.today()
        let (own, leads, secretariat) = try await database.run(as: handle, writing: false) { session -> (Int64?, String?, Bool) in
            let mine = try Positions.list(session, trainee: nil, department: nil, ongoing: false).filter { $0.trainee.handle == handle }
            let own = (mine.last { $0.isOngoing(on: today) } ?? mine.last { !$0.position.isCancelled } ?? mine.last)?.id
            // A UAO or tutorlæge: their department ("Afdelingen"), the first one standing today.
            let grants = (try? Grants.list(session, departmentCode: nil, handle: handle)) ?? []
            let lead = grants.first { ($0.grant.role == .uao || $0.grant.role == .tutor) && $0.grant.isValid(on: today) }?.departmentCode
            // A secretariat: "Regionen".
            return (own, lead, ((try? RegionDesk.regions(session)) ?? []).isEmpty == false)
        }
        let done = request.uri.queryParameters.get("done").map { String($0) }.flatMap { Self.doneMessage($0, .untranslated) == nil ? nil : $0 }
        let query = done.map { "?done=\($0)" } ?? ""
        if let own { return WebResponse.redirect("/positions/\(own)\(query)") }
        if secretariat { return WebResponse.redirect("/region\(query)") }
        if let leads { return WebResponse.redirect("/departments/\(Self.queryValue(leads))\(query)") }
        return WebResponse.redirect("/trainees\(query)")
    }
}

/// The pages behind a log-in: the session cookie (a GET without one goes to `/login`), and for every POST the form
/// token of that session (403 page without it, before the handler runs). A use case's refusal that reaches it becomes
/// an error page with the API's status (404 for anything out of sight, exactly as for what does not exist).
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let database: Database

    /// The person a trusted proxy names in its user header, or nil (no proxy configured, no header, or a peer that is
    /// not a trusted proxy — whose header is ignored, as the API ignores it).
    func proxyName(_ request: Request, context: Context) -> String? {
        guard let header = database.configuration.proxy.userHeader, let name = HTTPField.Name(header),
              let named = request.headers[name].map({ Substring($0).trimmingSpaces }), !named.isEmpty else { return nil }
        guard context.viaTrustedProxy else {
            context.logger.notice("user header from an untrusted address ignored (web)", metadata: ["address": .string(context.address)])
            return nil
        }
        return String(named)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = WebLanguage.of(request)
        let reading = [.get, .head].contains(request.method)
        let policy = database.configuration.policy
        if let named = proxyName(request, context: context) {
            // Single sign-on (`--trust-proxy`, `--user-header`): the proxy's word names the person. Their session goes
            // on; without one (or with someone else's, on a shared PC) a page opens one as a log-in and comes back to
            // itself with the cookie, so its forms carry that session's token. A form cannot open one.
            let cookieID = WebPages.sessionID(request)
            let current = try await database.run(as: nil, writing: false, language: language) {
                try Accounts.proxySession($0, name: named, sessionID: cookieID, policy: policy)
            }
            if current == nil {
                guard reading else {
                    let message = try await database.run(as: nil, writing: false, language: language) { $0.texts("account.proxyFirstRequest") }
                    return WebPages.errorPage(request, LogbookError(.refused, message, reason: .forbidden), language: language)
                }
                let address = context.address
                let (identity, opened) = try await database.run(as: nil, writing: true, language: language) {
                    try Accounts.openProxySession($0, name: named, address: address, policy: policy)
                }
                context.logger.info("signed on through the proxy (web)", metadata: ["user": .string(identity.handle), "address": .string(address)])
                var response = WebResponse.redirect(WebResponse.localPath(request.uri.description) ?? "/")
                response.setCookie(AuthenticationMiddleware.sessionCookie(opened.sessionID, maxAge: Int(policy.absoluteSeconds),
                                                                          secure: database.configuration.secureCookies))
                return response
            }
        }
        guard let id = WebPages.sessionID(request), !id.isEmpty else {
            return reading ? WebResponse.redirect("/login") : WebPages.errorPage(request, WebForms.refusal, language: language)
        }
        let identity: Accounts.Authenticated
        do {
            identity = try await database.run(as: nil, writing: false) { try Accounts.authenticate($0, sessionID: id, policy: policy) }
        } catch let error as LogbookError where error.reason == .unauthenticated {
            return reading ? WebResponse.redirect("/login") : WebPages.errorPage(request, WebForms.refusal, language: language)
        }
        var context = context
        if !reading {
            let form: WebForm
            do {
                form = try await WebForm.read(request, uploadLimit: WebPages.uploadPaths.contains(request.uri.path) ? WebPages.uploadLimit : nil)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                context.logger.notice("web form too large refused")
                return WebPages.tooLarge(request, language: language, formKey: id)
            }
            guard WebForms.accepts(form[WebForms.field], key: id) else {
                context.logger.notice("web form without its token refused")
                return WebPages.errorPage(request, WebForms.refusal, language: language, formKey: id)
            }
            context.webForm = form
        }
        // A session that may only enrol TOTP (the API's rule) is sent to "Min konto", which says why and enrols; it may
        // still sign out. A form posted anywhere else is refused with the same reason.
        if identity.enrolmentOnly, !WebPages.enrolmentPaths.contains(request.uri.path) {
            if reading { return WebResponse.redirect("/account") }
            let roles = policy.requireTOTP.map(\.rawValue).sorted().joined(separator: ", ")
            return WebPages.errorPage(request, LogbookError.forbidden(Texts(language)("totp.enrolmentOnly", ["roles": roles])),
                                      language: language, formKey: id)
        }
        if identity.needsTouch { await database.touch(identity, logger: context.logger) }
        context.identity = identity
        context.logger[metadataKey: "user"] = .string(identity.handle)
        let secretariat = try await database.run(as: identity.handle, writing: false) { ((try? RegionDesk.regions($0)) ?? []).isEmpty == false }
        do {
            return try await WebRegionMenu.$shown.withValue(secretariat) {
                try await RequestAuthentication.$method.withValue(identity.method) { try await next(request, context) }
            }
        } catch let error as LogbookError {
            let name = try? await database.run(as: identity.handle, writing: false) { try $0.names([identity.handle])[identity.handle] }
            return WebPages.errorPage(request, error, language: language, user: name ?? identity.handle, formKey: id)
        }
    }
}

/// The log-in page: the handle typed (kept after a failure) and the failure, never saying which part was wrong.
struct LogInPage: WebPage {
    static let template = "login"
    /// The longest user name taken from `?handle=` (longer text is cut: it fills a field, nothing more).
    static let handleLimit = 100
    let title: String
    let handle: String
    let error: String?
    /// The user name came filled in: the password field has the focus.
    let focusPassword: Bool

    static func make(handle: String, error: String?, focusPassword: Bool = false, t: Texts) -> LogInPage {
        LogInPage(title: t("web.login.title"), handle: handle, error: error, focusPassword: focusPassword && error == nil)
    }
}

/// The invitation page: the form that chooses a password for the invitation `token`, showing the user name of the
/// invited person (`invitee`); for an invitation that is unknown, used or expired (`invitee` nil), only the message.
struct InvitationPage: WebPage {
    static let template = "invitation"
    let title: String
    let action: String
    let handle: String?
    let form: Bool
    let error: String?

    static func make(token: String, invitee: String?, error: String?, t: Texts) -> InvitationPage {
        InvitationPage(title: t("web.invitation.title"), action: "/invitation/\(token)", handle: invitee, form: invitee != nil, error: error)
    }
}

/// The error page: what went wrong in the reader's words (the same page for out of sight as for missing).
struct ErrorPage: WebPage {
    static let template = "error"
    let title: String
    let message: String

    static func make(_ error: LogbookError, t: Texts) -> ErrorPage {
        let message: String
        switch error.reason {
        case .notFound: message = t("web.error.notFound")
        case .forbidden where error.message == WebForms.refusal.message: message = t("web.error.csrf")
        default: message = error.shown
        }
        return ErrorPage(title: t("web.error.title"), message: message)
    }
}

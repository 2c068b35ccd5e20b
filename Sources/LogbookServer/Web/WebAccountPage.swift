import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain

/// "Min konto": change one's password (`PasswordChange`, as `PUT /api/v1/session/password`), turn on two-step
/// log-in (`TwoFactor.enrol`/`confirm`, as `POST /api/v1/session/totp` and `.../confirmation`) and off again
/// (`TwoFactor.remove`, as `DELETE /api/v1/session/totp`).
///
/// A session that may only enrol (the person's role requires TOTP and it is not on yet, `LOGBOOK_REQUIRE_TOTP`) is
/// sent here from every page: it may enrol, confirm and sign out, nothing else. The secret is shown once, on the
/// answer to the enrol form (never in a URL or a log), as a QR code of the otpauth:// address (encoded by libqrencode,
/// drawn as inline SVG: no script, no image request) and as the base32 text an authenticator app accepts typed in.
extension WebPages {
    /// The paths a session that may only enrol TOTP may reach.
    static let enrolmentPaths: Set<String> = ["/account", "/account/totp", "/account/totp/confirmation", "/logout"]

    func addAccountRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("account", use: accountPage)
        pages.post("account/password", use: changePassword)
        pages.post("account/totp", use: enrolTOTP)
        pages.post("account/totp/confirmation", use: confirmTOTP)
        pages.post("account/totp/removal", use: disableTOTP)
    }

    func renderAccount(_ request: Request, context: ServerRequestContext, notice: AccountNotice = .init(),
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try context.session()
        let policy = database.configuration.policy
        return try await renderPage(request, context, status: status) { session in
            let t = session.texts
            let name = try session.names([identity.handle])[identity.handle] ?? identity.handle
            return AccountPage.make(
                name: name, handle: identity.handle,
                requiredRoles: identity.enrolmentOnly ? policy.requireTOTP.map { t.role($0.rawValue) }.sorted() : nil,
                totpOn: try TwoFactor.status(session, identity), totpAvailable: policy.totpKey != nil, notice: notice, t: t)
        }
    }

    /// GET /account.
    @Sendable func accountPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await renderAccount(request, context: context)
    }

    /// The account page again with a refusal under the form, with the API's status.
    func accountRefusal(_ request: Request, context: ServerRequestContext, form: String, _ error: LogbookError) async throws -> Response {
        try await renderAccount(request, context: context, notice: .init(form: form, message: error.shown), status: Problem.status(of: error))
    }

    /// POST /account/password: current, new, repeat. A wrong current password counts as a failed log-in (throttled like
    /// one); on success every other session of the person ends.
    @Sendable func changePassword(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let form = context.webForm ?? WebForm()
        let t = Texts(WebLanguage.of(request))
        let current = form["current"] ?? "", new = form["new"] ?? ""
        guard new == form["repeat"] ?? "" else {
            return try await accountRefusal(request, context: context, form: "password", LogbookError.usage(t("web.invitation.mismatch")))
        }
        let address = context.address
        let policy = database.configuration.policy
        do {
            let check = try await database.run(as: identity.handle, writing: false) { try PasswordChange.begin($0, identity, address: address) }
            let checked = try await database.compute { try PasswordChange.check(check, current: current, new: new, policy: policy) }
            let ended = try await database.run(as: identity.handle, writing: true, language: t.language) {
                try PasswordChange.finish($0, identity, checked)
            }
            context.logger.info("password changed (web)", metadata: ["sessions_ended": .stringConvertible(ended)])
            return WebResponse.redirect("/account?done=passwordChanged")
        } catch let error as LogbookError {
            context.logger.notice("failed password change (web)", metadata: ["address": .string(address)])
            return try await accountRefusal(request, context: context, form: "password", error)
        }
    }

    /// POST /account/totp: a new secret, shown on this answer only, pending until a code confirms it.
    @Sendable func enrolTOTP(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let policy = database.configuration.policy
        do {
            let enrolment = try await database.run(as: nil, writing: true, language: WebLanguage.of(request)) {
                try TwoFactor.enrol($0, identity, policy: policy)
            }
            context.logger.info("totp enrolment started (web)")
            return try await renderAccount(request, context: context, notice: .init(enrolment: enrolment))
        } catch let error as LogbookError {
            return try await accountRefusal(request, context: context, form: "totp", error)
        }
    }

    /// POST /account/totp/confirmation: the code from the app; two-step log-in is on from now.
    @Sendable func confirmTOTP(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let policy = database.configuration.policy
        let code = (context.webForm?["code"] ?? "").filter { !$0.isWhitespace }
        do {
            try await database.run(as: nil, writing: true, language: WebLanguage.of(request)) {
                try TwoFactor.confirm($0, identity, code: code, policy: policy)
            }
            context.logger.info("totp confirmed (web)")
            return WebResponse.redirect("/account?done=totpOn")
        } catch let error as LogbookError {
            return try await accountRefusal(request, context: context, form: "confirm", error)
        }
    }

    /// POST /account/totp/removal (password or code): turns two-step log-in off, proved with the current password or a
    /// current code from the app. A wrong proof counts as a failed log-in (throttled like one) and changes nothing.
    @Sendable func disableTOTP(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let form = context.webForm ?? WebForm()
        let t = Texts(WebLanguage.of(request))
        let password = form.optional("password"), code = form.optional("code")?.filter { !$0.isWhitespace }
        func refused(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await renderAccount(request, context: context, notice: .init(form: "disable", message: message), status: status)
        }
        guard password != nil || code != nil else { return try await refused(t("web.account.offNoProof"), .unprocessableContent) }
        let address = context.address, policy = database.configuration.policy
        do {
            let proof: TwoFactor.Proof
            if let password {
                let check = try await database.run(as: nil, writing: false) { try Accounts.beginLogIn($0, handle: identity.handle, address: address) }
                proof = .password(try await database.compute { Accounts.verify(check, password: password) })
            } else {
                proof = .code(code ?? "")
            }
            try await database.run(as: nil, writing: true, language: t.language) {
                try TwoFactor.remove($0, identity, proof: proof, address: address, policy: policy)
            }
            context.logger.info("totp removed (web)")
            return WebResponse.redirect("/account?done=totpOff#totp")
        } catch let error as LogbookError {
            context.logger.notice("failed totp removal (web)", metadata: ["address": .string(address)])
            let message: String
            switch error.reason {
            case .throttled(let seconds): message = t("web.login.throttled", ["seconds": String(seconds)])
            case .notFound: message = t("web.account.offNotOn")
            default: message = t("web.account.offWrong")
            }
            return try await refused(message, Problem.status(of: error))
        }
    }
}

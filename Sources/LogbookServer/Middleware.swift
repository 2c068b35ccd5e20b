import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import Logging
import NIOHTTP1

/// Security headers on every response, errors included; the request id in `X-Request-Id` and the log metadata.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    /// The Content-Security-Policy of every response. A handler may only add to it (`WebResponse.document` allows its
    /// own inline style sheet by hash); one that set anything else would be overwritten.
    static let policy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    static let headers: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, policy),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-store"),
    ]

    /// Whether a path is a web page's (people read its 404 as HTML) rather than the API's or the health check's.
    static func isPage(_ path: String) -> Bool {
        !(path == "/api" || path.hasPrefix("/api/") || path == "/healthz" || path.hasPrefix("/static/"))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as LogbookError {
            if error.status == .internalError { context.logger.error("internal error: \(error.message)") }
            response = Problem.response(error)
        } catch let error as HTTPParserError {
            // The request could not be read to its end: a body shorter than its Content-Length whose client closed its
            // side (issue 30), or bytes that are no HTTP. The client's fault, answered 400 and noted, never an internal
            // error; NIO closes the connection after the answer.
            context.logger.notice("request not read to its end: \(error)")
            if Self.isPage(request.uri.path) {
                let language = WebLanguage.of(request)
                response = WebPages.errorPage(request, LogbookError.usage(Texts(language)("server.unreadableBody")), language: language)
            } else {
                response = Problem.response(LogbookError.usage(Texts.untranslated("server.unreadableBody")))
            }
        } catch let error as any HTTPResponseError where error.status == .notFound && Self.isPage(request.uri.path) {
            // A page path nobody routes (a mistyped or old link): the web's 404 page, in the reader's language.
            response = WebPages.errorPage(request, LogbookError.notFound("no such page"), language: WebLanguage.of(request))
        } catch let error as any HTTPResponseError {
            // Hummingbird's own (no route: 404, wrong method: 405, body too large: 413) as problem details too.
            let message = error.status == .notFound ? "no such resource: \(request.uri.path)" : error.status.reasonPhrase
            response = Problem.response(LogbookError(error.status.code >= 500 ? .internalError : .usage, message,
                                                     reason: error.status == .notFound ? .notFound : .rule),
                                        overriding: error.status)
        } catch {
            context.logger.error("internal error: \(error)")
            response = Problem.response(LogbookError(.internalError, "internal error; the request id is \(context.id)"))
        }
        let ownPolicy = response.headers[.contentSecurityPolicy].flatMap { $0.hasPrefix(Self.policy + "; style-src 'self' 'sha256-") ? $0 : nil }
        for (name, value) in Self.headers { response.headers[name] = value }
        if let ownPolicy { response.headers[.contentSecurityPolicy] = ownPolicy }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        context.logger.info("\(request.method) \(Self.logged(request.uri.path)) \(response.status.code)")
        return response
    }

    /// The path as the request log shows it: an invitation's token opens an account, so it is a secret and never
    /// logged (`/api/v1/invitations/…`, the web page's `/invitation/…`); nor is anything after `/invitations/` in a
    /// path that misses the route.
    static func logged(_ path: String) -> String {
        guard let found = path.firstRange(of: "/invitations/") ?? path.firstRange(of: "/invitation/"), found.upperBound < path.endIndex
        else { return path }
        return String(path[..<found.upperBound]) + "…"
    }
}

/// Who the client is: the peer, or, when the peer is a trusted proxy, the address `X-Forwarded-For` names
/// (`ProxyTrust.client`). Runs first, so throttling, the log-in record and the log see the real client.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let trust: ProxyTrust

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let peer = context.remoteAddress?.ipAddress
        context.viaTrustedProxy = trust.trusts(peer)
        context.clientAddress = trust.client(peer: peer, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}

/// The session cookie: finds the logged-in person (401 without one) and, for every state-changing request,
/// requires the session's CSRF token in `X-CSRF-Token` (403 when missing or wrong).
///
/// Or a personal API token in `Authorization: Bearer TOKEN`: the token's person, without cookie or CSRF (a browser
/// never sends a bearer token by itself, so no other site can make it send one). A `read` token is refused (403) on
/// every state-changing request, and no token reaches `/session` (except `GET`), `/tokens` or `POST /invitations`:
/// credentials are managed in a session only. The token is never logged.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let database: Database

    static let cookie = "logbook_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    static let badCSRF = LogbookError(.refused, "missing or wrong CSRF token: send the token returned at log-in in the X-CSRF-Token header",
                                      reason: .forbidden)

    static let bearerPrefix = "bearer "

    /// Paths a token never reaches (besides `GET /api/v1/session`). Making an invitation is one: it lets whoever holds
    /// it set the person's password, so a leaked token must not make one.
    static func managesCredentials(_ path: String) -> Bool {
        path == "/api/v1/session" || path.hasPrefix("/api/v1/session/") || path == "/api/v1/tokens" || path.hasPrefix("/api/v1/tokens/")
            || path == "/api/v1/invitations" || path == "/api/v1/invitations/"
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure unless configured off for plain-http loopback testing.
    static func sessionCookie(_ value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let reading = [.get, .head, .options].contains(request.method)
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix(Self.bearerPrefix) {
            let token = String(authorization.dropFirst(Self.bearerPrefix.count)).trimmed
            let touchSeconds = database.configuration.policy.touchSeconds
            let identity = try await database.run(as: nil, writing: false) {
                try APITokens.authenticate($0, token: token, touchSeconds: touchSeconds)
            }
            let t = Texts.untranslated
            if Self.managesCredentials(request.uri.path), !(reading && request.uri.path == "/api/v1/session") {
                throw LogbookError.forbidden(t(request.uri.path.hasPrefix("/api/v1/invitations") ? "token.notForInvitations" : "token.notForCredentials"))
            }
            if identity.tokenScope == .read, !reading { throw LogbookError.forbidden(t("token.readOnly")) }
            return try await proceed(request, context, identity, next)
        }
        let trust = database.configuration.proxy
        if let header = trust.userHeader, let name = HTTPField.Name(header),
           let named = request.headers[name].map({ Substring($0).trimmingSpaces }), !named.isEmpty {
            if context.viaTrustedProxy { return try await proxySignOn(named, request, context: context, next: next) }
            // Anyone can send the header; only the proxy's word counts. Log it: it may be an attack, or a proxy whose
            // address is not in --trust-proxy.
            context.logger.notice("user header from an untrusted address ignored", metadata: ["address": .string(context.address)])
        }
        guard let id = request.cookies[Self.cookie]?.value, !id.isEmpty else { throw Accounts.noSession }
        let policy = database.configuration.policy
        let identity = try await database.run(as: nil, writing: false) { try Accounts.authenticate($0, sessionID: id, policy: policy) }
        if !reading, !identity.acceptsCSRF(request.headers[Self.csrfHeader]) {
            throw Self.badCSRF
        }
        if identity.enrolmentOnly, !TwoFactorController.enrolmentPaths.contains(request.uri.path) {
            let roles = database.configuration.policy.requireTOTP.map(\.rawValue).sorted().joined(separator: ", ")
            throw LogbookError.forbidden(Texts.untranslated("totp.enrolmentOnly", ["roles": roles]))
        }
        return try await proceed(request, context, identity, next)
    }

    /// Records the last use when due and hands the request on as `identity`.
    private func proceed(_ request: Request, _ context: Context, _ identity: Accounts.Authenticated,
                         _ next: (Request, Context) async throws -> Response) async throws -> Response {
        if identity.needsTouch { await database.touch(identity, logger: context.logger) }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user"] = .string(identity.handle)
        return try await RequestAuthentication.$method.withValue(identity.method) { try await next(request, context) }
    }

    /// The proxy names the person: continue their session, or open one (recorded as a log-in from the client's
    /// address) on a reading request and send its cookie and CSRF token with the response. A changing request without
    /// a session of that person is refused (it cannot carry the new session's CSRF token).
    func proxySignOn(_ name: String, _ request: Request, context: Context,
                     next: (Request, Context) async throws -> Response) async throws -> Response {
        let policy = database.configuration.policy
        let cookieID = request.cookies[Self.cookie]?.value
        var context = context
        let reading = [.get, .head, .options].contains(request.method)
        if let current = try await database.run(as: nil, writing: false, {
            try Accounts.proxySession($0, name: name, sessionID: cookieID, policy: policy)
        }) {
            if !reading, !current.acceptsCSRF(request.headers[Self.csrfHeader]) { throw Self.badCSRF }
            if current.needsTouch { await database.touch(current, logger: context.logger) }
            context.identity = current
        } else {
            guard reading else {
                let message = try await database.run(as: nil, writing: false) { $0.texts("account.proxyFirstRequest") }
                throw LogbookError(.refused, message, reason: .forbidden)
            }
            let address = context.address
            let (identity, opened) = try await database.run(as: nil, writing: true) {
                try Accounts.openProxySession($0, name: name, address: address, policy: policy)
            }
            context.logger.info("signed on through the proxy", metadata: ["user": .string(identity.handle), "address": .string(address)])
            context.identity = identity
            context.openedSession = opened
        }
        context.logger[metadataKey: "user"] = .string(context.identity!.handle)
        let method = context.identity!.method
        var response = try await RequestAuthentication.$method.withValue(method) { try await next(request, context) }
        if let opened = context.openedSession {
            response.setCookie(Self.sessionCookie(opened.sessionID, maxAge: Int(policy.absoluteSeconds),
                                                  secure: database.configuration.secureCookies))
            response.headers[Self.csrfHeader] = opened.csrfToken
        }
        return response
    }
}

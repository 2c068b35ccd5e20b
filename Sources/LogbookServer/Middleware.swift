import HTTPTypes
import Hummingbird
import LogbookApp
import Logging

/// Security headers on every response, errors included; the request id in `X-Request-Id` and the log metadata.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    static let headers: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-store"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as LogbookError {
            if error.status == .internalError { context.logger.error("internal error: \(error.message)") }
            response = Problem.response(error)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own (no route: 404, wrong method: 405, body too large: 413) as problem details too.
            let message = error.status == .notFound ? "no such resource: \(request.uri.path)" : error.status.reasonPhrase
            response = Problem.response(LogbookError(error.status.code >= 500 ? .internalError : .usage, message,
                                                     reason: error.status == .notFound ? .notFound : .rule))
            if error.status != .notFound { response.status = error.status }
        } catch {
            context.logger.error("internal error: \(error)")
            response = Problem.response(LogbookError(.internalError, "internal error; the request id is \(context.id)"))
        }
        for (name, value) in Self.headers { response.headers[name] = value }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code)")
        return response
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
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let database: Database

    static let cookie = "logbook_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    static let badCSRF = LogbookError(.refused, "missing or wrong CSRF token: send the token returned at log-in in the X-CSRF-Token header",
                                      reason: .forbidden)

    /// The session cookie: HttpOnly, SameSite=Strict, Secure unless configured off for plain-http loopback testing.
    static func sessionCookie(_ value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
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
        if ![.get, .head, .options].contains(request.method), !identity.acceptsCSRF(request.headers[Self.csrfHeader]) {
            throw Self.badCSRF
        }
        if identity.needsTouch {
            try await database.run(as: nil, writing: true) { try Accounts.touch($0, identity) }
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user"] = .string(identity.handle)
        return try await next(request, context)
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
            if current.needsTouch { try await database.run(as: nil, writing: true) { try Accounts.touch($0, current) } }
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
        var response = try await next(request, context)
        if let opened = context.openedSession {
            response.setCookie(Self.sessionCookie(opened.sessionID, maxAge: Int(policy.absoluteSeconds),
                                                  secure: database.configuration.secureCookies))
            response.headers[Self.csrfHeader] = opened.csrfToken
        }
        return response
    }
}

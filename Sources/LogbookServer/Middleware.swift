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
        context.logger.info("\(request.method) \(Self.logged(request.uri.path)) \(response.status.code)")
        return response
    }

    /// The path as the request log shows it: an invitation's token opens an account, so it is a secret and never
    /// logged (`/api/v1/invitations/…`); nor is anything after `/invitations/` in a path that misses the route.
    static func logged(_ path: String) -> String {
        guard let found = path.firstRange(of: "/invitations/"), found.upperBound < path.endIndex else { return path }
        return String(path[..<found.upperBound]) + "…"
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

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
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
}

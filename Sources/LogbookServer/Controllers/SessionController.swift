import Hummingbird
import LogbookApp
import LogbookFormats

/// Accounts over HTTP: set a password from an invitation, log in, who am I, sign out.
struct SessionController {
    let database: Database

    /// Routes that need no session: setting a password and logging in.
    func addPublicRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("invitations/{token}", use: acceptInvitation)
        group.post("session", use: logIn)
    }

    /// Routes behind the session cookie.
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("session", use: whoAmI)
        group.delete("session", use: logOut)
    }

    /// POST /invitations/{token} {"password": "..."}: opens the account; 404 for an unknown, used or expired token.
    @Sendable func acceptInvitation(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let password = try await JSONBody.object(request, context: context).string("password")!
        let policy = database.configuration.policy
        let hash = try await database.compute { try Accounts.hashPassword(password, policy: policy) }
        let person = try await database.run(as: nil, writing: true) { try Accounts.acceptInvitation($0, token: token, password: hash) }
        context.logger.info("account opened", metadata: ["user": .string(person.handle)])
        return JSONBody.response(.object([("handle", .string(person.handle))]))
    }

    /// POST /session {"handle", "password"}: a new session (a new id every time), its cookie and its CSRF token.
    @Sendable func logIn(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await JSONBody.object(request, context: context)
        let handle = try body.string("handle")!, password = try body.string("password")!
        let address = context.address
        let policy = database.configuration.policy
        let check = try await database.run(as: nil, writing: false) { try Accounts.beginLogIn($0, handle: handle, address: address) }
        let verdict = try await database.compute { Accounts.verify(check, password: password) }
        let loggedIn: Accounts.LoggedIn
        do {
            loggedIn = try await database.run(as: nil, writing: true) { try Accounts.finishLogIn($0, verdict, policy: policy) }
        } catch let error as LogbookError {
            context.logger.notice("failed log-in", metadata: ["handle": .string(handle), "address": .string(address)])
            throw error
        }
        context.logger.info("logged in", metadata: ["user": .string(handle), "address": .string(address)])
        var response = JSONBody.response(.object([
            ("handle", .string(loggedIn.handle)),
            ("csrf_token", .string(loggedIn.csrfToken)),
            ("expires_at", .string(Session.utc(seconds: loggedIn.expiresAt))),
        ]))
        response.setCookie(cookie(loggedIn.sessionID, maxAge: Int(policy.absoluteSeconds)))
        return response
    }

    /// GET /session: who is logged in.
    @Sendable func whoAmI(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var fields: [(String, JSONValue)] = [("handle", .string(try context.handle()))]
        // A session the proxy's single sign-on just opened: its CSRF token, shown once like at log-in.
        if let opened = context.openedSession {
            fields.append(("csrf_token", .string(opened.csrfToken)))
            fields.append(("expires_at", .string(Session.utc(seconds: opened.expiresAt))))
        }
        return JSONBody.response(.object(fields))
    }

    /// DELETE /session (?everywhere=true ends every session of the person): signs out and clears the cookie.
    @Sendable func logOut(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw Accounts.noSession }
        let everywhere = request.uri.queryParameters.get("everywhere") == "true"
        try await database.run(as: nil, writing: true) { try Accounts.logOut($0, identity, everywhere: everywhere) }
        var response = Response(status: .noContent)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure unless configured off for plain-http loopback testing.
    func cookie(_ value: String, maxAge: Int) -> Cookie {
        AuthenticationMiddleware.sessionCookie(value, maxAge: maxAge, secure: database.configuration.secureCookies)
    }
}

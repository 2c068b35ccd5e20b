import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Two-factor log-in over HTTP: enrol, confirm with a first code, remove (with the password or a code).
struct TwoFactorController {
    let database: Database

    /// The paths a session that may only enrol can reach (besides them, nothing).
    static let enrolmentPaths: Set<String> = ["/api/v1/session", "/api/v1/session/totp", "/api/v1/session/totp/confirmation"]

    /// Routes behind the session cookie.
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("session/totp", use: enrol)
        group.post("session/totp/confirmation", use: confirm)
        group.delete("session/totp", use: remove)
    }

    /// POST /session/totp: a new secret (base32) and its otpauth:// URI, shown once; pending until confirmed.
    @Sendable func enrol(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let policy = database.configuration.policy
        let enrolment = try await database.run(as: nil, writing: true) { try TwoFactor.enrol($0, identity, policy: policy) }
        context.logger.info("totp enrolment started", metadata: ["user": .string(identity.handle)])
        return JSONBody.response(.object([
            ("secret", .string(enrolment.secret)),
            ("uri", .string(enrolment.uri)),
            ("digits", .int(Int64(TwoFactor.digits))),
            ("period", .int(TwoFactor.period)),
        ]), status: .created)
    }

    /// POST /session/totp/confirmation {"code"}: TOTP is on from now; this session counts as password+totp.
    @Sendable func confirm(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let code = try await JSONBody.object(request, context: context).string("code")!
        let policy = database.configuration.policy
        try await database.run(as: nil, writing: true) { try TwoFactor.confirm($0, identity, code: code, policy: policy) }
        context.logger.info("totp confirmed", metadata: ["user": .string(identity.handle)])
        return JSONBody.response(.object([
            ("handle", .string(identity.handle)),
            ("totp", .string("on")),
            ("authentication", .string(AuthenticationMethod.passwordTOTP.rawValue)),
        ]))
    }

    /// DELETE /session/totp {"password"} or {"code"}: removes it; a wrong proof is a failed log-in (throttled like one).
    @Sendable func remove(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let body = try await JSONBody.object(request, context: context)
        let password = try body.string("password", required: false), code = try body.string("code", required: false)
        guard password != nil || code != nil else { throw LogbookError.usage(Texts.untranslated("totp.removeProof")) }
        let address = context.address, policy = database.configuration.policy
        let check = try await database.run(as: nil, writing: false) { try Accounts.beginLogIn($0, handle: identity.handle, address: address) }
        let proof: TwoFactor.Proof
        if let password {
            proof = .password(try await database.compute { Accounts.verify(check, password: password) })
        } else {
            proof = .code(code ?? "")
        }
        try await database.run(as: nil, writing: true) {
            try TwoFactor.remove($0, identity, proof: proof, address: address, policy: policy)
        }
        context.logger.info("totp removed", metadata: ["user": .string(identity.handle)])
        return Response(status: .noContent)
    }
}

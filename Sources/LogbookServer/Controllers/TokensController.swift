import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Personal API tokens over HTTP: make one (shown once), list one's own, revoke. Only in a session: a token never
/// makes or revokes tokens (`AuthenticationMiddleware`).
struct TokensController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("tokens", use: create)
        group.get("tokens", use: list)
        group.delete("tokens/{id}", use: revoke)
    }

    static func json(_ token: APITokenRecord, now: Int64) -> JSONValue {
        let state = token.revokedAt != nil ? "revoked" : now >= token.expiresAt ? "expired" : "active"
        return .object([
            ("id", .int(token.id)),
            ("name", .string(token.name)),
            ("scope", .string(token.scope.rawValue)),
            ("state", .string(state)),
            ("created_at", .string(Session.utc(seconds: token.createdAt))),
            ("expires_at", .string(Session.utc(seconds: token.expiresAt))),
            ("last_used_at", token.lastUsedAt.map { .string(Session.utc(seconds: $0)) } ?? .null),
            ("revoked_at", token.revokedAt.map { .string(Session.utc(seconds: $0)) } ?? .null),
        ])
    }

    /// POST /tokens {"name", "scope": "read"|"act", "days"?}: 201 with the token, shown only now.
    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let body = try await JSONBody.object(request, context: context)
        let name = try body.string("name")!, scope = try body.string("scope")!
        let days: Int?
        switch body["days"] {
        case nil, .null?: days = nil
        case .int(let value)?: days = Int(clamping: value)
        case let other?: throw LogbookError.usage(Texts.untranslated("token.daysType", ["type": other.typeName]))
        }
        let made = try await database.run(as: nil, writing: true) {
            try APITokens.create($0, identity, name: name, scope: scope, days: days)
        }
        context.logger.info("api token made", metadata: ["token_id": .stringConvertible(made.record.id)])
        guard case .object(var members) = Self.json(made.record, now: made.record.createdAt) else { return Response(status: .internalServerError) }
        members.insert(("token", .string(made.token)), at: 1)
        return JSONBody.response(.object(members), status: .created)
    }

    /// GET /tokens: the person's own tokens, without secrets.
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let tokens = try await database.run(as: nil, writing: false) { try APITokens.list($0, identity) }
        let now = database.configuration.seconds()
        return JSONBody.response(.array(tokens.map { Self.json($0, now: now) }))
    }

    /// DELETE /tokens/{id}: revokes one's own token (another person's reads as missing).
    @Sendable func revoke(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.session()
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw LogbookError.notFound(Texts.untranslated("token.notFound", ["id": text])) }
        try await database.run(as: nil, writing: true) { try APITokens.revoke($0, identity, id: id) }
        context.logger.info("api token revoked", metadata: ["token_id": .stringConvertible(id)])
        return Response(status: .noContent)
    }
}

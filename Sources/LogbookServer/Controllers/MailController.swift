import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The server's mail over HTTP (issue 27): the delivery log and a person's mail settings.
struct MailController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("mail", use: log)
        group.get("account/mail", use: preferences)
        group.put("account/mail", use: setPreferences)
    }

    /// One outbox row as the delivery log shows it: never its bodies (an invitation's holds its token).
    static func json(_ mail: OutboxRecord) -> JSONValue {
        .object([
            ("id", .int(mail.id)), ("kind", .string(mail.kind.rawValue)), ("handle", .string(mail.handle)), ("address", .string(mail.address)),
            ("subject", .string(mail.subject)), ("created_at", .string(mail.createdAt)), ("state", .string(mail.state.rawValue)),
            ("attempts", .int(Int64(mail.attempts))),
            ("next_attempt_at", mail.state == .pending ? .string(Session.utc(seconds: mail.nextAttemptAt)) : .null),
            ("finished_at", JSONValue.string(mail.finishedAt)), ("last_result", JSONValue.string(mail.lastError)),
        ])
    }

    static func json(_ person: PersonRecord, _ preferences: MailPreferences) -> JSONValue {
        .object([
            ("handle", .string(person.handle)), ("address", JSONValue.string(person.email)), ("language", .string(preferences.language)),
            ("requests", .string(preferences.requests.rawValue)), ("answers", .string(preferences.answers.rawValue)),
            ("digest", .string(preferences.digest.rawValue)),
        ])
    }

    /// GET /mail (?person=HANDLE, ?limit=1..1000, default 200): the delivery log, newest first; the secretariat sees
    /// every mail, anyone else their own.
    @Sendable func log(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let person = request.uri.queryParameters.get("person").map { String($0) }
        let limit = try APIInput.number(request, "limit", texts: APIInput.texts).map { min(Int($0), 1000) } ?? 200
        let mails = try await database.run(as: handle, writing: false) { try Mail.log($0, handle: person, limit: limit) }
        return JSONBody.response(.array(mails.map(Self.json)))
    }

    /// GET /account/mail (?person=HANDLE for someone else's, by whoever may add people): the mail settings.
    @Sendable func preferences(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let person = request.uri.queryParameters.get("person").map { String($0) }
        let (who, preferences) = try await database.run(as: handle, writing: false) { try Mail.preferences($0, handle: person) }
        return JSONBody.response(Self.json(who, preferences))
    }

    /// PUT /account/mail {"handle"?, "language"?, "requests"?, "answers"?, "digest"?}: changes the settings given.
    @Sendable func setPreferences(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: ["handle", "language", "requests", "answers", "digest"])
        let person = try body.string("handle", required: false), language = try body.string("language", required: false)
        let requests = try body.string("requests", required: false), answers = try body.string("answers", required: false)
        let digest = try body.string("digest", required: false)
        let (who, preferences) = try await database.run(as: handle, writing: true) {
            try Mail.setPreferences($0, handle: person, language: language, requests: requests, answers: answers, digest: digest)
        }
        return JSONBody.response(Self.json(who, preferences))
    }
}

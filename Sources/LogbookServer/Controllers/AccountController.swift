import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// A logged-in person's account over HTTP: changing the password; and, for a secretariat, the record of log-ins.
struct AccountController {
    let database: Database

    /// Routes behind the session cookie.
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.put("session/password", use: changePassword)
        group.get("log-ins", use: logIns)
    }

    /// PUT /session/password {"current", "new"}: 422 for a wrong current password (counted as a failed log-in, so it
    /// is throttled like one: 429), or a new one that breaks the rules; on success every other session ends.
    @Sendable func changePassword(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw Accounts.noSession }
        let body = try await JSONBody.object(request, context: context)
        let current = try body.string("current")!, new = try body.string("new")!
        let address = context.address
        let policy = database.configuration.policy
        let check = try await database.run(as: identity.handle, writing: false) { try PasswordChange.begin($0, identity, address: address) }
        let checked = try await database.compute { try PasswordChange.check(check, current: current, new: new, policy: policy) }
        let ended: Int
        do {
            ended = try await database.run(as: identity.handle, writing: true) { try PasswordChange.finish($0, identity, checked) }
        } catch let error as LogbookError {
            context.logger.notice("failed password change", metadata: ["address": .string(address)])
            throw error
        }
        context.logger.info("password changed", metadata: ["sessions_ended": .stringConvertible(ended)])
        return JSONBody.response(.object([("handle", .string(identity.handle)), ("sessions_ended", .int(Int64(ended)))]))
    }

    /// GET /log-ins (?handle, ?since=DATE, ?failed=true, ?limit=1..1000, default 100): newest first; 403 but for a
    /// secretariat.
    @Sendable func logIns(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let query = request.uri.queryParameters
        let failed = query.get("failed"), limit = query.get("limit"), since = query.get("since"), who = query.get("handle")
        let entries = try await database.run(as: handle, writing: false) { session in
            let t = session.texts
            guard [nil, "true", "false"].contains(failed) else {
                throw LogbookError.usage(t("logIns.query.failed", ["value": failed ?? ""]))
            }
            var count = 100
            if let limit {
                guard let number = Int(limit), (1...1000).contains(number) else {
                    throw LogbookError.usage(t("logIns.query.limit", ["value": limit]))
                }
                count = number
            }
            return try LogIns.list(session, LogIns.Filter(handle: who, since: try since.map { try session.date($0, flag: "since") },
                                                          failedOnly: failed == "true", limit: count))
        }
        return JSONBody.response(.array(entries.map(\.json)))
    }
}

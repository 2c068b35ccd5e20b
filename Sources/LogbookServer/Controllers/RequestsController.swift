import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Approval requests (anmodninger om godkendelse) over HTTP: every route calls one use case of `Requests` as the
/// logged-in person. A request of a position out of the person's sight answers like one that does not exist.
struct RequestsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("positions/{id}/requests", use: make)
        group.get("requests", use: list)
        group.post("requests/{id}/approval", use: approve)
        group.post("requests/{id}/decline", use: decline)
        group.post("requests/{id}/withdrawal", use: withdraw)
    }

    /// The `{id}` of a request; a non-number reads as a request that does not exist.
    static func requestID(_ context: ServerRequestContext) throws -> Int64 {
        try APIInput.id(context) { LogbookError.notFound(APIInput.texts("request.none", ["id": $0])) }
    }

    /// POST /positions/{id}/requests {"to", "competencies"?, "courses"?, "assessments"?, "message"?}: 201 with the request.
    @Sendable func make(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let to = try body.string("to")!, message = try body.string("message", required: false)
        let codes = try APIInput.strings(body, "competencies"), courses = try APIInput.strings(body, "courses")
        let assessments = try APIInput.numbers(body, "assessments", texts: APIInput.texts)
        let json = try await database.run(as: handle, writing: true) { session in
            let made = try Requests.make(session, position: id, to: to, competencies: codes, courses: courses, assessments: assessments,
                                         message: message)
            return JSONViews.request(made, names: try session.names([made.addressee.handle]))
        }
        return JSONBody.response(json, status: .created)
    }

    /// GET /requests (?position=ID, else the person's own current position; ?open=true for open ones only).
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let position = try APIInput.number(request, "position", texts: APIInput.texts)
        let open = try APIInput.flag(request, "open", texts: APIInput.texts)
        let json = try await database.run(as: handle, writing: false) { session in
            let requests = try Requests.list(session, position: position, trainee: nil, all: !open)
            return JSONViews.requests(requests, names: try session.names(requests.map(\.addressee.handle)))
        }
        return JSONBody.response(json)
    }

    /// POST /requests/{id}/approval {"date"?, "comment"?}: approves what the request asks for; 201 with the events.
    @Sendable func approve(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.requestID(context)
        let body = try await APIInput.optionalObject(request, context: context)
        let date = try body.string("date", required: false), comment = try body.string("comment", required: false)
        let events = try await database.run(as: handle, writing: true) {
            try Requests.approve($0, request: id, date: date, comment: comment)
        }
        return JSONBody.response(.array(events.map(PositionsController.json)), status: .created)
    }

    /// POST /requests/{id}/decline {"reason"}: the addressee says no, with a reason.
    @Sendable func decline(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.requestID(context)
        let reason = try await JSONBody.object(request, context: context).string("reason")!
        let json = try await database.run(as: handle, writing: true) { session in
            let declined = try Requests.decline(session, request: id, reason: reason)
            return JSONViews.request(declined, names: try session.names([declined.addressee.handle]))
        }
        return JSONBody.response(json)
    }

    /// POST /requests/{id}/withdrawal {"reason"?}: the trainee takes their own open request back.
    @Sendable func withdraw(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.requestID(context)
        let reason = try await APIInput.optionalObject(request, context: context).string("reason", required: false)
        let json = try await database.run(as: handle, writing: true) { session in
            let withdrawn = try Requests.withdraw(session, request: id, reason: reason)
            return JSONViews.request(withdrawn, names: try session.names([withdrawn.addressee.handle]))
        }
        return JSONBody.response(json)
    }
}

import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The acts on a position beyond competency approvals: course approvals, the two attestations, the forhåndsudtalelse,
/// revoking an act, cancelling a position, and the history that shows them. Every route calls one use case as the
/// logged-in person; a position or event out of their sight answers like one that does not exist.
struct ActsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("positions/{id}/course-approvals", use: approveCourse)
        group.post("positions/{id}/attestations/time", use: attestTime)
        group.post("positions/{id}/attestations/element", use: attestElement)
        group.post("positions/{id}/statement", use: statement)
        group.post("positions/{id}/cancellation", use: cancel)
        group.get("positions/{id}/history", use: history)
        group.post("events/{id}/revocation", use: revoke)
    }

    /// POST /positions/{id}/course-approvals {"course", "date"?, "comment"?}: 201 with the event.
    @Sendable func approveCourse(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let course = try body.string("course")!, date = try body.string("date", required: false)
        let comment = try body.string("comment", required: false)
        let event = try await database.run(as: handle, writing: true) {
            try Approvals.approveCourse($0, positionID: id, course: course, date: date, comment: comment)
        }
        return JSONBody.response(PositionsController.json(event), status: .created)
    }

    /// POST /positions/{id}/attestations/time {"comment"?}: tidsmæssigt gennemført; 201 with the event.
    @Sendable func attestTime(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let comment = try await APIInput.optionalObject(request, context: context).string("comment", required: false)
        let event = try await database.run(as: handle, writing: true) { try Approvals.attestTime($0, positionID: id, comment: comment) }
        return JSONBody.response(PositionsController.json(event), status: .created)
    }

    /// POST /positions/{id}/attestations/element {"comment"?}: godkendt og gennemført; 201 with the event.
    @Sendable func attestElement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let comment = try await APIInput.optionalObject(request, context: context).string("comment", required: false)
        let event = try await database.run(as: handle, writing: true) { try Approvals.attestElement($0, positionID: id, comment: comment) }
        return JSONBody.response(PositionsController.json(event), status: .created)
    }

    /// POST /positions/{id}/statement {"text"?}: the forhåndsudtalelse (the standard Danish text when none); 201.
    @Sendable func statement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let text = try await APIInput.optionalObject(request, context: context).string("text", required: false)
        let event = try await database.run(as: handle, writing: true) { try Approvals.statement($0, positionID: id, text: text) }
        return JSONBody.response(PositionsController.json(event), status: .created)
    }

    /// POST /positions/{id}/cancellation {"reason"}: cancels a position started by mistake; the position as it now is.
    @Sendable func cancel(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let reason = try await JSONBody.object(request, context: context).string("reason")!
        let facts = try await database.run(as: handle, writing: true) { try Positions.cancel($0, positionID: id, reason: reason) }
        guard case .object(var members) = PositionsController.json(facts) else { throw LogbookError(.internalError, "position \(id)") }
        members.append(("cancellation", facts.position.cancellation.map { .int($0) } ?? .null))
        return JSONBody.response(.object(members))
    }

    /// GET /positions/{id}/history: the position's acts in order, as `logbook history --format json` gives them.
    @Sendable func history(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let json = try await database.run(as: handle, writing: false) { session in
            let (_, events, names) = try Approvals.history(session, positionID: id)
            return JSONViews.history(events, names: names)
        }
        return JSONBody.response(json)
    }

    /// POST /events/{id}/revocation {"reason"}: revokes an act (the original stays); 201 with the revocation event.
    @Sendable func revoke(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let id = try APIInput.id(context) { LogbookError.notFound(APIInput.texts("revoke.noEvent", ["event": $0])) }
        let reason = try await JSONBody.object(request, context: context).string("reason")!
        let event = try await database.run(as: handle, writing: true) { try Approvals.revoke($0, eventID: id, reason: reason) }
        return JSONBody.response(PositionsController.json(event), status: .created)
    }
}

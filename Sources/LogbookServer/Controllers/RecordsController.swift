import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Vejledersamtaler and absence over HTTP. Absence kinds are health data: a reader who may not see them
/// (`Access.maySeeAbsenceKinds`) gets each period with its counted days and kind and note null.
struct RecordsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("positions/{id}/meetings", use: meetings)
        group.post("positions/{id}/meetings", use: addMeeting)
        group.get("positions/{id}/absences", use: absences)
        group.post("positions/{id}/absences", use: addAbsence)
        group.post("absences/{id}/withdrawal", use: withdrawAbsence)
    }

    /// GET /positions/{id}/meetings: as `logbook meeting list --format json`.
    @Sendable func meetings(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let json = try await database.run(as: handle, writing: false) { session in
            let meetings = try Meetings.list(session, positionID: id)
            return JSONViews.meetings(meetings, names: try session.names(meetings.map(\.recordedBy)))
        }
        return JSONBody.response(json)
    }

    /// POST /positions/{id}/meetings {"kind", "date", "plan"?}: 201 with the meeting.
    @Sendable func addMeeting(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let kind = try body.string("kind")!, date = try body.string("date")!, plan = try body.string("plan", required: false)
        let json = try await database.run(as: handle, writing: true) { session in
            let meeting = try Meetings.add(session, positionID: id, kind: kind, date: date, plan: nil, planText: plan)
            return JSONViews.meeting(meeting, names: try session.names([meeting.recordedBy]))
        }
        return JSONBody.response(json, status: .created)
    }

    /// GET /positions/{id}/absences (?all=true with withdrawn periods): the periods, the allowance and the end.
    @Sendable func absences(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let all = try APIInput.flag(request, "all", texts: APIInput.texts)
        let listing = try await database.run(as: handle, writing: false) { try Absences.listing($0, positionID: id, all: all) }
        return JSONBody.response(JSONViews.absenceListing(listing))
    }

    /// POST /positions/{id}/absences {"from", "to", "kind", "note"?}: 201 with the period and how the end moved.
    @Sendable func addAbsence(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let from = try body.string("from")!, to = try body.string("to")!, kind = try body.string("kind")!
        let note = try body.string("note", required: false)
        let added = try await database.run(as: handle, writing: true) {
            try Absences.add($0, positionID: id, from: from, to: to, kind: kind, note: note)
        }
        let period = added.period
        let members: [(String, JSONValue)] = [
            ("id", .int(added.id)), ("position", .int(id)), ("kind", .string(period.kind.rawValue)), ("from", .string(period.from.iso)),
            ("to", .string(period.to.iso)), ("days", .int(Int64(period.shownDays))), ("counts", .bool(period.kind.countsAgainstAllowance)),
            ("note", .string(note ?? "")),
        ]
        return JSONBody.response(.object(members + Self.schedule(before: added.before, after: added.after)), status: .created)
    }

    /// POST /absences/{id}/withdrawal {"reason"}: withdraws a period recorded by mistake; how the end moved back.
    @Sendable func withdrawAbsence(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let id = try APIInput.id(context) { LogbookError.notFound(APIInput.texts("absence.none", ["id": $0])) }
        let reason = try await JSONBody.object(request, context: context).string("reason")!
        let (position, before, after) = try await database.run(as: handle, writing: true) {
            try Absences.revoke($0, absenceID: id, reason: reason)
        }
        let members: [(String, JSONValue)] = [("absence", .int(id)), ("position", .int(position)), ("withdrawn", .bool(true))]
        return JSONBody.response(.object(members + Self.schedule(before: before, after: after)))
    }

    /// The allowance and the end after a change, and the end before it.
    static func schedule(before: PositionSchedule, after: PositionSchedule) -> [(String, JSONValue)] {
        [
            ("counted_days", .int(Int64(after.countedAbsenceDays))), ("allowance_days", .int(Int64(after.allowanceDays))),
            ("allowance_left", .int(Int64(after.allowanceLeft))), ("end_before", .string(before.end.iso)), ("end", .string(after.end.iso)),
        ]
    }
}

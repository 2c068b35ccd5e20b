import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Positions, their status and the acts on them: every route calls one use case as the logged-in person, whose reads
/// are scoped (`Session.ReadScope.actor`): a position they may not see answers exactly like one that does not exist.
struct PositionsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("positions", use: list)
        group.get("positions/{id}/status", use: status)
        group.post("positions/{id}/approvals", use: approve)
        group.post("positions/{id}/assessments", use: record)
        group.get("departments/{code}/report", use: report)
    }

    /// The `{id}` of the path; a non-number reads as a position that does not exist.
    static func positionID(_ context: ServerRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw LogbookError.notFound("no position \"\(text)\"; see `logbook position list`") }
        return id
    }

    /// GET /positions: the positions the person may see.
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let positions = try await database.run(as: handle, writing: false) {
            try Positions.list($0, trainee: nil, department: nil, ongoing: false)
        }
        return JSONBody.response(.array(positions.map(Self.json)))
    }

    static func json(_ facts: PositionFacts) -> JSONValue {
        .object([
            ("id", .int(facts.id)),
            ("trainee", .object([("handle", .string(facts.trainee.handle)), ("name", .string(facts.trainee.name))])),
            ("department", .object([("code", .string(facts.department.code)), ("name", .string(facts.department.name))])),
            ("specialty", .string(facts.curriculum.specialty)),
            ("curriculum_version", .string(facts.curriculum.version)),
            ("start", .string(facts.position.start.iso)),
            ("end", .string(facts.schedule.end.iso)),
            ("part_time", .string(facts.position.partTime.storageText)),
        ])
    }

    /// GET /positions/{id}/status (?on=DATE): the same content as `logbook status --format json`.
    @Sendable func status(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.positionID(context)
        let on = request.uri.queryParameters.get("on")
        let json = try await database.run(as: handle, writing: false) {
            let (header, status) = try Overviews.status($0, position: id, trainee: nil, on: on)
            return StatusJSON.json(header, status)
        }
        return JSONBody.response(json)
    }

    /// POST /positions/{id}/approvals {"codes": [...], "comment"?, "date"?}: all of them or none; 201 with the events.
    @Sendable func approve(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let codes = try body.strings("codes"), comment = try body.string("comment", required: false)
        let date = try body.string("date", required: false)
        let events = try await database.run(as: handle, writing: true) {
            try Approvals.approveCompetencies($0, positionID: id, codes: codes, date: date, comment: comment)
        }
        return JSONBody.response(.array(events.map(Self.json)), status: .created)
    }

    static func json(_ event: EventRecord) -> JSONValue {
        .object([
            ("event", .int(event.id)),
            ("kind", .string(event.content.kind.rawValue)),
            ("position", .int(event.content.positionID ?? 0)),
            ("competency", .string(event.content.competencyCode)),
            ("on", .string(event.content.effectiveOn.iso)),
            ("by", .string(event.content.actor)),
            ("role", .string(event.content.actorRole)),
            ("comment", .string(event.content.text)),
            ("recorded_at", .string(event.content.recordedAt)),
            ("signed", .bool(event.signature != nil)),
            ("authentication", .string(event.content.authentication)),
        ])
    }

    /// POST /positions/{id}/assessments {"code", "method", "date", "assessor"?, "note"?, "other_method"?}: 201.
    @Sendable func record(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try Self.positionID(context)
        let body = try await JSONBody.object(request, context: context)
        let assessment = Assessments.Request(
            positionID: id, code: try body.string("code")!, method: try body.string("method")!, date: try body.string("date")!,
            assessor: try body.string("assessor", required: false), note: try body.string("note", required: false),
            otherMethod: try body.bool("other_method"))
        let made = try await database.run(as: handle, writing: true) { try Assessments.record($0, assessment) }
        return JSONBody.response(.object([
            ("id", .int(made.id)),
            ("position", .int(id)),
            ("competency", .string(made.competencyCode)),
            ("method", .string(made.methodText)),
            ("date", .string(made.assessedOn.iso)),
            ("assessor", .string(made.assessor)),
            ("note", .string(made.note)),
            ("recorded_by", .string(made.recordedBy)),
        ]), status: .created)
    }

    /// GET /departments/{code}/report (?on=DATE): the report JSON of `logbook report --format json`.
    @Sendable func report(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), code = try context.parameters.require("code")
        let on = request.uri.queryParameters.get("on")
        let report = try await database.run(as: handle, writing: false) {
            try Overviews.report($0, department: code, on: on, selection: .ongoing)
        }
        return JSONBody.response(report.json)
    }
}

import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// Starting a position, showing one, and changing its hovedvejleder over HTTP: `position start`, `position show` and
/// `position supervisor`; its assessments (`record list`) and its documentation bundle (`export`). A position out of the person's sight answers exactly like one that does not exist.
struct AdminPositionsController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("positions", use: start)
        group.get("positions/{id}", use: show)
        group.put("positions/{id}/supervisor", use: assignSupervisor)
        group.get("positions/{id}/assessments", use: assessments)
        group.get("positions/{id}/bundle", use: bundle)
    }

    /// A position as `GET /positions` lists it, with what `position show` adds.
    static func detail(_ session: Session, id: Int64) throws -> JSONValue {
        let (facts, assessments, meetings) = try Positions.show(session, id: id)
        guard case .object(let members) = PositionsController.json(facts) else { return .null }
        let cancellation = try Positions.cancellation(session, facts)
        return .object(members + JSONViews.positionDetail(facts, assessments: assessments, meetings: meetings, cancellation: cancellation))
    }

    /// POST /positions {"trainee", "department", "curriculum", "start", "program"?, "part_time"?, "kbu_general_practice"?,
    /// "supervisor"?}: its department's UAO/tutor or the region's secretariat; 201 with the position.
    @Sendable func start(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: [
            "trainee", "department", "curriculum", "start", "program", "part_time", "kbu_general_practice", "supervisor",
        ])
        let start = Positions.StartRequest(
            trainee: try body.string("trainee")!, department: try body.string("department")!, curriculum: try body.string("curriculum")!,
            programID: try AdminInput.number(body, "program"), start: try body.string("start")!,
            partTime: try body.string("part_time", required: false), kbuGeneralPractice: try body.bool("kbu_general_practice"),
            supervisor: try body.string("supervisor", required: false))
        let json = try await database.run(as: handle, writing: true) { session in
            let facts = try Positions.start(session, start)
            return try Self.detail(session, id: facts.id)
        }
        return JSONBody.response(json, status: .created)
    }

    /// GET /positions/{id}: the position as `logbook position show` shows it.
    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let json = try await database.run(as: handle, writing: false) { try Self.detail($0, id: id) }
        return JSONBody.response(json)
    }

    /// PUT /positions/{id}/supervisor {"handle", "from"?}: the department's UAO/tutor; the position as it now is.
    @Sendable func assignSupervisor(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let body = try await AdminInput.object(request, context: context, known: ["handle", "from"])
        let supervisor = try body.string("handle")!, from = try body.string("from", required: false)
        let json = try await database.run(as: handle, writing: true) { session in
            _ = try Positions.assignSupervisor(session, positionID: id, handle: supervisor, from: from)
            return try Self.detail(session, id: id)
        }
        return JSONBody.response(json)
    }

    /// GET /positions/{id}/assessments: the position's assessments in entry order, as `logbook record list --format json`.
    @Sendable func assessments(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        let json = try await database.run(as: handle, writing: false) { session in
            let (_, entries) = try Assessments.list(session, positionID: id)
            let names = try session.names(entries.flatMap { [$0.recordedBy] + ($0.assessor.map { [$0] } ?? []) })
            return JSONViews.assessments(entries, names: names)
        }
        return JSONBody.response(json)
    }

    /// GET /positions/{id}/bundle: the documentation bundle `logbook export` writes (docs/BUNDLE-FORMAT.md), as a download.
    @Sendable func bundle(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), id = try PositionsController.positionID(context)
        // The statement that the chain is complete at the bundle's checkpoint is signed by the server's key (issue 29).
        let key = database.configuration.serverKey
        let text = try await database.run(as: handle, writing: false) { session in
            try Bundles.text(session, positionID: id, signer: try key.flatMap { try Bundles.serverSigner(session, key: $0) })
        }
        return JSONBody.response(text: text, headers: [.contentDisposition: "attachment; filename=\"position-\(id).json\""])
    }
}

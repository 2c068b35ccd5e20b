import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The administration over HTTP, the same use cases as the commands: invitations (`account invite`), people
/// (`person add/list/show/correct`), departments (`department add/list/show`) and grants (`grant add/list/end`,
/// `grant delegate/undelegate`).
/// Reads are scoped (`AdminScope`): a person, department or grant out of sight answers like one that does not exist.
struct AdminController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("invitations", use: invite)
        group.get("people", use: people)
        group.post("people", use: addPerson)
        group.get("people/{handle}", use: person)
        group.post("people/{handle}/corrections", use: correctPerson)
        group.get("departments", use: departments)
        group.post("departments", use: addDepartment)
        group.get("departments/{code}", use: department)
        group.get("grants", use: grants)
        group.post("grants", use: addGrant)
        group.post("grants/{id}/end", use: endGrant)
        group.post("delegations", use: delegate)
    }

    // MARK: Invitations

    /// POST /invitations {"handle"}: a one-time invitation for the person to set a password, by whoever may grant every
    /// role they hold; 201 with the token, shown only now (never logged). Only in a session: a token does not invite.
    @Sendable func invite(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: ["handle", "send"])
        let invited = try body.string("handle")!
        let send = try body.bool("send")
        let invitation = try await database.run(as: handle, writing: true) { try Accounts.invite($0, handle: invited, send: send) }
        context.logger.info("invitation made", metadata: ["invited": .string(invitation.handle), "mailed": .stringConvertible(invitation.mailID != nil)])
        var members: [(String, JSONValue)] = [
            ("handle", .string(invitation.handle)), ("name", .string(invitation.name)), ("token", .string(invitation.token)),
            ("expires_at", .string(Session.utc(seconds: invitation.expiresAt))),
        ]
        // Sent by mail (issue 27): the outbox row, which the delivery log (GET /mail) follows.
        if let id = invitation.mailID, let address = invitation.address {
            members.append(("mail", .object([("id", .int(id)), ("address", .string(address)), ("state", .string("pending"))])))
        }
        return JSONBody.response(.object(members), status: .created)
    }

    // MARK: People

    /// GET /people: the people one may see, as `logbook person list --format json`.
    @Sendable func people(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let people = try await database.run(as: handle, writing: false) { try People.list($0) }
        return JSONBody.response(.array(people.map(JSONViews.person)))
    }

    /// A person with their corrections and the grants and positions one may see.
    static func personDetail(_ session: Session, handle: String) throws -> JSONValue {
        let (person, grants, positions) = try People.show(session, handle: handle)
        let changes = try People.changes(session, personID: person.id)
        let names = try session.names(grants.map(\.handle))
        return JSONViews.personDetail(person, changes: changes, grants: grants, positions: positions, names: names, today: session.today)
    }

    /// POST /people {"handle", "name", "authorisation_id"?, "email"?}: a secretariat, UAO or tutor; 201 with the person.
    @Sendable func addPerson(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: ["handle", "name", "authorisation_id", "email"])
        let newHandle = try body.string("handle")!, name = try body.string("name")!
        let authorisation = try body.string("authorisation_id", required: false), email = try body.string("email", required: false)
        let json = try await database.run(as: handle, writing: true) { session in
            let (person, _) = try People.add(session, handle: newHandle, name: name, authorisationID: authorisation, email: email)
            return try Self.personDetail(session, handle: person.handle)
        }
        return JSONBody.response(json, status: .created)
    }

    /// GET /people/{handle}: as `logbook person show`, with the corrections.
    @Sendable func person(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), wanted = try context.parameters.require("handle")
        let json = try await database.run(as: handle, writing: false) { try Self.personDetail($0, handle: wanted) }
        return JSONBody.response(json)
    }

    /// POST /people/{handle}/corrections {"name"?, "authorisation_id"?, "email"?, "reason"?}: null clears an
    /// authorisation id or e-mail; the old values stay in the person's corrections. 201 with the person.
    @Sendable func correctPerson(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), person = try context.parameters.require("handle")
        let body = try await AdminInput.object(request, context: context, known: ["name", "authorisation_id", "email", "reason"])
        var corrections: [People.Correction] = []
        if let name = try body.string("name", required: false) { corrections.append(.name(name)) }
        if let authorisation = try AdminInput.clearable(body, "authorisation_id") { corrections.append(.authorisationID(authorisation)) }
        if let email = try AdminInput.clearable(body, "email") { corrections.append(.email(email)) }
        let reason = try body.string("reason", required: false), wanted = corrections
        let json = try await database.run(as: handle, writing: true) { session in
            let person = try People.correct(session, handle: person, corrections: wanted, reason: reason)
            return try Self.personDetail(session, handle: person.handle)
        }
        return JSONBody.response(json, status: .created)
    }

    // MARK: Departments

    /// GET /departments: the departments one may see, as `logbook department list --format json`.
    @Sendable func departments(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let departments = try await database.run(as: handle, writing: false) { try Departments.list($0) }
        return JSONBody.response(.array(departments.map(JSONViews.department)))
    }

    /// POST /departments {"code", "name", "kind", "region"}: the region's secretariat; 201 with the department.
    @Sendable func addDepartment(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: ["code", "name", "kind", "region"])
        let code = try body.string("code")!, name = try body.string("name")!, kind = try body.string("kind")!
        let region = try body.string("region")!
        let json = try await database.run(as: handle, writing: true) { session in
            let added = try Departments.add(session, code: code, name: name, kind: try Departments.kind(kind, session.texts), region: region)
            return JSONViews.departmentDetail(added, grants: [], names: [:], today: session.today)
        }
        return JSONBody.response(json, status: .created)
    }

    /// GET /departments/{code}: as `logbook department show`: the department and the grants standing in it today.
    @Sendable func department(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), code = try context.parameters.require("code")
        let json = try await database.run(as: handle, writing: false) { session in
            let (department, grants) = try Departments.show(session, code: code)
            return JSONViews.departmentDetail(department, grants: grants, names: try session.names(grants.map(\.handle)), today: session.today)
        }
        return JSONBody.response(json)
    }

    // MARK: Grants

    /// GET /grants (?department=CODE | ?person=HANDLE): the grants one may see, as `logbook grant list --format json`.
    @Sendable func grants(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let department = request.uri.queryParameters.get("department"), person = request.uri.queryParameters.get("person")
        let json = try await database.run(as: handle, writing: false) { session in
            let grants = try Grants.list(session, departmentCode: department, handle: person)
            let names = try session.names(grants.map(\.handle))
            return JSONValue.array(grants.map { JSONViews.grant($0, names: names, today: session.today) })
        }
        return JSONBody.response(json)
    }

    /// POST /grants {"handle", "role", "department"? | "region"?, "from"?, "until"?, "may_approve"?}: by whoever may grant
    /// the role there; 201 with the grant.
    @Sendable func addGrant(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: [
            "handle", "role", "department", "region", "from", "until", "may_approve",
        ])
        let holder = try body.string("handle")!, role = try body.string("role")!
        let department = try body.string("department", required: false), region = try body.string("region", required: false)
        let from = try body.string("from", required: false), until = try body.string("until", required: false)
        let mayApprove = try body.bool("may_approve")
        let json = try await database.run(as: handle, writing: true) { session in
            let added = try Grants.add(session, handle: holder, role: try Grants.role(role, session.texts), departmentCode: department,
                                       region: region, from: from, until: until, mayApprove: mayApprove)
            return JSONViews.grant(added.grant, names: try session.names([added.grant.handle]), today: session.today)
        }
        return JSONBody.response(json, status: .created)
    }

    /// POST /grants/{id}/end {"on"?}: the last day the grant counts (default today); by whoever may grant the role there.
    @Sendable func endGrant(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let id = try APIInput.id(context) { LogbookError.notFound(APIInput.texts("grant.noGrant", ["id": $0])) }
        let on = try await AdminInput.optionalObject(request, context: context, known: ["on"]).string("on", required: false)
        let json = try await database.run(as: handle, writing: true) { session in
            let ended = try Grants.end(session, grantID: id, on: on)
            return JSONViews.grant(ended, names: try session.names([ended.handle]), today: session.today)
        }
        return JSONBody.response(json)
    }

    /// POST /delegations {"handle", "department", "approve"?, "from"?}: gives (`approve` true, the default) or withdraws
    /// (false) a daglig klinisk vejleder's delegation to approve, from a day: the standing grant ends the day before and
    /// one like it, but for the delegation, starts (`grant delegate/undelegate`). 201 with both grants.
    @Sendable func delegate(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let body = try await AdminInput.object(request, context: context, known: ["handle", "department", "approve", "from"])
        let holder = try body.string("handle")!, department = try body.string("department")!
        let from = try body.string("from", required: false)
        let approve = body["approve"] == nil || body["approve"] == .null ? true : try body.bool("approve")
        let json = try await database.run(as: handle, writing: true) { session in
            let done = try Grants.delegate(session, handle: holder, departmentCode: department, from: from, approve: approve)
            let names = try session.names([done.started.handle])
            return JSONValue.object([
                ("ended", JSONViews.grant(done.ended, names: names, today: session.today)),
                ("started", JSONViews.grant(done.started, names: names, today: session.today)),
            ])
        }
        return JSONBody.response(json, status: .created)
    }
}

import Hummingbird
import LogbookApp
import LogbookDomain
import LogbookFormats

/// What concerns a person rather than one position: their inbox, and whether a trainee may apply for a specialty.
struct PeopleController {
    let database: Database

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("inbox", use: inbox)
        group.get("people/{handle}/eligibility", use: eligibility)
    }

    /// GET /inbox (?on=DATE): what waits for the logged-in person, as `logbook inbox --format json` gives it.
    @Sendable func inbox(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle()
        let on = request.uri.queryParameters.get("on")
        let json = try await database.run(as: handle, writing: false) { JSONViews.inbox(try Inbox.items($0, on: on)) }
        return JSONBody.response(json)
    }

    /// GET /people/{handle}/eligibility?specialty=NAME (&on=DATE): as `logbook eligibility --format json`; 200 whether
    /// or not the trainee may apply (the answer is in "may_apply"). A person out of sight is answered like nobody.
    @Sendable func eligibility(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let handle = try context.handle(), trainee = try context.parameters.require("handle")
        let specialty = try APIInput.required(request, "specialty", texts: APIInput.texts)
        let on = request.uri.queryParameters.get("on")
        let json = try await database.run(as: handle, writing: false) { session in
            let (person, name, answer) = try EligibilityCheck.evaluate(session, trainee: trainee, specialty: specialty, on: on)
            let day = try on.map { try session.date($0, flag: "on") } ?? session.today
            return JSONViews.eligibility(person.handle, name, answer, on: day)
        }
        return JSONBody.response(json)
    }
}

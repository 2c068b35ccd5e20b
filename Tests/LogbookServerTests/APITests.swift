import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import LogbookStore
import Testing

@Suite("logbook serve: the OpenAPI document and the router")
struct RouteDocumentTests {
    @Test("every route of the router is described in docs/openapi.json, and every documented path and method is a route")
    func routesAndDocument() throws {
        let fixture = try ServerFixture()
        let all = Set(buildRouter(database: fixture.database).routes.map { "\($0.method.rawValue) \($0.path.description)" })
        // The web pages (issue 16) are HTML for people, not part of the API the document describes: exactly these.
        let pages: Set<String> = [
            "GET /static/app.css", "GET /language", "GET /login", "POST /login", "GET /invitation/{token}", "POST /invitation/{token}",
            "GET /", "POST /logout", "GET /positions/{id}", "POST /positions/{id}/assessments", "POST /positions/{id}/requests",
            "GET /trainees", "POST /requests/{id}/approve", "POST /requests/{id}/decline", "GET /departments/{code}",
            "POST /positions/{id}/attestations/time", "POST /positions/{id}/attestations/element", "POST /positions/{id}/statement",
            "POST /positions/{id}/meetings", "POST /positions/{id}/absences", "POST /positions/{id}/approvals", "POST /requests/{id}/withdraw",
            "GET /positions/{id}/print", "POST /absences/{id}/withdraw",
            "GET /account", "POST /account/password", "POST /account/totp", "POST /account/totp/confirmation", "POST /account/totp/removal",
            "POST /departments/{code}/positions", "GET /departments/{code}/positions/{id}", "POST /departments/{code}/positions/{id}/supervisor",
            "POST /departments/{code}/positions/{id}/revocations", "GET /departments/{code}/access", "POST /departments/{code}/grants",
            "POST /departments/{code}/grants/{id}/end", "POST /departments/{code}/delegations", "POST /departments/{code}/invitations",
            "GET /region", "POST /region/departments", "POST /region/people", "POST /region/invitations", "POST /region/grants", "POST /region/curricula",
            "POST /region/programs", "GET /region/people/{handle}", "POST /region/people/{handle}/corrections",
            "GET /account/mail", "POST /account/mail", "GET /positions/{id}/competencies",
            "GET /positions/{id}/meetings", "GET /positions/{id}/absence", "GET /positions/{id}/history", "GET /positions/{id}/documents",
        ]
        #expect(all.filter { !$0.contains(" /api/v1") && !$0.hasSuffix(" /healthz") } == pages)
        let routed = all.subtracting(pages)
        let document = try JSONValue.parse(OpenAPI.document)
        guard case .object(let paths)? = document["paths"] else { throw TestFailure("no paths") }
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        var documented: Set<String> = []
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, _) in operations where methods.contains(method) { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(routed.subtracting(documented).isEmpty, "routes not in docs/openapi.json: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        #expect(routed.contains("POST /api/v1/requests/{id}/decline") && routed.contains("GET /api/v1/people/{handle}/eligibility"))
    }
}

@Suite("logbook serve: approval requests")
struct RequestAPITests {
    static func ask(_ codes: [String], to: String = "hovedvejleder") -> JSONValue {
        .object([("to", .string(to)), ("competencies", .array(codes.map { .string($0) })), ("message", .string("Se min Mini-CEX"))])
    }

    @Test("a trainee asks, the hovedvejleder lists and declines; others are refused (403) or told it does not exist (404)")
    func makeListDecline() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let klinisk = try await client.logIn("dr.klinisk", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let berit = try await client.logIn("dr.berit", fixture: fixture)

            let made = try await client.call(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I1"]))
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(int(made.json["id"]))
            #expect(string(made.json["handle"]) == "dr.hoved" && string(made.json["status"]) == "open")
            #expect(made.json["items"] == .array([.string("I1")]))

            // Refused: not the trainee (403); another trainee's position (404, as a missing one); no "to" (400); asked twice (409).
            try await client.refused(.post, "/api/v1/positions/\(ahmed)/requests", as: hoved, Self.ask(["I3"]), status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/requests", id: ahmed, as: berit, Self.ask(["I3"]), fixture: fixture)
            try await client.refused(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, .object([("competencies", .array([.string("I3")]))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I1"]), status: .conflict, fixture: fixture)
            // A mistyped addressee is not found, and no near handle is suggested: it could name someone out of the trainee's sight.
            let typo = try await client.refused(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I3"], to: "dr.nhovd"),
                                                status: .notFound, fixture: fixture)
            #expect(typo.contains("dr.nhovd") && !typo.contains("dr.nhoved"), "\(typo)")
            try await client.refused(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, .object([("to", .string("hovedvejleder")),
                                     ("assessments", .array([.string("x")]))]), status: .badRequest, fixture: fixture)

            // Listing: the hovedvejleder sees it; ?open=true keeps it; a bad query is 400; out of scope is 404.
            let listed = try await client.call(.get, "/api/v1/requests?position=\(ahmed)&open=true", as: hoved)
            #expect(listed.status == .ok, "\(listed.text)")
            guard case .array(let items) = listed.json else { throw TestFailure(listed.text) }
            #expect(items.count == 1 && int(items[0]["id"]) == id)
            let own = try await client.call(.get, "/api/v1/requests", as: trainee)
            #expect(own.json == listed.json)
            try await client.refused(.get, "/api/v1/requests?position=\(ahmed)&open=maybe", as: hoved, status: .badRequest, fixture: fixture)
            try await client.refused(.get, "/api/v1/requests?position=abc", as: hoved, status: .badRequest, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/requests?position={id}", id: ahmed, as: nuao, fixture: fixture)

            // Declining: only the addressee (403 for the klinisk vejleder); out of scope reads as missing; a reason is needed.
            let reason = JSONValue.object([("reason", .string("Ikke set endnu"))])
            try await client.refused(.post, "/api/v1/requests/\(id)/decline", as: klinisk, reason, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/requests/{id}/decline", id: id, as: nuao, reason, fixture: fixture)
            try await client.refused(.post, "/api/v1/requests/\(id)/decline", as: hoved, .object([]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/requests/abc/decline", as: hoved, reason, status: .notFound, fixture: fixture)
            let declined = try await client.call(.post, "/api/v1/requests/\(id)/decline", as: hoved, reason)
            #expect(declined.status == .ok && string(declined.json["status"]) == "declined", "\(declined.text)")
            try await client.refused(.post, "/api/v1/requests/\(id)/decline", as: hoved, reason, status: .conflict, fixture: fixture)
            let all = try await client.call(.get, "/api/v1/requests?position=\(ahmed)", as: trainee)
            guard case .array(let everything) = all.json else { throw TestFailure(all.text) }
            #expect(everything.count == 1 && string(everything[0]["status"]) == "declined")
            let open = try await client.call(.get, "/api/v1/requests?position=\(ahmed)&open=true", as: trainee)
            #expect(open.json == .array([]))
        }
    }

    @Test("approving a request approves what it asks for (201); the trainee may not (403); withdrawing is the trainee's")
    func approveAndWithdraw() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let firstMade = try await client.call(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I1", "I2"]))
            let first = try #require(int(firstMade.json["id"]), "\(firstMade.text)")
            let secondMade = try await client.call(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I3"]))
            let second = try #require(int(secondMade.json["id"]), "\(secondMade.text)")

            try await client.refused(.post, "/api/v1/requests/\(first)/approval", as: trainee, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/requests/{id}/approval", id: first, as: nuao, fixture: fixture)
            try await client.refused(.post, "/api/v1/requests/\(first)/approval", as: hoved, raw: "[1]", status: .badRequest, fixture: fixture)
            let approved = try await client.call(.post, "/api/v1/requests/\(first)/approval", as: hoved, .object([("comment", .string("Fint"))]))
            #expect(approved.status == .created, "\(approved.text)")
            guard case .array(let events) = approved.json else { throw TestFailure(approved.text) }
            #expect(Set(events.compactMap { string($0["competency"]) }) == ["I1", "I2"] && events.allSatisfy { string($0["by"]) == "dr.hoved" })
            try await client.refused(.post, "/api/v1/requests/\(first)/approval", as: hoved, status: .conflict, fixture: fixture)

            // Withdrawing: the hovedvejleder may not (403); the trainee may, with no body at all.
            try await client.refused(.post, "/api/v1/requests/\(second)/withdrawal", as: hoved, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/requests/{id}/withdrawal", id: second, as: nuao, fixture: fixture)
            let withdrawn = try await client.call(.post, "/api/v1/requests/\(second)/withdrawal", as: trainee)
            #expect(withdrawn.status == .ok && string(withdrawn.json["status"]) == "withdrawn", "\(withdrawn.text)")
            try await client.refused(.post, "/api/v1/requests/\(second)/withdrawal", as: trainee, status: .conflict, fixture: fixture)
        }
    }

    @Test("GET /inbox is the logged-in person's inbox, as `logbook inbox --format json`; a bad date is 400")
    func inbox() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let idMade = try await client.call(.post, "/api/v1/positions/\(ahmed)/requests", as: trainee, Self.ask(["I1"]))
            let id = try #require(int(idMade.json["id"]), "\(idMade.text)")
            let answer = try await client.call(.get, "/api/v1/inbox", as: hoved)
            #expect(answer.status == .ok)
            guard case .array(let items) = answer.json else { throw TestFailure(answer.text) }
            let request = try #require(items.first { string($0["kind"]) == "request" })
            #expect(int(request["request"]) == id && int(request["position"]) == ahmed && string(request["trainee"]) == "dr.ahmed")
            let expected = JSONViews.inbox(try Inbox.items(try fixture.session("dr.hoved")))
            #expect(answer.json == expected)
            let later = try await client.call(.get, "/api/v1/inbox?on=2027-06-01", as: hoved)
            let expectedLater = JSONViews.inbox(try Inbox.items(try fixture.session("dr.hoved"), on: "2027-06-01"))
            #expect(later.status == .ok && later.json == expectedLater)
            try await client.refused(.get, "/api/v1/inbox?on=2027-02-30", as: hoved, status: .badRequest, fixture: fixture)
            try await client.execute(uri: "/api/v1/inbox", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}

@Suite("logbook serve: acts on a position")
struct ActAPITests {
    @Test("course approvals: the hovedvejleder (201); the trainee 403; out of scope 404; no course 400; an unknown course 422")
    func courseApproval() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nhoved = try await client.logIn("dr.nhoved", fixture: fixture)
            let course = JSONValue.object([("course", .string(clinicalSupervisionCourse)), ("date", .string("2027-03-03"))])
            let uri = "/api/v1/positions/\(ahmed)/course-approvals"
            try await client.refused(.post, uri, as: trainee, course, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/course-approvals", id: ahmed, as: nhoved, course, fixture: fixture)
            try await client.refused(.post, uri, as: hoved, .object([]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, uri, as: hoved, .object([("course", .string("Kursus i strikning"))]), status: .unprocessableContent,
                                     fixture: fixture)
            let made = try await client.call(.post, uri, as: hoved, course)
            #expect(made.status == .created && string(made.json["by"]) == "dr.hoved" && string(made.json["on"]) == "2027-03-03", "\(made.text)")
            try await client.refused(.post, uri, as: hoved, course, status: .conflict, fixture: fixture)
        }
    }

    @Test("statement: the UAO gives it once (201, then 409); the hovedvejleder 403; another department's UAO 404")
    func statement() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let uri = "/api/v1/positions/\(ahmed)/statement"
            try await client.refused(.post, uri, as: hoved, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/statement", id: ahmed, as: nuao, fixture: fixture)
            try await client.refused(.post, uri, as: uao, .object([("text", .int(3))]), status: .badRequest, fixture: fixture)
            let made = try await client.call(.post, uri, as: uao)
            #expect(made.status == .created && string(made.json["kind"]) == EventKind.statement.rawValue, "\(made.text)")
            #expect(string(made.json["comment"])?.hasPrefix("Det forventes") == true)
            try await client.refused(.post, uri, as: uao, status: .conflict, fixture: fixture)
        }
    }

    @Test("revoking and attesting again: the element and time attestations of dr.freja are revoked and made anew through the API")
    func revokeAndAttest() async throws {
        let fixture = try ServerFixture()
        let freja = try fixture.position("dr.freja"), emil = try fixture.position("dr.emil")
        let (_, events, _) = try Approvals.history(try fixture.session("dr.uao"), positionID: freja)
        let element = try #require(events.first { $0.kind == .elementAttestation }).id
        let time = try #require(events.first { $0.kind == .timeAttestation }).id
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let reason = JSONValue.object([("reason", .string("Fejl i datoen"))])

            // Attesting what stands is 409; too early (dr.emil's last month has not come) is 422; the hovedvejleder 403.
            try await client.refused(.post, "/api/v1/positions/\(freja)/attestations/time", as: uao, status: .conflict, fixture: fixture)
            try await client.refused(.post, "/api/v1/positions/\(emil)/attestations/time", as: uao, status: .unprocessableContent, fixture: fixture)
            try await client.refused(.post, "/api/v1/positions/\(freja)/attestations/element", as: hoved, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/attestations/element", id: freja, as: nuao, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/attestations/time", id: freja, as: nuao, fixture: fixture)

            // Revoking: the hovedvejleder, who did not make it, may not (403); another department's UAO reads the event as missing; a reason is needed;
            // the time attestation cannot go while the element's stands (422).
            try await client.refused(.post, "/api/v1/events/\(element)/revocation", as: hoved, reason, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/events/{id}/revocation", id: element, as: nuao, reason, fixture: fixture)
            try await client.refused(.post, "/api/v1/events/\(element)/revocation", as: uao, .object([("reason", .string(""))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/events/\(time)/revocation", as: uao, reason, status: .unprocessableContent, fixture: fixture)
            for event in [element, time] {
                let revoked = try await client.call(.post, "/api/v1/events/\(event)/revocation", as: uao, reason)
                #expect(revoked.status == .created && string(revoked.json["kind"]) == EventKind.revocation.rawValue, "\(revoked.text)")
            }
            try await client.refused(.post, "/api/v1/events/\(element)/revocation", as: uao, reason, status: .conflict, fixture: fixture)

            let attestedTime = try await client.call(.post, "/api/v1/positions/\(freja)/attestations/time", as: uao, .object([("comment", .string("Tid ok"))]))
            #expect(attestedTime.status == .created && string(attestedTime.json["kind"]) == EventKind.timeAttestation.rawValue, "\(attestedTime.text)")
            let attestedElement = try await client.call(.post, "/api/v1/positions/\(freja)/attestations/element", as: uao)
            #expect(attestedElement.status == .created && string(attestedElement.json["kind"]) == EventKind.elementAttestation.rawValue,
                    "\(attestedElement.text)")

            // The history shows all of it, the revoked ones marked, as `logbook history --format json`.
            let history = try await client.call(.get, "/api/v1/positions/\(freja)/history", as: hoved)
            #expect(history.status == .ok)
            guard case .array(let lines) = history.json else { throw TestFailure(history.text) }
            #expect(lines.map { int($0["number"]) } == (1...lines.count).map { Int64($0) })
            #expect(lines.filter { $0["revoked"] != JSONValue.null }.compactMap { int($0["event"]) }.sorted() == [element, time].sorted())
            let (_, after, names) = try Approvals.history(try fixture.session("dr.hoved"), positionID: freja)
            #expect(history.json == JSONViews.history(after, names: names))
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/history", id: freja, as: nuao, fixture: fixture)
        }
    }

    @Test("cancelling a position: its UAO (200, then 409); the hovedvejleder 403; another department's UAO 404; no reason 400")
    func cancel() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed"), berit = try fixture.position("dr.berit")
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let reason = JSONValue.object([("reason", .string("Oprettet på den forkerte afdeling"))])
            let uri = "/api/v1/positions/\(ahmed)/cancellation"
            try await client.refused(.post, uri, as: hoved, reason, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/cancellation", id: ahmed, as: nuao, reason, fixture: fixture)
            try await client.refused(.post, uri, as: uao, .object([]), status: .badRequest, fixture: fixture)
            // dr.berit's position has approvals: it is not cancelled (422).
            try await client.refused(.post, "/api/v1/positions/\(berit)/cancellation", as: uao, reason, status: .unprocessableContent, fixture: fixture)
            let cancelled = try await client.call(.post, uri, as: uao, reason)
            #expect(cancelled.status == .ok && int(cancelled.json["id"]) == ahmed && int(cancelled.json["cancellation"]) != nil, "\(cancelled.text)")
            try await client.refused(.post, uri, as: uao, reason, status: .conflict, fixture: fixture)
        }
    }
}

@Suite("logbook serve: meetings and absence")
struct RecordAPITests {
    @Test("meetings: listed for those who may read the position; recorded by the trainee (201); the klinisk vejleder 403")
    func meetings() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed"), berit = try fixture.position("dr.berit")
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let klinisk = try await client.logIn("dr.klinisk", fixture: fixture)
            let listed = try await client.call(.get, "/api/v1/positions/\(berit)/meetings", as: klinisk)
            #expect(listed.status == .ok)
            guard case .array(let meetings) = listed.json else { throw TestFailure(listed.text) }
            #expect(meetings.first.flatMap { string($0["kind"]) } == "introduction" && meetings.first.flatMap { string($0["handle"]) } == "dr.berit")
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/meetings", id: berit, as: trainee, fixture: fixture)

            let meeting = JSONValue.object([("kind", .string("introduktionssamtale")), ("date", .string("2027-03-03")),
                                            ("plan", .string("Mål: I1 og I2 <b>først</b>"))])
            let uri = "/api/v1/positions/\(ahmed)/meetings"
            try await client.refused(.post, uri, as: klinisk, meeting, status: .forbidden, fixture: fixture)
            try await client.refused(.post, uri, as: trainee, .object([("kind", .string("kaffe")), ("date", .string("2027-03-03"))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.post, uri, as: trainee, .object([("kind", .string("introduction")), ("date", .string("2027-03-09"))]),
                                     status: .unprocessableContent, fixture: fixture)
            let made = try await client.call(.post, uri, as: trainee, meeting)
            #expect(made.status == .created && string(made.json["kind"]) == "introduction" && string(made.json["plan"]) == "Mål: I1 og I2 <b>først</b>",
                    "\(made.text)")
            #expect(!made.text.contains("<b>"))
            try await client.refused(.post, uri, as: trainee, meeting, status: .unprocessableContent, fixture: fixture)
        }
    }

    @Test("absence kinds are health data: the trainee, hovedvejleder, UAO and secretariat see them; the klinisk vejleder counted days only")
    func absenceKinds() async throws {
        let fixture = try ServerFixture()
        let dorthe = try fixture.position("dr.dorthe")
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            var answers: [String: JSONValue] = [:]
            for handle in ["dr.dorthe", "dr.hoved", "dr.uao", "sek.syd", "dr.klinisk"] {
                let user = handle == "sek.syd" ? try await client.logInOnly(handle) : try await client.logIn(handle, fixture: fixture)
                let answer = try await client.call(.get, "/api/v1/positions/\(dorthe)/absences", as: user)
                #expect(answer.status == .ok, "\(handle): \(answer.text)")
                answers[handle] = answer.json
            }
            for handle in ["dr.dorthe", "dr.hoved", "dr.uao", "sek.syd"] {
                let listing = try #require(answers[handle])
                #expect(listing["kinds_shown"] == .bool(true), "\(handle)")
                guard case .array(let periods)? = listing["absences"] else { throw TestFailure("\(handle): no absences") }
                #expect(periods.compactMap { string($0["kind"]) } == ["sickness", "holiday"], "\(handle)")
                #expect(periods.first.flatMap { string($0["note"]) } == "Sygemeldt", "\(handle)")
            }
            let klinisk = try #require(answers["dr.klinisk"])
            #expect(klinisk["kinds_shown"] == .bool(false))
            guard case .array(let periods)? = klinisk["absences"] else { throw TestFailure("no absences") }
            #expect(periods.count == 2 && periods.allSatisfy { $0["kind"] == JSONValue.null && $0["note"] == JSONValue.null })
            #expect(periods.compactMap { int($0["days"]) } == [40, 14])
            // The same counted days, allowance and end for every reader.
            for key in ["counted_days", "allowance_days", "end"] { #expect(klinisk[key] == answers["dr.uao"]?[key], "\(key)") }
            #expect(!String(describing: klinisk).contains("Sygemeldt") && !String(describing: klinisk).contains("sickness"))
            // Another department's UAO does not see the position at all.
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/absences", id: dorthe, as: nuao, fixture: fixture)
        }
    }

    @Test("a status names parental leave only to those who may see absence kinds; to the klinisk vejleder it is leave, same end")
    func statusHidesParentalLeave() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        _ = try Absences.add(try fixture.session("dr.ahmed"), positionID: ahmed, from: "2027-03-01", to: "2027-03-28", kind: "parental-leave",
                             note: "Barsel")
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let klinisk = try await client.logIn("dr.klinisk", fixture: fixture)
            let shown = try await client.call(.get, "/api/v1/positions/\(ahmed)/status", as: hoved)
            let hidden = try await client.call(.get, "/api/v1/positions/\(ahmed)/status", as: klinisk)
            #expect(shown.status == .ok && hidden.status == .ok)
            #expect(shown.json["absence"]?["parental_leave"] == .int(28))
            #expect(hidden.json["absence"]?["parental_leave"] == JSONValue.null)
            // The OpenAPI document allows the null (schemathesis checks every response against it).
            let document = try JSONValue.parse(OpenAPI.document)
            let documented = document["components"]?["schemas"]?["Status"]?["properties"]?["absence"]?["properties"]?["parental_leave"]?["type"]
            #expect(documented == .array([.string("integer"), .string("null")]), "\(String(describing: documented))")
            #expect(string(shown.json["end_explanation"])?.contains("parental leave") == true, "\(shown.text)")
            let explanation = try #require(string(hidden.json["end_explanation"]))
            #expect(explanation.contains("28 days of leave") && !explanation.contains("parental"), "\(explanation)")
            #expect(hidden.json["end"] == shown.json["end"] && hidden.json["absence"]?["counted"] == shown.json["absence"]?["counted"])
            #expect(!hidden.text.replacingOccurrences(of: "parental_leave", with: "").lowercased().contains("parental") && !hidden.text.contains("Barsel"))
        }
    }

    @Test("the rule is the use case's: scoped to the actor, the klinisk vejleder gets no kinds; the CLI (everything in scope) shows them")
    func absenceKindsInTheUseCase() throws {
        let fixture = try ServerFixture()
        let dorthe = try fixture.position("dr.dorthe")
        func listing(_ handle: String, _ scope: Session.ReadScope) throws -> AbsenceListing {
            let session = Session(store: try Store(path: fixture.path), today: ServerFixture.today, actorHandle: handle, readScope: scope)
            return try Absences.listing(session, positionID: dorthe, all: true)
        }
        let hidden = try listing("dr.klinisk", .actor)
        #expect(!hidden.kindsShown && hidden.lines.count == 2 && hidden.lines.allSatisfy { $0.kind == nil && $0.note == nil })
        #expect(hidden.lines.map(\.days) == [40, 14] && hidden.lines.map(\.counts) == [true, false])
        let shown = try listing("dr.hoved", .actor)
        #expect(shown.kindsShown && shown.lines.compactMap(\.kind) == [.sickness, .holiday])
        let cli = try listing("dr.klinisk", .everything)
        #expect(cli.kindsShown && cli.lines.first?.note == "Sygemeldt")
        #expect(hidden.schedule == shown.schedule)
    }

    @Test("absence: the trainee records (201) and withdraws (200) a period; the klinisk vejleder 403; out of scope 404")
    func absenceRecordAndWithdraw() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed"), dorthe = try fixture.position("dr.dorthe")
        let dortheAbsence = try #require(try Absences.list(try fixture.session("dr.uao"), positionID: dorthe).absences.first).id
        try await fixture.app().test(.router) { client in
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let klinisk = try await client.logIn("dr.klinisk", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let holiday = JSONValue.object([("from", .string("2027-03-01")), ("to", .string("2027-03-02")), ("kind", .string("ferie"))])
            let uri = "/api/v1/positions/\(ahmed)/absences"
            try await client.refused(.post, uri, as: klinisk, holiday, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/positions/{id}/absences", id: ahmed, as: nuao, holiday, fixture: fixture)
            try await client.refused(.post, uri, as: trainee, .object([("from", .string("2027-03-01")), ("to", .string("2027-03-02")),
                                     ("kind", .string("skiferie"))]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, uri, as: trainee, .object([("from", .string("2027-03-01")), ("kind", .string("ferie"))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.get, "\(uri)?all=ja", as: trainee, status: .badRequest, fixture: fixture)
            let added = try await client.call(.post, uri, as: trainee, holiday)
            #expect(added.status == .created && string(added.json["kind"]) == "holiday" && int(added.json["days"]) == 2, "\(added.text)")
            let id = try #require(int(added.json["id"]))

            let reason = JSONValue.object([("reason", .string("Forkert dato"))])
            try await client.refused(.post, "/api/v1/absences/\(dortheAbsence)/withdrawal", as: klinisk, reason, status: .forbidden, fixture: fixture)
            try await client.sameAsMissing(.post, "/api/v1/absences/{id}/withdrawal", id: id, as: nuao, reason, fixture: fixture)
            try await client.refused(.post, "/api/v1/absences/\(id)/withdrawal", as: trainee, .object([]), status: .badRequest, fixture: fixture)
            let withdrawn = try await client.call(.post, "/api/v1/absences/\(id)/withdrawal", as: trainee, reason)
            #expect(withdrawn.status == .ok && withdrawn.json["withdrawn"] == .bool(true), "\(withdrawn.text)")
            try await client.refused(.post, "/api/v1/absences/\(id)/withdrawal", as: trainee, reason, status: .unprocessableContent, fixture: fixture)
            let all = try await client.call(.get, "\(uri)?all=true", as: trainee)
            guard case .array(let periods)? = all.json["absences"] else { throw TestFailure(all.text) }
            #expect(periods.count == 1 && string(periods[0]["withdrawn"]?["reason"]) == "Forkert dato")
        }
    }
}

@Suite("logbook serve: CSRF on the new acts")
struct APICSRFTests {
    @Test("every new state-changing route refuses a request without the CSRF token (403) and changes nothing")
    func csrf() async throws {
        let fixture = try ServerFixture()
        let ahmed = try fixture.position("dr.ahmed")
        let routes = buildRouter(database: fixture.database).routes.filter { $0.method == .post }.map(\.path.description)
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let withoutToken = LoggedIn(handle: uao.handle, cookie: uao.cookie, csrf: "wrong")
            let before = try fixture.snapshot()
            #expect(routes.count >= 16)
            for path in routes where path.hasPrefix("/api/v1/") && !["/api/v1/session", "/api/v1/invitations/{token}"].contains(path) {
                let uri = path.replacingOccurrences(of: "{id}", with: String(ahmed))
                let answer = try await client.call(.post, uri, as: withoutToken, .object([("reason", .string("x"))]))
                #expect(answer.status == .forbidden, "\(uri): \(answer.text)")
            }
            #expect(try fixture.snapshot() == before)
        }
    }
}

@Suite("logbook serve: eligibility")
struct EligibilityAPITests {
    @Test("GET /people/{handle}/eligibility: the trainee themselves and those who see a position of theirs; anyone else reads as nobody")
    func eligibility() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let answer = try await client.call(.get, "/api/v1/people/dr.freja/eligibility?specialty=Kardiologi", as: uao)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(string(answer.json["trainee"]) == "dr.freja" && answer.json["may_apply"] == .bool(true))
            // dr.freja's position has ended (she can no longer log in); her hovedvejleder sees the same answer.
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let same = try await client.call(.get, "/api/v1/people/dr.freja/eligibility?specialty=Kardiologi", as: hoved)
            #expect(same.json == answer.json)
            let (person, name, expected) = try EligibilityCheck.evaluate(try fixture.session("dr.uao"), trainee: "dr.freja", specialty: "Kardiologi", on: nil)
            #expect(answer.json == JSONViews.eligibility(person.handle, name, expected, on: ServerFixture.today))
            let not = try await client.call(.get, "/api/v1/people/dr.ahmed/eligibility?specialty=Kardiologi&on=2027-03-04", as: ahmed)
            #expect(not.status == .ok && not.json["may_apply"] == .bool(false))

            // Another trainee, and another department's UAO, read dr.freja as a handle nobody has; no near handle is named.
            for user in [ahmed, nuao] {
                let hidden = try await client.refused(.get, "/api/v1/people/dr.freja/eligibility?specialty=Kardiologi", as: user,
                                                      status: .notFound, fixture: fixture)
                let nobody = try await client.refused(.get, "/api/v1/people/dr.fraja/eligibility?specialty=Kardiologi", as: user,
                                                      status: .notFound, fixture: fixture)
                #expect(hidden == nobody.replacingOccurrences(of: "dr.fraja", with: "dr.freja"))
                #expect(!nobody.contains("dr.freja"))
            }
            try await client.refused(.get, "/api/v1/people/dr.freja/eligibility", as: uao, status: .badRequest, fixture: fixture)
            try await client.refused(.get, "/api/v1/people/dr.freja/eligibility?specialty=Kardiologi&on=igaar", as: uao, status: .badRequest,
                                     fixture: fixture)
        }
    }
}

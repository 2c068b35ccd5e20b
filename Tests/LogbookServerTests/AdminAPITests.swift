import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

/// The message the CLI gives for the same refusal: the use case run as `handle` outside the server (it must fail).
private func cliMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as LogbookError {
        return error.message
    } catch {
        return "\(error)"
    }
}

extension TestClientProtocol {
    /// A person (or department) out of `user`'s sight must answer exactly like a handle (code) nobody has: both 404, the
    /// same body once the names are swapped.
    func sameAsMissing(_ method: HTTPRequest.Method, _ template: String, name: String, missing: String = "nobody.here", as user: LoggedIn,
                       _ value: JSONValue? = nil, fixture: ServerFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let hidden = try await refused(method, template.replacingOccurrences(of: "{name}", with: name), as: user, value,
                                       status: .notFound, fixture: fixture, sourceLocation: sourceLocation)
        let absent = try await refused(method, template.replacingOccurrences(of: "{name}", with: missing), as: user, value,
                                       status: .notFound, fixture: fixture, sourceLocation: sourceLocation)
        #expect(hidden == absent.replacingOccurrences(of: missing, with: name), "\(method) \(template) as \(user.handle)",
                sourceLocation: sourceLocation)
    }

    /// Sends `method uri` with a bearer token (no cookie, no CSRF token).
    func withToken(_ method: HTTPRequest.Method, _ uri: String, token: String, _ value: JSONValue? = nil) async throws
        -> (status: HTTPResponse.Status, text: String, json: JSONValue)
    {
        try await execute(uri: uri, method: method, headers: bearer(token), body: value.map(body)) { ($0.status, text($0), json($0)) }
    }

    /// Sends `method uri` with the session cookie but without the CSRF token.
    func withoutCSRF(_ method: HTTPRequest.Method, _ uri: String, as user: LoggedIn, _ value: JSONValue? = nil) async throws
        -> HTTPResponse.Status
    {
        try await execute(uri: uri, method: method, headers: user.readHeaders, body: value.map(body)) { $0.status }
    }
}

/// The handles in a JSON array of people or grants.
private func handles(_ value: JSONValue) -> Set<String> {
    guard case .array(let items) = value else { return [] }
    return Set(items.compactMap { string($0["handle"]) })
}

@Suite("logbook serve: the administration over the API")
struct AdminAPITests {
    // MARK: Invitations

    @Test("POST /invitations: by whoever may grant the person's role (201, a working one-time token); others 403 as the CLI; never by a token")
    func invitations() async throws {
        let fixture = try ServerFixture()
        let log = CapturedLog()
        let app = buildApplication(configuration: fixture.configuration, database: fixture.database, logger: log.logger())
        let tokens: [String] = try await app.test(.router) { client in
            var tokens: [String] = []
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)

            let made = try await client.call(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.klinisk"))]))
            #expect(made.status == .created, "\(made.text)")
            #expect(string(made.json["handle"]) == "dr.klinisk" && string(made.json["name"]) != nil && string(made.json["expires_at"]) != nil)
            let token = try #require(string(made.json["token"]))
            tokens.append(token)
            try await client.execute(uri: "/api/v1/invitations/\(token)", method: .post,
                                     body: body(.object([("password", .string(ServerFixture.password))]))) { #expect($0.status == .ok) }
            _ = try await client.logInOnly("dr.klinisk")

            // The hovedvejleder may not invite a trainee: 403 with the CLI's message. A UAO of another department does not
            // see dr.ahmed: answered as a handle nobody has (issue 29; LeakTests).
            try await client.refused(.post, "/api/v1/invitations", as: nuao, .object([("handle", .string("dr.ahmed"))]), status: .notFound,
                                     fixture: fixture)
            for (user, handle) in [(hoved, "dr.ahmed")] {
                let refusal = try await client.refused(.post, "/api/v1/invitations", as: user, .object([("handle", .string(handle))]),
                                                       status: .forbidden, fixture: fixture)
                let expected = try #require(cliMessage { _ = try Accounts.invite(try fixture.session(user.handle), handle: handle) })
                #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
                #expect(string(try JSONValue.parse(refusal)["code"]) == "refused")
            }
            try await client.refused(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.nobody"))]), status: .notFound,
                                     fixture: fixture)
            // Strict bodies: no handle, a wrong type, an unknown member.
            try await client.refused(.post, "/api/v1/invitations", as: uao, .object([]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/invitations", as: uao, .object([("handle", .int(3))]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.ahmed")), ("role", .string("uao"))]),
                                     status: .badRequest, fixture: fixture)
            // No CSRF token: 403, nothing made.
            #expect(try await client.withoutCSRF(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.ahmed"))])) == .forbidden)
            // Neither a read nor an act token invites: an invitation sets a password.
            for scope in ["read", "act"] {
                let (apiToken, _) = try await client.makeToken(uao, scope: scope, name: "script \(scope)")
                for uri in ["/api/v1/invitations", "/api/v1/invitations/"] {
                    let answer = try await client.withToken(.post, uri, token: apiToken, .object([("handle", .string("dr.ahmed"))]))
                    #expect(answer.status != .created && !answer.text.contains("token\""), "\(scope) \(uri): \(answer.text)")
                }
                let answer = try await client.withToken(.post, "/api/v1/invitations", token: apiToken, .object([("handle", .string("dr.ahmed"))]))
                #expect(answer.status == .forbidden, "\(scope): \(answer.text)")
                #expect(string(answer.json["detail"]) == Texts.untranslated("token.notForInvitations"), "\(answer.text)")
            }
            let again = try await client.call(.post, "/api/v1/invitations", as: uao, .object([("handle", .string("dr.ahmed"))]))
            #expect(again.status == .created)
            tokens.append(try #require(string(again.json["token"])))
            return tokens
        }
        let text = log.text
        #expect(text.contains("POST /api/v1/invitations 201"), "\(text)")
        for token in tokens { #expect(!text.contains(token) && !text.contains(String(token.prefix(12))), "\(text)") }
    }

    // MARK: Positions

    @Test("positions: the UAO starts one (201) and changes its hovedvejleder; others 403 as the CLI; out of scope 404; CSRF; read token")
    func positions() async throws {
        let fixture = try ServerFixture()
        _ = try People.add(try fixture.session("sek.syd"), handle: "dr.ny", name: "Nora Ny", authorisationID: nil)
        let berit = try fixture.position("dr.berit"), niels = try fixture.position("dr.niels")
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)
            let start = JSONValue.object([
                ("trainee", .string("dr.ny")), ("department", .string("OUH-KAR")), ("curriculum", .string("Kardiologi")),
                ("start", .string("2027-04-01")), ("supervisor", .string("dr.hoved")),
            ])
            // Refused: the hovedvejleder and another department's UAO (403, the CLI's message); no CSRF; a read token.
            for user in [hoved, nuao] {
                let refusal = try await client.refused(.post, "/api/v1/positions", as: user, start, status: .forbidden, fixture: fixture)
                let expected = try #require(cliMessage {
                    _ = try Positions.start(try fixture.session(user.handle), .init(trainee: "dr.ny", department: "OUH-KAR",
                                                                                   curriculum: "Kardiologi", start: "2027-04-01", supervisor: "dr.hoved"))
                })
                #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            }
            #expect(try await client.withoutCSRF(.post, "/api/v1/positions", as: uao, start) == .forbidden)
            let (readToken, _) = try await client.makeToken(uao, scope: "read")
            #expect(try await client.withToken(.post, "/api/v1/positions", token: readToken, start).status == .forbidden)
            try await client.refused(.post, "/api/v1/positions", as: uao, .object([("trainee", .string("dr.ny"))]), status: .badRequest, fixture: fixture)
            guard case .object(var members) = start else { return }
            members.append(("program", .string("1")))
            try await client.refused(.post, "/api/v1/positions", as: uao, .object(members), status: .badRequest, fixture: fixture)

            let made = try await client.call(.post, "/api/v1/positions", as: uao, start)
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(int(made.json["id"]))
            #expect(string(made.json["trainee"]?["handle"]) == "dr.ny" && string(made.json["start"]) == "2027-04-01")
            guard case .array(let first)? = made.json["supervisors"] else { throw TestFailure(made.text) }
            #expect(first.count == 1 && string(first[0]["handle"]) == "dr.hoved" && string(first[0]["from"]) == "2027-04-01", "\(made.text)")
            // The trainee overlapping: 409.
            try await client.refused(.post, "/api/v1/positions", as: uao, start, status: .conflict, fixture: fixture)

            // GET /positions/{id}: in scope 200 (with a read token too); out of scope exactly as missing.
            let shown = try await client.call(.get, "/api/v1/positions/\(id)", as: hoved)
            #expect(shown.status == .ok && int(shown.json["id"]) == id && int(shown.json["assessments"]) == 0, "\(shown.text)")
            #expect(try await client.withToken(.get, "/api/v1/positions/\(id)", token: readToken).json == made.json)
            let own = try await client.call(.get, "/api/v1/positions/\(try fixture.position("dr.ahmed"))", as: ahmed)
            #expect(own.status == .ok && string(own.json["trainee"]?["handle"]) == "dr.ahmed")
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}", id: id, as: nuao, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}", id: berit, as: ahmed, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}", id: niels, as: uao, fixture: fixture)
            let scopeBody = try await client.refused(.get, "/api/v1/positions/\(niels)", as: uao, status: .notFound, fixture: fixture)
            #expect(scopeBody == notFoundBody(niels))

            // PUT /positions/{id}/supervisor: the UAO (dr.klinisk made hovedvejleder first); the hovedvejleder 403; out of scope 404.
            _ = try Grants.add(try fixture.session("dr.uao"), handle: "dr.klinisk", role: .supervisor, departmentCode: "OUH-KAR", region: nil,
                               from: "2027-01-01", until: nil, mayApprove: false)
            let change = JSONValue.object([("handle", .string("dr.klinisk")), ("from", .string("2027-05-01"))])
            let refusal = try await client.refused(.put, "/api/v1/positions/\(id)/supervisor", as: hoved, change, status: .forbidden, fixture: fixture)
            let expected = try #require(cliMessage {
                _ = try Positions.assignSupervisor(try fixture.session("dr.hoved"), positionID: id, handle: "dr.klinisk", from: "2027-05-01")
            })
            #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            try await client.sameAsMissing(.put, "/api/v1/positions/{id}/supervisor", id: id, as: nuao, change, fixture: fixture)
            #expect(try await client.withoutCSRF(.put, "/api/v1/positions/\(id)/supervisor", as: uao, change) == .forbidden)
            #expect(try await client.withToken(.put, "/api/v1/positions/\(id)/supervisor", token: readToken, change).status == .forbidden)
            try await client.refused(.put, "/api/v1/positions/\(id)/supervisor", as: uao, .object([("handle", .string("dr.klinisk")), ("on", .string("x"))]),
                                     status: .badRequest, fixture: fixture)
            let changed = try await client.call(.put, "/api/v1/positions/\(id)/supervisor", as: uao, change)
            #expect(changed.status == .ok, "\(changed.text)")
            guard case .array(let supervisors)? = changed.json["supervisors"] else { throw TestFailure(changed.text) }
            #expect(supervisors.map { string($0["handle"]) } == ["dr.hoved", "dr.klinisk"])
            #expect(string(supervisors.last?["from"]) == "2027-05-01")
        }
    }

    // MARK: People

    @Test("people: listing and showing are scoped (out of sight reads as nobody); adding by an administrator; strict bodies; XSS")
    func people() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let sek = try await client.logIn("sek.syd", fixture: fixture)
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)

            // Listing: a trainee sees themselves; another department's UAO its own people only; the secretariat everyone.
            #expect(handles(try await client.call(.get, "/api/v1/people", as: ahmed).json) == ["dr.ahmed"])
            let seenByNUAO = handles(try await client.call(.get, "/api/v1/people", as: nuao).json)
            #expect(seenByNUAO.isSuperset(of: ["dr.nuao", "dr.nhoved", "dr.niels"]), "\(seenByNUAO)")
            #expect(seenByNUAO.isDisjoint(with: ["dr.ahmed", "dr.hoved", "dr.uao", "sek.syd"]), "\(seenByNUAO)")
            let everyone = handles(try await client.call(.get, "/api/v1/people", as: sek).json)
            #expect(everyone == Set(try People.list(try fixture.session("sek.syd")).map(\.handle)))
            let seenByHoved = handles(try await client.call(.get, "/api/v1/people", as: hoved).json)
            #expect(seenByHoved.contains("dr.ahmed") && seenByHoved.contains("dr.uao") && !seenByHoved.contains("dr.niels"))

            // Showing: in sight 200 with positions; out of sight exactly as a handle nobody has.
            let shown = try await client.call(.get, "/api/v1/people/dr.ahmed", as: hoved)
            #expect(shown.status == .ok && string(shown.json["handle"]) == "dr.ahmed", "\(shown.text)")
            guard case .array(let positions)? = shown.json["positions"] else { throw TestFailure(shown.text) }
            let ahmedsPosition = try fixture.position("dr.ahmed")
            #expect(positions.count == 1 && int(positions[0]["id"]) == ahmedsPosition)
            try await client.sameAsMissing(.get, "/api/v1/people/{name}", name: "dr.ahmed", as: nuao, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/people/{name}", name: "dr.berit", as: ahmed, fixture: fixture)
            let mine = try await client.call(.get, "/api/v1/people/dr.nuao", as: nuao)
            guard case .array(let grants)? = mine.json["grants"] else { throw TestFailure(mine.text) }
            #expect(grants.count == 1 && string(grants[0]["role"]) == "uao" && string(grants[0]["where"]) == "OUH-NEU")

            // Adding: the hovedvejleder may not (403, the CLI's message); the UAO may (201); again 409; strict bodies; CSRF; read token.
            let xss = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
            let person = JSONValue.object([("handle", .string("dr.ny")), ("name", .string(xss)), ("authorisation_id", .string("ABC12"))])
            let refusal = try await client.refused(.post, "/api/v1/people", as: hoved, person, status: .forbidden, fixture: fixture)
            let expected = try #require(cliMessage {
                _ = try People.add(try fixture.session("dr.hoved"), handle: "dr.ny", name: xss, authorisationID: "ABC12")
            })
            #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            try await client.refused(.post, "/api/v1/people", as: uao, .object([("handle", .string("dr.ny"))]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/people", as: uao, .object([("handle", .string("dr.ny")), ("name", .int(1))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/people", as: uao, .object([("handle", .string("dr.ny")), ("name", .string("N")),
                                                                                ("phone", .string("1"))]), status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/people", as: uao, person) == .forbidden)
            let (readToken, _) = try await client.makeToken(uao, scope: "read")
            #expect(try await client.withToken(.post, "/api/v1/people", token: readToken, person).status == .forbidden)
            #expect(try await client.withToken(.get, "/api/v1/people", token: readToken).status == .ok)
            let added = try await client.call(.post, "/api/v1/people", as: uao, person)
            #expect(added.status == .created, "\(added.text)")
            #expect(!added.text.contains("<") && added.text.contains("\\u003cscript\\u003e"), "\(added.text)")
            #expect(string(added.json["name"]) == xss && string(added.json["authorisation_id"]) == "ABC12")
            try await client.refused(.post, "/api/v1/people", as: uao, person, status: .conflict, fixture: fixture)
            // Just registered, with neither grant nor position: the administrators see them, nobody else.
            let listed = try await client.call(.get, "/api/v1/people", as: nuao)
            #expect(handles(listed.json).contains("dr.ny") && !listed.text.contains("<"))
            #expect(!handles(try await client.call(.get, "/api/v1/people", as: hoved).json).contains("dr.ny"))
            let shownXSS = try await client.call(.get, "/api/v1/people/dr.ny", as: uao)
            #expect(shownXSS.type == "application/json; charset=utf-8" && !shownXSS.text.contains("<") && string(shownXSS.json["name"]) == xss)
        }
    }

    @Test("person corrections: an administrator corrects, the person their own e-mail only; out of sight 404; kept with the reason")
    func corrections() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)
            let rename = JSONValue.object([("name", .string("Ahmed Hansen Ali")), ("reason", .string("<b>gift</b>"))])

            let refusal = try await client.refused(.post, "/api/v1/people/dr.ahmed/corrections", as: ahmed, rename, status: .forbidden, fixture: fixture)
            let expected = try #require(cliMessage {
                _ = try People.correct(try fixture.session("dr.ahmed"), handle: "dr.ahmed", corrections: [.name("Ahmed Hansen Ali")], reason: "<b>gift</b>")
            })
            #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            try await client.sameAsMissing(.post, "/api/v1/people/{name}/corrections", name: "dr.ahmed", as: nuao, rename, fixture: fixture)
            try await client.refused(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, .object([]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, .object([("email", .int(1))]),
                                     status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, .object([("handle", .string("dr.x"))]),
                                     status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, rename) == .forbidden)

            let corrected = try await client.call(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, rename)
            #expect(corrected.status == .created, "\(corrected.text)")
            #expect(string(corrected.json["name"]) == "Ahmed Hansen Ali" && !corrected.text.contains("<b>"))
            guard case .array(let changes)? = corrected.json["corrections"] else { throw TestFailure(corrected.text) }
            #expect(changes.count == 1 && string(changes[0]["field"]) == "name" && string(changes[0]["reason"]) == "<b>gift</b>"
                && string(changes[0]["changed_by"]) == "dr.uao")
            try await client.refused(.post, "/api/v1/people/dr.ahmed/corrections", as: uao, rename, status: .conflict, fixture: fixture)

            // The person's own e-mail: set, then cleared with null.
            let email = try await client.call(.post, "/api/v1/people/dr.ahmed/corrections", as: ahmed, .object([("email", .string("ahmed@example.dk"))]))
            #expect(email.status == .created && string(email.json["email"]) == "ahmed@example.dk", "\(email.text)")
            let cleared = try await client.call(.post, "/api/v1/people/dr.ahmed/corrections", as: ahmed, .object([("email", .null)]))
            #expect(cleared.status == .created && cleared.json["email"] == .null, "\(cleared.text)")
            let shown = try await client.call(.get, "/api/v1/people/dr.ahmed", as: uao)
            guard case .array(let all)? = shown.json["corrections"] else { throw TestFailure(shown.text) }
            #expect(all.count == 3)
        }
    }

    // MARK: Departments and grants

    @Test("departments: listed and shown as far as one may read them; added by the region's secretariat only")
    func departments() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let sek = try await client.logIn("sek.syd", fixture: fixture)
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)
            func codes(_ value: JSONValue) -> Set<String> {
                guard case .array(let items) = value else { return [] }
                return Set(items.compactMap { string($0["code"]) })
            }
            #expect(codes(try await client.call(.get, "/api/v1/departments", as: sek).json) == ["OUH-KAR", "OUH-NEU"])
            #expect(codes(try await client.call(.get, "/api/v1/departments", as: uao).json) == ["OUH-KAR"])
            #expect(codes(try await client.call(.get, "/api/v1/departments", as: ahmed).json) == [])
            let shown = try await client.call(.get, "/api/v1/departments/OUH-KAR", as: uao)
            #expect(shown.status == .ok && string(shown.json["kind"]) == "hospital" && handles(shown.json["grants"] ?? .null).contains("dr.hoved"),
                    "\(shown.text)")
            try await client.sameAsMissing(.get, "/api/v1/departments/{name}", name: "OUH-NEU", missing: "NOPE", as: uao, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/departments/{name}", name: "OUH-KAR", missing: "NOPE", as: ahmed, fixture: fixture)

            let department = JSONValue.object([("code", .string("OUH-ORT")), ("name", .string("<i>Ortopædkirurgi</i>")),
                                               ("kind", .string("hospital")), ("region", .string("Syddanmark"))])
            let refusal = try await client.refused(.post, "/api/v1/departments", as: uao, department, status: .forbidden, fixture: fixture)
            let expected = try #require(cliMessage {
                _ = try Departments.add(try fixture.session("dr.uao"), code: "OUH-ORT", name: "<i>Ortopædkirurgi</i>", kind: .hospital,
                                        region: "Syddanmark")
            })
            #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            try await client.refused(.post, "/api/v1/departments", as: sek, .object([("code", .string("OUH-ORT")), ("name", .string("O")),
                                     ("kind", .string("hospitl")), ("region", .string("Syddanmark"))]), status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/departments", as: sek, department) == .forbidden)
            let added = try await client.call(.post, "/api/v1/departments", as: sek, department)
            #expect(added.status == .created && string(added.json["name"]) == "<i>Ortopædkirurgi</i>" && !added.text.contains("<"), "\(added.text)")
            try await client.refused(.post, "/api/v1/departments", as: sek, department, status: .conflict, fixture: fixture)
        }
    }

    @Test("grants: listed as far as one may see them; granted and ended by whoever may grant the role; out of sight 404")
    func grants() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)

            let seenByNUAO = try await client.call(.get, "/api/v1/grants", as: nuao)
            guard case .array(let neu) = seenByNUAO.json else { throw TestFailure(seenByNUAO.text) }
            #expect(!neu.isEmpty && neu.allSatisfy { string($0["where"]) == "OUH-NEU" }, "\(seenByNUAO.text)")
            #expect(try await client.call(.get, "/api/v1/grants", as: ahmed).json == .array([]))
            try await client.refused(.get, "/api/v1/grants?department=OUH-NEU", as: uao, status: .notFound, fixture: fixture)
            try await client.refused(.get, "/api/v1/grants?person=dr.nhoved", as: uao, status: .notFound, fixture: fixture)
            try await client.refused(.get, "/api/v1/grants?person=dr.hoved&department=OUH-KAR", as: uao, status: .badRequest, fixture: fixture)
            let kar = try await client.call(.get, "/api/v1/grants?department=OUH-KAR", as: hoved)
            #expect(kar.status == .ok && handles(kar.json).contains("dr.klinisk"))

            let grant = JSONValue.object([("handle", .string("dr.klinisk")), ("role", .string("hovedvejleder")), ("department", .string("OUH-KAR")),
                                          ("from", .string("2027-03-01"))])
            let refusal = try await client.refused(.post, "/api/v1/grants", as: hoved, grant, status: .forbidden, fixture: fixture)
            let expected = try #require(cliMessage {
                _ = try Grants.add(try fixture.session("dr.hoved"), handle: "dr.klinisk", role: .supervisor, departmentCode: "OUH-KAR", region: nil,
                                   from: "2027-03-01", until: nil, mayApprove: false)
            })
            #expect(string(try JSONValue.parse(refusal)["detail"]) == expected)
            // Another department's UAO does not see dr.klinisk: answered as a handle nobody has (issue 29; LeakTests).
            try await client.refused(.post, "/api/v1/grants", as: nuao, grant, status: .notFound, fixture: fixture)
            try await client.refused(.post, "/api/v1/grants", as: uao, .object([("handle", .string("dr.klinisk")), ("role", .string("boss")),
                                     ("department", .string("OUH-KAR"))]), status: .badRequest, fixture: fixture)
            try await client.refused(.post, "/api/v1/grants", as: uao, .object([("handle", .string("dr.klinisk")), ("role", .string("supervisor")),
                                     ("department", .string("OUH-KAR")), ("may_approve", .string("yes"))]), status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/grants", as: uao, grant) == .forbidden)
            let (readToken, _) = try await client.makeToken(uao, scope: "read")
            #expect(try await client.withToken(.post, "/api/v1/grants", token: readToken, grant).status == .forbidden)
            let added = try await client.call(.post, "/api/v1/grants", as: uao, grant)
            #expect(added.status == .created && string(added.json["role"]) == "supervisor" && string(added.json["status"]) == "current", "\(added.text)")
            let id = try #require(int(added.json["id"]))
            try await client.refused(.post, "/api/v1/grants", as: uao, grant, status: .conflict, fixture: fixture)

            // Ending: another department's UAO is told it does not exist; the hovedvejleder may see it but not end it (403).
            let end = JSONValue.object([("on", .string("2027-03-04"))])
            try await client.sameAsMissing(.post, "/api/v1/grants/{id}/end", id: id, as: nuao, end, fixture: fixture)
            try await client.refused(.post, "/api/v1/grants/\(id)/end", as: hoved, end, status: .forbidden, fixture: fixture)
            try await client.refused(.post, "/api/v1/grants/abc/end", as: uao, end, status: .notFound, fixture: fixture)
            try await client.refused(.post, "/api/v1/grants/\(id)/end", as: uao, .object([("until", .string("2027-03-04"))]),
                                     status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/grants/\(id)/end", as: uao, end) == .forbidden)
            let ended = try await client.call(.post, "/api/v1/grants/\(id)/end", as: uao, end)
            #expect(ended.status == .ok && string(ended.json["until"]) == "2027-03-04", "\(ended.text)")
            try await client.refused(.post, "/api/v1/grants/\(id)/end", as: uao, end, status: .conflict, fixture: fixture)
        }
    }

    @Test("delegations: the UAO gives and withdraws a daglig klinisk vejleder's delegation to approve; the hovedvejleder may not")
    func delegations() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let withdraw = JSONValue.object([("handle", .string("dr.klinisk")), ("department", .string("OUH-KAR")), ("approve", .bool(false))])
            try await client.refused(.post, "/api/v1/delegations", as: hoved, withdraw, status: .forbidden, fixture: fixture)
            try await client.refused(.post, "/api/v1/delegations", as: uao, .object([("handle", .string("dr.klinisk"))]), status: .badRequest,
                                     fixture: fixture)
            try await client.refused(.post, "/api/v1/delegations", as: uao, .object([("handle", .string("dr.klinisk")),
                                     ("department", .string("OUH-KAR")), ("approve", .string("no"))]), status: .badRequest, fixture: fixture)
            #expect(try await client.withoutCSRF(.post, "/api/v1/delegations", as: uao, withdraw) == .forbidden)
            let withdrawn = try await client.call(.post, "/api/v1/delegations", as: uao, withdraw)
            #expect(withdrawn.status == .created, "\(withdrawn.text)")
            #expect(withdrawn.json["ended"]?["may_approve"] == .bool(true) && withdrawn.json["started"]?["may_approve"] == .bool(false))
            try await client.refused(.post, "/api/v1/delegations", as: uao, withdraw, status: .conflict, fixture: fixture)
        }
    }

    // MARK: Imports

    @Test("imports: the file is the body (JSON or CSV); a secretariat imports (201, then 200 as identical); others 403; a bad line 422")
    func imports() async throws {
        let fixture = try ServerFixture()
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let csv = try String(contentsOf: examples.appendingPathComponent("almen-medicin-intro-2023.csv"), encoding: .utf8)
        let program = try String(contentsOf: examples.appendingPathComponent("program-almen-praksis.json"), encoding: .utf8)
        try await fixture.app().test(.router) { client in
            let sek = try await client.logIn("sek.syd", fixture: fixture)
            let uao = try await client.logIn("dr.uao", fixture: fixture)
            let ahmed = try await client.logIn("dr.ahmed", fixture: fixture)
            func upload(_ uri: String, as user: LoggedIn, _ text: String, type: String, csrf: Bool = true) async throws
                -> (status: HTTPResponse.Status, text: String, json: JSONValue)
            {
                var headers = csrf ? user.headers : user.readHeaders
                headers[.contentType] = type
                return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text)) {
                    ($0.status, String(buffer: $0.body), json($0))
                }
            }
            let query = "/api/v1/curricula?specialty=Almen%20medicin&version=2023&valid_from=2023-03-01"
            let before = try fixture.snapshot()
            #expect(try await upload(query, as: uao, csv, type: "text/csv").status == .forbidden)
            #expect(try await upload(query, as: sek, csv, type: "text/csv", csrf: false).status == .forbidden)
            #expect(try await upload(query, as: sek, csv, type: "text/plain").status == .badRequest)
            #expect(try await upload("/api/v1/curricula?specialty=Almen%20medicin", as: sek, csv, type: "text/csv").status == .badRequest)
            // A broken line: 422 naming the line, nothing stored.
            let broken = try await upload(query, as: sek, csv + "A99;Titel uden resten\n", type: "text/csv")
            #expect(broken.status == .unprocessableContent, "\(broken.text)")
            #expect((string(broken.json["detail"]) ?? "").hasPrefix("request body:"), "\(broken.text)")
            #expect(try fixture.snapshot() == before)
            let stored = try await upload(query, as: sek, csv, type: "text/csv; charset=utf-8")
            #expect(stored.status == .created && stored.json["stored"] == .bool(true), "\(stored.text)")
            let again = try await upload(query, as: sek, csv, type: "text/csv")
            #expect(again.status == .ok && again.json["stored"] == .bool(false), "\(again.text)")
            let listed = try await client.call(.get, "/api/v1/curricula", as: ahmed)
            guard case .array(let curricula) = listed.json else { throw TestFailure(listed.text) }
            #expect(Set(curricula.compactMap { string($0["specialty"]) }) == ["Kardiologi", "Almen medicin"], "\(listed.text)")

            // Programmes: JSON only; the new practice's programme by the secretariat.
            #expect(try await upload("/api/v1/programs", as: sek, program, type: "text/csv").status == .badRequest)
            #expect(try await upload("/api/v1/programs", as: uao, program, type: "application/json").status == .forbidden)
            let badProgram = try await upload("/api/v1/programs", as: sek, "{\n  \"department\": 12\n}", type: "application/json")
            #expect(badProgram.status == .unprocessableContent, "\(badProgram.text)")
            let imported = try await upload("/api/v1/programs", as: sek, program, type: "application/json")
            #expect(imported.status == .created, "\(imported.text)")
            #expect(try await upload("/api/v1/programs", as: sek, program, type: "application/json").status == .ok)
            func departments(_ value: JSONValue) -> Set<String> {
                guard case .array(let items) = value else { return [] }
                return Set(items.compactMap { string($0["department"]) })
            }
            #expect(departments(try await client.call(.get, "/api/v1/programs", as: sek).json) == ["OUH-KAR", "LH-SVENDBORG"])
            #expect(departments(try await client.call(.get, "/api/v1/programs", as: uao).json) == ["OUH-KAR"])
            #expect(departments(try await client.call(.get, "/api/v1/programs", as: ahmed).json).isSubset(of: ["OUH-KAR"]))
        }
    }

    // MARK: Assessments and the bundle

    @Test("a position's assessments and its documentation bundle: in scope 200 (the bundle as `export` writes it); out of scope 404")
    func assessmentsAndBundle() async throws {
        let xss = "<script>alert('x')</script>"
        let fixture = try ServerFixture(extraTrainee: ("dr.xss", xss))
        let ahmed = try fixture.position("dr.ahmed"), niels = try fixture.position("dr.niels"), berit = try fixture.position("dr.berit")
        let id = try fixture.position("dr.xss")
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let nuao = try await client.logIn("dr.nuao", fixture: fixture)
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let made = try await client.call(.post, "/api/v1/positions/\(ahmed)/assessments", as: hoved, .object([
                ("code", .string("I1")), ("method", .string("Mini-CEX")), ("date", .string("2027-03-01")), ("note", .string(xss)),
            ]))
            #expect(made.status == .created, "\(made.text)")
            let listed = try await client.call(.get, "/api/v1/positions/\(ahmed)/assessments", as: trainee)
            #expect(listed.status == .ok && !listed.text.contains("<"), "\(listed.text)")
            let byHoved = try await client.call(.get, "/api/v1/positions/\(ahmed)/assessments", as: hoved)
            guard case .array(let entries) = byHoved.json else { throw TestFailure(byHoved.text) }
            let expected = try Assessments.list(try fixture.session("dr.hoved"), positionID: ahmed).entries
            #expect(entries.count == expected.count && string(entries.last?["note"]) == xss && string(entries.last?["recorded_by_handle"]) == "dr.hoved")
            #expect(listed.json == .array(entries))
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/assessments", id: ahmed, as: nuao, fixture: fixture)
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/assessments", id: berit, as: trainee, fixture: fixture)

            let bundle = try await client.execute(uri: "/api/v1/positions/\(id)/bundle", method: .get, headers: hoved.readHeaders) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"position-\(id).json\"")
                return String(buffer: response.body)
            }
            #expect(!bundle.contains("<") && bundle.contains("\\u003cscript\\u003e"))
            let parsed = try JSONValue.parse(bundle)
            #expect(string(parsed["position"]?["trainee_name"]) == xss)
            let direct = try JSONValue.parse(try Bundles.text(try fixture.session("dr.hoved"), positionID: id))
            #expect(parsed["events"] == direct["events"] && parsed["grants"] == direct["grants"] && parsed["position"] == direct["position"])
            #expect(BundleVerifier.problems(in: Array(bundle.utf8), trusted: []).map { "\($0)" }
                    == BundleVerifier.problems(in: Array(try Bundles.text(try fixture.session("dr.hoved"), positionID: id).utf8), trusted: []).map { "\($0)" })
            try await client.sameAsMissing(.get, "/api/v1/positions/{id}/bundle", id: niels, as: hoved, fixture: fixture)
            let (readToken, _) = try await client.makeToken(hoved, scope: "read")
            #expect(try await client.withToken(.get, "/api/v1/positions/\(id)/bundle", token: readToken).status == .ok)
        }
    }
}

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

/// Every act through the server names how its maker authenticated and is signed with the server's key (issue 15).
@Suite("logbook serve: acts signed by the server's key")
struct ServerSigningAPITests {
    /// The stored authentication and signature of event `id`, and whether the server's key signed exactly its content.
    func stored(_ fixture: ServerFixture, _ id: Int64) throws -> (authentication: String?, signedByServer: Bool) {
        let event = try #require(try EventRepository(try Store(path: fixture.path)).event(id: id))
        let signed = event.signature.map { fixture.serverKey.publicKey.verifies($0, of: event.content.canonicalBytes) } ?? false
        return (event.content.authentication, signed)
    }

    @Test("a password session's act names password, an API token's names token; both signed by the server; verify holds")
    func namesTheAuthentication() async throws {
        let fixture = try ServerFixture()
        let ahmed = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let (status, answerText, answer, _) = try await client.call(.post, "/api/v1/positions/\(ahmed)/approvals", as: hoved,
                                                                 .object([("codes", .array([.string("I1")]))]))
            #expect(status == .created, "\(answerText)")
            guard case .array(let events) = answer, case .int(let first)? = events.first?["event"] else {
                throw TestFailure("no event id: \(answerText)")
            }
            let bySession = try stored(fixture, first)
            #expect(bySession.authentication == "password" && bySession.signedByServer)

            let (token, _) = try await client.makeToken(hoved, scope: "act")
            let event = try await client.execute(uri: "/api/v1/positions/\(ahmed)/approvals", method: .post, headers: bearer(token),
                                                 body: body(.object([("codes", .array([.string("I2")]))]))) { response in
                #expect(response.status == .created, "\(text(response))")
                let answer = json(response)
                guard case .array(let events) = answer, case .int(let id)? = events.first?["event"] else {
                    throw TestFailure("no event id: \(text(response))")
                }
                return id
            }
            let byToken = try stored(fixture, event)
            #expect(byToken.authentication == "token" && byToken.signedByServer)
        }
        #expect(try Verification.run(try fixture.session(nil)).isEmpty)
    }

    @Test("GET /verification: the whole log verified for a secretariat, refused (403) for anyone else; GET /keys shows the server key")
    func verificationAndKeys() async throws {
        let fixture = try ServerFixture()
        let ahmed = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let secretariat = try await client.logIn("sek.syd", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let trainee = try await client.logIn("dr.ahmed", fixture: fixture)
            let approved = try await client.call(.post, "/api/v1/positions/\(ahmed)/approvals", as: hoved, .object([("codes", .array([.string("I1")]))]))
            #expect(approved.status == .created)
            guard case .array(let events) = approved.json, case .string("password")? = events.first?["authentication"] else {
                throw TestFailure("the act does not say how its maker authenticated: \(approved.text)")
            }

            let verified = try await client.call(.get, "/api/v1/verification", as: secretariat)
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(verified.json["holds"] == .bool(true), "\(verified.text)")
            #expect(verified.json["problems"] == .array([]))
            let refused = try await client.call(.get, "/api/v1/verification", as: hoved)
            #expect(refused.status == .forbidden, "\(refused.text)")
            // The server made a checkpoint after the write; verification checked it, as `logbook verify` does.
            let logSize = try #require(try Store(path: fixture.path).connection.queryFirst("SELECT count(*) FROM event")?.int(0))
            #expect(verified.json["checkpoints"]?["problems"] == .array([]), "\(verified.text)")
            #expect(verified.json["checkpoints"]?["newest"]?["size"] == .int(logSize), "\(verified.text)")

            let keys = try await client.call(.get, "/api/v1/keys", as: trainee)
            #expect(keys.status == .ok)
            guard case .array(let listed) = keys.json else { throw TestFailure(keys.text) }
            #expect(listed.contains { $0["holder"] == .string("server:test") && $0["server"] == .bool(true) }, "\(keys.text)")
            // Someone out of the trainee's sight answers like nobody.
            let hidden = try await client.call(.get, "/api/v1/keys?person=dr.niels", as: trainee)
            let nobody = try await client.call(.get, "/api/v1/keys?person=dr.nobody", as: trainee)
            #expect(hidden.status == .notFound && nobody.status == .notFound)
            #expect(hidden.text == nobody.text.replacingOccurrences(of: "dr.nobody", with: "dr.niels"))
        }
    }

    @Test("GET /verification reports the checkpoint problems `logbook verify` reports (the same Verification.report): committed events removed")
    func verificationCheckpoints() async throws {
        let fixture = try ServerFixture()
        let ahmed = try #require(fixture.positions["dr.ahmed"])
        try await fixture.app().test(.router) { client in
            let secretariat = try await client.logIn("sek.syd", fixture: fixture)
            let hoved = try await client.logIn("dr.hoved", fixture: fixture)
            let approved = try await client.call(.post, "/api/v1/positions/\(ahmed)/approvals", as: hoved, .object([("codes", .array([.string("I1")]))]))
            #expect(approved.status == .created, "\(approved.text)")
            let clean = try await client.call(.get, "/api/v1/verification", as: secretariat)
            #expect(clean.json["holds"] == .bool(true), "\(clean.text)")
            guard case .int(let checked)? = clean.json["checkpoints"]?["checked"], checked >= 1 else {
                throw TestFailure("no checkpoint checked: \(clean.text)")
            }
            // Someone with the file drops the delete trigger and removes the newest event (the approval, its chain's tail):
            // every hash chain still links, but the newest checkpoint signs more events than the log holds.
            let store = try Store(path: fixture.path)
            try store.connection.execute("PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS event_no_delete; DELETE FROM event WHERE id = (SELECT max(id) FROM event)")
            let tampered = try await client.call(.get, "/api/v1/verification", as: secretariat)
            #expect(tampered.status == .ok && tampered.json["holds"] == .bool(false), "\(tampered.text)")
            // The very messages `logbook verify` prints for the checkpoints, in the reader's language.
            let session = try fixture.session("sek.syd")
            let cli = try Checkpoints.problems(session).problems
            #expect(!cli.isEmpty)
            let answered = tampered.json["checkpoints"]?["problems"]
            #expect([Texts(.da), Texts(.en)].contains { texts in answered == .array(cli.map { .string(texts.checkpointProblem($0)) }) },
                    "\(tampered.text)")
            #expect(tampered.text.contains("committed events were removed") || tampered.text.contains("fjernet"), "\(tampered.text)")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

@Suite("logbook serve: password change and the record of log-ins")
struct AccountTests2 {
    static func change(_ client: some TestClientProtocol, _ who: LoggedIn, current: String, new: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/session/password", method: .put, headers: who.headers,
                                 body: body(.object([("current", .string(current)), ("new", .string(new))])))
    }

    @Test("a password change keeps this session, ends every other one, and only the new password logs in")
    func changePassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let here = try await client.logIn("dr.uao", fixture: fixture)
            let elsewhere = try await client.logInOnly("dr.uao")
            let other = try await client.logIn("dr.hoved", fixture: fixture)  // someone else's session is not touched
            let response = try await Self.change(client, here, current: ServerFixture.password, new: "a new and longer secret")
            #expect(response.status == .ok, "\(text(response))")
            #expect(json(response)["sessions_ended"] == .int(1) && json(response)["handle"] == .string("dr.uao"))
            try await client.execute(uri: "/api/v1/session", method: .get, headers: here.readHeaders) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: elsewhere.readHeaders) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: other.readHeaders) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.uao")), ("password", .string(ServerFixture.password))]))) {
                #expect($0.status == .unauthorized)
            }
            _ = try await client.logInOnly("dr.uao", password: "a new and longer secret")
        }
    }

    @Test("a wrong current password is 422, changes nothing, counts as a failed log-in and is throttled like one")
    func wrongCurrent() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            let here = try await client.logIn("dr.uao", fixture: fixture)
            let elsewhere = try await client.logInOnly("dr.uao")
            for _ in 0..<5 {
                let response = try await Self.change(client, here, current: "not the password", new: "a new and longer secret")
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(json(response)["detail"] == .string("the current password is wrong; nothing was changed (this counts as a failed log-in)"))
            }
            // The sixth try waits, even with the right password; so does a log-in.
            let throttled = try await Self.change(client, here, current: ServerFixture.password, new: "a new and longer secret")
            #expect(throttled.status == .tooManyRequests && throttled.headers[.retryAfter] == "30")
            try await client.execute(uri: "/api/v1/session", method: .post,
                                     body: body(.object([("handle", .string("dr.uao")), ("password", .string(ServerFixture.password))]))) {
                #expect($0.status == .tooManyRequests)
            }
            // Nothing changed: the other session lives, and after the wait the old password still logs in.
            try await client.execute(uri: "/api/v1/session", method: .get, headers: elsewhere.readHeaders) { #expect($0.status == .ok) }
            fixture.clock.advance(31)
            _ = try await client.logInOnly("dr.uao")
            let failures = try LogIns.list(try fixture.session("sek.syd"), LogIns.Filter(handle: "dr.uao", failedOnly: true))
            #expect(failures.count == 5)
        }
    }

    @Test("a new password that breaks the rules or equals the current one is 422; the change needs the CSRF token")
    func badNewPassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            let here = try await client.logIn("dr.hoved", fixture: fixture)
            let short = try await Self.change(client, here, current: ServerFixture.password, new: "short")
            #expect(short.status == .unprocessableContent)
            #expect(json(short)["detail"] == .string("a password must have at least 12 characters (got 5)"))
            let same = try await Self.change(client, here, current: ServerFixture.password, new: ServerFixture.password)
            #expect(same.status == .unprocessableContent)
            #expect(json(same)["detail"] == .string("the new password is the same as the current one; choose another"))
            try await client.execute(uri: "/api/v1/session/password", method: .put, headers: here.readHeaders,
                                     body: body(.object([("current", .string(ServerFixture.password)), ("new", .string("a new and longer secret"))]))) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/session/password", method: .put, headers: here.headers,
                                     body: body(.object([("current", .string(ServerFixture.password))]))) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/session/password", method: .put,
                                     body: body(.object([("current", .string(ServerFixture.password)), ("new", .string("a new and longer secret"))]))) {
                #expect($0.status == .unauthorized)
            }
            // None of these changed it.
            _ = try await client.logInOnly("dr.hoved")
        }
    }

    @Test("GET /log-ins: a secretariat sees who, when, from where and the outcome, filtered; anyone else is refused")
    func logIns() async throws {
        let fixture = try ServerFixture()
        try await fixture.app().test(.router) { client in
            _ = try await client.logIn("sek.syd", fixture: fixture)
            _ = try await client.logIn("dr.uao", fixture: fixture)
            fixture.clock.advance(86_400)  // the sessions have ended: log in again below
            for handle in ["dr.uao", "dr.nobody"] {
                try await client.execute(uri: "/api/v1/session", method: .post,
                                         body: body(.object([("handle", .string(handle)), ("password", .string("wrong password!"))]))) {
                    #expect($0.status == .unauthorized)
                }
            }
            let secretariat = try await client.logInOnly("sek.syd")
            try await client.execute(uri: "/api/v1/log-ins", method: .get, headers: secretariat.readHeaders) { response in
                #expect(response.status == .ok)
                guard case .array(let rows) = json(response) else { throw TestFailure("not an array: \(text(response))") }
                #expect(rows.count == 5)
                #expect(rows.first?["handle"] == .string("sek.syd") && rows.first?["outcome"] == .string("ok"))
                #expect(rows[1]["handle"] == .string("dr.nobody") && rows[1]["outcome"] == .string("failed") && rows[1]["name"] == .null)
                #expect(rows.allSatisfy { if case .string(let address)? = $0["address"] { !address.isEmpty } else { false } })
                #expect(rows.last?["handle"] == .string("sek.syd") && rows.last?["outcome"] == .string("ok"))
                #expect(rows.contains { $0["handle"] == .string("dr.uao") && $0["name"] == .string("Hanne Mortensen") })
                #expect(rows.last?["at"] == .string(Session.utc(seconds: 1_800_000_000)))
            }
            try await client.execute(uri: "/api/v1/log-ins?handle=dr.uao&failed=true", method: .get, headers: secretariat.readHeaders) {
                guard case .array(let rows) = json($0) else { throw TestFailure("not an array") }
                #expect(rows.count == 1 && rows[0]["outcome"] == .string("failed"))
            }
            let tomorrow = Session.utc(seconds: 1_800_000_000 + 86_400).prefix(10)
            try await client.execute(uri: "/api/v1/log-ins?since=\(tomorrow)&limit=2", method: .get, headers: secretariat.readHeaders) {
                guard case .array(let rows) = json($0) else { throw TestFailure("not an array") }
                #expect(rows.count == 2 && rows[1]["handle"] == .string("dr.nobody"))
            }
            try await client.execute(uri: "/api/v1/log-ins?since=\(tomorrow)", method: .get, headers: secretariat.readHeaders) {
                guard case .array(let rows) = json($0) else { throw TestFailure("not an array") }
                #expect(rows.count == 3)
            }
            for query in ["limit=0", "failed=yes", "since=yesterday-ish"] {
                try await client.execute(uri: "/api/v1/log-ins?\(query)", method: .get, headers: secretariat.readHeaders) {
                    #expect($0.status == .badRequest, "\(query)")
                }
            }
            let uao = try await client.logInOnly("dr.uao")
            try await client.execute(uri: "/api/v1/log-ins", method: .get, headers: uao.readHeaders) { response in
                #expect(response.status == .forbidden)
                #expect(json(response)["detail"] == .string("dr.uao is not secretariat on 2027-03-04; only a secretariat lists log-in attempts"))
            }
            try await client.execute(uri: "/api/v1/log-ins", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("the rule: a standing secretariat grant of any region, nothing else")
    func rule() {
        let day = CalendarDate(iso: "2027-03-04")!
        func actor(_ grants: [Grant]) -> Actor { Actor(id: 1, handle: "x", grants: grants) }
        let secretariat = Grant(personID: 1, role: .secretariat, scope: .region("Nordjylland"), validFrom: CalendarDate(iso: "2026-01-01")!)
        #expect(Access.mayListLogIns(by: actor([secretariat]), on: day))
        var ended = secretariat
        ended.validUntil = CalendarDate(iso: "2027-03-03")!
        #expect(!Access.mayListLogIns(by: actor([ended]), on: day))
        let uao = Grant(personID: 1, role: .uao, scope: .department(3), validFrom: CalendarDate(iso: "2026-01-01")!)
        #expect(!Access.mayListLogIns(by: actor([uao]), on: day))
        #expect(!Access.mayListLogIns(by: actor([]), on: day))
    }
}

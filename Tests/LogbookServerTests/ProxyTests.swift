import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookServer
import Testing

private let remoteUser = HTTPField.Name("X-Remote-User")!
private let forwardedFor = HTTPField.Name("X-Forwarded-For")!
private let csrfHeader = HTTPField.Name("X-CSRF-Token")!

@Suite("logbook serve behind a reverse proxy: trusted addresses, X-Forwarded-For, single sign-on")
struct ProxyTests {
    static func ranges(_ texts: String...) -> [AddressRange] { texts.map { AddressRange($0)! } }

    @Test("address ranges: exact, IPv4 and IPv6 networks, IPv4-mapped IPv6; nonsense refused with the entry named")
    func ranges() throws {
        #expect(AddressRange("10.0.0.0/8")!.contains("10.200.3.4"))
        #expect(!AddressRange("10.0.0.0/8")!.contains("11.0.0.1"))
        #expect(AddressRange("192.168.1.0/25")!.contains("192.168.1.127") && !AddressRange("192.168.1.0/25")!.contains("192.168.1.128"))
        #expect(AddressRange("127.0.0.1")!.contains("::ffff:127.0.0.1"))
        #expect(AddressRange("fd00::/8")!.contains("fd12::1") && !AddressRange("fd00::/8")!.contains("fe80::1"))
        #expect(!AddressRange("::1")!.contains("127.0.0.1"))
        #expect(AddressRange("0.0.0.0/0")!.contains("8.8.8.8"))
        for bad in ["localhost", "10.0.0.0/33", "::1/129", "10.0.0/8", "", "10.0.0.1/x"] { #expect(AddressRange(bad) == nil, "\(bad)") }
        let name = #expect(throws: LogbookError.self) { try AddressRange.list(["127.0.0.1,proxy.ouh.dk"], source: "--trust-proxy") }
        #expect(name?.message.contains("--trust-proxy") == true && name?.message.contains("proxy.ouh.dk") == true)
        #expect(name?.status == .usage)
        #expect(try AddressRange.list(["127.0.0.1, 10.0.0.0/8", "::1"], source: "x").count == 3)
    }

    @Test("the client address: the peer's unless the peer is trusted; then the right-most untrusted X-Forwarded-For hop")
    func clientAddress() {
        let trust = ProxyTrust(proxies: Self.ranges("127.0.0.1", "10.0.0.0/8"))
        #expect(trust.client(peer: "203.0.113.5", forwardedFor: ["198.51.100.1"]) == "203.0.113.5")  // not a proxy: its claim is ignored
        #expect(trust.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // The client wrote the left part itself; the proxies appended what they saw.
        #expect(trust.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.1, 10.0.0.7"]) == "198.51.100.1")
        #expect(trust.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.1"]) == "198.51.100.1")
        #expect(trust.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(trust.client(peer: "127.0.0.1", forwardedFor: ["not-an-address"]) == "127.0.0.1")
        #expect(trust.client(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
        #expect(ProxyTrust().client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "127.0.0.1")
    }

    @Test("a config file: NAME=value lines, comments, quotes, CRLF; flags beat the environment, which beats the file")
    func configFile() throws {
        let text = "# logbook\r\nLOGBOOK_DB = /var/lib/logbook/logbook.sqlite\r\nLOGBOOK_LISTEN=\"127.0.0.1:9090\"\r\n\r\n"
            + "LOGBOOK_TRUST_PROXY=10.0.0.5, 10.0.1.0/24\nLOGBOOK_USER_HEADER=X-Remote-User\nLOGBOOK_SESSION_IDLE_MINUTES=15\n"
        let file = (path: "/etc/logbook.conf", text: text)
        let fromFile = try ServerConfiguration.from(databaseFlag: nil, listen: nil, environment: [:], configFile: file)
        #expect(fromFile.databasePath == "/var/lib/logbook/logbook.sqlite" && fromFile.port == 9090)
        #expect(fromFile.proxy.proxies.map(\.description) == ["10.0.0.5", "10.0.1.0/24"] && fromFile.proxy.userHeader == "X-Remote-User")
        #expect(fromFile.policy.idleSeconds == 15 * 60)
        let overridden = try ServerConfiguration.from(
            databaseFlag: "/tmp/x.sqlite", listen: nil, environment: ["LOGBOOK_LISTEN": "127.0.0.1:7070", "LOGBOOK_SESSION_IDLE_MINUTES": "5"],
            trustProxy: ["127.0.0.1"], configFile: file)
        #expect(overridden.databasePath == "/tmp/x.sqlite" && overridden.port == 7070 && overridden.policy.idleSeconds == 5 * 60)
        #expect(overridden.proxy.proxies.map(\.description) == ["127.0.0.1"])

        func usage(_ text: String, mentions: [String]) {
            do {
                _ = try ServerConfiguration.from(databaseFlag: "x", listen: nil, environment: [:], configFile: (path: "l.conf", text: text))
                Issue.record("accepted \(text)")
            } catch let error as LogbookError {
                #expect(error.status == .usage)
                for word in mentions { #expect(error.message.contains(word), "\(error.message)") }
            } catch { Issue.record("\(error)") }
        }
        usage("LOGBOOK_LISTEN=127.0.0.1:1\nLOGBOOK_PASWORD=x\n", mentions: ["l.conf, line 2", "LOGBOOK_PASWORD"])
        usage("just words\n", mentions: ["l.conf, line 1", "NAME=value"])
        usage("LOGBOOK_DB=a\nLOGBOOK_DB=b\n", mentions: ["line 2", "twice"])
        usage("LOGBOOK_USER_HEADER=X-Remote-User\n", mentions: ["--trust-proxy"])  // a user header without its proxy
        usage("LOGBOOK_TRUST_PROXY=127.0.0.1\nLOGBOOK_USER_HEADER=Cookie\n", mentions: ["Cookie"])
        usage("LOGBOOK_TRUST_PROXY=everyone\n", mentions: ["LOGBOOK_TRUST_PROXY", "everyone"])
    }

    /// Every `environment["..."]` the server's configuration reads is a name a config file may hold.
    @Test("every setting the server reads from the environment may also be written in the config file")
    func settingNamesComplete() throws {
        let source = try String(contentsOfFile: #filePath.components(separatedBy: "/Tests/")[0] + "/Sources/LogbookServer/Configuration.swift",
                                encoding: .utf8)
        let read = Set(source.components(separatedBy: "environment[\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        #expect(!read.isEmpty)
        #expect(read.subtracting(ServerConfiguration.settingNames).isEmpty, "\(read.subtracting(ServerConfiguration.settingNames))")
    }

    @Test("single sign-on: the trusted proxy's header opens a session on a read; it continues; a change needs its CSRF token")
    func signOn() async throws {
        let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: Self.ranges("127.0.0.1"), userHeader: "X-Remote-User"))
        try await fixture.app().test(.live) { client in
            // A change as the very first request: no session of that person yet, so no token to send.
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: [remoteUser: "dr.hoved"]) { response in
                #expect(response.status == .forbidden)
                #expect(text(response).contains("CSRF") && text(response).contains("api/v1/session"), "\(text(response))")
                #expect(response.headers[.setCookie] == nil)
            }
            let (cookie, csrf) = try await client.execute(uri: "/api/v1/session", method: .get, headers: [remoteUser: "dr.hoved"]) { response in
                #expect(response.status == .ok, "\(text(response))")
                #expect(json(response)["handle"] == .string("dr.hoved"))
                let cookie = try #require(TestClient.sessionCookie(response))
                let csrf = try #require(response.headers[csrfHeader])
                #expect(json(response)["csrf_token"] == .string(csrf))
                #expect(response.headers[.setCookie]?.contains("HttpOnly") == true && response.headers[.setCookie]?.contains("SameSite=Strict") == true)
                return (cookie, csrf)
            }
            let withCookie: HTTPFields = [remoteUser: "dr.hoved", .cookie: "logbook_session=\(cookie)"]
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: withCookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie] == nil, "the session continues; no new one")
                guard case .array(let positions) = json(response) else { throw TestFailure("not a list") }
                #expect(!positions.isEmpty)
            }
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: withCookie) { response in
                #expect(response.status == .forbidden, "a change without the CSRF token")
            }
            var signOut = withCookie
            signOut[csrfHeader] = csrf
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: signOut) { response in
                #expect(response.status == .noContent)
            }
            // Signed out at the logbook: the proxy still vouches, so the next read opens a new session.
            try await client.execute(uri: "/api/v1/session", method: .get, headers: withCookie) { response in
                #expect(response.status == .ok)
                #expect(TestClient.sessionCookie(response).map { $0 != cookie } == true)
            }
        }
        let attempts = try Accounts.attempts(try fixture.session("sek.syd"))
        #expect(attempts.filter { $0.handle == "dr.hoved" && $0.ok }.count == 2, "each sign-on is recorded as a log-in")
        #expect(attempts.allSatisfy { $0.address == "127.0.0.1" || $0.address == "::1" })
    }

    @Test("single sign-on on the web pages: a page opens the session and comes back to itself; a form cannot open one; a shared PC switches")
    func webSignOn() async throws {
        let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: Self.ranges("127.0.0.1"), userHeader: "X-Remote-User"))
        try await fixture.app().test(.live) { client in
            let cookie = try await client.execute(uri: "/trainees?x=1", method: .get, headers: [remoteUser: "dr.hoved"]) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/trainees?x=1")
                return try #require(TestClient.sessionCookie(response))
            }
            let page = try await client.execute(uri: "/trainees", method: .get, headers: [remoteUser: "dr.hoved", .cookie: "logbook_session=\(cookie)"]) {
                #expect($0.status == .ok && $0.headers[.setCookie] == nil)
                return text($0)
            }
            #expect(page.contains("Mine uddannelseslæger") && page.contains("name=\"_csrf\""))
            // A form as the first request: there is no session whose token it could carry.
            try await client.execute(uri: "/logout", method: .post, headers: [remoteUser: "dr.hoved", .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=x")) { response in
                #expect(response.status == .forbidden && response.headers[.setCookie] == nil)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
            // The next doctor at the same PC: the proxy names someone else, so their own session is opened.
            try await client.execute(uri: "/", method: .get, headers: [remoteUser: "dr.uao", .cookie: "logbook_session=\(cookie)"]) { response in
                #expect(response.status == .seeOther && TestClient.sessionCookie(response).map { $0 != cookie } == true)
            }
        }
    }

    @Test("the header from an address that is not a trusted proxy is never believed")
    func untrustedHeader() async throws {
        let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: Self.ranges("10.9.8.7"), userHeader: "X-Remote-User"))
        try await fixture.app().test(.live) { client in
            for uri in ["/api/v1/session", "/api/v1/positions", "/api/v1/departments/OUH-KAR/report"] {
                try await client.execute(uri: uri, method: .get, headers: [remoteUser: "sek.syd", forwardedFor: "10.9.8.7"]) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.setCookie] == nil)
                }
            }
        }
        #expect(try Accounts.attempts(try fixture.session("sek.syd")).isEmpty)
    }

    @Test("a name the proxy sends that is nobody here: 401 saying how to fix it; an e-mail finds the person; a shared PC switches person")
    func names() async throws {
        let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: Self.ranges("127.0.0.1", "::1"), userHeader: "X-Remote-User"))
        _ = try People.correct(try fixture.session("sek.syd"), handle: "dr.uao", corrections: [.email("Ulla.Andersen@RSYD.dk")], reason: nil)
        try await fixture.app().test(.live) { client in
            try await client.execute(uri: "/api/v1/positions", method: .get, headers: [remoteUser: "dr.nobody"]) { response in
                #expect(response.status == .unauthorized)
                #expect(text(response).contains("dr.nobody") && text(response).contains("ask the secretariat") && !text(response).contains("logbook person"))
            }
            let hoved = try await client.execute(uri: "/api/v1/session", method: .get, headers: [remoteUser: "dr.hoved"]) { response in
                try #require(TestClient.sessionCookie(response))
            }
            // The next doctor signs on at the proxy on the same PC: the old cookie is not theirs.
            try await client.execute(uri: "/api/v1/session", method: .get,
                                     headers: [remoteUser: "ulla.andersen@rsyd.dk", .cookie: "logbook_session=\(hoved)"]) { response in
                #expect(response.status == .ok)
                #expect(json(response)["handle"] == .string("dr.uao"))
                #expect(TestClient.sessionCookie(response).map { $0 != hoved } == true)
            }
        }
    }

    @Test("X-Forwarded-For names the client for throttling and the log-in record only when the peer is a trusted proxy")
    func forwardedAddress() async throws {
        for (trusted, expected) in [("127.0.0.1,::1", "198.51.100.7"), ("10.9.8.7", nil)] {
            let fixture = try ServerFixture(secureCookies: false, proxy: ProxyTrust(proxies: try AddressRange.list([trusted], source: "t")))
            try await fixture.app().test(.live) { client in
                try await client.execute(uri: "/api/v1/session", method: .post, headers: [forwardedFor: "6.6.6.6, 198.51.100.7"],
                                         body: body(.object([("handle", .string("dr.hoved")), ("password", .string("wrong password!"))]))) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            let attempt = try #require(try Accounts.attempts(try fixture.session("sek.syd")).first)
            if let expected {
                #expect(attempt.address == expected)
            } else {
                #expect(attempt.address == "127.0.0.1" || attempt.address == "::1", "a spoofed header from a stranger is ignored")
            }
        }
    }
}

/// `sessionCookie` without a client value at hand.
enum TestClient {
    static func sessionCookie(_ response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("logbook_session=") else { return nil }
        return String(header.dropFirst("logbook_session=".count).prefix { $0 != ";" })
    }
}

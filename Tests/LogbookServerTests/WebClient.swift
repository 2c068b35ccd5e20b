import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogbookServer
import Testing

/// The web page tests' browser: the cookies it keeps between requests.
struct WebBrowser {
    var cookies: [String: String] = [:]

    var headers: HTTPFields {
        var fields: HTTPFields = [:]
        if !cookies.isEmpty { fields[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    mutating func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }
}

/// A page as a test reads it.
struct WebPage {
    let status: HTTPResponse.Status
    let body: String
    let location: String?
    let type: String?
    let cacheControl: String?

    init(_ response: TestResponse) {
        status = response.status
        body = text(response)
        location = response.headers[.location]
        type = response.headers[.contentType]
        cacheControl = response.headers[.cacheControl]
    }

    /// The form token the page's forms carry.
    var csrf: String? {
        guard let match = body.firstMatch(of: /name="_csrf" value="([0-9a-f]{64})"/) else { return nil }
        return String(match.1)
    }

    /// A refusal: a 4xx page.
    var refused: Bool { status.code >= 400 && status.code < 500 }
}

/// `application/x-www-form-urlencoded`.
func webFormBody(_ fields: [(String, String)]) -> ByteBuffer {
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let encoded = fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
    return ByteBuffer(string: encoded.joined(separator: "&"))
}

extension TestClientProtocol {
    /// GET a page in `browser`.
    func get(_ uri: String, _ browser: inout WebBrowser) async throws -> WebPage {
        let response = try await execute(uri: uri, method: .get, headers: browser.headers, body: nil) { $0 }
        browser.keep(response)
        return WebPage(response)
    }

    /// POST a form in `browser` (urlencoded, or `body` of `contentType`).
    func post(_ uri: String, _ fields: [(String, String)], _ browser: inout WebBrowser, body: ByteBuffer? = nil,
              contentType: String = "application/x-www-form-urlencoded") async throws -> WebPage {
        var headers = browser.headers
        headers[.contentType] = contentType
        let response = try await execute(uri: uri, method: .post, headers: headers, body: body ?? webFormBody(fields)) { $0 }
        browser.keep(response)
        return WebPage(response)
    }

    /// Sets `handle`'s password through the invitation page (invited by `inviterOf`, else the UAO) and logs in through
    /// the log-in page.
    func webLogIn(_ handle: String, fixture: ServerFixture) async throws -> WebBrowser {
        var browser = WebBrowser()
        let token = try fixture.invite(handle, by: handle == "sek.syd" ? nil : inviterOf[handle] ?? "dr.uao")
        let invitation = try await get("/invitation/\(token)", &browser)
        #expect(invitation.status == .ok)
        let accepted = try await post("/invitation/\(token)", [("_csrf", try #require(invitation.csrf)), ("password", ServerFixture.password),
                                                               ("repeat", ServerFixture.password)], &browser)
        #expect(accepted.status == .seeOther && accepted.location == "/login?done=password&handle=\(handle)", "\(accepted.body)")
        let login = try await get(accepted.location ?? "/login?done=password", &browser)
        #expect(login.body.contains("value=\"\(handle)\""), "the user name is filled in")
        #expect(login.body.contains("Din adgangskode er gemt"))
        let done = try await post("/login", [("_csrf", try #require(login.csrf)), ("handle", handle), ("password", ServerFixture.password),
                                             ("code", "")], &browser)
        #expect(done.status == .seeOther && done.location == "/", "\(done.body)")
        #expect(browser.cookies["logbook_session"] != nil)
        return browser
    }
}

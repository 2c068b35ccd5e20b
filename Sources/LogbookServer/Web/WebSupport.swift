import Crypto
import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import Mustache
import MultipartKit

/// The web pages' templates and stylesheet.
///
/// They are embedded at build time (the EmbedWeb plugin writes `embeddedWebFiles`), like the catalogs, the migrations
/// and the OpenAPI document, rather than listed as SwiftPM resources: a resource bundle must sit beside the executable
/// and `Bundle.module` looks for it by an absolute build path, so the static `logbook` binary copied to a server would
/// serve no pages. Embedded, the one binary carries them, and a template that does not parse fails the first test.
enum WebTemplates {
    /// Every `*.mustache` file by its name without the extension (`layout`, `login`, ...).
    static let library: MustacheLibrary = {
        var templates: [String: MustacheTemplate] = [:]
        for file in embeddedWebFiles where file.name.hasSuffix(".mustache") {
            let name = String(file.name.dropLast(".mustache".count))
            do {
                templates[name] = try MustacheTemplate(string: file.sql)
            } catch {
                fatalError("web template \(file.name) does not parse: \(error)")
            }
        }
        return MustacheLibrary(templates: templates)
    }()

    /// The one stylesheet, served at `/static/app.css`.
    static let stylesheet = embeddedWebFiles.first { $0.name == "app.css" }?.sql ?? ""
}

/// The catalog seen from a template: `{{t.web.login.title}}` walks `t` → `web` → `login` → `title` and renders the
/// text of the key `web.login.title` in the page's language. Only texts without placeholders are looked up this way;
/// the handlers fill the others.
struct CatalogPath: MustacheParent, MustacheCustomRenderable {
    let texts: Texts
    let key: String

    func child(named name: String) -> Any? {
        CatalogPath(texts: texts, key: key.isEmpty ? name : key + "." + name)
    }

    var renderText: String { texts(key) }
    var isNull: Bool { texts.template(key) == nil }
}

/// A web request's language: `?lang=da|en`, else the `logbook_lang` cookie the language link sets, else Danish.
enum WebLanguage {
    static let cookie = "logbook_lang"

    static func of(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang"), let language = Language(rawValue: String(asked)) { return language }
        if let chosen = request.cookies[cookie]?.value, let language = Language(rawValue: chosen) { return language }
        return .da
    }
}

/// A submitted form (`application/x-www-form-urlencoded`): its fields in order, a name may repeat (checkboxes).
struct WebForm: Sendable {
    var fields: [(name: String, value: String)] = []

    init(fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Parses `a=1&b=x+y&c=%C3%A6`; a field that does not decode is dropped.
    init(encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = WebText.formDecoded(parts[0]), let value = parts.count > 1 ? WebText.formDecoded(parts[1]) : "" else { continue }
            fields.append((name, value))
        }
    }

    /// The first value of `name`; nil when absent.
    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The value of `name`, nil when absent or only spaces (an optional field left empty).
    func optional(_ name: String) -> String? {
        guard let value = self[name], !value.trimmed.isEmpty else { return nil }
        return value
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The files of a `multipart/form-data` form (an `<input type="file">`), in order.
    var files: [UploadedFile] = []

    /// The first file sent as `name`; nil when absent.
    func file(_ name: String) -> UploadedFile? { files.first { $0.field == name } }

    /// The largest form that is not an upload.
    static let formLimit = 64 * 1024

    /// The request's body as a form: `application/x-www-form-urlencoded` (at most 64 KiB), or, where `uploadLimit` is
    /// given (the upload forms), `multipart/form-data` of at most that many bytes. A bigger body is refused with 413
    /// (NIO's `NIOTooManyBytesError`, an `HTTPResponseError`) before it is parsed; a multipart body that does not parse is an empty form, so
    /// its form token is missing and it is refused like any other.
    static func read(_ request: Request, uploadLimit: Int? = nil) async throws -> WebForm {
        if let uploadLimit, let boundary = multipartBoundary(request.headers[.contentType]) {
            let buffer = try await request.body.collect(upTo: uploadLimit)
            return (try? multipart(buffer, boundary: boundary)) ?? WebForm()
        }
        let buffer = try await request.body.collect(upTo: formLimit)
        return WebForm(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// The `boundary` of a `multipart/form-data` content type; nil for any other type.
    static func multipartBoundary(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmed }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = part.dropFirst("boundary=".count)
            while value.first == "\"" { value = value.dropFirst() }
            while value.last == "\"" { value = value.dropLast() }
            return value.isEmpty || value.count > 200 ? nil : String(value)
        }
        return nil
    }

    /// Parses a `multipart/form-data` body with MultipartKit's parser: a part with a file name is a file, the others
    /// are fields (UTF-8 text).
    static func multipart(_ buffer: ByteBuffer, boundary: String) throws -> WebForm {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders(), body = ByteBuffer()
        parser.onHeader = { name, value in headers.replaceOrAdd(name: name, value: value) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: body))
            headers = HTTPHeaders()
            body = ByteBuffer()
        }
        try parser.execute(buffer)
        var form = WebForm()
        for part in parts {
            guard let name = part.name else { continue }
            let bytes = Array(part.body.readableBytesView)
            if let fileName = dispositionFileName(part.headers.first(name: "Content-Disposition")) {
                form.files.append(UploadedFile(field: name, fileName: fileName, bytes: bytes))
            } else {
                form.fields.append((name, String(decoding: bytes, as: UTF8.self)))
            }
        }
        return form
    }

    /// The `filename` of a part's `Content-Disposition`, without any folder a browser put in front; nil when the part
    /// is no file.
    static func dispositionFileName(_ disposition: String?) -> String? {
        guard let disposition, let match = disposition.firstMatch(of: /;\s*filename="([^"]*)"/) ?? disposition.firstMatch(of: /;\s*filename=([^;\s]*)/)
        else { return nil }
        let name = String(match.1).split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return name
    }
}

/// A file sent with a form: the form field's name, the file's name as the browser gave it, its bytes.
struct UploadedFile: Sendable {
    let field: String
    let fileName: String
    let bytes: [UInt8]
}

/// CSRF protection of the web forms.
///
/// Every POST form carries `_csrf`, the SHA-256 (hex) of a fixed label and the *form key*: the session id for a
/// logged-in person, else (log-in and invitation pages) the random value of the `logbook_form` cookie the page set.
/// The server re-derives the token from the cookie that comes with the POST and compares in constant time; a missing
/// or wrong token is refused with a 403 page before anything runs.
///
/// Why derived, not stored: the session's own CSRF token (the API's `X-CSRF-Token`) is kept only as its hash, so it
/// cannot be put into a page later; deriving needs no new table and no state, changes with every log-in (a new
/// session id) and ends with the session. It is safe because the key is a 256-bit secret in an HttpOnly,
/// SameSite=Strict cookie that another site can neither read nor send, and SHA-256 cannot be reversed, so the token in
/// a page (or a printed one, or a cached one) never gives the session id away.
enum WebForms {
    static let field = "_csrf"
    /// The key of the log-in and invitation forms, before there is a session.
    static let formCookie = "logbook_form"

    static func token(key: String) -> String {
        Hex.lowercase(SHA256.hash(data: Array("logbook web form token v1\n\(key)".utf8)))
    }

    /// Whether `submitted` is the token of `key` (constant time over the token's length).
    static func accepts(_ submitted: String?, key: String?) -> Bool {
        guard let submitted, let key, !key.isEmpty else { return false }
        let expected = Array(token(key: key).utf8), given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }

    /// A new random form key (32 bytes, hex).
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static let refusal = LogbookError(.refused, "missing or wrong form token", reason: .forbidden)
}

/// HTML answers.
enum WebResponse {
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A whole HTML document with its own inline style sheet (the printable logbook, the report): the page's
    /// Content-Security-Policy allows exactly those `<style>` elements by their SHA-256 (CSP level 2 hashes), so the
    /// rest of the site's policy — no script, nothing inline but these — holds for them too.
    static func document(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var hashes: [String] = []
        var rest = Substring(page)
        while let open = rest.firstRange(of: "<style>"), let close = rest[open.upperBound...].firstRange(of: "</style>") {
            let body = rest[open.upperBound..<close.lowerBound]
            hashes.append("'sha256-\(Base64.encode(Array(SHA256.hash(data: Array(body.utf8)))))'")
            rest = rest[close.upperBound...]
        }
        var response = html(page, status: status)
        let styles = hashes.isEmpty ? "" : "; style-src 'self' \(hashes.joined(separator: " "))"
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.policy + styles
        return response
    }

    /// 303 See Other to a path of this site (after a POST, and for pages that need a log-in).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A path of this site to go back to, or nil: only `/...`, never `//host` or a scheme.
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
              !text.contains(where: { $0.isNewline || $0 == "\r" }) else { return nil }
        return text
    }
}

extension LogbookError {
    /// The refusal as a page shows it: the message, then each detail (what is missing, the lines of a file) on a line
    /// of its own — the `.text` class keeps the line breaks.
    var shown: String { ([message] + details.map { "• " + $0 }).joined(separator: "\n") }
}

import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookFormats

/// Errors as RFC 9457 problem details (`application/problem+json`): the CLI's message, its exit code and meaning.
enum Problem {
    /// The HTTP status for a `LogbookError`: its reason first, then its exit code.
    static func status(of error: LogbookError) -> HTTPResponse.Status {
        switch error.reason {
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .conflict: return .conflict
        case .unauthenticated: return .unauthorized
        case .throttled: return .tooManyRequests
        case .rule:
            switch error.status {
            case .refused, .dataError: return .unprocessableContent
            case .usage: return .badRequest
            case .noInput: return .notFound
            case .ioError, .tryAgain: return .serviceUnavailable
            case .internalError, .success: return .internalServerError
            }
        }
    }

    /// The CLI's name for the exit code, as the problem's `code`.
    static func code(of status: ExitStatus) -> String {
        switch status {
        case .success: return "success"
        case .refused: return "refused"
        case .usage: return "usage"
        case .dataError: return "bad-data"
        case .noInput: return "no-input"
        case .ioError: return "io-error"
        case .tryAgain: return "try-again"
        case .internalError: return "internal-error"
        }
    }

    /// The problem response for `error`, with the HTTP status `status(of:)` gives, or `overriding` it (Hummingbird's own
    /// statuses, such as 413). The body's `status` and `title` always state the response's own status (RFC 9457, 3.1: they
    /// must agree).
    static func response(_ error: LogbookError, overriding: HTTPResponse.Status? = nil) -> Response {
        let status = overriding ?? status(of: error)
        var members: [(String, JSONValue)] = [
            ("type", .string("about:blank")),
            ("title", .string(status.reasonPhrase)),
            ("status", .int(Int64(status.code))),
            ("detail", .string(error.message)),
            ("code", .string(code(of: error.status))),
            ("exit", .int(Int64(error.status.rawValue))),
        ]
        if !error.details.isEmpty { members.append(("details", .array(error.details.map(JSONValue.string)))) }
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if case .throttled(let seconds) = error.reason { headers[.retryAfter] = String(seconds) }
        return JSONBody.response(.object(members), status: status, headers: headers)
    }
}

/// JSON response bodies. `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (they occur only inside strings),
/// so no text a person entered reads as markup even where a client mistakes the body for HTML.
enum JSONBody {
    static func text(_ value: JSONValue) -> String {
        let serialized = value.serialized()
        // Most bodies hold none of the three: no copy, scalar by scalar, of a report's hundreds of kilobytes.
        guard serialized.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") }) else {
            return serialized
        }
        var output = ""
        output.reserveCapacity(serialized.utf8.count + 64)
        for scalar in serialized.unicodeScalars {
            switch scalar {
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json; charset=utf-8" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text(value))))
    }

    /// The request's body as a JSON object; a usage error (400) for anything else.
    static func object(_ request: Request, context: ServerRequestContext) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let bytes = Array(buffer.readableBytesView)
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw LogbookError.usage("the request body is not JSON: \(error)")
        }
        guard case .object = value else { throw LogbookError.usage("the request body must be a JSON object, not \(value.typeName)") }
        return value
    }
}

extension JSONValue {
    /// A string member, or a usage error naming it.
    func string(_ key: String, required: Bool = true) throws -> String? {
        switch self[key] {
        case .string(let text): return text
        case nil, .null?:
            if required { throw LogbookError.usage("'\(key)' is missing from the request body") }
            return nil
        case let other?: throw LogbookError.usage("'\(key)' must be a string, not \(other.typeName)")
        }
    }

    /// An array of strings, or a usage error naming it.
    func strings(_ key: String) throws -> [String] {
        guard case .array(let values)? = self[key] else { throw LogbookError.usage("'\(key)' must be an array of strings") }
        return try values.map {
            guard case .string(let text) = $0 else { throw LogbookError.usage("'\(key)' must be an array of strings") }
            return text
        }
    }

    /// A boolean member (false when absent), or a usage error naming it.
    func bool(_ key: String) throws -> Bool {
        switch self[key] {
        case .bool(let value)?: return value
        case nil, .null?: return false
        case let other?: throw LogbookError.usage("'\(key)' must be true or false, not \(other.typeName)")
        }
    }
}

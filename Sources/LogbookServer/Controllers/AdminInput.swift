import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookFormats

/// Reading the bodies of the administration's endpoints strictly: a JSON object whose members are all known (an
/// unknown or misspelt member is a usage error, 400, rather than silently ignored), each of the right type.
enum AdminInput {
    /// The body as a JSON object with only `known` members.
    static func object(_ request: Request, context: ServerRequestContext, known: [String]) async throws -> JSONValue {
        let body = try await JSONBody.object(request, context: context)
        try only(body, known)
        return body
    }

    /// The body as a JSON object with only `known` members; an empty body is an empty object.
    static func optionalObject(_ request: Request, context: ServerRequestContext, known: [String]) async throws -> JSONValue {
        let body = try await APIInput.optionalObject(request, context: context)
        try only(body, known)
        return body
    }

    /// Refuses a member not in `known`.
    static func only(_ body: JSONValue, _ known: [String]) throws {
        guard case .object(let members) = body else { return }
        for (key, _) in members where !known.contains(key) {
            throw LogbookError.usage(APIInput.texts("api.body.unknown", ["name": key, "known": known.joined(separator: ", ")]))
        }
    }

    /// A positive whole number member (nil when absent or null).
    static func number(_ body: JSONValue, _ key: String) throws -> Int64? {
        switch body[key] {
        case nil, .null?: return nil
        case .int(let value)? where value > 0: return value
        default: throw LogbookError.usage(APIInput.texts("api.body.number", ["name": key]))
        }
    }

    /// A member that may be a string, null (clear it) or absent (leave it): `.some(nil)` for null.
    static func clearable(_ body: JSONValue, _ key: String) throws -> String?? {
        switch body[key] {
        case nil: return nil
        case .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        case let other?: throw LogbookError.usage(APIInput.texts("api.body.clearable", ["name": key, "type": other.typeName]))
        }
    }
}

extension JSONBody {
    /// A JSON text made by a use case (the documentation bundle) as the answer, with `<`, `>` and `&` written as
    /// `\u003c`, `\u003e`, `\u0026` like every JSON answer: in JSON they occur only inside strings, so the value is the same.
    static func response(text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": escaped += "\\u003c"
            case ">": escaped += "\\u003e"
            case "&": escaped += "\\u0026"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json; charset=utf-8" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: escaped)))
    }
}

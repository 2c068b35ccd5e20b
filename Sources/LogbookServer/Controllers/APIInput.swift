import Hummingbird
import LogbookApp
import LogbookFormats

/// Reading what a request carries for the endpoints over the daily work (requests, acts, records, inbox): ids in the
/// path, query parameters and bodies whose members are all optional. Every complaint comes from the catalog.
enum APIInput {
    /// The language of the server's answers (the sessions' language: English).
    static var texts: Texts { Texts(.en) }

    /// The `{id}` of the path as a positive number; anything else is `missing` (the answer for an id that does not exist).
    static func id(_ context: ServerRequestContext, missing: (String) -> LogbookError) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw missing(text) }
        return id
    }

    /// The body as a JSON object; an empty body is an empty object (for acts whose members are all optional).
    static func optionalObject(_ request: Request, context: ServerRequestContext) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let bytes = Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        return try await JSONBody.object(request, context: context)
    }

    /// A query parameter that must be a positive whole number when present.
    static func number(_ request: Request, _ name: String, texts: Texts) throws -> Int64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int64(text), value > 0 else { throw LogbookError.usage(texts("api.query.number", ["name": name, "value": text])) }
        return value
    }

    /// A query parameter that must be `true` or `false` when present (false when absent).
    static func flag(_ request: Request, _ name: String, texts: Texts) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default: throw LogbookError.usage(texts("api.query.flag", ["name": name, "value": text]))
        }
    }

    /// A query parameter that must be there.
    static func required(_ request: Request, _ name: String, texts: Texts) throws -> String {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else {
            throw LogbookError.usage(texts("api.query.missing", ["name": name]))
        }
        return text
    }

    /// An array of positive whole numbers (empty when absent).
    static func numbers(_ body: JSONValue, _ key: String, texts: Texts) throws -> [Int64] {
        switch body[key] {
        case nil, .null?: return []
        case .array(let values)?:
            return try values.map {
                guard case .int(let value) = $0, value > 0 else { throw LogbookError.usage(texts("api.body.numbers", ["name": key])) }
                return value
            }
        default: throw LogbookError.usage(texts("api.body.numbers", ["name": key]))
        }
    }

    /// An array of strings (empty when absent).
    static func strings(_ body: JSONValue, _ key: String) throws -> [String] {
        switch body[key] {
        case nil, .null?: return []
        default: return try body.strings(key)
        }
    }
}

import Foundation
import LogbookFormats

/// A JSON Schema (draft 2020-12) validator for the subset docs/schemas/ uses, so every JSON output is checked against
/// its schema without a new dependency. A keyword outside the subset is itself an error: a schema cannot silently
/// promise more than this checks.
///
/// Supported: `type` (one or a list), `properties`, `required`, `additionalProperties` (false or a schema), `items`,
/// `enum`, `const`, `pattern`, `minimum`, `maximum`, `minItems`, `format` (`date` only: `YYYY-MM-DD`, a real day),
/// `$ref` (`#/$defs/NAME`), `anyOf`; annotations (`title`, `description`,
/// `$schema`, `$id`, `$comment`, `$defs`, `examples`) are skipped.
struct JSONSchema {
    let root: JSONValue

    init(_ root: JSONValue) { self.root = root }

    /// Loads docs/schemas/`name`.schema.json.
    static func load(_ name: String) throws -> JSONSchema {
        let url = docsFolder.appendingPathComponent("schemas/\(name).schema.json")
        let bytes = try [UInt8](Data(contentsOf: url))
        return JSONSchema(try JSONValue.parse(bytes))
    }

    static let annotations: Set<String> = ["title", "description", "$schema", "$id", "$comment", "$defs", "examples"]
    static let keywords: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "enum", "const",
                                        "pattern", "minimum", "maximum", "minItems", "format", "$ref", "anyOf"]

    /// Every way `value` breaks the schema, as "$.path: problem" lines; empty when it is valid.
    func problems(_ value: JSONValue) -> [String] {
        var found: [String] = []
        check(value, against: root, at: "$", into: &found)
        return found
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(reference.dropFirst("#/$defs/".count))]
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("string", .string), ("array", .array), ("object", .object): return true
        case ("integer", .double(let number)): return number == number.rounded()
        default: return false
        }
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [String]) {
        guard case .object(let members) = schema else {
            if schema == .bool(true) { return }
            if schema == .bool(false) { found.append("\(path): not allowed here"); return }
            found.append("\(path): the schema is \(schema.typeName), not an object"); return
        }
        for (keyword, _) in members where !Self.keywords.contains(keyword) && !Self.annotations.contains(keyword) {
            found.append("\(path): the schema uses \"\(keyword)\", which this validator does not check")
        }
        if case .string(let reference)? = schema["$ref"] {
            guard let target = resolve(reference) else { found.append("\(path): unresolvable $ref \(reference)"); return }
            check(value, against: target, at: path, into: &found)
        }
        if let type = schema["type"] {
            let names: [String]
            switch type {
            case .string(let name): names = [name]
            case .array(let list): names = list.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
            default: names = []
            }
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                found.append("\(path): \(value.typeName) where the schema wants \(names.joined(separator: " or "))")
                return
            }
        }
        if let constant = schema["const"], constant != value {
            found.append("\(path): \(value.serialized()) is not the constant \(constant.serialized())")
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            found.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(allowed).serialized())")
        }
        if case .array(let options)? = schema["anyOf"] {
            let fits = options.contains { option in
                var inner: [String] = []
                check(value, against: option, at: path, into: &inner)
                return inner.isEmpty
            }
            if !fits { found.append("\(path): \(value.serialized()) fits none of the anyOf schemas") }
        }
        switch value {
        case .string(let text):
            if case .string(let pattern)? = schema["pattern"] {
                do {
                    let regex = try Regex(pattern)
                    if (try? regex.firstMatch(in: text)) == nil { found.append("\(path): \"\(text)\" does not match \(pattern)") }
                } catch { found.append("\(path): the pattern \(pattern) is not a regular expression") }
            }
            switch schema["format"] {
            case .string("date")?: if !Self.isDate(text) { found.append("\(path): \"\(text)\" is not a date YYYY-MM-DD") }
            case .string(let other)?: found.append("\(path): the format \"\(other)\" is not checked by this validator")
            default: break
            }
        case .int, .double:
            let number: Double
            if case .int(let whole) = value { number = Double(whole) } else if case .double(let real) = value { number = real } else { number = 0 }
            if let minimum = Self.number(schema["minimum"]), number < minimum { found.append("\(path): \(value.serialized()) is below \(minimum)") }
            if let maximum = Self.number(schema["maximum"]), number > maximum { found.append("\(path): \(value.serialized()) is above \(maximum)") }
        case .array(let items):
            if let minimum = Self.number(schema["minItems"]), Double(items.count) < minimum {
                found.append("\(path): \(items.count) items, fewer than \(Int(minimum))")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, at: "\(path)[\(index)]", into: &found) }
            }
        case .object(let properties):
            let declared = schema["properties"]
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where !properties.contains(where: { $0.0 == key }) {
                    found.append("\(path): the required key \"\(key)\" is missing")
                }
            }
            for (key, member) in properties {
                if let propertySchema = declared?[key] {
                    check(member, against: propertySchema, at: "\(path).\(key)", into: &found)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path): the key \"\(key)\" is not in the schema")
                    } else {
                        check(member, against: additional, at: "\(path).\(key)", into: &found)
                    }
                }
            }
        default: break
        }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let whole)?: return Double(whole)
        case .double(let real)?: return real
        default: return nil
        }
    }
}

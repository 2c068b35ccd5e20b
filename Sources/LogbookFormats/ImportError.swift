import LogbookDomain

/// Why an imported file (målbeskrivelse or uddannelsesprogram) was refused: what is wrong, where, and how to fix it.
///
/// The location is relative to the file: a line number (CSV and JSON) and, for JSON, the path of the value
/// (`$.competencies[3].roles[1]`). The application layer puts the file name in front.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line, when known.
    public let line: Int?
    /// The JSON path of the value, e.g. `$.competencies[3].roles[1]`; nil for CSV.
    public let path: String?
    /// What is wrong and how to fix it.
    public let problem: ImportProblem

    /// Creates an error.
    public init(line: Int?, path: String? = nil, _ problem: ImportProblem) {
        self.line = line
        self.path = path
        self.problem = problem
    }

    /// What is wrong and how to fix it, in English.
    public var message: String { problem.description }

    /// "line 14: $.path: message".
    public var description: String { describe(file: nil) }

    /// "curriculum.csv:14: $.path: message": the message with the file name in front.
    public func describe(file: String?) -> String {
        var parts: [String] = []
        switch (file, line) {
        case (let file?, let line?): parts.append("\(file):\(line)")
        case (let file?, nil): parts.append(file)
        case (nil, let line?): parts.append("line \(line)")
        case (nil, nil): break
        }
        if let path { parts.append(path) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

/// Limits on what an imported file may hold, so a runaway field cannot bloat the database or the messages.
public enum ImportLimits {
    /// The most characters one text (a title, a konkretisering, a name, a CSV field) may hold: `InputLimits.text`.
    public static let maximumTextLength = InputLimits.text

    /// `text` trimmed and in NFC, or why it is refused (too long, or a control, bidi, zero-width or NUL character,
    /// named by its code point): the rule of `InputText.check` for every text read from a file. Texts in files may
    /// hold several lines.
    public static func checked(_ text: String, _ field: ImportField, lines: InputText.Lines = .multiple) -> Result<String, ImportProblem> {
        Result { () throws(InputTextProblem) -> String in try InputText.check(text, field: field.english, lines: lines) }
            .mapError { ImportProblem.text(field, $0.kind) }
    }
}

/// One step of a JSON path: an object key or an array index.
public enum JSONPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)
}

/// A JSON path as written in messages: `$`, `.key` or `["odd key"]`, `[3]` (indexes are 0-based, as in JSONPath).
public func jsonPathText(_ path: [JSONPathComponent]) -> String {
    var text = "$"
    for component in path {
        switch component {
        case .index(let index): text += "[\(index)]"
        case .key(let key):
            let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
            text += plain ? ".\(key)" : "[\"\(key)\"]"
        }
    }
    return text
}

/// Reads typed fields out of a parsed JSON document, turning every problem into an `ImportError` with the
/// JSON path and the line of the offending value.
public struct JSONDocumentReader: Sendable {
    /// The parsed document.
    public let root: JSONValue
    /// The line where each value of `root` starts, recorded by the parser.
    let lines: JSONLineMap

    /// Parses the file's bytes, turning a syntax error into an `ImportError` with its line. Each key of `snakeCase`
    /// (camelCase, e.g. `validFrom`) may also be written in snake_case (`valid_from`, as the `show --format json`
    /// commands print it); it is read as the same key, and both spellings in one object are refused.
    public init(parsing bytes: [UInt8], snakeCase: [String] = []) throws {
        let parsed: JSONValue
        do {
            (parsed, lines) = try JSONValue.parseWithLines(bytes)
        } catch {
            throw ImportError(line: error.line, .syntax(column: error.column, error.problem))
        }
        let aliases = Dictionary(snakeCase.map { (JSONValue.snakeCase($0), $0) }, uniquingKeysWith: { first, _ in first })
        guard !aliases.isEmpty else { root = parsed; return }
        let lines = self.lines
        func renamed(_ value: JSONValue, at path: [JSONPathComponent]) throws -> JSONValue {
            switch value {
            case .array(let values):
                return .array(try values.enumerated().map { try renamed($1, at: path + [.index($0)]) })
            case .object(let members):
                return .object(try members.map { key, member in
                    guard let camel = aliases[key] else { return (key, try renamed(member, at: path + [.key(key)])) }
                    if members.contains(where: { $0.0 == camel }) {
                        throw ImportError(line: lines.line(of: path + [.key(key)], in: parsed), path: jsonPathText(path + [.key(key)]),
                                          .sameKey(snake: key, camel: camel))
                    }
                    return (camel, try renamed(member, at: path + [.key(key)]))
                })
            default: return value
            }
        }
        root = try renamed(parsed, at: [])
    }

    /// An error at `path`, with the line where that value (or key) starts.
    public func error(_ path: [JSONPathComponent], _ problem: ImportProblem) -> ImportError {
        ImportError(line: lines.line(of: path, in: root), path: jsonPathText(path), problem)
    }

    /// The line where the value (or key) at `path` starts.
    public func line(_ path: [JSONPathComponent]) -> Int? { lines.line(of: path, in: root) }

    /// The members of an object; refuses other types and keys outside `allowed` (with a did-you-mean).
    public func object(_ value: JSONValue, at path: [JSONPathComponent], allowed: [String], what: ImportThing) throws -> [(String, JSONValue)] {
        guard case .object(let members) = value else {
            throw error(path, .notObject(what, value.type))
        }
        for (key, _) in members where !allowed.contains(key) {
            if case .failure(let problem) = ImportLimits.checked(key, .anyKey, lines: .single) { throw error(path, problem) }
            throw error(path + [.key(key)], .unknownKey(key, near: Suggest.near(key, in: allowed), allowed: allowed.filter { $0 != "$schema" }))
        }
        return members
    }

    /// A string member, trimmed. Missing or null is nil unless `required`; required strings must not be empty.
    public func string(_ object: JSONValue, _ key: String, at path: [JSONPathComponent], required: Bool, example: String) throws -> String? {
        guard let value = object[key], value != .null else {
            if required { throw error(path, .missingString(key: key, example: example)) }
            return nil
        }
        guard case .string(let text) = value else {
            var number: Int64?
            if case .int(let whole) = value { number = whole }
            throw error(path + [.key(key)], .notString(key: key, value.type, number: number))
        }
        let trimmed: String
        switch ImportLimits.checked(text, .key(key)) {
        case .success(let checked): trimmed = checked
        case .failure(let problem): throw error(path + [.key(key)], problem)
        }
        if required && trimmed.isEmpty {
            throw error(path + [.key(key)], .emptyString(key: key, example: example))
        }
        return trimmed
    }

    /// An integer member in `range`; nil when missing and not `required`.
    public func int(_ object: JSONValue, _ key: String, at path: [JSONPathComponent], required: Bool, range: ClosedRange<Int>) throws -> Int? {
        guard let value = object[key], value != .null else {
            if required { throw error(path, .missingNumber(key: key, range: range)) }
            return nil
        }
        let number: Int64
        switch value {
        case .int(let whole): number = whole
        case .double(let real) where real == real.rounded() && abs(real) < 1e15: number = Int64(real)
        case .string(let text) where Int64(text.trimmed) != nil:
            throw error(path + [.key(key)], .numberInQuotes(key: key, text: text.trimmed))
        default:
            throw error(path + [.key(key)], .notWholeNumber(key: key, value.type))
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw error(path + [.key(key)], .numberOutOfRange(key: key, range: range, got: number))
        }
        return Int(number)
    }

    /// An ISO date member (`YYYY-MM-DD`); nil when missing and not `required`.
    public func date(_ object: JSONValue, _ key: String, at path: [JSONPathComponent], required: Bool) throws -> CalendarDate? {
        guard let text = try string(object, key, at: path, required: required, example: "2022-09-01"), !text.isEmpty else { return nil }
        return try ImportDates.iso(text, onError: { error(path + [.key(key)], $0) })
    }

    /// An array member; nil when missing and not `required`.
    public func array(_ object: JSONValue, _ key: String, at path: [JSONPathComponent], required: Bool, example: String) throws -> [JSONValue]? {
        guard let value = object[key], value != .null else {
            if required { throw error(path, .missingArray(key: key, example: example)) }
            return nil
        }
        guard case .array(let values) = value else {
            throw error(path + [.key(key)], .notArray(key: key, value.type))
        }
        return values
    }

    /// An array of non-empty strings, trimmed.
    public func strings(_ object: JSONValue, _ key: String, at path: [JSONPathComponent], required: Bool, example: String) throws -> [String]? {
        guard let values = try array(object, key, at: path, required: required, example: example) else { return nil }
        return try values.enumerated().map { index, value in
            let itemPath = path + [.key(key), .index(index)]
            guard case .string(let text) = value else { throw error(itemPath, .nameNotString(value.type)) }
            let trimmed: String
            switch ImportLimits.checked(text, .name, lines: .single) {
            case .success(let checked): trimmed = checked
            case .failure(let problem): throw error(itemPath, problem)
            }
            if trimmed.isEmpty { throw error(itemPath, .nameEmpty) }
            return trimmed
        }
    }
}

/// Date rules shared by the readers and the CLI flags.
public enum ImportDates {
    /// A strict ISO date; other shapes are refused with a hint (a Danish 1.9.2022 is recognised and rewritten).
    public static func iso(_ text: String, onError: (ImportProblem) -> ImportError) throws -> CalendarDate {
        if let date = CalendarDate(iso: text) { return date }
        do {
            let parsed = try CalendarDate.parse(text, today: CalendarDate(year: 2000, month: 1, day: 1)!)
            throw onError(.dateNotISO(iso: parsed.iso, got: text))
        } catch let error as DateParseError {
            throw onError(.date(error))
        }
    }
}

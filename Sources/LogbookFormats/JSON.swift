/// A JSON value with object keys kept in order, so output is deterministic and reads as written.
///
/// `logbook` reads and writes JSON with this small type instead of Foundation's coders: reading reports
/// the line and column of a syntax error and refuses duplicate keys; writing is byte-for-byte stable.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object; `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// A short name of the value's type, for error messages ("a string", "an array").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Builds an object from key-value pairs, dropping pairs whose value is `nil`.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// A string, or `null` for `nil`.
    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    // MARK: Writing

    /// The value as JSON text: compact on one line, or indented by two spaces with `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
            } else if value.isFinite {
                output += String(value)
            } else {
                output += "null"
            }
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty { output += "[]"; return }
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "}"
        }
    }

    /// Writes a JSON string literal; only `"`, `\` and control characters are escaped.
    /// The text between escapes is copied in runs, byte for byte (an escaped character is always one ASCII byte, so
    /// a run never splits a character): the same output as escaping scalar by scalar, without appending each one.
    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        let utf8 = value.utf8
        var run = utf8.startIndex
        var index = run
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else {
                index = utf8.index(after: index)
                continue
            }
            output += value[run..<index]
            switch byte {
            case UInt8(ascii: "\""): output += "\\\""
            case UInt8(ascii: "\\"): output += "\\\\"
            case UInt8(ascii: "\n"): output += "\\n"
            case UInt8(ascii: "\r"): output += "\\r"
            case UInt8(ascii: "\t"): output += "\\t"
            default:
                let hex = String(byte, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            index = utf8.index(after: index)
            run = index
        }
        output += value[run..<utf8.endIndex]
        output += "\""
    }

    // MARK: Reading

    /// Parses JSON text (UTF-8 bytes, an optional BOM is skipped). Refuses duplicate keys and trailing text.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth, recordsLines: false)
        return try parser.parseDocument().value
    }

    /// Parses JSON text like `parse(_:maxDepth:)` and also returns the line where each value (and each object key) starts,
    /// recorded while parsing, so a reader can name the line of any value it refuses.
    public static func parseWithLines(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONSyntaxError) -> (value: JSONValue, lines: JSONLineMap) {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth, recordsLines: true)
        return try parser.parseDocument()
    }

    /// Parses JSON text from a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// A JSON syntax error with its line and column (both 1-based).
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int
    public let column: Int
    /// What is wrong.
    public let problem: JSONSyntaxProblem
    /// What is wrong, in English.
    public var message: String { problem.description }
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// What makes a text invalid JSON, as a value: LogbookApp words it in the reader's language; `description` is English.
public enum JSONSyntaxProblem: Hashable, Sendable, CustomStringConvertible {
    case empty, trailingText, truncated, unexpectedCharacter
    case expectedLiteral(String)
    case tooDeep(Int)
    case endsInObject, expectedKey
    case duplicateKey(String)
    case expectedColon(key: String)
    case expectedCommaOrBrace, endsInArray, expectedCommaOrBracket
    case invalidUTF8, unclosedString, nulInString, rawControl, loneSurrogate, nulEscape, invalidEscape
    case unknownEscape(String)
    case hexDigits, numberDigits, numberDecimals, numberExponent
    case numberOutOfRange(String)

    public var description: String {
        switch self {
        case .empty: return "the file is empty; expected a JSON object"
        case .trailingText: return "unexpected text after the end of the JSON document"
        case .truncated: return "the JSON ends too early (truncated file?)"
        case .unexpectedCharacter: return "unexpected character; expected a value (string, number, object, array, true, false or null)"
        case .expectedLiteral(let word): return "unexpected text; expected \(word)"
        case .tooDeep(let depth): return "nested deeper than \(depth) levels"
        case .endsInObject: return "the JSON ends inside an object (truncated file?)"
        case .expectedKey: return "expected a key in double quotes"
        case .duplicateKey(let key): return "the key \"\(key)\" appears twice in the same object"
        case .expectedColon(let key): return "expected ':' after the key \"\(key)\""
        case .expectedCommaOrBrace: return "expected ',' or '}' in an object"
        case .endsInArray: return "the JSON ends inside an array (truncated file?)"
        case .expectedCommaOrBracket: return "expected ',' or ']' in an array"
        case .invalidUTF8: return "the text is not valid UTF-8; save the file as UTF-8"
        case .unclosedString: return "a string is not closed (missing '\"')"
        case .nulInString: return "a NUL byte inside a string"
        case .rawControl: return "a raw control character (line break or tab) inside a string; write it as \\n or \\t"
        case .loneSurrogate: return "a lone UTF-16 surrogate in a \\u escape"
        case .nulEscape: return "a NUL character (\\u0000) inside a string"
        case .invalidEscape: return "an invalid \\u escape"
        case .unknownEscape(let escape): return "an unknown escape \\\(escape)"
        case .hexDigits: return "a \\u escape needs four hex digits"
        case .numberDigits: return "a number needs digits"
        case .numberDecimals: return "a number needs digits after the decimal point"
        case .numberExponent: return "a number needs digits in its exponent"
        case .numberOutOfRange(let text): return "the number \(text) is out of range"
        }
    }
}

/// The line where each value of a parsed JSON document starts, shaped like the value: the parser records it as it
/// reads, so a path into the document finds its line without reading the text again.
public struct JSONLineMap: Sendable, Equatable {
    /// The 1-based line where the value starts.
    public let line: Int
    /// For an object, the line of each member's key, in member order; empty otherwise.
    public let keyLines: [Int]
    /// The array's elements or the object's member values, in order; empty for other values.
    public let children: [JSONLineMap]

    /// The line of the value at `path` in `value` (the document these lines were recorded for); for an object member,
    /// the line of its key. Nil when the document has no such value.
    public func line(of path: [JSONPathComponent], in value: JSONValue) -> Int? {
        var map = self
        var value = value
        var line = self.line
        for component in path {
            switch (component, value) {
            case (.key(let key), .object(let members)):
                guard let position = members.firstIndex(where: { $0.0 == key }), position < map.children.count else { return nil }
                line = map.keyLines[position]
                value = members[position].1
                map = map.children[position]
            case (.index(let position), .array(let values)):
                guard values.indices.contains(position), position < map.children.count else { return nil }
                value = values[position]
                map = map.children[position]
                line = map.line
            default:
                return nil
            }
        }
        return line
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    /// Whether to keep the lines of nested values (`parseWithLines`); `parse` keeps only the top value's.
    let recordsLines: Bool
    var index = 0
    var depth = 0
    /// The 1-based line of `index`. Valid JSON has line breaks only in whitespace (a raw one in a string is refused),
    /// so `skipWhitespace` alone counts them.
    var line = 1

    init(bytes: [UInt8], maxDepth: Int, recordsLines: Bool) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.recordsLines = recordsLines
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> (value: JSONValue, lines: JSONLineMap) {
        skipWhitespace()
        if index >= bytes.count { throw error(.empty) }
        let parsed = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error(.trailingText) }
        return parsed
    }

    func error(_ problem: JSONSyntaxProblem, at position: Int? = nil) -> JSONSyntaxError {
        let end = min(position ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for offset in 0..<end where bytes[offset] == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        // Columns count characters, not bytes, so æøå do not shift them.
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return JSONSyntaxError(line: line, column: column, problem: problem)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: index += 1; line += 1
            case 0x20, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next value and the lines where it and its parts start.
    mutating func parseValue() throws(JSONSyntaxError) -> (value: JSONValue, lines: JSONLineMap) {
        skipWhitespace()
        guard index < bytes.count else { throw error(.truncated) }
        let scalar = JSONLineMap(line: line, keyLines: [], children: [])
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return (.string(try parseString()), scalar)
        case UInt8(ascii: "t"): return (try parseLiteral("true", .bool(true)), scalar)
        case UInt8(ascii: "f"): return (try parseLiteral("false", .bool(false)), scalar)
        case UInt8(ascii: "n"): return (try parseLiteral("null", .null), scalar)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return (try parseNumber(), scalar)
        default: throw error(.unexpectedCharacter)
        }
    }

    mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error(.expectedLiteral(word))
        }
        index += utf8.count
        return value
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth { throw error(.tooDeep(maxDepth)) }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> (value: JSONValue, lines: JSONLineMap) {
        try enter()
        defer { depth -= 1 }
        let objectLine = line
        index += 1
        var members: [(String, JSONValue)] = []
        var keyLines: [Int] = []
        var children: [JSONLineMap] = []
        var seen: Set<String> = []
        func lines() -> JSONLineMap { JSONLineMap(line: objectLine, keyLines: keyLines, children: children) }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return (.object(members), lines())
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.endsInObject) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.expectedKey) }
            let keyStart = index
            let keyLine = line
            let key = try parseString()
            if !seen.insert(key).inserted {
                throw error(.duplicateKey(key), at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error(.expectedColon(key: key)) }
            index += 1
            let member = try parseValue()
            members.append((key, member.value))
            if recordsLines {
                keyLines.append(keyLine)
                children.append(member.lines)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.endsInObject) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return (.object(members), lines()) }
            throw error(.expectedCommaOrBrace)
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> (value: JSONValue, lines: JSONLineMap) {
        try enter()
        defer { depth -= 1 }
        let arrayLine = line
        index += 1
        var values: [JSONValue] = []
        var children: [JSONLineMap] = []
        func lines() -> JSONLineMap { JSONLineMap(line: arrayLine, keyLines: [], children: children) }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return (.array(values), lines())
        }
        while true {
            let element = try parseValue()
            values.append(element.value)
            if recordsLines { children.append(element.lines) }
            skipWhitespace()
            guard index < bytes.count else { throw error(.endsInArray) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return (.array(values), lines()) }
            throw error(.expectedCommaOrBracket)
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ parser: JSONParser, upTo end: Int) throws(JSONSyntaxError) {
            if end > runStart {
                guard let text = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                    throw parser.error(.invalidUTF8, at: runStart)
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
        }
        while true {
            guard index < bytes.count else { throw error(.unclosedString, at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(self, upTo: index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw error(byte == 0 ? .nulInString : .rawControl)
            }
            if byte == UInt8(ascii: "\\") {
                try flush(self, upTo: index)
                index += 1
                guard index < bytes.count else { throw error(.unclosedString, at: start) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error(.loneSurrogate)
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error(.loneSurrogate) }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code), code != 0 else {
                        throw error(code == 0 ? .nulEscape : .invalidEscape)
                    }
                    scalars.append(scalar)
                default: throw error(.unknownEscape(String(Character(Unicode.Scalar(escape)))))
                }
                runStart = index
                continue
            }
            index += 1
        }
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error(.hexDigits) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(.hexDigits)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - from
        }
        guard digits(&self) > 0 else { throw error(.numberDigits) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits(&self) > 0 else { throw error(.numberDecimals) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error(.numberExponent) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw error(.numberOutOfRange(text), at: start) }
        return .double(value)
    }
}

extension JSONValue {
    /// The value with every object key in snake_case (`validFrom` → `valid_from`), order and values kept: the spelling
    /// of every JSON output (docs/schemas/README.md).
    public var snakeCased: JSONValue {
        switch self {
        case .array(let values): return .array(values.map(\.snakeCased))
        case .object(let members): return .object(members.map { (JSONValue.snakeCase($0.0), $0.1.snakeCased) })
        default: return self
        }
    }

    /// `key` in snake_case: an underscore before each upper-case letter, which becomes lower case.
    public static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase, !result.isEmpty, result.last != "_" { result.append("_") }
            result += character.lowercased()
        }
        return result
    }
}

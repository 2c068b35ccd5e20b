import Testing
import LogbookDomain
@testable import LogbookFormats

@Suite("JSONValue.parse on bad input")
struct JSONTests {
    @Test("bad JSON is refused with its line, column and a clear message", arguments: [
        ("", 1, "the file is empty"),
        ("{\"a\": [1, 2", 1, "the JSON ends inside an array (truncated file?)"),
        ("{\"a\": 1,\n \"a\": 2}", 2, "the key \"a\" appears twice in the same object"),
        ("{\"a\": 1e400}", 1, "the number 1e400 is out of range"),
        ("{\"a\": -1e309}", 1, "the number -1e309 is out of range"),
        (String(repeating: "[", count: 100_000), 1, "nested deeper than 64 levels"),
        ("{\"a\": 1} x", 1, "unexpected text after the end of the JSON document"),
    ])
    func refused(text: String, line: Int, message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("large and small finite numbers still read", arguments: ["1e308", "-1.7e308", "5e-324", "1e-400"])
    func finite(text: String) throws {
        guard case .double(let value) = try JSONValue.parse(Array(text.utf8)) else { Issue.record("not a double"); return }
        #expect(value.isFinite)
    }
}

/// The string writer copies runs of bytes between escapes; it must write exactly what escaping scalar by scalar writes
/// (bundles and their hashes depend on these bytes).
@Suite("JSON strings are written as before the run-copying writer")
struct JSONStringWriterTests {
    /// The writer as it was: scalar by scalar.
    static func reference(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    @Test("fixed cases: quotes, backslashes, every control character, CRLF, Danish, emoji, combining marks, lone escapes at the ends")
    func fixedCases() {
        var cases = ["", "plain", "\"", "\\", "a\"b\\c", "\r\n", "line\r\nbreak", "Ærø Øster Åsø", "e\u{301}", "👩🏽‍⚕️ læge", "\u{7F}\u{80}\u{FEFF}",
                     "end\"", "\"start", "\u{2028}\u{2029}", "tab\there"]
        for value in 0..<0x20 { cases.append("x\(Character(Unicode.Scalar(UInt8(value))))y") }
        for text in cases {
            #expect(JSONValue.string(text).serialized() == Self.reference(text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("random strings from a mixed alphabet, seeded")
    func randomStrings() {
        let alphabet: [Character] = ["a", "Z", "æ", "ø", "å", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", " ", "é", "e\u{301}", "🙂", "\r\n", "{", "<"]
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            #expect(JSONValue.string(text).serialized() == Self.reference(text))
            #expect(JSONValue.object([(text, .string(text))]).serialized() == "{" + Self.reference(text) + ":" + Self.reference(text) + "}")
        }
    }

    struct SeededGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

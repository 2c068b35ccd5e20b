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

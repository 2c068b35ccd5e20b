import Testing
@testable import LogbookDomain

@Suite("Input text: the handle alphabet, refused characters, NFC, confusable codes and handles")
struct InputTextTests {
    @Test("handles of the demo and tests are in the alphabet; upper case is folded", arguments: [
        ("dr.hoved", "dr.hoved"), ("sek.syd", "sek.syd"), ("dr.ærø", "dr.ærø"), ("t1", "t1"), ("DR.Lund", "dr.lund"),
        ("dr.ny2", "dr.ny2"), ("a_b-c.d", "a_b-c.d"), ("dr.a\u{30A}se", "dr.åse"),
    ])
    func handles(text: String, stored: String) throws {
        #expect(try Handle.check(text) == stored)
    }

    @Test("handles outside the alphabet are refused naming the rule and the code point", arguments: [
        ("dr.h\u{43E}ved", "U+043E"), ("dr.\u{1B}[31m", "U+001B"), ("dr.\u{202E}x", "U+202E"), ("dr.\u{200B}x", "U+200B"),
        ("dr.😀", "U+1F600"), ("dr hoved", "U+0020"), ("1dr", "does not start with a letter"), ("x", "1 characters long"),
        (String(repeating: "x", count: 33), "33 characters long"), ("dr.o'hara", "U+0027"), ("dr.\u{0}", "U+0000"),
    ])
    func badHandles(text: String, part: String) {
        #expect(throws: InputTextProblem.self) { try Handle.check(text) }
        do { _ = try Handle.check(text) } catch {
            #expect(error.message.contains(part), "\(error.message)")
            #expect(error.message.contains("a handle is 2 to 32 characters"))
        }
    }

    @Test("handles that read alike are confusable; different ones are not")
    func confusableHandles() {
        #expect(Handle.confusable("dr-hoved", with: ["dr.hoved"]) == "dr.hoved")
        #expect(Handle.confusable("dr_h0ved", with: ["sek.syd", "dr.hoved"]) == "dr.hoved")
        #expect(Handle.confusable("dr.iund", with: ["dr.lund"]) == nil)
        #expect(Handle.confusable("dr.1und", with: ["dr.lund"]) == "dr.lund")
        #expect(Handle.confusable("dr.rnads", with: ["dr.mads"]) == "dr.mads")
        #expect(Handle.confusable("dr.ny2", with: ["dr.ny"]) == nil)
    }

    @Test("control, bidi, zero-width and NUL characters are refused with the field and the code point", arguments: [
        ("a\u{0}b", "U+0000"), ("a\u{7}b", "U+0007"), ("a\u{1B}]0;x\u{7}", "U+001B"), ("a\u{7F}", "U+007F"), ("a\u{85}", "U+0085"),
        ("a\u{202E}b", "U+202E"), ("a\u{2066}b", "U+2066"), ("a\u{200B}b", "U+200B"), ("a\u{200D}b", "U+200D"),
        ("a\u{2060}b", "U+2060"), ("\u{FEFF}ab", "U+FEFF"), ("a\u{E000}", "U+E000"),
    ])
    func refusedCharacters(text: String, codePoint: String) {
        do {
            _ = try InputText.check(text, field: "'--note'", lines: .multiple)
            Issue.record("accepted \(text.unicodeScalars.map(\.value))")
        } catch {
            #expect(error.message.hasPrefix("'--note' contains \(codePoint)"), "\(error.message)")
        }
    }

    @Test("tab and line breaks only where several lines are allowed; CR LF and a lone CR become LF")
    func lines() throws {
        #expect(try InputText.check("a\tb\r\nc\rd", field: "x", lines: .multiple) == "a\tb\nc\nd")
        #expect(throws: InputTextProblem.self) { try InputText.check("a\nb", field: "'--name'", lines: .single) }
        #expect(throws: InputTextProblem.self) { try InputText.check("a\tb", field: "'--name'", lines: .single) }
    }

    @Test("texts are stored in NFC, trimmed; Danish letters and emoji in free text are fine")
    func nfc() throws {
        let decomposed = "  A\u{30A}rhus e\u{301} 😀 "
        let stored = try InputText.check(decomposed, field: "x")
        #expect(Array(stored.unicodeScalars) == Array("Århus é 😀".unicodeScalars))
        #expect(try InputText.check("Lægehuset ved Havnen", field: "x") == "Lægehuset ved Havnen")
    }

    @Test("one limit per kind of text, counted in characters")
    func limits() throws {
        #expect(try InputText.check(String(repeating: "æ", count: InputLimits.text), field: "x").count == InputLimits.text)
        do {
            _ = try InputText.check(String(repeating: "x", count: InputLimits.line + 1), field: "'--name'", maximum: InputLimits.line)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "'--name' is 1001 characters long; it may be at most 1000 characters (shorten it)")
        }
    }

    @Test("competency codes: Cyrillic and Greek look-alikes share the Latin skeleton; mixed scripts are refused")
    func codes() throws {
        #expect(CodeText.skeleton("\u{421}1") == CodeText.skeleton("C1"))
        #expect(CodeText.skeleton("\u{399}\u{41C}-1") == CodeText.skeleton("IM-1"))
        #expect(CodeText.confusablePair(["C1", "C2", "\u{421}1"])! == ("C1", "\u{421}1"))
        #expect(CodeText.confusablePair(["I1", "I2", "K-12", "IA-1"]) == nil)
        #expect(throws: InputTextProblem.self) { try CodeText.check("I\u{410}-1", field: "code") }
        #expect(throws: InputTextProblem.self) { try CodeText.check("C1\u{200B}", field: "code") }
        #expect(try CodeText.check(" K-12 ", field: "code") == "K-12")
    }
}

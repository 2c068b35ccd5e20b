import LogbookDomain
import Testing

@Suite("TextDifference: where two texts first differ, with a window cut on character boundaries")
struct TextDifferenceTests {
    @Test("equal texts have no difference")
    func equal() {
        #expect(TextDifference.first(stored: "", file: "") == nil)
        #expect(TextDifference.first(stored: "Tolke hvile-EKG", file: "Tolke hvile-EKG") == nil)
    }

    @Test("a difference at the start: no ellipsis before")
    func atStart() throws {
        let difference = try #require(TextDifference.first(stored: "Akut brystsmerte hos den ældre patient", file: "Kronisk brystsmerte"))
        #expect(difference.character == 1 && difference.line == 1 && difference.column == 1)
        #expect(difference.stored == "Akut brystsmerte…")
        #expect(difference.file == "Kronisk brystsme…")
        #expect(!difference.storedEnds && !difference.fileEnds)
    }

    @Test("a difference at the end of long texts: an ellipsis before, none after")
    func atEnd() throws {
        let stem = String(repeating: "abcdefghij", count: 5)
        let difference = try #require(TextDifference.first(stored: stem + "X", file: stem + "Y"))
        #expect(difference.character == 51)
        #expect(difference.stored == "…ijabcdefghijX" && difference.file == "…ijabcdefghijY")
    }

    @Test("a difference past the 40 characters the old message showed is in the window, with ellipses on both cut sides")
    func inTheMiddle() throws {
        let stored = "Kan selvstændigt modtage, udrede og behandle patienter med akutte brystsmerter i modtagelsen"
        let file = "Kan selvstændigt modtage, udrede og behandle patienter med akutte brystsmerter på modtagelsen"
        let difference = try #require(TextDifference.first(stored: stored, file: file))
        #expect(difference.character == 80)
        #expect(difference.stored == "…rystsmerter i modtagelsen")
        #expect(difference.file == "…rystsmerter på modtagelsen")
        #expect(difference.description == "at character 80: stored \"…rystsmerter i modtagelsen\", file \"…rystsmerter på modtagelsen\"")
    }

    @Test("one text a prefix of the other: the shorter ends there")
    func prefix() throws {
        let shorter = try #require(TextDifference.first(stored: "Tolke EKG", file: "Tolke EKG i hvile"))
        #expect(shorter.character == 10 && shorter.storedEnds && !shorter.fileEnds)
        #expect(shorter.stored == "Tolke EKG" && shorter.file == "Tolke EKG i hvile")
        let longer = try #require(TextDifference.first(stored: "Tolke EKG i hvile", file: "Tolke EKG"))
        #expect(longer.fileEnds && !longer.storedEnds)
        #expect(longer.description == "at character 10: stored \"Tolke EKG i hvile\", file \"Tolke EKG\" (ends there)")
        let empty = try #require(TextDifference.first(stored: "", file: "Ny"))
        #expect(empty.character == 1 && empty.stored == "" && empty.storedEnds)
    }

    @Test("æøå, emoji with modifiers and combining accents are one character each, never cut")
    func graphemes() throws {
        let family = "👩‍👩‍👧‍👦", thumb = "👍🏽"
        let stored = String(repeating: "æ", count: 20) + family + "ø" + String(repeating: thumb, count: 20)
        let file = String(repeating: "æ", count: 20) + family + "å" + String(repeating: thumb, count: 20)
        let difference = try #require(TextDifference.first(stored: stored, file: file))
        #expect(difference.character == 22)
        #expect(difference.stored == "…" + String(repeating: "æ", count: 11) + family + "ø" + String(repeating: thumb, count: 15) + "…")
        #expect(difference.file == "…" + String(repeating: "æ", count: 11) + family + "å" + String(repeating: thumb, count: 15) + "…")
        // e + combining acute accent against a plain e: the whole letter differs, the accent is never cut off.
        let accent = try #require(TextDifference.first(stored: "Café", file: "Cafe\u{301}s"))
        #expect(accent.character == 5 && accent.storedEnds)
        let combining = try #require(TextDifference.first(stored: "Cafe", file: "Cafe\u{301}"))
        #expect(combining.character == 4 && combining.stored == "Cafe" && combining.file == "Cafe\u{301}")
    }

    @Test("several lines: the line and column of the difference; line breaks shown as ↵")
    func lines() throws {
        let difference = try #require(TextDifference.first(stored: "Første linje\nAnden linje\nTredje", file: "Første linje\nAnden linie\nTredje"))
        #expect(difference.line == 2 && difference.column == 10)
        #expect(difference.stored == "…je↵Anden linje↵Tredje")
        #expect(difference.description.hasPrefix("at character 23 (line 2, column 10): "))
    }
}

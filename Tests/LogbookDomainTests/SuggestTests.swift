import Testing
@testable import LogbookDomain

@Suite("Suggest")
struct SuggestTests {
    static let kinds = ["sygdom", "barns-sygedag", "omsorgsdag", "ikke-obligatorisk-kursus", "forældreorlov", "ferie",
                        "obligatorisk-kursus"]

    @Test("nearest candidate", arguments: [
        ("sygdom", "sygdom"), ("sygdm", "sygdom"), ("SYGDOM", "sygdom"), ("forældreorlv", "forældreorlov"),
        ("foraeldreorlov", "forældreorlov"), ("Forældreorlov", "forældreorlov"), ("freie", "ferie"), ("FERIE", "ferie"),
        ("omsorgsdage", "omsorgsdag"), ("obligatorisk kursus", "obligatorisk-kursus"), ("barns sygdag", "barns-sygedag"),
        ("xyz", nil), ("", nil), ("hospital", nil), ("kursus", nil),
    ] as [(String, String?)])
    func nearestKind(input: String, expected: String?) {
        #expect(Suggest.nearest(to: input, in: Self.kinds) == expected)
    }

    @Test("Danish letters count as one character each", arguments: [
        ("søn", "son", 1), ("ærø", "aero", 3), ("ærø", "æro", 1), ("Århus", "århus", 0), ("a\u{30A}rhus", "århus", 0), ("ferie", "freie", 1),
        ("abc", "", 3), ("", "", 0), ("kitten", "sitting", 3), ("ca", "abc", 3),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggest.editDistance(Array(a.lowercased()), Array(b.lowercased())) == expected)
    }

    @Test("Danish places")
    func danishPlaces() {
        let places = ["Aarhus", "Århus Sygehus", "Ærø", "Næstved", "Køge", "Holbæk"]
        #expect(Suggest.nearest(to: "ærø", in: places) == "Ærø")
        #expect(Suggest.nearest(to: "Koge", in: places) == "Køge")
        #expect(Suggest.nearest(to: "nastved", in: places) == "Næstved")
        #expect(Suggest.nearest(to: "holbaek", in: places) == "Holbæk")
    }

    @Test("ties go to the first candidate")
    func ties() {
        #expect(Suggest.nearest(to: "fet", in: ["feb", "fez"]) == "feb")
        #expect(Suggest.nearest(to: "fet", in: ["fez", "feb"]) == "fez")
        #expect(Suggest.nearest(to: "fet", in: ["fest", "feb"]) == "fest")
    }

    @Test("closest wins over earlier")
    func closest() {
        #expect(Suggest.nearest(to: "kardiolgi", in: ["nefrologi", "kardiologi"]) == "kardiologi")
    }

    @Test("limits")
    func limits() {
        #expect(Suggest.nearest(to: "sgdm", in: ["sygdom"]) == "sygdom")
        #expect(Suggest.nearest(to: "sgdm", in: ["sygdom"], maxDistance: 1) == nil)
        #expect(Suggest.nearest(to: "ab", in: ["cd"]) == nil)
        #expect(Suggest.nearest(to: "ab", in: ["ac"]) == "ac")
        // 16 characters allow 16 / 3 = 5 edits by default.
        #expect(Suggest.nearest(to: "gaxxxxenterologi", in: ["gastroenterologi"]) == "gastroenterologi")
        #expect(Suggest.nearest(to: "xxxxxxenterologi", in: ["gastroenterologi"]) == nil)
    }

    @Test("did you mean", arguments: [
        ("sygdm", " — did you mean \"sygdom\"?"), ("xyz", ""), ("sygdom", ""), ("Sygdom", " — did you mean \"sygdom\"?"),
        ("foraeldreorlov", " — did you mean \"forældreorlov\"?"),
    ])
    func didYouMean(input: String, text: String) {
        #expect(Suggest.didYouMean(input, in: Self.kinds) == text)
    }
}

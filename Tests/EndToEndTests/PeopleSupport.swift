import Foundation
import Testing

/// One competency to seed: code, title and assessment method ids (assessment_method table: 2 = Mini-CEX,
/// 3 = Kompetencekort, 7 = Audit).
struct SeedCompetency {
    let code: String
    let title: String
    let methods: [Int]
}

extension Sandbox {
    /// Puts an intro målbeskrivelse into the database through `logbook curriculum import` (canonical JSON).
    /// Imported as the secretariat sek.a of `setUpDepartment`.
    func seedCurriculum(specialty: String = "Kardiologi", version: String = "2022", validFrom: String = "2022-01-01",
                        competencies: [SeedCompetency]) throws {
        let methodNames = [2: "Mini-CEX", 3: "Kompetencekort", 7: "Audit"]
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let items = competencies.map { competency in
            let methods = competency.methods.map { quoted(methodNames[$0] ?? "Mini-CEX") }.joined(separator: ", ")
            return "{\"code\": \(quoted(competency.code)), \"title\": \(quoted(competency.title)), "
                + "\"roles\": [\"Kommunikator\"], \"methods\": [\(methods)]}"
        }
        let json = """
            {"specialty": \(quoted(specialty)), "level": "intro", "version": \(quoted(version)), "validFrom": \(quoted(validFrom)),
             "title": "T", "courses": ["Kursus i klinisk vejledning"],
             "competencies": [\(items.joined(separator: ",\n"))]}
            """
        let file = try write("curriculum-\(specialty)-\(version).json", json)
        try must(["curriculum", "import", file], as: "sek.a")
    }

    /// Today is 2026-06-15. Secretariat sek.a (Syddanmark, bootstrap), hospital department KARD with UAO dr.lead,
    /// hovedvejleder dr.berg, daglig klinisk vejleder dr.dkv; general practice LAEGE with tutor dr.tutor; trainees
    /// dr.ung and dr.ny; Kardiologi 2018 (code X9) and 2022 (I1: Mini-CEX/Kompetencekort, I2: Audit).
    /// With `keys`, sek.a (bootstrap), dr.lead and dr.berg (valid through 2026-12-31) register keys as soon as they
    /// hold their grants, so every later grant is signed (with --trust a bundle needs every grant signed, issue 11).
    func setUpDepartment(keys: Bool = false) throws {
        func register(_ handle: String, by maker: String, until: String? = nil) throws {
            guard keys else { return }
            try must(["key", "register", handle, try generateKey(handle), "--from", "2026-01-01"] + (until.map { ["--until", $0] } ?? []),
                     as: maker)
        }
        environment["LOGBOOK_TODAY"] = "2026-06-15"
        try must(["init"])
        try must(["person", "add", "sek.a", "--name", "Sekretær A"])
        try must(["grant", "sek.a", "secretariat", "--region", "Syddanmark", "--from", "2026-01-01"])
        try register("sek.a", by: "sek.a")
        try must(["department", "add", "KARD", "--name", "Kardiologisk afdeling", "--kind", "hospital", "--region", "Syddanmark"], as: "sek.a")
        try must(["department", "add", "LAEGE", "--name", "Lægehuset", "--kind", "almen-praksis", "--region", "Syddanmark"], as: "sek.a")
        for (handle, name) in [("dr.lead", "Lise Lead"), ("dr.berg", "Bo Berg"), ("dr.dkv", "Dorte Klinisk"), ("dr.tutor", "Tove Tutor"),
                               ("dr.ung", "Ulla Ung"), ("dr.ny", "Niels Ny")] {
            try must(["person", "add", handle, "--name", name], as: "sek.a")
        }
        try must(["grant", "dr.lead", "uao", "--department", "KARD", "--from", "2026-01-01"], as: "sek.a")
        try register("dr.lead", by: "sek.a")
        try must(["grant", "dr.tutor", "tutorlæge", "--department", "LAEGE", "--from", "2026-01-01"], as: "sek.a")
        try must(["grant", "dr.berg", "hovedvejleder", "--department", "KARD", "--from", "2026-01-01"], as: "dr.lead")
        try register("dr.berg", by: "dr.lead", until: "2026-12-31")
        try must(["grant", "dr.dkv", "daglig-klinisk-vejleder", "--department", "KARD", "--from", "2026-01-01"], as: "dr.lead")
        try seedCurriculum(version: "2018", validFrom: "2018-01-01", competencies: [SeedCompetency(code: "X9", title: "Old", methods: [2])])
        try seedCurriculum(competencies: [
            SeedCompetency(code: "I1", title: "EKG", methods: [2, 3]),
            SeedCompetency(code: "I2", title: "Journal", methods: [7]),
        ])
    }

    /// Starts dr.ung's 3/4-time position 1 in KARD on 2026-03-01 with hovedvejleder dr.berg (planned end 2027-06-30).
    func startPosition() throws {
        try must(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi",
                  "--start", "1.3.2026", "--part-time", "75%", "--supervisor", "dr.berg"], as: "dr.lead")
    }

    /// Runs a command that must succeed and returns its output.
    @discardableResult
    func must(_ arguments: [String], stdin: String? = nil, as actor: String? = nil) throws -> RunResult {
        let result = try run(arguments, stdin: stdin, as: actor)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Runs a command that must fail with `status` and a message containing every part, leaving the database unchanged.
    @discardableResult
    func refused(_ arguments: [String], status: Int32, _ parts: [String], stdin: String? = nil, as actor: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let before = try databaseSnapshot()
        let result = try run(arguments, stdin: stdin, as: actor)
        #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try databaseSnapshot() == before, "the database changed", sourceLocation: sourceLocation)
        return result
    }
}

extension String {
    /// CSV output (RFC 4180 CRLF line ends) with plain "\n" line ends, for comparing with literals.
    var unixLines: String { replacingOccurrences(of: "\r\n", with: "\n") }
}

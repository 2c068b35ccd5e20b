import Foundation
import Testing

/// Issue 13 for `verify`, bundles and the database file: what verify finds in a tampered log, and what is wrong with a
/// file that is no database, in the reader's language; event ids and hashes stay as they are.
@Suite("verify and database errors in Danish and English")
struct VerifyLanguageTests {
    /// A position with I1 approved, then that approval (the event after the setup's last) changed with the sqlite3
    /// shell and an approval of I2 forged in the trainee's name (its bad hash is not reported: a chain's first break is).
    func tampered() throws -> (box: Sandbox, changed: Int, forged: Int) {
        let box = try Sandbox()
        try box.setUpDepartment()
        try box.startPosition()
        let base = try box.lastEvent()
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")
        try box.must(["grant", "dr.ung", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        let forged = try box.lastEvent() + 1
        let tampering = try Binary.runTool("/usr/bin/sqlite3", [box.database, """
            DROP TRIGGER event_no_update; UPDATE event SET text = 'forged' WHERE id = \(base + 1);
            INSERT INTO event (id, kind, position_id, competency_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
            SELECT \(forged), 'competency-approval', 1, c.id, '2026-06-15', '2026-06-15T10:00:00.000Z', p.id, 'clinical-supervisor', '',
                   (SELECT hash FROM event WHERE position_id = 1 ORDER BY id DESC LIMIT 1), 'bogus'
            FROM competency c, person p WHERE c.code = 'I2' AND p.handle = 'dr.ung';
            """])
        #expect(tampering.status == 0, "\(tampering.stderr)")
        return (box, base + 1, forged)
    }

    @Test("verify --lang da names each problem in Danish, with the event ids as they are, and exits 1")
    func danishProblems() throws {
        let (box, changed, forged) = try tampered()
        defer { box.cleanup() }
        let verify = try box.run(["verify", "--lang", "da"])
        #expect(verify.status == 1)
        let lines = verify.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "hændelse \(changed): er ændret, efter den blev registreret: dens indhold passer ikke længere til dens hashværdi",
                "\(verify.stdout)")
        #expect(lines.count == 2, "\(verify.stdout)")
        #expect(lines.contains("hændelse \(forged): den, der lavede den, havde ikke lov: dr.ung er uddannelseslæge i stilling 1: "
                               + "en uddannelseslæge kan ikke godkende sine egne kompetencer"), "\(verify.stdout)")
        for line in lines {
            #expect(line.hasPrefix("hændelse "), "\(line)")
            for word in ["event", "was", "changed", "its", "maker", "allowed", "not", "the"] {
                #expect(!line.split(whereSeparator: { !$0.isLetter }).contains { $0 == word }, "English \"\(word)\" in: \(line)")
            }
        }

        // The same problems in English, worded as before.
        let english = try box.run(["verify"])
        #expect(english.status == 1)
        #expect(english.stdout.split(separator: "\n").first.map(String.init)
            == "event \(changed): was changed after it was recorded: its content no longer matches its hash", "\(english.stdout)")
        #expect(english.stdout.contains("event \(forged): its maker was not allowed: dr.ung is the trainee of position 1"), "\(english.stdout)")

        // LANG=da_DK.UTF-8 alone is Danish too.
        box.environment["LOGBOOK_LANG"] = ""
        box.environment["LC_ALL"] = ""
        box.environment["LC_MESSAGES"] = ""
        box.environment["LANG"] = "da_DK.UTF-8"
        let locale = try box.run(["verify"])
        #expect(locale.status == 1 && locale.stdout == verify.stdout, "\(locale.stdout)")
    }

    @Test("a file that is no database is named in Danish; verify reports it as a failed check (exit 1), others as bad data (65)")
    func notADatabase() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.write("logbook.sqlite", String(repeating: "this is not a database\n", count: 200))
        let verify = try box.run(["verify", "--lang", "da"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("kontrollen fejlede: \(box.database) er beskadiget eller ikke en logbook-database"), "\(verify.stderr)")
        let status = try box.run(["person", "list", "--lang", "da"])
        #expect(status.status == 65)
        #expect(status.stderr.contains("\(box.database) er beskadiget eller ikke en logbook-database"), "\(status.stderr)")
        #expect(!status.stderr.contains("is damaged"), "\(status.stderr)")

        let missing = try box.run(["person", "list", "--lang", "da", "--db", box.folder.appendingPathComponent("nope.sqlite").path],
                                  database: false)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("der er ingen database i"), "\(missing.stderr)")
        let folder = try box.run(["person", "list", "--lang", "da", "--db", box.folder.path], database: false)
        #expect(folder.stderr.contains("er en mappe, ikke en databasefil"), "\(folder.stderr)")
    }

    @Test("verify --bundle --lang da names a bundle's problems in Danish")
    func danishBundle() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        let notJSON = try box.write("bundle.json", "{\"format\": \"something else\"}")
        let result = try box.run(["verify", "--bundle", notJSON, "--lang", "da"], database: false)
        #expect(result.status == 1)
        #expect(result.stdout == "filen: er ikke en dokumentationspakke fra logbook: \"format\" skal være \"logbook-bundle-v1\"\n",
                "\(result.stdout)\(result.stderr)")
        let english = try box.run(["verify", "--bundle", notJSON], database: false)
        #expect(english.stdout == "the file: is not a logbook bundle: \"format\" must be \"logbook-bundle-v1\"\n", "\(english.stdout)")
    }
}

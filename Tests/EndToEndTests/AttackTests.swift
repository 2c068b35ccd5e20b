import Foundation
import Testing

/// The seven attack classes of issue 11, each tried as an attacker would: a trainee with write access to the database
/// file and a key of their own (raw SQL on a copy of a demo database, append-only triggers dropped where needed), and
/// someone holding nothing but an exported bundle. The forgeries are made by tools/forge.py from the published format
/// (correct hashes, real signatures where the attacker holds the key); each must be rejected, exit 1, with its message,
/// by `logbook verify`, `logbook verify --bundle … --trust …` and tools/verify_bundle.py.
@Suite("Attacks: the seven classes of issue 11, database and bundle, both verifiers")
struct AttackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let forge = root.appendingPathComponent("tools/forge.py").path
    static let python = root.appendingPathComponent("tools/verify_bundle.py").path

    /// The department with keys (`setUpKeys`), dr.dkv a clinical supervisor with delegation whose key starts on
    /// 2026-06-01, approvals of I1, the course and I2 by dr.berg and a statement by dr.lead, exported as bundle.json.
    /// Nil without python3 and `cryptography` (the forger needs them): under CI the calling test fails for it; elsewhere
    /// it is noted as skipped (`Dependency`).
    func prepared(_ what: String = "the attack tests (tools/forge.py forges with it)",
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox? {
        guard SigningTests.python(what, sourceLocation: sourceLocation) else { return nil }
        let box = try Sandbox()
        try box.setUpKeys()
        try box.must(["grant", "dr.dkv", "clinical-supervisor", "--department", "KARD", "--may-approve", "--from", "2026-01-01"], as: "dr.lead")
        try box.must(["key", "register", "dr.dkv", try box.generateKey("dr.dkv"), "--from", "2026-06-01"], as: "dr.lead")
        try box.must(["approve", "--position", "1", "I1", "--comment", "fin EKG-tolkning"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-05-01"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "I2"], as: "dr.berg")
        try box.must(["statement", "--position", "1"], as: "dr.lead")
        try box.must(["export", "--position", "1", "-o", "bundle.json"])
        let clean = try box.run(["verify", "--trust", box.keyDirectory + "/sek.a.pub"])
        #expect(clean.status == 0 && clean.stdout.isEmpty, "the demo itself must verify: \(clean.stdout)\(clean.stderr)")
        return box
    }

    /// The id the forger gives its first event: the next after the demo's last.
    func next(_ box: Sandbox) throws -> Int { try box.lastEvent() + 1 }

    /// Runs `attack` on a copy of the database and returns `logbook verify` on the copy (with --trust sek.a's key when `trust`).
    func attackDatabase(_ box: Sandbox, _ attack: String, trust: Bool = false) throws -> RunResult {
        let copy = box.folder.appendingPathComponent("attacked-\(attack).sqlite").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: box.database, toPath: copy)
        let forged = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "db", copy, box.keyDirectory, attack])
        #expect(forged.status == 0, "forge.py db \(attack): \(forged.stderr)")
        return try box.run(["verify", "--db", copy] + (trust ? ["--trust", box.keyDirectory + "/sek.a.pub"] : []), database: false)
    }

    /// Runs `attack` on the bundle and returns both verifiers' results on the forged bundle, with sek.a's key trusted.
    func attackBundle(_ box: Sandbox, _ attack: String) throws -> (logbook: RunResult, python: RunResult) {
        let bundle = box.folder.appendingPathComponent("bundle.json").path
        let out = box.folder.appendingPathComponent("attacked-\(attack).json").path
        let forged = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "bundle", bundle, out, box.keyDirectory, attack])
        #expect(forged.status == 0, "forge.py bundle \(attack): \(forged.stderr)")
        return try verifyBundle(box, out)
    }

    func verifyBundle(_ box: Sandbox, _ path: String, trust: String? = nil) throws -> (logbook: RunResult, python: RunResult) {
        let trust = trust ?? box.keyDirectory + "/sek.a.pub"
        return (try box.run(["verify", "--bundle", path, "--trust", trust], database: false),
                try Binary.runTool("/usr/bin/env", ["python3", AttackTests.python, path, "--trust", trust]))
    }

    /// Exit 1 and a line `event N: …` holding `message`.
    func expectRejected(_ result: RunResult, event: Int, _ message: String, _ who: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(who) accepted it: \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("event \(event): ") && $0.contains(message) },
                "\(who) should say \"event \(event): …\(message)…\":\n\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Both verifiers of a bundle reject it naming `event`, each with its own wording.
    func expectBundleRejected(_ results: (logbook: RunResult, python: RunResult), event: Int, logbook: String, python: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        expectRejected(results.logbook, event: event, logbook, "logbook verify --bundle", sourceLocation: sourceLocation)
        expectRejected(results.python, event: event, python, "verify_bundle.py", sourceLocation: sourceLocation)
    }

    @Test("1. made from nothing: signatures stripped, or the log rebuilt without keys and re-hashed; a bundle without its key chain")
    func fromNothing() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let firstAct = Int(try box.sql("SELECT min(id) FROM event WHERE kind = 'competency-approval'").trimmingCharacters(in: .whitespacesAndNewlines))!
        expectRejected(try attackDatabase(box, "stripped_signatures"), event: firstAct,
                       "is unsigned, but dr.berg had key", "logbook verify")
        // Rebuilt from nothing, the database is a keyless one: only a trusted key tells them apart.
        let rebuilt = try attackDatabase(box, "rebuilt_without_keys")
        #expect(rebuilt.status == 0 && rebuilt.stderr.contains("carry no digital signature"), "\(rebuilt.stdout)\(rebuilt.stderr)")
        let anchored = try attackDatabase(box, "rebuilt_without_keys", trust: true)
        expectRejected(anchored, event: 1, "the bootstrap grant of sek.a is unsigned and sek.a holds no trusted key", "logbook verify --trust")
        expectRejected(anchored, event: firstAct, "is unsigned: with --trust every act", "logbook verify --trust")
        let binding = Int(try box.sql("SELECT id FROM event WHERE kind = 'position'").trimmingCharacters(in: .whitespacesAndNewlines))!
        expectBundleRejected(try attackBundle(box, "from_nothing"), event: binding, logbook: "is unsigned: with --trust every act",
                             python: "is unsigned: with --trust every event must be signed")
    }

    @Test("2. an unsigned act dated before its maker's key starts (a plain INSERT, no trigger dropped)")
    func unsignedBeforeKey() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let id = try next(box)
        expectRejected(try attackDatabase(box, "unsigned_before_key"), event: id, "is unsigned, but dr.dkv had key", "logbook verify")
        expectBundleRejected(try attackBundle(box, "unsigned_before_key"), event: id, logbook: "is unsigned, but dr.dkv had key",
                             python: "is unsigned, but dr.dkv had key")
    }

    @Test("3. a key revocation by anyone: the trainee revokes the UAO's key, then acts unsigned as the UAO")
    func revocationByAnyone() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let id = try next(box)
        let database = try attackDatabase(box, "revocation_by_anyone")
        expectRejected(database, event: id, "its maker was not allowed to revoke dr.lead's key", "logbook verify")
        expectRejected(database, event: id + 1, "is unsigned, but dr.lead had key", "logbook verify")
        let bundle = try attackBundle(box, "revocation_by_anyone")
        expectBundleRejected(bundle, event: id, logbook: "its maker was not allowed to revoke dr.lead's key",
                             python: "its maker was not allowed to revoke that key")
        expectBundleRejected(bundle, event: id + 1, logbook: "is unsigned, but dr.lead had key", python: "is unsigned, but dr.lead had key")
    }

    @Test("4. authority from unchained rows: a secretariat grant only in the table (or the bundle's grants) lets the trainee register a 'UAO key'")
    func unchainedAuthority() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let id = try next(box)
        let database = try attackDatabase(box, "unchained_authority")
        expectRejected(database, event: id, "its registrar was not allowed", "logbook verify")
        expectRejected(database, event: id + 1, "its signature does not match dr.lead's key", "logbook verify")
        let bundle = try attackBundle(box, "unchained_authority")
        expectBundleRejected(bundle, event: id, logbook: "its registrar was not allowed", python: "its registrar was not allowed")
        expectBundleRejected(bundle, event: id + 1, logbook: "its signature does not match dr.lead's key",
                             python: "its signature is not by a key of its maker")
    }

    @Test("5. ids that do not increase: id 0 at the end of a chain; an id reused below a key's registration")
    func idGames() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        expectRejected(try attackDatabase(box, "id_zero"), event: 0, "its id 0 is not positive", "logbook verify")
        expectBundleRejected(try attackBundle(box, "id_zero"), event: 0, logbook: "its id 0 is not positive", python: "its id is not positive")
        // In the database an id is a primary key: it cannot be reused. In a bundle it can.
        let reused = Int(try box.sql("SELECT id FROM event WHERE kind = 'key-registration' AND payload LIKE 'holder:dr.berg%'")
            .trimmingCharacters(in: .whitespacesAndNewlines))! - 1
        let bundle = try attackBundle(box, "id_reused")
        expectBundleRejected(bundle, event: reused, logbook: "its id is not greater than that of the event before it in its chain",
                             python: "its id is not greater than that of the event before it in its chain")
        expectBundleRejected(bundle, event: reused, logbook: "its id is used by two events", python: "its id is used by two events")
    }

    @Test("6. an unsigned binding: the trainee renamed in the bundle's position, or in the binding itself and re-hashed")
    func renamedTrainee() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let binding = Int(try box.sql("SELECT id FROM event WHERE kind = 'position'").trimmingCharacters(in: .whitespacesAndNewlines))!
        expectBundleRejected(try attackBundle(box, "renamed_trainee"), event: binding,
                             logbook: "the bundle's position says trainee \"dr.ny\", but the signed binding says \"dr.ung\"",
                             python: "the bundle's position says trainee 'dr.ny', but the signed binding says 'dr.ung'")
        expectBundleRejected(try attackBundle(box, "renamed_binding"), event: binding, logbook: "its signature does not match dr.lead's key",
                             python: "its signature is not by a key of its maker")
    }

    @Test("7. loose ends: a revocation revoked, an event revoked twice, revokes on an approval, a key valid backwards, an impossible date")
    func looseEnds() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let id = try next(box)   // each attack: an approval (id), then its forgeries
        expectRejected(try attackDatabase(box, "revoke_revocation"), event: id + 2, "which is not an act that can be revoked", "logbook verify")
        expectBundleRejected(try attackBundle(box, "revoke_revocation"), event: id + 2, logbook: "which is not an act that can be revoked",
                             python: "revokes an event that is not an act")
        // The schema forbids these two in a database (revokes_id UNIQUE; CHECK on revokes_id); a bundle has no schema.
        expectBundleRejected(try attackBundle(box, "revoke_twice"), event: id + 2, logbook: "which was already revoked",
                             python: "revokes an event already revoked")
        expectBundleRejected(try attackBundle(box, "revokes_on_approval"), event: id + 1, logbook: "only a revocation may name an event in \"revokes\"",
                             python: "revokes is set exactly on revocations")
        expectRejected(try attackDatabase(box, "key_backwards"), event: id, "its payload is not a key registration", "logbook verify")
        expectBundleRejected(try attackBundle(box, "key_backwards"), event: id, logbook: "its payload is not a key registration",
                             python: "its payload is not a key registration")
        expectRejected(try attackDatabase(box, "impossible_date"), event: id, "its effective_on \"2026-02-30\" is not a date", "logbook verify")
        expectBundleRejected(try attackBundle(box, "impossible_date"), event: id, logbook: "its effective_on is not a date",
                             python: "its effective_on is not a date")
    }

    @Test("7. loose ends in the file: a byte order mark, a duplicate member, an empty or comment-only trust file")
    func looseFileEnds() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        let text = try String(contentsOfFile: box.folder.appendingPathComponent("bundle.json").path, encoding: .utf8)
        let bom = try box.write("bom.json", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        for (result, who) in [(try verifyBundle(box, bom).logbook, "logbook"), (try verifyBundle(box, bom).python, "verify_bundle.py")] {
            #expect(result.status == 1 && result.stdout.contains("the file: starts with a byte order mark"), "\(who): \(result.stdout)")
        }
        let at = try #require(text.range(of: "\"text\":\"fin EKG-tolkning\""))
        let duplicate = try box.write("duplicate.json", String(text[..<at.lowerBound]) + "\"text\":\"x\"," + String(text[at.lowerBound...]))
        let (own, python) = try verifyBundle(box, duplicate)
        #expect(own.status == 1 && own.stdout.contains("the key \"text\" appears twice in the same object"), "\(own.stdout)")
        #expect(python.status == 1 && python.stdout.contains("duplicate member \"text\""), "\(python.stdout)")
        // A trust file with no key is an error (65), never "trust nothing and accept" — on a bundle made from nothing.
        let bundle = box.folder.appendingPathComponent("bundle.json").path
        let nothing = box.folder.appendingPathComponent("nothing.json").path
        #expect(try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "bundle", bundle, nothing, box.keyDirectory, "from_nothing"]).status == 0)
        for (name, content) in [("empty.pub", ""), ("comment.pub", "# only a comment\n\n")] {
            let trust = try box.write(name, content)
            let (own, python) = try verifyBundle(box, nothing, trust: trust)
            #expect(own.status == 65 && own.stderr.contains("\(name) holds no public key"), "\(own.stdout)\(own.stderr)")
            #expect(python.status == 65 && python.stderr.contains("\(name) holds no public key"), "\(python.stdout)\(python.stderr)")
        }
    }

    @Test("Issue 28: nobody acts on their own record — the trainee holding a UAO grant revokes an approval on their own position, the UAO names the trainee their own hovedvejleder; `revoke` refuses it and every verifier rejects the forgery")
    func ownRecord() throws {
        guard let box = try prepared() else { return }
        defer { box.cleanup() }
        // The secretariat may grant dr.ung a UAO grant in KARD (a grant is not refused); acting on their own position is.
        try box.must(["grant", "dr.ung", "uao", "--department", "KARD", "--from", "2026-01-01"], as: "sek.a")
        let approval = Int(try box.sql("SELECT min(id) FROM event WHERE kind = 'competency-approval'").trimmingCharacters(in: .whitespacesAndNewlines))!
        let before = try box.databaseSnapshot()
        let refused = try box.run(["revoke", String(approval), "--reason", "fejl"], as: "dr.ung")
        #expect(refused.status == 1 && refused.stderr.contains("dr.ung is the trainee of position 1: a trainee cannot revoke anything on their own position"),
                "\(refused.stdout)\(refused.stderr)")
        let assign = try box.run(["position", "supervisor", "--position", "1", "dr.berg"], as: "dr.ung")
        #expect(assign.status == 1 && assign.stderr.contains("a trainee cannot assign their own main supervisor"), "\(assign.stdout)\(assign.stderr)")
        #expect(try box.databaseSnapshot() == before, "a refused act must leave the database unchanged")
        try box.must(["export", "--position", "1", "-o", "own.json"])
        let id = try next(box)
        let database = try attackDatabase(box, "own_record")
        expectRejected(database, event: id, "dr.ung is the trainee of position 1: a trainee cannot revoke anything on their own position", "logbook verify")
        expectRejected(database, event: id + 1, "dr.ung is the trainee of position 1 and cannot be their own main supervisor", "logbook verify")
        let out = box.folder.appendingPathComponent("attacked-own.json").path
        let forged = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "bundle", box.folder.appendingPathComponent("own.json").path,
                                                         out, box.keyDirectory, "own_record"])
        #expect(forged.status == 0, "forge.py bundle own_record: \(forged.stderr)")
        let bundle = try verifyBundle(box, out)
        expectBundleRejected(bundle, event: id, logbook: "a trainee cannot revoke anything on their own position",
                             python: "its maker is the position's own trainee (nobody acts on their own record)")
        expectBundleRejected(bundle, event: id + 1, logbook: "cannot be their own main supervisor",
                             python: "assigns the position's trainee as their own hovedvejleder")
    }
}

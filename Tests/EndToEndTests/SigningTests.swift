import Foundation
import LogbookDomain
import LogbookFormats
import SMTPSinkSupport
import Testing

extension Sandbox {
    /// The sandbox's key folder (LOGBOOK_KEY_DIR).
    var keyDirectory: String { folder.appendingPathComponent("keys").path }

    /// Generates a key pair for `handle` and returns the printed public key.
    func generateKey(_ handle: String) throws -> String {
        let result = try must(["key", "generate"], as: handle)
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("public key:") } ?? ""
        return line.dropFirst("public key:".count).trimmingCharacters(in: .whitespaces)
    }

    /// The department of `setUpDepartment` and position 1, with keys: sek.a (bootstrap), dr.lead, dr.berg (valid
    /// through 2026-12-31) and the trainee dr.ung. dr.dkv has no key. Keys are registered as soon as their holders
    /// hold grants, so every later grant and the position binding are signed (issue 11: with --trust they must be).
    func setUpKeys() throws {
        environment["LOGBOOK_KEY_DIR"] = keyDirectory
        try setUpDepartment(keys: true)
        try startPosition()
        try must(["key", "register", "dr.ung", try generateKey("dr.ung"), "--from", "2026-01-01"], as: "dr.lead")
    }

    /// The private key of `handle` from the key folder.
    func privateKey(_ handle: String) throws -> PrivateSigningKey {
        let text = try String(contentsOfFile: keyDirectory + "/\(handle).key", encoding: .utf8)
        return try #require(PrivateSigningKey(fileText: text))
    }
}

/// A bundle as JSON the tests can take apart and put together again.
struct BundleDocument {
    var members: [(String, JSONValue)]

    init(_ text: String) throws { guard case .object(let members) = try JSONValue.parse(text) else { throw CancellationError() }; self.members = members }

    subscript(key: String) -> JSONValue {
        get { members.first { $0.0 == key }!.1 }
        set { members[members.firstIndex { $0.0 == key }!].1 = newValue }
    }

    var events: [JSONValue] {
        get { if case .array(let items) = self["events"] { return items } else { return [] } }
        set { self["events"] = .array(newValue) }
    }

    var text: String { JSONValue.object(members).serialized(pretty: true) }

    /// The content of an event object.
    static func content(_ event: JSONValue) throws -> EventContent {
        try BundleEvent(json: event, index: 0, list: "events").content
    }

    /// A new event appended to the position's chain, correctly hashed and signed with `key` (an attacker who
    /// holds some private key and the file).
    /// `authentication` makes it claim to be made through a server.
    mutating func appendForged(competency: String, actor: String, on day: String, signedWith key: PrivateSigningKey,
                               authentication: String? = nil) throws -> Int64 {
        let last = try BundleDocument.content(events.last!)
        guard case .string(let lastHash)? = events.last!["hash"] else { throw CancellationError() }
        var content = last
        content.id = max(last.id, 100) + 1
        content.kind = .competencyApproval
        content.competencyCode = competency
        content.course = nil
        content.revokes = nil
        content.effectiveOn = CalendarDate(iso: day)!
        content.actor = actor
        content.actorRole = "supervisor"
        content.actorDepartment = "KARD"
        content.text = ""
        content.previousHash = lastHash
        content.authentication = authentication
        events.append(BundleEvent(content: content, hash: content.hash, signature: try key.sign(content.canonicalBytes)).json)
        return content.id
    }
}

@Suite("Signing keys, signed acts, bundles and both verifiers")
struct SigningTests {
    /// Whether python3 with `cryptography` is here for the independent verifier (tools/verify_bundle.py): missing,
    /// it fails the calling test under CI and is noted as skipped elsewhere (`Dependency`).
    static func python(_ what: String = "tools/verify_bundle.py (the independent verifier)",
                       sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        Dependency.cryptography.ready(what, sourceLocation: sourceLocation)
    }

    static let script: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/verify_bundle.py").path
    }()

    /// A department with keys, approvals, a course and a statement, exported as `bundle.json`.
    func exported() throws -> (Sandbox, String) {
        let box = try Sandbox()
        try box.setUpKeys()
        try box.must(["approve", "--position", "1", "I1", "--comment", "fin EKG-tolkning"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-05-01"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "I2"], as: "dr.berg")
        try box.must(["statement", "--position", "1"], as: "dr.lead")
        try box.must(["export", "--position", "1", "-o", "bundle.json"])
        return (box, box.folder.appendingPathComponent("bundle.json").path)
    }

    /// The id of the first act of `exported()` (I1's approval); grants, keys and the position come before it (issue 11).
    func firstApproval(_ box: Sandbox) throws -> Int {
        Int(try box.sql("SELECT min(id) FROM event WHERE kind = 'competency-approval'").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Runs both verifiers on `path` with sek.a's key trusted.
    func verifyBoth(_ box: Sandbox, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (logbook: RunResult, python: RunResult?) {
        let trust = box.keyDirectory + "/sek.a.pub"
        let own = try box.run(["verify", "--bundle", path, "--trust", trust], database: false)
        guard SigningTests.python(sourceLocation: sourceLocation) else { return (own, nil) }
        return (own, try Binary.runTool("/usr/bin/env", ["python3", SigningTests.script, path, "--trust", trust]))
    }

    /// Both verifiers reject the bundle text, exit 1, naming `event`.
    func expectRejected(_ box: Sandbox, _ text: String, naming event: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try box.write("attacked.json", text)
        let (own, python) = try verifyBoth(box, path, sourceLocation: sourceLocation)
        #expect(own.status == 1, "logbook accepted it: \(own.stdout)\(own.stderr)", sourceLocation: sourceLocation)
        #expect(own.stdout.contains("\(event):"), "logbook: \(own.stdout)\(own.stderr)", sourceLocation: sourceLocation)
        if let python {
            #expect(python.status == 1, "verify_bundle.py accepted it: \(python.stdout)\(python.stderr)", sourceLocation: sourceLocation)
            #expect(python.stdout.contains("\(event):"), "verify_bundle.py: \(python.stdout)\(python.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test("key generate writes a 0600 key file in a 0700 folder, prints the public key and fingerprint, and keeps an existing key")
    func generate() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_KEY_DIR"] = box.keyDirectory + "/nested"
        try box.setUpDepartment()
        let result = try box.must(["key", "generate"], as: "dr.berg")
        #expect(result.stdout.contains("fingerprint: "))
        let publicKey = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("public key:") })
        #expect(PublicSigningKey(base64: publicKey.dropFirst(11).trimmingCharacters(in: .whitespaces)) != nil)
        let path = box.keyDirectory + "/nested/dr.berg.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: box.keyDirectory + "/nested")
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        // Generating registers nothing (grants are events too, issue 11: count key registrations only).
        #expect(try box.sql("SELECT count(*) FROM event WHERE kind = 'key-registration'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let before = try String(contentsOfFile: path, encoding: .utf8)
        try box.refused(["key", "generate"], status: 1, ["a private key for dr.berg already exists at \(path)", "--force"], as: "dr.berg")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        try box.must(["key", "generate", "--force"], as: "dr.berg")
        #expect(try String(contentsOfFile: path, encoding: .utf8) != before)
    }

    @Test("XDG_CONFIG_HOME places the key folder when LOGBOOK_KEY_DIR is unset")
    func xdgFolder() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        box.environment["XDG_CONFIG_HOME"] = box.folder.appendingPathComponent("config").path
        let result = try box.must(["key", "generate"], as: "dr.lead")
        let path = box.folder.appendingPathComponent("config/logbook/keys/dr.lead.key").path
        #expect(result.stdout.contains(path))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("registering keys: who may, the bootstrap, and every bad input")
    func register() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        box.environment["LOGBOOK_KEY_DIR"] = box.keyDirectory
        try box.setUpDepartment()
        try box.startPosition()
        let lead = try box.generateKey("dr.lead")
        // No secretariat key yet: dr.lead's key may be registered unsigned, but not by dr.lead.
        try box.refused(["key", "register", "dr.lead", lead], status: 1, ["dr.lead cannot register their own key"], as: "dr.lead")
        try box.refused(["key", "register", "dr.lead", lead], status: 1, ["dr.berg is not secretariat"], as: "dr.berg")
        try box.refused(["key", "register", "dr.lead", "not-a-key"], status: 64, ["PUBLIC-KEY must be an Ed25519 public key"], as: "sek.a")
        try box.refused(["key", "register", "dr.lead", lead, "--from", "2026-06-01", "--until", "2026-05-01"], status: 64,
                        ["'--until' 2026-05-01 is before '--from' 2026-06-01"], as: "sek.a")
        try box.refused(["key", "register", "dr.ny", lead], status: 1, ["dr.ny holds no grant and no current position"], as: "sek.a")
        try box.refused(["key", "register", "dr.nobody", lead], status: 1, ["no person \"dr.nobody\""], as: "sek.a")
        // The bootstrap: sek.a registers their own key, signed with it; it needs the key file.
        let sek = try box.generateKey("sek.a")
        try box.refused(["key", "register", "sek.a", lead], status: 1, ["must hold the private key of"], as: "sek.a")
        let bootstrap = try box.must(["key", "register", "sek.a", sek], as: "sek.a")
        #expect(bootstrap.stderr.contains("bootstrap"))
        #expect(try box.sql("SELECT signature IS NOT NULL FROM event ORDER BY id DESC LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let second = try box.generateKey("dr.berg")
        try box.refused(["key", "register", "dr.berg", second], status: 1, ["dr.berg cannot register their own key"], as: "dr.berg")
        try box.refused(["key", "register", "dr.berg", second], status: 1, ["dr.berg is main supervisor in department KARD"], as: "sek.a")
        try box.must(["key", "register", "dr.lead", lead], as: "sek.a")
        try box.refused(["key", "register", "dr.tutor", lead], status: 1, ["is already registered for dr.lead"], as: "sek.a")
        // The UAO registers the hovedvejleder's and the trainee's keys; both registrations are signed.
        try box.must(["key", "register", "dr.berg", second], as: "dr.lead")
        let bergKey = try box.lastEvent()
        try box.must(["key", "register", "dr.ung", try box.generateKey("dr.ung")], as: "dr.lead")
        // The grants and the position came before any key (issue 11: they are events too); every registration is signed.
        #expect(try box.sql("SELECT count(*) FROM event WHERE kind = 'key-registration' AND signature IS NULL")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let list = try box.must(["key", "list", "--person", "dr.berg", "--format", "csv"])
        #expect(list.stdout.unixLines.contains(",dr.berg,Bo Berg,2026-06-15,,\(bergKey),Lise Lead,,"), "\(list.stdout)")
        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty, "\(verify.stdout)")
    }

    @Test("acts are signed; a missing or too open key file is refused; people without keys act unsigned")
    func signedActs() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpKeys()
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")
        #expect(try box.sql("SELECT signature IS NOT NULL FROM event ORDER BY id DESC LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        let path = box.keyDirectory + "/dr.berg.key"
        chmod(path, 0o644)
        try box.refused(["approve", "--position", "1", "I2"], status: 1, ["has mode 644", "run `chmod 600 \(path)`"], as: "dr.berg")
        chmod(path, 0o600)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".away")
        try box.refused(["approve", "--position", "1", "I2"], status: 1,
                        ["dr.berg has a registered signing key", "no private key file at \(path)"], as: "dr.berg")
        try FileManager.default.moveItem(atPath: path + ".away", toPath: path)
        try box.refused(["approve", "--position", "1", "I2", "--date", "2025-12-01"], status: 1, ["outside position 1"], as: "dr.berg")

        // dr.dkv has no key: an unsigned approval, shown as unsigned in history.
        try box.must(["grant", "dr.dkv", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        try box.must(["approve", "--position", "1", "I2"], as: "dr.dkv")
        let history = try box.must(["history", "--position", "1", "--format", "csv"])
        let lines = history.stdout.unixLines.split(separator: "\n")
        #expect(lines.last?.hasSuffix(",no digital signature") == true && lines.last?.contains("dr.dkv") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasSuffix(",digitally signed") == true)
        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty, "\(verify.stdout)")
    }

    @Test("a revoked key signs nothing more; its holder's acts are refused until a new key is registered")
    func revokeKey() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpKeys()
        let fingerprint = try #require(try box.must(["key", "list", "--person", "dr.berg", "--format", "csv"]).stdout.unixLines
            .split(separator: "\n").last?.split(separator: ",").first.map(String.init))
        try box.refused(["key", "revoke", "ffff:0000:ffff:0000", "--reason", "lost"], status: 1, ["no registered key"], as: "dr.lead")
        try box.refused(["key", "revoke", fingerprint, "--reason", " "], status: 64, ["'--reason' must say why"], as: "dr.lead")
        try box.refused(["key", "revoke", fingerprint, "--reason", "lost"], status: 1, ["dr.dkv is not UAO"], as: "dr.dkv")
        let revoked = try box.must(["key", "revoke", fingerprint, "--reason", "laptop stolen"], as: "dr.lead")
        #expect(revoked.stdout.contains("revoked key \(fingerprint) of Bo Berg (dr.berg)"))
        let registration = try box.sql("SELECT e.id FROM event e JOIN person p ON p.id = e.actor_id WHERE e.kind = 'key-registration' "
                                       + "AND e.payload LIKE 'holder:dr.berg%'").trimmingCharacters(in: .whitespacesAndNewlines)
        try box.refused(["key", "revoke", registration, "--reason", "again"], status: 1, ["already revoked"], as: "dr.lead")
        // With the key revoked, dr.berg acts unsigned (no key applies) and verify is content.
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")
        #expect(try box.sql("SELECT signature IS NULL FROM event ORDER BY id DESC LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty, "\(verify.stdout)")
    }

    @Test("verify reports a forged signature and an unsigned act by someone with a key, by event")
    func verifyDatabase() throws {
        let (box, _) = try exported()
        defer { box.cleanup() }
        // An attacker with write access to the database file appends approvals "by dr.berg": one carrying another
        // event's signature, one unsigned. Each is correctly hashed and chained.
        func forge(_ code: String, signature: String?) throws -> Int64 {
            let last = try #require(box.sql("SELECT id, hash FROM event WHERE position_id = 1 ORDER BY id DESC LIMIT 1")
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init))
            let id = Int64(try box.sql("SELECT max(id) + 1 FROM event").trimmingCharacters(in: .whitespacesAndNewlines))!
            let content = EventContent(id: id, kind: .competencyApproval, positionID: 1, competencyCode: code,
                                       effectiveOn: CalendarDate(iso: "2026-06-15")!, recordedAt: "2026-06-15T10:00:00.000Z",
                                       actor: "dr.berg", actorRole: "supervisor", actorDepartment: "KARD", previousHash: last[1])
            _ = try box.sql("""
                INSERT INTO event (id, kind, position_id, competency_id, effective_on, recorded_at, actor_id, actor_role,
                                   actor_department_id, prev_hash, hash, signature)
                VALUES (\(id), 'competency-approval', 1, (SELECT c.id FROM competency c JOIN curriculum u ON u.id = c.curriculum_id
                        WHERE c.code = '\(code)' AND u.version = '2022'), '2026-06-15', '2026-06-15T10:00:00.000Z',
                        (SELECT id FROM person WHERE handle = 'dr.berg'), 'supervisor', (SELECT id FROM department WHERE code = 'KARD'),
                        '\(last[1])', '\(content.hash)', \(signature.map { "'\($0)'" } ?? "NULL"))
                """)
            return id
        }
        let stolen = try box.sql("SELECT signature FROM event WHERE kind = 'competency-approval' ORDER BY id LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = try forge("I1", signature: stolen)
        let unsigned = try forge("I2", signature: nil)
        let result = try box.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("event \(forged): its signature does not match dr.berg's key"), "\(result.stdout)")
        #expect(result.stdout.contains("event \(unsigned): is unsigned, but dr.berg had key"), "\(result.stdout)")
    }

    @Test("a demo department's bundle passes both verifiers; without a trusted key its signatures chain to nothing")
    func bundleAccepted() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        let (own, python) = try verifyBoth(box, path)
        // stderr holds only what it proves about completeness (issue 29): this bundle has no checkpoint.
        #expect(own.status == 0 && own.stdout.isEmpty && own.stderr.split(separator: "\n").allSatisfy { $0.contains("not proven complete") },
                "\(own.stdout)\(own.stderr)")
        if let python { #expect(python.status == 0 && python.stdout.isEmpty, "\(python.stdout)\(python.stderr)") }
        let untrusted = try box.run(["verify", "--bundle", path], database: false)
        #expect(untrusted.status == 1 && untrusted.stdout.contains("does not chain back to a trusted secretariat key"))
        let otherKey = try box.write("other.pub", PrivateSigningKey().publicKey.base64 + "\n")
        let wrongTrust = try box.run(["verify", "--bundle", path, "--trust", otherKey], database: false)
        #expect(wrongTrust.status == 1 && wrongTrust.stdout.contains("event 1:"), "\(wrongTrust.stdout)")  // the bootstrap grant: sek.a's key is not trusted
        let badTrust = try box.write("bad.pub", "hello\n")
        #expect(try box.run(["verify", "--bundle", path, "--trust", badTrust], database: false).status == 65)
        #expect(try box.run(["verify", "--bundle", "missing.json"], database: false).status == 66)
    }

    @Test("attack: one approval's comment changed")
    func changedComment() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try expectRejected(box, text.replacingOccurrences(of: "fin EKG-tolkning", with: "fin EKG-tolkning!"), naming: "event \(try firstApproval(box))")
    }

    @Test("attack: an approval removed from the middle of the chain")
    func removedApproval() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        // events: the position binding, its hovedvejleder assignment, then I1, the course, I2, the statement (issue 11)
        let first = try firstApproval(box)
        bundle.events.remove(at: 3)   // the course approval
        try expectRejected(box, bundle.text, naming: "event \(first + 2)")
    }

    @Test("attack: a re-ordered chain")
    func reordered() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        bundle.events.swapAt(3, 4)   // the course approval and I2's, after the binding and the assignment (issue 11)
        try expectRejected(box, bundle.text, naming: "event \(try firstApproval(box) + 2)")
    }

    @Test("attack: a truncated file")
    func truncated() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let course = try firstApproval(box) + 1
        let cut = try #require(text.range(of: "{\"id\":\"\(course)\""))
        let truncated = String(text[..<cut.upperBound]) + ",\"kind\":\"course-appr"
        try expectRejected(box, truncated, naming: "event \(course)")
    }

    @Test("attack: an approval signed by a key that was never registered")
    func unregisteredKey() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        let id = try bundle.appendForged(competency: "I3", actor: "dr.berg", on: "2026-06-20", signedWith: PrivateSigningKey())
        try expectRejected(box, bundle.text, naming: "event \(id)")
    }

    @Test("attack: a key used outside its validity")
    func outsideValidity() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        // dr.berg's key is valid through 2026-12-31.
        let id = try bundle.appendForged(competency: "I3", actor: "dr.berg", on: "2027-01-05", signedWith: try box.privateKey("dr.berg"))
        try expectRejected(box, bundle.text, naming: "event \(id)")
        let path2 = try box.write("outside.json", bundle.text)
        let own = try box.run(["verify", "--bundle", path2, "--trust", box.keyDirectory + "/sek.a.pub"], database: false)
        #expect(own.stdout.contains("which was not valid on 2027-01-05"), "\(own.stdout)")
    }

    @Test("attack: an approval signed with the trainee's own key")
    func traineeKey() throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        let id = try bundle.appendForged(competency: "I3", actor: "dr.berg", on: "2026-06-20", signedWith: try box.privateKey("dr.ung"))
        try expectRejected(box, bundle.text, naming: "event \(id)")
        let path2 = try box.write("trainee.json", bundle.text)
        let own = try box.run(["verify", "--bundle", path2, "--trust", box.keyDirectory + "/sek.a.pub"], database: false)
        #expect(own.stdout.contains("signed with the trainee dr.ung's own key"), "\(own.stdout)")
    }

    @Test("a single-byte change to any signed field of an approval is rejected by both verifiers",
          arguments: ["id", "kind", "position", "competency", "course", "revokes", "effective_on", "recorded_at", "actor",
                      "actor_role", "actor_department", "text", "payload", "prev_hash", "signature"])
    func singleByte(field: String) throws {
        let (box, path) = try exported()
        defer { box.cleanup() }
        var bundle = try BundleDocument(try String(contentsOfFile: path, encoding: .utf8))
        // events[2] is I1's approval, after the position binding and the hovedvejleder assignment (issue 11).
        let approval = try firstApproval(box)
        guard case .object(var members) = bundle.events[2], let index = members.firstIndex(where: { $0.0 == field }),
              case .string(let value) = members[index].1 else { Issue.record("no field \(field)"); return }
        var bytes = Array(value.utf8)
        if bytes.isEmpty { bytes = [UInt8(ascii: "x")] } else {
            let at = field == "signature" ? 10 : bytes.count - 1
            bytes[at] = bytes[at] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        }
        members[index].1 = .string(String(decoding: bytes, as: UTF8.self))
        bundle.events[2] = .object(members)
        // The id's last digit changes: 2 becomes 1, anything else becomes 1 too.
        let changedID = String(String(approval).dropLast()) + (String(approval).last == "1" ? "2" : "1")
        try expectRejected(box, bundle.text, naming: field == "id" ? "event \(changedID)" : "event \(approval)")
    }
}

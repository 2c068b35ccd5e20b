import Foundation
import Testing

/// The attacks of issue 29 (a log that proves it is complete), tried from outside as in `AttackTests`: forged with
/// tools/forge.py on a copy of the database or on an exported bundle, then run through `logbook verify`,
/// `logbook verify --bundle … --trust …` and tools/verify_bundle.py.
@Suite("Attacks of issue 29: completeness, checkpoints, keys of other positions")
struct Issue29AttackTests {
    let attacks = AttackTests()

    @Test("item 2: a key registered for the trainee of another position does not break a genuine bundle under --trust (both verifiers)")
    func keysOfOtherPositions() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        // dr.ny, a trainee of a second position in the same department, gets a key from the UAO, and revokes it again.
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "KARD", "--curriculum", "Kardiologi",
                      "--start", "1.6.2026", "--supervisor", "dr.berg"], as: "dr.lead")
        try box.must(["key", "register", "dr.ny", try box.generateKey("dr.ny"), "--from", "2026-06-01"], as: "dr.lead")
        try box.must(["export", "--position", "1", "-o", "genuine.json"])
        let genuine = box.folder.appendingPathComponent("genuine.json").path
        let (own, python) = try attacks.verifyBundle(box, genuine)
        #expect(own.status == 0 && own.stdout.isEmpty, "logbook verify --bundle: \(own.stdout)\(own.stderr)")
        #expect(python.status == 0 && python.stdout.isEmpty, "verify_bundle.py: \(python.stdout)\(python.stderr)")
        // The database verifies as before.
        let database = try box.run(["verify", "--trust", box.keyDirectory + "/sek.a.pub"])
        #expect(database.status == 0, "\(database.stdout)\(database.stderr)")
    }

    /// An integer from the sqlite3 shell.
    func number(_ box: Sandbox, _ sql: String) throws -> Int {
        Int(try box.sql(sql).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    /// The scenario of items 1 and 3: after the attack tests' department, dr.berg revokes his approval of I2 (position
    /// 1's last event), a second position starts (dr.ny), the UAO revokes dr.berg's key (stolen), and the secretariat
    /// signs a checkpoint and exports position 1 as cut.json (its statement signed with sek.a's key).
    func revokedScenario() throws -> Sandbox? {
        guard let box = try attacks.prepared() else { return nil }
        let approval = try number(box, "SELECT max(id) FROM event WHERE kind = 'competency-approval' AND competency_id IN (SELECT id FROM competency WHERE code = 'I2')")
        try box.must(["revoke", String(approval), "--reason", "fejl"], as: "dr.berg")
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "KARD", "--curriculum", "Kardiologi",
                      "--start", "1.6.2026", "--supervisor", "dr.berg"], as: "dr.lead")
        let key = try number(box, "SELECT id FROM event WHERE kind = 'key-registration' AND payload LIKE 'holder:dr.berg%'")
        try box.must(["key", "revoke", String(key), "--reason", "stjålet"], as: "dr.lead")
        let made = try box.must(["checkpoint"], as: "sek.a")
        let size = try box.lastEvent()
        #expect(made.stdout.hasPrefix("checkpoint 1: \(size) events"), "\(made.stdout)\(made.stderr)")
        try box.must(["export", "--position", "1", "-o", "cut.json"], as: "sek.a")
        return box
    }

    /// Runs a database attack on a copy that keeps the head witness file beside it.
    func attackDatabaseWithWitness(_ box: Sandbox, _ attack: String) throws -> RunResult {
        let copy = box.folder.appendingPathComponent("witnessed-\(attack).sqlite").path
        for suffix in ["", "-head"] {
            try? FileManager.default.removeItem(atPath: copy + suffix)
            try FileManager.default.copyItem(atPath: box.database + suffix, toPath: copy + suffix)
        }
        let forged = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "db", copy, box.keyDirectory, attack])
        #expect(forged.status == 0, "forge.py db \(attack): \(forged.stderr)")
        return try box.run(["verify", "--db", copy], database: false)
    }

    @Test("item 3: deleting a position's last event (a revocation) below the newest checkpoint is caught by `logbook verify`, with the checkpoints removed too")
    func removedLastEvent() throws {
        guard let box = try revokedScenario() else { return }
        defer { box.cleanup() }
        let clean = try box.run(["verify"])
        let size = try box.lastEvent()
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stderr.contains("the newest covers \(size) events"), "\(clean.stderr)")
        // The log's last event is the key revocation; the position's last event (the approval's revocation) lies below it.
        let removed = try attackDatabaseWithWitness(box, "remove_last_event")
        #expect(removed.status == 1, "\(removed.stdout)\(removed.stderr)")
        #expect(removed.stdout.contains("checkpoint 1 (made ")
                && removed.stdout.contains("signs a tree of \(size) events, but the log holds only \(size - 1): committed events were removed"),
                "\(removed.stdout)")
        // The attacker deletes the stored checkpoints as well: the head witness still holds the newest one.
        let both = try attackDatabaseWithWitness(box, "remove_last_event_and_checkpoints")
        #expect(both.status == 1, "\(both.stdout)\(both.stderr)")
        #expect(both.stdout.contains("the head witness holds a checkpoint of \(size) events, but the newest checkpoint in the database covers 0"),
                "\(both.stdout)")
        #expect(both.stdout.contains("the head witness's checkpoint (made "), "\(both.stdout)")
        // A second checkpoint after more events: consecutive checkpoints are consistent, and the first is still checked.
        try box.must(["grant", "dr.ny", "hovedvejleder", "--department", "KARD", "--from", "2026-06-15"], as: "dr.lead")
        try box.must(["checkpoint"], as: "sek.a")
        let two = try box.run(["verify"])
        #expect(two.status == 0 && two.stdout.isEmpty && two.stderr.contains("the log holds 2 checkpoints"), "\(two.stdout)\(two.stderr)")
        let later = try attackDatabaseWithWitness(box, "remove_last_event")
        #expect(later.status == 1 && later.stdout.contains("the log's first \(size) events do not give the root it signed")
                && later.stdout.contains("checkpoint 2 (made "), "\(later.stdout)")
    }

    @Test("`logbook checkpoint`: only a secretariat with a registered key and its key file; the database unchanged on refusal")
    func checkpointCommand() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        try box.refused(["checkpoint"], status: 1, ["dr.lead is not secretariat on"], as: "dr.lead")
        try box.must(["person", "add", "sek.b", "--name", "Sekretær B"], as: "sek.a")
        try box.must(["grant", "sek.b", "secretariat", "--region", "Syddanmark", "--from", "2026-01-01"], as: "sek.a")
        try box.refused(["checkpoint"], status: 1, ["sek.b has no registered signing key valid today"], as: "sek.b")
        let none = try box.must(["export", "--position", "1", "-o", "none.json"], as: "sek.a")
        #expect(none.stderr.contains("it carries no checkpoint: the log has none yet"), "\(none.stderr)")
        let made = try box.must(["checkpoint"], as: "sek.a")
        #expect(made.stdout.contains("signed by sek.a"), "\(made.stdout)")
        // `export` says where the bundle is cut, and whether a signed statement says its chain is complete there.
        let size = try box.lastEvent()
        let cut = try box.must(["export", "--position", "1", "-o", "cut.json"], as: "sek.a")
        #expect(cut.stderr.contains("cut at checkpoint 1 (\(size) events, made ") && cut.stderr.contains("with sek.a's signed statement"),
                "\(cut.stderr)")
        let unstated = try box.must(["export", "--position", "1", "-o", "unstated.json"], as: "dr.lead")
        #expect(unstated.stderr.contains("cut at checkpoint 1 (\(size) events, made ") && unstated.stderr.contains("without a signed statement"),
                "\(unstated.stderr)")
    }

    @Test("items 1 and 4: a bundle cut at a checkpoint proves its chain complete; the borrowed id, a dropped last event and an old bundle are refused by both verifiers; its checkpoint verifies with tools/c2sp_note.py")
    func completeBundles() throws {
        guard let box = try revokedScenario() else { return }
        defer { box.cleanup() }
        let cut = box.folder.appendingPathComponent("cut.json").path
        let (own, python) = try attacks.verifyBundle(box, cut)
        #expect(own.status == 0 && own.stdout.isEmpty && own.stderr.contains("complete as of "), "\(own.stdout)\(own.stderr)")
        #expect(python.status == 0 && python.stdout.isEmpty && python.stderr.contains("complete as of "), "\(python.stdout)\(python.stderr)")
        // The independent C2SP note verifier, from the spec alone, with the secretariat's public key.
        let publicKey = try String(contentsOfFile: box.keyDirectory + "/sek.a.pub", encoding: .utf8)
            .split(separator: "\n").first { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init) ?? ""
        let note = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.root.appendingPathComponent("tools/c2sp_note.py").path,
                                                       "--bundle", cut, "--key", publicKey])
        let size = try box.lastEvent()
        #expect(note.status == 0 && note.stdout.hasPrefix("logbook/syddanmark \(size) "), "\(note.stdout)\(note.stderr)")
        let other = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.root.appendingPathComponent("tools/c2sp_note.py").path,
                                                        "--bundle", cut, "--key", try box.generateKey("dr.ny")])
        #expect(other.status == 1, "another key must not verify it: \(other.stdout)")

        func attack(_ name: String, _ extra: [String] = []) throws -> (logbook: RunResult, python: RunResult) {
            let out = box.folder.appendingPathComponent("attacked-\(name).json").path
            let forged = try Binary.runTool("/usr/bin/env", ["python3", AttackTests.forge, "bundle", cut, out, box.keyDirectory, name])
            #expect(forged.status == 0, "forge.py bundle \(name): \(forged.stderr)")
            let trust = box.keyDirectory + "/sek.a.pub"
            return (try box.run(["verify", "--bundle", out, "--trust", trust] + extra, database: false),
                    try Binary.runTool("/usr/bin/env", ["python3", AttackTests.python, out, "--trust", trust] + extra))
        }
        // Item 1, the borrowed id: the forged approval is not in the log where it claims.
        let borrowed = try number(box, "SELECT max(id) FROM event WHERE position_id = 1") + 1
        attacks.expectBundleRejected(try attack("borrowed_id"), event: borrowed,
                                     logbook: "does not lead to the root of the checkpoint", python: "does not lead to the checkpoint's root")
        // Item 3 in a bundle: the dropped revocation no longer matches the signed statement.
        for result in [try attack("drop_last").logbook, try attack("drop_last").python] {
            #expect(result.status == 1 && result.stdout.contains("the file: its statement does not match"), "\(result.stdout)\(result.stderr)")
        }
        // Item 4: the names and titles a reader sees are covered by the exporter's signed statement.
        for result in [try attack("renamed_name").logbook, try attack("renamed_name").python] {
            #expect(result.status == 1 && result.stdout.contains("the file: its statement does not match"), "\(result.stdout)\(result.stderr)")
        }
        #expect(try attack("renamed_name").logbook.stdout.contains("the names, titles or end the reader sees were changed"))
        // Stripped of checkpoint, statement and proofs, a bundle proves nothing about completeness: --not-before refuses it.
        for name in ["borrowed_id_unproven", "drop_last_unproven"] {
            let (logbook, python) = try attack(name, ["--not-before", "2026-06-15"])
            #expect(logbook.status == 1 && logbook.stdout.contains("the file: it carries no checkpoint"), "\(name): \(logbook.stdout)")
            #expect(python.status == 1 && python.stdout.contains("the file: it carries no checkpoint"), "\(name): \(python.stdout)")
        }
        // --not-before a day after the checkpoint (made on the real clock): an older bundle.
        for result in [try box.run(["verify", "--bundle", cut, "--trust", box.keyDirectory + "/sek.a.pub", "--not-before", "2099-01-01"], database: false),
                       try Binary.runTool("/usr/bin/env", ["python3", AttackTests.python, cut, "--trust", box.keyDirectory + "/sek.a.pub",
                                                           "--not-before", "2099-01-01"])] {
            #expect(result.status == 1 && result.stdout.contains("before 2099-01-01 (--not-before)"), "\(result.stdout)\(result.stderr)")
        }
    }

    @Test("item 5: rules the CLI refuses and the verifiers now replay, each event signed by its maker's own key — database and bundle, both verifiers")
    func rulesReplayed() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        let id = try attacks.next(box)
        let cases: [(attack: String, logbook: String, python: String)] = [
            ("role_not_held", "records dr.berg acting as uao, a role dr.berg did not hold on", "records dr.berg acting as uao, a role dr.berg did not hold"),
            ("sickness_ahead", "sickness is recorded as it happens, never ahead", "records sickness ending after the day it was recorded"),
            ("absence_before_start", "records absence from", "records absence from before the position's start"),
            ("supervisor_back", "but the hovedvejleder it replaces acted in that role on",
             "assigns a hovedvejleder from before an act the hovedvejleder it replaces made in that role"),
        ]
        for (attack, logbook, python) in cases {
            attacks.expectRejected(try attacks.attackDatabase(box, attack), event: id, logbook, "logbook verify (\(attack))")
            attacks.expectBundleRejected(try attacks.attackBundle(box, attack), event: id, logbook: logbook, python: python)
        }
        // The CLI refuses the same acts (the database unchanged).
        try box.refused(["absence", "add", "--position", "1", "--kind", "sickness", "--from", "2026-06-10", "--to", "2026-06-20"],
                        status: 1, ["is recorded as it happens"], as: "dr.lead")
    }

    @Test("the absence and hovedvejleder rules the use cases enforce, replayed by both verifiers: each forged event signed by its maker's own key — database and bundle")
    func absenceAndSupervisorRules() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        let id = try attacks.next(box)
        // (attack, offset of the rejected event from the first forged one, logbook's words, verify_bundle.py's words)
        let cases: [(attack: String, offset: Int, logbook: String, python: String)] = [
            ("absence_attested", 1, "records absence while the time attestation of 2027-06-10 (event \(id)) stands",
             "records absence while a time attestation stands"),
            ("withdrawal_attested", 2, "withdraws absence while the time attestation of 2027-06-10 (event \(id + 1)) stands",
             "withdraws absence while a time attestation stands"),
            ("absence_overlap", 1, "records absence from 2026-06-24 to 2026-06-24, overlapping absence event \(id)",
             "records absence overlapping a standing absence of the position"),
            ("absence_after_end", 0, "records absence from 2027-07-05, after the position's end 2027-06-30",
             "records absence from after the position's end"),
            ("absence_past_end", 0, "records absence until 2027-07-10, after the position's end 2027-06-30 even with this absence",
             "records absence ending after the position's end, even as extended by the absence"),
            ("absence_too_long", 0, "would move the position's end to", "records absence that moves the position's end more than 6 years after its start"),
            ("supervisor_without_grant", 0, "names dr.dkv hovedvejleder from 2026-06-16, but dr.dkv held no hovedvejleder grant in KARD that day",
             "names a hovedvejleder who held no hovedvejleder grant in the department on the day named"),
            ("supervisor_grant_ended", 1, "names dr.berg hovedvejleder from 2026-06-01, but dr.berg's hovedvejleder grant in KARD had ended by 2026-06-15",
             "names a hovedvejleder whose hovedvejleder grant had ended by the day it was recorded"),
            ("supervisor_after_end", 0, "assigns a hovedvejleder from 2027-08-01, outside the position (2026-03-01 to 2027-06-30)",
             "assigns a hovedvejleder from a day outside the position"),
        ]
        for (attack, offset, logbook, python) in cases {
            attacks.expectRejected(try attacks.attackDatabase(box, attack), event: id + offset, logbook, "logbook verify (\(attack))")
            attacks.expectBundleRejected(try attacks.attackBundle(box, attack), event: id + offset, logbook: logbook, python: python)
        }
        // The lawful first steps of these attacks verify (a time attestation in its window, a holiday, a grant ended).
        for attack in ["time_attested"] {
            let result = try attacks.attackDatabase(box, attack)
            #expect(result.status == 0 && result.stdout.isEmpty, "\(attack): \(result.stdout)\(result.stderr)")
            let (own, python) = try attacks.attackBundle(box, attack)
            #expect(own.status == 0 && python.status == 0, "\(attack): \(own.stdout)\(python.stdout)")
        }
        // The use cases refuse the same acts (the database unchanged).
        try box.must(["absence", "add", "--position", "1", "--kind", "holiday", "--from", "2026-06-20", "--to", "2026-06-24"], as: "dr.lead")
        try box.refused(["absence", "add", "--position", "1", "--kind", "care-day", "--from", "2026-06-24", "--to", "2026-06-24"],
                        status: 1, ["overlaps"], as: "dr.lead")
        try box.refused(["absence", "add", "--position", "1", "--kind", "holiday", "--from", "2027-07-05", "--to", "2027-07-06"],
                        status: 1, ["2027"], as: "dr.lead")
        try box.refused(["position", "supervisor", "--position", "1", "dr.dkv", "--from", "2026-06-16"], status: 1, ["dr.dkv"], as: "dr.lead")
        let clean = try box.run(["verify"])
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean.stdout)\(clean.stderr)")
    }

    @Test("item 4: a competency's title changed with a plain UPDATE is reported by `logbook verify`")
    func retitled() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        let result = try attacks.attackDatabase(box, "retitled")
        #expect(result.status == 1 && result.stdout.contains("was changed after its import: its text (titles and all) no longer gives the content hash"),
                "\(result.stdout)\(result.stderr)")
    }

    @Test("item 4: a person's name changed with a plain UPDATE is reported by `logbook verify` against the log's signed name")
    func renamedPerson() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        let named = try number(box, "SELECT max(id) FROM event WHERE kind = 'person-name' AND payload LIKE 'handle:dr.ung' || char(10) || '%'")
        let result = try attacks.attackDatabase(box, "renamed_person")
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("dr.ung: the name shown beside their acts, \"Anne Anden\", is not the name the log gives them")
                && result.stdout.contains("(event \(named))"), "\(result.stdout)")
        let department = try attacks.attackDatabase(box, "renamed_department")
        #expect(department.status == 1 && department.stdout.contains("department KARD: the name shown, \"Anden afdeling\", is not the name the log gives it"),
                "\(department.stdout)\(department.stderr)")
        // A correction through the program is a new name in the log, and the database holds again.
        try box.must(["person", "correct", "dr.ung", "--name", "Anne Anden", "--reason", "navneskift"], as: "sek.a")
        let corrected = try box.run(["verify"])
        #expect(corrected.status == 0 && corrected.stdout.isEmpty, "\(corrected.stdout)\(corrected.stderr)")
    }

    @Test("item 4: names in the log — a name given by someone who may not add people, or one claimed as migrated after new names, is refused by every verifier; a bundle's trainee_name is held to the log's name without its statement")
    func namesInTheLog() throws {
        guard let box = try attacks.prepared() else { return }
        defer { box.cleanup() }
        let id = try attacks.next(box)
        let cases: [(attack: String, logbook: String, python: String)] = [
            ("named_by_anyone", "its maker was not allowed", "its maker was not allowed to name people"),
            ("migrated_name_late", "is recorded as migrated, but only facts", "is recorded as migrated, but only facts"),
        ]
        for (attack, logbook, python) in cases {
            attacks.expectRejected(try attacks.attackDatabase(box, attack), event: id, logbook, "logbook verify (\(attack))")
            attacks.expectBundleRejected(try attacks.attackBundle(box, attack), event: id, logbook: logbook, python: python)
        }
        // Stripped of checkpoint and statement, the renamed trainee is still caught: by the log's own name for them.
        let (logbook, python) = try attacks.attackBundle(box, "renamed_unproven")
        #expect(logbook.status == 1 && logbook.stdout.contains("the bundle's position says trainee_name \"Anne Anden\", but the log names the trainee"),
                "\(logbook.stdout)\(logbook.stderr)")
        #expect(python.status == 1 && python.stdout.contains("the bundle's position says trainee_name 'Anne Anden', but the log names the trainee"),
                "\(python.stdout)\(python.stderr)")
        let renamed = try attacks.attackBundle(box, "renamed_department_unproven")
        #expect(renamed.logbook.status == 1 && renamed.logbook.stdout.contains("the bundle's position says department_name \"Anden afdeling\", but the log names the department"),
                "\(renamed.logbook.stdout)\(renamed.logbook.stderr)")
        #expect(renamed.python.status == 1 && renamed.python.stdout.contains("the bundle's position says department_name 'Anden afdeling', but the log names the department"),
                "\(renamed.python.stdout)\(renamed.python.stderr)")
    }
}

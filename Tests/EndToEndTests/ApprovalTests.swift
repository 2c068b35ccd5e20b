import Foundation
import Testing

@Suite("Approvals, attestations, statements, revocations, eligibility and verify")
struct ApprovalTests {
    /// The department of `setUpDepartment`, dr.ung's 3/4-time position 1 (2026-03-01 to 2027-06-30).
    func started() throws -> Sandbox {
        let box = try Sandbox()
        try box.setUpDepartment()
        try box.startPosition()
        return box
    }

    @Test("a whole intro: assessments, approvals, course, time and element, with eligibility before and after")
    func wholeIntro() throws {
        let box = try started()
        defer { box.cleanup() }
        let notYet = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi"])
        #expect(notYet.status == 1)
        // Lines wrap at 80 columns (issue 28): the sentence is read with its line breaks undone.
        let notYetText = notYet.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(notYetText.contains("dr.ung may not apply") && notYetText.contains("neither an element attestation nor an advance statement"))
        try box.must(["record", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-06-01"], as: "dr.ung")

        // The trainee never approves; a clinical supervisor only with delegation.
        try box.refused(["approve", "--position", "1", "I1"], status: 1, ["dr.ung is the trainee of position 1"], as: "dr.ung")
        try box.refused(["approve", "--position", "1", "I2"], status: 1, ["dr.dkv is not main supervisor", "position 1 on 2026-06-15"],
                        as: "dr.dkv")

        let approved = try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10", "--comment", "fin EKG-tolkning"],
                                    as: "dr.berg")
        let first = try box.lastEvent()  // grants, the position and its assignment came first (issue 11)
        #expect(approved.stdout.contains("approved I1 for position 1 on 2026-06-10 by Bo Berg (main supervisor) (event \(first))"))
        try box.refused(["approve", "--position", "1", "I1"], status: 1, ["I1 is already approved: on 2026-06-10 by dr.berg (event \(first))"],
                        as: "dr.berg")

        try box.must(["grant", "dr.dkv", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        try box.must(["approve", "--position", "1", "I2"], as: "dr.dkv")

        let early = try box.refused(["attest", "element", "--position", "1"], status: 1,
                                    ["cannot be attested yet", "course not approved: Kursus i klinisk vejledning", "time not attested"],
                                    as: "dr.lead")
        #expect(!early.stderr.contains("competencies not approved"))
        try box.refused(["attest", "time", "--position", "1"], status: 1, ["can be attested from 2027-06-01"], as: "dr.lead")
        try box.must(["approve", "--position", "1", "--course", "kursus i klinisk vejledning", "--date", "2026-05-20"], as: "dr.berg")

        box.environment["LOGBOOK_TODAY"] = "2027-06-01"
        try box.refused(["attest", "time", "--position", "1"], status: 1, ["dr.berg is not UAO"], as: "dr.berg")
        try box.must(["attest", "time", "--position", "1"], as: "dr.lead")
        let element = try box.must(["attest", "element", "--position", "1"], as: "dr.lead")
        #expect(element.stdout.contains("an approved intro position"))

        let may = try box.must(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi"])
        #expect(may.stdout.contains("may apply") && may.stdout.contains("may start"))
        let group = try box.must(["eligibility", "--trainee", "dr.ung", "--specialty", "nefrologi"])
        #expect(group.stdout.contains("same specialty group"))
        let before = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi", "--on", "2027-05-31"])
        #expect(before.status == 1, "the attestation did not exist yet on 2027-05-31")

        let verify = try box.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.isEmpty && Sandbox.onlyUnsignedNote(verify.stderr), "\(verify.stdout)\(verify.stderr)")
        #expect(try box.sql("PRAGMA integrity_check; PRAGMA foreign_key_check;").trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("the element cannot be attested with one competency missing, and can be the moment the last one is approved")
    func lastCompetency() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-06-01"], as: "dr.berg")
        box.environment["LOGBOOK_TODAY"] = "2027-06-10"
        try box.must(["attest", "time", "--position", "1"], as: "dr.lead")
        try box.refused(["attest", "element", "--position", "1"], status: 1, ["competencies not approved: I2"], as: "dr.lead")
        try box.must(["approve", "--position", "1", "I2"], as: "dr.berg")
        try box.must(["attest", "element", "--position", "1"], as: "dr.lead")
    }

    @Test("several codes are approved together, all or none")
    func allOrNone() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.refused(["approve", "--position", "1", "I1", "I99"], status: 1, ["no competency \"I99\" in Kardiologi 2022"], as: "dr.berg")
        try box.refused(["approve", "--position", "1", "I1", "X9"], status: 1, ["\"X9\" is in Kardiologi 2018", "pinned to Kardiologi 2022"],
                        as: "dr.berg")
        let both = try box.must(["approve", "--position", "1", "I1", "I2"], as: "dr.berg")
        #expect(both.stdout.contains("approved I1") && both.stdout.contains("approved I2"))
    }

    @Test("dates: not in the future, not before the start")
    func approvalDates() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.refused(["approve", "--position", "1", "I1", "--date", "2026-07-01"], status: 1, ["in the future"], as: "dr.berg")
        try box.refused(["approve", "--position", "1", "I1", "--date", "2026-02-01"], status: 1, ["outside position 1"], as: "dr.berg")
        try box.refused(["approve", "--position", "1", "I1", "--date", "31.2.2026"], status: 64, ["'--date'"], as: "dr.berg")
    }

    @Test("a delegation that ended yesterday no longer lets a clinical supervisor approve")
    func endedDelegation() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.must(["grant", "dr.dkv", "clinical-supervisor", "--department", "KARD", "--may-approve", "--from", "2026-05-01",
                      "--until", "2026-06-14"], as: "dr.lead")
        try box.refused(["approve", "--position", "1", "I1"], status: 1, ["dr.dkv is not", "clinical supervisor with delegation"],
                        as: "dr.dkv")
        // Back-dating to a day the delegation stood does not help: the grant must also stand on the day of acting.
        try box.refused(["approve", "--position", "1", "I1", "--date", "2026-06-10"], status: 1, ["dr.dkv is not", "on 2026-06-15"],
                        as: "dr.dkv")
        try box.must(["grant", "dr.dkv", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        let approved = try box.must(["approve", "--position", "1", "I1"], as: "dr.dkv")
        #expect(approved.stdout.contains("by Dorte Klinisk (clinical supervisor)"))
    }

    @Test("revocation keeps the original; approvals cannot be revoked under a standing element attestation; re-approval is new")
    func revocation() throws {
        let box = try started()
        defer { box.cleanup() }
        // Grants, the position and its assignment are events too (issue 11): the acts below are base+1, base+2, …
        let base = try box.lastEvent()
        let (i1, element) = (base + 1, base + 5)
        try box.must(["approve", "--position", "1", "I1", "I2"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-06-01"], as: "dr.berg")
        box.environment["LOGBOOK_TODAY"] = "2027-06-10"
        try box.must(["attest", "time", "--position", "1"], as: "dr.lead")
        try box.must(["attest", "element", "--position", "1"], as: "dr.lead")  // event base+5
        try box.refused(["revoke", "\(i1)", "--reason", "fejl"], status: 1,
                        ["cannot be revoked while the element attestation stands", "event \(element)"], as: "dr.berg")
        try box.refused(["revoke", "\(element)"], status: 64, ["--reason"], as: "dr.lead")
        try box.refused(["revoke", "\(element)", "--reason", "  "], status: 64, ["'--reason'"], as: "dr.lead")
        try box.refused(["revoke", "\(element)", "--reason", "x"], status: 1, ["neither made the event nor is UAO"], as: "dr.dkv")
        let stranger = try box.refused(["revoke", "\(i1)", "--reason", "x"], status: 1, ["neither made the event nor is UAO"], as: "dr.dkv")
        #expect(!stranger.stderr.contains("element attestation"), "who may act is checked before the rules of the position")
        try box.refused(["revoke", "77", "--reason", "x"], status: 1, ["no event 77"], as: "dr.lead")
        try box.must(["revoke", "\(element)", "--reason", "forkert dato"], as: "dr.lead")  // event base+6
        try box.refused(["revoke", "\(element)", "--reason", "igen"], status: 1, ["already revoked", "dr.lead", "forkert dato"], as: "dr.lead")
        try box.must(["revoke", "\(i1)", "--reason", "vurderet for tidligt"], as: "dr.berg")  // event base+7 by its maker
        let history = try box.must(["history", "--position", "1", "--format", "csv"])
        let lines = history.stdout.unixLines.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.count > 1 && lines[1].contains("approved I1") && lines[1].contains("by Bo Berg on 2027-06-10 (event \(base + 7)): vurderet for tidligt"))
        #expect(lines.count == 8 && lines[7].contains("revokes event \(i1)"))
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")  // a new event base+8
        let json = try box.must(["history", "--position", "1", "--format", "json"])
        #expect(json.stdout.contains("\"event\": \(base + 8)"))
        #expect(try box.run(["verify"]).status == 0)
    }

    @Test("a grant or a hovedvejleder assignment cannot be ended back to before an act that rested on it")
    func noBackdatedEnds() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.must(["approve", "--position", "1", "I1", "--date", "2026-06-10"], as: "dr.berg")
        let approval = try box.lastEvent()
        let grant = try box.sql("SELECT g.id FROM role_grant g JOIN person p ON p.id = g.person_id WHERE p.handle = 'dr.berg'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try box.refused(["grant", "end", grant, "--on", "2026-06-01"], status: 1,
                        ["dr.berg acted as main supervisor on 2026-06-10 (event \(approval))", "end it on 2026-06-10 or later"], as: "dr.lead")
        try box.must(["person", "add", "dr.ny2", "--name", "Nina Ny"], as: "sek.a")
        try box.must(["grant", "dr.ny2", "hovedvejleder", "--department", "KARD", "--from", "2026-01-01"], as: "dr.lead")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny2", "--from", "2026-06-01"], status: 1,
                        ["acted on position 1 on 2026-06-10", "from 2026-06-11 at the earliest"], as: "dr.lead")
        try box.must(["position", "supervisor", "--position", "1", "dr.ny2", "--from", "2026-06-11"], as: "dr.lead")
        try box.must(["grant", "end", grant, "--on", "2026-06-12"], as: "dr.lead")
        #expect(try box.run(["verify"]).status == 0)
    }

    @Test("a forhåndsudtalelse lets the trainee apply but not start; only the UAO/tutor gives it")
    func statement() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.refused(["statement", "--position", "1"], status: 1, ["dr.berg is not UAO"], as: "dr.berg")
        try box.must(["statement", "--position", "1"], as: "dr.lead")
        try box.refused(["statement", "--position", "1"], status: 1, ["already stands"], as: "dr.lead")
        let answer = try box.must(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi"])
        #expect(answer.stdout.contains("dr.ung may apply"))
        #expect(answer.stdout.contains("dr.ung may not start"))
        #expect(answer.stdout.contains("advance statement"))
        let afterEnd = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi", "--on", "2027-07-01"])
        #expect(afterEnd.status == 1, "a statement counts only while the intro is ongoing")
        // A specialty no målbeskrivelse names is an answer, not a usage error: may not apply (exit 1), with the reason.
        let typo = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiolgi"])
        #expect(typo.status == 1)
        #expect(typo.stdout.contains("dr.ung may not apply for main specialist training in Kardiolgi"))
        #expect(typo.stdout.replacingOccurrences(of: "\n  ", with: " ").contains("no curriculum for a specialty \"Kardiolgi\" is imported (did you mean \"Kardiologi\"?)"))
        let unknown = try box.run(["eligibility", "--trainee", "dr.ung", "--specialty", "Oftalmologi", "--format", "json"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("\"code\": \"unknown_specialty\""))
        // JSON answers applying and starting separately, each with its reason.
        let json = try box.must(["eligibility", "--trainee", "dr.ung", "--specialty", "Kardiologi", "--format", "json"])
        #expect(json.stdout.contains("\"may_apply\": true") && json.stdout.contains("\"may_start\": false"))
        #expect(json.stdout.contains("\"code\": \"statement\"") && json.stdout.contains("\"code\": \"needs_element_attestation\""))
        try box.refused(["eligibility", "--trainee", "dr.unk", "--specialty", "Kardiologi"], status: 64, ["no person \"dr.unk\""])
    }

    @Test("a tutor attests a general-practice element, a UAO does not; a UAO attests a hospital one, a tutor does not")
    func tutorAndUAO() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.seedCurriculum(specialty: "Almen medicin", version: "2023", validFrom: "2023-01-01",
                               competencies: [SeedCompetency(code: "AM1", title: "Konsultation", methods: [2])])
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "LAEGE", "--curriculum", "Almen medicin",
                      "--start", "2026-01-01", "--kbu-general-practice"], as: "dr.tutor")  // position 2, ends 2026-06-30
        try box.must(["approve", "--position", "2", "AM1"], as: "dr.tutor")
        try box.must(["approve", "--position", "2", "--course", "Kursus i klinisk vejledning", "--date", "2026-03-01"], as: "dr.tutor")
        try box.refused(["attest", "time", "--position", "2"], status: 1, ["dr.lead is not tutor for position 2"], as: "dr.lead")
        try box.must(["attest", "time", "--position", "2"], as: "dr.tutor")
        try box.refused(["attest", "element", "--position", "2"], status: 1, ["dr.lead is not tutor"], as: "dr.lead")
        try box.must(["attest", "element", "--position", "2"], as: "dr.tutor")
        try box.refused(["attest", "element", "--position", "1"], status: 1, ["dr.tutor is not UAO for position 1"], as: "dr.tutor")
    }

    /// `{2}` and `{3}` stand for the second and third act after the setup (I2's approval, the course approval): grants,
    /// the position and its assignment are events too (issue 11), so their ids depend on the setup.
    @Test("verify names the first event that was changed, removed or reordered with the sqlite3 shell", arguments: [
        ("UPDATE event SET text = 'forged' WHERE id = {2}", "event {2}: was changed"),
        ("UPDATE event SET effective_on = '2026-05-01' WHERE id = {3}", "event {3}: was changed"),
        ("DELETE FROM event WHERE id = {2}", "event {3}: follows an event that is missing"),
        ("UPDATE event SET id = 99 WHERE id = {2}; UPDATE event SET id = {2} WHERE id = {3}; UPDATE event SET id = {3} WHERE id = 99;",
         "event {2}: was changed"),
    ])
    func tampering(statement template: String, expected expectedTemplate: String) throws {
        let box = try started()
        defer { box.cleanup() }
        let base = try box.lastEvent()
        func filled(_ text: String) -> String {
            text.replacingOccurrences(of: "{2}", with: "\(base + 2)").replacingOccurrences(of: "{3}", with: "\(base + 3)")
        }
        let (statement, expected) = (filled(template), filled(expectedTemplate))
        try box.must(["approve", "--position", "1", "I1", "I2"], as: "dr.berg")
        try box.must(["approve", "--position", "1", "--course", "Kursus i klinisk vejledning", "--date", "2026-06-01"], as: "dr.berg")
        try box.must(["statement", "--position", "1"], as: "dr.lead")
        #expect(try box.run(["verify"]).status == 0)
        let refusedUpdate = try Binary.runTool("/usr/bin/sqlite3", [box.database, statement])
        #expect(refusedUpdate.stderr.contains("permanent history"), "the triggers must refuse it first")
        let tampered = try Binary.runTool("/usr/bin/sqlite3", [box.database, "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete; " + statement])
        #expect(tampered.status == 0, "\(tampered.stderr)")
        let verify = try box.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.split(separator: "\n").first.map { $0.hasPrefix(expected) } == true, "\(verify.stdout)")
    }

    @Test("verify finds an approval inserted behind the program's back by someone without the grant")
    func forgedInsert() throws {
        let box = try started()
        defer { box.cleanup() }
        try box.must(["approve", "--position", "1", "I1"], as: "dr.berg")
        // A trainee with write access forges an approval of I2 in their own name, with a correct hash chain.
        try box.must(["grant", "dr.ung", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        let forged = try box.lastEvent() + 1
        _ = try box.sql("""
            INSERT INTO event (id, kind, position_id, competency_id, effective_on, recorded_at, actor_id, actor_role, text, prev_hash, hash)
            SELECT \(forged), 'competency-approval', 1, c.id, '2026-06-15', '2026-06-15T10:00:00.000Z', p.id, 'clinical-supervisor', '',
                   (SELECT hash FROM event WHERE position_id = 1 ORDER BY id DESC LIMIT 1), 'bogus'
            FROM competency c, person p WHERE c.code = 'I2' AND p.handle = 'dr.ung'
            """)
        let verify = try box.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("event \(forged): was changed"), "\(verify.stdout)")
        #expect(verify.stdout.contains("event \(forged): its maker was not allowed: dr.ung is the trainee of position 1"), "\(verify.stdout)")
    }
}

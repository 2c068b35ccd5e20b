import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookStore
import Testing

/// What a reader sees beside signed acts, held to the log (issue 29, item 4; rule R-SHOWN): people's names are
/// `person-name` facts, and a binding pins its målbeskrivelse's content hash.
@Suite("Names and målbeskrivelser in the log: verify holds what is shown to what was signed")
struct NamesInTheLogTests {
    /// The newest `person-name` payloads of the log, by handle.
    static func loggedNames(_ db: TestDatabase) throws -> [String: String] {
        var names: [String: String] = [:]
        for event in try EventRepository(db.store).chain(positionID: nil) where event.kind == .personName {
            let payload = try #require(PersonNamePayload(text: event.content.payload))
            names[payload.handle] = payload.name
        }
        return names
    }

    @Test("everyone added is named in the log (the bootstrap secretariat by the bootstrap grant), a correction too; verify is silent")
    func everyoneNamed() throws {
        let (db, _) = try TestDatabase.started()
        let people = try PersonRepository(db.store).all()
        #expect(try Self.loggedNames(db) == Dictionary(uniqueKeysWithValues: people.map { ($0.handle, $0.name) }))
        _ = try People.correct(db.as("sek.a"), handle: "dr.ung", corrections: [.name("Ulla Ung-Hansen")], reason: "gift")
        #expect(try Self.loggedNames(db)["dr.ung"] == "Ulla Ung-Hansen")
        let newest = try #require(try EventRepository(db.store).chain(positionID: nil).last)
        #expect(newest.kind == .personName && newest.content.text == "gift" && newest.content.actor == "sek.a")
        // Only the e-mail of oneself: no name in the log.
        let before = try EventRepository(db.store).chain(positionID: nil).count
        _ = try People.correct(db.as("dr.ung"), handle: "dr.ung", corrections: [.email("ulla@example.org")], reason: nil)
        #expect(try EventRepository(db.store).chain(positionID: nil).count == before)
        let outcome = try Verification.outcome(db.as(nil))
        #expect(outcome.problems.isEmpty && outcome.shown.isEmpty, "\(outcome.problems) \(outcome.shown)")
    }

    @Test("a name changed behind the log's back, and a person added behind it, are reported")
    func renamedBehindTheLog() throws {
        let (db, _) = try TestDatabase.started()
        try db.store.connection.execute("UPDATE person SET name = 'Anne Anden' WHERE handle = 'dr.ung'")
        try db.store.connection.execute("DROP TRIGGER IF EXISTS department_no_update")
        try db.store.connection.execute("UPDATE department SET name = 'Anden afdeling' WHERE code = 'KARD'")
        try db.store.connection.execute(
            "INSERT INTO person (handle, name, created_at) VALUES ('dr.skjult', 'Skjult Person', '2026-06-15T08:00:00.000Z')")
        let shown = try Verification.outcome(db.as(nil)).shown
        #expect(shown.count == 3, "\(shown)")
        #expect(shown.contains { if case .departmentNameDiffers("KARD", "Anden afdeling", "Kardiologisk afdeling", _) = $0 { true } else { false } },
                "\(shown)")
        #expect(shown.contains { if case .nameDiffers("dr.ung", "Anne Anden", "Ulla Ung", _) = $0 { true } else { false } }, "\(shown)")
        #expect(shown.contains(.unnamed(handle: "dr.skjult", shown: "Skjult Person")), "\(shown)")
        #expect(shown.map { Texts(.da).shownProblem($0) }.contains { $0.contains("dr.ung: navnet") && $0.contains("\"Anne Anden\"") })
    }

    @Test("a binding pins the målbeskrivelse's content; a title rewritten with its import hash is still caught by the signed one")
    func contentPinned() throws {
        let (db, id) = try TestDatabase.started()
        let binding = try #require(try EventRepository(db.store).events(positionID: id).first { $0.kind == .position })
        let payload = try #require(PositionBindingPayload(text: binding.content.payload))
        let curricula = CurriculumRepository(db.store)
        let stored = try #require(try curricula.all().first { $0.version == "2022" })
        let recomputed = try curricula.load(stored).contentHash
        #expect(payload.content == stored.contentHash && payload.content == recomputed)
        // The attacker changes a title and writes the new text's hash as the import hash too.
        try db.store.connection.execute("DROP TRIGGER IF EXISTS competency_no_update")
        try db.store.connection.execute("UPDATE competency SET title = 'Noget helt andet' WHERE code = 'I1'")
        let rehashed = try curricula.load(stored).contentHash
        try db.store.connection.execute("DROP TRIGGER IF EXISTS curriculum_no_update")
        try db.store.connection.run("UPDATE curriculum SET content_hash = ? WHERE id = ?", rehashed, stored.id)
        #expect(try Verification.changedCurricula(db.as(nil)).isEmpty, "the import hash alone no longer sees it")
        let shown = try Verification.outcome(db.as(nil)).shown
        #expect(shown == [.contentDiffers(specialty: "Kardiologi", version: "2022", event: binding.id)], "\(shown)")
    }
}

import Testing
import LogbookDomain
import SQLite
@testable import LogbookStore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// A store with one department, three people, a Kardiologi 2022 målbeskrivelse and one part-time position.
private func seeded() throws -> (Store, positionID: Int64) {
    let store = try Store(path: ":memory:")
    let id = try store.write { () throws -> Int64 in
        let people = PersonRepository(store)
        let sek = try people.insert(handle: "sek.a", name: "Sek", authorisationID: nil, createdAt: "t", createdBy: nil)
        let trainee = try people.insert(handle: "dr.ung", name: "Ung", authorisationID: "ABC12", createdAt: "t", createdBy: sek)
        let berg = try people.insert(handle: "dr.berg", name: "Berg", authorisationID: nil, createdAt: "t", createdBy: sek)
        let department = try DepartmentRepository(store).insert(code: "KARD", name: "Kardiologi", kind: .hospital,
                                                                region: "Syddanmark", createdAt: "t", createdBy: sek)
        let curriculum = Curriculum(
            specialty: "Kardiologi", level: .intro, version: "2022", validFrom: day("2022-01-01"),
            competencies: [Competency(code: "I1", sortOrder: 1, title: "EKG", roles: [.communicator], methods: [.miniCEX])],
            courses: [clinicalSupervisionCourse])
        let curriculumID = try CurriculumRepository(store).insert(curriculum, contentHash: "h", importedAt: "t", importedBy: nil)
        let positions = PositionRepository(store)
        let id = try positions.insert(traineeID: trainee, departmentID: department, curriculumID: curriculumID, programID: nil,
                                      start: day("2026-03-01"), partTime: PartTime(numerator: 3, denominator: 4)!,
                                      kbuGeneralPractice: false, startedBy: sek, recordedAt: "t")
        try positions.assignSupervisor(positionID: id, personID: berg, from: day("2026-03-01"), assignedBy: sek, recordedAt: "t")
        return id
    }
    return (store, id)
}

@Suite("PositionRepository and PersonRepository")
struct PositionRepositoryTests {
    @Test("position facts compute the schedule from the stored terms and absences")
    func factsSchedule() throws {
        let (store, id) = try seeded()
        let positions = PositionRepository(store)
        #expect(try PositionLoader(store).facts(id: id)?.schedule.plannedEnd == day("2027-06-30"))
        let trainee = try PersonRepository(store).find(handle: "dr.ung")!
        try store.write {
            _ = try positions.insertAbsence(positionID: id, period: AbsencePeriod(kind: .sickness, from: day("2026-04-01"), to: day("2026-05-19"))!,
                                            note: "", recordedBy: trainee.id, recordedAt: "t")
        }
        let facts = try #require(try PositionLoader(store).facts(id: id))
        #expect(facts.schedule.countedAbsenceDays == 49)
        #expect(facts.schedule.end == day("2027-08-31"))
        #expect(facts.supervisorHandle(on: day("2026-06-01")) == "dr.berg")
        #expect(facts.access.traineeID == trainee.id)
        #expect(try positions.records(.trainee(trainee.id)).map(\.id) == [id])
        #expect(try PositionLoader(store).facts(id: 999) == nil)
    }

    @Test("an ended grant counts through its end day; the grant row itself is never changed")
    func grantEnd() throws {
        let (store, _) = try seeded()
        let people = PersonRepository(store)
        let berg = try people.find(handle: "dr.berg")!
        let grantID = try store.write {
            try people.insert(Grant(personID: berg.id, role: .supervisor, scope: .department(1), validFrom: day("2026-01-01")),
                              grantedBy: nil, recordedAt: "t")
        }
        #expect(try people.hasNoGrants() == false)
        try store.write { try people.end(grantID: grantID, endsOn: day("2026-06-30"), endedBy: berg.id, recordedAt: "t") }
        let stored = try #require(try people.grant(id: grantID))
        #expect(stored.endedOn == day("2026-06-30"))
        #expect(stored.grant.isValid(on: day("2026-06-30")))
        #expect(!stored.grant.isValid(on: day("2026-07-01")))
        // Refused by the append-only trigger, with its words (not any failure of the statement).
        let refused = #expect(throws: SQLiteError.self) { try store.connection.run("UPDATE role_grant SET valid_until = '2030-01-01'") }
        #expect(refused?.message.contains("grants are permanent history") == true, "\(String(describing: refused))")
    }

    @Test("assessments list corrections and what they supersede")
    func corrections() throws {
        let (store, id) = try seeded()
        let positions = PositionRepository(store)
        let competency = try #require(try CurriculumRepository(store).competency(curriculumID: 1, code: "I1"))
        let first = try store.write {
            try positions.insertAssessment(positionID: id, competencyID: competency.id, method: .known(.miniCEX), assessedOn: day("2026-04-01"),
                                           assessorID: nil, note: "", correctsID: nil, recordedBy: 2, recordedAt: "t")
        }
        let second = try store.write {
            try positions.insertAssessment(positionID: id, competencyID: competency.id, method: .other("Simulation"),
                                           assessedOn: day("2026-04-02"), assessorID: 3, note: "n", correctsID: first, recordedBy: 2,
                                           recordedAt: "t")
        }
        let entries = try positions.assessments(positionID: id)
        #expect(entries.map(\.supersededBy) == [second, nil])
        #expect(entries.map(\.methodText) == ["Mini-CEX", "Simulation"])
        #expect(entries[1].assessor == "dr.berg")
        #expect(try positions.assessmentInfo(id: first)?.correctedBy == second)
        #expect(try positions.counts(positionID: id) == (2, 0) ? true : false)
    }
}

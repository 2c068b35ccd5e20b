import Foundation
import Testing
import LogbookDomain
import LogbookFormats
import SQLite
@testable import LogbookStore

/// A målbeskrivelse with three competencies and two courses, for repository tests.
func sampleCurriculum(version: String = "2022", validFrom: String = "2022-09-01") -> Curriculum {
    Curriculum(
        specialty: "Kardiologi", level: .intro, version: version, validFrom: CalendarDate(iso: validFrom)!, title: "Målbeskrivelse",
        competencies: [
            Competency(code: "I1", sortOrder: 1, title: "EKG", concretisation: "Tolke\nEKG", learningStrategies: "Konference",
                       roles: [.medicalExpert], methods: [.miniCEX, .competencyCard]),
            Competency(code: "I2", sortOrder: 2, title: "Samtale med pårørende", roles: [.communicator, .professional],
                       methods: [.directObservation]),
            Competency(code: "K-12", sortOrder: 3, title: "Ledelse", roles: [.leader], methods: [.structuredInterview]),
        ],
        courses: [clinicalSupervisionCourse, "Akut kardiologi"])
}

@Suite("CurriculumRepository and ProgramRepository")
struct ProgramRepositoryTests {
    func storeWithCurriculum() throws -> (Store, Int64) {
        let store = try Store(path: ":memory:")
        let id = try store.write {
            try CurriculumRepository(store).insert(sampleCurriculum(), contentHash: sampleCurriculum().contentHash,
                                                   importedAt: "2026-01-01T00:00:00.000Z", importedBy: nil)
        }
        return (store, id)
    }

    @Test("a målbeskrivelse round-trips: load gives back the value that was inserted")
    func curriculumRoundTrip() throws {
        let (store, id) = try storeWithCurriculum()
        let repository = CurriculumRepository(store)
        let stored = try #require(try repository.curriculum(id: id))
        #expect(stored.contentHash == sampleCurriculum().contentHash)
        #expect(try repository.load(stored) == sampleCurriculum())
        #expect(try repository.counts(curriculumID: id) == (3, 2))
        #expect(try repository.specialtyNamesWithCurricula() == ["Kardiologi"])
        #expect(try repository.specialtyName(id: stored.specialtyID) == "Kardiologi")
    }

    @Test("a second copy of the same specialty, level and version is refused by the database")
    func uniqueVersion() throws {
        let (store, _) = try storeWithCurriculum()
        #expect(throws: SQLiteError.self) {
            try store.write {
                _ = try CurriculumRepository(store).insert(sampleCurriculum(), contentHash: "x", importedAt: "t", importedBy: nil)
            }
        }
        _ = try store.write {
            try CurriculumRepository(store).insert(sampleCurriculum(version: "2025", validFrom: "2025-01-01"), contentHash: "y",
                                                   importedAt: "t", importedBy: nil)
        }
        let specialtyID = try #require(try CurriculumRepository(store).specialtyID(named: "KARDIOLOGI"))
        #expect(try CurriculumRepository(store).versions(specialtyID: specialtyID).map(\.version) == ["2025", "2022"])
    }

    @Test("a programme round-trips with competency, course and meeting items in order; checks stay clean")
    func programRoundTrip() throws {
        let (store, curriculumID) = try storeWithCurriculum()
        let curricula = CurriculumRepository(store)
        let competencies = try curricula.competencies(curriculumID: curriculumID)
        let courses = try curricula.courses(curriculumID: curriculumID)
        let program = Program(
            department: "OUH-KAR", specialty: "Kardiologi", curriculumVersion: "2022", title: "Program", version: "2024-1",
            approvedOn: CalendarDate(iso: "2024-01-15"),
            items: [
                ProgramItem(subject: .meeting(.introduction), dueMonth: 0, note: "første uge"),
                ProgramItem(subject: .competency(code: "K-12"), dueMonth: 3, method: .structuredInterview),
                ProgramItem(subject: .course(name: "Akut kardiologi"), dueMonth: 6),
                ProgramItem(subject: .meeting(.final), dueMonth: 12),
            ])
        let programID = try store.write {
            let departmentID = try DepartmentRepository(store).insert(code: "OUH-KAR", name: "Kardiologi, OUH", kind: .hospital,
                                                                      region: "Syddanmark", createdAt: "t", createdBy: nil)
            return try ProgramRepository(store).insert(
                program, departmentID: departmentID, curriculumID: curriculumID,
                items: [NewProgramItem(item: program.items[0]),
                        NewProgramItem(item: program.items[1], competencyID: competencies.first { $0.code == "K-12" }!.id),
                        NewProgramItem(item: program.items[2], courseID: courses.first { $0.name == "Akut kardiologi" }!.id),
                        NewProgramItem(item: program.items[3])],
                contentHash: program.contentHash, importedAt: "t", importedBy: nil)
        }
        let programs = ProgramRepository(store)
        let stored = try #require(try programs.program(id: programID))
        #expect(stored.departmentCode == "OUH-KAR")
        #expect(stored.specialty == "Kardiologi")
        #expect(stored.itemCount == 4)
        #expect(try programs.load(stored) == program)
        #expect(try programs.items(programID: programID).map(\.title) == ["", "Ledelse", "Akut kardiologi", ""])
        #expect(try programs.find(departmentID: stored.departmentID, curriculumID: curriculumID, version: "2024-1")?.id == programID)
        #expect(try programs.find(departmentID: stored.departmentID, curriculumID: curriculumID, version: "2024-2") == nil)
        #expect(try programs.programs(departmentID: stored.departmentID).map(\.id) == [programID])
        #expect(try programs.all().count == 1)
        #expect(try store.connection.query("PRAGMA integrity_check").map { $0.string(0) } == ["ok"])
        #expect(try store.connection.query("PRAGMA foreign_key_check").isEmpty)
    }

    @Test("an item pointing at no competency is refused by the database")
    func itemNeedsCompetency() throws {
        let (store, curriculumID) = try storeWithCurriculum()
        #expect(throws: SQLiteError.self) {
            try store.write {
                let departmentID = try DepartmentRepository(store).insert(code: "D", name: "D", kind: .hospital, region: "R",
                                                                          createdAt: "t", createdBy: nil)
                let program = Program(department: "D", specialty: "Kardiologi", curriculumVersion: "2022", title: "P", version: "1",
                                      items: [ProgramItem(subject: .competency(code: "I1"), dueMonth: 1)])
                _ = try ProgramRepository(store).insert(program, departmentID: departmentID, curriculumID: curriculumID,
                                                        items: [NewProgramItem(item: program.items[0])], contentHash: "h",
                                                        importedAt: "t", importedBy: nil)
            }
        }
        #expect(try DepartmentRepository(store).all().isEmpty)
    }
}

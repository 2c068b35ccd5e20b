import Testing
@testable import LogbookDomain

private let cardiology = AccessDepartment(id: 1, code: "KARD", kind: .hospital, region: "Syddanmark")
private let practice = AccessDepartment(id: 4, code: "LAEGE", kind: .generalPractice, region: "Syddanmark")
private let onDay = day("2027-03-04")
/// Position 12 of trainee 5 in cardiology; person 8 is its hovedvejleder from the start, person 9 was until 2027-02-01.
private let position = AccessPosition(id: 12, traineeID: 5, department: cardiology, supervisors: [
    SupervisorAssignment(personID: 9, from: day("2027-01-01")), SupervisorAssignment(personID: 8, from: day("2027-02-01")),
])

private func reader(id: Int64 = 7, _ grants: [(GrantRole, GrantScope)], from: String = "2026-01-01", until: String? = nil) -> Actor {
    Actor(id: id, handle: "dr.x", grants: grants.map {
        Grant(personID: id, role: $0.0, scope: $0.1, validFrom: day(from), validUntil: until.map(day))
    })
}

@Suite("Who may see absence kinds (health data)")
struct AccessHealthTests {
    @Test("the trainee, the hovedvejleder on the day, the UAO/tutor and the region's secretariat see kinds; others counted days only",
          arguments: [
        ("its own trainee", reader(id: 5, []), true),
        ("the hovedvejleder on the day", reader(id: 8, [(.supervisor, .department(1))]), true),
        ("the hovedvejleder before the change", reader(id: 9, [(.supervisor, .department(1))]), false),
        ("a hovedvejleder of the department who is not this trainee's", reader([(.supervisor, .department(1))]), false),
        ("a daglig klinisk vejleder of the department", reader([(.clinicalSupervisor, .department(1))]), false),
        ("the department's UAO", reader([(.uao, .department(1))]), true),
        ("the UAO of another department", reader([(.uao, .department(2))]), false),
        ("a tutor named for a hospital department", reader([(.tutor, .department(1))]), false),
        ("the region's secretariat", reader([(.secretariat, .region("Syddanmark"))]), true),
        ("another region's secretariat", reader([(.secretariat, .region("Midtjylland"))]), false),
        ("the UAO whose grant ended yesterday", reader([(.uao, .department(1))], until: "2027-03-03"), false),
        ("another trainee", reader(id: 6, []), false),
    ] as [(String, Actor, Bool)])
    func kinds(_ who: String, actor: Actor, allowed: Bool) {
        #expect(Access.maySeeAbsenceKinds(of: position, by: actor, on: onDay) == allowed, "\(who)")
    }

    @Test("a cancelled position's kinds stay readable by the same people; a general practice's tutor sees them")
    func cancelledAndPractice() {
        var cancelled = position
        cancelled.cancelled = true
        #expect(Access.maySeeAbsenceKinds(of: cancelled, by: reader([(.uao, .department(1))]), on: onDay))
        #expect(!Access.maySeeAbsenceKinds(of: cancelled, by: reader([(.clinicalSupervisor, .department(1))]), on: onDay))
        let inPractice = AccessPosition(id: 13, traineeID: 5, department: practice, supervisors: [])
        #expect(Access.maySeeAbsenceKinds(of: inPractice, by: reader([(.tutor, .department(4))]), on: onDay))
        #expect(!Access.maySeeAbsenceKinds(of: inPractice, by: reader([(.uao, .department(4))]), on: onDay))
    }
}

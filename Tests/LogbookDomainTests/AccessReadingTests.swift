import Testing
@testable import LogbookDomain

private let cardiology = AccessDepartment(id: 1, code: "KARD", kind: .hospital, region: "Syddanmark")
private let surgery = AccessDepartment(id: 2, code: "KIR", kind: .hospital, region: "Syddanmark")
private let aarhus = AccessDepartment(id: 3, code: "AAR", kind: .hospital, region: "Midtjylland")
private let onDay = day("2027-03-04")
/// Position 12 of trainee 5 in cardiology.
private let position = AccessPosition(id: 12, traineeID: 5, department: cardiology, supervisors: [])

private func reader(id: Int64 = 7, _ grants: [(GrantRole, GrantScope)], from: String = "2026-01-01", until: String? = nil) -> Actor {
    Actor(id: id, handle: "dr.x", grants: grants.map {
        Grant(personID: id, role: $0.0, scope: $0.1, validFrom: day(from), validUntil: until.map(day))
    })
}

@Suite("Who may read what")
struct AccessReadingTests {
    @Test("a position is seen by its trainee, the department's people and its region's secretariat", arguments: [
        ("its own trainee", reader(id: 5, []), true),
        ("another trainee", reader(id: 6, []), false),
        ("the department's UAO", reader([(.uao, .department(1))]), true),
        ("a hovedvejleder of the department", reader([(.supervisor, .department(1))]), true),
        ("a daglig klinisk vejleder of the department", reader([(.clinicalSupervisor, .department(1))]), true),
        ("a hovedvejleder of another department", reader([(.supervisor, .department(2))]), false),
        ("the UAO of another department", reader([(.uao, .department(2))]), false),
        ("the region's secretariat", reader([(.secretariat, .region("Syddanmark"))]), true),
        ("another region's secretariat", reader([(.secretariat, .region("Midtjylland"))]), false),
        ("a grant that ended yesterday", reader([(.supervisor, .department(1))], until: "2027-03-03"), false),
        ("a grant that starts tomorrow", reader([(.uao, .department(1))], from: "2027-03-05"), false),
    ] as [(String, Actor, Bool)])
    func reading(_ who: String, actor: Actor, allowed: Bool) {
        #expect(Access.mayRead(position, by: actor, on: onDay) == allowed, "\(who)")
    }

    @Test("a department report is not for trainees, only for the department's people and its secretariat")
    func department() {
        #expect(!Access.mayReadDepartment(cardiology, by: reader(id: 5, []), on: onDay))
        #expect(Access.mayReadDepartment(cardiology, by: reader([(.clinicalSupervisor, .department(1))]), on: onDay))
        #expect(Access.mayReadDepartment(aarhus, by: reader([(.secretariat, .region("Midtjylland"))]), on: onDay))
        #expect(!Access.mayReadDepartment(surgery, by: reader([(.uao, .department(1))]), on: onDay))
    }
}

@Suite("Log-in throttling")
struct LoginThrottleTests {
    @Test("five failures are free, then the wait doubles from 30 s up to 15 minutes")
    func doubling() {
        let throttle = LoginThrottle.account
        let now: Int64 = 1_000_000
        #expect(throttle.wait(failures: Array(repeating: now - 1, count: 4), now: now) == 0)
        #expect(throttle.wait(failures: Array(repeating: now, count: 5), now: now) == 30)
        #expect(throttle.wait(failures: Array(repeating: now, count: 6), now: now) == 60)
        #expect(throttle.wait(failures: Array(repeating: now, count: 40), now: now) == 900)
        // The wait runs from the latest failure.
        #expect(throttle.wait(failures: Array(repeating: now - 20, count: 5), now: now) == 10)
        #expect(throttle.wait(failures: Array(repeating: now - 30, count: 5), now: now) == 0)
    }

    @Test("failures older than the window do not count")
    func window() {
        let now: Int64 = 1_000_000
        #expect(LoginThrottle.account.wait(failures: Array(repeating: now - 3600, count: 10), now: now) == 0)
        #expect(LoginThrottle.address.wait(failures: Array(repeating: now, count: 19), now: now) == 0)
        #expect(LoginThrottle.address.wait(failures: Array(repeating: now, count: 20), now: now) == 30)
    }
}

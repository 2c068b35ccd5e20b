import Testing
@testable import LogbookDomain

private let hospital = AccessDepartment(id: 1, code: "KARD", kind: .hospital, region: "Syddanmark")
private let practice = AccessDepartment(id: 2, code: "LAEGE", kind: .generalPractice, region: "Syddanmark")
private let otherRegion = AccessDepartment(id: 3, code: "AAR", kind: .hospital, region: "Midtjylland")
private let today = day("2027-03-04")

/// A grant for person 7 (the actor in these tests).
private func grant(_ role: GrantRole, _ scope: GrantScope, from: String = "2026-01-01", until: String? = nil,
                   mayApprove: Bool = false) -> Grant {
    Grant(id: 1, personID: 7, role: role, scope: scope, mayApprove: mayApprove, validFrom: day(from), validUntil: until.map(day))
}

private func actor(_ grants: [Grant]) -> Actor { Actor(id: 7, handle: "dr.berg", grants: grants) }

/// One row of a rule table: the actor's grants, and whether the rule allows.
struct AccessCase: Sendable, CustomTestStringConvertible {
    let name: String
    let grants: [Grant]
    let allowed: Bool
    var testDescription: String { name }
}

@Suite("Access rules")
struct AccessTests {
    @Test("a grant counts from its first through its last day, both included", arguments: [
        ("2027-03-03", nil, true),         // started yesterday
        ("2027-03-04", nil, true),         // first day
        ("2027-03-05", nil, false),        // ... but not when it starts tomorrow
        (nil as String?, "2027-03-04", true),  // last day
        (nil, "2027-03-03", false),        // ended yesterday
    ] as [(String?, String?, Bool)])
    func validity(fromDay: String?, lastDay: String?, valid: Bool) {
        let grant = Grant(personID: 1, role: .supervisor, scope: .department(1),
                          validFrom: fromDay.map(day) ?? day("2026-01-01"), validUntil: lastDay.map(day))
        #expect(grant.isValid(on: today) == valid)
    }

    static let grantUAOCases: [AccessCase] = [
        .init(name: "secretariat of the region", grants: [grant(.secretariat, .region("Syddanmark"))], allowed: true),
        .init(name: "secretariat of another region", grants: [grant(.secretariat, .region("Midtjylland"))], allowed: false),
        .init(name: "secretariat ended yesterday", grants: [grant(.secretariat, .region("Syddanmark"), until: "2027-03-03")], allowed: false),
        .init(name: "secretariat from tomorrow", grants: [grant(.secretariat, .region("Syddanmark"), from: "2027-03-05")], allowed: false),
        .init(name: "secretariat ending today", grants: [grant(.secretariat, .region("Syddanmark"), until: "2027-03-04")], allowed: true),
        .init(name: "UAO of the department", grants: [grant(.uao, .department(1))], allowed: false),
        .init(name: "no grants", grants: [], allowed: false),
    ]

    @Test("the region's secretariat grants a hospital department's UAO", arguments: grantUAOCases)
    func grantUAO(_ row: AccessCase) {
        let decision = Access.mayGrant(.uao, in: .department(hospital), by: actor(row.grants), on: today)
        #expect((decision.permit != nil) == row.allowed)
    }

    @Test("UAO only for hospital departments, tutor only for general practice", arguments: [
        (GrantRole.uao, WorkplaceKind.hospital, true), (.tutor, .hospital, false),
        (.uao, .generalPractice, false), (.tutor, .generalPractice, true),
    ])
    func leadByKind(role: GrantRole, kind: WorkplaceKind, allowed: Bool) {
        let department = kind == .hospital ? hospital : practice
        let decision = Access.mayGrant(role, in: .department(department), by: actor([grant(.secretariat, .region("Syddanmark"))]),
                                       on: today)
        #expect((decision.permit != nil) == allowed)
        if case .refused(let message) = decision {
            #expect(message.description.contains("grant \(GrantRole.lead(of: kind).rawValue) instead"))
        }
    }

    static let grantSupervisorCases: [AccessCase] = [
        .init(name: "UAO of the hospital department", grants: [grant(.uao, .department(1))], allowed: true),
        .init(name: "UAO ended yesterday", grants: [grant(.uao, .department(1), until: "2027-03-03")], allowed: false),
        .init(name: "UAO of another department", grants: [grant(.uao, .department(3))], allowed: false),
        .init(name: "secretariat of the region", grants: [grant(.secretariat, .region("Syddanmark"))], allowed: false),
        .init(name: "a supervisor", grants: [grant(.supervisor, .department(1))], allowed: false),
    ]

    @Test("the department's UAO grants hovedvejleder and daglig klinisk vejleder (with delegation)", arguments: grantSupervisorCases)
    func grantSupervisor(_ row: AccessCase) {
        for role in [GrantRole.supervisor, .clinicalSupervisor] {
            let decision = Access.mayGrant(role, in: .department(hospital), by: actor(row.grants), on: today)
            #expect((decision.permit != nil) == row.allowed)
        }
    }

    @Test("a tutor grants supervisors in the general practice")
    func tutorGrants() {
        #expect(Access.mayGrant(.supervisor, in: .department(practice), by: actor([grant(.tutor, .department(2))]), on: today).permit != nil)
    }

    @Test("a secretariat grants secretariat in its own region only")
    func secretariatGrantsSecretariat() {
        let sek = actor([grant(.secretariat, .region("Syddanmark"))])
        #expect(Access.mayGrant(.secretariat, in: .region("Syddanmark"), by: sek, on: today).permit != nil)
        #expect(Access.mayGrant(.secretariat, in: .region("Midtjylland"), by: sek, on: today)
            .refusal?.description == "dr.berg is not secretariat for region Midtjylland on 2027-03-04")
    }

    static let startCases: [AccessCase] = [
        .init(name: "UAO", grants: [grant(.uao, .department(1))], allowed: true),
        .init(name: "secretariat of the region", grants: [grant(.secretariat, .region("Syddanmark"))], allowed: true),
        .init(name: "secretariat elsewhere", grants: [grant(.secretariat, .region("Midtjylland"))], allowed: false),
        .init(name: "hovedvejleder", grants: [grant(.supervisor, .department(1))], allowed: false),
        .init(name: "UAO from tomorrow", grants: [grant(.uao, .department(1), from: "2027-03-05")], allowed: false),
    ]

    @Test("a position is started by the department's UAO/tutor or the region's secretariat", arguments: startCases)
    func startPosition(_ row: AccessCase) {
        #expect((Access.mayStartPosition(in: hospital, by: actor(row.grants), on: today).permit != nil) == row.allowed)
    }

    private static func position(trainee: Int64 = 99, supervisor: Int64? = 7, from: String = "2026-09-01") -> AccessPosition {
        AccessPosition(id: 12, traineeID: trainee, department: hospital,
                       supervisors: supervisor.map { [SupervisorAssignment(personID: $0, from: day(from))] } ?? [])
    }

    static let recordCases: [(String, AccessPosition, [Grant], Bool)] = [
        ("the trainee themself, no grants", position(trainee: 7, supervisor: nil), [], true),
        ("assigned hovedvejleder with a supervisor grant", position(), [grant(.supervisor, .department(1))], true),
        ("assigned hovedvejleder whose grant ended yesterday", position(), [grant(.supervisor, .department(1), until: "2027-03-03")], false),
        ("hovedvejleder assigned only from tomorrow", position(from: "2027-03-05"), [grant(.supervisor, .department(1))], false),
        ("a supervisor not assigned to the position", position(supervisor: 8), [grant(.supervisor, .department(1))], false),
        ("UAO", position(supervisor: 8), [grant(.uao, .department(1))], true),
        ("clinical supervisor without delegation", position(supervisor: 8), [grant(.clinicalSupervisor, .department(1))], true),
        ("clinical supervisor of another department", position(supervisor: 8), [grant(.clinicalSupervisor, .department(3))], false),
        ("secretariat", position(supervisor: 8), [grant(.secretariat, .region("Syddanmark"))], false),
    ]

    @Test("who may record an assessment for a position", arguments: recordCases)
    func record(name: String, position: AccessPosition, grants: [Grant], allowed: Bool) {
        #expect((Access.mayRecord(for: position, by: actor(grants), on: today).permit != nil) == allowed, "\(name)")
    }

    @Test("absence and meetings: trainee, hovedvejleder or UAO; not a clinical supervisor")
    func absence() {
        let position = Self.position(supervisor: 8)
        #expect(Access.mayRecordAbsence(for: position, by: actor([grant(.clinicalSupervisor, .department(1))]), on: today).permit == nil)
        #expect(Access.mayRecordMeeting(for: position, by: actor([grant(.uao, .department(1))]), on: today).permit != nil)
    }

    @Test("the delegation authority needs may-approve", arguments: [(false, false), (true, true)])
    func delegation(mayApprove: Bool, allowed: Bool) {
        let decision = Access.decide(actor([grant(.clinicalSupervisor, .department(1), mayApprove: mayApprove)]),
                                     anyOf: [.clinicalSupervisor(delegated: true)], for: .position(Self.position(supervisor: 8)),
                                     on: today)
        #expect((decision.permit != nil) == allowed)
    }

    @Test("a refusal names the missing grants, the position and the day")
    func refusalMessage() {
        let decision = Access.decide(actor([]), anyOf: [.hovedvejleder, .departmentLead], for: .position(Self.position(supervisor: 8)),
                                     on: today)
        #expect(decision.refusal?.description == "dr.berg is not hovedvejleder or UAO for position 12 on 2027-03-04")
    }

    @Test("the permit carries the grant it rests on")
    func permitGrant() {
        let uao = grant(.uao, .department(1))
        #expect(Access.mayStartPosition(in: hospital, by: actor([uao]), on: today).permit?.grant == uao)
    }

    @Test("the hovedvejleder on a day is the latest assignment on or before it")
    func supervisorOnDay() {
        let position = AccessPosition(id: 1, traineeID: 1, department: hospital, supervisors: [
            SupervisorAssignment(personID: 10, from: day("2026-09-01")),
            SupervisorAssignment(personID: 11, from: day("2027-01-01")),
        ])
        #expect(position.supervisor(on: day("2026-08-31")) == nil)
        #expect(position.supervisor(on: day("2026-12-31")) == 10)
        #expect(position.supervisor(on: day("2027-01-01")) == 11)
    }

    @Test("role names in English and Danish", arguments: [
        ("uao", GrantRole.uao), ("Uddannelsesansvarlig", .uao), ("tutorlæge", .tutor), ("hovedvejleder", .supervisor),
        ("daglig-klinisk-vejleder", .clinicalSupervisor), ("daglig klinisk vejleder", .clinicalSupervisor),
        ("clinical-supervisor", .clinicalSupervisor), ("sekretariat", .secretariat),
    ])
    func roleNames(text: String, role: GrantRole) {
        #expect(GrantRole(name: text) == role)
    }

    @Test("an unknown role name is nil")
    func unknownRole() {
        #expect(GrantRole(name: "overlæge") == nil)
    }
}

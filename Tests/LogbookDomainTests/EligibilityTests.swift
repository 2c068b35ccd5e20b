import Testing
@testable import LogbookDomain

@Suite("Element completion and eligibility")
struct EligibilityTests {
    let day = CalendarDate(iso: "2027-08-15")!
    let internalMedicine: Set<String> = ["Kardiologi", "Nefrologi", "Endokrinologi"]

    @Test("the element is complete only with every competency, every course and time")
    func completion() {
        let all = ElementCompletion(competencies: ["I1", "I2"], approvedCompetencies: ["I1", "I2"], courses: ["K"],
                                    approvedCourses: ["K"], timeAttested: true)
        #expect(all.isComplete)
        #expect(all.missingLines.isEmpty)
        let oneMissing = ElementCompletion(competencies: ["I1", "I2"], approvedCompetencies: ["I2"], courses: ["K"],
                                           approvedCourses: ["K"], timeAttested: true)
        #expect(!oneMissing.isComplete)
        #expect(oneMissing.missingLines == ["competencies not approved: I1"])
        let nothing = ElementCompletion(competencies: ["I1"], approvedCompetencies: [], courses: ["K"], approvedCourses: [],
                                        timeAttested: false)
        #expect(nothing.missingLines == ["competencies not approved: I1", "course not approved: K", "time not attested"])
    }

    @Test("an attested intro in the group lets the trainee apply and start")
    func attestedInGroup() {
        let record = IntroRecord(positionID: 3, specialty: "Kardiologi", qualifiesFor: internalMedicine,
                                 elementAttestation: (41, day), statement: nil, isOngoing: false)
        let answer = Eligibility(specialty: "nefrologi", records: [record])
        #expect(answer.mayApply && answer.mayStart)
        #expect(answer.restsOn == [41])
        #expect({ if case .approvedIntro(_, _, _, _, true) = answer.why { true } else { false } }())
    }

    @Test("a forhåndsudtalelse on an ongoing intro lets the trainee apply but not start")
    func statementOnly() {
        let record = IntroRecord(positionID: 3, specialty: "Kardiologi", qualifiesFor: internalMedicine,
                                 elementAttestation: nil, statement: (12, day), isOngoing: true)
        let answer = Eligibility(specialty: "Kardiologi", records: [record])
        #expect(answer.mayApply)
        #expect(!answer.mayStart)
        #expect(answer.restsOn == [12])
    }

    @Test("a statement on an intro that is no longer ongoing does not count")
    func staleStatement() {
        let record = IntroRecord(positionID: 3, specialty: "Kardiologi", qualifiesFor: internalMedicine,
                                 elementAttestation: nil, statement: (12, day), isOngoing: false)
        #expect(!Eligibility(specialty: "Kardiologi", records: [record]).mayApply)
    }

    @Test("an intro outside the group does not count", arguments: ["Ortopædkirurgi", "Almen medicin"])
    func otherSpecialty(target: String) {
        let record = IntroRecord(positionID: 3, specialty: "Kardiologi", qualifiesFor: internalMedicine,
                                 elementAttestation: (41, day), statement: nil, isOngoing: false)
        let answer = Eligibility(specialty: target, records: [record])
        #expect(!answer.mayApply && !answer.mayStart)
        #expect({ if case .noIntro = answer.why { true } else { false } }())
    }

    @Test("no records: neither apply nor start")
    func noRecords() {
        let answer = Eligibility(specialty: "Kardiologi", records: [])
        #expect(!answer.mayApply && !answer.mayStart && answer.restsOn.isEmpty)
    }
}

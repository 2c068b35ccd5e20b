import Testing
@testable import LogbookDomain

/// Test shorthand: an absence that must be valid.
func absence(_ kind: AbsenceKind, _ from: String, _ to: String) -> AbsencePeriod {
    guard let period = AbsencePeriod(kind: kind, from: day(from), to: day(to)) else { fatalError("bad absence") }
    return period
}

/// One hand-computed schedule without absence.
struct LengthCase: Sendable, CustomTestStringConvertible {
    let start: String
    let workplace: WorkplaceKind
    let kbuGP: Bool
    let partTime: (Int, Int)
    let nominal: Int
    let wholeMonths: Int
    let extraDays: Int
    let plannedEnd: String
    let allowance: Int
    let attestableFrom: String
    var testDescription: String { "\(workplace.rawValue) kbuGP=\(kbuGP) \(partTime.0)/\(partTime.1) from \(start)" }
}

/// One hand-computed schedule with absences.
struct AbsenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let start: String
    let workplace: WorkplaceKind
    let kbuGP: Bool
    let partTime: (Int, Int)
    let absences: [AbsencePeriod]
    let counted: Int
    let parental: Int
    let end: String
    let extensions: [Extension]
    let allowanceLeft: Int
    let overBy: Int
    let attestableFrom: String
    var testDescription: String { name }
}

@Suite("TimeRules")
struct TimeRulesTests {
    static let lengthCases: [LengthCase] = [
        // Hospital, full time: 12 months.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-02-28", allowance: 36, attestableFrom: "2027-02-01"),
        .init(start: "2026-09-01", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-08-31", allowance: 36, attestableFrom: "2027-08-01"),
        // Hospital ignores KBU general practice.
        .init(start: "2026-09-01", workplace: .hospital, kbuGP: true, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-08-31", allowance: 36, attestableFrom: "2027-08-01"),
        // DOMAIN.md example: 12 months at 0.75 from 2026-03-01 is 16 months, ending 2027-06-30.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (3, 4), nominal: 12, wholeMonths: 16,
              extraDays: 0, plannedEnd: "2027-06-30", allowance: 48, attestableFrom: "2027-06-01"),
        // 0.8: 15 months.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (4, 5), nominal: 12, wholeMonths: 15,
              extraDays: 0, plannedEnd: "2027-05-31", allowance: 45, attestableFrom: "2027-05-01"),
        // 30/37: 444/30 = 14.8 months = 14 months + 24 days; 2027-05-24 → 2027-05-31; allowance ⌊44.4⌋.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (30, 37), nominal: 12, wholeMonths: 14,
              extraDays: 24, plannedEnd: "2027-05-31", allowance: 44, attestableFrom: "2027-05-01"),
        // 32/37: 444/32 = 13 months + 28/32·30 = 26.25 → 27 days (rounded up); 2027-04-27 → 2027-04-30; ⌊41.625⌋.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (32, 37), nominal: 12, wholeMonths: 13,
              extraDays: 27, plannedEnd: "2027-04-30", allowance: 41, attestableFrom: "2027-04-01"),
        // 0.7: 120/7 = 17 months + 30/7 = 4.29 → 5 days; 2027-06-05 → 2027-06-30; ⌊51.43⌋.
        .init(start: "2026-01-01", workplace: .hospital, kbuGP: false, partTime: (7, 10), nominal: 12, wholeMonths: 17,
              extraDays: 5, plannedEnd: "2027-06-30", allowance: 51, attestableFrom: "2027-06-01"),
        // 0.9: 120/9 = 13 months + 10 days; 2027-04-10 → 2027-04-30; 360/9 = 40.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (9, 10), nominal: 12, wholeMonths: 13,
              extraDays: 10, plannedEnd: "2027-04-30", allowance: 40, attestableFrom: "2027-04-01"),
        // 0.5: 24 months, ends on a leap day.
        .init(start: "2026-03-01", workplace: .hospital, kbuGP: false, partTime: (1, 2), nominal: 12, wholeMonths: 24,
              extraDays: 0, plannedEnd: "2028-02-29", allowance: 72, attestableFrom: "2028-02-01"),
        // General practice with GP in KBU: 6 months.
        .init(start: "2026-09-01", workplace: .generalPractice, kbuGP: true, partTime: (1, 1), nominal: 6, wholeMonths: 6,
              extraDays: 0, plannedEnd: "2027-02-28", allowance: 18, attestableFrom: "2027-02-01"),
        // General practice without GP in KBU: 12 months.
        .init(start: "2026-09-01", workplace: .generalPractice, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-08-31", allowance: 36, attestableFrom: "2027-08-01"),
        // GP 6 months at 0.8: 7.5 months = 7 months + 15 days; 2027-04-15 → 2027-04-30; ⌊22.5⌋.
        .init(start: "2026-09-01", workplace: .generalPractice, kbuGP: true, partTime: (4, 5), nominal: 6, wholeMonths: 7,
              extraDays: 15, plannedEnd: "2027-04-30", allowance: 22, attestableFrom: "2027-04-01"),
        // GP 6 months at 30/37: 222/30 = 7 months + 12 days; 2027-04-12 → 2027-04-30; ⌊22.2⌋.
        .init(start: "2026-09-01", workplace: .generalPractice, kbuGP: true, partTime: (30, 37), nominal: 6, wholeMonths: 7,
              extraDays: 12, plannedEnd: "2027-04-30", allowance: 22, attestableFrom: "2027-04-01"),
        // Mid-month start: 2027-03-14 moved forward to 2027-03-31.
        .init(start: "2026-03-15", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-03-31", allowance: 36, attestableFrom: "2027-03-01"),
        // Ends in a leap February.
        .init(start: "2027-03-01", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2028-02-29", allowance: 36, attestableFrom: "2028-02-01"),
        // Starts on a leap day: 2029-02-28 − 1 = 2029-02-27 → 2029-02-28.
        .init(start: "2028-02-29", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2029-02-28", allowance: 36, attestableFrom: "2029-02-01"),
        // Starts on the 31st: 2027-01-31 − 1 = 2027-01-30 → 2027-01-31.
        .init(start: "2026-01-31", workplace: .hospital, kbuGP: false, partTime: (1, 1), nominal: 12, wholeMonths: 12,
              extraDays: 0, plannedEnd: "2027-01-31", allowance: 36, attestableFrom: "2027-01-01"),
    ]

    @Test("length, planned end, allowance", arguments: lengthCases)
    func lengths(_ c: LengthCase) {
        let terms = PositionTerms(start: day(c.start), workplace: c.workplace, kbuGeneralPractice: c.kbuGP,
                                  partTime: PartTime(numerator: c.partTime.0, denominator: c.partTime.1)!)
        let s = TimeRules.schedule(for: terms, absences: [])
        #expect(s.nominalMonths == c.nominal)
        #expect(s.lengthWholeMonths == c.wholeMonths)
        #expect(s.lengthExtraDays == c.extraDays)
        #expect(s.plannedEnd == day(c.plannedEnd))
        #expect(s.end == day(c.plannedEnd))
        #expect(s.allowanceDays == c.allowance)
        #expect(s.allowanceLeft == c.allowance)
        #expect(s.extensions.isEmpty)
        #expect(s.countedAbsenceDays == 0)
        #expect(s.timeAttestableFrom == day(c.attestableFrom))
    }

    static let absenceCases: [AbsenceCase] = [
        .init(name: "sickness below allowance", start: "2026-09-01", workplace: .hospital, kbuGP: false, partTime: (1, 1),
              absences: [absence(.sickness, "2026-10-05", "2026-10-14")], counted: 10, parental: 0, end: "2027-08-31",
              extensions: [], allowanceLeft: 26, overBy: 0, attestableFrom: "2027-08-01"),
        .init(name: "sickness exactly at allowance does not extend", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.sickness, "2026-11-01", "2026-12-06")], counted: 36, parental: 0,
              end: "2027-08-31", extensions: [], allowanceLeft: 0, overBy: 0, attestableFrom: "2027-08-01"),
        .init(name: "one day over moves the end by all 37 days", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.sickness, "2026-11-01", "2026-12-07")], counted: 37, parental: 0,
              end: "2027-10-31", extensions: [.absenceOverAllowance(counted: 37, allowance: 36)], allowanceLeft: 0,
              overBy: 1, attestableFrom: "2027-10-01"),
        .init(name: "weekend inside an absence counts (Fri-Mon = 4)", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.childSick, "2026-10-02", "2026-10-05")], counted: 4, parental: 0,
              end: "2027-08-31", extensions: [], allowanceLeft: 32, overBy: 0, attestableFrom: "2027-08-01"),
        .init(name: "holiday and mandatory course never count", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.holiday, "2026-07-01", "2026-08-15"),
                                           absence(.mandatoryCourse, "2027-01-11", "2027-01-15")],
              counted: 0, parental: 0, end: "2027-08-31", extensions: [], allowanceLeft: 36, overBy: 0,
              attestableFrom: "2027-08-01"),
        .init(name: "parental leave extends by its length", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.parentalLeave, "2027-01-01", "2027-01-28")], counted: 0, parental: 28,
              end: "2027-09-30", extensions: [.parentalLeave(days: 28)], allowanceLeft: 36, overBy: 0,
              attestableFrom: "2027-09-01"),
        .init(name: "one day of parental leave moves to the next month end", start: "2026-09-01", workplace: .hospital,
              kbuGP: false, partTime: (1, 1), absences: [absence(.parentalLeave, "2027-01-04", "2027-01-04")], counted: 0,
              parental: 1, end: "2027-09-30", extensions: [.parentalLeave(days: 1)], allowanceLeft: 36, overBy: 0,
              attestableFrom: "2027-09-01"),
        .init(name: "40 counted over 36 at full time", start: "2026-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.sickness, "2026-10-01", "2026-10-20"),
                                           absence(.childSick, "2026-11-02", "2026-11-11"),
                                           absence(.careDay, "2026-12-01", "2026-12-02"),
                                           absence(.optionalCourse, "2027-02-01", "2027-02-08")],
              counted: 40, parental: 0, end: "2027-10-31", extensions: [.absenceOverAllowance(counted: 40, allowance: 36)],
              allowanceLeft: 0, overBy: 4, attestableFrom: "2027-10-01"),
        .init(name: "parental leave plus counted absence over allowance", start: "2026-09-01", workplace: .hospital,
              kbuGP: false, partTime: (1, 1), absences: [absence(.parentalLeave, "2027-03-01", "2027-03-28"),
                                                       absence(.sickness, "2026-10-01", "2026-10-20"),
                                                       absence(.childSick, "2026-11-02", "2026-11-11"),
                                                       absence(.careDay, "2026-12-01", "2026-12-02"),
                                                       absence(.optionalCourse, "2027-02-01", "2027-02-08"),
                                                       absence(.holiday, "2027-07-01", "2027-07-21")],
              counted: 40, parental: 28, end: "2027-11-30",
              extensions: [.parentalLeave(days: 28), .absenceOverAllowance(counted: 40, allowance: 36)],
              allowanceLeft: 0, overBy: 4, attestableFrom: "2027-11-01"),
        .init(name: "parental leave plus counted absence within allowance", start: "2026-09-01", workplace: .hospital,
              kbuGP: false, partTime: (1, 1), absences: [absence(.parentalLeave, "2027-03-01", "2027-03-28"),
                                                       absence(.sickness, "2026-10-01", "2026-10-20")],
              counted: 20, parental: 28, end: "2027-09-30", extensions: [.parentalLeave(days: 28)],
              allowanceLeft: 16, overBy: 0, attestableFrom: "2027-09-01"),
        .init(name: "3/4 time: 48 counted is at the allowance", start: "2026-03-01", workplace: .hospital, kbuGP: false,
              partTime: (3, 4), absences: [absence(.sickness, "2026-05-01", "2026-06-17")], counted: 48, parental: 0,
              end: "2027-06-30", extensions: [], allowanceLeft: 0, overBy: 0, attestableFrom: "2027-06-01"),
        .init(name: "3/4 time: 49 counted exceeds 48", start: "2026-03-01", workplace: .hospital, kbuGP: false,
              partTime: (3, 4), absences: [absence(.sickness, "2026-05-01", "2026-06-18")], counted: 49, parental: 0,
              end: "2027-08-31", extensions: [.absenceOverAllowance(counted: 49, allowance: 48)], allowanceLeft: 0,
              overBy: 1, attestableFrom: "2027-08-01"),
        .init(name: "GP 6 months: 19 counted exceeds 18", start: "2026-09-01", workplace: .generalPractice, kbuGP: true,
              partTime: (1, 1), absences: [absence(.sickness, "2026-10-01", "2026-10-19")], counted: 19, parental: 0,
              end: "2027-03-31", extensions: [.absenceOverAllowance(counted: 19, allowance: 18)], allowanceLeft: 0,
              overBy: 1, attestableFrom: "2027-03-01"),
        .init(name: "absence over a leap day counts 29 February", start: "2027-09-01", workplace: .hospital, kbuGP: false,
              partTime: (1, 1), absences: [absence(.sickness, "2028-02-01", "2028-03-07")], counted: 36, parental: 0,
              end: "2028-08-31", extensions: [], allowanceLeft: 0, overBy: 0, attestableFrom: "2028-08-01"),
        .init(name: "parental leave after a leap-February planned end", start: "2027-03-01", workplace: .hospital,
              kbuGP: false, partTime: (1, 1), absences: [absence(.parentalLeave, "2027-06-01", "2027-06-30")], counted: 0,
              parental: 30, end: "2028-03-31", extensions: [.parentalLeave(days: 30)], allowanceLeft: 36, overBy: 0,
              attestableFrom: "2028-03-01"),
    ]

    @Test("absence, allowance and extensions", arguments: absenceCases)
    func absences(_ c: AbsenceCase) {
        let terms = PositionTerms(start: day(c.start), workplace: c.workplace, kbuGeneralPractice: c.kbuGP,
                                  partTime: PartTime(numerator: c.partTime.0, denominator: c.partTime.1)!)
        let s = TimeRules.schedule(for: terms, absences: c.absences)
        #expect(s.countedAbsenceDays == c.counted)
        #expect(s.parentalLeaveDays == c.parental)
        #expect(s.end == day(c.end))
        #expect(s.extensions == c.extensions)
        #expect(s.allowanceLeft == c.allowanceLeft)
        #expect(s.overAllowanceBy == c.overBy)
        #expect(s.timeAttestableFrom == day(c.attestableFrom))
        #expect(TimeRules.allowedAbsenceDaysLeft(for: terms, absences: c.absences) == c.allowanceLeft)
    }

    @Test("time attestation date: the day after (end − 1 month), always inside the last month", arguments: [
        ("2027-08-31", "2027-08-01"), ("2027-06-30", "2027-06-01"), ("2027-03-31", "2027-03-01"),
        ("2027-02-28", "2027-02-01"), ("2028-02-29", "2028-02-01"), ("2028-03-31", "2028-03-01"),
        ("2027-12-31", "2027-12-01"), ("2027-09-30", "2027-09-01"), ("2027-01-31", "2027-01-01"),
        ("2027-04-30", "2027-04-01"), ("2027-06-15", "2027-05-16"),
    ])
    func attestation(end: String, from: String) {
        #expect(TimeRules.timeAttestableFrom(end: day(end)) == day(from))
    }

    @Test("isTimeAttestable(on:)")
    func attestableOn() {
        let s = TimeRules.schedule(for: PositionTerms(start: day("2026-09-01"), workplace: .hospital), absences: [])
        #expect(!s.isTimeAttestable(on: day("2027-07-31")))
        #expect(s.isTimeAttestable(on: day("2027-08-01")))
        #expect(s.isTimeAttestable(on: day("2027-09-15")))
    }

    @Test("absence period days include both ends and weekends", arguments: [
        ("2026-10-02", "2026-10-05", 4), ("2026-10-05", "2026-10-05", 1), ("2028-02-28", "2028-03-01", 3),
        ("2027-02-28", "2027-03-01", 2), ("2026-12-31", "2027-01-01", 2), ("2026-11-01", "2026-12-06", 36),
    ])
    func periodDays(from: String, to: String, days: Int) {
        #expect(absence(.sickness, from, to).days == days)
    }

    @Test("absence period rejects reversed dates")
    func reversed() {
        #expect(AbsencePeriod(kind: .holiday, from: day("2026-10-05"), to: day("2026-10-04")) == nil)
    }

    @Test("overlaps", arguments: [
        ("2026-10-01", "2026-10-05", "2026-10-05", "2026-10-09", true),
        ("2026-10-01", "2026-10-05", "2026-10-06", "2026-10-09", false),
        ("2026-10-01", "2026-10-31", "2026-10-10", "2026-10-12", true),
        ("2026-10-10", "2026-10-12", "2026-10-01", "2026-10-09", false),
    ])
    func overlaps(aFrom: String, aTo: String, bFrom: String, bTo: String, expected: Bool) {
        let a = absence(.sickness, aFrom, aTo)
        let b = absence(.holiday, bFrom, bTo)
        #expect(a.overlaps(b) == expected)
        #expect(b.overlaps(a) == expected)
    }

    @Test("absence kind names", arguments: [
        ("sickness", AbsenceKind.sickness), ("SYGDOM", .sickness), ("child-sick", .childSick), ("barns-sygedag", .childSick),
        ("Barns sygedag", .childSick), ("barnets 1. sygedag", .childSick), ("care-day", .careDay), ("omsorgsdag", .careDay),
        ("Omsorgsdage", .careDay), ("optional-course", .optionalCourse), ("ikke-obligatorisk-kursus", .optionalCourse),
        ("ikke obligatorisk kursus", .optionalCourse), ("parental-leave", .parentalLeave), ("barsel", .parentalLeave),
        ("Forældreorlov", .parentalLeave), ("foraeldreorlov", .parentalLeave), ("FORÆLDREORLOV", .parentalLeave),
        ("holiday", .holiday), ("ferie", .holiday), ("mandatory-course", .mandatoryCourse),
        ("obligatorisk-kursus", .mandatoryCourse), ("parental_leave", .parentalLeave), (" ferie ", .holiday),
    ])
    func kindNames(name: String, kind: AbsenceKind) {
        #expect(AbsenceKind(name: name) == kind)
    }

    @Test("unknown absence kind names", arguments: ["", "kursus", "fri", "sygdomme", "orlov uden løn"])
    func unknownKindNames(name: String) {
        #expect(AbsenceKind(name: name) == nil)
    }

    @Test("which kinds count and which extend", arguments: [
        (AbsenceKind.sickness, true, false), (.childSick, true, false), (.careDay, true, false), (.optionalCourse, true, false),
        (.parentalLeave, false, true), (.holiday, false, false), (.mandatoryCourse, false, false),
    ])
    func kindRules(kind: AbsenceKind, counts: Bool, extends: Bool) {
        #expect(kind.countsAgainstAllowance == counts)
        #expect(kind.extendsPosition == extends)
        #expect(AbsenceKind(name: kind.danishName) == kind)
        #expect(AbsenceKind(name: kind.rawValue) == kind)
    }

    @Test("nominal months", arguments: [
        (WorkplaceKind.hospital, false, 12), (.hospital, true, 12), (.generalPractice, true, 6), (.generalPractice, false, 12),
    ])
    func nominal(workplace: WorkplaceKind, kbuGP: Bool, months: Int) {
        #expect(TimeRules.nominalMonths(workplace: workplace, kbuGeneralPractice: kbuGP) == months)
    }
}

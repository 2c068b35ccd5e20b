/// Where an intro position is held (arbejdssted): hospital department or general practice (almen praksis).
public enum WorkplaceKind: String, Sendable, CaseIterable, Codable {
    /// Hospital department (sygehusafdeling).
    case hospital
    /// General practice (almen praksis).
    case generalPractice = "general-practice"

    /// The Danish name, e.g. "almen praksis".
    public var danishName: String {
        switch self {
        case .hospital: return "sygehus"
        case .generalPractice: return "almen praksis"
        }
    }
}

/// A kind of absence (fraværstype); whether it counts is DOMAIN.md "Time rules", Absence.
public enum AbsenceKind: String, Sendable, CaseIterable, Codable {
    /// Own sickness (sygdom); counts against the allowance.
    case sickness
    /// Child's sick day (barns sygedag); counts against the allowance.
    case childSick = "child-sick"
    /// Care day (omsorgsdag); counts against the allowance.
    case careDay = "care-day"
    /// Optional, non-mandatory course (ikke-obligatorisk kursus); counts against the allowance.
    case optionalCourse = "optional-course"
    /// Parental leave (barsel, forældreorlov); extends the position by its length, never uses the allowance.
    case parentalLeave = "parental-leave"
    /// Holiday (ferie); neither counts nor extends.
    case holiday
    /// Mandatory course (obligatorisk kursus); neither counts nor extends.
    case mandatoryCourse = "mandatory-course"

    /// Reads an English raw value or a Danish name, case-insensitively; spaces and `_` count as `-`
    /// ("Barns sygedag", "omsorgsdage", "forældreorlov", "foraeldreorlov", "ferie", ...).
    public init?(name: String) {
        var key = ""
        var lastWasDash = false
        for character in name.trimmed.lowercased() {
            let isDash = character == " " || character == "_" || character == "-"
            if isDash {
                if !lastWasDash { key.append("-") }
            } else {
                key.append(character)
            }
            lastWasDash = isDash
        }
        if let kind = AbsenceKind(rawValue: key) {
            self = kind
            return
        }
        switch key {
        case "sick", "sick-leave", "sygdom", "syg", "sygefravær": self = .sickness
        case "childsick", "child-sick-day", "barns-sygedag", "barns-1.-sygedag", "barnets-sygedag",
             "barnets-1.-sygedag", "barn-syg", "barnets-første-sygedag":
            self = .childSick
        case "careday", "care-days", "omsorgsdag", "omsorgsdage": self = .careDay
        case "optionalcourse", "ikke-obligatorisk-kursus", "ikke-obligatoriske-kurser", "ikke-obligatorisk":
            self = .optionalCourse
        case "parentalleave", "parental", "barsel", "barselsorlov", "forældreorlov", "foraeldreorlov":
            self = .parentalLeave
        case "vacation", "ferie": self = .holiday
        case "mandatorycourse", "obligatorisk-kursus", "obligatoriske-kurser", "obligatorisk": self = .mandatoryCourse
        default: return nil
        }
    }

    /// The Danish name, e.g. "barns sygedag".
    public var danishName: String {
        switch self {
        case .sickness: return "sygdom"
        case .childSick: return "barns sygedag"
        case .careDay: return "omsorgsdag"
        case .optionalCourse: return "ikke-obligatorisk kursus"
        case .parentalLeave: return "forældreorlov"
        case .holiday: return "ferie"
        case .mandatoryCourse: return "obligatorisk kursus"
        }
    }

    /// Whether the days count against the absence allowance (sickness, child's sick day, care day, optional course).
    public var countsAgainstAllowance: Bool {
        switch self {
        case .sickness, .childSick, .careDay, .optionalCourse: return true
        case .parentalLeave, .holiday, .mandatoryCourse: return false
        }
    }

    /// Whether the days always extend the position by their length (parental leave only).
    public var extendsPosition: Bool { self == .parentalLeave }
}

/// One absence (fraværsperiode) from `from` to `to`, both days included.
public struct AbsencePeriod: Hashable, Sendable {
    /// What kind of absence it is.
    public let kind: AbsenceKind
    /// The first day of absence.
    public let from: CalendarDate
    /// The last day of absence (same as `from` for a single day).
    public let to: CalendarDate

    /// Creates a period; nil when `to` is before `from`.
    public init?(kind: AbsenceKind, from: CalendarDate, to: CalendarDate) {
        guard from <= to else { return nil }
        self.kind = kind
        self.from = from
        self.to = to
    }

    /// Calendar days, both ends included, weekends and holidays inside too (DOMAIN.md "Time rules", Absence).
    public var days: Int { from.days(until: to) + 1 }

    /// Whether the two periods share at least one day (kind is ignored).
    public func overlaps(_ other: AbsencePeriod) -> Bool {
        from <= other.to && other.from <= to
    }
}

/// The facts about a position that fix its length (stillingens vilkår).
public struct PositionTerms: Hashable, Sendable {
    /// The first day of the position (tiltrædelse).
    public var start: CalendarDate
    /// Hospital or general practice.
    public var workplace: WorkplaceKind
    /// Whether the trainee had general practice during KBU (almen praksis i KBU); shortens a GP intro to 6 months.
    public var kbuGeneralPractice: Bool
    /// The part-time fraction (deltid); `.full` for full time.
    public var partTime: PartTime

    /// Creates terms; full time and no KBU general practice by default.
    public init(start: CalendarDate, workplace: WorkplaceKind, kbuGeneralPractice: Bool = false, partTime: PartTime = .full) {
        self.start = start
        self.workplace = workplace
        self.kbuGeneralPractice = kbuGeneralPractice
        self.partTime = partTime
    }
}

/// Why a position's end moved past its planned end (forlængelse).
public enum Extension: Hashable, Sendable {
    /// Parental leave always extends by its length in days.
    case parentalLeave(days: Int)
    /// Counted absence above the allowance extends by the whole counted absence, not just the excess.
    case absenceOverAllowance(counted: Int, allowance: Int)
}

/// The computed length, end and time-attestation date of one position (DOMAIN.md "Time rules").
public struct PositionSchedule: Hashable, Sendable {
    /// The terms the schedule was computed from.
    public let terms: PositionTerms
    /// Nominal full-time length: 12 months; general practice 6 when the trainee had GP in KBU.
    public let nominalMonths: Int
    /// Whole months of the part-time length nominal / f.
    public let lengthWholeMonths: Int
    /// Extra days for the fractional month of nominal / f, at 30 days a month, rounded up.
    public let lengthExtraDays: Int
    /// start + length − 1 day, moved forward to the last day of that month.
    public let plannedEnd: CalendarDate
    /// Absence allowance: floor(3 × nominal / f) days (3 days per month of planned length).
    public let allowanceDays: Int
    /// Sum of the days of absences whose kind counts against the allowance.
    public let countedAbsenceDays: Int
    /// Sum of the days of parental leave.
    public let parentalLeaveDays: Int
    /// The end after all extensions.
    public let end: CalendarDate
    /// What moved the end past `plannedEnd`, in the order applied; empty when nothing did.
    public let extensions: [Extension]
    /// The first day time can be attested: the day after (end − 1 month), month arithmetic clamping.
    public let timeAttestableFrom: CalendarDate

    /// Allowance days not yet used, never below 0.
    public var allowanceLeft: Int { max(0, allowanceDays - countedAbsenceDays) }

    /// Days of counted absence above the allowance, 0 when at or below it.
    public var overAllowanceBy: Int { max(0, countedAbsenceDays - allowanceDays) }

    /// Whether time can be attested on `date` (from `timeAttestableFrom` on).
    public func isTimeAttestable(on date: CalendarDate) -> Bool { date >= timeAttestableFrom }
}

/// The time rules of an intro position (tidsregler), DOMAIN.md "Time rules", applied exactly.
public enum TimeRules {
    /// Nominal full-time length in months: hospital 12; general practice 6 with GP in KBU, else 12.
    public static func nominalMonths(workplace: WorkplaceKind, kbuGeneralPractice: Bool) -> Int {
        workplace == .generalPractice && kbuGeneralPractice ? 6 : 12
    }

    /// Computes length, planned end, allowance, extensions, end and time-attestation date.
    ///
    /// - Length = nominal / f months (f = p/q): whole months ⌊N·q/p⌋, the remainder month × 30 days rounded UP.
    /// - Planned end = start + whole months (clamping) + extra days − 1 day, moved to the last day of that month.
    /// - Allowance = ⌊3 · N·q/p⌋ days, exact integer arithmetic (36 per 12 months, 18 per 6).
    /// - Counted absence = sum of `days` of counting kinds; overlaps are not merged (callers reject overlaps).
    /// - End = plannedEnd + parental-leave days + (counted > allowance ? counted : 0); when that added any
    ///   days the result is moved forward to the last day of its month. Counted absence exactly AT the
    ///   allowance does not extend.
    /// - Time attestable from (end − 1 month, clamping) + 1 day.
    public static func schedule(for terms: PositionTerms, absences: [AbsencePeriod]) -> PositionSchedule {
        let nominal = nominalMonths(workplace: terms.workplace, kbuGeneralPractice: terms.kbuGeneralPractice)
        let p = terms.partTime.numerator
        let q = terms.partTime.denominator
        let scaled = nominal * q  // length in months = scaled / p
        let wholeMonths = scaled / p
        let remainder = scaled % p
        let extraDays = (30 * remainder + p - 1) / p
        let plannedEnd = terms.start.adding(months: wholeMonths).adding(days: extraDays - 1).lastDayOfMonth
        let allowance = 3 * scaled / p

        let counted = absences.filter { $0.kind.countsAgainstAllowance }.reduce(0) { $0 + $1.days }
        let parental = absences.filter { $0.kind.extendsPosition }.reduce(0) { $0 + $1.days }

        var extensions: [Extension] = []
        var added = 0
        if parental > 0 {
            extensions.append(.parentalLeave(days: parental))
            added += parental
        }
        if counted > allowance {
            extensions.append(.absenceOverAllowance(counted: counted, allowance: allowance))
            added += counted
        }
        let end = added > 0 ? plannedEnd.adding(days: added).lastDayOfMonth : plannedEnd

        return PositionSchedule(
            terms: terms,
            nominalMonths: nominal,
            lengthWholeMonths: wholeMonths,
            lengthExtraDays: extraDays,
            plannedEnd: plannedEnd,
            allowanceDays: allowance,
            countedAbsenceDays: counted,
            parentalLeaveDays: parental,
            end: end,
            extensions: extensions,
            timeAttestableFrom: timeAttestableFrom(end: end)
        )
    }

    /// The first day time can be attested: the day after (end − 1 month), e.g. end 2027-08-31 → 2027-08-01
    /// (DOMAIN.md, Time rules: only in the element's last month).
    ///
    /// An end on a month's last day (as every computed end is) minus one month is the last day of the month
    /// before, so the attestation opens on the 1st of the end's month: 2027-04-30 → 2027-04-01, not 03-31,
    /// which would lie outside the last month.
    public static func timeAttestableFrom(end: CalendarDate) -> CalendarDate {
        let monthBefore = end.adding(months: -1)
        return (end.isLastDayOfMonth ? monthBefore.lastDayOfMonth : monthBefore).adding(days: 1)
    }

    /// Allowance days left (allowance − counted absence, never below 0) for the given terms and absences.
    public static func allowedAbsenceDaysLeft(for terms: PositionTerms, absences: [AbsencePeriod]) -> Int {
        schedule(for: terms, absences: absences).allowanceLeft
    }
}

/// Danish holiday is counted in working days (feriedage; DOMAIN.md "Holiday is counted in working days"): Monday to
/// Friday, not the public holidays (helligdage) — nytårsdag, skærtorsdag, langfredag, 2. påskedag, store bededag (until
/// 2023, abolished from 2024), Kristi himmelfartsdag, 2. pinsedag, juledag and 2. juledag (påskedag and pinsedag are
/// Sundays). Grundlovsdag, juleaftensdag and nytårsaftensdag are working days here: whether they are free is a matter
/// of the local agreement, not of the law. Only what the logbook *shows* for ferie uses this: ferie never counts toward
/// the absence allowance, and every counted kind stays in calendar days.
public enum WorkingDays {
    /// Working days from `from` through `to`, both included (0 when `to` is before `from`).
    public static func count(from: CalendarDate, to: CalendarDate) -> Int {
        guard from <= to else { return 0 }
        var count = 0
        var day = from
        while day <= to {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// Monday to Friday and not a Danish public holiday.
    public static func isWorkingDay(_ day: CalendarDate) -> Bool {
        weekday(day) < 5 && !isPublicHoliday(day)
    }

    /// 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ day: CalendarDate) -> Int {
        ((day.dayNumber + 3) % 7 + 7) % 7
    }

    /// Whether `day` is a Danish public holiday (helligdag) that can fall on a weekday.
    public static func isPublicHoliday(_ day: CalendarDate) -> Bool {
        if (day.month, day.day) == (1, 1) || (day.month, day.day) == (12, 25) || (day.month, day.day) == (12, 26) { return true }
        let easter = easterSunday(day.year)
        var offsets = [-3, -2, 1, 39, 50]   // skærtorsdag, langfredag, 2. påskedag, Kristi himmelfartsdag, 2. pinsedag
        if day.year <= 2023 { offsets.append(26) }   // store bededag
        let fromEaster = easter.days(until: day)
        return offsets.contains(fromEaster)
    }

    /// Easter Sunday of `year` (the Gregorian computus, "Anonymous Gregorian algorithm").
    public static func easterSunday(_ year: Int) -> CalendarDate {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)!
    }
}

extension AbsencePeriod {
    /// The days as a Danish department counts this kind: holiday (ferie) in working days (feriedage, `WorkingDays`),
    /// every other kind in calendar days, both ends included (what the allowance counts).
    public var shownDays: Int { kind == .holiday ? WorkingDays.count(from: from, to: to) : days }
}

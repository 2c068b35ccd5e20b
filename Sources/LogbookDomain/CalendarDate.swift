#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A day in the proleptic Gregorian calendar (dato), without time of day or time zone.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, 1...9999 when created from text or components.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// Creates a date when the components name a real Gregorian day (leap years included, year 1...9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a date from strict ISO 8601 text `YYYY-MM-DD` (exactly ten characters, e.g. "2026-09-01").
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = asciiNumber(bytes[0..<4]), let m = asciiNumber(bytes[5..<7]), let d = asciiNumber(bytes[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Creates the date `dayNumber` days after 1970-01-01 (negative numbers are before it).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The ISO 8601 form `YYYY-MM-DD`, e.g. "2026-09-01".
    public var iso: String {
        guard (0...9999).contains(year) else { return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
        // The common case without intermediate strings: it is written for every date bound or hashed.
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        let bytes: [UInt8] = [
            zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10), zero + UInt8(year % 10), dash,
            zero + UInt8(month / 10), zero + UInt8(month % 10), dash, zero + UInt8(day / 10), zero + UInt8(day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ISO 8601 form, same as `iso`.
    public var description: String { iso }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// The number of days from `self` to `other` (`other - self`; negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The same day `months` calendar months later (earlier when negative), clamped to the target month's
    /// length: 2026-01-31 + 1 month = 2026-02-28.
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = min(day, CalendarDate.daysInMonth(year: newYear, month: newMonth))
        return CalendarDate(unchecked: newYear, newMonth, newDay)
    }

    /// The last day of this date's calendar month.
    public var lastDayOfMonth: CalendarDate {
        CalendarDate(unchecked: year, month, CalendarDate.daysInMonth(year: year, month: month))
    }

    /// The first day of this date's calendar month.
    public var firstDayOfMonth: CalendarDate {
        CalendarDate(unchecked: year, month, 1)
    }

    /// Whether this date is the last day of its calendar month.
    public var isLastDayOfMonth: Bool {
        day == CalendarDate.daysInMonth(year: year, month: month)
    }

    /// Whether `year` is a Gregorian leap year (divisible by 4, except centuries not divisible by 400).
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month (28...31); 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Orders dates chronologically.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes from a single ISO `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a date in the form YYYY-MM-DD")
        }
        self = date
    }

    /// Encodes as a single ISO `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    /// Today's date from the system clock in the local time zone (the program's one edge to the clock).
    public static func today() -> CalendarDate {
        var now = time(nil)
        var parts = tm()
        _ = localtime_r(&now, &parts)
        return CalendarDate(unchecked: Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    /// Parses a date typed by a user: ISO `2026-09-01`, Danish `1.9.2026`, `01.09.2026`, `01-09-2026`,
    /// `1-9-2026`, `1/9/2026`, or `today` / `i dag` / `idag` (any case). Surrounding whitespace is ignored.
    public static func parse(_ text: String, today: CalendarDate) throws(DateParseError) -> CalendarDate {
        let trimmed = text.trimmed
        switch trimmed.lowercased() {
        case "today", "i dag", "idag": return today
        default: break
        }
        guard let (y, m, d) = dateShape(trimmed) else { throw .unrecognized(input: trimmed) }
        guard (1...9999).contains(y) else { throw .yearOutOfRange(input: trimmed, year: y) }
        guard (1...12).contains(m) else { throw .noSuchMonth(input: trimmed, month: m) }
        let length = daysInMonth(year: y, month: m)
        guard d >= 1, d <= length else {
            throw .noSuchDay(input: trimmed, year: y, month: m, day: d, daysInMonth: length)
        }
        return CalendarDate(unchecked: y, m, d)
    }

    /// Builds a date from components already known to be valid.
    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Splits `Y-M-D` (4-digit year first, `-` only) or `D.M.Y` / `D-M-Y` / `D/M/Y` (4-digit year last,
    /// same separator twice) into numbers; nil for any other shape.
    private static func dateShape(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        var groups: [ArraySlice<UInt8>] = []
        var separators: [UInt8] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where !(0x30...0x39).contains(byte) {
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") else { return nil }
            groups.append(bytes[start..<index])
            separators.append(byte)
            start = index + 1
        }
        groups.append(bytes[start..<bytes.count])
        guard groups.count == 3, separators[0] == separators[1],
              let a = asciiNumber(groups[0]), let b = asciiNumber(groups[1]), let c = asciiNumber(groups[2])
        else { return nil }
        if groups[0].count == 4, separators[0] == UInt8(ascii: "-"), (1...2).contains(groups[1].count),
           (1...2).contains(groups[2].count) {
            return (a, b, c)
        }
        if groups[2].count == 4, (1...2).contains(groups[0].count), (1...2).contains(groups[1].count) {
            return (c, b, a)
        }
        return nil
    }
}

/// Why a typed date could not be read (`CalendarDate.parse`); the description is a message for the user.
public enum DateParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text has no recognised date shape.
    case unrecognized(input: String)
    /// The year is outside 1...9999.
    case yearOutOfRange(input: String, year: Int)
    /// The month is outside 1...12.
    case noSuchMonth(input: String, month: Int)
    /// The day does not exist in that month.
    case noSuchDay(input: String, year: Int, month: Int, day: Int, daysInMonth: Int)

    /// A one-line message naming the input and the fix.
    public var description: String {
        switch self {
        case .unrecognized(let input):
            return "\"\(input)\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"
        case .yearOutOfRange(let input, let year):
            return "\"\(input)\" is not a date: year \(year) is outside 1-9999"
        case .noSuchMonth(let input, let month):
            return "\"\(input)\" is not a date: there is no month \(month)"
        case .noSuchDay(let input, let year, let month, let day, let length):
            if day == 0 { return "\"\(input)\" is not a date: there is no day 0" }
            return "\"\(input)\" is not a date: \(monthNames[month - 1]) \(year) has \(length) days"
        }
    }
}

/// English month names for messages.
private let monthNames = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]

/// Reads a non-empty run of ASCII digits (at most 9) as a number.
private func asciiNumber(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
    var value = 0
    for byte in bytes {
        guard (0x30...0x39).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 0x30)
    }
    return value
}

/// Left-pads a non-negative number with zeros to `width` digits.
private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
    return value < 0 ? "-" + padded : padded
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines (Foundation-free trimming).
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

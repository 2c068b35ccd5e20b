import Foundation
import Testing
@testable import LogbookDomain

/// Test shorthand: an ISO date that must be valid.
func day(_ iso: String) -> CalendarDate {
    guard let date = CalendarDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test("component validation", arguments: [
        (2028, 2, 29, true), (2027, 2, 29, false), (2000, 2, 29, true), (2100, 2, 29, false),
        (2026, 4, 30, true), (2026, 4, 31, false), (2026, 12, 31, true), (2026, 13, 1, false),
        (2026, 0, 1, false), (2026, 1, 0, false), (0, 1, 1, false), (9999, 12, 31, true),
    ])
    func validation(year: Int, month: Int, dayOfMonth: Int, valid: Bool) {
        #expect((CalendarDate(year: year, month: month, day: dayOfMonth) != nil) == valid)
    }

    @Test("strict ISO init", arguments: [
        ("2026-09-01", "2026-09-01"), ("2028-02-29", "2028-02-29"), ("2027-02-29", nil), ("2026-9-1", nil),
        ("2026-09-01 ", nil), ("20260901", nil), ("2026/09/01", nil), ("1.9.2026", nil), ("", nil), ("2026-09-0a", nil),
    ] as [(String, String?)])
    func isoInit(text: String, expected: String?) {
        #expect(CalendarDate(iso: text)?.iso == expected)
    }

    @Test("day numbers", arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-09-01", 20_697), ("2028-02-29", 21_243),
    ])
    func dayNumbers(iso: String, number: Int) {
        #expect(day(iso).dayNumber == number)
        #expect(CalendarDate(dayNumber: number) == day(iso))
    }

    @Test("day number round trip over 1900-2100")
    func dayNumberRoundTrip() {
        var date = day("1900-01-01")
        for number in date.dayNumber...day("2100-12-31").dayNumber {
            #expect(date.dayNumber == number)
            #expect(CalendarDate(dayNumber: number) == date)
            // Next day by hand.
            if date.day < CalendarDate.daysInMonth(year: date.year, month: date.month) {
                date = CalendarDate(year: date.year, month: date.month, day: date.day + 1)!
            } else if date.month < 12 {
                date = CalendarDate(year: date.year, month: date.month + 1, day: 1)!
            } else {
                date = CalendarDate(year: date.year + 1, month: 1, day: 1)!
            }
        }
    }

    @Test("adding days", arguments: [
        ("2028-02-28", 1, "2028-02-29"), ("2027-02-28", 1, "2027-03-01"), ("2026-12-31", 1, "2027-01-01"),
        ("2026-03-01", -1, "2026-02-28"), ("2027-08-31", 40, "2027-10-10"), ("2026-09-01", 0, "2026-09-01"),
    ])
    func addingDays(start: String, days: Int, expected: String) {
        #expect(day(start).adding(days: days) == day(expected))
    }

    @Test("days until", arguments: [
        ("2026-03-01", "2027-03-01", 365), ("2027-03-01", "2028-03-01", 366), ("2027-03-01", "2026-03-01", -365),
        ("2026-09-01", "2026-09-01", 0),
    ])
    func daysUntil(from: String, to: String, expected: Int) {
        #expect(day(from).days(until: day(to)) == expected)
    }

    @Test("adding months clamps the day", arguments: [
        ("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2026-03-31", -1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-15"), ("2026-01-15", -1, "2025-12-15"), ("2026-03-01", 16, "2027-07-01"),
        ("2027-08-31", -1, "2027-07-31"), ("2026-05-31", 1, "2026-06-30"), ("2026-01-10", -13, "2024-12-10"),
        ("2028-02-29", 24, "2030-02-28"), ("2028-02-29", 48, "2032-02-29"),
    ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(day(start).adding(months: months) == day(expected))
    }

    @Test("month boundaries", arguments: [
        ("2026-02-10", "2026-02-01", "2026-02-28", false), ("2028-02-29", "2028-02-01", "2028-02-29", true),
        ("2026-04-30", "2026-04-01", "2026-04-30", true), ("2026-12-01", "2026-12-01", "2026-12-31", false),
    ])
    func monthBoundaries(date: String, first: String, last: String, isLast: Bool) {
        #expect(day(date).firstDayOfMonth == day(first))
        #expect(day(date).lastDayOfMonth == day(last))
        #expect(day(date).isLastDayOfMonth == isLast)
    }

    @Test("days in month", arguments: [
        (2026, 1, 31), (2026, 2, 28), (2028, 2, 29), (1900, 2, 28), (2000, 2, 29), (2026, 4, 30), (2026, 11, 30),
    ])
    func daysInMonth(year: Int, month: Int, expected: Int) {
        #expect(CalendarDate.daysInMonth(year: year, month: month) == expected)
    }

    @Test("ordering and description")
    func orderingAndDescription() {
        #expect(day("2026-09-01") < day("2026-09-02"))
        #expect(day("2026-12-31") < day("2027-01-01"))
        #expect(!(day("2027-01-01") < day("2027-01-01")))
        #expect("\(day("2026-09-01"))" == "2026-09-01")
        #expect(CalendarDate(year: 812, month: 3, day: 4)!.iso == "0812-03-04")
    }

    static let today = day("2026-05-14")

    @Test("parse accepts", arguments: [
        ("2026-09-01", "2026-09-01"), ("1.9.2026", "2026-09-01"), ("01.09.2026", "2026-09-01"),
        ("01-09-2026", "2026-09-01"), ("1-9-2026", "2026-09-01"), ("1/9/2026", "2026-09-01"),
        ("  1.9.2026\n", "2026-09-01"), ("29.2.2028", "2028-02-29"), ("2026-9-1", "2026-09-01"),
        ("31.12.2026", "2026-12-31"), ("today", "2026-05-14"), ("TODAY", "2026-05-14"), ("i dag", "2026-05-14"),
        ("I Dag", "2026-05-14"), ("idag", "2026-05-14"), (" Today ", "2026-05-14"),
    ])
    func parseGood(text: String, expected: String) throws {
        #expect(try CalendarDate.parse(text, today: Self.today) == day(expected))
    }

    @Test("parse rejects with a message", arguments: [
        ("31.2.2027", "\"31.2.2027\" is not a date: February 2027 has 28 days"),
        ("30.2.2028", "\"30.2.2028\" is not a date: February 2028 has 29 days"),
        ("2026-02-29", "\"2026-02-29\" is not a date: February 2026 has 28 days"),
        ("31.4.2026", "\"31.4.2026\" is not a date: April 2026 has 30 days"),
        ("1.13.2026", "\"1.13.2026\" is not a date: there is no month 13"),
        ("0.1.2026", "\"0.1.2026\" is not a date: there is no day 0"),
        ("1.1.0000", "\"1.1.0000\" is not a date: year 0 is outside 1-9999"),
        ("2027/13/01", "\"2027/13/01\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("1.9.26", "\"1.9.26\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("1.9-2026", "\"1.9-2026\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("abc", "\"abc\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("", "\"\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("tomorrow", "\"tomorrow\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
        ("2026-09-01T10:00", "\"2026-09-01T10:00\" is not a date; use YYYY-MM-DD (2026-09-01) or D.M.YYYY (1.9.2026)"),
    ])
    func parseBad(text: String, message: String) {
        do {
            let date = try CalendarDate.parse(text, today: Self.today)
            Issue.record("parsed \(text) as \(date)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("Codable uses the ISO string")
    func codable() throws {
        let data = try JSONEncoder().encode([day("2026-09-01")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-09-01\"]")
        let back = try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2028-02-29\"]".utf8))
        #expect(back == [day("2028-02-29")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2027-02-29\"]".utf8))
        }
    }

    @Test("today comes from the clock")
    func todayIsPlausible() {
        let now = CalendarDate.today()
        #expect(now.year >= 2025 && now.year < 2100)
    }
}

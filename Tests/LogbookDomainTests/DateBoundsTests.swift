import Testing
@testable import LogbookDomain

@Suite("Date bounds: what the domain allows, said in the message")
struct DateBoundsTests {
    let today = day("2026-06-15")

    @Test("a position starts at most 10 years back and 2 years ahead")
    func positionStart() {
        #expect(DateBounds.positionStart(day("2026-03-01"), today: today) == nil)
        #expect(DateBounds.positionStart(day("2016-06-15"), today: today) == nil)
        #expect(DateBounds.positionStart(day("2028-06-15"), today: today) == nil)
        #expect(DateBounds.positionStart(day("9999-12-01"), today: today)
            == "'--start' 9999-12-01 is more than 2 years after today (2026-06-15); a position may start at the latest on 2028-06-15")
        #expect(DateBounds.positionStart(day("2016-06-14"), today: today)?
            .contains("more than 10 years before today (2026-06-15); a position may start at the earliest on 2016-06-15") == true)
    }

    @Test("a grant from 0001-01-01 or until 9999-12-31 is refused; an open end is fine")
    func grant() {
        #expect(DateBounds.grant(from: day("2026-01-01"), until: nil, today: today) == nil)
        #expect(DateBounds.grant(from: day("2026-01-01"), until: day("2036-06-15"), today: today) == nil)
        #expect(DateBounds.grant(from: day("0001-01-01"), until: nil, today: today)?.contains("'--from' 0001-01-01 is more than 10 years before today") == true)
        #expect(DateBounds.grant(from: day("2026-01-01"), until: day("9999-12-31"), today: today)?
            .contains("'--until' 9999-12-31 is more than 10 years after today (2026-06-15); the latest end is 2036-06-15") == true)
    }

    @Test("a position's end with absence is at most 6 years after its start")
    func positionEnd() {
        #expect(DateBounds.positionEnd(day("2032-02-29"), start: day("2026-03-01"), flag: "--to") == nil)
        #expect(DateBounds.positionEnd(day("9999-12-31"), start: day("2026-03-01"), flag: "--to")?
            .contains("a position lasts at most 6 years with part time and absence (from 2026-03-01 until 2032-02-29 at the latest)") == true)
    }
}

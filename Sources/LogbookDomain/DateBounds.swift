/// How far from today, and from a position, a date put into permanent history may lie (issue 12). Every bound is
/// stated in the refusal, so a typo (`9999-12-31`, `0001-01-01`) is caught where it is typed.
///
/// | date | bound |
/// |---|---|
/// | a position's start | at most `pastYears` before today and `futureYears` after it (and the målbeskrivelse must be in force on it, checked when it is pinned) |
/// | a grant's `--from` | at most `pastYears` before today and `futureYears` after it |
/// | a grant's `--until` | at most `grantYears` after today |
/// | an absence | inside the position (from its start to its end with this absence), and the end it makes at most `positionYears` after the start |
public enum DateBounds {
    /// How many years back a position's start or a grant's first day may lie.
    public static let pastYears = 10
    /// How many years ahead a position or a grant may be registered.
    public static let futureYears = 2
    /// How many years ahead a grant may be given an end (`--until`); leave it out for a grant until further notice.
    public static let grantYears = 10
    /// The longest a position may last, part time and every absence included: 12 months at half time (24) plus
    /// parental leave for several children fits well within it.
    public static let positionYears = 6

    static func earliest(_ today: CalendarDate) -> CalendarDate { today.adding(months: -12 * pastYears) }
    static func latest(_ today: CalendarDate) -> CalendarDate { today.adding(months: 12 * futureYears) }

    /// Why `date` (given as `flag`, meaning `what`) lies outside today's window of `pastYears` back and
    /// `futureYears` ahead; nil when it is inside.
    public static func window(_ date: CalendarDate, flag: String, what: String, today: CalendarDate) -> String? {
        if date < earliest(today) {
            return "'\(flag)' \(date) is more than \(pastYears) years before today (\(today)); \(what) may start at the "
                + "earliest on \(earliest(today))"
        }
        if date > latest(today) {
            return "'\(flag)' \(date) is more than \(futureYears) years after today (\(today)); \(what) may start at the "
                + "latest on \(latest(today))"
        }
        return nil
    }

    /// A position's start: inside today's window.
    public static func positionStart(_ start: CalendarDate, today: CalendarDate) -> String? {
        window(start, flag: "--start", what: "a position", today: today)
    }

    /// A grant's first and last day: the first inside today's window, the last at most `grantYears` ahead.
    public static func grant(from: CalendarDate, until: CalendarDate?, today: CalendarDate) -> String? {
        if let problem = window(from, flag: "--from", what: "a grant", today: today) { return problem }
        let last = today.adding(months: 12 * grantYears)
        if let until, until > last {
            return "'--until' \(until) is more than \(grantYears) years after today (\(today)); the latest end is \(last) "
                + "(leave '--until' out for a grant until further notice)"
        }
        return nil
    }

    /// The last day a position started on `start` may end: `positionYears` after its start, less a day.
    public static func latestEnd(start: CalendarDate) -> CalendarDate {
        start.adding(months: 12 * positionYears).adding(days: -1)
    }

    /// The end a position would get (with a new absence): at most `positionYears` after its start.
    public static func positionEnd(_ end: CalendarDate, start: CalendarDate, flag: String) -> String? {
        let last = latestEnd(start: start)
        guard end > last else { return nil }
        return "'\(flag)' would move the position's end to \(end); a position lasts at most \(positionYears) years with part time "
            + "and absence (from \(start) until \(last) at the latest); check the dates"
    }
}

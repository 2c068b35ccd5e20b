/// Who may read what (issue 15, "Who may see what"): the rules for acts stay in `Access`; reading is scoped.
///
/// Something out of scope is answered as if it did not exist, so these return a plain yes or no, never a reason.
extension Access {
    /// Whether `actor` may see `position` on `day`: its own trainee; anyone holding a grant standing that day in the
    /// position's department (UAO/tutor, hovedvejleder, daglig klinisk vejleder); the secretariat of its region.
    public static func mayRead(_ position: AccessPosition, by actor: Actor, on day: CalendarDate) -> Bool {
        if position.traineeID == actor.id { return true }
        return mayReadDepartment(position.department, by: actor, on: day)
    }

    /// Whether `actor` may see `department`'s positions and report on `day`: a grant standing that day in the
    /// department (any department role), or the secretariat of its region. A trainee sees only their own positions.
    public static func mayReadDepartment(_ department: AccessDepartment, by actor: Actor, on day: CalendarDate) -> Bool {
        actor.grants.contains { grant in
            guard grant.isValid(on: day) else { return false }
            switch grant.scope {
            case .department(let id): return id == department.id
            case .region(let region): return grant.role == .secretariat && region == department.region
            }
        }
    }
}

/// How failed log-ins slow down (issue 15): per account and per address, from the failures in a recent window.
public struct LoginThrottle: Sendable, Hashable {
    /// Failures that are free before waiting starts.
    public var freeFailures: Int
    /// The first wait, in seconds; each further failure doubles it.
    public var firstWait: Int64
    /// The longest wait, in seconds.
    public var longestWait: Int64
    /// How far back failures count, in seconds.
    public var window: Int64

    /// Per account: 5 free failures, then 30 s doubling up to 15 minutes, counted over the last hour.
    public static let account = LoginThrottle(freeFailures: 5, firstWait: 30, longestWait: 900, window: 3600)
    /// Per address (several people behind one NAT): 20 free failures, then the same waits.
    public static let address = LoginThrottle(freeFailures: 20, firstWait: 30, longestWait: 900, window: 3600)

    /// Creates a throttle.
    public init(freeFailures: Int, firstWait: Int64, longestWait: Int64, window: Int64) {
        self.freeFailures = freeFailures
        self.firstWait = firstWait
        self.longestWait = longestWait
        self.window = window
    }

    /// Seconds until another attempt is allowed at `now`, given the failures (Unix seconds, any order) that count;
    /// 0 when an attempt is allowed now.
    public func wait(failures: [Int64], now: Int64) -> Int64 {
        let recent = failures.filter { $0 > now - window && $0 <= now }
        guard recent.count >= freeFailures, let latest = recent.max() else { return 0 }
        let doublings = min(recent.count - freeFailures, 30)
        let wait = min(longestWait, firstWait << Int64(doublings))
        return max(0, latest + wait - now)
    }
}

import LogbookDomain
import LogbookStore

/// Recording absence (fravær) and its effect on the position's end (DOMAIN.md "Time rules").
public enum Absences {
    /// Reads `--kind` in English or Danish (exit 64 with a suggestion otherwise).
    public static func kind(_ text: String) throws -> AbsenceKind {
        if let kind = AbsenceKind(name: text) { return kind }
        let names = AbsenceKind.allCases.map(\.rawValue) + ["sygdom", "barns-sygedag", "omsorgsdag", "ikke-obligatorisk-kursus",
                                                            "barsel", "forældreorlov", "ferie", "obligatorisk-kursus"]
        throw LogbookError.usage("'--kind' must be one of \(AbsenceKind.allCases.map(\.rawValue).joined(separator: ", ")) "
            + "(or sygdom, barns-sygedag, omsorgsdag, barsel, ferie, ...), got \"\(text)\"" + Suggest.didYouMean(text, in: names))
    }

    /// What `absence add` reports: the period and the schedule before and after it.
    public struct Added: Sendable {
        public let id: Int64
        public let period: AbsencePeriod
        public let before: PositionSchedule
        public let after: PositionSchedule
    }

    /// Adds one absence period to a position: within [start, current end], not overlapping another one.
    public static func add(_ session: Session, positionID: Int64, from: String, to: String, kind: String, note: String?) throws -> Added {
        let kind = try self.kind(kind)
        let fromDate = try session.date(from, flag: "--from")
        let toDate = try session.date(to, flag: "--to")
        guard let period = AbsencePeriod(kind: kind, from: fromDate, to: toDate) else {
            throw LogbookError.usage("'--to' \(toDate) is before '--from' \(fromDate)")
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            _ = try Access.mayRecordAbsence(for: facts.access, by: actor, on: session.today).require()
            try facts.requireWithin(fromDate, flag: "--from")
            try facts.requireWithin(toDate, flag: "--to")
            if let other = facts.absences.first(where: { $0.period.overlaps(period) }) {
                throw LogbookError.refused(
                    "\(period.from) to \(period.to) overlaps absence \(other.id) (\(other.period.kind.danishName), "
                        + "\(other.period.from) to \(other.period.to)) of position \(positionID)")
            }
            let id = try PositionRepository(session.store).insertAbsence(
                positionID: positionID, period: period, note: note ?? "", recordedBy: person.id, recordedAt: session.now())
            let after = try session.position(positionID).schedule
            return Added(id: id, period: period, before: facts.schedule, after: after)
        }
    }

    /// The position with its absence periods (the schedule shows counted days, allowance and end).
    public static func list(_ session: Session, positionID: Int64) throws -> PositionFacts {
        try session.store.read { try session.position(positionID) }
    }
}

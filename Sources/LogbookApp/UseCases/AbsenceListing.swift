import LogbookDomain
import LogbookStore

/// One absence period as a reader sees it. Absence kinds are health data (`Access.maySeeAbsenceKinds`): in a session
/// scoped to its actor (the server), a reader who may not see them gets the period and its days with kind and note nil.
public struct AbsenceLine: Sendable {
    /// Who withdrew a period, when and why.
    public struct Withdrawal: Sendable {
        public let on: CalendarDate
        public let by: String
        public let byName: String
        /// nil when the reader may not see absence kinds (a reason may say as much as the kind).
        public let reason: String?
    }

    public let id: Int64
    /// nil when the reader may not see it.
    public let kind: AbsenceKind?
    public let from: CalendarDate
    public let to: CalendarDate
    /// Calendar days; for holiday (ferie) working days (feriedage), as Danes count it (`AbsencePeriod.shownDays`), when
    /// the reader may see kinds (else calendar days, so the count does not give the kind away).
    public let days: Int
    /// Whether it counts against the allowance (never for a withdrawn period).
    public let counts: Bool
    /// nil when the reader may not see it.
    public let note: String?
    /// Set for a withdrawn period.
    public let withdrawn: Withdrawal?
}

/// A position's absence as a reader sees it, with the schedule it gives.
public struct AbsenceListing: Sendable {
    public let positionID: Int64
    public let schedule: PositionSchedule
    /// Whether kinds and notes are shown (false: the reader sees counted days only).
    public let kindsShown: Bool
    /// Standing periods, and withdrawn ones when asked for, in date order.
    public let lines: [AbsenceLine]
}

extension Absences {
    /// The position's absence periods (with `all`, the withdrawn ones too) as the acting person may see them: in a
    /// session scoped to its actor, kinds and notes only for those `Access.maySeeAbsenceKinds` names.
    public static func listing(_ session: Session, positionID: Int64, all: Bool) throws -> AbsenceListing {
        try session.store.read {
            let facts = try session.position(positionID)
            var kindsShown = true
            if session.readScope == .actor {
                kindsShown = Access.maySeeAbsenceKinds(of: facts.access, by: try session.actor().actor, on: session.today)
            }
            func line(_ absence: AbsenceRecord, withdrawn: AbsenceLine.Withdrawal?) -> AbsenceLine {
                let period = absence.period
                return AbsenceLine(id: absence.id, kind: kindsShown ? period.kind : nil, from: period.from, to: period.to,
                                   // Holiday in working days — but only to a reader who sees kinds: a count that is not the
                                   // calendar days would tell the others which periods are holiday (health data, issue 28).
                                   days: kindsShown ? period.shownDays : period.days,
                                   counts: withdrawn == nil && period.kind.countsAgainstAllowance,
                                   note: kindsShown ? absence.note : nil, withdrawn: withdrawn)
            }
            var lines = facts.absences.map { line($0, withdrawn: nil) }
            if all {
                for gone in try PositionRepository(session.store).withdrawnAbsences(positionID: positionID) {
                    let day = gone.on
                    lines.append(line(gone.absence, withdrawn: .init(on: day, by: gone.by, byName: gone.byName, reason: kindsShown ? gone.reason : nil)))
                }
            }
            lines.sort { ($0.from, $0.id) < ($1.from, $1.id) }
            return AbsenceListing(positionID: facts.id, schedule: facts.schedule, kindsShown: kindsShown, lines: lines)
        }
    }
}

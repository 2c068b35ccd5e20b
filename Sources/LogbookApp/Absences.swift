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
        let note = try Input.text(note, "'--note'")
        let fromDate = try session.date(from, flag: "--from")
        let toDate = try session.date(to, flag: "--to")
        guard let period = AbsencePeriod(kind: kind, from: fromDate, to: toDate) else {
            throw LogbookError.usage("'--to' \(toDate) is before '--from' \(fromDate)")
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let acting = try Access.mayRecordAbsence(for: facts.access, by: actor, on: session.today).require(session.texts).grant
            try refuseUnderAttestation(session, facts)
            try facts.requireWithin(fromDate, flag: "--from")
            // A period may run past the current end when it moves the end far enough to contain it.
            let extended = TimeRules.schedule(for: facts.terms, absences: facts.absences.map(\.period) + [period])
            if let problem = DateBounds.positionEnd(extended.end, start: facts.position.start, flag: "--to") {
                throw LogbookError.refused(problem)
            }
            guard toDate <= extended.end else {
                throw LogbookError.refused(
                    "'--to' \(toDate) is outside position \(positionID), which runs \(facts.spanText) (\(extended.end) with this "
                        + "absence); record the part up to the end")
            }
            if let other = facts.absences.first(where: { $0.period.overlaps(period) }) {
                throw LogbookError.refused(
                    "\(period.from) to \(period.to) overlaps absence \(other.id) (\(other.period.kind.danishName), "
                        + "\(other.period.from) to \(other.period.to)) of position \(positionID)")
            }
            let id = try PositionRepository(session.store).insertAbsence(
                positionID: positionID, period: period, note: note ?? "", recordedBy: person.id, recordedAt: session.now())
            try session.appendFact(.absence, positionID: positionID, by: person, acting: acting, payload: AbsencePayload(period: period).text,
                                   text: note ?? "", table: "absence", row: id)
            let after = try session.position(positionID).schedule
            return Added(id: id, period: period, before: facts.schedule, after: after)
        }
    }

    /// Absence moves the end and with it when time may be attested: refused while time or the element is attested.
    static func refuseUnderAttestation(_ session: Session, _ facts: PositionFacts) throws {
        let events = EventRepository(session.store)
        for kind in [EventKind.elementAttestation, .timeAttestation] {
            if let standing = try events.standing(positionID: facts.id, kind: kind).first {
                throw LogbookError.refused(
                    "position \(facts.id) has a standing \(kind.label) (event \(standing.id), \(standing.content.effectiveOn)); "
                        + "absence changes the end it rests on, so revoke that first")
            }
        }
    }

    /// Withdraws an absence period recorded by mistake, with a reason; the end is recomputed without it.
    public static func revoke(_ session: Session, absenceID: Int64, reason: String) throws -> (positionID: Int64, before: PositionSchedule, after: PositionSchedule) {
        let reason = try Input.text(reason, "'--reason'") ?? ""
        guard !reason.isEmpty else { throw LogbookError.usage("'--reason' must say why the absence is withdrawn") }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let positions = PositionRepository(session.store)
            guard let info = try positions.absenceInfo(id: absenceID) else {
                throw LogbookError.refused("no absence \(absenceID); see `logbook absence list --position ID`")
            }
            let facts = try session.position(info.positionID)
            // Who may act comes first: someone without the grant learns nothing more about the absence.
            let acting = try Access.mayRecordAbsence(for: facts.access, by: actor, on: session.today).require(session.texts).grant
            if info.revoked { throw LogbookError.refused("absence \(absenceID) is already withdrawn") }
            try refuseUnderAttestation(session, facts)
            let row = try positions.revokeAbsence(id: absenceID, reason: reason, revokedBy: person.id, recordedAt: session.now())
            guard let absenceEvent = try FactRepository(session.store).event("absence", row: absenceID) else {
                throw LogbookError(.internalError, "absence \(absenceID) has no event in the log")
            }
            try session.appendFact(.absenceWithdrawal, positionID: facts.id, by: person, acting: acting,
                                   payload: AbsenceWithdrawalPayload(absenceEvent: absenceEvent).text, text: reason,
                                   table: "absence_revocation", row: row)
            return (facts.id, facts.schedule, try session.position(info.positionID).schedule)
        }
    }

    /// The position with its absence periods (the schedule shows counted days, allowance and end).
    public static func list(_ session: Session, positionID: Int64) throws -> PositionFacts {
        try session.store.read { try session.position(positionID) }
    }
}

import LogbookDomain
import LogbookStore

/// Recording absence (fravær) and its effect on the position's end (DOMAIN.md "Time rules").
public enum Absences {
    /// Reads `--kind` in English or Danish (exit 64 with a suggestion otherwise).
    public static func kind(_ text: String, texts: Texts = .untranslated) throws -> AbsenceKind {
        if let kind = AbsenceKind(name: text) { return kind }
        let names = AbsenceKind.allCases.map(\.rawValue) + ["sygdom", "barns-sygedag", "omsorgsdag", "ikke-obligatorisk-kursus",
                                                            "barsel", "forældreorlov", "ferie", "obligatorisk-kursus"]
        // The accepted names in the reader's language (issue 28: the Danish names for a Danish reader, as `--kind` takes them).
        let danish = ["sygdom", "barns-sygedag", "omsorgsdag", "ikke-obligatorisk-kursus", "barsel", "ferie", "obligatorisk-kursus"]
        let listed = texts.language == .da ? danish : AbsenceKind.allCases.map(\.rawValue)
        var values = ["kinds": listed.joined(separator: ", "), "value": text]
        if let near = Suggest.nearest(to: text, in: names), near != text {
            values["near"] = near
            throw LogbookError.usage(texts("absence.badKind.near", values))
        }
        throw LogbookError.usage(texts("absence.badKind", values))
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
        let t = session.texts
        let kind = try self.kind(kind, texts: t)
        let note = try Input.text(note, "'--note'", texts: session.texts)
        let fromDate = try session.date(from, flag: "--from")
        let toDate = try session.date(to, flag: "--to")
        guard let period = AbsencePeriod(kind: kind, from: fromDate, to: toDate) else {
            throw LogbookError.usage(t("absence.toBeforeFrom", ["to": t.date(toDate), "from": t.date(fromDate)])).concerning("--to")
        }
        // Sickness and a child's sick day are recorded as they happen, never ahead: counted at once, days not yet
        // lived would move the end and use the allowance before anyone knows they come. Planned kinds (holiday,
        // care day, courses, parental leave) may lie ahead.
        if kind == .sickness || kind == .childSick, toDate > session.today {
            throw LogbookError.refused(t("absence.sicknessAhead", [
                "kind": t.absenceKind(kind), "to": t.date(toDate), "today": t.date(session.today)])).concerning("--to")
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let acting = try Access.mayRecordAbsence(for: facts.access, by: actor, on: session.today).require(session.texts).grant
            try refuseUnderAttestation(session, facts)
            try facts.requireWithin(fromDate, flag: "--from", texts: t)
            // A period may run past the current end when it moves the end far enough to contain it.
            let extended = TimeRules.schedule(for: facts.terms, absences: facts.absences.map(\.period) + [period])
            if let problem = DateBounds.positionEnd(extended.end, start: facts.position.start, flag: "--to") {
                throw LogbookError.refused(problem)
            }
            guard toDate <= extended.end else {
                throw LogbookError.refused(t("absence.toOutside", [
                    "to": t.date(toDate), "position": String(positionID), "start": t.date(facts.position.start),
                    "end": t.date(facts.schedule.end), "extended": t.date(extended.end)])).concerning("--to")
            }
            if let other = facts.absences.first(where: { $0.period.overlaps(period) }) {
                throw LogbookError.refused(t("absence.overlaps", [
                    "from": t.date(period.from), "to": t.date(period.to), "other": String(other.id),
                    "kind": t.absenceKind(other.period.kind), "otherFrom": t.date(other.period.from), "otherTo": t.date(other.period.to),
                    "position": String(positionID)]))
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
                let t = session.texts
                throw LogbookError.refused(t("absence.underAttestation", [
                    "position": String(facts.id), "kind": t.eventKind(kind), "event": String(standing.id),
                    "date": t.date(standing.content.effectiveOn)]))
            }
        }
    }

    /// Withdraws an absence period recorded by mistake, with a reason; the end is recomputed without it.
    public static func revoke(_ session: Session, absenceID: Int64, reason: String) throws -> (positionID: Int64, before: PositionSchedule, after: PositionSchedule) {
        let t = session.texts
        let reason = try Input.text(reason, "'--reason'", texts: session.texts) ?? ""
        guard !reason.isEmpty else { throw LogbookError.usage(t("absence.noReason")) }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let positions = PositionRepository(session.store)
            let noAbsence = LogbookError.notFound(t("absence.none", ["id": String(absenceID)]))
            guard let info = try positions.absenceInfo(id: absenceID) else { throw noAbsence }
            // In a session scoped to its actor (the server), an absence of a position out of sight does not exist.
            let facts: PositionFacts
            do { facts = try session.position(info.positionID) } catch let error as LogbookError where error.reason == .notFound {
                throw session.readScope == .actor ? noAbsence : error
            }
            // Who may act comes first: someone without the grant learns nothing more about the absence.
            let acting = try Access.mayRecordAbsence(for: facts.access, by: actor, on: session.today).require(session.texts).grant
            if info.revoked { throw LogbookError.refused(t("absence.alreadyWithdrawn", ["id": String(absenceID)])) }
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
    ///
    /// (The names of absence kinds for people are `Texts.absenceKind`.)
    public static func list(_ session: Session, positionID: Int64) throws -> PositionFacts {
        try session.store.read { try session.position(positionID) }
    }

    /// The position with its withdrawn absence periods too (`absence list --all`).
    public static func listAll(_ session: Session, positionID: Int64) throws -> (facts: PositionFacts, withdrawn: [WithdrawnAbsence]) {
        try session.store.read {
            let facts = try session.position(positionID)
            return (facts, try PositionRepository(session.store).withdrawnAbsences(positionID: positionID))
        }
    }
}

extension Texts {
    /// A kind of absence as a person reads it: "sygdom" in Danish, "sickness" in English.
    public func absenceKind(_ kind: AbsenceKind) -> String {
        switch kind {
        case .sickness: return self("absence.kind.sickness")
        case .childSick: return self("absence.kind.childSick")
        case .careDay: return self("absence.kind.careDay")
        case .optionalCourse: return self("absence.kind.optionalCourse")
        case .parentalLeave: return self("absence.kind.parentalLeave")
        case .holiday: return self("absence.kind.holiday")
        case .mandatoryCourse: return self("absence.kind.mandatoryCourse")
        }
    }

    /// A kind of meeting as a person reads it: "introduktionssamtale" in Danish, "introduction meeting" in English.
    public func meetingKind(_ kind: MeetingKind) -> String {
        switch kind {
        case .introduction: return self("meeting.kind.introduction")
        case .adjustment: return self("meeting.kind.adjustment")
        case .final: return self("meeting.kind.final")
        }
    }
}

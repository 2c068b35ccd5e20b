import LogbookDomain
import LogbookStore

/// "May I apply for / start a hoveduddannelse in S?" from the trainee's intro positions and their events.
public enum EligibilityCheck {
    /// The answer for `trainee` and `specialty` on `on` (default today).
    ///
    /// An attestation or statement counts when its date is on or before the day asked about and it was not
    /// revoked by then.
    public static func evaluate(_ session: Session, trainee handle: String, specialty: String, on: String?) throws
        -> (person: StoredPerson, specialty: String, answer: Eligibility)
    {
        let day = try on.map { try session.date($0, flag: "--on") } ?? session.today
        return try session.store.read {
            // Unknown names are usage errors (exit 64), so a script can tell a typo from "may not apply" (exit 1).
            let person: StoredPerson
            do {
                person = try session.person(handle, what: "--trainee")
            } catch let error as LogbookError {
                throw LogbookError.usage(error.message)
            }
            let curricula = CurriculumRepository(session.store)
            guard let specialtyID = try curricula.specialtyID(named: specialty) else {
                throw LogbookError.usage(
                    "no specialty \"\(specialty)\"\(Suggest.didYouMean(specialty, in: try curricula.specialtyNames())); see `logbook curriculum list`")
            }
            let specialtyName = try curricula.specialtyName(id: specialtyID) ?? specialty
            let positions = PositionRepository(session.store)
            let events = EventRepository(session.store)
            var records: [IntroRecord] = []
            for stored in try positions.positions(traineeID: person.id) {
                let facts = try positions.facts(for: stored)
                let qualifying = try curricula.qualifyingSpecialties(for: facts.curriculum.specialtyID)
                var names: Set<String> = []
                for id in qualifying {
                    if let name = try curricula.specialtyName(id: id) { names.insert(name) }
                }
                let history = try events.events(positionID: facts.id)
                func standing(_ kind: EventKind) -> (id: Int64, on: CalendarDate)? {
                    history.first { event in
                        event.kind == kind && event.content.effectiveOn <= day
                            && (event.revokedBy.map { $0.on > day } ?? true)
                    }.map { ($0.id, $0.content.effectiveOn) }
                }
                records.append(IntroRecord(
                    positionID: facts.id, specialty: facts.curriculum.specialty, qualifiesFor: names,
                    elementAttestation: standing(.elementAttestation), statement: standing(.statement),
                    isOngoing: facts.isOngoing(on: day)))
            }
            return (person, specialtyName, Eligibility(specialty: specialtyName, records: records))
        }
    }
}

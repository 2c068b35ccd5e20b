import LogbookDomain
import LogbookStore

/// "May I apply for / start a hoveduddannelse in S?" from the trainee's intro positions and their events.
public enum EligibilityCheck {
    /// The answer for `trainee` and `specialty` on `on` (default today).
    ///
    /// An attestation or statement counts when its date is on or before the day asked about and it was not
    /// revoked by then.
    public static func evaluate(_ session: Session, trainee handle: String, specialty: String, on: String?) throws
        -> (person: PersonRecord, specialty: String, answer: Eligibility)
    {
        let day = try on.map { try session.date($0, flag: "--on") } ?? session.today
        return try session.store.read {
            // Unknown names are usage errors (exit 64), so a script can tell a typo from "may not apply" (exit 1).
            let person: PersonRecord
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
            // The acts standing on the day, as status and reports see them (PositionOverview.acts(on:)).
            var records: [IntroRecord] = []
            for overview in try PositionLoader(session.store).load(.trainee(person.id), detail: .acts) {
                let facts = overview.facts
                let acts = overview.acts(on: day)
                records.append(IntroRecord(
                    positionID: facts.id, specialty: facts.curriculum.specialty,
                    qualifiesFor: Set(try curricula.qualifyingSpecialtyNames(for: facts.curriculum.specialtyID)),
                    elementAttestation: acts.elementAttestation.map { ($0.eventID, $0.on) },
                    statement: acts.statement.map { ($0.eventID, $0.on) }, isOngoing: facts.isOngoing(on: day)))
            }
            return (person, specialtyName, Eligibility(specialty: specialtyName, records: records))
        }
    }
}

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
            // An unknown trainee is a usage error (exit 64); an unknown specialty is an answer: no målbeskrivelse
            // names it, so nobody may apply for it here (exit 1, with the nearest known name for a typo).
            let person: PersonRecord
            if session.readScope == .actor {
                // The server: a person is there for the actor only as themselves or as the trainee of a position the actor
                // may see; anyone else is answered exactly like a handle nobody has (and no near handle is suggested).
                person = try visiblePerson(session, handle)
            } else {
                do {
                    person = try session.person(handle, what: "--trainee")
                } catch let error as LogbookError {
                    throw LogbookError(.usage, error.message, reason: error.reason)
                }
            }
            let curricula = CurriculumRepository(session.store)
            // The specialty by its name or its official name ("Intern medicin: nefrologi"); the group by its name ("Intern
            // medicin": an intro in any of its specialties qualifies for all of them, so any one of them answers for it).
            var groupName: String?
            var specialtyID = try curricula.specialtyID(named: specialty)
            if specialtyID == nil, let group = try curricula.group(named: specialty), let first = group.members.first {
                specialtyID = first
                groupName = group.name
            }
            guard let specialtyID else {
                let suggestion = Suggest.nearest(to: specialty, in: try curricula.specialtyNames())
                return (person, specialty, Eligibility(unknownSpecialty: specialty, suggestion: suggestion))
            }
            let memberName = try curricula.specialtyName(id: specialtyID) ?? specialty
            // The acts standing on the day, as status and reports see them (PositionOverview.acts(on:)).
            var records: [IntroRecord] = []
            // A cancelled position (started by mistake) is no intro: it gives no reason either way (issue 28).
            for overview in try PositionLoader(session.store).load(.trainee(person.id), detail: .acts) where !overview.facts.position.isCancelled {
                let facts = overview.facts
                let acts = overview.acts(on: day)
                records.append(IntroRecord(
                    positionID: facts.id, specialty: facts.curriculum.specialty,
                    qualifiesFor: Set(try curricula.qualifyingSpecialtyNames(for: facts.curriculum.specialtyID)),
                    elementAttestation: acts.elementAttestation.map { ($0.eventID, $0.on) },
                    statement: acts.statement.map { ($0.eventID, $0.on) }, isOngoing: facts.isOngoing(on: day)))
            }
            return (person, groupName ?? memberName, Eligibility(specialty: memberName, records: records))
        }
    }

    /// The trainee `handle` if the acting person may see them (themselves, or the trainee of a position they may read);
    /// otherwise the answer for a handle nobody has (exit 64, HTTP 404).
    static func visiblePerson(_ session: Session, _ handle: String) throws -> PersonRecord {
        let missing = LogbookError(.usage, session.texts("api.noPerson", ["handle": handle]), reason: .notFound)
        let (me, actor) = try session.actor()
        guard let person = try PersonRepository(session.store).find(handle: handle) else { throw missing }
        if person.id == me.id { return person }
        let readable = try PositionLoader(session.store).load(.trainee(person.id)).contains {
            Access.mayRead($0.facts.access, by: actor, on: session.today)
        }
        guard readable else { throw missing }
        return person
    }
}

import LogbookDomain
import LogbookStore

/// Registering people and looking them up with their grants and positions.
public enum People {
    /// Adds a person. Needs a secretariat, UAO or tutor grant, except in a database with no grants at all
    /// (bootstrap), where no one needs to act. Returns the person and whether it was a bootstrap.
    public static func add(_ session: Session, handle: String, name: String, authorisationID: String?) throws
        -> (person: PersonRecord, bootstrap: Bool)
    {
        let handle = handle.trimmed, name = name.trimmed
        let authorisation = authorisationID.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        guard !handle.isEmpty, handle.count <= 64, !handle.contains(where: { $0.isWhitespace }) else {
            throw LogbookError.usage("HANDLE must be 1 to 64 characters without spaces, got \"\(handle)\"")
        }
        guard !name.isEmpty else { throw LogbookError.usage("'--name' must not be empty") }
        return try session.store.write {
            let people = PersonRepository(session.store)
            var createdBy: Int64?
            var bootstrap = false
            if try people.hasNoGrants() && session.actorHandle == nil {
                bootstrap = true
            } else {
                let (person, actor) = try session.actor()
                _ = try Access.mayAddPerson(by: actor, on: session.today).require()
                createdBy = person.id
            }
            if let existing = try people.find(handleIgnoringCase: handle) {
                throw LogbookError.refused(
                    "a person with handle \"\(existing.handle)\" already exists (handles are unique regardless of case); "
                        + "see `logbook person show \(existing.handle)`")
            }
            if let authorisation, let holder = try people.find(authorisationID: authorisation) {
                throw LogbookError.refused("'--authorisation-id' \(authorisation) already belongs to \(holder.handle)")
            }
            let id = try people.insert(handle: handle, name: name, authorisationID: authorisation, createdAt: session.now(),
                                       createdBy: createdBy)
            guard let stored = try people.find(id: id) else { throw LogbookError(.internalError, "person \(id) vanished") }
            return (stored, bootstrap)
        }
    }

    /// Every person.
    public static func list(_ session: Session) throws -> [PersonRecord] {
        try session.store.read { try PersonRepository(session.store).all() }
    }

    /// One person with all their grants and positions.
    public static func show(_ session: Session, handle: String) throws
        -> (person: PersonRecord, grants: [GrantRecord], positions: [PositionFacts])
    {
        try session.store.read {
            let person = try session.person(handle, what: "HANDLE")
            let grants = try PersonRepository(session.store).grants(personID: person.id)
            let facts = try PositionLoader(session.store).load(.trainee(person.id)).map(\.facts)
            return (person, grants, facts)
        }
    }
}

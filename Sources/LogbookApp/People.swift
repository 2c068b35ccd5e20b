import LogbookDomain
import LogbookStore

/// Registering people and looking them up with their grants and positions.
public enum People {
    /// Adds a person. Needs a secretariat, UAO or tutor grant, except in a database with no grants at all
    /// (bootstrap), where no one needs to act. Returns the person and whether it was a bootstrap.
    public static func add(_ session: Session, handle: String, name: String, authorisationID: String?) throws
        -> (person: PersonRecord, bootstrap: Bool)
    {
        let handle = try Input.handle(handle), name = try Input.line(name, "'--name'")
        let authorisation = try authorisationID.map { try Input.code($0, "'--authorisation-id'") }.flatMap { $0.isEmpty ? nil : $0 }
        guard !name.isEmpty else { throw LogbookError.usage("'--name' must not be empty") }
        return try session.store.write {
            let people = PersonRepository(session.store)
            var createdBy: Int64?
            var bootstrap = false
            if try people.hasNoGrants() && session.actorHandle == nil {
                bootstrap = true
            } else {
                let (person, actor) = try session.actor()
                _ = try Access.mayAddPerson(by: actor, on: session.today).require(session.texts)
                createdBy = person.id
            }
            if let existing = try people.find(handleIgnoringCase: handle) {
                throw LogbookError.refused(
                    "a person with handle \"\(existing.handle)\" already exists (handles are unique regardless of case); "
                        + "see `logbook person show \(existing.handle)`")
            }
            if let existing = Handle.confusable(handle, with: try people.all().map(\.handle)) {
                throw LogbookError.refused(
                    "handle \"\(handle)\" is too easily mistaken for the existing \"\(existing)\" (0/o, 1/l, rn/m, vv/w and . - _ "
                        + "read alike); choose a handle that differs in a letter")
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

import LogbookDomain
import LogbookStore

/// Registering people and looking them up with their grants and positions.
public enum People {
    /// Adds a person. Needs a secretariat, UAO or tutor grant, except in a database with no grants at all
    /// (bootstrap), where no one needs to act. Returns the person and whether it was a bootstrap.
    public static func add(_ session: Session, handle: String, name: String, authorisationID: String?) throws
        -> (person: PersonRecord, bootstrap: Bool)
    {
        let t = session.texts
        let handle = try Input.handle(handle), name = try Input.line(name, "'--name'")
        let authorisation = try authorisationID.map { try Input.code($0, "'--authorisation-id'") }.flatMap { $0.isEmpty ? nil : $0 }
        guard !name.isEmpty else { throw LogbookError.usage(t("person.nameEmpty")) }
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
                throw LogbookError.conflict(t("person.exists", ["handle": existing.handle]))
            }
            if let existing = Handle.confusable(handle, with: try people.all().map(\.handle)) {
                throw LogbookError.conflict(t("person.confusable", ["handle": handle, "existing": existing]))
            }
            if let authorisation, let holder = try people.find(authorisationID: authorisation) {
                throw LogbookError.conflict(t("person.authorisationTaken", ["id": authorisation, "handle": holder.handle]))
            }
            let id = try people.insert(handle: handle, name: name, authorisationID: authorisation, createdAt: session.now(),
                                       createdBy: createdBy)
            guard let stored = try people.find(id: id) else {
                throw LogbookError(.internalError, t("person.vanished", ["id": String(id)]))
            }
            return (stored, bootstrap)
        }
    }

    /// Every person's full name by handle, for showing who did what.
    public static func names(_ session: Session) throws -> [String: String] {
        try session.store.read {
            Dictionary(try PersonRepository(session.store).all().map { ($0.handle, $0.name) }, uniquingKeysWith: { first, _ in first })
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


/// The words for roles, kinds of department and grant states, from the catalog (`role.*` in catalog/*-terms.txt).
extension Texts {
    /// A role as a person reads it: "hovedvejleder", "main supervisor".
    public func roleName(_ role: GrantRole) -> String { self.role(role.rawValue) }

    /// A role's short form for narrow tables: "HV", "DKV", "UAO".
    public func roleShort(_ role: GrantRole) -> String { shortRole(role.rawValue) }

    /// A kind of department in running text: "sygehusafdeling", "almen praksis".
    public func departmentKind(_ kind: WorkplaceKind) -> String {
        switch kind {
        case .hospital: return self("department.kind.hospital")
        case .generalPractice: return self("department.kind.generalPractice")
        }
    }

    /// A kind of department in a table column: "sygehus", "praksis".
    public func departmentKindShort(_ kind: WorkplaceKind) -> String {
        switch kind {
        case .hospital: return self("department.kind.short.hospital")
        case .generalPractice: return self("department.kind.short.generalPractice")
        }
    }

    /// A grant's state in a table: "gældende", "afsluttet", "kommende".
    public func grantStatus(_ status: Grants.Status) -> String {
        switch status {
        case .current: return self("grant.status.current")
        case .ended: return self("grant.status.ended")
        case .future: return self("grant.status.future")
        }
    }

    /// Where a grant holds: "afdeling KARD", "region Syddanmark".
    public func grantPlace(_ grant: GrantRecord) -> String {
        if let code = grant.departmentCode { return self("grant.place.department", ["code": code]) }
        return self("grant.place.region", ["region": grant.grant.region ?? ""])
    }
}

import LogbookDomain
import LogbookStore

/// Registering people and looking them up with their grants and positions.
public enum People {
    /// Adds a person. Needs a secretariat, UAO or tutor grant, except in a database with no grants at all
    /// (bootstrap), where no one needs to act. Returns the person and whether it was a bootstrap.
    public static func add(_ session: Session, handle: String, name: String, authorisationID: String?, email: String? = nil) throws
        -> (person: PersonRecord, bootstrap: Bool)
    {
        let t = session.texts
        let handle = try Input.handle(handle, texts: session.texts), name = try Input.line(name, "'--name'", texts: session.texts)
        let authorisation = try authorisationID.map { try Input.code($0, "'--authorisation-id'", texts: session.texts) }.flatMap { $0.isEmpty ? nil : $0 }
        guard !name.isEmpty else { throw LogbookError.usage(t("person.nameEmpty")) }
        let email = try email.map { try Self.email($0, t) }
        return try session.store.write {
            let people = PersonRepository(session.store)
            var createdBy: Int64?
            var bootstrap = false
            var maker: (person: PersonRecord, grant: Grant?)?
            if try people.hasNoGrants() && session.actorHandle == nil {
                bootstrap = true
            } else {
                let (person, actor) = try session.actor()
                let permit = try Access.mayAddPerson(by: actor, on: session.today).require(session.texts)
                createdBy = person.id
                maker = (person, permit.grant)
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
                                       createdBy: createdBy, email: email)
            guard let stored = try people.find(id: id) else {
                throw LogbookError(.internalError, t("person.vanished", ["id": String(id)]))
            }
            // The name the log vouches for (issue 29). Before the first grant nobody may act: the bootstrap grant names
            // everyone added until then (`Grants.add`).
            if let maker { try session.appendName(handle: stored.handle, name: stored.name, by: maker.person, acting: maker.grant) }
            return (stored, bootstrap)
        }
    }

    /// One field's correction: the new value (nil clears an authorisation id or e-mail).
    public enum Correction: Sendable {
        case name(String)
        case authorisationID(String?)
        case email(String?)
    }

    /// Corrects a person's name, authorisation id or e-mail; the old value is kept in the person's history with who
    /// changed it, when and why. Name and authorisation id: whoever may add people (secretariat, UAO, tutor). E-mail:
    /// they, or the person themselves. The handle never changes (the signed log names people by it).
    public static func correct(_ session: Session, handle: String, corrections: [Correction], reason: String?) throws -> PersonRecord {
        let t = session.texts
        let reason = try Input.text(reason, "'--reason'", texts: session.texts) ?? ""
        guard !corrections.isEmpty else { throw LogbookError.usage(t("person.correct.nothing")) }
        var values: [(PersonField, String?)] = []
        for correction in corrections {
            switch correction {
            case .name(let name):
                let name = try Input.line(name, "'--name'", texts: session.texts)
                guard !name.isEmpty else { throw LogbookError.usage(t("person.nameEmpty")) }
                values.append((.name, name))
            case .authorisationID(let id):
                values.append((.authorisationID, try id.map { try Input.code($0, "'--authorisation-id'", texts: session.texts) }.flatMap { $0.isEmpty ? nil : $0 }))
            case .email(let address):
                values.append((.email, try address.map { try Self.email($0, t) }))
            }
        }
        return try session.store.write {
            let people = PersonRepository(session.store)
            let (actorPerson, actor) = try session.actor()
            let person = try session.visiblePerson(handle, what: "HANDLE")
            let onlyOwnEmail = person.id == actorPerson.id && values.allSatisfy { $0.0 == .email }
            var acting: Grant?
            if !onlyOwnEmail { acting = try Access.mayAddPerson(by: actor, on: session.today).require(t).grant }
            if let id = values.first(where: { $0.0 == .authorisationID })?.1, let holder = try people.find(authorisationID: id), holder.id != person.id {
                throw LogbookError.conflict(t("person.authorisationTaken", ["id": id, "handle": holder.handle]))
            }
            var changed = 0
            for (field, value) in values {
                let old: String?
                switch field {
                case .name: old = person.name
                case .authorisationID: old = person.authorisationID
                case .email: old = person.email
                }
                guard old != value else { continue }
                try people.correct(personID: person.id, field: field, from: old, to: value, reason: reason, changedBy: actorPerson.id,
                                   changedAt: session.now())
                if field == .name, let value {
                    try session.appendName(handle: person.handle, name: value, by: actorPerson, acting: acting, reason: reason)
                }
                changed += 1
            }
            guard changed > 0 else { throw LogbookError.conflict(t("person.correct.unchanged", ["handle": person.handle])) }
            guard let stored = try people.find(id: person.id) else {
                throw LogbookError(.internalError, t("person.vanished", ["id": String(person.id)]))
            }
            return stored
        }
    }

    /// An e-mail address as typed: trimmed, one `@` with text on both sides, no spaces or control characters, at most
    /// 254 characters (RFC 5321). Refused with a usage error otherwise.
    static func email(_ text: String, _ t: Texts) throws -> String {
        let address = try Input.line(text, "'--email'", texts: t)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix("."), !address.contains(where: { $0.isWhitespace || "<>()[],;:\\\"".contains($0) }) else {
            throw LogbookError.usage(t("person.email.invalid", ["email": address]))
        }
        return address
    }

    /// A person's corrections, oldest first.
    public static func changes(_ session: Session, personID: Int64) throws -> [PersonChange] {
        try session.store.read { try PersonRepository(session.store).changes(personID: personID) }
    }

    /// Full names by handle, looked up as asked for (`NameBook`), for showing who did what.
    public static func names(_ session: Session) throws -> NameBook { NameBook(session) }

    /// Every person; in a session scoped to its actor (the server), those the actor may see (`AdminScope`).
    public static func list(_ session: Session) throws -> [PersonRecord] {
        try session.store.read {
            let all = try PersonRepository(session.store).all()
            guard session.readScope == .actor else { return all }
            let viewer = try AdminScope.viewer(session)
            return try AdminScope.filter(session, all, viewer)
        }
    }

    /// One person with all their grants and positions. In a session scoped to its actor, a person out of sight is
    /// answered like a handle nobody has, and only the grants and positions the actor may see are given.
    public static func show(_ session: Session, handle: String) throws
        -> (person: PersonRecord, grants: [GrantRecord], positions: [PositionFacts])
    {
        try session.store.read {
            let person = try session.visiblePerson(handle, what: "HANDLE")
            var grants = try PersonRepository(session.store).grants(personID: person.id)
            var facts = try PositionLoader(session.store).load(.trainee(person.id)).map(\.facts)
            if session.readScope == .actor {
                let viewer = try AdminScope.viewer(session)
                grants = try grants.filter { try AdminScope.sees(session, $0.grant, viewer) }
                facts = facts.filter { Access.mayRead($0.access, by: viewer.actor, on: session.today) }
            }
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

/// Full names by handle for a command's output, each looked up when first asked for (one indexed read of
/// `person.handle`) and kept: a command that names three people reads three rows, not everyone in the database.
/// A handle without a person (or a failed read) gives nil, and the caller shows the handle.
public final class NameBook {
    let session: Session
    private var known: [String: String?] = [:]

    init(_ session: Session) { self.session = session }

    public subscript(_ handle: String) -> String? {
        if let name = known[handle] { return name }
        let name = (try? PersonRepository(session.store).find(handle: handle))??.name
        known[handle] = name
        return name
    }
}

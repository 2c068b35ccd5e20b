import LogbookDomain
import LogbookStore

/// Granting and ending roles (DOMAIN.md "Access").
public enum Grants {
    /// Reads a ROLE in English or Danish (exit 64 with a suggestion otherwise).
    public static func role(_ text: String) throws -> GrantRole {
        if let role = GrantRole(name: text) { return role }
        throw LogbookError.usage(
            "ROLE must be secretariat, uao, tutor, supervisor or clinical-supervisor (Danish: sekretariat, uddannelsesansvarlig, "
                + "tutorlæge, hovedvejleder, daglig-klinisk-vejleder), got \"\(text)\"" + Suggest.didYouMean(text, in: GrantRole.allNames))
    }

    /// What `grant add` reports.
    public struct Added: Sendable {
        public let grant: GrantRecord
        /// True for the very first secretariat grant of an empty database, given without anyone acting.
        public let bootstrap: Bool
    }

    /// Grants `role` to `handle` in a department or region from `from` (default today) through `until`.
    public static func add(_ session: Session, handle: String, role: GrantRole, departmentCode: String?, region: String?,
                           from: String?, until: String?, mayApprove: Bool) throws -> Added {
        switch (departmentCode, region) {
        case (nil, nil):
            throw LogbookError.usage(role == .secretariat ? "a secretariat grant needs '--region NAME'" : "a \(role.title) grant needs '--department CODE'")
        case (.some, .some):
            throw LogbookError.usage("give either '--department' or '--region', not both")
        case (.some, nil) where role == .secretariat:
            throw LogbookError.usage("a secretariat grant belongs to a region: give '--region NAME' instead of '--department'")
        case (nil, .some) where role != .secretariat:
            throw LogbookError.usage("a \(role.title) grant belongs to a department: give '--department CODE' instead of '--region'")
        default: break
        }
        if mayApprove && role != .clinicalSupervisor {
            throw LogbookError.usage("'--may-approve' is the delegation of a clinical-supervisor (daglig klinisk vejleder) grant, not of \(role.rawValue)")
        }
        let validFrom = try from.map { try session.date($0, flag: "--from") } ?? session.today
        let validUntil = try until.map { try session.date($0, flag: "--until") }
        if let validUntil, validUntil < validFrom {
            throw LogbookError.usage("'--until' \(validUntil) is before '--from' \(validFrom)")
        }
        if let problem = DateBounds.grant(from: validFrom, until: validUntil, today: session.today) { throw LogbookError.refused(problem) }
        let region = try region.map { try Input.line($0, "'--region'") }
        return try session.store.write {
            let people = PersonRepository(session.store)
            let empty = try people.hasNoGrants()
            let bootstrap = role == .secretariat && session.actorHandle == nil && empty
            var grantedBy: Int64?
            let subject: AccessSubject
            let scope: GrantScope
            if let departmentCode {
                let department = try session.department(departmentCode)
                subject = .department(AccessDepartment(id: department.id, code: department.code, kind: department.kind,
                                                       region: department.region))
                scope = .department(department.id)
            } else {
                let name = (region ?? "").trimmed
                guard !name.isEmpty else { throw LogbookError.usage("'--region' must not be empty") }
                subject = .region(name)
                scope = .region(name)
            }
            let holder = try session.person(handle, what: "HANDLE")
            var maker = holder
            var acting: Grant?
            if !bootstrap {
                let (person, actor) = try session.actor()
                acting = try Access.mayGrant(role, in: subject, by: actor, on: session.today).require(session.texts).grant
                grantedBy = person.id
                maker = person
            }
            let grant = Grant(personID: holder.id, role: role, scope: scope, mayApprove: mayApprove, validFrom: validFrom,
                              validUntil: validUntil)
            for existing in try people.grants(personID: holder.id)
            where existing.grant.role == role && existing.grant.scope == scope && existing.grant.mayApprove == mayApprove
                && overlaps(existing.grant, grant) {
                throw LogbookError.refused(
                    "\(holder.handle) already holds \(role.title) in \(existing.scopeLabel) from \(existing.grant.validFrom)"
                        + (existing.grant.validUntil.map { " through \($0)" } ?? "") + " (grant \(existing.id)); "
                        + "end it first with `logbook grant end \(existing.id)`")
            }
            let id = try people.insert(grant, grantedBy: grantedBy, recordedAt: session.now())
            let facts = FactRepository(session.store)
            guard let payload = try facts.grantPayload(id: id) else { throw LogbookError(.internalError, "grant \(id) vanished") }
            try session.appendFact(.grant, positionID: nil, by: maker, acting: bootstrap ? grant : acting, payload: payload.text,
                                   table: "role_grant", row: id)
            guard let stored = try people.grant(id: id) else { throw LogbookError(.internalError, "grant \(id) vanished") }
            return Added(grant: stored, bootstrap: bootstrap)
        }
    }

    /// Ends a grant: `on` (default today) is the last day it counts. Allowed to whoever may grant that role there.
    public static func end(_ session: Session, grantID: Int64, on: String?) throws -> GrantRecord {
        let endsOn = try on.map { try session.date($0, flag: "--on") } ?? session.today
        return try session.store.write {
            let people = PersonRepository(session.store)
            guard let stored = try people.grant(id: grantID) else {
                throw LogbookError.refused("no grant \(grantID); see `logbook grant list`")
            }
            let (person, actor) = try session.actor()
            let subject: AccessSubject
            switch stored.grant.scope {
            case .region(let name): subject = .region(name)
            case .department(let id):
                guard let department = try DepartmentRepository(session.store).find(id: id) else {
                    throw LogbookError(.internalError, "grant \(grantID) names a missing department")
                }
                subject = .department(AccessDepartment(id: id, code: department.code, kind: department.kind, region: department.region))
            }
            let acting = try Access.mayGrant(stored.grant.role, in: subject, by: actor, on: session.today).require(session.texts).grant
            if let ended = stored.endedOn {
                throw LogbookError.refused("grant \(grantID) already ended on \(ended)")
            }
            if endsOn < stored.grant.validFrom.adding(days: -1) {
                throw LogbookError.refused(
                    "'--on' \(endsOn) is before grant \(grantID) starts (\(stored.grant.validFrom)); "
                        + "to cancel it entirely end it on \(stored.grant.validFrom.adding(days: -1))")
            }
            if let until = stored.grantedUntil, endsOn > until {
                throw LogbookError.refused("grant \(grantID) already ends on \(until), before '--on' \(endsOn)")
            }
            if let act = try EventRepository(session.store).latestAct(
                actorID: stored.grant.personID, role: stored.grant.role.rawValue, departmentID: stored.grant.departmentID),
               act.on > endsOn {
                throw LogbookError.refused(
                    "\(stored.handle) acted as \(stored.grant.role.title) on \(act.on) (event \(act.id)), after '--on' \(endsOn); "
                        + "ending the grant before that would leave the act without its grant: end it on \(act.on) or later")
            }
            let endRow = try people.end(grantID: grantID, endsOn: endsOn, endedBy: person.id, recordedAt: session.now())
            let facts = FactRepository(session.store)
            guard let grantEvent = try facts.event("role_grant", row: grantID) else {
                throw LogbookError(.internalError, "grant \(grantID) has no event in the log")
            }
            try session.appendFact(.grantEnd, positionID: nil, by: person, acting: acting,
                                   payload: GrantEndPayload(grantEvent: grantEvent, endsOn: endsOn).text,
                                   table: "role_grant_end", row: endRow)
            return try people.grant(id: grantID)!
        }
    }

    /// Grants in a department, of a person, or all of them.
    public static func list(_ session: Session, departmentCode: String?, handle: String?) throws -> [GrantRecord] {
        if departmentCode != nil && handle != nil {
            throw LogbookError.usage("give either '--department' or '--person', not both")
        }
        return try session.store.read {
            let people = PersonRepository(session.store)
            if let departmentCode { return try people.grants(departmentID: try session.department(departmentCode).id) }
            if let handle { return try people.grants(personID: try session.person(handle, what: "--person").id) }
            return try people.allGrants()
        }
    }

    /// "current", "ended" or "future" on `day`.
    public static func status(_ grant: Grant, on day: CalendarDate) -> String {
        if grant.isValid(on: day) { return "current" }
        return grant.validFrom > day ? "future" : "ended"
    }

    private static func overlaps(_ a: Grant, _ b: Grant) -> Bool {
        let aEnd = a.validUntil ?? CalendarDate(year: 9999, month: 12, day: 31)!
        let bEnd = b.validUntil ?? CalendarDate(year: 9999, month: 12, day: 31)!
        return a.validFrom <= bEnd && b.validFrom <= aEnd
    }
}

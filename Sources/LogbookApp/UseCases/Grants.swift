import LogbookDomain
import LogbookStore

/// Granting and ending roles (DOMAIN.md "Access").
public enum Grants {
    /// Reads a ROLE in English or Danish (exit 64 with a suggestion otherwise).
    public static func role(_ text: String, _ t: Texts = .untranslated) throws -> GrantRole {
        if let role = GrantRole(name: text) { return role }
        if let match = Suggest.nearest(to: text, in: GrantRole.allNames), match != text {
            throw LogbookError.usage(t("grant.badRole.suggest", ["value": text, "match": match]))
        }
        throw LogbookError.usage(t("grant.badRole", ["value": text]))
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
        let t = session.texts
        let roleName = t.roleName(role)
        switch (departmentCode, region) {
        case (nil, nil):
            throw LogbookError.usage(role == .secretariat ? t("grant.needsRegion") : t("grant.needsDepartment", ["role": roleName]))
        case (.some, .some):
            throw LogbookError.usage(t("grant.departmentOrRegion"))
        case (.some, nil) where role == .secretariat:
            throw LogbookError.usage(t("grant.secretariatInRegion"))
        case (nil, .some) where role != .secretariat:
            throw LogbookError.usage(t("grant.roleInDepartment", ["role": roleName]))
        default: break
        }
        if mayApprove && role != .clinicalSupervisor {
            throw LogbookError.usage(t("grant.mayApproveOnlyClinical", ["role": roleName]))
        }
        let validFrom = try from.map { try session.date($0, flag: "--from") } ?? session.today
        let validUntil = try until.map { try session.date($0, flag: "--until") }
        if let validUntil, validUntil < validFrom {
            throw LogbookError.usage(t("grant.untilBeforeFrom", ["until": t.date(validUntil), "from": t.date(validFrom)]))
        }
        if let problem = dateProblem(t, from: validFrom, until: validUntil, today: session.today) { throw LogbookError.refused(problem) }
        let region = try region.map { try Input.line($0, "'--region'", texts: session.texts) }
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
                guard !name.isEmpty else { throw LogbookError.usage(t("grant.regionEmpty")) }
                subject = .region(name)
                scope = .region(name)
            }
            // Out of the actor's sight (the server) is answered exactly like a handle nobody has (issue 29).
            let holder = try session.visiblePerson(handle, what: "HANDLE")
            var maker = holder
            var acting: Grant?
            if case .department(let department) = subject, role == .uao || role == .tutor, GrantRole.lead(of: department.kind) != role {
                let lead = GrantRole.lead(of: department.kind)
                throw LogbookError.forbidden(t("grant.wrongLead", [
                    "code": department.code, "kind": t.departmentKind(department.kind), "lead": t.roleShort(lead), "role": t.roleShort(role),
                    "leadKey": lead.rawValue,
                ]))
            }
            if !bootstrap {
                let (person, actor) = try session.actor()
                acting = try Access.mayGrant(role, in: subject, by: actor, on: session.today, homeRegion: try people.homeRegion())
                    .require(session.texts).grant
                grantedBy = person.id
                maker = person
            }
            let grant = Grant(personID: holder.id, role: role, scope: scope, mayApprove: mayApprove, validFrom: validFrom,
                              validUntil: validUntil)
            for existing in try people.grants(personID: holder.id)
            where existing.grant.role == role && existing.grant.scope == scope && existing.grant.mayApprove == mayApprove
                && overlaps(existing.grant, grant) {
                var arguments = [
                    "handle": holder.handle, "role": roleName, "where": t.grantPlace(existing), "from": t.date(existing.grant.validFrom),
                    "id": String(existing.id),
                ]
                guard let until = existing.grant.validUntil else { throw LogbookError.conflict(t("grant.alreadyHolds", arguments)) }
                arguments["until"] = t.date(until)
                throw LogbookError.conflict(t("grant.alreadyHolds.until", arguments))
            }
            let id = try people.insert(grant, grantedBy: grantedBy, recordedAt: session.now())
            let facts = FactRepository(session.store)
            guard let payload = try facts.grantPayload(id: id) else { throw LogbookError(.internalError, t("grant.vanished", ["id": String(id)])) }
            try session.appendFact(.grant, positionID: nil, by: maker, acting: bootstrap ? grant : acting, payload: payload.text,
                                   table: "role_grant", row: id)
            // The bootstrap secretariat, now able to act, names in the log everyone added before the first grant (issue 29).
            if bootstrap, grant.isValid(on: session.today) {
                for person in try people.all().sorted(by: { $0.id < $1.id }) {
                    try session.appendName(handle: person.handle, name: person.name, by: maker, acting: grant)
                }
            }
            guard let stored = try people.grant(id: id) else { throw LogbookError(.internalError, t("grant.vanished", ["id": String(id)])) }
            return Added(grant: stored, bootstrap: bootstrap)
        }
    }

    /// Ends a grant: `on` (default today) is the last day it counts. Allowed to whoever may grant that role there.
    public static func end(_ session: Session, grantID: Int64, on: String?) throws -> GrantRecord {
        let t = session.texts
        let endsOn = try on.map { try session.date($0, flag: "--on") } ?? session.today
        return try session.store.write {
            let people = PersonRepository(session.store)
            guard let stored = try people.grant(id: grantID) else {
                throw LogbookError.notFound(t("grant.noGrant", ["id": String(grantID)]))
            }
            // In a session scoped to its actor (the server), a grant out of sight is answered like a missing one.
            if session.readScope == .actor, !(try AdminScope.sees(session, stored.grant, try AdminScope.viewer(session))) {
                throw LogbookError.notFound(t("grant.noGrant", ["id": String(grantID)]))
            }
            let (person, actor) = try session.actor()
            let subject: AccessSubject
            switch stored.grant.scope {
            case .region(let name): subject = .region(name)
            case .department(let id):
                guard let department = try DepartmentRepository(session.store).find(id: id) else {
                    throw LogbookError(.internalError, t("grant.missingDepartment", ["id": String(grantID)]))
                }
                subject = .department(AccessDepartment(id: id, code: department.code, kind: department.kind, region: department.region))
            }
            let acting = try Access.mayGrant(stored.grant.role, in: subject, by: actor, on: session.today, homeRegion: try people.homeRegion())
                .require(session.texts).grant
            let id = String(grantID)
            if let ended = stored.endedOn {
                throw LogbookError.conflict(t("grant.alreadyEnded", ["id": id, "date": t.date(ended)]))
            }
            if endsOn < stored.grant.validFrom.adding(days: -1) {
                throw LogbookError.refused(t("grant.endBeforeStart", [
                    "id": id, "on": t.date(endsOn), "start": t.date(stored.grant.validFrom),
                    "cancel": t.date(stored.grant.validFrom.adding(days: -1)),
                ]))
            }
            if let until = stored.grantedUntil, endsOn > until {
                throw LogbookError.refused(t("grant.endsBefore", ["id": id, "until": t.date(until), "on": t.date(endsOn)]))
            }
            if let act = try EventRepository(session.store).latestAct(
                actorID: stored.grant.personID, role: stored.grant.role.rawValue, departmentID: stored.grant.departmentID),
               act.on > endsOn {
                throw LogbookError.refused(t("grant.actedAfter", [
                    "handle": stored.handle, "role": t.roleName(stored.grant.role), "date": t.date(act.on), "event": String(act.id),
                    "on": t.date(endsOn),
                ]))
            }
            let endRow = try people.end(grantID: grantID, endsOn: endsOn, endedBy: person.id, recordedAt: session.now())
            let facts = FactRepository(session.store)
            guard let grantEvent = try facts.event("role_grant", row: grantID) else {
                throw LogbookError(.internalError, t("grant.noEvent", ["id": String(grantID)]))
            }
            try session.appendFact(.grantEnd, positionID: nil, by: person, acting: acting,
                                   payload: GrantEndPayload(grantEvent: grantEvent, endsOn: endsOn).text,
                                   table: "role_grant_end", row: endRow)
            return try people.grant(id: grantID)!
        }
    }

    /// What `delegate` did: the clinical-supervisor grant it ended, and the one it started in its place.
    public struct Delegation: Sendable {
        public let ended: GrantRecord
        public let started: GrantRecord
    }

    /// Gives (`approve`) or withdraws the delegation to approve single competencies of a daglig klinisk vejleder in a
    /// department, from `from` (default today): the standing clinical-supervisor grant ends the day before and a new
    /// one, the same but for the delegation, starts that day and runs to the old one's end — one transaction, both in
    /// the signed log, so `grant list` shows one current grant and the history shows when the delegation changed.
    /// By whoever may grant the role there (the department's UAO/tutor).
    public static func delegate(_ session: Session, handle: String, departmentCode: String, from: String?, approve: Bool) throws
        -> Delegation
    {
        let t = session.texts
        let day = try from.map { try session.date($0, flag: "--from") } ?? session.today
        return try session.store.write {
            let holder = try session.person(handle, what: "HANDLE")
            let department = try session.department(departmentCode)
            let standing = try PersonRepository(session.store).grants(personID: holder.id).filter {
                $0.grant.role == .clinicalSupervisor && $0.grant.departmentID == department.id && $0.grant.isValid(on: day)
            }
            let values = ["handle": holder.handle, "code": department.code, "date": t.date(day)]
            guard let current = standing.first else { throw LogbookError.refused(t("grant.delegate.noGrant", values)) }
            if current.grant.mayApprove == approve {
                throw LogbookError.conflict(t(approve ? "grant.delegate.already" : "grant.delegate.notDelegated",
                                              values.merging(["id": String(current.id)]) { $1 }))
            }
            let ended = try end(session, grantID: current.id, on: day.adding(days: -1).iso)
            let started = try add(session, handle: holder.handle, role: .clinicalSupervisor, departmentCode: department.code, region: nil,
                                  from: day.iso, until: current.grant.validUntil?.iso, mayApprove: approve)
            return Delegation(ended: ended, started: started.grant)
        }
    }

    /// Grants in a department, of a person, or all of them. In a session scoped to its actor (the server), the grants
    /// the actor may see (`AdminScope`); a department or person out of sight is answered like a missing one.
    public static func list(_ session: Session, departmentCode: String?, handle: String?) throws -> [GrantRecord] {
        if departmentCode != nil && handle != nil {
            throw LogbookError.usage(session.texts("grant.departmentOrPerson"))
        }
        return try session.store.read {
            let people = PersonRepository(session.store)
            let grants: [GrantRecord]
            if let departmentCode {
                grants = try people.grants(departmentID: try session.visibleDepartment(departmentCode).id)
            } else if let handle {
                grants = try people.grants(personID: try session.visiblePerson(handle, what: "--person").id)
            } else {
                grants = try people.allGrants()
            }
            guard session.readScope == .actor else { return grants }
            let viewer = try AdminScope.viewer(session)
            return try grants.filter { try AdminScope.sees(session, $0.grant, viewer) }
        }
    }

    /// Whether a grant stands on a day, has ended, or is still to come.
    public enum Status: String, Sendable {
        case current, ended, future
    }

    /// `.current`, `.ended` or `.future` on `day`.
    public static func status(_ grant: Grant, on day: CalendarDate) -> Status {
        if grant.isValid(on: day) { return .current }
        return grant.validFrom > day ? .future : .ended
    }

    /// Why a grant's first or last day is out of bounds (`DateBounds.grant`), in the reader's language; nil when both are fine.
    static func dateProblem(_ t: Texts, from: CalendarDate, until: CalendarDate?, today: CalendarDate) -> String? {
        guard DateBounds.grant(from: from, until: until, today: today) != nil else { return nil }
        let earliest = today.adding(months: -12 * DateBounds.pastYears), latest = today.adding(months: 12 * DateBounds.futureYears)
        if from < earliest {
            return t("grant.fromTooEarly", [
                "from": t.date(from), "years": String(DateBounds.pastYears), "today": t.date(today), "earliest": t.date(earliest),
            ])
        }
        if from > latest {
            return t("grant.fromTooLate", [
                "from": t.date(from), "years": String(DateBounds.futureYears), "today": t.date(today), "latest": t.date(latest),
            ])
        }
        let last = today.adding(months: 12 * DateBounds.grantYears)
        return t("grant.untilTooLate", [
            "until": until.map(t.date) ?? "", "years": String(DateBounds.grantYears), "today": t.date(today), "last": t.date(last),
        ])
    }

    private static func overlaps(_ a: Grant, _ b: Grant) -> Bool {
        let aEnd = a.validUntil ?? CalendarDate(year: 9999, month: 12, day: 31)!
        let bEnd = b.validUntil ?? CalendarDate(year: 9999, month: 12, day: 31)!
        return a.validFrom <= bEnd && b.validFrom <= aEnd
    }
}

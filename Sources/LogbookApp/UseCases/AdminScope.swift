import LogbookDomain
import LogbookStore

/// What a person logged in to the server may see of the administration: people, departments and grants
/// (`Session.ReadScope.actor`; the CLI sees everything). Out of scope is answered exactly like missing, so these are
/// a plain yes or no.
///
/// - A department: where the person may read positions (`Access.mayReadDepartment`: a grant standing in it, or the
///   secretariat of its region).
/// - A grant: one's own; one in a department one may read, or in a region whose secretariat one is; one one may grant
///   or end (`Access.mayGrant`, so the home region's secretariat sees the other regions' secretariat grants it gives).
/// - A person: oneself; the trainee of a position one may read; the holder of a grant one may see; and, for whoever may
///   register people (a secretariat, UAO or tutor), a person with neither grant nor position yet (just registered).
public enum AdminScope {
    /// The person looking, with what the rules need.
    struct Viewer {
        let person: PersonRecord
        let actor: Actor
        let homeRegion: String?
        let today: CalendarDate
        let administrator: Bool
    }

    static func viewer(_ session: Session) throws -> Viewer {
        let (person, actor) = try session.actor()
        let administrator: Bool
        if case .allowed = Access.mayAddPerson(by: actor, on: session.today) { administrator = true } else { administrator = false }
        return Viewer(person: person, actor: actor, homeRegion: try PersonRepository(session.store).homeRegion(), today: session.today,
                      administrator: administrator)
    }

    /// A department as the access rules see it.
    static func access(_ department: DepartmentRecord) -> AccessDepartment {
        AccessDepartment(id: department.id, code: department.code, kind: department.kind, region: department.region)
    }

    /// Whether the viewer may see `department`.
    static func sees(_ department: DepartmentRecord, _ viewer: Viewer) -> Bool {
        Access.mayReadDepartment(access(department), by: viewer.actor, on: viewer.today)
    }

    /// Where a grant holds, as the access rules name it; nil for a department that is gone.
    static func subject(_ session: Session, _ grant: Grant) throws -> AccessSubject? {
        switch grant.scope {
        case .region(let name): return .region(name)
        case .department(let id): return try DepartmentRepository(session.store).find(id: id).map { .department(access($0)) }
        }
    }

    /// Whether the viewer may see `grant`.
    static func sees(_ session: Session, _ grant: Grant, _ viewer: Viewer) throws -> Bool {
        if grant.personID == viewer.person.id { return true }
        guard let subject = try subject(session, grant) else { return false }
        switch subject {
        case .department(let department):
            if Access.mayReadDepartment(department, by: viewer.actor, on: viewer.today) { return true }
        case .region(let region):
            if case .allowed = Access.mayAddDepartment(inRegion: region, by: viewer.actor, on: viewer.today) { return true }
        default: break
        }
        if case .allowed = Access.mayGrant(grant.role, in: subject, by: viewer.actor, on: viewer.today, homeRegion: viewer.homeRegion) {
            return true
        }
        return false
    }

    /// Whether the viewer may see `person`.
    static func sees(_ session: Session, _ person: PersonRecord, _ viewer: Viewer) throws -> Bool {
        let positions = try PositionLoader(session.store).load(.trainee(person.id)).map(\.facts)
        let grants = try PersonRepository(session.store).grants(personID: person.id).map(\.grant)
        return try sees(session, person.id, positions: positions, grants: grants, viewer)
    }

    /// The rule for a person, given their positions (as trainee) and grants.
    static func sees(_ session: Session, _ personID: Int64, positions: [PositionFacts], grants: [Grant], _ viewer: Viewer) throws -> Bool {
        if personID == viewer.person.id { return true }
        if positions.contains(where: { Access.mayRead($0.access, by: viewer.actor, on: viewer.today) }) { return true }
        for grant in grants where try sees(session, grant, viewer) { return true }
        return viewer.administrator && positions.isEmpty && grants.isEmpty
    }

    /// The people of `people` the viewer may see, everyone's positions and grants loaded once.
    static func filter(_ session: Session, _ people: [PersonRecord], _ viewer: Viewer) throws -> [PersonRecord] {
        let positions = Dictionary(grouping: try PositionLoader(session.store).load(.all).map(\.facts), by: \.trainee.id)
        let grants = Dictionary(grouping: try PersonRepository(session.store).allGrants().map(\.grant), by: \.personID)
        return try people.filter {
            try sees(session, $0.id, positions: positions[$0.id] ?? [], grants: grants[$0.id] ?? [], viewer)
        }
    }

    /// The answer for a handle nobody has, as `Session.person` gives it in a scoped session.
    static func noPerson(_ session: Session, _ handle: String, what: String) -> LogbookError {
        LogbookError.notFound(session.texts("session.noPerson", ["what": what, "handle": handle]))
    }
}

extension Session {
    /// The person with this handle, if the actor may see them (`AdminScope`); in a session that sees everything, any
    /// person. Someone out of sight is answered exactly like a handle nobody has.
    func visiblePerson(_ handle: String, what: String) throws -> PersonRecord {
        let person = try person(handle, what: what)
        guard readScope == .actor else { return person }
        guard try AdminScope.sees(self, person, try AdminScope.viewer(self)) else { throw AdminScope.noPerson(self, handle, what: what) }
        return person
    }

    /// The department with this code, if the actor may see it; out of sight is answered like a missing one.
    func visibleDepartment(_ code: String) throws -> DepartmentRecord {
        let department = try department(code)
        guard readScope == .actor else { return department }
        guard AdminScope.sees(department, try AdminScope.viewer(self)) else { throw noDepartment(code) }
        return department
    }
}

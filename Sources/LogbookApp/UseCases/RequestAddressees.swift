import LogbookDomain
import LogbookStore

/// Someone a trainee may ask for approval: the same rule `Requests.make` asks of the addressee.
public struct Addressee: Sendable, Hashable {
    public let handle: String
    public let name: String
    /// The role that lets them approve in the department (the strongest they hold today).
    public let role: GrantRole
    /// Whether they are the position's hovedvejleder today (the default choice).
    public let isHovedvejleder: Bool
}

extension Requests {
    /// Whom the acting trainee may ask to approve competencies of their position today: the people holding a grant in
    /// the position's department for whom `Access.mayApproveCompetency` allows it (the rule `make` checks), the
    /// hovedvejleder first, then by name; never the trainee. Only the position's trainee gets a list.
    public static func addressees(_ session: Session, position: Int64) throws -> [Addressee] {
        try session.store.read {
            let (person, _) = try session.actor()
            let facts = try session.position(position)
            guard facts.trainee.id == person.id else { return [] }
            let people = PersonRepository(session.store)
            let hovedvejleder = facts.supervisor(on: session.today)?.assignment.personID
            var seen = Set<Int64>(), found: [Addressee] = []
            for record in try people.grants(departmentID: facts.department.id) where record.grant.isValid(on: session.today) {
                guard let candidate = try people.find(handle: record.handle), candidate.id != person.id,
                      seen.insert(candidate.id).inserted else { continue }
                let actor = try people.actor(candidate)
                guard let permit = Access.mayApproveCompetency(for: facts.access, by: actor, on: session.today).permit else { continue }
                let role = permit.grant?.role ?? record.grant.role
                found.append(Addressee(handle: candidate.handle, name: candidate.name, role: role,
                                       isHovedvejleder: candidate.id == hovedvejleder))
            }
            return found.sorted { ($0.isHovedvejleder ? 0 : 1, $0.name) < ($1.isHovedvejleder ? 0 : 1, $1.name) }
        }
    }
}

extension Assessments {
    /// Whom the acting person may name as assessor on the position today: the people holding a grant in the position's
    /// department (supervisors, kliniske vejledere, UAO/tutorlæge), by name, never the position's own trainee (issue 28:
    /// nobody assesses their own record).
    public static func assessors(_ session: Session, position: Int64) throws -> [PersonChoiceRecord] {
        try session.store.read {
            let facts = try session.position(position)
            let people = PersonRepository(session.store)
            var seen = Set<Int64>([facts.trainee.id]), found: [PersonChoiceRecord] = []
            for record in try people.grants(departmentID: facts.department.id) where record.grant.isValid(on: session.today) {
                guard let candidate = try people.find(handle: record.handle), seen.insert(candidate.id).inserted else { continue }
                found.append(PersonChoiceRecord(handle: candidate.handle, name: candidate.name, role: record.grant.role))
            }
            return found.sorted { $0.name < $1.name }
        }
    }
}

/// A person one may pick on a page: handle (the value sent), name and the role that puts them on the list.
public struct PersonChoiceRecord: Sendable, Hashable {
    public let handle: String
    public let name: String
    public let role: GrantRole
}

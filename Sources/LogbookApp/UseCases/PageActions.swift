import LogbookDomain
import LogbookStore

/// What the acting person may do today, asked of exactly the `Access` rules the acts' use cases ask, so a page shows an
/// act's button only to whom the act would allow (PAGES.md §4). Hiding is a courtesy: the acts still decide.
public enum PageActions {
    /// The positions among `positionIDs` whose time and element the actor may attest and give a forhåndsudtalelse for
    /// today (`Approvals.attestTime`, `attestElement`, `statement` ask `Access.mayAttest`).
    public static func attestable(_ session: Session, positionIDs: [Int64]) throws -> Set<Int64> {
        try session.store.read {
            let (_, actor) = try session.actor()
            var allowed = Set<Int64>()
            for id in positionIDs where Access.mayAttest(for: try session.position(id).access, by: actor, on: session.today).permit != nil {
                allowed.insert(id)
            }
            return allowed
        }
    }

    /// Whether the actor may approve the position's competencies today (`Approvals.approveCompetencies` asks
    /// `Access.mayApproveCompetency`): the hovedvejleder, a delegated klinisk vejleder, the UAO — not the secretariat.
    public static func mayApprove(_ session: Session, positionID: Int64) throws -> Bool {
        try session.store.read {
            let (_, actor) = try session.actor()
            return Access.mayApproveCompetency(for: try session.position(positionID).access, by: actor, on: session.today).permit != nil
        }
    }

    /// Whether the actor may revoke event `eventID` today (`Approvals.revoke` asks `Access.mayRevoke`): a revocable
    /// act of a position the actor sees, not yet revoked. The act decides the rest (an element attestation standing).
    public static func mayRevoke(_ session: Session, eventID: Int64) throws -> Bool {
        try session.store.read {
            let (_, actor) = try session.actor()
            guard let original = try EventRepository(session.store).event(id: eventID), original.kind.isRevocableAct,
                  original.revokedBy == nil, let positionID = original.content.positionID else { return false }
            let facts = try session.position(positionID)
            return Access.mayRevoke(eventMadeBy: original.actorID, in: facts.access, by: actor, on: session.today).permit != nil
        }
    }

    /// Whether the actor may start a position in the department today (`Positions.start` asks
    /// `Access.mayStartPosition`).
    public static func mayStartPosition(_ session: Session, department code: String) throws -> Bool {
        try session.store.read {
            let (_, actor) = try session.actor()
            let department = try session.department(code)
            let access = AccessDepartment(id: department.id, code: department.code, kind: department.kind, region: department.region)
            return Access.mayStartPosition(in: access, by: actor, on: session.today).permit != nil
        }
    }

    /// Whether the actor may appoint the position's hovedvejleder and revoke its acts with a reason today
    /// (`Positions.assignSupervisor` asks `Access.mayAssignSupervisor`; revoking an act another person made asks the
    /// same authority over the position).
    public static func mayManage(_ session: Session, positionID: Int64) throws -> Bool {
        try session.store.read {
            let (_, actor) = try session.actor()
            return Access.mayAssignSupervisor(for: try session.position(positionID).access, by: actor, on: session.today).permit != nil
        }
    }
}

/// Who may approve, attest, state and revoke (DOMAIN.md, Approvals and attestations).
extension Access {
    /// A single competency: the position's hovedvejleder, a daglig klinisk vejleder holding the delegation, or the
    /// department's UAO/tutor. Never the trainee, whatever else they hold.
    public static func mayApproveCompetency(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused("\(actor.handle) is the trainee of position \(position.id): a trainee cannot approve their own competencies")
        }
        return decide(actor, anyOf: [.hovedvejleder, .clinicalSupervisor(delegated: true), .departmentLead],
                      for: .position(position), on: day)
    }

    /// A mandatory course: the department's UAO/tutor or the position's hovedvejleder.
    public static func mayApproveCourse(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused("\(actor.handle) is the trainee of position \(position.id): a trainee cannot approve their own courses")
        }
        return decide(actor, anyOf: [.departmentLead, .hovedvejleder], for: .position(position), on: day)
    }

    /// Time, the element and the forhåndsudtalelse: the department's UAO (hospital) or tutor (general practice).
    public static func mayAttest(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused("\(actor.handle) is the trainee of position \(position.id): a trainee cannot attest their own position")
        }
        return decide(actor, anyOf: [.departmentLead], for: .position(position), on: day)
    }

    /// A revocation: the maker of the event, or the department's UAO/tutor.
    public static func mayRevoke(eventMadeBy makerID: Int64, in position: AccessPosition, by actor: Actor,
                                 on day: CalendarDate) -> AccessDecision {
        if actor.id == makerID { return .allowed(Permit(authority: .departmentLead, grant: nil)) }
        let lead = decide(actor, anyOf: [.departmentLead], for: .position(position), on: day)
        if case .refused = lead {
            return .refused("\(actor.handle) neither made the event nor is \(GrantRole.lead(of: position.department.kind).title) "
                + "for position \(position.id) on \(day)")
        }
        return lead
    }

    /// A målbeskrivelse (national): any videreuddannelsessekretariat.
    public static func mayImportCurriculum(by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if let grant = actor.grants.first(where: { $0.role == .secretariat && $0.isValid(on: day) }) {
            return .allowed(Permit(authority: .secretariat, grant: grant))
        }
        return .refused("\(actor.handle) is not secretariat on \(day); målbeskrivelser are imported by a videreuddannelsessekretariat")
    }

    /// A department's uddannelsesprogram: its UAO/tutor or the secretariat of its region.
    public static func mayImportProgram(for department: AccessDepartment, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.departmentLead, .secretariat], for: .department(department), on: day)
    }
}

/// Who may approve, attest, state and revoke (DOMAIN.md, Approvals and attestations).
extension Access {
    /// A single competency: the position's hovedvejleder, a daglig klinisk vejleder holding the delegation, or the
    /// department's UAO/tutor. Never the trainee, whatever else they hold.
    public static func mayApproveCompetency(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .approveCompetencies))
        }
        return decide(actor, anyOf: [.hovedvejleder, .clinicalSupervisor(delegated: true), .departmentLead],
                      for: .position(position), on: day)
    }

    /// A mandatory course: the department's UAO/tutor or the position's hovedvejleder.
    public static func mayApproveCourse(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .approveCourses))
        }
        return decide(actor, anyOf: [.departmentLead, .hovedvejleder], for: .position(position), on: day)
    }

    /// The day a course approval's maker is judged on (`mayApproveCourse`). A course's date is the day it was taken.
    /// Taken inside the position: that day (and the day of acting too when it is later, as for every back-dated
    /// approval). Taken before the position's start (merit, e.g. a course from KBU, which may count): the day of acting,
    /// or the position's first day when acting before it — before the start the position has no hovedvejleder, and the
    /// UAO/tutor's grant may be younger than the course. So the hovedvejleder and the UAO/tutor get the same answer.
    /// `verify` judges a merit course the same way, with the day the event was recorded as the day of acting.
    public static func courseAuthorityDay(course: CalendarDate, start: CalendarDate, acting: CalendarDate) -> CalendarDate {
        course < start ? max(acting, start) : course
    }

    /// Time, the element and the forhåndsudtalelse: the department's UAO (hospital) or tutor (general practice).
    public static func mayAttest(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .attest))
        }
        return decide(actor, anyOf: [.departmentLead], for: .position(position), on: day)
    }

    /// A revocation: the maker of the event, or the department's UAO/tutor.
    /// Never the position's trainee (DOMAIN.md "Conflicts of interest"), whatever grants they hold and whoever made it.
    public static func mayRevoke(eventMadeBy makerID: Int64, in position: AccessPosition, by actor: Actor,
                                 on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .revoke))
        }
        if actor.id == makerID { return .allowed(Permit(authority: .departmentLead, grant: nil)) }
        let lead = decide(actor, anyOf: [.departmentLead], for: .position(position), on: day)
        if case .refused = lead {
            return .refused(.notMakerNorLead(actor: actor.handle, position: position.id, lead: GrantRole.lead(of: position.department.kind),
                                             day: day))
        }
        return lead
    }

    /// A målbeskrivelse (national): any videreuddannelsessekretariat.
    public static func mayImportCurriculum(by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if let grant = actor.grants.first(where: { $0.role == .secretariat && $0.isValid(on: day) }) {
            return .allowed(Permit(authority: .secretariat, grant: grant))
        }
        return .refused(.notSecretariat(actor: actor.handle, day: day))
    }

    /// A department's uddannelsesprogram: its UAO/tutor or the secretariat of its region.
    public static func mayImportProgram(for department: AccessDepartment, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.departmentLead, .secretariat], for: .department(department), on: day)
    }
}

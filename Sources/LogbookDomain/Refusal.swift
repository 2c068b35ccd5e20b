/// Why an access rule said no, as a value: front ends word it in the reader's language (LogbookApp's `Texts.refusal`);
/// `description` is the English sentence the event log's replay and the tests use.
public indirect enum Refusal: Hashable, Sendable, CustomStringConvertible {
    /// `actor` holds none of `authorities` for `subject` on `day`: "dr.berg is not hovedvejleder or UAO for position 12
    /// on 2027-03-04".
    case lacks(actor: String, authorities: [Authority], subject: AccessSubject, day: CalendarDate)
    /// A secretariat grant was asked for without a region.
    case secretariatNeedsRegion
    /// A department role was asked for without a department.
    case grantNeedsDepartment(GrantRole)
    /// UAO asked for in a general practice, or tutor in a hospital department.
    case wrongLead(department: String, kind: WorkplaceKind, asked: GrantRole)
    /// A trainee acting on their own position.
    case ownPosition(actor: String, position: Int64, act: OwnAct)
    /// A revocation by someone who neither made the event nor leads the department.
    case notMakerNorLead(actor: String, position: Int64, lead: GrantRole, day: CalendarDate)
    /// A målbeskrivelse import by someone who is no secretariat.
    case notSecretariat(actor: String, day: CalendarDate)
    /// Someone registering or revoking their own key.
    case ownKey(actor: String)
    /// A key for someone with neither a role nor a current position.
    case keyHolderWithoutRole(holder: String, day: CalendarDate)
    /// A trainee's key registered by someone who is not their department's UAO/tutor or secretariat.
    case notKeyRegistrar(registrar: String, holder: String, departments: [String], day: CalendarDate)
    /// The holder's grant names a department that is not known.
    case unknownGrantDepartment(holder: String, role: GrantRole)
    /// A key registered by someone who may not grant one of the holder's roles.
    case keyNeedsGranter(holder: String, role: GrantRole, subject: AccessSubject, because: Refusal)
    /// Anything recorded on a cancelled position.
    case positionCancelled(position: Int64)

    /// What a trainee may not do on their own position.
    /// DOMAIN.md "Conflicts of interest": the position's trainee never approves, attests, gives the statement,
    /// revokes, starts or cancels their position, assigns its hovedvejleder, is its hovedvejleder or its assessor.
    public enum OwnAct: Hashable, Sendable {
        case approveCompetencies, approveCourses, attest, revoke, assignSupervisor, start, cancel, supervise, assess
    }

    public var description: String {
        switch self {
        case .lacks(let actor, let authorities, let subject, let day):
            return "\(actor) is not \(authorities.map { Access.title(of: $0, subject: subject) }.joinedWithOr()) for \(subject.label) on \(day)"
        case .secretariatNeedsRegion:
            return "a secretariat grant belongs to a region; give --region NAME"
        case .grantNeedsDepartment(let role):
            return "a \(role.title) grant belongs to a department; give --department CODE"
        case .wrongLead(let department, let kind, let asked):
            let lead = GrantRole.lead(of: kind)
            return "department \(department) is \(kind == .hospital ? "a hospital department" : "a general practice"): "
                + "its education lead is \(lead.title), not \(asked.title); grant \(lead.rawValue) instead"
        case .ownPosition(let actor, let position, let act):
            let what: String
            switch act {
            case .approveCompetencies: what = "approve their own competencies"
            case .approveCourses: what = "approve their own courses"
            case .attest: what = "attest their own position"
            case .revoke: what = "revoke anything on their own position"
            case .assignSupervisor: what = "assign their own hovedvejleder"
            case .start: what = "start their own position"
            case .cancel: what = "cancel their own position"
            case .supervise: what = "be their own hovedvejleder"
            case .assess: what = "be the assessor of their own assessment"
            }
            if act == .start { return "\(actor) is the trainee of the position: a trainee cannot \(what)" }
            return "\(actor) is the trainee of position \(position): a trainee cannot \(what)"
        case .notMakerNorLead(let actor, let position, let lead, let day):
            return "\(actor) neither made the event nor is \(lead.title) for position \(position) on \(day)"
        case .notSecretariat(let actor, let day):
            return "\(actor) is not secretariat on \(day); målbeskrivelser are imported by a videreuddannelsessekretariat"
        case .ownKey(let actor):
            return "\(actor) cannot register or revoke their own key; ask someone who may grant their role"
        case .keyHolderWithoutRole(let holder, let day):
            return "\(holder) holds no grant and no current position on \(day): a signing key is registered only "
                + "for someone with a role or a position"
        case .notKeyRegistrar(let registrar, let holder, let departments, let day):
            return "\(registrar) is not UAO/tutor or secretariat of \(holder)'s department (\(departments.joined(separator: ", "))) on \(day)"
        case .unknownGrantDepartment(let holder, let role):
            return "the department of \(holder)'s \(role.title) grant is unknown"
        case .keyNeedsGranter(let holder, let role, let subject, let because):
            return "\(holder) is \(role.title) in \(subject.label): only someone who may grant that registers their key, and \(because)"
        case .positionCancelled(let position):
            return "position \(position) was cancelled: nothing more is recorded on it"
        }
    }
}

/// A role a person can be granted (rolle), DOMAIN.md "Access".
public enum GrantRole: String, Sendable, CaseIterable, Hashable {
    /// Regional secretariat (videreuddannelsessekretariat); granted per region.
    case secretariat
    /// Education lead of a hospital department (uddannelsesansvarlig overlæge, UAO).
    case uao
    /// The UAO's role in a general practice (tutorlæge).
    case tutor
    /// Main supervisor (hovedvejleder) in a department.
    case supervisor
    /// Daily clinical supervisor (daglig klinisk vejleder) in a department.
    case clinicalSupervisor = "clinical-supervisor"

    /// Reads the English key or a Danish name, case-insensitively; spaces and `_` count as `-`
    /// ("uddannelsesansvarlig", "tutorlæge", "hovedvejleder", "daglig klinisk vejleder", "sekretariat").
    public init?(name: String) {
        let key = name.normalizedName.split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: "-")
        switch key {
        case "secretariat", "sekretariat", "videreuddannelsessekretariat", "vus": self = .secretariat
        case "uao", "uddannelsesansvarlig", "uddannelsesansvarlig-overlæge", "uddannelsesansvarlig-overlaege":
            self = .uao
        case "tutor", "tutorlæge", "tutorlaege": self = .tutor
        case "supervisor", "hovedvejleder", "main-supervisor": self = .supervisor
        case "clinical-supervisor", "daglig-klinisk-vejleder", "klinisk-vejleder", "daily-clinical-supervisor":
            self = .clinicalSupervisor
        default: return nil
        }
    }

    /// Every name `init(name:)` accepts, for "did you mean" suggestions.
    public static var allNames: [String] {
        ["secretariat", "sekretariat", "uao", "uddannelsesansvarlig", "tutor", "tutorlæge", "supervisor",
         "hovedvejleder", "clinical-supervisor", "daglig-klinisk-vejleder"]
    }

    /// How messages name the role: "secretariat", "UAO", "tutor", "hovedvejleder", "daglig klinisk vejleder".
    public var title: String {
        switch self {
        case .secretariat: return "secretariat"
        case .uao: return "UAO"
        case .tutor: return "tutor"
        case .supervisor: return "hovedvejleder"
        case .clinicalSupervisor: return "daglig klinisk vejleder"
        }
    }

    /// The department's education lead role for its kind: UAO for a hospital, tutor for a general practice.
    public static func lead(of kind: WorkplaceKind) -> GrantRole {
        kind == .hospital ? .uao : .tutor
    }
}

/// Where a grant applies: a department (all roles but secretariat) or a region (secretariat).
public enum GrantScope: Hashable, Sendable {
    /// A department by its id.
    case department(Int64)
    /// A region by name.
    case region(String)
}

/// One dated grant of a role (rettighed), valid from `validFrom` through `validUntil`, both days included.
public struct Grant: Hashable, Sendable {
    /// The grant's id (0 for a grant not yet stored).
    public var id: Int64
    /// The person holding it.
    public var personID: Int64
    /// The role granted.
    public var role: GrantRole
    /// The department or region it applies to.
    public var scope: GrantScope
    /// A clinical supervisor's delegation to approve single competencies (delegation fra UAO/tutor).
    public var mayApprove: Bool
    /// The first day it counts.
    public var validFrom: CalendarDate
    /// The last day it counts (an ended grant's end date); nil while open-ended.
    public var validUntil: CalendarDate?

    /// Creates a grant value.
    public init(id: Int64 = 0, personID: Int64, role: GrantRole, scope: GrantScope, mayApprove: Bool = false,
                validFrom: CalendarDate, validUntil: CalendarDate? = nil) {
        self.id = id
        self.personID = personID
        self.role = role
        self.scope = scope
        self.mayApprove = mayApprove
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether the grant stands on `day`: from `validFrom` through `validUntil`, both included.
    public func isValid(on day: CalendarDate) -> Bool {
        validFrom <= day && (validUntil.map { day <= $0 } ?? true)
    }

    /// The department id, for department grants.
    public var departmentID: Int64? {
        if case .department(let id) = scope { return id }
        return nil
    }

    /// The region, for secretariat grants.
    public var region: String? {
        if case .region(let name) = scope { return name }
        return nil
    }
}

/// The person acting, with every grant they hold (whether or not it stands today).
public struct Actor: Hashable, Sendable {
    /// The person's id.
    public var id: Int64
    /// The handle, for messages.
    public var handle: String
    /// All their grants; the rules pick the ones standing on the day.
    public var grants: [Grant]

    /// Creates an actor.
    public init(id: Int64, handle: String, grants: [Grant]) {
        self.id = id
        self.handle = handle
        self.grants = grants
    }
}

/// What the access rules need to know about a department (afdeling or almen praksis).
public struct AccessDepartment: Hashable, Sendable {
    /// The department's id.
    public var id: Int64
    /// Its code, for messages.
    public var code: String
    /// Hospital or general practice.
    public var kind: WorkplaceKind
    /// The region it belongs to.
    public var region: String

    /// Creates the department facts.
    public init(id: Int64, code: String, kind: WorkplaceKind, region: String) {
        self.id = id
        self.code = code
        self.kind = kind
        self.region = region
    }
}

/// One hovedvejleder assignment of a position, counting from `from` on.
public struct SupervisorAssignment: Hashable, Sendable {
    /// The hovedvejleder's person id.
    public var personID: Int64
    /// The first day the assignment counts.
    public var from: CalendarDate

    /// Creates an assignment.
    public init(personID: Int64, from: CalendarDate) {
        self.personID = personID
        self.from = from
    }
}

/// What the access rules need to know about an intro position.
public struct AccessPosition: Hashable, Sendable {
    /// The position's id.
    public var id: Int64
    /// The trainee (uddannelseslæge).
    public var traineeID: Int64
    /// Where the position is held.
    public var department: AccessDepartment
    /// Hovedvejleder assignments in the order they were made.
    public var supervisors: [SupervisorAssignment]
    /// Whether the position was cancelled: every rule about it then refuses (it can still be read).
    public var cancelled: Bool

    /// Creates the position facts.
    public init(id: Int64, traineeID: Int64, department: AccessDepartment, supervisors: [SupervisorAssignment], cancelled: Bool = false) {
        self.id = id
        self.traineeID = traineeID
        self.department = department
        self.supervisors = supervisors
        self.cancelled = cancelled
    }

    /// The hovedvejleder on `day`: the assignment with the latest `from` on or before it (the later one on a tie).
    public func supervisor(on day: CalendarDate) -> Int64? {
        var best: SupervisorAssignment?
        for assignment in supervisors where assignment.from <= day {
            if best == nil || assignment.from >= best!.from { best = assignment }
        }
        return best?.personID
    }
}

/// One way of being allowed to act; a rule lists the ones it accepts.
public enum Authority: Hashable, Sendable {
    /// The position's own trainee.
    case trainee
    /// The position's hovedvejleder on the day, holding a supervisor grant in the department.
    case hovedvejleder
    /// The department's UAO (hospital) or tutor (general practice).
    case departmentLead
    /// A daglig klinisk vejleder of the department; with `delegated`, only one holding the delegation to approve.
    case clinicalSupervisor(delegated: Bool)
    /// A supervisor (hovedvejleder grant) of the department, assigned to the position or not.
    case departmentSupervisor
    /// The secretariat of the department's region (or of the region in question).
    case secretariat
    /// Any secretariat, UAO or tutor grant anywhere.
    case anyAdministrator
}

/// What a rule is about: a region, a department or a position.
public enum AccessSubject: Hashable, Sendable {
    /// A region (for secretariat grants and new departments).
    case region(String)
    /// A department.
    case department(AccessDepartment)
    /// An intro position.
    case position(AccessPosition)
    /// Nothing in particular (adding a person).
    case anywhere

    var department: AccessDepartment? {
        switch self {
        case .department(let department): return department
        case .position(let position): return position.department
        case .region, .anywhere: return nil
        }
    }

    var region: String? {
        if case .region(let name) = self { return name }
        return department?.region
    }

    /// The kind of the subject's department, if it has one (for wording a refusal).
    public var departmentKind: WorkplaceKind? { department?.kind }
    /// The subject's region, if it has one (for wording a refusal).
    public var regionName: String? { region }

    var label: String {
        switch self {
        case .region(let name): return "region \(name)"
        case .department(let department): return "department \(department.code)"
        case .position(let position): return "position \(position.id)"
        case .anywhere: return "any department or region"
        }
    }
}

/// Why someone may act: the authority that allowed it and the grant behind it (nil for the trainee).
public struct Permit: Hashable, Sendable {
    /// The authority that allowed it.
    public var authority: Authority
    /// The grant it rests on; nil when acting as the trainee.
    public var grant: Grant?
}

/// The result of an access rule: allowed with a permit, or refused with a message naming the missing grant.
public enum AccessDecision: Hashable, Sendable {
    /// Allowed.
    case allowed(Permit)
    /// Refused; the refusal names who is missing which grant, where and on which day.
    case refused(Refusal)

    /// The permit, or nil when refused.
    public var permit: Permit? {
        if case .allowed(let permit) = self { return permit }
        return nil
    }

    /// The refusal, or nil when allowed.
    public var refusal: Refusal? {
        if case .refused(let refusal) = self { return refusal }
        return nil
    }
}

/// Who may do what on a given day, decided by the grants standing on that day (DOMAIN.md "Access").
public enum Access {
    /// The core rule: allowed when `actor` holds any of `authorities` for `subject` on `day`, tried in order.
    ///
    /// A refusal reads `dr.berg is not hovedvejleder or UAO for position 12 on 2027-03-04`.
    public static func decide(_ actor: Actor, anyOf authorities: [Authority], for subject: AccessSubject,
                              on day: CalendarDate) -> AccessDecision {
        if case .position(let position) = subject, position.cancelled { return .refused(.positionCancelled(position: position.id)) }
        let standing = actor.grants.filter { $0.isValid(on: day) }
        for authority in authorities {
            if let permit = permit(authority, actor: actor, standing: standing, subject: subject, day: day) {
                return .allowed(permit)
            }
        }
        return .refused(.lacks(actor: actor.handle, authorities: authorities, subject: subject, day: day))
    }

    /// Who may grant `role` in `scope` (DOMAIN.md "Access"): the secretariat of the region grants secretariat,
    /// the department's UAO (hospitals only) or tutor (general practice only); the department's UAO/tutor
    /// grants hovedvejleder and daglig klinisk vejleder, with or without the delegation to approve.
    ///
    /// Onboarding another region: the secretariat of the home region — the region of the database's first grant, the
    /// secretariat set up by `logbook init` — also grants (and ends) secretariat grants in any other region, acting as
    /// the national administration (landsadministration). Every other secretariat grants only in its own region.
    public static func mayGrant(_ role: GrantRole, in subject: AccessSubject, by actor: Actor,
                                on day: CalendarDate, homeRegion: String? = nil) -> AccessDecision {
        switch role {
        case .secretariat:
            guard case .region(let region) = subject else { return .refused(.secretariatNeedsRegion) }
            let own = decide(actor, anyOf: [.secretariat], for: subject, on: day)
            if case .refused = own, let homeRegion, homeRegion != region,
               case .allowed(let permit) = decide(actor, anyOf: [.secretariat], for: .region(homeRegion), on: day) {
                return .allowed(permit)
            }
            return own
        case .uao, .tutor:
            guard let department = subject.department else {
                return .refused(.grantNeedsDepartment(role))
            }
            let lead = GrantRole.lead(of: department.kind)
            guard role == lead else {
                return .refused(.wrongLead(department: department.code, kind: department.kind, asked: role))
            }
            return decide(actor, anyOf: [.secretariat], for: subject, on: day)
        case .supervisor, .clinicalSupervisor:
            guard subject.department != nil else {
                return .refused(.grantNeedsDepartment(role))
            }
            return decide(actor, anyOf: [.departmentLead], for: subject, on: day)
        }
    }

    /// Who may start an intro position in a department: its UAO/tutor or the secretariat of its region; never the
    /// trainee it is for (`trainee`, their person id), whatever grants they hold (DOMAIN.md "Conflicts of interest").
    public static func mayStartPosition(in department: AccessDepartment, by actor: Actor, on day: CalendarDate,
                                        trainee: Int64? = nil) -> AccessDecision {
        if let trainee, trainee == actor.id { return .refused(.ownPosition(actor: actor.handle, position: 0, act: .start)) }
        return decide(actor, anyOf: [.departmentLead, .secretariat], for: .department(department), on: day)
    }

    /// Who may cancel a position started by mistake: whoever may start one in its department, never its trainee.
    public static func mayCancelPosition(_ position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID { return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .cancel)) }
        return mayStartPosition(in: position.department, by: actor, on: day)
    }

    /// Who may attach the department's uddannelsesprogram to a started position (issue 28): whoever may start one in its
    /// department (its UAO/tutor or the region's secretariat); never its trainee; not on a cancelled position.
    public static func mayAttachProgram(to position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .assignSupervisor))
        }
        return decide(actor, anyOf: [.departmentLead, .secretariat], for: .position(position), on: day)
    }

    /// Who may change a position's hovedvejleder: the department's UAO/tutor; never the position's trainee.
    public static func mayAssignSupervisor(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        if actor.id == position.traineeID {
            return .refused(.ownPosition(actor: actor.handle, position: position.id, act: .assignSupervisor))
        }
        return decide(actor, anyOf: [.departmentLead], for: .position(position), on: day)
    }

    /// Who may be a position's hovedvejleder or name themself its assessor: anyone but its trainee (DOMAIN.md
    /// "Conflicts of interest"). Nil when `person` may; the refusal otherwise.
    public static func ownRecordRefusal(_ person: (id: Int64, handle: String), in position: AccessPosition,
                                        as act: Refusal.OwnAct) -> Refusal? {
        person.id == position.traineeID ? .ownPosition(actor: person.handle, position: position.id, act: act) : nil
    }

    /// Who may record assessments for a position: the trainee, the hovedvejleder, the UAO/tutor or a daglig
    /// klinisk vejleder of the department.
    public static func mayRecord(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.trainee, .hovedvejleder, .departmentLead, .clinicalSupervisor(delegated: false)],
               for: .position(position), on: day)
    }

    /// Who may record absence and meetings for a position: the trainee, the hovedvejleder or the UAO/tutor.
    public static func mayRecordAbsence(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.trainee, .hovedvejleder, .departmentLead], for: .position(position), on: day)
    }

    /// Who may record a vejledersamtale for a position: the trainee, the hovedvejleder or the UAO/tutor.
    public static func mayRecordMeeting(for position: AccessPosition, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.trainee, .hovedvejleder, .departmentLead], for: .position(position), on: day)
    }

    /// Who may add a department in a region: that region's secretariat.
    public static func mayAddDepartment(inRegion region: String, by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.secretariat], for: .region(region), on: day)
    }

    /// Who may register a person: anyone holding a secretariat, UAO or tutor grant on the day.
    public static func mayAddPerson(by actor: Actor, on day: CalendarDate) -> AccessDecision {
        decide(actor, anyOf: [.anyAdministrator], for: .anywhere, on: day)
    }

    // MARK: Matching one authority

    private static func permit(_ authority: Authority, actor: Actor, standing: [Grant], subject: AccessSubject,
                               day: CalendarDate) -> Permit? {
        func grant(_ roles: Set<GrantRole>, where extra: (Grant) -> Bool = { _ in true }) -> Grant? {
            guard let department = subject.department else { return nil }
            return standing.first { roles.contains($0.role) && $0.departmentID == department.id && extra($0) }
        }
        switch authority {
        case .trainee:
            guard case .position(let position) = subject, position.traineeID == actor.id else { return nil }
            return Permit(authority: authority, grant: nil)
        case .hovedvejleder:
            guard case .position(let position) = subject, position.supervisor(on: day) == actor.id else { return nil }
            return grant([.supervisor]).map { Permit(authority: authority, grant: $0) }
        case .departmentLead:
            guard let department = subject.department else { return nil }
            return grant([GrantRole.lead(of: department.kind)]).map { Permit(authority: authority, grant: $0) }
        case .clinicalSupervisor(let delegated):
            return grant([.clinicalSupervisor], where: { !delegated || $0.mayApprove }).map { Permit(authority: authority, grant: $0) }
        case .departmentSupervisor:
            return grant([.supervisor]).map { Permit(authority: authority, grant: $0) }
        case .secretariat:
            guard let region = subject.region else { return nil }
            return standing.first { $0.role == .secretariat && $0.region == region }.map { Permit(authority: authority, grant: $0) }
        case .anyAdministrator:
            return standing.first { [.secretariat, .uao, .tutor].contains($0.role) }.map { Permit(authority: authority, grant: $0) }
        }
    }

    static func title(of authority: Authority, subject: AccessSubject) -> String {
        switch authority {
        case .trainee: return "the trainee"
        case .hovedvejleder: return "hovedvejleder"
        case .departmentLead: return GrantRole.lead(of: subject.department?.kind ?? .hospital).title
        case .clinicalSupervisor(let delegated): return delegated ? "daglig klinisk vejleder with delegation" : "daglig klinisk vejleder"
        case .departmentSupervisor: return "a supervisor"
        case .secretariat:
            if case .region = subject { return "secretariat" }
            return "secretariat" + (subject.region.map { " of region \($0)" } ?? "")
        case .anyAdministrator: return "secretariat, UAO or tutor"
        }
    }
}

extension Array where Element == String {
    /// "a", "a or b", "a, b or c".
    func joinedWithOr() -> String {
        if count <= 1 { return first ?? "" }
        return dropLast().joined(separator: ", ") + " or " + last!
    }
}

/// Plain records of what the database holds, as the store reads them and the use cases and front ends see them.
/// They carry row ids so a use case can refer back to them; the rules live in the domain types they feed.

/// A person (trainee, supervisor, UAO, secretary) as stored.
public struct PersonRecord: Sendable, Hashable {
    public let id: Int64
    public let handle: String
    public let name: String
    /// Autorisations-ID from the Danish Patient Safety Authority, when given.
    public let authorisationID: String?
    /// Where `logbook remind` sends the person's digest, when given.
    public let email: String?

    /// Creates the record.
    public init(id: Int64, handle: String, name: String, authorisationID: String?, email: String? = nil) {
        self.id = id
        self.handle = handle
        self.name = name
        self.authorisationID = authorisationID
        self.email = email
    }
}

/// A field of a person that can be corrected (the handle cannot: the signed log names people by it).
public enum PersonField: String, Sendable, Hashable, CaseIterable {
    case name
    case authorisationID = "authorisation_id"
    case email
}

/// One correction of a person: the field, the old and new value, why, when and by whom (handle).
public struct PersonChange: Sendable, Hashable {
    public let field: PersonField
    public let old: String?
    public let new: String?
    public let reason: String
    public let changedAt: String
    public let changedBy: String
    public init(field: PersonField, old: String?, new: String?, reason: String, changedAt: String, changedBy: String) {
        self.field = field
        self.old = old
        self.new = new
        self.reason = reason
        self.changedAt = changedAt
        self.changedBy = changedBy
    }
}

/// A grant as stored: the rule value plus who gave it, when, and its end if ended.
public struct GrantRecord: Sendable, Hashable {
    /// The grant as the access rules see it (`validUntil` is the earlier of its own until and its end).
    public let grant: Grant
    /// The holder's handle.
    public let handle: String
    /// The department's code for department grants.
    public let departmentCode: String?
    /// The `--until` given when granted.
    public let grantedUntil: CalendarDate?
    /// The last day after `grant end`, if ended.
    public let endedOn: CalendarDate?
    /// Who granted it (nil for the bootstrap grant).
    public let grantedBy: String?

    public var id: Int64 { grant.id }
    /// "department KARD" or "region Syddanmark".
    public var scopeLabel: String { departmentCode.map { "department \($0)" } ?? "region \(grant.region ?? "")" }

    /// Creates the record.
    public init(grant: Grant, handle: String, departmentCode: String?, grantedUntil: CalendarDate?, endedOn: CalendarDate?, grantedBy: String?) {
        self.grant = grant
        self.handle = handle
        self.departmentCode = departmentCode
        self.grantedUntil = grantedUntil
        self.endedOn = endedOn
        self.grantedBy = grantedBy
    }
}

/// A department (hospital department or general practice) as stored.
public struct DepartmentRecord: Sendable, Hashable {
    public let id: Int64
    public let code: String
    public let name: String
    public let kind: WorkplaceKind
    public let region: String

    /// Creates the record.
    public init(id: Int64, code: String, name: String, kind: WorkplaceKind, region: String) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.region = region
    }
}

/// A målbeskrivelse as stored, with its row id.
public struct CurriculumRecord: Sendable, Hashable {
    public let id: Int64
    public let specialtyID: Int64
    public let specialty: String
    public let level: CurriculumLevel
    public let version: String
    public let validFrom: CalendarDate
    public let title: String
    public let contentHash: String

    /// "Kardiologi 2022": how messages name it.
    public var label: String { "\(specialty) \(version)" }

    /// Creates the record.
    public init(id: Int64, specialtyID: Int64, specialty: String, level: CurriculumLevel, version: String, validFrom: CalendarDate, title: String, contentHash: String) {
        self.id = id
        self.specialtyID = specialtyID
        self.specialty = specialty
        self.level = level
        self.version = version
        self.validFrom = validFrom
        self.title = title
        self.contentHash = contentHash
    }
}

/// A competency as stored, with its row id.
public struct CompetencyRecord: Sendable, Hashable {
    public let id: Int64
    public let competency: Competency

    public var code: String { competency.code }
    public var title: String { competency.title }

    /// Creates the record.
    public init(id: Int64, competency: Competency) {
        self.id = id
        self.competency = competency
    }
}

/// A mandatory course as stored.
public struct CourseRecord: Sendable, Hashable {
    public let id: Int64
    public let name: String

    /// Creates the record.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

/// An uddannelsesprogram as stored, with its department and målbeskrivelse.
public struct ProgramRecord: Sendable, Hashable {
    public let id: Int64
    public let departmentID: Int64
    public let departmentCode: String
    public let departmentName: String
    public let curriculumID: Int64
    public let specialty: String
    public let curriculumVersion: String
    public let title: String
    public let version: String
    public let approvedOn: CalendarDate?
    public let contentHash: String
    /// How many items (deadlines) it has.
    public let itemCount: Int

    /// Creates the record.
    public init(id: Int64, departmentID: Int64, departmentCode: String, departmentName: String, curriculumID: Int64, specialty: String, curriculumVersion: String, title: String, version: String, approvedOn: CalendarDate?, contentHash: String, itemCount: Int) {
        self.id = id
        self.departmentID = departmentID
        self.departmentCode = departmentCode
        self.departmentName = departmentName
        self.curriculumID = curriculumID
        self.specialty = specialty
        self.curriculumVersion = curriculumVersion
        self.title = title
        self.version = version
        self.approvedOn = approvedOn
        self.contentHash = contentHash
        self.itemCount = itemCount
    }
}

/// One stored programme item with what it points at.
public struct ProgramItemRecord: Sendable, Hashable {
    public let id: Int64
    /// The item; a competency or course by its stored code or name.
    public let item: ProgramItem
    /// The competency's title or the course's name, for listings ("" for meetings).
    public let title: String

    /// Creates the record.
    public init(id: Int64, item: ProgramItem, title: String) {
        self.id = id
        self.item = item
        self.title = title
    }
}

/// An intro position's own row.
public struct PositionRecord: Sendable, Hashable {
    public let id: Int64
    public let traineeID: Int64
    public let departmentID: Int64
    /// The pinned målbeskrivelse.
    public let curriculumID: Int64
    public let programID: Int64?
    public let start: CalendarDate
    public let partTime: PartTime
    public let kbuGeneralPractice: Bool
    public let startedBy: Int64
    /// The cancellation event, when the position was cancelled (started by mistake); its records stay.
    public let cancellation: Int64?

    /// Whether the position was cancelled.
    public var isCancelled: Bool { cancellation != nil }

    /// Creates the record.
    public init(id: Int64, traineeID: Int64, departmentID: Int64, curriculumID: Int64, programID: Int64?, start: CalendarDate,
                partTime: PartTime, kbuGeneralPractice: Bool, startedBy: Int64, cancellation: Int64? = nil) {
        self.cancellation = cancellation
        self.id = id
        self.traineeID = traineeID
        self.departmentID = departmentID
        self.curriculumID = curriculumID
        self.programID = programID
        self.start = start
        self.partTime = partTime
        self.kbuGeneralPractice = kbuGeneralPractice
        self.startedBy = startedBy
    }
}

/// One hovedvejleder assignment as stored, with the person's handle.
public struct SupervisorRecord: Sendable, Hashable {
    public let id: Int64
    public let assignment: SupervisorAssignment
    public let handle: String
    /// The hovedvejleder's full name (the handle when no name is known).
    public let name: String

    /// Creates the record.
    public init(id: Int64, assignment: SupervisorAssignment, handle: String, name: String? = nil) {
        self.id = id
        self.assignment = assignment
        self.handle = handle
        self.name = name ?? handle
    }
}

/// A withdrawn absence period: the period as recorded, and who withdrew it, when (UTC) and why.
public struct WithdrawnAbsence: Sendable, Hashable {
    public let absence: AbsenceRecord
    public let reason: String
    /// The handle and full name of who withdrew it.
    public let by: String
    public let byName: String
    /// When the withdrawal was recorded (UTC timestamp).
    public let at: String
    /// The day (UTC) the withdrawal was recorded: the date `at` begins with.
    public let on: CalendarDate

    /// Creates the record.
    public init(absence: AbsenceRecord, reason: String, by: String, byName: String, at: String, on: CalendarDate) {
        self.absence = absence
        self.reason = reason
        self.by = by
        self.byName = byName
        self.at = at
        self.on = on
    }
}

/// One absence period (fraværsperiode) as stored.
public struct AbsenceRecord: Sendable, Hashable {
    public let id: Int64
    public let period: AbsencePeriod
    public let note: String
    public let recordedBy: String

    /// Creates the record.
    public init(id: Int64, period: AbsencePeriod, note: String, recordedBy: String) {
        self.id = id
        self.period = period
        self.note = note
        self.recordedBy = recordedBy
    }
}

/// An uddannelsesprogram's identity, for choosing one when a position starts.
public struct ProgramChoice: Sendable, Hashable {
    public let id: Int64
    public let departmentID: Int64
    public let curriculumID: Int64
    public let title: String
    public let version: String

    /// Creates the record.
    public init(id: Int64, departmentID: Int64, curriculumID: Int64, title: String, version: String) {
        self.id = id
        self.departmentID = departmentID
        self.curriculumID = curriculumID
        self.title = title
        self.version = version
    }
}

/// A kompetencevurdering as stored, with what supersedes it.
public struct AssessmentRecord: Sendable, Hashable {
    public let id: Int64
    public let competencyID: Int64
    public let competencyCode: String
    /// The method, when it is one the program knows.
    public let method: AssessmentMethod?
    /// A method given as free text with `--other-method`.
    public let otherMethod: String?
    public let assessedOn: CalendarDate
    public let assessor: String?
    public let note: String
    /// The entry this one corrects.
    public let correctsID: Int64?
    /// The entry that corrects this one, when it has been superseded.
    public let supersededBy: Int64?
    public let recordedBy: String

    /// The method as shown: the Danish name or the free text.
    public var methodText: String { method?.danishName ?? otherMethod ?? "" }

    /// Creates the record.
    public init(id: Int64, competencyID: Int64, competencyCode: String, method: AssessmentMethod?, otherMethod: String?, assessedOn: CalendarDate, assessor: String?, note: String, correctsID: Int64?, supersededBy: Int64?, recordedBy: String) {
        self.id = id
        self.competencyID = competencyID
        self.competencyCode = competencyCode
        self.method = method
        self.otherMethod = otherMethod
        self.assessedOn = assessedOn
        self.assessor = assessor
        self.note = note
        self.correctsID = correctsID
        self.supersededBy = supersededBy
        self.recordedBy = recordedBy
    }
}

/// A vejledersamtale as stored.
public struct MeetingRecord: Sendable, Hashable {
    public let id: Int64
    public let kind: MeetingKind
    public let heldOn: CalendarDate
    /// The revised individuelle uddannelsesplan.
    public let plan: String
    public let recordedBy: String

    /// Creates the record.
    public init(id: Int64, kind: MeetingKind, heldOn: CalendarDate, plan: String, recordedBy: String) {
        self.id = id
        self.kind = kind
        self.heldOn = heldOn
        self.plan = plan
        self.recordedBy = recordedBy
    }
}

/// How a new assessment names its method: a known one or free text.
public enum RecordedMethod: Sendable, Hashable {
    case known(AssessmentMethod)
    case other(String)
}

/// An event as stored, with the revocation that revoked it, if any.
public struct EventRecord: Sendable {
    /// The content its hash was computed over, as read back from the rows it refers to.
    public let content: EventContent
    /// The hash stored with the row.
    public let hash: String
    /// The Ed25519 signature, base64, when the maker had a registered key.
    public let signature: String?
    public let competencyID: Int64?
    public let courseID: Int64?
    public let actorID: Int64
    public let actorDepartmentID: Int64?
    /// The maker's full name, as a person reads the event (the handle when no name is known).
    public let actorName: String
    /// The revocation of this event: its id, who revoked it, when and why.
    public let revokedBy: Revocation?

    public var id: Int64 { content.id }
    public var kind: EventKind { content.kind }
    /// True while no revocation stands against it.
    public var isStanding: Bool { revokedBy == nil }

    /// Creates the record.
    public init(content: EventContent, hash: String, signature: String?, competencyID: Int64?, courseID: Int64?, actorID: Int64, actorDepartmentID: Int64?,
                actorName: String? = nil, revokedBy: Revocation?) {
        self.content = content
        self.actorName = actorName ?? content.actor
        self.hash = hash
        self.signature = signature
        self.competencyID = competencyID
        self.courseID = courseID
        self.actorID = actorID
        self.actorDepartmentID = actorDepartmentID
        self.revokedBy = revokedBy
    }
}

/// The revocation of an act or a key: the revoking event, who made it, its date and the reason given.
public struct Revocation: Sendable, Hashable {
    /// The id of the revocation event.
    public let eventID: Int64
    /// The handle of the person who revoked.
    public let actor: String
    /// Their full name (the handle when no name is known).
    public let actorName: String
    public let on: CalendarDate
    public let reason: String

    /// Creates the record.
    public init(eventID: Int64, actor: String, actorName: String? = nil, on: CalendarDate, reason: String) {
        self.eventID = eventID
        self.actor = actor
        self.actorName = actorName ?? actor
        self.on = on
        self.reason = reason
    }
}

/// A one-time invitation to set a password (issue 15), as stored: only the token's hash.
public struct InvitationRecord: Sendable, Hashable {
    public let id: Int64
    public let personID: Int64
    public let createdBy: Int64
    /// Unix seconds.
    public let createdAt: Int64
    public let expiresAt: Int64
    public let usedAt: Int64?

    /// Creates the record.
    public init(id: Int64, personID: Int64, createdBy: Int64, createdAt: Int64, expiresAt: Int64, usedAt: Int64?) {
        self.id = id
        self.personID = personID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// A server-side log-in session, as stored: the id's and the CSRF token's hashes, the person and the times.
public struct ServerSessionRecord: Sendable, Hashable {
    public let idHash: String
    public let csrfHash: String
    public let personID: Int64
    /// Unix seconds.
    public let createdAt: Int64
    public let lastSeenAt: Int64
    public let expiresAt: Int64
    public let endedAt: Int64?
    /// How the person authenticated when the session was opened (or since upgraded by confirming TOTP).
    public let method: AuthenticationMethod

    /// Creates the record.
    public init(idHash: String, csrfHash: String, personID: Int64, createdAt: Int64, lastSeenAt: Int64, expiresAt: Int64,
                endedAt: Int64?, method: AuthenticationMethod = .password) {
        self.method = method
        self.idHash = idHash
        self.csrfHash = csrfHash
        self.personID = personID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }
}

/// One log-in attempt: the handle named, when (Unix seconds), from which address, and whether it succeeded.
public struct LoginAttemptRecord: Sendable, Hashable {
    public let handle: String
    public let personID: Int64?
    public let at: Int64
    public let address: String
    public let ok: Bool

    /// Creates the record.
    public init(handle: String, personID: Int64?, at: Int64, address: String, ok: Bool) {
        self.handle = handle
        self.personID = personID
        self.at = at
        self.address = address
        self.ok = ok
    }
}

/// A signed checkpoint as stored (table `checkpoint`, migration 0009): the tree's size, its last leaf's event id, the
/// root (base64), the frontier it was computed with, the signed note, who signed it and when.
public struct CheckpointRecord: Sendable, Equatable {
    public let id: Int64
    public let treeSize: Int
    public let lastEvent: Int64?
    public let rootHash: String
    public let frontier: String
    public let note: String
    public let signer: String
    public let madeAt: String

    public init(id: Int64, treeSize: Int, lastEvent: Int64?, rootHash: String, frontier: String, note: String, signer: String,
                madeAt: String) {
        self.id = id
        self.treeSize = treeSize
        self.lastEvent = lastEvent
        self.rootHash = rootHash
        self.frontier = frontier
        self.note = note
        self.signer = signer
        self.madeAt = madeAt
    }
}

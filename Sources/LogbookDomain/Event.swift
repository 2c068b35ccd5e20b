import Crypto

/// What an event of the permanent log records (DOMAIN.md, Approvals and attestations).
public enum EventKind: String, Sendable, CaseIterable, Hashable {
    /// Godkendelse of one competency.
    case competencyApproval = "competency-approval"
    /// Approval of a mandatory course with its date.
    case courseApproval = "course-approval"
    /// Attestation for tidsmæssigt gennemført uddannelseselement.
    case timeAttestation = "time-attestation"
    /// Attestation that the element is godkendt og gennemført.
    case elementAttestation = "element-attestation"
    /// Forhåndsudtalelse: the UAO's statement that an ongoing intro is expected to be completed.
    case statement
    /// Tilbagekaldelse of an earlier event, with a reason.
    case revocation
    /// Registration of a person's public signing key.
    case keyRegistration = "key-registration"
    /// A dated grant of a role (authority chain).
    case grant
    /// The end of a grant (authority chain).
    case grantEnd = "grant-end"
    /// The binding of an intro position: trainee, department, curriculum, start, part time (first of its chain).
    case position
    /// A hovedvejleder assignment of a position from a date on.
    case supervisorAssignment = "supervisor-assignment"
    /// A recorded absence period (fravær).
    case absence
    /// The withdrawal of a recorded absence period.
    case absenceWithdrawal = "absence-withdrawal"
    /// Anmodning om godkendelse: the trainee asks a named approver to approve competencies or courses.
    case approvalRequest = "approval-request"
    /// The approver declines a request, with a reason.
    case requestDecline = "request-decline"
    /// The trainee withdraws their own request.
    case requestWithdrawal = "request-withdrawal"
    /// A position started by mistake is cancelled, with a reason; nothing more may be recorded on it.
    case positionCancellation = "position-cancellation"
    /// A person's name as the log knows it (authority chain): the first for a handle names them when they are added,
    /// each later one is a correction (with its reason). What `print`, `status` and `history` show is checked by
    /// `verify` against the newest one (issue 29).
    case personName = "person-name"
    /// A department's name as the log knows it (authority chain), given when it is added by its region's secretariat:
    /// what pages, prints and bundles show beside the acts made there (issue 29).
    case departmentName = "department-name"

    /// The acts a revocation may revoke in a position chain.
    public var isRevocableAct: Bool {
        [.competencyApproval, .courseApproval, .timeAttestation, .elementAttestation, .statement].contains(self)
    }

    /// The kinds that belong to the authority chain (no position).
    public var isAuthorityKind: Bool { [.grant, .grantEnd, .keyRegistration, .personName, .departmentName].contains(self) }

    /// The kinds of the request workflow (a request and its answers by decline or withdrawal).
    public var isRequestKind: Bool { [.approvalRequest, .requestDecline, .requestWithdrawal].contains(self) }

    /// How history and status name the kind.
    public var label: String {
        switch self {
        case .competencyApproval: return "competency approved"
        case .courseApproval: return "course approved"
        case .timeAttestation: return "time attested"
        case .elementAttestation: return "element attested"
        case .statement: return "forhåndsudtalelse"
        case .revocation: return "revocation"
        case .keyRegistration: return "key registered"
        case .grant: return "role granted"
        case .grantEnd: return "grant ended"
        case .position: return "position started"
        case .supervisorAssignment: return "hovedvejleder assigned"
        case .absence: return "absence recorded"
        case .absenceWithdrawal: return "absence withdrawn"
        case .approvalRequest: return "approval requested"
        case .requestDecline: return "request declined"
        case .requestWithdrawal: return "request withdrawn"
        case .positionCancellation: return "position cancelled"
        case .personName: return "name recorded"
        case .departmentName: return "department named"
        }
    }
}

/// The content of one event, in the natural keys another program can check without our database.
///
/// The canonical encoding (docs/EVENT-FORMAT.md) is the exact byte string that is hashed (and, with keys,
/// signed): the line `logbook-event-v1`, then one line per field in this order, each
/// `name:<UTF-8 byte length>:<value>` followed by a line feed. Lengths make the encoding unambiguous
/// whatever the text contains (line breaks, colons, any Unicode).
public struct EventContent: Sendable, Hashable {
    /// The event's number in the database; part of the content, so moving a row is detected.
    public var id: Int64
    public var kind: EventKind
    /// The position the event belongs to; nil only for key registrations.
    public var positionID: Int64?
    /// The competency code (competency approvals).
    public var competencyCode: String?
    /// The course name (course approvals).
    public var course: String?
    /// The event a revocation revokes.
    public var revokes: Int64?
    /// The date the event names (when the competency was reached, the course taken, ...).
    public var effectiveOn: CalendarDate
    /// When it was recorded: the system clock, UTC, never set by the user.
    public var recordedAt: String
    /// Who acted (handle), in which role, in which department (code).
    public var actor: String
    public var actorRole: String
    public var actorDepartment: String?
    /// Comment, statement text or revocation reason.
    public var text: String
    /// Kind-specific data (a public key for key registrations).
    public var payload: String
    /// The hash of the previous event in the same chain (64 zeros for the first).
    public var previousHash: String
    /// How the maker authenticated to the server that made and signed the event (`password`, `password+totp`, `proxy`,
    /// `token`); nil for an event made outside a server (the CLI). Only a server key may sign an event that has it.
    public var authentication: String?

    public init(id: Int64, kind: EventKind, positionID: Int64?, competencyCode: String? = nil, course: String? = nil,
                revokes: Int64? = nil, effectiveOn: CalendarDate, recordedAt: String, actor: String, actorRole: String,
                actorDepartment: String?, text: String = "", payload: String = "", previousHash: String,
                authentication: String? = nil) {
        self.id = id
        self.kind = kind
        self.positionID = positionID
        self.competencyCode = competencyCode
        self.course = course
        self.revokes = revokes
        self.effectiveOn = effectiveOn
        self.recordedAt = recordedAt
        self.actor = actor
        self.actorRole = actorRole
        self.actorDepartment = actorDepartment
        self.text = text
        self.payload = payload
        self.previousHash = previousHash
        self.authentication = authentication
    }

    /// The UTC day the event was recorded (the date part of `recordedAt`), when it reads as one.
    public var recordedOn: CalendarDate? { CalendarDate(iso: String(recordedAt.prefix(10))) }

    /// The hash a chain starts from.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The fields in canonical order, absent values as empty strings; `authentication` only when the event has it
    /// (a fifteenth line, so every event made outside a server keeps the bytes and hash it always had).
    public var canonicalFields: [(String, String)] {
        var fields = baseFields
        if let authentication { fields.append(("authentication", authentication)) }
        return fields
    }

    /// The fourteen fields every event has.
    private var baseFields: [(String, String)] {
        [
            ("id", String(id)),
            ("kind", kind.rawValue),
            ("position", positionID.map(String.init) ?? ""),
            ("competency", competencyCode ?? ""),
            ("course", course ?? ""),
            ("revokes", revokes.map(String.init) ?? ""),
            ("effective_on", effectiveOn.iso),
            ("recorded_at", recordedAt),
            ("actor", actor),
            ("actor_role", actorRole),
            ("actor_department", actorDepartment ?? ""),
            ("text", text),
            ("payload", payload),
            ("prev_hash", previousHash),
        ]
    }

    /// The exact bytes that are hashed and signed.
    public var canonicalBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(400 + text.utf8.count + payload.utf8.count)
        bytes.append(contentsOf: "logbook-event-v1\n".utf8)
        for (name, value) in canonicalFields {
            bytes.append(contentsOf: name.utf8)
            bytes.append(0x3A)  // ":"
            bytes.append(contentsOf: String(value.utf8.count).utf8)
            bytes.append(0x3A)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// SHA-256 of the canonical bytes, lower-case hex.
    public var hash: String { Hex.lowercase(SHA256.hash(data: canonicalBytes)) }
}

/// Lower-case hexadecimal text of bytes (digests).
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    /// Two lower-case hex digits per byte.
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// What is wrong with a chain of events, for `logbook verify`.
public struct ChainProblem: Sendable, Hashable, CustomStringConvertible {
    /// The first event at which the chain no longer holds.
    public let eventID: Int64
    /// What is wrong, as a value a front end words in the reader's language.
    public let fault: ChainFault
    /// The English clause.
    public var message: String { fault.description }
    public var description: String { "event \(eventID): \(message)" }

    public init(eventID: Int64, _ fault: ChainFault) {
        self.eventID = eventID
        self.fault = fault
    }
}

/// Checks hash chains (DOMAIN.md: every approval is permanent history, provably untampered).
public enum EventChain {
    /// One stored event: its content as read back, and the hash stored with it.
    public struct Link: Sendable {
        public let content: EventContent
        public let storedHash: String
        public init(content: EventContent, storedHash: String) {
            self.content = content
            self.storedHash = storedHash
        }
    }

    /// The first problem in one chain (events in id order), or nil when every link holds.
    ///
    /// A changed event no longer matches its own hash. A removed, inserted or reordered event breaks the
    /// link: the next event's previous-hash no longer names the event before it.
    public static func firstProblem(in links: [Link]) -> ChainProblem? {
        var expectedPrevious = EventContent.genesisHash
        var hashes: [String: Int64] = [:]
        for link in links { hashes[link.storedHash] = link.content.id }
        var previousID: Int64?
        for link in links {
            let content = link.content
            if content.hash != link.storedHash {
                return ChainProblem(eventID: content.id, .changed)
            }
            if content.previousHash != expectedPrevious {
                let fault: ChainFault
                if let other = hashes[content.previousHash] {
                    fault = .outOfOrder(follows: other, expected: previousID)
                } else if content.previousHash == EventContent.genesisHash {
                    fault = .inserted(after: previousID)
                } else if let previousID {
                    fault = .removedBetween(previousID, content.id)
                } else {
                    fault = .firstRemoved
                }
                return ChainProblem(eventID: content.id, fault)
            }
            expectedPrevious = link.storedHash
            previousID = content.id
        }
        return nil
    }
}

/// An event to append: the row ids it refers to and the natural keys its hash is computed over.
///
/// The use case builds it, turns it into content at the chain's next link, signs that content and hands both to the
/// store; nothing in the store calls back up.
public struct NewEvent: Sendable {
    public var kind: EventKind
    public var positionID: Int64?
    public var competency: (id: Int64, code: String)?
    public var course: (id: Int64, name: String)?
    public var revokes: Int64?
    public var effectiveOn: CalendarDate
    public var actor: (id: Int64, handle: String)
    public var actorRole: String
    public var actorDepartment: (id: Int64, code: String)?
    public var text: String
    public var payload: String

    public init(kind: EventKind, positionID: Int64?, competency: (id: Int64, code: String)? = nil,
                course: (id: Int64, name: String)? = nil, revokes: Int64? = nil, effectiveOn: CalendarDate,
                actor: (id: Int64, handle: String), actorRole: String, actorDepartment: (id: Int64, code: String)?,
                text: String = "", payload: String = "") {
        self.kind = kind
        self.positionID = positionID
        self.competency = competency
        self.course = course
        self.revokes = revokes
        self.effectiveOn = effectiveOn
        self.actor = actor
        self.actorRole = actorRole
        self.actorDepartment = actorDepartment
        self.text = text
        self.payload = payload
    }
}

extension NewEvent {
    /// The content this event has as link `link` of its chain, recorded at `recordedAt`.
    public func content(at link: ChainLink, recordedAt: String) -> EventContent {
        EventContent(
            id: link.id, kind: kind, positionID: positionID, competencyCode: competency?.code, course: course?.name,
            revokes: revokes, effectiveOn: effectiveOn, recordedAt: recordedAt, actor: actor.handle, actorRole: actorRole,
            actorDepartment: actorDepartment?.code, text: text, payload: payload, previousHash: link.previousHash)
    }
}

/// Where the next event of a chain goes: the next id of the log and the hash of the chain's last event.
public struct ChainLink: Sendable, Hashable {
    public let id: Int64
    public let previousHash: String

    /// Creates the link.
    public init(id: Int64, previousHash: String) {
        self.id = id
        self.previousHash = previousHash
    }
}


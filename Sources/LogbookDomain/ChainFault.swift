/// When a registered key may sign: from its first day, maybe through a last day, maybe revoked by an event.
/// `description` is the English "valid 2026-06-15 to 2027-06-30, revoked by event 9 on 2026-12-01".
public struct KeyValidity: Hashable, Sendable, CustomStringConvertible {
    public let from: CalendarDate
    public let until: CalendarDate?
    /// The revoking event and its day, when the key is revoked.
    public let revokedBy: Int64?
    public let revokedOn: CalendarDate?

    public init(from: CalendarDate, until: CalendarDate?, revokedBy: Int64? = nil, revokedOn: CalendarDate? = nil) {
        self.from = from
        self.until = until
        self.revokedBy = revokedBy
        self.revokedOn = revokedOn
    }

    public var description: String {
        var text = "valid " + (until.map { "\(from) to \($0)" } ?? "from \(from)")
        if let revokedBy, let revokedOn { text += ", revoked by event \(revokedBy) on \(revokedOn)" }
        return text
    }
}

extension RegisteredKey {
    /// When the key may sign, as a value.
    public var validity: KeyValidity {
        KeyValidity(from: payload.validFrom, until: payload.validUntil, revokedBy: revocation?.eventID, revokedOn: revocation?.on)
    }
}

/// Which payload an event lacks, for `ChainFault.payloadNot`.
public enum PayloadKind: String, Hashable, Sendable {
    case grant, grantEnd, keyRegistration, position, supervisorAssignment, absence, absenceWithdrawal, approvalRequest, requestReference,
         personName, departmentName
}

/// What is wrong with one event of a log, as a value: `logbook verify` and the bundle check word it in the reader's
/// language (LogbookApp's `Texts.chainFault`); `description` is the English clause (it follows "event 12: ").
/// Machine facts (event ids, fingerprints, hashes, handles, dates, the format's kind names) are its values.
public indirect enum ChainFault: Hashable, Sendable, CustomStringConvertible {
    // The hash chain.
    case changed
    case outOfOrder(follows: Int64, expected: Int64?)
    case inserted(after: Int64?)
    case firstRemoved
    case removedBetween(Int64, Int64)
    /// A problem of the authority chain (grants, keys), not of a position's.
    case inAuthorityChain(ChainFault)
    // Ids and chains.
    case idNotPositive(Int64)
    case idNotIncreasing(previous: Int64)
    case idUsedTwice
    case wrongPosition(belongs: Int64?, chain: Int64)
    case positionEventInAuthorityChain(position: Int64)
    case positionKindInAuthorityChain(kind: String)
    case authorityKindInPosition(kind: String)
    case positionKindInKeyChain(kind: String)
    // Migrated facts.
    case migratedNotFact
    case migratedUntrusted
    case bootstrapGrantUntrusted(holder: String)
    // Fields.
    case revocationNamesNothing
    case revokesOnNonRevocation
    case competencyField
    case courseField
    case noActor
    case revocationWithoutReason
    case carriesPayload(kind: String)
    case payloadNot(PayloadKind)
    case departmentDisagrees(code: String, kind: String, region: String, knownKind: String, knownRegion: String)
    // Rules.
    case makerNotAllowed(Refusal)
    case registrarNotAllowed(Refusal)
    case revokerNotAllowed(holder: String, Refusal)
    case endsNoGrant(event: Int64)
    case endsEndedGrant(event: Int64)
    case endsOutsideGrant(event: Int64, on: CalendarDate, from: CalendarDate, until: CalendarDate?)
    case endsNoGrantBefore
    case registersKeyAgain(fingerprint: String, first: Int64)
    case ownKeyNotFirst(actor: String, fingerprint: String)
    case bootstrapByNonSecretariat(actor: String, day: CalendarDate)
    case bindsAgain(position: Int64?)
    case bindingNotFirst
    case beforeBinding
    case assignsWithoutPosition
    case absenceWithoutPosition
    case withdrawalWithoutPosition
    case revokesNoKey(event: Int64)
    case revokesNoStandingKey(event: Int64?)
    case revokesKeyAgain(event: Int64, by: Int64)
    case withdrawsUnknownAbsence(event: Int64)
    case competencyNotListed(code: String)
    case courseNotListed(course: String)
    case approvesAgain(what: String, standing: Int64)
    case beforeStart(day: CalendarDate, start: CalendarDate)
    case timeAgain(standing: Int64)
    case timeOutsideWindow(day: CalendarDate, from: CalendarDate, end: CalendarDate)
    case elementAgain(standing: Int64)
    /// Missing competency codes and courses, and whether the time attestation is missing too.
    case elementIncomplete(missing: [String], time: Bool)
    case statementUnderElement(element: Int64)
    case statementAgain(standing: Int64)
    case statementNotOngoing(day: CalendarDate, start: CalendarDate, end: CalendarDate)
    case revokesOutsideChain(event: Int64)
    case revokesNonAct(event: Int64, kind: String)
    case revokesRevoked(event: Int64)
    case revokesUnderElement(event: Int64, element: Int64)
    // Requests and cancellation.
    case requestNotByTrainee(actor: String, trainee: String)
    case requestToNonApprover(to: String, Refusal)
    case requestUnknown(event: Int64)
    case requestClosed(event: Int64)
    case requestDoesNotAsk(event: Int64, what: String)
    case declineNotByAddressee(actor: String, addressee: String)
    case withdrawalNotByTrainee(actor: String, trainee: String)
    case reasonMissing(kind: String)
    case afterCancellation(cancellation: Int64)
    case cancelsApproved(event: Int64)
    // Signatures.
    case bootstrapNotSigned(fingerprint: String)
    case bootstrapUntrusted(fingerprint: String, holder: String)
    case signatureNotBase64
    case keyNotValidOn(actor: String, fingerprint: String, day: CalendarDate, event: Int64, validity: KeyValidity)
    case keyNotValidFor(actor: String, fingerprint: String, day: CalendarDate, event: Int64, validity: KeyValidity)
    case signedWithTraineeKey(trainee: String, fingerprint: String, actor: String)
    case signedWithUnstandingKey(actor: String, fingerprint: String, event: Int64, validity: KeyValidity)
    case signedWithOthersKey(holder: String, fingerprint: String, actor: String)
    case signatureMismatch(actor: String, fingerprint: String)
    case signedWithoutKey(actor: String)
    case signedByUnregisteredKey(actor: String, day: CalendarDate)
    case unsignedWithKey(actor: String, fingerprint: String, event: Int64, validity: KeyValidity)
    case unsignedWithKeyOn(actor: String, fingerprint: String, event: Int64, validity: KeyValidity, day: CalendarDate)
    case untrustedChain(holder: String, fingerprint: String, event: Int64, noTrustGiven: Bool)
    // The rules of issue 29, item 5 (docs/EVENT-FORMAT.md, "The rules").
    /// R-ROLE: the maker did not hold the role the event records.
    case roleNotHeld(actor: String, role: String, day: CalendarDate)
    /// R-SICKNESS-AHEAD: sickness (or a child's sick day) ending after the day it was recorded.
    case sicknessAhead(kind: String, to: CalendarDate, recorded: CalendarDate)
    /// R-ABSENCE-START: absence from before the position's start.
    case absenceBeforeStart(from: CalendarDate, start: CalendarDate)
    /// R-SUPERVISOR-MOVE: a hovedvejleder assignment from a day on or before an act (event, day) of the one it replaces.
    case supervisorMovedBeforeActs(from: CalendarDate, event: Int64, day: CalendarDate)
    /// R-NAME: a name migrated at an upgrade for someone the log already names (names are migrated once, first).
    case migratedNameAgain(handle: String)
    /// R-ABSENCE-ATTESTED: absence recorded (or, `withdrawal`, withdrawn) while the element attestation (`element`) or
    /// the time attestation, event `attestation` of `day`, stands.
    case absenceUnderAttestation(withdrawal: Bool, element: Bool, attestation: Int64, day: CalendarDate)
    /// R-ABSENCE-WINDOW: absence from after the position's end as it stood.
    case absenceAfterEnd(from: CalendarDate, end: CalendarDate)
    /// R-ABSENCE-WINDOW: absence that would move the end after the last day a position may end (`DateBounds.latestEnd`).
    case absenceEndTooLate(end: CalendarDate, start: CalendarDate, last: CalendarDate)
    /// R-ABSENCE-WINDOW: absence until after the position's end, even as the absence itself extends it.
    case absenceToOutside(to: CalendarDate, end: CalendarDate)
    /// R-ABSENCE-OVERLAP: absence overlapping another standing absence (event `other`) of the position.
    case absenceOverlaps(from: CalendarDate, to: CalendarDate, other: Int64, otherFrom: CalendarDate, otherTo: CalendarDate)
    /// R-SUPERVISOR-WINDOW: a hovedvejleder assignment from a day outside the position.
    case supervisorOutside(from: CalendarDate, start: CalendarDate, end: CalendarDate)
    /// R-SUPERVISOR-GRANT: the hovedvejleder named held no hovedvejleder grant in the department on the day named.
    case supervisorWithoutGrant(handle: String, department: String, from: CalendarDate)
    /// R-SUPERVISOR-GRANT: the hovedvejleder named from a past day no longer held the grant on the day it was recorded.
    case supervisorGrantEnded(handle: String, department: String, from: CalendarDate, recorded: CalendarDate)
    /// Signed with a key registered (event) for the trainee of a position outside the bundle.
    case keyOutsideBundle(holder: String, fingerprint: String, event: Int64)
    case unsignedUnderTrust
    // Server keys (docs/BUNDLE-FORMAT.md, "Server keys").
    case unknownAuthentication(method: String)
    case serverEventUnsigned(actor: String, method: String)
    case serverKeyNotValidOn(name: String, fingerprint: String, day: CalendarDate, event: Int64, validity: KeyValidity)
    case serverEventSignedByPerson(holder: String, fingerprint: String)
    case serverEventNotByServerKey(actor: String)
    case serverSignatureWithoutAuthentication(name: String, fingerprint: String)
    case serverKeyByNonSecretariat(actor: String, day: CalendarDate)
    /// A stored value no version of logbook writes: the column and what is wrong with it (in English, from SQLite's reader).
    case unreadable(column: String, problem: String)

    public var description: String {
        switch self {
        case .changed: return "was changed after it was recorded: its content no longer matches its hash"
        case .outOfOrder(let follows, let expected):
            return "is out of order: it follows event \(follows) in the chain, not event \(expected.map(String.init) ?? "none (it should be first)")"
        case .inserted(let after):
            return "claims to start the chain, but event \(after.map(String.init) ?? "?") comes before it: an event was inserted"
        case .firstRemoved: return "follows an event that is missing: the first event(s) of this chain were removed"
        case .removedBetween(let before, let after):
            return "follows an event that is missing: an event between \(before) and \(after) was removed"
        case .inAuthorityChain(let fault): return "(authority chain) \(fault)"
        case .idNotPositive(let id): return "its id \(id) is not positive"
        case .idNotIncreasing(let previous):
            return "its id is not greater than that of the event before it in its chain (\(previous)): ids order the log"
        case .idUsedTwice: return "its id is used by two events"
        case .wrongPosition(let belongs, let chain):
            return "belongs to position \(belongs.map(String.init) ?? "none"), not to position \(chain)"
        case .positionEventInAuthorityChain(let position): return "is in the authority chain but belongs to position \(position)"
        case .positionKindInAuthorityChain(let kind): return "a \(kind) event belongs to a position, not to the authority chain"
        case .authorityKindInPosition(let kind): return "a \(kind) event belongs in the authority chain, not in a position's events"
        case .positionKindInKeyChain(let kind): return "a \(kind) event belongs to a position, not to the key chain"
        case .migratedNotFact:
            return "is recorded as migrated, but only facts (grants, positions, assignments, absence) copied at "
                + "the upgrade are migrated, before any fact recorded after it"
        case .migratedNameAgain(let handle):
            return "is a name migrated at the upgrade for \(handle), whom the log already names: each person's name is migrated once, "
                + "before any name recorded after the upgrade"
        case .migratedUntrusted: return "is a fact migrated from an upgraded database, signed by nobody: it cannot chain to a trusted key"
        case .bootstrapGrantUntrusted(let holder):
            return "the bootstrap grant of \(holder) is unsigned and \(holder) holds no trusted key"
        case .revocationNamesNothing: return "a revocation names no event it revokes"
        case .revokesOnNonRevocation: return "only a revocation may name an event in \"revokes\""
        case .competencyField: return "\"competency\" is set exactly on competency approvals"
        case .courseField: return "\"course\" is set exactly on course approvals"
        case .noActor: return "it names no actor"
        case .revocationWithoutReason: return "a revocation must give a reason"
        case .carriesPayload(let kind): return "a \(kind) carries no payload"
        case .payloadNot(let kind):
            switch kind {
            case .grant: return "its payload is not a grant (docs/EVENT-FORMAT.md)"
            case .grantEnd: return "its payload is not a grant end (docs/EVENT-FORMAT.md)"
            case .keyRegistration: return "its payload is not a key registration (docs/BUNDLE-FORMAT.md)"
            case .position: return "its payload is not a position binding (docs/EVENT-FORMAT.md)"
            case .supervisorAssignment: return "its payload is not a hovedvejleder assignment (docs/EVENT-FORMAT.md)"
            case .absence: return "its payload is not an absence period (docs/EVENT-FORMAT.md)"
            case .absenceWithdrawal: return "its payload is not an absence withdrawal (docs/EVENT-FORMAT.md)"
            case .approvalRequest: return "its payload is not an approval request (docs/EVENT-FORMAT.md)"
            case .requestReference: return "its payload does not name a request (docs/EVENT-FORMAT.md)"
            case .personName: return "its payload is not a person's name (docs/EVENT-FORMAT.md)"
            case .departmentName: return "its payload is not a department's name (docs/EVENT-FORMAT.md)"
            }
        case .departmentDisagrees(let code, let kind, let region, let knownKind, let knownRegion):
            return "names department \(code) as \(kind) in region \(region), but the log had it as \(knownKind) in region \(knownRegion)"
        case .makerNotAllowed(let refusal): return "its maker was not allowed: \(refusal)"
        case .registrarNotAllowed(let refusal): return "its registrar was not allowed: \(refusal)"
        case .revokerNotAllowed(let holder, let refusal): return "its maker was not allowed to revoke \(holder)'s key: \(refusal)"
        case .endsNoGrant(let event): return "ends event \(event), which is no grant before it"
        case .endsEndedGrant(let event): return "ends grant event \(event), which was already ended"
        case .endsOutsideGrant(let event, let on, let from, let until):
            return "ends grant event \(event) on \(on), outside the grant (\(from) to \(until?.iso ?? "open"))"
        case .endsNoGrantBefore: return "ends no grant before it"
        case .registersKeyAgain(let fingerprint, let first): return "registers key \(fingerprint) again (first in event \(first))"
        case .ownKeyNotFirst(let actor, let fingerprint):
            return "\(actor) registered their own key \(fingerprint); only the first key of a log may be self-registered, by a secretariat (bootstrap)"
        case .bootstrapByNonSecretariat(let actor, let day):
            return "the bootstrap key registration is made by \(actor), who is no secretariat on \(day) by the grants in the log"
        case .bindsAgain(let position): return "binds position \(position.map(String.init) ?? "none") again"
        case .bindingNotFirst: return "the position's binding must be the first event of its chain"
        case .beforeBinding: return "comes before its position's binding (no position event before it)"
        case .assignsWithoutPosition: return "assigns a hovedvejleder to no bound position"
        case .absenceWithoutPosition: return "records absence for no bound position"
        case .withdrawalWithoutPosition: return "withdraws absence of no bound position"
        case .revokesNoKey(let event): return "revokes event \(event), which is no key registration before it"
        case .revokesNoStandingKey(let event):
            return "revokes event \(event.map(String.init) ?? "?"), which is no standing key registration before it"
        case .revokesKeyAgain(let event, let by): return "revokes key event \(event) again (already revoked by event \(by))"
        case .withdrawsUnknownAbsence(let event):
            return "withdraws event \(event), which is no standing absence of this position before it"
        case .competencyNotListed(let code): return "approves competency \(code), which the position's målbeskrivelse does not list"
        case .courseNotListed(let course): return "approves course \(course), which the position's målbeskrivelse does not list"
        case .approvesAgain(let what, let standing): return "approves \(what) again while event \(standing) stands"
        case .beforeStart(let day, let start): return "is dated \(day), before the position starts (\(start))"
        case .timeAgain(let standing): return "attests time again while event \(standing) stands"
        case .timeOutsideWindow(let day, let from, let end):
            return "attests time on \(day), outside its window: from \(from) (the element ends \(end))"
        case .elementAgain(let standing): return "attests the element again while event \(standing) stands"
        case .elementIncomplete(let missing, let time):
            return "attests the element while it is incomplete: missing \((missing + (time ? ["time attestation"] : [])).joined(separator: ", "))"
        case .statementUnderElement(let element):
            return "gives a forhåndsudtalelse while the element attestation (event \(element)) stands"
        case .statementAgain(let standing): return "gives a forhåndsudtalelse again while event \(standing) stands"
        case .statementNotOngoing(let day, let start, let end):
            return "gives a forhåndsudtalelse on \(day), when the position is not ongoing (\(start) to \(end))"
        case .revokesOutsideChain(let event): return "revokes event \(event), which is not before it in this position's chain"
        case .revokesNonAct(let event, let kind): return "revokes event \(event), a \(kind), which is not an act that can be revoked"
        case .revokesRevoked(let event): return "revokes event \(event), which was already revoked"
        case .revokesUnderElement(let event, let element):
            return "revokes event \(event) while the element attestation (event \(element)) stands"
        case .requestNotByTrainee(let actor, let trainee): return "asks for approval as \(actor), but the position's trainee is \(trainee)"
        case .requestToNonApprover(let to, let refusal): return "asks \(to), who may not approve it: \(refusal)"
        case .requestUnknown(let event): return "names request \(event), which is not an earlier request of this position"
        case .requestClosed(let event): return "names request \(event), which was already declined or withdrawn"
        case .requestDoesNotAsk(let event, let what): return "answers request \(event), which does not ask for \(what)"
        case .declineNotByAddressee(let actor, let addressee): return "declines as \(actor) a request made to \(addressee)"
        case .withdrawalNotByTrainee(let actor, let trainee): return "withdraws as \(actor) a request of \(trainee)"
        case .reasonMissing(let kind): return "is a \(kind) without a reason"
        case .afterCancellation(let cancellation): return "comes after the position was cancelled (event \(cancellation))"
        case .cancelsApproved(let event): return "cancels a position on which event \(event) approved or attested"
        case .bootstrapNotSigned(let fingerprint): return "the bootstrap registration of key \(fingerprint) is not signed by that key"
        case .bootstrapUntrusted(let fingerprint, let holder):
            return "key \(fingerprint) of \(holder) registers itself but is not a trusted key (give it with --trust)"
        case .signatureNotBase64: return "its signature is not base64 of 64 bytes"
        case .keyNotValidOn(let actor, let fingerprint, let day, let event, let validity):
            return "is signed with \(actor)'s key \(fingerprint), which was not valid on \(day) (event \(event), \(validity))"
        case .keyNotValidFor(let actor, let fingerprint, let day, let event, let validity):
            return "is signed with \(actor)'s key \(fingerprint), which was not valid for it on \(day) (event \(event), \(validity))"
        case .signedWithTraineeKey(let trainee, let fingerprint, let actor):
            return "is signed with the trainee \(trainee)'s own key \(fingerprint), not by \(actor)"
        case .signedWithUnstandingKey(let actor, let fingerprint, let event, let validity):
            return "is signed with \(actor)'s key \(fingerprint), which was not registered and standing before it (event \(event), \(validity))"
        case .signedWithOthersKey(let holder, let fingerprint, let actor):
            return "is signed with \(holder)'s key \(fingerprint), not by its maker \(actor)"
        case .signatureMismatch(let actor, let fingerprint):
            return "its signature does not match \(actor)'s key \(fingerprint): forged, or changed after signing"
        case .signedWithoutKey(let actor): return "carries a signature, but \(actor) had no registered key before it"
        case .signedByUnregisteredKey(let actor, let day):
            return "carries a signature by a key that is not registered for \(actor) on \(day)"
        case .unsignedWithKey(let actor, let fingerprint, let event, let validity):
            return "is unsigned, but \(actor) had key \(fingerprint) (registered in event \(event), \(validity)) before it: every later act of theirs must be signed"
        case .unsignedWithKeyOn(let actor, let fingerprint, let event, let validity, let day):
            return "is unsigned, but \(actor) had key \(fingerprint) (event \(event), \(validity)) on \(day)"
        case .untrustedChain(let holder, let fingerprint, let event, let noTrustGiven):
            return "is signed with \(holder)'s key \(fingerprint) (registered in event \(event)), which does not chain back to a trusted secretariat key"
                + (noTrustGiven ? " (no --trust key was given)" : "")
        case .roleNotHeld(let actor, let role, let day):
            return "records \(actor) acting as \(role), a role \(actor) did not hold on \(day) by the grants in the log"
        case .sicknessAhead(let kind, let to, let recorded):
            return "records \(kind) until \(to), after \(recorded), the day it was recorded: sickness is recorded as it happens, never ahead"
        case .absenceBeforeStart(let from, let start):
            return "records absence from \(from), before the position's start \(start)"
        case .supervisorMovedBeforeActs(let from, let event, let day):
            return "assigns a hovedvejleder from \(from), but the hovedvejleder it replaces acted in that role on \(day) (event \(event))"
        case .absenceUnderAttestation(let withdrawal, let element, let attestation, let day):
            return "\(withdrawal ? "withdraws" : "records") absence while the \(element ? "element" : "time") attestation of \(day) (event \(attestation)) "
                + "stands: absence moves the end it rests on"
        case .absenceAfterEnd(let from, let end):
            return "records absence from \(from), after the position's end \(end)"
        case .absenceEndTooLate(let end, let start, let last):
            return "records absence that would move the position's end to \(end); a position lasts at most \(DateBounds.positionYears) years "
                + "(from \(start) until \(last) at the latest)"
        case .absenceToOutside(let to, let end):
            return "records absence until \(to), after the position's end \(end) even with this absence"
        case .absenceOverlaps(let from, let to, let other, let otherFrom, let otherTo):
            return "records absence from \(from) to \(to), overlapping absence event \(other) (\(otherFrom) to \(otherTo)), which stands"
        case .supervisorOutside(let from, let start, let end):
            return "assigns a hovedvejleder from \(from), outside the position (\(start) to \(end))"
        case .supervisorWithoutGrant(let handle, let department, let from):
            return "names \(handle) hovedvejleder from \(from), but \(handle) held no hovedvejleder grant in \(department) that day by the grants in the log"
        case .supervisorGrantEnded(let handle, let department, let from, let recorded):
            return "names \(handle) hovedvejleder from \(from), but \(handle)'s hovedvejleder grant in \(department) had ended by \(recorded), the day it was recorded"
        case .keyOutsideBundle(let holder, let fingerprint, let event):
            return "is signed with key \(fingerprint) (registered in event \(event)) for \(holder) as the trainee of a position outside this bundle; such a key signs nothing in it"
        case .unsignedUnderTrust:
            return "is unsigned: with --trust every act, the position binding, every grant and every key registration must be signed by a key that chains to a trusted key"
        case .unknownAuthentication(let method):
            return "names \"\(method)\" as how its maker authenticated; a server records password, password+totp, proxy or token"
        case .serverEventUnsigned(let actor, let method):
            return "says it was made through a server (\(actor) authenticated by \(method)) but is unsigned: a server signs every act it records"
        case .serverKeyNotValidOn(let name, let fingerprint, let day, let event, let validity):
            return "is signed with the key \(fingerprint) of server \(name), which was not registered and valid on \(day), the day it was recorded (event \(event), \(validity))"
        case .serverEventSignedByPerson(let holder, let fingerprint):
            return "says it was made through a server but is signed with \(holder)'s own key \(fingerprint); only a server key signs what a server records"
        case .serverEventNotByServerKey(let actor):
            return "says it was made through a server (by \(actor)) but its signature is by no registered server key: forged, or changed after signing"
        case .serverSignatureWithoutAuthentication(let name, let fingerprint):
            return "is signed with the key \(fingerprint) of server \(name) but does not say how its maker authenticated; a server key signs only what a server records"
        case .serverKeyByNonSecretariat(let actor, let day):
            return "registers or revokes a server key, but \(actor) is no secretariat on \(day) by the grants in the log"
        case .unreadable(let column, let problem): return "its \(column) \(problem): no version of logbook writes that"
        }
    }
}

/// One event as stored or exported: its content, the hash stated with it and its signature.
public struct LoggedEvent: Sendable {
    public let content: EventContent
    public let hash: String
    public let signature: String?
    public init(content: EventContent, hash: String, signature: String?) {
        self.content = content
        self.hash = hash
        self.signature = signature
    }
    public var id: Int64 { content.id }
}

/// What the replay found: problems (one per event, the first found), and how much rests on no signature.
public struct ReplayReport: Sendable {
    public var problems: [ChainProblem] = []
    /// Events (acts and facts) without a signature, migrated ones not counted.
    public var unsigned = 0
    /// Facts recorded as migrated from an upgraded database (signed by nobody).
    public var migrated = 0
    /// Every event replayed.
    public var events = 0
    /// The keys established (chained to a trusted key) by the end of a bundle's replay under trust.
    public var establishedKeys: Set<PublicSigningKey> = []
    /// Each person's newest name in the log (`person-name` events, rule R-NAME), by handle, with the event that gave it:
    /// what `verify` holds the database's names to, and a bundle's `trainee_name`.
    public var names: [String: (name: String, event: Int64)] = [:]
    /// Each department's newest name in the log (`department-name`), by code, with its event.
    public var departmentNames: [String: (name: String, event: Int64)] = [:]
    /// The målbeskrivelser the bindings pin with their content hash (`content:` of schema 10's `position` payloads),
    /// each distinct (specialty, version, hash) once with the first binding naming it: `verify` recomputes each.
    public var pinnedContents: [PinnedContent] = []
    public init() {}
}

/// A målbeskrivelse as a signed binding pins it: specialty, version and the SHA-256 of its canonical content.
public struct PinnedContent: Sendable, Hashable {
    public let specialty: String
    public let version: String
    public let content: String
    /// The first binding that names it.
    public let event: Int64
}

/// How signatures are judged: a database (no trust anchor) or a bundle against a set of trusted keys.
public enum ReplayTrust: Sendable {
    /// `logbook verify` on a database: signatures required wherever a key was registered; no anchor.
    case database
    /// A bundle: every signing key must chain to one of these; when the set is not empty, every event must be signed.
    case bundle(trusted: Set<PublicSigningKey>)
}

/// Replays the domain's rules over a log (docs/EVENT-FORMAT.md, "What verify checks"): the authority chain (grants,
/// their ends, keys and key revocations) and position chains (binding, hovedvejleder assignments, absence, acts),
/// merged in id order. Authority comes only from the log: a maker is allowed when the grants in the log before the act
/// allowed it on the act's day; a person's acts after their first registered, unrevoked key must be signed by it.
public enum LogReplay {
    /// The actor role of a fact copied from the tables of a database that was upgraded (migration 0003).
    public static let migratedRole = "migrated"

    /// The replay of a log held in memory (a bundle): the same steps as `LogReplayer`, over arrays.
    public static func run(authority: [LoggedEvent], positions: [(id: Int64, events: [LoggedEvent])], trust: ReplayTrust) -> ReplayReport {
        var replayer = LogReplayer(trust: trust)
        replayer.checkChain(authority, positionID: nil)
        for chain in positions { replayer.checkChain(chain.events, positionID: chain.id) }
        var all: [LoggedEvent] = authority
        for chain in positions { all += chain.events }
        all.sort { $0.id < $1.id }
        for event in all { replayer.state.checkOrder(event) }
        for event in all where event.content.actorRole == LogReplay.migratedRole { replayer.replayMigrated(event) }
        for event in all where event.content.actorRole != LogReplay.migratedRole { replayer.state.replayNew(event) }
        return replayer.finish()
    }

    /// Every distinct problem, by event; an event's problems in the order found (chain, signature, rules).
    static func deduplicated(_ problems: [ChainProblem]) -> [ChainProblem] {
        var seen: Set<ChainProblem> = []
        return problems.enumerated().filter { seen.insert($0.element).inserted }
            .sorted { ($0.element.eventID, $0.offset) < ($1.element.eventID, $1.offset) }.map(\.element)
    }

    struct GrantState {
        var holder: String
        var grant: Grant
        var ended = false
    }

    struct PositionState {
        var binding: PositionBindingPayload
        var supervisors: [SupervisorAssignment] = []
        var absences: [(id: Int64, period: AbsencePeriod)] = []
        var approvals: [String: Int64] = [:]
        var courses: [String: Int64] = [:]
        var time: Int64?
        var element: Int64?
        var statement: Int64?
        /// Requests by event id, and whether each is still open (not declined or withdrawn).
        var requests: [Int64: (payload: ApprovalRequestPayload, open: Bool)] = [:]
        /// The first approval, attestation or statement ever made on the position (a cancellation must come before it).
        var firstAct: Int64?
        /// The cancellation, once the position is cancelled.
        var cancelled: Int64?
        /// Every act (approval, attestation, statement, revocation) made on the position: who, in which role, on which day.
        var acts: [(id: Int64, actor: String, role: String, day: CalendarDate)] = []
        var schedule: PositionSchedule { TimeRules.schedule(for: binding.terms, absences: absences.map(\.period)) }
        /// The element attestation, else the time attestation, while it stands (absence moves the end they rest on).
        var standingAttestation: (id: Int64, element: Bool, day: CalendarDate)? {
            for (id, element) in [(self.element, true), (time, false)] {
                if let id, let act = acts.first(where: { $0.id == id }) { return (id, element, act.day) }
            }
            return nil
        }
    }

    struct State {
        let trust: ReplayTrust
        var report = ReplayReport()
        var people: [String: Int64] = [:]
        var departments: [String: (id: Int64, facts: DepartmentFacts)] = [:]
        var grants: [Int64: GrantState] = [:]
        var grantOrder: [Int64] = []
        var keys: [RegisteredKey] = []
        var established: Set<Int64> = []
        var positions: [Int64: PositionState] = [:]
        /// The events a revocation names (`revocationTargets`), as replayed so far, and their chains.
        var seen: [Int64: EventContent] = [:]
        var chainOf: [Int64: Int64?] = [:]
        var revocationTargets: Set<Int64> = []
        /// The first fact not migrated (migrated facts must come before it).
        var firstNewFact = Int64.max
        /// The first name not migrated (names migrated at schema 10's upgrade must come before it).
        var firstNewName = Int64.max
        var previousID: Int64?
        var chainFirst: [Int64: Int64] = [:]
        var revoked: Set<Int64> = []
        var withdrawn: Set<Int64> = []
        var anyGrant = false
        var bootstrapGrant: (event: Int64, holder: String)?
        /// The region of the log's first grant (the bootstrap secretariat): its secretariat onboards other regions.
        var homeRegion: String?
        /// Key registrations, in a bundle, for the trainee of a position outside it (docs/BUNDLE-FORMAT.md, "Keys of other
        /// positions"): accepted from a UAO, tutor or secretariat, but such a key signs nothing in the bundle.
        var outsideKeys: Set<Int64> = []

        init(trust: ReplayTrust) { self.trust = trust }

        /// In a bundle, whether a registration refused only because its holder holds no grant and no position the bundle
        /// holds is one for a trainee of another position: the registrar holds a UAO, tutor or secretariat grant that day.
        mutating func registersOutsideBundle(_ refusal: Refusal, by registrar: String, on day: CalendarDate) -> Bool {
            guard case .bundle = trust, case .keyHolderWithoutRole = refusal else { return false }
            return actor(registrar).grants.contains { [.uao, .tutor, .secretariat].contains($0.role) && $0.isValid(on: day) }
        }

        mutating func problem(_ id: Int64, _ fault: ChainFault) { report.problems.append(ChainProblem(eventID: id, fault)) }

        // MARK: Chains

        mutating func checkChain(_ chain: [LoggedEvent], positionID: Int64?) {
            if let broken = EventChain.firstProblem(in: chain.map { EventChain.Link(content: $0.content, storedHash: $0.hash) }) {
                problem(broken.eventID, positionID == nil ? .inAuthorityChain(broken.fault) : broken.fault)
            }
            var previous: Int64?
            if let positionID, let first = chain.first { chainFirst[positionID] = first.id }
            // What a revocation names is remembered (its chain here, its content when replayed); nothing else is, so the
            // memory of a replay grows with revocations, not with the log. A revocation's target lies in its own chain.
            for event in chain { if let target = event.content.revokes { revocationTargets.insert(target) } }
            for event in chain {
                let content = event.content
                if content.kind.isFact && content.actorRole != LogReplay.migratedRole { firstNewFact = min(firstNewFact, content.id) }
                if content.kind.isName && content.actorRole != LogReplay.migratedRole { firstNewName = min(firstNewName, content.id) }
                if content.id <= 0 { problem(content.id, .idNotPositive(content.id)) }
                if let previous, content.id <= previous {
                    problem(content.id, .idNotIncreasing(previous: previous))
                }
                previous = content.id
                if content.positionID != positionID {
                    problem(content.id, positionID.map { .wrongPosition(belongs: content.positionID, chain: $0) }
                        ?? .positionEventInAuthorityChain(position: content.positionID!))
                }
                if positionID == nil, !(content.kind.isAuthorityKind || content.kind == .revocation) {
                    problem(content.id, .positionKindInAuthorityChain(kind: content.kind.rawValue))
                }
                if positionID != nil, content.kind.isAuthorityKind {
                    problem(content.id, .authorityKindInPosition(kind: content.kind.rawValue))
                }
                if revocationTargets.contains(content.id) { chainOf[content.id] = .some(positionID) }
            }
        }

        // MARK: Replay

        /// One event of the log in id order: an id used twice is a problem.
        mutating func checkOrder(_ event: LoggedEvent) {
            if event.id == previousID { problem(event.id, .idUsedTwice) }
            previousID = event.id
        }

        /// A fact migrated from an upgraded database's tables: it stands from the start of the log (it was true before
        /// the upgrade), accepted only before the first fact recorded after it. All migrated events come first.
        mutating func replayMigrated(_ event: LoggedEvent) {
            report.migrated += 1
            report.events += 1
            // Names are migrated by their own upgrade (schema 10), after facts may have been recorded: before any new name.
            let isName = event.content.kind.isName
            guard isName ? event.id < firstNewName : (event.content.kind.isFact && event.id < firstNewFact) else {
                problem(event.id, .migratedNotFact)
                return
            }
            if isName, let payload = PersonNamePayload(text: event.content.payload), report.names[payload.handle] != nil {
                problem(event.id, .migratedNameAgain(handle: payload.handle))
                return
            }
            if isName, let payload = DepartmentNamePayload(text: event.content.payload), report.departmentNames[payload.department.code] != nil {
                problem(event.id, .migratedNameAgain(handle: payload.department.code))
                return
            }
            if case .bundle(let trusted) = trust, !trusted.isEmpty {
                problem(event.id, .migratedUntrusted)
            }
            if let message = apply(event.content, migrated: true) { problem(event.id, message) }
            remember(event.content)
        }

        /// Every other event, in id order after the migrated ones.
        mutating func replayNew(_ event: LoggedEvent) {
            report.events += 1
            if event.signature == nil { report.unsigned += 1 }
            let content = event.content
            var ruleMessage: ChainFault?
            if let message = fieldProblem(content) ?? ruleProblem(content) {
                ruleMessage = message
            } else if let message = apply(content, migrated: false) {
                ruleMessage = message
            } else if let message = roleProblem(content) {
                ruleMessage = message
            }
            // Who signed it comes first: an act nobody can vouch for is reported as such before what it claims.
            if let message = signatureProblem(event) { problem(content.id, message) }
            if let ruleMessage { problem(content.id, ruleMessage) }
            remember(content)
        }

        /// Keeps an event's content for a later revocation that names it (only those: see `checkChain`).
        mutating func remember(_ content: EventContent) {
            if revocationTargets.contains(content.id) { seen[content.id] = content }
        }

        /// The checks that need the whole log.
        mutating func finish() {
            if let bootstrap = bootstrapGrant, case .bundle(let trusted) = trust, !trusted.isEmpty,
               !keys.contains(where: { $0.holder == bootstrap.holder && trusted.contains($0.key) }) {
                problem(bootstrap.event, .bootstrapGrantUntrusted(holder: bootstrap.holder))
            }
        }

        func fieldProblem(_ e: EventContent) -> ChainFault? {
            if (e.kind == .revocation) != (e.revokes != nil) {
                return e.kind == .revocation ? .revocationNamesNothing : .revokesOnNonRevocation
            }
            if (e.kind == .competencyApproval) != (e.competencyCode != nil) {
                return .competencyField
            }
            if (e.kind == .courseApproval) != (e.course != nil) { return .courseField }
            if e.actor.isEmpty { return .noActor }
            if e.kind == .revocation, e.text.trimmed.isEmpty { return .revocationWithoutReason }
            // An approval may name the request it answers (checked with the rules); no other act carries a payload.
            if (e.kind.isRevocableAct && e.kind != .competencyApproval && e.kind != .courseApproval) || e.kind == .revocation,
               !e.payload.isEmpty {
                return .carriesPayload(kind: e.kind.rawValue)
            }
            if [.requestDecline, .positionCancellation].contains(e.kind), e.text.trimmed.isEmpty { return .reasonMissing(kind: e.kind.rawValue) }
            return nil
        }

        // MARK: People, departments, grants

        mutating func person(_ handle: String) -> Int64 {
            if let id = people[handle] { return id }
            let id = Int64(people.count + 1)
            people[handle] = id
            return id
        }

        /// The department's id; nil with a message when the facts disagree with an earlier event's.
        mutating func department(_ facts: DepartmentFacts) -> (AccessDepartment?, ChainFault?) {
            if let known = departments[facts.code] {
                guard known.facts == facts else {
                    return (nil, .departmentDisagrees(code: facts.code, kind: facts.kind.rawValue, region: facts.region,
                                                      knownKind: known.facts.kind.rawValue, knownRegion: known.facts.region))
                }
                return (AccessDepartment(id: known.id, code: facts.code, kind: facts.kind, region: facts.region), nil)
            }
            let id = Int64(departments.count + 1)
            departments[facts.code] = (id, facts)
            return (AccessDepartment(id: id, code: facts.code, kind: facts.kind, region: facts.region), nil)
        }

        mutating func actor(_ handle: String) -> Actor {
            let id = person(handle)
            return Actor(id: id, handle: handle, grants: grantOrder.compactMap { grants[$0] }.filter { $0.holder == handle }.map(\.grant))
        }

        func accessDepartment(_ id: Int64) -> AccessDepartment? {
            departments.values.first { $0.id == id }.map { AccessDepartment(id: $0.id, code: $0.facts.code, kind: $0.facts.kind, region: $0.facts.region) }
        }

        mutating func subject(of grant: GrantPayload) -> (AccessSubject?, ChainFault?) {
            guard let facts = grant.department else { return (.region(grant.region), nil) }
            let (department, message) = department(facts)
            return (department.map { .department($0) }, message)
        }

        mutating func accessPosition(_ id: Int64, _ state: PositionState) -> AccessPosition {
            let (department, _) = department(state.binding.department)
            return AccessPosition(id: id, traineeID: person(state.binding.trainee),
                                  department: department ?? AccessDepartment(id: 0, code: "?", kind: .hospital, region: "?"),
                                  supervisors: state.supervisors)
        }

        mutating func registrationDecision(holder: String, by registrar: String, on day: CalendarDate) -> AccessDecision {
            let holderActor = actor(holder)
            let registrarActor = actor(registrar)
            let departments = Set(holderActor.grants.compactMap(\.departmentID)).compactMap { accessDepartment($0) }
            var traineeIn: [AccessDepartment] = []
            for (id, position) in positions.sorted(by: { $0.key < $1.key }) where position.binding.trainee == holder && day <= position.schedule.end {
                traineeIn.append(accessPosition(id, position).department)
            }
            return Access.mayRegisterKey(for: holderActor, departments: departments, traineeIn: traineeIn, by: registrarActor, on: day,
                                         homeRegion: homeRegion)
        }

        static func refusal(_ decision: AccessDecision) -> ChainFault? {
            if case .refused(let refusal) = decision { return .makerNotAllowed(refusal) }
            return nil
        }

        // MARK: Rules

        /// Rule R-ROLE (docs/EVENT-FORMAT.md, "The rules"): the `actor_role` an event records is one its maker held —
        /// `trainee` only for the position's own trainee (or a person revoking their own key), any other role only with a
        /// grant of that role standing on the event's day or the day it was recorded. Checked after the event is
        /// applied, so the bootstrap grant's maker holds the grant it makes.
        mutating func roleProblem(_ e: EventContent) -> ChainFault? {
            if e.actorRole == "trainee" {
                if let positionID = e.positionID {
                    return positions[positionID]?.binding.trainee == e.actor ? nil : .roleNotHeld(actor: e.actor, role: e.actorRole, day: e.effectiveOn)
                }
                if e.kind == .revocation, let key = keys.first(where: { $0.eventID == e.revokes }), key.holder == e.actor { return nil }
                return .roleNotHeld(actor: e.actor, role: e.actorRole, day: e.effectiveOn)
            }
            guard let role = GrantRole(rawValue: e.actorRole) else { return .roleNotHeld(actor: e.actor, role: e.actorRole, day: e.effectiveOn) }
            let days = [e.effectiveOn] + (e.recordedOn.map { [$0] } ?? [])
            let held = actor(e.actor).grants.contains { grant in grant.role == role && days.contains { grant.isValid(on: $0) } }
            return held ? nil : .roleNotHeld(actor: e.actor, role: e.actorRole, day: e.effectiveOn)
        }

        /// Why the maker was not allowed to make `e`, or why `e` breaks a rule, on its day by the log so far.
        mutating func ruleProblem(_ e: EventContent) -> ChainFault? {
            let day = e.effectiveOn
            switch e.kind {
            case .grant:
                guard let payload = GrantPayload(text: e.payload) else { return .payloadNot(.grant) }
                let (subject, message) = subject(of: payload)
                if let message { return message }
                if !anyGrant, payload.role == .secretariat, payload.holder == e.actor { return nil }   // the bootstrap grant
                return Self.refusal(Access.mayGrant(payload.role, in: subject!, by: actor(e.actor), on: day, homeRegion: homeRegion))
            case .grantEnd:
                guard let payload = GrantEndPayload(text: e.payload) else { return .payloadNot(.grantEnd) }
                guard payload.grantEvent < e.id, let target = grants[payload.grantEvent] else {
                    return .endsNoGrant(event: payload.grantEvent)
                }
                if target.ended { return .endsEndedGrant(event: payload.grantEvent) }
                if payload.endsOn < target.grant.validFrom.adding(days: -1) || (target.grant.validUntil.map { payload.endsOn > $0 } ?? false) {
                    return .endsOutsideGrant(event: payload.grantEvent, on: payload.endsOn, from: target.grant.validFrom, until: target.grant.validUntil)
                }
                let subject: AccessSubject
                switch target.grant.scope {
                case .region(let region): subject = .region(region)
                case .department(let id): subject = .department(accessDepartment(id)!)
                }
                return Self.refusal(Access.mayGrant(target.grant.role, in: subject, by: actor(e.actor), on: day, homeRegion: homeRegion))
            case .keyRegistration:
                guard let payload = KeyRegistrationPayload(text: e.payload) else {
                    return .payloadNot(.keyRegistration)
                }
                if let other = keys.first(where: { $0.key == payload.key }) {
                    return .registersKeyAgain(fingerprint: payload.key.fingerprint, first: other.eventID)
                }
                if payload.isServer {
                    return isSecretariat(e.actor, on: day) ? nil : .serverKeyByNonSecretariat(actor: e.actor, day: day)
                }
                if payload.holder == e.actor {
                    guard keys.isEmpty else {
                        return .ownKeyNotFirst(actor: e.actor, fingerprint: payload.key.fingerprint)
                    }
                    return actor(e.actor).grants.contains { $0.role == .secretariat && $0.isValid(on: day) } ? nil
                        : .bootstrapByNonSecretariat(actor: e.actor, day: day)
                }
                if case .refused(let refusal) = registrationDecision(holder: payload.holder, by: e.actor, on: day) {
                    if registersOutsideBundle(refusal, by: e.actor, on: day) {
                        outsideKeys.insert(e.id)
                        return nil
                    }
                    return .registrarNotAllowed(refusal)
                }
                return nil
            case .personName:
                // Rule R-NAME: a name is given or corrected by whoever may add people that day (a secretariat, UAO or tutor).
                guard PersonNamePayload(text: e.payload) != nil else { return .payloadNot(.personName) }
                return Self.refusal(Access.mayAddPerson(by: actor(e.actor), on: day))
            case .departmentName:
                // Rule R-NAME: a department is named by the secretariat of its region (who adds it).
                guard let payload = DepartmentNamePayload(text: e.payload) else { return .payloadNot(.departmentName) }
                if case (_, let message?) = department(payload.department) { return message }
                return Self.refusal(Access.mayAddDepartment(inRegion: payload.department.region, by: actor(e.actor), on: day))
            case .position:
                guard let payload = PositionBindingPayload(text: e.payload) else { return .payloadNot(.position) }
                guard let positionID = e.positionID, positions[positionID] == nil else {
                    return .bindsAgain(position: e.positionID)
                }
                if let first = firstOfChain(positionID), first < e.id { return .bindingNotFirst }
                let (department, message) = department(payload.department)
                if let message { return message }
                return Self.refusal(Access.mayStartPosition(in: department!, by: actor(e.actor), on: day, trainee: person(payload.trainee)))
            case .supervisorAssignment, .absence, .absenceWithdrawal, .competencyApproval, .courseApproval, .timeAttestation,
                 .elementAttestation, .statement, .revocation, .approvalRequest, .requestDecline, .requestWithdrawal,
                 .positionCancellation:
                if e.kind == .revocation, e.positionID == nil { return keyRevocationProblem(e) }
                guard let positionID = e.positionID, let position = positions[positionID] else {
                    return .beforeBinding
                }
                return positionRuleProblem(e, positionID, position)
            }
        }

        func firstOfChain(_ positionID: Int64) -> Int64? { chainFirst[positionID] }

        /// Whether `handle` holds a secretariat grant on `day` (any region): who registers and revokes server keys.
        mutating func isSecretariat(_ handle: String, on day: CalendarDate) -> Bool {
            actor(handle).grants.contains { $0.role == .secretariat && $0.isValid(on: day) }
        }

        mutating func keyRevocationProblem(_ e: EventContent) -> ChainFault? {
            let target = e.revokes!
            guard let index = keys.firstIndex(where: { $0.eventID == target }), target < e.id else {
                return .revokesNoKey(event: target)
            }
            if let revocation = keys[index].revocation { return .revokesKeyAgain(event: target, by: revocation.eventID) }
            if keys[index].holder == e.actor { return nil }
            if keys[index].isServer {
                return isSecretariat(e.actor, on: e.effectiveOn) ? nil : .serverKeyByNonSecretariat(actor: e.actor, day: e.effectiveOn)
            }
            if case .refused(let refusal) = registrationDecision(holder: keys[index].holder, by: e.actor, on: e.effectiveOn),
               !registersOutsideBundle(refusal, by: e.actor, on: e.effectiveOn) {
                return .revokerNotAllowed(holder: keys[index].holder, refusal)
            }
            return nil
        }

        mutating func positionRuleProblem(_ e: EventContent, _ positionID: Int64, _ position: PositionState) -> ChainFault? {
            let day = e.effectiveOn
            if let cancellation = position.cancelled { return .afterCancellation(cancellation: cancellation) }
            let access = accessPosition(positionID, position)
            let maker = actor(e.actor)
            if [.competencyApproval, .courseApproval].contains(e.kind), !e.payload.isEmpty,
               let problem = answerProblem(e, position) {
                return problem
            }
            switch e.kind {
            case .supervisorAssignment:
                guard let payload = SupervisorPayload(text: e.payload) else { return .payloadNot(.supervisorAssignment) }
                if let own = Access.ownRecordRefusal((person(payload.supervisor), payload.supervisor), in: access, as: .supervise) {
                    return .makerNotAllowed(own)
                }
                // The UAO/tutor assigns; at the start, whoever started the position (the region's secretariat too).
                let assign = Access.mayAssignSupervisor(for: access, by: maker, on: day)
                if case .refused(.ownPosition) = assign { return Self.refusal(assign) }
                if let refusal = Self.refusal(assign).flatMap({ _ in Self.refusal(Access.mayStartPosition(in: access.department, by: maker, on: day)) }) {
                    return refusal
                }
                // Rule R-SUPERVISOR-WINDOW: from a day inside the position (as `Positions.assignSupervisor` refuses).
                let end = position.schedule.end
                guard position.binding.start <= payload.from, payload.from <= end else {
                    return .supervisorOutside(from: payload.from, start: position.binding.start, end: end)
                }
                // Rule R-SUPERVISOR-MOVE: not moved back before an act the hovedvejleder then in place made in that role.
                let named = person(payload.supervisor)
                if let current = access.supervisor(on: payload.from), current != named,
                   let currentHandle = people.first(where: { $0.value == current })?.key,
                   let act = position.acts.last(where: { $0.actor == currentHandle && $0.role == GrantRole.supervisor.rawValue && $0.day >= payload.from }) {
                    return .supervisorMovedBeforeActs(from: payload.from, event: act.id, day: act.day)
                }
                // Rule R-SUPERVISOR-GRANT (`Positions.requireSupervisorGrant`): the person named holds a hovedvejleder grant in
                // the department on the day named and, when that day is past, still on the day it is recorded.
                let grants = actor(payload.supervisor).grants.filter { $0.role == .supervisor && $0.departmentID == access.department.id }
                guard grants.contains(where: { $0.isValid(on: payload.from) }) else {
                    return .supervisorWithoutGrant(handle: payload.supervisor, department: access.department.code, from: payload.from)
                }
                if payload.from < day, !grants.contains(where: { $0.isValid(on: day) }) {
                    return .supervisorGrantEnded(handle: payload.supervisor, department: access.department.code, from: payload.from, recorded: day)
                }
                return nil
            case .absence:
                guard let payload = AbsencePayload(text: e.payload) else { return .payloadNot(.absence) }
                if let refusal = Self.refusal(Access.mayRecordAbsence(for: access, by: maker, on: day)) { return refusal }
                // Rule R-ABSENCE-START: no absence before the position's start.
                if payload.period.from < position.binding.start {
                    return .absenceBeforeStart(from: payload.period.from, start: position.binding.start)
                }
                // Rule R-SICKNESS-AHEAD: sickness and a child's sick day are recorded as they happen, never ahead.
                if [.sickness, .childSick].contains(payload.period.kind), payload.period.to > day {
                    return .sicknessAhead(kind: payload.period.kind.rawValue, to: payload.period.to, recorded: day)
                }
                // What `Absences.add` refuses, in its order. Rule R-ABSENCE-ATTESTED: none under a standing attestation.
                if let attested = position.standingAttestation {
                    return .absenceUnderAttestation(withdrawal: false, element: attested.element, attestation: attested.id, day: attested.day)
                }
                // Rule R-ABSENCE-WINDOW: from inside the position as it stands; the end it makes within `DateBounds`; until
                // no later than that end.
                let period = payload.period
                let end = position.schedule.end
                if period.from > end { return .absenceAfterEnd(from: period.from, end: end) }
                let extended = TimeRules.schedule(for: position.binding.terms, absences: position.absences.map(\.period) + [period]).end
                if DateBounds.positionEnd(extended, start: position.binding.start, flag: "--to") != nil {
                    return .absenceEndTooLate(end: extended, start: position.binding.start, last: DateBounds.latestEnd(start: position.binding.start))
                }
                if period.to > extended { return .absenceToOutside(to: period.to, end: extended) }
                // Rule R-ABSENCE-OVERLAP: not overlapping another standing absence of the position.
                if let other = position.absences.first(where: { $0.period.overlaps(period) }) {
                    return .absenceOverlaps(from: period.from, to: period.to, other: other.id, otherFrom: other.period.from, otherTo: other.period.to)
                }
                return nil
            case .absenceWithdrawal:
                guard let payload = AbsenceWithdrawalPayload(text: e.payload) else { return .payloadNot(.absenceWithdrawal) }
                guard position.absences.contains(where: { $0.id == payload.absenceEvent }) else {
                    return .withdrawsUnknownAbsence(event: payload.absenceEvent)
                }
                if let refusal = Self.refusal(Access.mayRecordAbsence(for: access, by: maker, on: day)) { return refusal }
                // Rule R-ABSENCE-ATTESTED, as `Absences.revoke` refuses.
                if let attested = position.standingAttestation {
                    return .absenceUnderAttestation(withdrawal: true, element: attested.element, attestation: attested.id, day: attested.day)
                }
                return nil
            case .competencyApproval:
                if let refusal = Self.refusal(Access.mayApproveCompetency(for: access, by: maker, on: day)) { return refusal }
                let code = e.competencyCode!
                guard position.binding.competencies.contains(code) else {
                    return .competencyNotListed(code: code)
                }
                if let standing = position.approvals[code] { return .approvesAgain(what: code, standing: standing) }
                return day < position.binding.start ? .beforeStart(day: day, start: position.binding.start) : nil
            case .courseApproval:
                // A course taken before the position (merit) is judged on the day it was approved (recorded).
                let recorded = CalendarDate(iso: String(e.recordedAt.prefix(10))) ?? day
                let judged = Access.courseAuthorityDay(course: day, start: position.binding.start, acting: recorded)
                if let refusal = Self.refusal(Access.mayApproveCourse(for: access, by: maker, on: judged)) { return refusal }
                let course = e.course!
                guard position.binding.courses.contains(course) else {
                    return .courseNotListed(course: course)
                }
                if let standing = position.courses[course] { return .approvesAgain(what: course, standing: standing) }
                return nil
            case .timeAttestation:
                if let refusal = Self.refusal(Access.mayAttest(for: access, by: maker, on: day)) { return refusal }
                if let standing = position.time { return .timeAgain(standing: standing) }
                let schedule = position.schedule
                guard schedule.isTimeAttestable(on: day) else {
                    return .timeOutsideWindow(day: day, from: schedule.timeAttestableFrom, end: schedule.end)
                }
                return nil
            case .elementAttestation:
                if let refusal = Self.refusal(Access.mayAttest(for: access, by: maker, on: day)) { return refusal }
                if let standing = position.element { return .elementAgain(standing: standing) }
                var missing = position.binding.competencies.filter { position.approvals[$0] == nil }
                missing += position.binding.courses.filter { position.courses[$0] == nil }
                return missing.isEmpty && position.time != nil ? nil : .elementIncomplete(missing: missing, time: position.time == nil)
            case .statement:
                if let refusal = Self.refusal(Access.mayAttest(for: access, by: maker, on: day)) { return refusal }
                if let element = position.element { return .statementUnderElement(element: element) }
                if let standing = position.statement { return .statementAgain(standing: standing) }
                let end = position.schedule.end
                return position.binding.start <= day && day <= end ? nil
                    : .statementNotOngoing(day: day, start: position.binding.start, end: end)
            case .revocation:
                let target = e.revokes!
                guard let original = seen[target], chainOf[target] == .some(positionID), target < e.id else {
                    return .revokesOutsideChain(event: target)
                }
                guard original.kind.isRevocableAct, original.actorRole != LogReplay.migratedRole else {
                    return .revokesNonAct(event: target, kind: original.kind.rawValue)
                }
                if revoked.contains(target) { return .revokesRevoked(event: target) }
                if let refusal = Self.refusal(Access.mayRevoke(eventMadeBy: person(original.actor), in: access, by: maker, on: day)) {
                    return refusal
                }
                if [.competencyApproval, .courseApproval, .timeAttestation].contains(original.kind), let element = position.element {
                    return .revokesUnderElement(event: target, element: element)
                }
                return nil
            case .approvalRequest:
                guard let payload = ApprovalRequestPayload(text: e.payload) else { return .payloadNot(.approvalRequest) }
                guard e.actor == position.binding.trainee else {
                    return .requestNotByTrainee(actor: e.actor, trainee: position.binding.trainee)
                }
                if let code = payload.competencies.first(where: { !position.binding.competencies.contains($0) }) {
                    return .competencyNotListed(code: code)
                }
                if let course = payload.courses.first(where: { !position.binding.courses.contains($0) }) {
                    return .courseNotListed(course: course)
                }
                let addressee = actor(payload.to)
                if !payload.competencies.isEmpty,
                   case .refused(let refusal) = Access.mayApproveCompetency(for: access, by: addressee, on: day) {
                    return .requestToNonApprover(to: payload.to, refusal)
                }
                if !payload.courses.isEmpty, case .refused(let refusal) = Access.mayApproveCourse(for: access, by: addressee, on: day) {
                    return .requestToNonApprover(to: payload.to, refusal)
                }
                return nil
            case .requestDecline, .requestWithdrawal:
                guard let reference = RequestReference(text: e.payload) else { return .payloadNot(.requestReference) }
                guard let request = position.requests[reference.request], reference.request < e.id else {
                    return .requestUnknown(event: reference.request)
                }
                guard request.open else { return .requestClosed(event: reference.request) }
                if e.kind == .requestDecline, e.actor != request.payload.to {
                    return .declineNotByAddressee(actor: e.actor, addressee: request.payload.to)
                }
                if e.kind == .requestWithdrawal, e.actor != position.binding.trainee {
                    return .withdrawalNotByTrainee(actor: e.actor, trainee: position.binding.trainee)
                }
                return nil
            case .positionCancellation:
                if let refusal = Self.refusal(Access.mayCancelPosition(access, by: maker, on: day)) { return refusal }
                if let act = position.firstAct { return .cancelsApproved(event: act) }
                return nil
            default:
                return nil
            }
        }

        /// What is wrong with the request an approval names, if anything.
        func answerProblem(_ e: EventContent, _ position: PositionState) -> ChainFault? {
            guard let reference = RequestReference(text: e.payload) else { return .payloadNot(.requestReference) }
            guard let request = position.requests[reference.request], reference.request < e.id else {
                return .requestUnknown(event: reference.request)
            }
            guard request.open else { return .requestClosed(event: reference.request) }
            guard request.payload.asks(competency: e.competencyCode, course: e.course) else {
                return .requestDoesNotAsk(event: reference.request, what: e.competencyCode ?? e.course ?? "")
            }
            return nil
        }

        // MARK: Applying facts

        /// Records what `e` establishes; a message when a migrated fact cannot be read.
        mutating func apply(_ e: EventContent, migrated: Bool) -> ChainFault? {
            switch e.kind {
            case .grant:
                guard let payload = GrantPayload(text: e.payload) else { return .payloadNot(.grant) }
                let (subject, message) = subject(of: payload)
                if let message { return message }
                let scope: GrantScope
                if case .department(let department)? = subject { scope = .department(department.id) } else { scope = .region(payload.region) }
                if !anyGrant, !migrated, payload.role == .secretariat, payload.holder == e.actor { bootstrapGrant = (e.id, e.actor) }
                if !anyGrant, payload.role == .secretariat { homeRegion = payload.region }
                anyGrant = true
                grants[e.id] = GrantState(holder: payload.holder, grant: Grant(
                    id: e.id, personID: person(payload.holder), role: payload.role, scope: scope, mayApprove: payload.mayApprove,
                    validFrom: payload.validFrom, validUntil: payload.validUntil))
                grantOrder.append(e.id)
            case .grantEnd:
                guard let payload = GrantEndPayload(text: e.payload), grants[payload.grantEvent] != nil else {
                    return .endsNoGrantBefore
                }
                grants[payload.grantEvent]!.grant.validUntil = payload.endsOn
                grants[payload.grantEvent]!.ended = true
            case .personName:
                guard let payload = PersonNamePayload(text: e.payload) else { return .payloadNot(.personName) }
                report.names[payload.handle] = (payload.name, e.id)
            case .departmentName:
                guard let payload = DepartmentNamePayload(text: e.payload) else { return .payloadNot(.departmentName) }
                if migrated, case (_, let message?) = department(payload.department) { return message }
                report.departmentNames[payload.department.code] = (payload.name, e.id)
            case .keyRegistration:
                guard let payload = KeyRegistrationPayload(text: e.payload) else { return nil }
                keys.append(RegisteredKey(eventID: e.id, payload: payload, registrar: e.actor, registeredOn: e.effectiveOn))
            case .position:
                guard let payload = PositionBindingPayload(text: e.payload), let id = e.positionID else {
                    return .payloadNot(.position)
                }
                if migrated, case (_, let message?) = department(payload.department) { return message }
                positions[id] = PositionState(binding: payload)
                if let content = payload.content,
                   !report.pinnedContents.contains(where: { $0.specialty == payload.specialty && $0.version == payload.version && $0.content == content }) {
                    report.pinnedContents.append(PinnedContent(specialty: payload.specialty, version: payload.version, content: content, event: e.id))
                }
            case .supervisorAssignment:
                guard let payload = SupervisorPayload(text: e.payload), let id = e.positionID, positions[id] != nil else {
                    return .assignsWithoutPosition
                }
                positions[id]!.supervisors.append(SupervisorAssignment(personID: person(payload.supervisor), from: payload.from))
            case .absence:
                guard let payload = AbsencePayload(text: e.payload), let id = e.positionID, positions[id] != nil else {
                    return .absenceWithoutPosition
                }
                positions[id]!.absences.append((e.id, payload.period))
            case .absenceWithdrawal:
                guard let payload = AbsenceWithdrawalPayload(text: e.payload), let id = e.positionID, positions[id] != nil else {
                    return .withdrawalWithoutPosition
                }
                positions[id]!.absences.removeAll { $0.id == payload.absenceEvent }
                withdrawn.insert(payload.absenceEvent)
            case .competencyApproval:
                positions[e.positionID!]!.approvals[e.competencyCode!] = e.id
                positions[e.positionID!]!.firstAct = positions[e.positionID!]!.firstAct ?? e.id
                positions[e.positionID!]!.acts.append((e.id, e.actor, e.actorRole, e.effectiveOn))
            case .courseApproval:
                positions[e.positionID!]!.courses[e.course!] = e.id
                positions[e.positionID!]!.firstAct = positions[e.positionID!]!.firstAct ?? e.id
                positions[e.positionID!]!.acts.append((e.id, e.actor, e.actorRole, e.effectiveOn))
            case .timeAttestation, .elementAttestation, .statement:
                let id = e.positionID!
                switch e.kind {
                case .timeAttestation: positions[id]!.time = e.id
                case .elementAttestation: positions[id]!.element = e.id
                default: positions[id]!.statement = e.id
                }
                positions[id]!.firstAct = positions[id]!.firstAct ?? e.id
                positions[id]!.acts.append((e.id, e.actor, e.actorRole, e.effectiveOn))
            case .approvalRequest:
                if let payload = ApprovalRequestPayload(text: e.payload) { positions[e.positionID!]!.requests[e.id] = (payload, true) }
            case .requestDecline, .requestWithdrawal:
                if let reference = RequestReference(text: e.payload) { positions[e.positionID!]!.requests[reference.request]?.open = false }
            case .positionCancellation:
                positions[e.positionID!]!.cancelled = e.id
            case .revocation:
                let target = e.revokes!
                revoked.insert(target)
                if let positionID = e.positionID, positions[positionID] != nil {
                    positions[positionID]!.acts.append((e.id, e.actor, e.actorRole, e.effectiveOn))
                }
                if let positionID = e.positionID, let original = seen[target] {
                    switch original.kind {
                    case .competencyApproval: positions[positionID]!.approvals[original.competencyCode!] = nil
                    case .courseApproval: positions[positionID]!.courses[original.course!] = nil
                    case .timeAttestation: positions[positionID]!.time = nil
                    case .elementAttestation: positions[positionID]!.element = nil
                    case .statement: positions[positionID]!.statement = nil
                    default: break
                    }
                } else if let index = keys.firstIndex(where: { $0.eventID == target }) {
                    keys[index].revocation = Revocation(eventID: e.id, actor: e.actor, on: e.effectiveOn, reason: e.text)
                }
            }
            return nil
        }

        // MARK: Signatures

        /// The signer and the problem of an event made through a server (it names how its maker authenticated): it
        /// must be signed by a server key registered before it, not revoked before it, valid on the day it was recorded.
        func serverSignature(_ event: LoggedEvent, method: String, bytes: [UInt8]) -> (RegisteredKey?, ChainFault?) {
            let e = event.content
            guard AuthenticationMethod(rawValue: method) != nil else { return (nil, .unknownAuthentication(method: method)) }
            guard let signature = event.signature else { return (nil, .serverEventUnsigned(actor: e.actor, method: method)) }
            guard Base64.decode(signature)?.count == 64 else { return (nil, .signatureNotBase64) }
            guard let key = keys.first(where: { $0.key.verifies(signature, of: bytes) }) else {
                return (nil, .serverEventNotByServerKey(actor: e.actor))
            }
            guard key.isServer else { return (nil, .serverEventSignedByPerson(holder: key.holder, fingerprint: key.key.fingerprint)) }
            guard key.applies(to: e) else {
                return (nil, .serverKeyNotValidOn(name: key.payload.serverName ?? "", fingerprint: key.key.fingerprint,
                                                  day: e.recordedOn ?? e.effectiveOn, event: key.eventID, validity: key.validity))
            }
            return (key, nil)
        }

        /// Why the event's signature (or its absence) is wrong: once a person has a registered, unrevoked key, every
        /// later event of theirs (by id) must be signed by such a key, valid on the event's date.
        mutating func signatureProblem(_ event: LoggedEvent) -> ChainFault? {
            let e = event.content
            let bytes = e.canonicalBytes
            let bundleTrust: Set<PublicSigningKey>?
            if case .bundle(let trusted) = trust { bundleTrust = trusted } else { bundleTrust = nil }
            // The bootstrap: the first key registration, by its own holder, signed by the key it registers.
            if e.kind == .keyRegistration, let own = keys.first(where: { $0.eventID == e.id }), own.holder == e.actor, keys.first?.eventID == e.id {
                guard let signature = event.signature, own.key.verifies(signature, of: bytes) else {
                    return .bootstrapNotSigned(fingerprint: own.key.fingerprint)
                }
                if let trusted = bundleTrust {
                    guard trusted.contains(own.key) else {
                        return .bootstrapUntrusted(fingerprint: own.key.fingerprint, holder: own.holder)
                    }
                    established.insert(own.eventID)
                }
                return nil
            }
            let held = keys.filter { $0.holder == e.actor && $0.eventID < e.id && ($0.revocation.map { e.id <= $0.eventID } ?? true) }
            var message: ChainFault?
            var signer: RegisteredKey?
            if let method = e.authentication {
                (signer, message) = serverSignature(event, method: method, bytes: bytes)
            } else if let signature = event.signature, Base64.decode(signature)?.count == 64,
                      held.first(where: { $0.key.verifies(signature, of: bytes) }) == nil,
                      let server = keys.first(where: { $0.isServer && $0.key.verifies(signature, of: bytes) }) {
                message = .serverSignatureWithoutAuthentication(name: server.payload.serverName ?? "", fingerprint: server.key.fingerprint)
            } else if let signature = event.signature {
                if Base64.decode(signature)?.count != 64 {
                    message = .signatureNotBase64
                } else if let key = held.first(where: { $0.key.verifies(signature, of: bytes) }) {
                    signer = key
                    if !key.isValid(on: e.effectiveOn) {
                        message = .keyNotValidOn(actor: e.actor, fingerprint: key.key.fingerprint, day: e.effectiveOn, event: key.eventID, validity: key.validity)
                    }
                } else if let trainee = e.positionID.flatMap({ positions[$0]?.binding.trainee }), trainee != e.actor,
                          let own = keys.first(where: { $0.holder == trainee && $0.key.verifies(signature, of: bytes) }) {
                    message = .signedWithTraineeKey(trainee: trainee, fingerprint: own.key.fingerprint, actor: e.actor)
                } else if let other = keys.first(where: { $0.key.verifies(signature, of: bytes) }) {
                    message = other.holder == e.actor
                        ? .signedWithUnstandingKey(actor: e.actor, fingerprint: other.key.fingerprint, event: other.eventID, validity: other.validity)
                        : .signedWithOthersKey(holder: other.holder, fingerprint: other.key.fingerprint, actor: e.actor)
                } else if let first = held.first {
                    message = .signatureMismatch(actor: e.actor, fingerprint: first.key.fingerprint)
                } else {
                    message = .signedWithoutKey(actor: e.actor)
                }
            } else if let key = held.first {
                message = .unsignedWithKey(actor: e.actor, fingerprint: key.key.fingerprint, event: key.eventID, validity: key.validity)
            }
            if let message { return message }
            if let signer, outsideKeys.contains(signer.eventID) {
                // A key of another position's trainee may revoke itself (that only takes power away), nothing more here.
                if e.kind == .revocation, e.positionID == nil, e.revokes == signer.eventID { return nil }
                return .keyOutsideBundle(holder: signer.holder, fingerprint: signer.key.fingerprint, event: signer.eventID)
            }
            guard let trusted = bundleTrust else { return nil }
            if let signer {
                if !established.contains(signer.eventID) {
                    return .untrustedChain(holder: signer.holder, fingerprint: signer.key.fingerprint, event: signer.eventID, noTrustGiven: trusted.isEmpty)
                }
                if e.kind == .keyRegistration, let registered = keys.first(where: { $0.eventID == e.id }) { established.insert(registered.eventID) }
                return nil
            }
            if e.kind == .keyRegistration, let registered = keys.first(where: { $0.eventID == e.id }), trusted.contains(registered.key) {
                established.insert(registered.eventID)
            }
            guard !trusted.isEmpty else { return nil }
            if bootstrapGrant?.event == e.id { return nil }   // checked at the end: its holder must hold a trusted key
            // The names the bootstrap secretariat gives with the bootstrap grant, before any key exists (checked as it is).
            if e.kind == .personName, let bootstrap = bootstrapGrant, e.actor == bootstrap.holder, keys.isEmpty { return nil }
            return .unsignedUnderTrust
        }
    }
}

/// The replay fed a chain or an event at a time, so a database's log is verified in memory that grows with its people,
/// grants, positions and revocations but not with its events (issue 30: the whole log in memory peaked at 3.8 GB at
/// national scale). The steps, in this order: `checkChain` for every chain whole (the authority chain first, then each
/// position's), `replayMigrated` for the events migrated from an upgraded database in id order, `replay` for every
/// event in id order (migrated ones included: they are only checked for their order), then `finish`.
public struct LogReplayer {
    var state: LogReplay.State

    public init(trust: ReplayTrust) { state = LogReplay.State(trust: trust) }

    /// One chain, whole, in id order (`positionID` nil: the authority chain).
    public mutating func checkChain(_ chain: [LoggedEvent], positionID: Int64?) { state.checkChain(chain, positionID: positionID) }

    /// One event migrated from an upgraded database's tables (actor role `migrated`), in id order, before any `replay`.
    public mutating func replayMigrated(_ event: LoggedEvent) { state.replayMigrated(event) }

    /// One event of the whole log, in id order.
    public mutating func replay(_ event: LoggedEvent) {
        state.checkOrder(event)
        if event.content.actorRole != LogReplay.migratedRole { state.replayNew(event) }
    }

    /// The report: every distinct problem by event.
    public mutating func finish() -> ReplayReport {
        state.finish()
        state.report.problems = LogReplay.deduplicated(state.report.problems)
        state.report.establishedKeys = Set(state.keys.filter { state.established.contains($0.eventID) && !state.outsideKeys.contains($0.eventID) }
            .map(\.key))
        return state.report
    }
}

extension EventKind {
    /// The names of people and departments (schema 10): migrated once, at that upgrade, before any new name.
    public var isName: Bool { self == .personName || self == .departmentName }

    /// Facts that a migrated database copies from its tables.
    public var isFact: Bool { [.grant, .grantEnd, .position, .supervisorAssignment, .absence, .absenceWithdrawal].contains(self) }
}

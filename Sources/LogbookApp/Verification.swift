import LogbookDomain
import LogbookStore

/// `logbook verify`: recomputes every hash chain and re-checks that each event's maker was allowed to make it.
public enum Verification {
    /// Every problem found, one per broken chain plus one per event whose maker lacked the grant; empty when
    /// all is well. Reads chain by chain, so memory stays flat however long the log is.
    public static func run(_ session: Session) throws -> [ChainProblem] {
        try session.store.read {
            let events = EventRepository(session.store)
            let people = PersonRepository(session.store)
            let (keyBook, keyProblems) = try KeyRepository(session.store).book()
            var problems: [ChainProblem] = keyProblems
            var actors: [Int64: Actor] = [:]
            var facts: [Int64: PositionFacts] = [:]
            var chain: [EventRecord] = []
            var chainKey: Int64?? = .none

            func actor(_ id: Int64) throws -> Actor? {
                if let known = actors[id] { return known }
                guard let person = try people.find(id: id) else { return nil }
                let loaded = try people.actor(person)
                actors[id] = loaded
                return loaded
            }
            func position(_ id: Int64) throws -> PositionFacts? {
                if let known = facts[id] { return known }
                let loaded = try PositionLoader(session.store).facts(id: id)
                facts[id] = loaded
                return loaded
            }
            func finish() throws {
                if chain.isEmpty { return }
                let links = chain.map { EventChain.Link(content: $0.content, storedHash: $0.hash) }
                if let problem = EventChain.firstProblem(in: links) { problems.append(problem) }
                for event in chain {
                    if let message = try ruleProblem(event, byID: { id in try chain.first { $0.id == id } ?? events.event(id: id) },
                                                     actor: actor, position: position) {
                        problems.append(ChainProblem(eventID: event.id, message: message))
                    }
                    if let message = try Keys.verificationProblem(session, event, book: keyBook, actor: actor, position: position) {
                        problems.append(ChainProblem(eventID: event.id, message: message))
                    }
                }
                chain.removeAll(keepingCapacity: true)
            }
            try events.forEachEventByChain { event in
                if chainKey == .none || chainKey! != event.content.positionID {
                    try finish()
                    chainKey = .some(event.content.positionID)
                }
                chain.append(event)
            }
            try finish()
            return problems.sorted { $0.eventID < $1.eventID }
        }
    }

    /// Why the maker of `event` was not allowed to make it on its date, or nil when they were.
    static func ruleProblem(_ event: EventRecord, byID: (Int64) throws -> EventRecord?, actor: (Int64) throws -> Actor?,
                            position: (Int64) throws -> PositionFacts?) throws -> String? {
        let content = event.content
        guard let positionID = content.positionID else { return nil }
        guard let maker = try actor(event.actorID) else { return "its maker (person \(event.actorID)) does not exist" }
        guard let facts = try position(positionID) else { return "its position \(positionID) does not exist" }
        let day = content.effectiveOn
        let decision: AccessDecision
        switch content.kind {
        case .competencyApproval: decision = Access.mayApproveCompetency(for: facts.access, by: maker, on: day)
        case .courseApproval: decision = Access.mayApproveCourse(for: facts.access, by: maker, on: day)
        case .timeAttestation, .elementAttestation, .statement: decision = Access.mayAttest(for: facts.access, by: maker, on: day)
        case .revocation:
            guard let revokedID = content.revokes, let original = try byID(revokedID) else {
                return "it revokes event \(content.revokes.map(String.init) ?? "?"), which does not exist"
            }
            decision = Access.mayRevoke(eventMadeBy: original.actorID, in: facts.access, by: maker, on: day)
        case .keyRegistration: return nil
        }
        if case .refused(let message) = decision { return "its maker was not allowed: \(message)" }
        return nil
    }
}

import LogbookDomain
import LogbookStore

/// One approval request (anmodning om godkendelse) as a person reads it.
public struct ApprovalRequest: Sendable {
    /// The request's event id: its number everywhere (`request decline 57`).
    public let id: Int64
    public let positionID: Int64
    public let trainee: PersonRecord
    public let addressee: PersonRecord
    public let requestedOn: CalendarDate
    public let competencies: [String]
    public let courses: [String]
    /// The assessments (record ids) the request rests on.
    public let assessments: [Int64]
    /// The trainee's message (may be empty).
    public let message: String
    /// How it was closed; nil while open.
    public let outcome: RequestOutcome?
    /// The closing event (decline or withdrawal: its text is the reason), when closed.
    public let closing: EventRecord?

    public var isOpen: Bool { outcome == nil }
    /// What it asks for, competency codes then course names.
    public var items: [String] { competencies + courses }
}

/// Approval requests: a trainee asks a named approver (or "my hovedvejleder") to approve competencies or courses,
/// with a message and the assessments it rests on. The approver approves (each approval names the request) or
/// declines with a reason; the trainee may withdraw it. Every step is an event of the position's chain.
///
/// A request to someone who cannot approve what it asks for is refused when made, not when answered.
public enum Requests {
    /// The words that mean "my hovedvejleder" in `--to`.
    static let mainSupervisorWords: Set<String> = ["hovedvejleder", "main-supervisor", "main supervisor", "supervisor"]

    /// Makes a request on the acting trainee's position (`position`, else their current one).
    public static func make(_ session: Session, position: Int64?, to: String, competencies codes: [String], courses names: [String],
                            assessments: [Int64], message: String?) throws -> ApprovalRequest {
        let t = session.texts
        let message = try Input.text(message, "'--message'", texts: session.texts) ?? ""
        let codes = try codes.map { try Input.competencyCode($0, "competency code") }
        let names = try names.map { try Input.line($0, "'--course'", texts: session.texts) }
        guard !(codes.isEmpty && names.isEmpty) else { throw LogbookError.usage(t("request.nothing")) }
        guard codes.count + names.count <= InputLimits.codesPerCommand else {
            throw LogbookError.usage(t("approve.tooManyCodes", ["count": String(codes.count + names.count),
                                                               "maximum": String(InputLimits.codesPerCommand)]))
        }
        return try session.store.write {
            let (person, _) = try session.actor()
            let positionID = try Overviews.positionID(session, position: position, trainee: nil, day: session.today)
            let facts = try session.position(positionID)
            guard facts.trainee.id == person.id else {
                throw LogbookError.forbidden(t("request.notTrainee", ["actor": person.handle, "position": String(facts.id),
                                                                     "trainee": facts.trainee.handle]))
            }
            if facts.position.isCancelled { throw LogbookError.refused(t.refusal(.positionCancelled(position: facts.id))) }
            let addressee = try Self.addressee(session, to, facts: facts)
            guard addressee.id != person.id else { throw LogbookError.refused(t("request.toSelf")).concerning("--to") }
            let events = EventRepository(session.store)
            let workflow = WorkflowRepository(session.store)
            let open = try workflow.requests(positionID: facts.id).filter { $0.outcome == nil }
                .compactMap { row in try events.event(id: row.eventID).flatMap { ApprovalRequestPayload(text: $0.content.payload) }.map { (row, $0) } }
            let standing = try events.standing(positionID: facts.id, kind: .competencyApproval)
            var chosen: [String] = []
            for code in codes {
                let competency = try Assessments.competency(session, facts, code: code)
                guard !chosen.contains(competency.code) else { throw LogbookError.usage(t("approve.twice", ["code": competency.code])) }
                if let existing = standing.first(where: { $0.competencyID == competency.id }) {
                    throw LogbookError.conflict(t("approve.already", [
                        "code": competency.code, "date": t.date(existing.content.effectiveOn), "by": existing.content.actor,
                        "event": String(existing.id)]))
                }
                if let other = open.first(where: { $0.1.competencies.contains(competency.code) }) {
                    throw LogbookError.conflict(t("request.alreadyAsked", ["what": competency.code, "request": String(other.0.eventID)]))
                }
                chosen.append(competency.code)
            }
            let standingCourses = try events.standing(positionID: facts.id, kind: .courseApproval)
            var chosenCourses: [String] = []
            for name in names {
                let course = try Approvals.course(session, facts, name: name)
                guard !chosenCourses.contains(course.name) else { throw LogbookError.usage(t("approve.twice", ["code": course.name])) }
                if let existing = standingCourses.first(where: { $0.courseID == course.id }) {
                    throw LogbookError.conflict(t("approve.course.already", [
                        "course": course.name, "date": t.date(existing.content.effectiveOn), "by": existing.content.actor,
                        "event": String(existing.id)]))
                }
                if let other = open.first(where: { $0.1.courses.contains(course.name) }) {
                    throw LogbookError.conflict(t("request.alreadyAsked", ["what": course.name, "request": String(other.0.eventID)]))
                }
                chosenCourses.append(course.name)
            }
            let positionRepository = PositionRepository(session.store)
            var seenAssessments: Set<Int64> = []
            for id in assessments {
                guard let info = try positionRepository.assessmentInfo(id: id), info.positionID == facts.id else {
                    throw LogbookError.notFound(t("request.noAssessment", ["id": String(id), "position": String(facts.id)]))
                }
                guard seenAssessments.insert(id).inserted else {
                    throw LogbookError.usage(t("request.assessmentTwice", ["id": String(id)]))
                }
            }
            // Refused now, not when answered: the addressee must be able to approve all of it today.
            let addresseeActor = try PersonRepository(session.store).actor(addressee)
            if !chosen.isEmpty, case .refused(let refusal) = Access.mayApproveCompetency(for: facts.access, by: addresseeActor, on: session.today) {
                throw LogbookError.forbidden(t("request.cannotApprove", ["to": addressee.handle, "refusal": t.refusal(refusal)])).concerning("--to")
            }
            if !chosenCourses.isEmpty, case .refused(let refusal) = Access.mayApproveCourse(for: facts.access, by: addresseeActor, on: session.today) {
                throw LogbookError.forbidden(t("request.cannotApprove", ["to": addressee.handle, "refusal": t.refusal(refusal)])).concerning("--to")
            }
            let payload = ApprovalRequestPayload(to: addressee.handle, competencies: chosen, courses: chosenCourses, assessments: assessments)
            let event = try session.append(
                NewEvent(kind: .approvalRequest, positionID: facts.id, effectiveOn: session.today, actor: (person.id, person.handle),
                         actorRole: "trainee", actorDepartment: nil, text: message, payload: payload.text),
                signer: ActSigner(session, handle: person.handle))
            try workflow.insertRequest(eventID: event.id, positionID: facts.id, addresseeID: addressee.id, on: session.today)
            guard let row = try workflow.request(id: event.id) else { throw noRequest(session, event.id) }
            let made = try load(session, row, facts: facts)
            try Outbox.request(session, made)  // in this transaction: the mail goes out only if the request is made
            return made
        }
    }

    /// Who `to` names: "hovedvejleder" (and its English words) is the position's hovedvejleder today, unless a person
    /// has that handle; anything else is a handle.
    static func addressee(_ session: Session, _ to: String, facts: PositionFacts) throws -> PersonRecord {
        let people = PersonRepository(session.store)
        let word = to.trimmed
        if mainSupervisorWords.contains(word.normalizedName), try people.find(handle: word) == nil {
            guard let supervisor = facts.supervisor(on: session.today), let person = try people.find(id: supervisor.assignment.personID) else {
                throw LogbookError.refused(session.texts("request.noSupervisor", ["position": String(facts.id)]))
            }
            return person
        }
        return try session.person(word, what: "--to")
    }

    /// Declines an open request made to the acting person, with a reason.
    public static func decline(_ session: Session, request id: Int64, reason: String) throws -> ApprovalRequest {
        let t = session.texts
        guard let reason = try Input.text(reason, "'--reason'", texts: session.texts), !reason.trimmed.isEmpty else {
            throw LogbookError.usage(t("request.reasonRequired"))
        }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let (row, facts, request) = try openRequest(session, id)
            guard request.addressee.id == person.id else {
                throw LogbookError.forbidden(t("request.notAddressee", ["id": String(id), "to": request.addressee.handle, "actor": person.handle]))
            }
            _ = actor
            let event = try session.append(
                NewEvent(kind: .requestDecline, positionID: facts.id, effectiveOn: session.today, actor: (person.id, person.handle),
                         actorRole: try declinerRole(session, facts: facts, actor: actor), actorDepartment: (facts.department.id, facts.department.code),
                         text: reason, payload: RequestReference(request: id).text),
                signer: ActSigner(session, handle: person.handle))
            let workflow = WorkflowRepository(session.store)
            try workflow.close(request: row.eventID, by: event.id, outcome: .declined)
            let declined = try load(session, try workflow.request(id: id)!, facts: facts)
            try Outbox.decline(session, declined, reason: reason, by: person)
            return declined
        }
    }

    /// The role a decline records: the grant by which the addressee may approve for the position today.
    static func declinerRole(_ session: Session, facts: PositionFacts, actor: Actor) throws -> String {
        let decision = Access.mayApproveCompetency(for: facts.access, by: actor, on: session.today)
        if let grant = decision.permit?.grant { return grant.role.rawValue }
        if let grant = Access.mayApproveCourse(for: facts.access, by: actor, on: session.today).permit?.grant { return grant.role.rawValue }
        // No longer allowed to approve (a grant ended): the addressee may still say no.
        return actor.grants.last(where: { $0.departmentID == facts.department.id })?.role.rawValue ?? "addressee"
    }

    /// Withdraws the acting trainee's own open request.
    public static func withdraw(_ session: Session, request id: Int64, reason: String?) throws -> ApprovalRequest {
        let t = session.texts
        let reason = try Input.text(reason, "'--reason'", texts: session.texts) ?? ""
        return try session.store.write {
            let (person, _) = try session.actor()
            let (row, facts, _) = try openRequest(session, id)
            guard facts.trainee.id == person.id else {
                throw LogbookError.forbidden(t("request.notRequester", ["id": String(id), "trainee": facts.trainee.handle, "actor": person.handle]))
            }
            let event = try session.append(
                NewEvent(kind: .requestWithdrawal, positionID: facts.id, effectiveOn: session.today, actor: (person.id, person.handle),
                         actorRole: "trainee", actorDepartment: nil, text: reason, payload: RequestReference(request: id).text),
                signer: ActSigner(session, handle: person.handle))
            let workflow = WorkflowRepository(session.store)
            try workflow.close(request: row.eventID, by: event.id, outcome: .withdrawn)
            return try load(session, try workflow.request(id: id)!, facts: facts)
        }
    }

    /// Approves everything an open request asks for that is not yet approved, each approval naming the request; all or
    /// nothing, in one transaction.
    public static func approve(_ session: Session, request id: Int64, date: String?, comment: String?) throws -> [EventRecord] {
        try session.store.write {
            let (_, facts, request) = try openRequest(session, id)
            let events = EventRepository(session.store)
            let approvedCodes = Set(try events.standing(positionID: facts.id, kind: .competencyApproval).compactMap(\.content.competencyCode))
            let approvedCourses = Set(try events.standing(positionID: facts.id, kind: .courseApproval).compactMap(\.content.course))
            let codes = request.competencies.filter { !approvedCodes.contains($0) }
            let courses = request.courses.filter { !approvedCourses.contains($0) }
            var made: [EventRecord] = []
            if !codes.isEmpty {
                made += try Approvals.approveCompetencies(session, positionID: facts.id, codes: codes, date: date, comment: comment, request: id)
            }
            for course in courses {
                made.append(try Approvals.approveCourse(session, positionID: facts.id, course: course, date: date, comment: comment, request: id))
            }
            return made
        }
    }

    /// The requests of a position (`position`, else the acting person's, else `trainee`'s), oldest first; open ones
    /// only unless `all`.
    public static func list(_ session: Session, position: Int64?, trainee: String?, all: Bool) throws -> [ApprovalRequest] {
        try session.store.read {
            let id = try Overviews.positionID(session, position: position, trainee: trainee, day: session.today)
            let facts = try session.position(id)
            return try WorkflowRepository(session.store).requests(positionID: facts.id)
                .filter { all || $0.outcome == nil }
                .map { try load(session, $0, facts: facts) }
        }
    }

    /// The open requests made to a person, oldest first.
    static func openTo(_ session: Session, personID: Int64) throws -> [ApprovalRequest] {
        var loaded: [Int64: PositionFacts] = [:]
        return try WorkflowRepository(session.store).openRequests(addresseeID: personID).compactMap { row in
            guard let facts = try loaded[row.positionID] ?? PositionLoader(session.store).facts(id: row.positionID) else { return nil }
            loaded[row.positionID] = facts
            return try load(session, row, facts: facts)
        }
    }

    // MARK: Answering

    /// What an approval needs to name a request: the request's row and payload, and the reference it carries.
    struct Answerable {
        let row: RequestRow
        let payload: ApprovalRequestPayload
        var reference: RequestReference { RequestReference(request: row.eventID) }
    }

    /// Checks that request `id` is open, of this position and asks for every code and course; or, for an approval
    /// without `--request`, nil.
    static func answerable(_ session: Session, _ id: Int64, facts: PositionFacts, competencies: [String], courses: [String]) throws -> Answerable {
        let t = session.texts
        let (row, _, request) = try openRequest(session, id, facts: facts)
        guard row.positionID == facts.id else {
            throw LogbookError.refused(t("request.otherPosition", ["id": String(id), "position": String(row.positionID), "this": String(facts.id)]))
        }
        if let missing = (competencies.filter { !request.competencies.contains($0) } + courses.filter { !request.courses.contains($0) }).first {
            throw LogbookError.refused(t("request.doesNotAsk", ["id": String(id), "what": missing, "items": request.items.joined(separator: ", ")]))
        }
        return Answerable(row: row, payload: ApprovalRequestPayload(to: request.addressee.handle, competencies: request.competencies,
                                                                    courses: request.courses, assessments: request.assessments))
    }

    /// Closes every open request of the position whose competencies and courses all have standing approvals (answered
    /// by approvals, with or without naming it), recording `lastEvent` as the closing one.
    static func closeAnswered(_ session: Session, facts: PositionFacts, lastEvent: Int64) throws {
        let workflow = WorkflowRepository(session.store)
        let events = EventRepository(session.store)
        let open = try workflow.requests(positionID: facts.id).filter { $0.outcome == nil }
        guard !open.isEmpty else { return }
        let codes = Set(try events.standing(positionID: facts.id, kind: .competencyApproval).compactMap(\.content.competencyCode))
        let courses = Set(try events.standing(positionID: facts.id, kind: .courseApproval).compactMap(\.content.course))
        for row in open {
            guard let payload = try events.event(id: row.eventID).flatMap({ ApprovalRequestPayload(text: $0.content.payload) }) else { continue }
            if payload.competencies.allSatisfy(codes.contains) && payload.courses.allSatisfy(courses.contains) {
                try workflow.close(request: row.eventID, by: lastEvent, outcome: .approved)
                if session.mail != nil, let approver = try session.actorHandle.flatMap({ try PersonRepository(session.store).find(handle: $0) }) {
                    try Outbox.approval(session, trainee: facts.trainee, positionID: facts.id, items: payload.competencies + payload.courses,
                                        by: approver)
                }
            }
        }
    }

    /// The one open request of the position that asks for all of `competencies` and `courses`, if exactly one does:
    /// an approval without `--request` then answers it.
    static func soleAsking(_ session: Session, facts: PositionFacts, competencies: [String], courses: [String]) throws -> Answerable? {
        let events = EventRepository(session.store)
        var found: [Answerable] = []
        for row in try WorkflowRepository(session.store).requests(positionID: facts.id) where row.outcome == nil {
            guard let payload = try events.event(id: row.eventID).flatMap({ ApprovalRequestPayload(text: $0.content.payload) }) else { continue }
            if competencies.allSatisfy(payload.competencies.contains) && courses.allSatisfy(payload.courses.contains) {
                found.append(Answerable(row: row, payload: payload))
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    // MARK: Loading

    static func noRequest(_ session: Session, _ id: Int64) -> LogbookError {
        LogbookError.notFound(session.texts("request.none", ["id": String(id)]))
    }

    /// The request `id`, which must exist, be visible to the actor and be open.
    static func openRequest(_ session: Session, _ id: Int64, facts known: PositionFacts? = nil) throws -> (RequestRow, PositionFacts, ApprovalRequest) {
        let t = session.texts
        guard let row = try WorkflowRepository(session.store).request(id: id) else { throw noRequest(session, id) }
        let facts: PositionFacts
        if let known, known.id == row.positionID { facts = known } else {
            do { facts = try session.position(row.positionID) } catch { throw noRequest(session, id) }
        }
        let request = try load(session, row, facts: facts)
        if let outcome = row.outcome {
            let date = request.closing.map { t.date($0.content.effectiveOn) } ?? ""
            throw LogbookError.conflict(t("request.closed.\(outcome.rawValue)", ["id": String(id), "date": date,
                                                                              "by": request.closing?.content.actor ?? ""]))
        }
        return (row, facts, request)
    }

    static func load(_ session: Session, _ row: RequestRow, facts: PositionFacts) throws -> ApprovalRequest {
        let events = EventRepository(session.store)
        guard let event = try events.event(id: row.eventID), let payload = ApprovalRequestPayload(text: event.content.payload),
              let addressee = try PersonRepository(session.store).find(id: row.addresseeID) else {
            throw LogbookError(.internalError, session.texts("request.unreadable", ["id": String(row.eventID)]))
        }
        return ApprovalRequest(
            id: row.eventID, positionID: row.positionID, trainee: facts.trainee, addressee: addressee, requestedOn: row.requestedOn,
            competencies: payload.competencies, courses: payload.courses, assessments: payload.assessments, message: event.content.text,
            outcome: row.outcome, closing: try row.closedBy.flatMap { try events.event(id: $0) })
    }
}

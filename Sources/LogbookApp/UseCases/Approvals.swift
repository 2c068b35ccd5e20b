import LogbookDomain
import LogbookStore

/// Approvals, attestations, forhåndsudtalelser and revocations: every act appends one event to the
/// position's hash chain, in the same transaction as its checks (DOMAIN.md, Approvals and attestations).
///
/// Access is checked on today (the day of acting) and on the date the event names, so a back-dated act
/// needs the grant on both days; `verify` re-checks the named date.
public enum Approvals {
    /// The acting person's role and department as the permit shows them.
    static func role(_ permit: Permit, facts: PositionFacts) -> (role: String, department: (id: Int64, code: String)?) {
        guard let grant = permit.grant else { return ("trainee", nil) }
        if let departmentID = grant.departmentID {
            return (grant.role.rawValue, departmentID == facts.department.id ? (departmentID, facts.department.code) : nil)
        }
        return (grant.role.rawValue, nil)
    }

    /// Checks `rule` on today and on `date` (when different) and returns the permit of the day of the event.
    static func require(_ rule: (CalendarDate) -> AccessDecision, today: CalendarDate, date: CalendarDate, texts: Texts) throws -> Permit {
        let permit = try rule(date).require(texts)
        if date != today { _ = try rule(today).require(texts) }
        return permit
    }

    /// The codes of a `--codes-file`: one per line (blank lines skipped), at most `InputLimits.textFileBytes`.
    public static func codes(fromFile path: String, texts: Texts = .untranslated) throws -> [String] {
        let text = try Input.fileText(try InputFile.read(path, maximum: InputLimits.textFileBytes, texts: texts), name: InputFile.displayName(path),
                                      what: "list of codes")
        return text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// Approves one or more competencies of a position: all of them or none.
    ///
    /// With `request`, every approval answers that request (it carries `request:<id>`): the request must be open, of
    /// this position, and ask for every code; once all it asked for is approved, it is closed as approved.
    public static func approveCompetencies(_ session: Session, positionID: Int64, codes: [String], date: String?,
                                           comment: String?, request: Int64? = nil) throws -> [EventRecord] {
        let comment = try Input.text(comment, "'--comment'", texts: session.texts)
        let codes = try codes.map { try Input.competencyCode($0, "competency code") }
        let day = try date.map { try session.date($0, flag: "--date") } ?? session.today
        guard !codes.isEmpty else { throw LogbookError.usage(session.texts("approve.noCodes")) }
        guard codes.count <= InputLimits.codesPerCommand else {
            throw LogbookError.usage(session.texts("approve.tooManyCodes", ["count": String(codes.count),
                                                                            "maximum": String(InputLimits.codesPerCommand)]))
        }
        // Linear in the number of codes: the målbeskrivelse's codes and the position's standing approvals are read once
        // into dictionaries, every code is checked before the first write, and the events are chained in memory
        // (EventBatchAppender) instead of reading the chain's last hash back for each one.
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            try session.refuseFuture(day, flag: "--date", what: .approval)
            try facts.requireWithin(day, flag: "--date", texts: session.texts)
            let permit = try require({ Access.mayApproveCompetency(for: facts.access, by: actor, on: $0) }, today: session.today, date: day, texts: session.texts)
            var byCode: [String: CompetencyRecord] = [:]
            for competency in try CurriculumRepository(session.store).competencies(curriculumID: facts.curriculum.id) {
                byCode[competency.code] = byCode[competency.code] ?? competency
            }
            var standing: [Int64: EventRecord] = [:]
            for event in try EventRepository(session.store).standing(positionID: facts.id, kind: .competencyApproval) {
                if let id = event.competencyID { standing[id] = standing[id] ?? event }
            }
            var seen: Set<String> = []
            var chosen: [CompetencyRecord] = []
            for code in codes {
                let competency = try byCode[code] ?? Assessments.competency(session, facts, code: code)
                guard seen.insert(competency.code).inserted else {
                    throw LogbookError.usage(session.texts("approve.twice", ["code": competency.code]))
                }
                if let existing = standing[competency.id] {
                    throw LogbookError.conflict(session.texts("approve.already", [
                        "code": competency.code, "date": session.texts.date(existing.content.effectiveOn),
                        "by": existing.content.actor, "event": String(existing.id)]))
                }
                chosen.append(competency)
            }
            let answered = try request.map { try Requests.answerable(session, $0, facts: facts, competencies: chosen.map(\.code), courses: []) }
                ?? Requests.soleAsking(session, facts: facts, competencies: chosen.map(\.code), courses: [])
            let signer = ActSigner(session, handle: person.handle)
            let batch = try EventBatchAppender(session.store)
            let (role, department) = Self.role(permit, facts: facts)
            let events = try chosen.map { competency in
                let event = NewEvent(kind: .competencyApproval, positionID: facts.id, competency: (competency.id, competency.code),
                                     course: nil, revokes: nil, effectiveOn: day, actor: (person.id, person.handle), actorRole: role,
                                     actorDepartment: department, text: comment ?? "", payload: answered?.reference.text ?? "")
                var content = event.content(at: try batch.nextLink(positionID: facts.id), recordedAt: session.now())
                let signature = try signer.sign(&content)
                return try batch.insert(content, of: event, signature: signature)
            }
            if let last = events.last { try Requests.closeAnswered(session, facts: facts, lastEvent: last.id) }
            return events
        }
    }

    /// Approves a mandatory course of the position's målbeskrivelse, with the day it was completed.
    public static func approveCourse(_ session: Session, positionID: Int64, course name: String, date: String?,
                                     comment: String?, request: Int64? = nil) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'", texts: session.texts), name = try Input.line(name, "'--course'", texts: session.texts)
        let day = try date.map { try session.date($0, flag: "--date") } ?? session.today
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            try session.refuseFuture(day, flag: "--date", what: .courseApproval)
            // A course taken before the start (merit) counts; its approver is judged on the day of approving, or on the
            // position's first day when approving before it (README, Access.courseAuthorityDay): one day, whatever the role.
            let rule = { (on: CalendarDate) in Access.mayApproveCourse(for: facts.access, by: actor, on: on) }
            let judged = Access.courseAuthorityDay(course: day, start: facts.position.start, acting: session.today)
            let permit = day < facts.position.start ? try rule(judged).require(session.texts)
                : try require(rule, today: session.today, date: judged, texts: session.texts)
            let course = try Self.course(session, facts, name: name)
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .courseApproval).first(where: { $0.courseID == course.id }) {
                throw LogbookError.conflict(session.texts("approve.course.already", [
                    "course": course.name, "date": session.texts.date(existing.content.effectiveOn), "by": existing.content.actor,
                    "event": String(existing.id)]))
            }
            let answered = try request.map { try Requests.answerable(session, $0, facts: facts, competencies: [], courses: [course.name]) }
                ?? Requests.soleAsking(session, facts: facts, competencies: [], courses: [course.name])
            let event = try session.appendAct(.courseApproval, on: facts, by: person, permit: permit, effectiveOn: day,
                                              text: comment ?? "", course: course, payload: answered?.reference.text ?? "")
            try Requests.closeAnswered(session, facts: facts, lastEvent: event.id)
            return event
        }
    }

    /// The course of the position's målbeskrivelse named `name` (case and spacing ignored); refused with the list of
    /// its courses (and the nearest one) when there is none.
    static func course(_ session: Session, _ facts: PositionFacts, name: String) throws -> CourseRecord {
        let courses = try CurriculumRepository(session.store).courses(curriculumID: facts.curriculum.id)
        guard let course = courses.first(where: { $0.name.normalizedName == name.normalizedName }) else {
            var values = ["curriculum": facts.curriculum.label, "course": name, "courses": courses.map(\.name).joined(separator: ", ")]
            if let near = Suggest.nearest(to: name, in: courses.map(\.name)), near != name {
                values["near"] = near
                throw LogbookError.refused(session.texts("approve.noCourse.near", values))
            }
            throw LogbookError.refused(session.texts("approve.noCourse", values))
        }
        return course
    }

    /// Attestation for tidsmæssigt gennemført uddannelseselement: only in the element's last month.
    public static func attestTime(_ session: Session, positionID: Int64, comment: String?) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'", texts: session.texts)
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            let schedule = facts.schedule
            let t = session.texts
            guard schedule.isTimeAttestable(on: session.today) else {
                throw LogbookError.refused(t("attest.time.tooEarly", [
                    "position": String(facts.id), "from": t.date(schedule.timeAttestableFrom), "end": t.date(schedule.end),
                    "today": t.date(session.today)]))
            }
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .timeAttestation).first {
                throw LogbookError.conflict(t("attest.time.already", [
                    "position": String(facts.id), "date": t.date(existing.content.effectiveOn), "by": existing.content.actor,
                    "event": String(existing.id)]))
            }
            return try session.appendAct(.timeAttestation, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: comment ?? "")
        }
    }

    /// What is still missing before the element can be attested, worked out as `status` works it out.
    public static func completion(_ session: Session, facts: PositionFacts) throws -> ElementCompletion {
        guard let overview = try PositionLoader(session.store).load(.position(facts.id), detail: .acts).first else {
            throw session.noPosition(facts.id)
        }
        return PositionStatus(overview.statusInput(today: session.today)).completion
    }

    /// The element attestation (godkendt og gennemført): by the department's UAO or tutor, only when complete.
    public static func attestElement(_ session: Session, positionID: Int64, comment: String?) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'", texts: session.texts)
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            let t = session.texts
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .elementAttestation).first {
                throw LogbookError.conflict(t("attest.element.already", [
                    "position": String(facts.id), "date": t.date(existing.content.effectiveOn), "by": existing.content.actor,
                    "event": String(existing.id)]))
            }
            let completion = try completion(session, facts: facts)
            guard completion.isComplete else {
                throw LogbookError.refused(t("attest.element.missing", ["position": String(facts.id)]), details: t.missing(completion))
            }
            return try session.appendAct(.elementAttestation, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: comment ?? "")
        }
    }

    /// A forhåndsudtalelse: the UAO/tutor's statement on an ongoing intro that is not yet attested.
    public static func statement(_ session: Session, positionID: Int64, text: String?) throws -> EventRecord {
        let text = try Input.text(text, "the statement's text", texts: session.texts)
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            let t = session.texts
            guard facts.isOngoing(on: session.today) else {
                throw LogbookError.refused(t("statement.notOngoing", [
                    "position": String(facts.id), "today": t.date(session.today), "start": t.date(facts.position.start),
                    "end": t.date(facts.schedule.end)]))
            }
            let events = EventRepository(session.store)
            if let element = try events.standing(positionID: facts.id, kind: .elementAttestation).first {
                throw LogbookError.conflict(t("statement.attested", [
                    "position": String(facts.id), "date": t.date(element.content.effectiveOn), "event": String(element.id)]))
            }
            if let existing = try events.standing(positionID: facts.id, kind: .statement).first {
                throw LogbookError.conflict(t("statement.already", [
                    "position": String(facts.id), "date": t.date(existing.content.effectiveOn), "by": existing.content.actor,
                    "event": String(existing.id)]))
            }
            // The statement is a document in Danish, whatever language the command speaks.
            let defaultText = "Det forventes, at uddannelseslægen uden problemer gennemfører den nuværende introduktionsstilling."
            return try session.appendAct(.statement, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: text?.trimmed.isEmpty == false ? text!.trimmed : defaultText)
        }
    }

    /// Revokes an event with a reason; the original stays. Approvals, courses and time cannot be revoked while
    /// the element attestation stands (revoke that first).
    public static func revoke(_ session: Session, eventID: Int64, reason: String) throws -> EventRecord {
        let reason = try Input.text(reason, "'--reason'", texts: session.texts) ?? ""
        guard !reason.isEmpty else { throw LogbookError.usage(session.texts("revoke.noReason")) }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let events = EventRepository(session.store)
            let t = session.texts
            let event = String(eventID)
            let noEvent = LogbookError.notFound(t("revoke.noEvent", ["event": event]))
            guard let original = try events.event(id: eventID) else { throw noEvent }
            // In a session scoped to its actor (the server), an event of a position the actor may not see, or of no
            // position, is answered exactly like one that does not exist, before anything else is said about it.
            if session.readScope == .actor {
                guard let positionID = original.content.positionID else { throw noEvent }
                do { _ = try session.position(positionID) } catch let error as LogbookError where error.reason == .notFound { throw noEvent }
            }
            if original.kind == .revocation {
                throw LogbookError.refused(t("revoke.revocation", ["event": event]))
            }
            if !original.kind.isRevocableAct && original.kind != .keyRegistration {
                throw LogbookError.refused(t("revoke.fact", ["event": event, "kind": t.eventKind(original.kind)]))
            }
            if let revoked = original.revokedBy {
                throw LogbookError.conflict(t("revoke.already", [
                    "event": event, "date": t.date(revoked.on), "by": revoked.actor, "revocation": String(revoked.eventID),
                    "reason": revoked.reason]))
            }
            guard let positionID = original.content.positionID else {
                throw LogbookError.refused(t("revoke.noPosition", ["event": event]))
            }
            let facts = try session.position(positionID)
            // Who may act comes first: someone without the grant learns nothing more about the position.
            let permit = try Access.mayRevoke(eventMadeBy: original.actorID, in: facts.access, by: actor, on: session.today).require(session.texts)
            if [.competencyApproval, .courseApproval, .timeAttestation].contains(original.kind),
               let element = try events.standing(positionID: positionID, kind: .elementAttestation).first {
                throw LogbookError.refused(t("revoke.underElement", [
                    "event": event, "kind": t.eventKind(original.kind), "element": String(element.id),
                    "date": t.date(element.content.effectiveOn)]))
            }
            var role = original.content.actorRole
            var department: (id: Int64, code: String)? = original.actorDepartmentID.flatMap { id in
                original.content.actorDepartment.map { (id, $0) }
            }
            if permit.grant != nil { (role, department) = Approvals.role(permit, facts: facts) }
            return try session.append(
                NewEvent(kind: .revocation, positionID: positionID, revokes: eventID, effectiveOn: session.today,
                         actor: (person.id, person.handle), actorRole: role, actorDepartment: department, text: reason),
                signer: ActSigner(session, handle: person.handle))
        }
    }

    /// Every event of a position in order, with revocations attached, and the full names of the people who made and
    /// revoked them (by handle), so acts can be shown as "Sara Holm (daglig klinisk vejleder)".
    public static func history(_ session: Session, positionID: Int64)
        throws -> (facts: PositionFacts, events: [EventRecord], names: [String: String]) {
        try session.store.read {
            let facts = try session.position(positionID)
            // The acts and their revocations; the facts of the chain (binding, hovedvejleder, absence) show elsewhere.
            let events = try EventRepository(session.store).events(positionID: positionID)
                .filter { $0.kind.isRevocableAct || $0.kind == .revocation }
            let wanted = Set(events.flatMap { [$0.content.actor] + ($0.revokedBy.map { [$0.actor] } ?? []) })
            var names: [String: String] = [:]
            for person in try PersonRepository(session.store).all() where wanted.contains(person.handle) {
                names[person.handle] = person.name
            }
            return (facts, events, names)
        }
    }
}

extension Texts {
    /// What kind of event it is, as a person reads it.
    public func eventKind(_ kind: EventKind) -> String {
        switch kind {
        case .competencyApproval: return self("history.kind.competencyApproval")
        case .courseApproval: return self("history.kind.courseApproval")
        case .timeAttestation: return self("history.kind.timeAttestation")
        case .elementAttestation: return self("history.kind.elementAttestation")
        case .statement: return self("history.kind.statement")
        case .revocation: return self("history.kind.revocation")
        case .keyRegistration: return self("history.kind.keyRegistration")
        case .grant: return self("history.kind.grant")
        case .grantEnd: return self("history.kind.grantEnd")
        case .position: return self("history.kind.position")
        case .supervisorAssignment: return self("history.kind.supervisorAssignment")
        case .absence: return self("history.kind.absence")
        case .absenceWithdrawal: return self("history.kind.absenceWithdrawal")
        case .approvalRequest: return self("history.kind.approvalRequest")
        case .requestDecline: return self("history.kind.requestDecline")
        case .requestWithdrawal: return self("history.kind.requestWithdrawal")
        case .positionCancellation: return self("history.kind.positionCancellation")
        case .personName: return self("history.kind.personName")
        case .departmentName: return self("history.kind.departmentName")
        }
    }
}

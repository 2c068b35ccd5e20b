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
    public static func codes(fromFile path: String) throws -> [String] {
        let text = try Input.fileText(try InputFile.read(path, maximum: InputLimits.textFileBytes), name: InputFile.displayName(path),
                                      what: "list of codes")
        return text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// Approves one or more competencies of a position: all of them or none.
    public static func approveCompetencies(_ session: Session, positionID: Int64, codes: [String], date: String?,
                                           comment: String?) throws -> [EventRecord] {
        let comment = try Input.text(comment, "'--comment'")
        let codes = try codes.map { try Input.competencyCode($0, "competency code") }
        let day = try date.map { try session.date($0, flag: "--date") } ?? session.today
        guard !codes.isEmpty else { throw LogbookError.usage("give at least one competency code, or --course NAME") }
        guard codes.count <= InputLimits.codesPerCommand else {
            throw LogbookError.usage("\(codes.count) competency codes in one command; give at most \(InputLimits.codesPerCommand)")
        }
        // Linear in the number of codes: the målbeskrivelse's codes and the position's standing approvals are read once
        // into dictionaries, every code is checked before the first write, and the events are chained in memory
        // (EventBatchAppender) instead of reading the chain's last hash back for each one.
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            try session.refuseFuture(day, flag: "--date", what: "an approval")
            try facts.requireWithin(day, flag: "--date")
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
                    throw LogbookError.usage("competency \(competency.code) is given twice")
                }
                if let existing = standing[competency.id] {
                    throw LogbookError.conflict(
                        "\(competency.code) is already approved: on \(existing.content.effectiveOn) by \(existing.content.actor) "
                            + "(event \(existing.id)); revoke that event first to approve it again")
                }
                chosen.append(competency)
            }
            let signer = ActSigner(session, handle: person.handle)
            let batch = try EventBatchAppender(session.store)
            let (role, department) = Self.role(permit, facts: facts)
            return try chosen.map { competency in
                let event = NewEvent(kind: .competencyApproval, positionID: facts.id, competency: (competency.id, competency.code),
                                     course: nil, revokes: nil, effectiveOn: day, actor: (person.id, person.handle), actorRole: role,
                                     actorDepartment: department, text: comment ?? "")
                let content = event.content(at: try batch.nextLink(positionID: facts.id), recordedAt: session.now())
                return try batch.insert(content, of: event, signature: try signer.sign(content))
            }
        }
    }

    /// Approves a mandatory course of the position's målbeskrivelse, with the day it was completed.
    public static func approveCourse(_ session: Session, positionID: Int64, course name: String, date: String?,
                                     comment: String?) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'"), name = try Input.line(name, "'--course'")
        let day = try date.map { try session.date($0, flag: "--date") } ?? session.today
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            try session.refuseFuture(day, flag: "--date", what: "a course approval")
            let permit = try require({ Access.mayApproveCourse(for: facts.access, by: actor, on: $0) }, today: session.today, date: day, texts: session.texts)
            let courses = try CurriculumRepository(session.store).courses(curriculumID: facts.curriculum.id)
            guard let course = courses.first(where: { $0.name.normalizedName == name.normalizedName }) else {
                throw LogbookError.refused(
                    "\(facts.curriculum.label) has no mandatory course \"\(name)\"\(Suggest.didYouMean(name, in: courses.map(\.name))); "
                        + "its courses: \(courses.map(\.name).joined(separator: ", "))")
            }
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .courseApproval).first(where: { $0.courseID == course.id }) {
                throw LogbookError.conflict(
                    "\(course.name) is already approved: on \(existing.content.effectiveOn) by \(existing.content.actor) (event \(existing.id))")
            }
            return try session.appendAct(.courseApproval, on: facts, by: person, permit: permit, effectiveOn: day,
                                         text: comment ?? "", course: course)
        }
    }

    /// Attestation for tidsmæssigt gennemført uddannelseselement: only in the element's last month.
    public static func attestTime(_ session: Session, positionID: Int64, comment: String?) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'")
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            let schedule = facts.schedule
            guard schedule.isTimeAttestable(on: session.today) else {
                throw LogbookError.refused(
                    "time for position \(facts.id) can be attested from \(schedule.timeAttestableFrom), in the element's last month "
                        + "(it ends \(schedule.end)); today is \(session.today)")
            }
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .timeAttestation).first {
                throw LogbookError.conflict(
                    "time is already attested for position \(facts.id): on \(existing.content.effectiveOn) by \(existing.content.actor) (event \(existing.id))")
            }
            return try session.appendAct(.timeAttestation, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: comment ?? "")
        }
    }

    /// What is still missing before the element can be attested, worked out as `status` works it out.
    public static func completion(_ session: Session, facts: PositionFacts) throws -> ElementCompletion {
        guard let overview = try PositionLoader(session.store).load(.position(facts.id), detail: .acts).first else {
            throw LogbookError.refused("no position \(facts.id); see `logbook position list`")
        }
        return PositionStatus(overview.statusInput(today: session.today)).completion
    }

    /// The element attestation (godkendt og gennemført): by the department's UAO or tutor, only when complete.
    public static func attestElement(_ session: Session, positionID: Int64, comment: String?) throws -> EventRecord {
        let comment = try Input.text(comment, "'--comment'")
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            let events = EventRepository(session.store)
            if let existing = try events.standing(positionID: facts.id, kind: .elementAttestation).first {
                throw LogbookError.conflict(
                    "the element is already attested for position \(facts.id): on \(existing.content.effectiveOn) by \(existing.content.actor) (event \(existing.id))")
            }
            let completion = try completion(session, facts: facts)
            guard completion.isComplete else {
                throw LogbookError.refused(
                    "the element of position \(facts.id) cannot be attested yet; missing:", details: completion.missingLines)
            }
            return try session.appendAct(.elementAttestation, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: comment ?? "")
        }
    }

    /// A forhåndsudtalelse: the UAO/tutor's statement on an ongoing intro that is not yet attested.
    public static func statement(_ session: Session, positionID: Int64, text: String?) throws -> EventRecord {
        let text = try Input.text(text, "the statement's text")
        return try session.store.write {
            let (person, actor) = try session.actor()
            let facts = try session.position(positionID)
            let permit = try Access.mayAttest(for: facts.access, by: actor, on: session.today).require(session.texts)
            guard facts.isOngoing(on: session.today) else {
                throw LogbookError.refused(
                    "position \(facts.id) is not ongoing on \(session.today) (it runs \(facts.spanText)); a forhåndsudtalelse is given on an ongoing intro")
            }
            let events = EventRepository(session.store)
            if let element = try events.standing(positionID: facts.id, kind: .elementAttestation).first {
                throw LogbookError.conflict(
                    "position \(facts.id) is already an approved intro (element attested on \(element.content.effectiveOn), event \(element.id)); no forhåndsudtalelse is needed")
            }
            if let existing = try events.standing(positionID: facts.id, kind: .statement).first {
                throw LogbookError.conflict(
                    "a forhåndsudtalelse already stands for position \(facts.id): given on \(existing.content.effectiveOn) by \(existing.content.actor) (event \(existing.id))")
            }
            let defaultText = "Det forventes, at uddannelseslægen uden problemer gennemfører den nuværende introduktionsstilling."
            return try session.appendAct(.statement, on: facts, by: person, permit: permit, effectiveOn: session.today,
                                         text: text?.trimmed.isEmpty == false ? text!.trimmed : defaultText)
        }
    }

    /// Revokes an event with a reason; the original stays. Approvals, courses and time cannot be revoked while
    /// the element attestation stands (revoke that first).
    public static func revoke(_ session: Session, eventID: Int64, reason: String) throws -> EventRecord {
        let reason = try Input.text(reason, "'--reason'") ?? ""
        guard !reason.isEmpty else { throw LogbookError.usage("'--reason' must say why the event is revoked") }
        return try session.store.write {
            let (person, actor) = try session.actor()
            let events = EventRepository(session.store)
            guard let original = try events.event(id: eventID) else {
                throw LogbookError.refused("no event \(eventID); see `logbook history --position ID`")
            }
            if original.kind == .revocation {
                throw LogbookError.refused("event \(eventID) is itself a revocation and cannot be revoked; make a new approval instead")
            }
            if !original.kind.isRevocableAct && original.kind != .keyRegistration {
                throw LogbookError.refused("event \(eventID) (\(original.kind.label)) is a fact, not an act; it cannot be revoked "
                    + "(end a grant with `logbook grant end`, withdraw absence with `logbook absence revoke`)")
            }
            if let revoked = original.revokedBy {
                throw LogbookError.conflict(
                    "event \(eventID) is already revoked: on \(revoked.on) by \(revoked.actor) (event \(revoked.eventID)): \(revoked.reason)")
            }
            guard let positionID = original.content.positionID else {
                throw LogbookError.refused("event \(eventID) belongs to no position; use `logbook key revoke` for keys")
            }
            let facts = try session.position(positionID)
            // Who may act comes first: someone without the grant learns nothing more about the position.
            let permit = try Access.mayRevoke(eventMadeBy: original.actorID, in: facts.access, by: actor, on: session.today).require(session.texts)
            if [.competencyApproval, .courseApproval, .timeAttestation].contains(original.kind),
               let element = try events.standing(positionID: positionID, kind: .elementAttestation).first {
                throw LogbookError.refused(
                    "event \(eventID) (\(original.kind.label)) cannot be revoked while the element attestation stands "
                        + "(event \(element.id), \(element.content.effectiveOn)); revoke the element attestation first")
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

    /// Every event of a position in order, with revocations attached.
    public static func history(_ session: Session, positionID: Int64) throws -> (facts: PositionFacts, events: [EventRecord]) {
        try session.store.read {
            let facts = try session.position(positionID)
            // The acts and their revocations; the facts of the chain (binding, hovedvejleder, absence) show elsewhere.
            return (facts, try EventRepository(session.store).events(positionID: positionID)
                .filter { $0.kind.isRevocableAct || $0.kind == .revocation })
        }
    }
}

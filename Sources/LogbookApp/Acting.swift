import LogbookDomain
import LogbookStore

/// Who is acting and the shared look-ups every use case needs, turned into user messages.
extension Session {
    /// The acting person with their grants: `--as`, else `LOGBOOK_USER`; missing is exit 64, unknown exit 1.
    public func actor() throws -> (person: PersonRecord, actor: Actor) {
        guard let handle = actorHandle else { throw LogbookError.usage(texts("session.noActor")) }
        let person = try self.person(handle, what: "--as")
        return (person, try PersonRepository(store).actor(person))
    }

    /// The full names of the people with these handles, by handle (for showing acts as "Sara Holm (hovedvejleder)").
    /// A handle without a person is left out; callers show the handle then.
    public func names(_ handles: [String]) throws -> [String: String] {
        let wanted = Set(handles)
        guard !wanted.isEmpty else { return [:] }
        return try store.read {
            // One indexed lookup per handle (person_handle is UNIQUE): never a walk through everyone in the database.
            let people = PersonRepository(store)
            var names: [String: String] = [:]
            for handle in wanted { if let person = try people.find(handle: handle) { names[handle] = person.name } }
            return names
        }
    }

    /// Who imports a file: the acting person, allowed by `rule`; in a database without any grant and with no
    /// `--as`, nobody (bootstrap, like the first `person add`). Returns the person's id, nil for the bootstrap.
    public func importer(_ rule: (Actor) -> AccessDecision) throws -> Int64? {
        if actorHandle == nil, try PersonRepository(store).hasNoGrants() { return nil }
        let (person, actor) = try self.actor()
        _ = try rule(actor).require(texts)
        return person.id
    }

    /// The person with this handle; unknown is exit 1 with the nearest handle suggested.
    public func person(_ handle: String, what: String) throws -> PersonRecord {
        let people = PersonRepository(store)
        if let person = try people.find(handle: handle) { return person }
        // In a session scoped to its actor (the server), no near handle is suggested: it would name people out of sight.
        if readScope == .actor { throw LogbookError.notFound(texts("session.noPerson", ["what": what, "handle": handle])).concerning(what) }
        if let match = Suggest.nearest(to: handle, in: try people.handles()), match != handle {
            throw LogbookError.notFound(texts("session.noPerson.suggest", ["what": what, "handle": handle, "match": match])).concerning(what)
        }
        throw LogbookError.notFound(texts("session.noPerson", ["what": what, "handle": handle])).concerning(what)
    }

    /// The department with this code; unknown is exit 1 with the nearest code suggested.
    public func department(_ code: String) throws -> DepartmentRecord {
        let departments = DepartmentRepository(store)
        if let department = try departments.find(code: code) { return department }
        if readScope == .actor { throw noDepartment(code) }
        if let match = Suggest.nearest(to: code, in: try departments.all().map(\.code)), match != code {
            throw LogbookError.notFound(texts("session.noDepartment.suggest", ["code": code, "match": match]))
        }
        throw LogbookError.notFound(texts("session.noDepartment", ["code": code]))
    }

    /// The position with everything its rules need; unknown is exit 1. In a session scoped to its actor (the
    /// server), a position the actor may not see is answered exactly like one that does not exist.
    public func position(_ id: Int64) throws -> PositionFacts {
        guard let facts = try PositionLoader(store).facts(id: id) else { throw noPosition(id) }
        if readScope == .actor {
            guard Access.mayRead(facts.access, by: try actor().actor, on: today) else { throw noPosition(id) }
        }
        return facts
    }

    /// The one answer for a department that is missing or out of the actor's sight (no suggestion: it would
    /// name departments the actor may not see).
    func noDepartment(_ code: String) -> LogbookError {
        LogbookError.notFound(texts("session.noDepartment", ["code": code]))
    }

    /// The one answer for a position that is missing or out of the actor's sight.
    func noPosition(_ id: Int64) -> LogbookError {
        LogbookError.notFound(texts("session.noPosition", ["id": String(id)]))
    }

    /// Parses a date given to `flag` (ISO, Danish or `today`); a bad date is exit 64 quoting the flag.
    public func date(_ text: String, flag: String) throws -> CalendarDate {
        do {
            return try CalendarDate.parse(text, today: today)
        } catch {
            throw LogbookError.usage(texts.dateProblem(error, flag: flag)).concerning(flag)
        }
    }

    /// What must already have happened before it is recorded (for `refuseFuture`'s message).
    public enum HeldAct: Sendable {
        case approval, courseApproval, assessment, meeting
    }

    /// Refuses a date after today (exit 1), for things that must already have happened.
    public func refuseFuture(_ date: CalendarDate, flag: String, what: HeldAct) throws {
        guard date > today else { return }
        let values = ["flag": flag, "date": texts.date(date), "today": texts.date(today)]
        switch what {
        case .approval: throw LogbookError.refused(texts("acting.future.approval", values)).concerning(flag)
        case .courseApproval: throw LogbookError.refused(texts("acting.future.courseApproval", values)).concerning(flag)
        case .assessment: throw LogbookError.refused(texts("acting.future.assessment", values)).concerning(flag)
        case .meeting: throw LogbookError.refused(texts("acting.future.meeting", values)).concerning(flag)
        }
    }

}

/// Access decisions as errors.
extension AccessDecision {
    /// The permit, or a refusal (exit 1) worded in `texts`' language.
    public func require(_ texts: Texts) throws -> Permit {
        switch self {
        case .allowed(let permit): return permit
        case .refused(let refusal): throw LogbookError.forbidden(texts.refusal(refusal))
        }
    }
}

extension PositionFacts {
    /// Refuses a date outside [start, current end] (exit 1), naming the span.
    public func requireWithin(_ date: CalendarDate, flag: String, texts: Texts = .untranslated) throws {
        let end = schedule.end
        guard position.start <= date, date <= end else {
            throw LogbookError.refused(texts("acting.outside", ["flag": flag, "date": texts.date(date), "id": String(id),
                                                                 "start": texts.date(position.start), "end": texts.date(end)])).concerning(flag)
        }
    }
}

extension Texts {
    /// Why a typed date could not be read, quoting the flag: `'--from': "2026-02-30" is not a date: …`.
    public func dateProblem(_ error: DateParseError, flag: String) -> String {
        switch error {
        case .unrecognized(let input):
            return self("session.date.unrecognized", ["flag": flag, "value": input])
        case .yearOutOfRange(let input, let year):
            return self("session.date.year", ["flag": flag, "value": input, "year": String(year)])
        case .noSuchMonth(let input, let month):
            return self("session.date.month", ["flag": flag, "value": input, "month": String(month)])
        case .noSuchDay(let input, let year, let month, let day, let length):
            if day == 0 { return self("session.date.dayZero", ["flag": flag, "value": input]) }
            return self("session.date.day", [
                "flag": flag, "value": input, "month": self("month.\(month)"), "year": String(year), "days": String(length),
            ])
        }
    }
}

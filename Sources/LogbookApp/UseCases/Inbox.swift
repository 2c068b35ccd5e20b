import LogbookDomain
import LogbookStore

/// One thing waiting for a person, with the day it started waiting (the inbox is oldest first).
public struct InboxItem: Sendable {
    /// What kind of thing waits.
    public enum Kind: String, Sendable, CaseIterable {
        /// An approval request made to the person.
        case request
        /// A request of the person's that was declined (shown for two weeks).
        case declined
        /// A competency, course or meeting past its deadline (own position, or a trainee's for their hovedvejleder).
        case overdue
        /// A competency, course or meeting due within the horizon.
        case due
        /// A position whose time can now be attested (UAO/tutor).
        case timeAttestable = "time-attestable"
        /// A position complete and ready for the element attestation (UAO/tutor).
        case elementReady = "element-ready"
        /// An ongoing position without a valid hovedvejleder (UAO/tutor).
        case noSupervisor = "no-supervisor"
        /// A position that ended without an element attestation (secretariat).
        case endedWithoutElement = "ended-without-element"
    }

    public let kind: Kind
    /// The day it started waiting (for `due`: the deadline).
    public let since: CalendarDate
    public let positionID: Int64
    public let trainee: PersonRecord
    /// What it is about: competency codes, a course, a meeting kind (as a person reads it), a request's items.
    public let subject: String
    /// The request, for `request` and `declined`.
    public let request: Int64?
    /// The one line a person reads (an e-mail, CSV and JSON).
    public let text: String
    /// The same without the trainee and position, for a table that shows them in columns of their own.
    public let summary: String
}

/// `logbook inbox`: what waits for the acting person, from every role they hold on the day — requests to answer; for
/// a trainee, their own overdue and soon-due items and declined requests; for a hovedvejleder, their trainees' overdue
/// items and meetings due; for a UAO/tutor, time attestations now possible, elements ready to attest and positions
/// without a valid hovedvejleder; for a secretariat, positions ended without an element attestation.
public enum Inbox {
    /// How many days ahead "due soon" looks (the reminder digest uses the same).
    public static let horizonDays = 14

    /// The acting person's inbox on `on` (default today), oldest first.
    public static func items(_ session: Session, on: String? = nil) throws -> [InboxItem] {
        let day = try Overviews.day(session, on)
        return try session.store.read {
            let (person, actor) = try session.actor()
            return try items(session, for: person, actor: actor, on: day)
        }
    }

    /// Everything waiting for `person` on `day`, oldest first. Call inside a read transaction.
    static func items(_ session: Session, for person: PersonRecord, actor: Actor, on day: CalendarDate) throws -> [InboxItem] {
        let t = session.texts
        let loader = PositionLoader(session.store)
        var items: [InboxItem] = []
        var seen: Set<String> = []
        func add(_ item: InboxItem) {
            if seen.insert("\(item.kind.rawValue)|\(item.positionID)|\(item.subject)|\(item.request ?? 0)").inserted { items.append(item) }
        }

        // Requests to answer.
        for request in try Requests.openTo(session, personID: person.id) {
            add(InboxItem(kind: .request, since: request.requestedOn, positionID: request.positionID, trainee: request.trainee,
                          subject: request.items.joined(separator: ", "), request: request.id,
                          text: t(request.message.isEmpty ? "inbox.request" : "inbox.request.message", [
                              "id": String(request.id), "name": request.trainee.name, "position": String(request.positionID),
                              "items": request.items.joined(separator: ", "), "message": request.message.replacingLineBreaks,
                          ]),
                          summary: t("inbox.short.request", ["id": String(request.id), "items": request.items.joined(separator: ", ")])))
        }

        // Own positions: overdue and due soon, and requests declined in the last two weeks.
        for overview in try loader.load(.trainee(person.id), detail: .acts) where overview.facts.isOngoing(on: day) {
            for item in dueItems(overview, on: day, meetings: true, texts: t) { add(item) }
            let workflow = WorkflowRepository(session.store)
            for row in try workflow.requests(positionID: overview.facts.id) where row.outcome == .declined {
                let request = try Requests.load(session, row, facts: overview.facts)
                guard let closing = request.closing, closing.content.effectiveOn.adding(days: horizonDays) >= day else { continue }
                add(InboxItem(kind: .declined, since: closing.content.effectiveOn, positionID: request.positionID, trainee: request.trainee,
                              subject: request.items.joined(separator: ", "), request: request.id,
                              text: t("inbox.declined", ["id": String(request.id), "by": request.addressee.name,
                                                         "items": request.items.joined(separator: ", "),
                                                         "reason": closing.content.text.replacingLineBreaks]),
                              summary: t("inbox.short.declined", ["id": String(request.id), "reason": closing.content.text.replacingLineBreaks])))
            }
        }

        // As hovedvejleder today: the trainees' overdue items and the meetings due.
        for overview in try loader.load(.supervisor(person.id), detail: .acts)
        where overview.facts.isOngoing(on: day) && overview.facts.access.supervisor(on: day) == person.id && overview.facts.trainee.id != person.id {
            for item in dueItems(overview, on: day, meetings: true, texts: t) where item.kind == .overdue || isMeeting(item) { add(item) }
        }

        // As UAO/tutor, and as secretariat: the departments they lead and the regions they serve on the day.
        let standing = actor.grants.filter { $0.isValid(on: day) }
        let departments = DepartmentRepository(session.store)
        var led: [Int64] = []
        for grant in standing where grant.role == .uao || grant.role == .tutor {
            if let id = grant.departmentID, !led.contains(id) { led.append(id) }
        }
        let regions = Set(standing.filter { $0.role == .secretariat }.compactMap(\.region))
        var supervisorGrants: [Int64: [Grant]] = [:]
        let people = PersonRepository(session.store)
        for id in led {
            supervisorGrants[id] = try people.grants(departmentID: id).map(\.grant).filter { $0.role == .supervisor }
            for overview in try loader.load(.department(id), detail: .acts) where !overview.facts.position.isCancelled {
                for item in leadItems(overview, on: day, supervisorGrants: supervisorGrants[id]!, texts: t) { add(item) }
            }
        }
        if !regions.isEmpty {
            for department in try departments.all() where regions.contains(department.region) {
                for overview in try loader.load(.department(department.id), detail: .acts) where !overview.facts.position.isCancelled {
                    let facts = overview.facts
                    guard facts.schedule.end < day else { continue }
                    let status = PositionStatus(overview.statusInput(today: day))
                    guard status.elementAttestation == nil else { continue }
                    add(InboxItem(kind: .endedWithoutElement, since: facts.schedule.end.adding(days: 1), positionID: facts.id, trainee: facts.trainee,
                                  subject: facts.department.code, request: nil,
                                  text: t(status.statement == nil ? "inbox.ended" : "inbox.ended.statement", [
                                      "position": String(facts.id), "name": facts.trainee.name, "code": facts.department.code,
                                      "end": t.date(facts.schedule.end),
                                  ]),
                                  summary: t(status.statement == nil ? "inbox.short.ended" : "inbox.short.ended.statement",
                                             ["code": facts.department.code])))
                }
            }
        }
        return items.enumerated().sorted { ($0.element.since, $0.offset) < ($1.element.since, $1.offset) }.map(\.element)
    }

    static func isMeeting(_ item: InboxItem) -> Bool { MeetingKind.allCases.contains { $0.rawValue == item.subject } }

    /// A position's overdue items and those due within the horizon (meetings too when `meetings`).
    static func dueItems(_ overview: PositionOverview, on day: CalendarDate, meetings: Bool, texts t: Texts) -> [InboxItem] {
        let facts = overview.facts
        guard facts.position.start <= day else { return [] }
        let status = PositionStatus(overview.statusInput(today: day))
        guard status.elementAttestation == nil else { return [] }
        let horizon = day.adding(days: horizonDays)
        var items: [InboxItem] = []
        func item(_ deadline: Deadline, overdue: Bool, subject: String, shown: String) {
            let values = ["position": String(facts.id), "name": facts.trainee.name, "what": shown,
                          "date": t.date(overdue ? deadline.overdueSince : deadline.date)]
            items.append(InboxItem(kind: overdue ? .overdue : .due, since: overdue ? deadline.overdueSince : deadline.date,
                                   positionID: facts.id, trainee: facts.trainee, subject: subject, request: nil,
                                   text: t(overdue ? "inbox.overdue" : "inbox.due", values),
                                   summary: t(overdue ? "inbox.short.overdue" : "inbox.short.due", values)))
        }
        for competency in status.competencies where !competency.isApproved {
            guard let deadline = competency.deadline else { continue }
            if competency.isOverdue || (deadline.date >= day && deadline.date <= horizon) {
                item(deadline, overdue: competency.isOverdue, subject: competency.competency.code,
                     shown: t("inbox.competency", ["code": competency.competency.code, "title": competency.competency.title]))
            }
        }
        for course in status.courses where course.approval == nil {
            guard let deadline = course.deadline else { continue }
            if course.isOverdue || (deadline.date >= day && deadline.date <= horizon) {
                item(deadline, overdue: course.isOverdue, subject: course.name, shown: t("inbox.course", ["course": course.name]))
            }
        }
        if meetings {
            for meeting in status.meetings where meeting.heldOn == nil {
                guard let deadline = meeting.deadline else { continue }
                if meeting.isOverdue || (deadline.date >= day && deadline.date <= horizon) {
                    item(deadline, overdue: meeting.isOverdue, subject: meeting.kind.rawValue, shown: t.meeting(meeting.kind))
                }
            }
        }
        return items
    }

    /// What a department's UAO/tutor has to do for one position on `day`.
    static func leadItems(_ overview: PositionOverview, on day: CalendarDate, supervisorGrants: [Grant], texts t: Texts) -> [InboxItem] {
        let facts = overview.facts
        guard facts.position.start <= day else { return [] }
        let status = PositionStatus(overview.statusInput(today: day))
        guard status.elementAttestation == nil else { return [] }
        let values = ["position": String(facts.id), "name": facts.trainee.name]
        var items: [InboxItem] = []
        func item(_ kind: InboxItem.Kind, since: CalendarDate, _ key: String, short: String, _ extra: [String: String] = [:]) {
            items.append(InboxItem(kind: kind, since: since, positionID: facts.id, trainee: facts.trainee, subject: kind.rawValue, request: nil,
                                   text: t(key, values.merging(extra) { $1 }), summary: t(short, extra)))
        }
        if status.timeAttestation == nil, facts.schedule.isTimeAttestable(on: day) {
            item(.timeAttestable, since: facts.schedule.timeAttestableFrom, "inbox.timeAttestable", short: "inbox.short.timeAttestable", ["end": t.date(facts.schedule.end)])
        }
        if status.completion.isComplete {
            // Ready since the last of the acts it rests on.
            let days = status.competencies.compactMap { competency -> CalendarDate? in
                if case .approved(let act) = competency.state { return act.on }
                return nil
            } + status.courses.compactMap { $0.approval?.on } + [status.timeAttestation?.on].compactMap { $0 }
            item(.elementReady, since: days.max() ?? day, "inbox.elementReady", short: "inbox.short.elementReady")
        }
        if day <= facts.schedule.end {
            let supervisor = facts.access.supervisor(on: day)
            let valid = supervisor.map { id in supervisorGrants.contains { $0.personID == id && $0.isValid(on: day) } } ?? false
            if !valid {
                // Since the later of the start, the current assignment and the end of the hovedvejleder's last grant.
                var since = facts.position.start
                if let id = supervisor {
                    if let from = facts.supervisors.last(where: { $0.assignment.personID == id && $0.assignment.from <= day })?.assignment.from {
                        since = max(since, from)
                    }
                    if let ended = supervisorGrants.filter({ $0.personID == id }).compactMap(\.validUntil).filter({ $0 < day }).max() {
                        since = max(since, ended.adding(days: 1))
                    }
                }
                if let name = facts.supervisor(on: day)?.name {
                    item(.noSupervisor, since: since, "inbox.supervisorWithoutGrant", short: "inbox.short.supervisorWithoutGrant", ["supervisor": name])
                } else {
                    item(.noSupervisor, since: since, "inbox.noSupervisor", short: "inbox.short.noSupervisor")
                }
            }
        }
        return items
    }
}

extension String {
    /// Line breaks as spaces, for one-line listings.
    var replacingLineBreaks: String {
        String(map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 })
    }
}

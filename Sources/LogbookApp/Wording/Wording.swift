#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogbookDomain

/// Sentences built from domain values in the reader's language: the end date's explanation and the next steps.
/// Shared by every front end (the CLI's status and position texts, the web pages).
extension Texts {
    /// What an event of the history is, in a few words: "godkendte I3", "godkendte kurset …", "tilbagekalder hændelse 7",
    /// else the kind's name. Shared by `history`, its JSON and the pages.
    public func historyWhat(_ content: EventContent) -> String {
        switch content.kind {
        case .competencyApproval: return self("history.what.approved", ["code": content.competencyCode ?? "?"])
        case .courseApproval: return self("history.what.course", ["course": content.course ?? "?"])
        case .revocation: return self("history.what.revokes", ["event": content.revokes.map(String.init) ?? "?"])
        default: return eventKind(content.kind)
        }
    }

    /// One sentence explaining the end date, e.g. "Ends 2027-06-30: 12 months at 3/4 time is 16 months from 2026-03-01."
    /// Why the position ends when it does. Without `absenceKinds` (a reader who may not see them) parental leave is
    /// named only as leave.
    public func explanation(_ schedule: PositionSchedule, absenceKinds: Bool = true) -> String {
        let terms = schedule.terms
        let start = date(terms.start)
        let nominal = plural("time.months", count: schedule.nominalMonths)
        let base: String
        if terms.partTime == .full {
            base = self("end.base.full", ["months": nominal, "start": start])
        } else {
            let months = plural("time.months", count: schedule.lengthWholeMonths)
            let length = schedule.lengthExtraDays > 0
                ? self("time.monthsAndDays", ["months": months, "days": plural("time.days", count: schedule.lengthExtraDays)])
                : months
            base = self("end.base.part", ["months": nominal, "fraction": terms.partTime.storageText, "length": length, "start": start])
        }
        let rawEnd = terms.start.adding(months: schedule.lengthWholeMonths).adding(days: schedule.lengthExtraDays - 1)
        guard !schedule.extensions.isEmpty else {
            return self(rawEnd == schedule.plannedEnd ? "end.planned" : "end.planned.moved", ["end": date(schedule.plannedEnd), "base": base])
        }
        let overAllowance = schedule.extensions.contains { if case .absenceOverAllowance = $0 { true } else { false } }
        let end = date(schedule.end)
        let reasons = schedule.extensions.map { item -> String in
            switch item {
            case .parentalLeave(let leave):
                let key = absenceKinds ? "end.reason.parental" : "end.reason.leave"
                return self(overAllowance ? key : key + ".to", ["days": plural("time.days", count: leave), "end": end])
            case .absenceOverAllowance(let counted, let allowance):
                return self("end.reason.absence", ["end": end, "counted": plural("time.days", count: counted),
                                                   "allowance": plural("time.days", count: allowance)])
            }
        }
        return self("end.extended", ["end": end, "base": base, "planned": date(schedule.plannedEnd),
                                     "reasons": reasons.joined(separator: self("list.and"))])
    }

    /// A next step as one line.
    public func nextStep(_ step: NextStep) -> String {
        switch step {
        case .nothing(let element):
            return self("step.nothing", ["date": date(element.on), "actor": element.actorName])
        case .holdMeeting(let kind, let due):
            return self("step.holdMeeting", ["meeting": meeting(kind), "due": dueText(due)])
        case .askApproval(let code, let due):
            return self("step.askApproval", ["code": code, "due": dueText(due)])
        case .getAssessed(let code, let method?, let due):
            return self("step.getAssessed.method", ["code": code, "method": self.method(method), "due": dueText(due)])
        case .getAssessed(let code, nil, let due):
            return self("step.getAssessed", ["code": code, "due": dueText(due)])
        case .moreCompetencies(let count):
            return plural("step.more", count: count)
        case .takeCourse(let name, let due):
            return self("step.takeCourse", ["course": name, "due": dueText(due)])
        case .askTimeAttestation(let since):
            return self("step.askTimeAttestation", ["date": date(since)])
        case .timeAttestable(let from):
            return self("step.timeAttestable", ["date": date(from)])
        case .askElementAttestation:
            return self("step.askElementAttestation")
        }
    }

    /// " (due by month 6, 2027-02-28)", " (due by month 6, overdue since 2027-03-01)", or "" without a deadline.
    func dueText(_ due: Due?) -> String {
        guard let due else { return "" }
        let deadline = due.deadline
        let key = (deadline.month == 0 ? "due.first14" : "due.month") + (due.isOverdue ? ".overdue" : "")
        return self(key, ["month": String(deadline.month), "date": date(deadline.date), "since": date(deadline.overdueSince)])
    }

    /// Which positions a report holds, as a phrase: "ongoing positions", "positions overlapping 01.01.2026 – 31.12.2026".
    public func reportScope(_ scope: ReportScope) -> String {
        switch scope {
        case .ongoing: return self("report.scope.ongoing")
        case .overlapping(let from, let to): return self("report.scope.overlapping", ["from": date(from), "to": date(to)])
        case .all: return self("report.scope.all")
        }
    }

    /// What is still missing before the element can be attested, one phrase per kind.
    public func missing(_ completion: ElementCompletion) -> [String] {
        var phrases: [String] = []
        if !completion.missingCompetencies.isEmpty {
            phrases.append(self("missing.competencies", ["codes": completion.missingCompetencies.joined(separator: ", ")]))
        }
        for course in completion.missingCourses { phrases.append(self("missing.course", ["course": course])) }
        if !completion.timeAttested { phrases.append(self("missing.time")) }
        return phrases
    }

    /// Why a trainee may or may not apply, as one sentence.
    public func eligibility(_ reason: EligibilityReason) -> String {
        switch reason {
        case .approvedIntro(let specialty, let position, let on, let event, let viaGroup):
            return self(viaGroup ? "eligibility.approved.group" : "eligibility.approved",
                        ["specialty": specialty, "position": String(position), "date": date(on), "event": String(event)])
        case .statement(let specialty, let position, let on, let event, let viaGroup):
            return self(viaGroup ? "eligibility.statement.group" : "eligibility.statement",
                        ["specialty": specialty, "position": String(position), "date": date(on), "event": String(event)])
        case .noIntro(let specialty):
            return self("eligibility.noIntro", ["specialty": specialty])
        case .statementNoLongerOngoing(let specialty):
            return self("eligibility.statementEnded", ["specialty": specialty])
        case .neither(let positions, _):
            let named = positions.map { self("eligibility.position", ["id": String($0.id), "specialty": $0.specialty]) }
            return plural("eligibility.neither", count: positions.count, ["positions": andList(named)])
        case .unknownSpecialty(let name, let suggestion):
            if let suggestion { return self("eligibility.unknownSpecialty.suggest", ["specialty": name, "match": suggestion]) }
            return self("eligibility.unknownSpecialty", ["specialty": name])
        case .needsElementAttestation(let specialty, let position):
            return self("eligibility.needsElementAttestation", ["specialty": specialty, "position": String(position)])
        }
    }
}

// MARK: - People by name and role

extension Texts {
    /// A stored role key (an event's `actor_role`, a grant's role) as this language names it: "daglig klinisk vejleder".
    /// An unknown key is shown as stored.
    public func role(_ key: String) -> String {
        switch key {
        case "trainee": return self("role.trainee")
        case "secretariat": return self("role.secretariat")
        case "uao": return self("role.uao")
        case "tutor": return self("role.tutor")
        case "supervisor": return self("role.supervisor")
        case "clinical-supervisor": return self("role.clinical-supervisor")
        default: return key
        }
    }

    /// The short form of a role for narrow tables ("DKV"), explained by `role.legend`.
    public func shortRole(_ key: String) -> String {
        switch key {
        case "trainee": return self("role.short.trainee")
        case "secretariat": return self("role.short.secretariat")
        case "uao": return self("role.short.uao")
        case "tutor": return self("role.short.tutor")
        case "supervisor": return self("role.short.supervisor")
        case "clinical-supervisor": return self("role.short.clinical-supervisor")
        default: return key
        }
    }

    /// Who made an act, as a person reads it: "Sara Holm (daglig klinisk vejleder)".
    public func by(_ act: Act) -> String { by(name: act.actorName, role: act.role) }

    /// A person's full name and role: "Sara Holm (hovedvejleder)".
    public func by(name: String, role: String) -> String { self("act.by", ["name": name, "role": self.role(role)]) }
}

// MARK: - The domain's closed vocabularies, worded

extension Texts {
    /// A CanMEDS role of the målbeskrivelse, short: "Medicinsk ekspert", "Medical expert".
    public func medicalRole(_ role: MedicalRole) -> String { self("term.medicalRole.\(role.key)") }
    /// An assessment method: a seeded one worded ("Casebaseret diskussion", "Case-based discussion"), a målbeskrivelse's
    /// own as the målbeskrivelse writes it, in both languages ("Logbog over operationer").
    public func method(_ method: AssessmentMethod) -> String {
        guard let seeded = method.seeded else { return method.name }
        return self("term.method.\(seeded.key)")
    }
    /// A recorded method: a seeded method worded, or the method text as written.
    public func method(_ name: String?) -> String {
        guard let name else { return "" }
        return AssessmentMethod(name: name).map(method) ?? name
    }
    /// A supervisor meeting: "introduktionssamtale", "introductory meeting".
    public func meeting(_ kind: MeetingKind) -> String { meetingKind(kind) }
    /// A kind of absence: "barns sygedag", "child's sick day".
    public func absence(_ kind: AbsenceKind) -> String { absenceKind(kind) }
}

extension Texts {
    /// Part time as words, never a bare number or fraction (Excel would make "4/5" a date and "80 %" a number):
    /// "fuld tid", "deltid 80 %"; "full time", "part time 80 %".
    public func partTime(_ partTime: PartTime) -> String {
        partTime == .full ? self("status.fullTime") : self("status.partTime", ["percent": percent(partTime.percentRounded)])
    }
}

extension Texts {
    /// The stage a demo trainee is at, for `logbook demo`'s first lines.
    public func demoStage(_ stage: Demo.Stage) -> String {
        switch stage {
        case .elementAttested: return self("demo.stage.elementAttested")
        case .statementGiven: return self("demo.stage.statementGiven")
        case .absenceOverAllowance: return self("demo.stage.absenceOverAllowance")
        case .midWayOverdue: return self("demo.stage.midWayOverdue")
        case .partTime: return self("demo.stage.partTime")
        case .justStarted: return self("demo.stage.justStarted")
        }
    }
}

// MARK: - Refusals of the access rules

extension Texts {
    /// A refusal of an access rule in this language: who lacks which role, where and on which day.
    public func refusal(_ refusal: Refusal) -> String {
        switch refusal {
        case .lacks(let actor, let authorities, let subject, let day):
            let names = authorities.map { authority(authority: $0, subject: subject) }
            // Danish says "er hverken A, B eller C" for several, "er ikke A" for one.
            let several = names.count > 1 || authorities.contains(.anyAdministrator)
            return self(several ? "refusal.lacksAny" : "refusal.lacks",
                        ["actor": actor, "roles": orList(names), "subject": subjectLabel(subject), "date": date(day)])
        case .secretariatNeedsRegion:
            return self("refusal.secretariatNeedsRegion")
        case .grantNeedsDepartment(let role):
            return self("refusal.grantNeedsDepartment", ["role": self.role(role.rawValue)])
        case .wrongLead(let department, let kind, let asked):
            let lead = GrantRole.lead(of: kind)
            return self(kind == .hospital ? "refusal.wrongLead.hospital" : "refusal.wrongLead.practice",
                        ["department": department, "lead": authorityRole(lead), "asked": authorityRole(asked), "key": lead.rawValue])
        case .ownPosition(let actor, let position, let act):
            let key: String
            switch act {
            case .approveCompetencies: key = "refusal.own.competencies"
            case .approveCourses: key = "refusal.own.courses"
            case .attest: key = "refusal.own.attest"
            case .revoke: key = "refusal.own.revoke"
            case .assignSupervisor: key = "refusal.own.assignSupervisor"
            case .start: key = "refusal.own.start"
            case .cancel: key = "refusal.own.cancel"
            case .supervise: key = "refusal.own.supervise"
            case .assess: key = "refusal.own.assess"
            }
            return self(key, ["actor": actor, "position": String(position)])
        case .notMakerNorLead(let actor, let position, let lead, let day):
            return self("refusal.notMakerNorLead", ["actor": actor, "position": String(position), "lead": authorityRole(lead), "date": date(day)])
        case .positionCancelled(let position):
            return self("refusal.positionCancelled", ["position": String(position)])
        case .notSecretariat(let actor, let day):
            return self("refusal.notSecretariat", ["actor": actor, "date": date(day)])
        case .ownKey(let actor):
            return self("refusal.ownKey", ["actor": actor])
        case .keyHolderWithoutRole(let holder, let day):
            return self("refusal.keyHolderWithoutRole", ["holder": holder, "date": date(day)])
        case .notKeyRegistrar(let registrar, let holder, let departments, let day):
            return self("refusal.notKeyRegistrar", ["registrar": registrar, "holder": holder,
                                                    "departments": departments.joined(separator: ", "), "date": date(day)])
        case .unknownGrantDepartment(let holder, let role):
            return self("refusal.unknownGrantDepartment", ["holder": holder, "role": self.role(role.rawValue)])
        case .keyNeedsGranter(let holder, let role, let subject, let because):
            return self("refusal.keyNeedsGranter", ["holder": holder, "role": self.role(role.rawValue), "subject": subjectLabel(subject),
                                                    "reason": self.refusal(because)])
        }
    }

    /// "a", "a and b", "a, b and c" in this language.
    func andList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return self("list.andItems", ["items": items.dropLast().joined(separator: ", "), "last": items.last!])
    }

    /// "a", "a or b", "a, b or c" in this language.
    func orList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return self("list.or", ["items": items.dropLast().joined(separator: ", "), "last": items.last!])
    }

    /// What an access rule is about: "stilling 12", "afdeling OUH-KAR", "region Syddanmark".
    func subjectLabel(_ subject: AccessSubject) -> String {
        switch subject {
        case .region(let name): return self("subject.region", ["name": name])
        case .department(let department): return self("subject.department", ["code": department.code])
        case .position(let position): return self("subject.position", ["id": String(position.id)])
        case .anywhere: return self("subject.anywhere")
        }
    }

    /// A role as a refusal names it: the full Danish title, the short English one ("UAO", "main supervisor"),
    /// so that "dr.x is not UAO or secretariat of region Syddanmark" reads as one list.
    func authorityRole(_ role: GrantRole) -> String {
        self("authority.role.\(role.rawValue)")
    }

    /// One way of being allowed, named for a refusal.
    func authority(authority: Authority, subject: AccessSubject) -> String {
        switch authority {
        case .trainee: return self("authority.trainee")
        case .hovedvejleder: return authorityRole(.supervisor)
        case .departmentLead: return authorityRole(GrantRole.lead(of: subject.departmentKind ?? .hospital))
        case .clinicalSupervisor(let delegated): return delegated ? self("authority.delegated") : authorityRole(.clinicalSupervisor)
        case .departmentSupervisor: return self("authority.anySupervisor")
        case .secretariat:
            if case .region = subject { return authorityRole(.secretariat) }
            guard let region = subject.regionName else { return authorityRole(.secretariat) }
            return self("authority.secretariatOf", ["region": region])
        case .anyAdministrator: return self("authority.anyAdministrator")
        }
    }
}

// MARK: - A position without a programme (issue 28)

extension Texts {
    /// Why a position has no deadlines, and how to give it some: the CLI's sentence (it names `logbook position program`).
    public func programGap(_ gap: ProgramGap) -> String {
        var values = ["position": String(gap.positionID), "department": gap.department, "curriculum": gap.curriculum]
        if !gap.choices.isEmpty {
            values["choices"] = gap.choices.map { self("programGap.choice", ["id": String($0.id), "title": $0.title, "version": $0.version]) }
                .joined(separator: ", ")
            return self("programGap.several", values)
        }
        values["others"] = gap.otherVersions.isEmpty ? "" : self("programGap.others", ["versions": orList(gap.otherVersions)])
        return self("programGap.none", values)
    }

    /// The same for a page: what is missing, without a command ("Ingen uddannelsesprogram for Kardiologi 2024 …").
    public func programGapShort(_ gap: ProgramGap) -> String {
        self(gap.choices.isEmpty ? "programGap.short.none" : "programGap.short.several",
             ["department": gap.department, "curriculum": gap.curriculum])
    }
}

// MARK: - The system's error texts (issue 28: "No such file or directory" in Danish too)

extension Texts {
    /// The text of an errno value in this language: the common ones from the catalog ("ingen sådan fil eller mappe"),
    /// any other as the system gives it (`strerror`, English) with its number.
    public func systemError(_ code: Int32) -> String {
        let names: [Int32: String] = [
            ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", EISDIR: "EISDIR", ENOTDIR: "ENOTDIR", ENOSPC: "ENOSPC",
            EROFS: "EROFS", EEXIST: "EEXIST", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EIO: "EIO", EMFILE: "EMFILE",
        ]
        if let name = names[code] { return self("os.error.\(name)") }
        return String(cString: strerror(code))
    }
}

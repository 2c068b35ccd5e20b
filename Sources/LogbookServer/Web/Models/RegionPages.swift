import LogbookApp
import LogbookDomain

/// What the region page shows after a POST that did not redirect: which form, what was typed, and the refusal (with its
/// details) or the result.
struct RegionNotice: Sendable {
    let form: String
    var values = WebForm()
    var error: String?
    var details: [String] = []
    var result: String?
    var resultLines: [String] = []
    var invitationLink: String?
}

/// "Regionen", the secretariat's page: departments with their report counts, people with their roles, the grant of a
/// UAO or tutorlæge, invitations, imports of målbeskrivelser and uddannelsesprogrammer, and the record of log-ins.
struct RegionPage: WebPage {
    static let template = "region"

    /// A form's outcome after a POST: a refusal with its details, or a result with its lines.
    struct Outcome: Sendable {
        let error: String?
        let details: [String]
        let result: String?
        let resultLines: [String]
    }
    struct Department: Sendable {
        let code, name, region, kind, href, counts: String
        let hasOverdue: Bool
    }
    struct Person: Sendable { let handle, name, href, roles: String }
    struct Listed: Sendable { let label, title, counts: String }
    struct LogIn: Sendable {
        let when, who, address: String
        let ok: Bool
        let outcome: String
    }
    struct DepartmentForm: Sendable {
        let error: String?
        let details: [String]
        let code, name, region: String
        let kinds: [Choice]
    }
    struct PersonForm: Sendable {
        let error: String?
        let details: [String]
        let handle, name, authorisation, email: String
    }
    struct GrantForm: Sendable {
        let error: String?
        let details: [String]
        let handle, from: String
        let roles: [Choice]
        let departments: [Choice]
    }
    struct InviteForm: Sendable {
        let error: String?
        let details: [String]
        let result: String?
        let handle: String
        let link: String?
    }
    struct CurriculumForm: Sendable {
        let error: String?
        let details: [String]
        let result: String?
        let resultLines: [String]
        let specialty, version, validFrom: String
    }

    /// What the page is made from, as the use cases answer it.
    struct Facts: Sendable {
        let regions: [String]
        let departments: [RegionDesk.DepartmentLine]
        let people: [PersonRecord]
        /// What each person is today, in words (grants, and an ongoing position).
        let roles: [String: [String]]
        let curricula: [CurriculumCatalog.Summary]
        let programs: [ProgramRecord]
        let logIns: [LogIns.Entry]
        let failedOnly: Bool
        let logInLimit: Int
        let today: CalendarDate
    }

    let title: String
    let regions: String
    let departments: [Department]
    let departmentForm: DepartmentForm
    let people: [Person]
    let personForm: PersonForm
    let grantForm: GrantForm
    let inviteForm: InviteForm
    /// The invitation form's "send by mail" checkbox, when the server sends mail.
    let mailInvite: MailInvite?
    let curricula: [Listed]
    let curriculumForm: CurriculumForm
    let programs: [Listed]
    let programForm: Outcome
    let failedOnly: Bool
    let logIns: [LogIn]
    let logInLimit: String
    let problem: FormProblem?

    static func make(_ facts: Facts, notice: RegionNotice?, mailInvite: MailInvite?, t: Texts) -> RegionPage {
        let kept = notice?.values ?? WebForm()
        func value(_ form: String, _ name: String, _ fallback: String = "") -> String {
            notice?.form == form ? (kept[name] ?? fallback) : fallback
        }
        func outcome(_ form: String) -> Outcome {
            guard let notice, notice.form == form else { return Outcome(error: nil, details: [], result: nil, resultLines: []) }
            return Outcome(error: notice.error, details: notice.details, result: notice.result, resultLines: notice.resultLines)
        }
        let kind = value("department", "kind", "hospital")
        let departmentNotice = outcome("department"), personNotice = outcome("person"), grantNotice = outcome("grant")
        let inviteNotice = outcome("invite"), curriculumNotice = outcome("curriculum")
        let grantRole = value("grant", "role", "uao"), grantDepartment = value("grant", "department")
        return RegionPage(
            title: t("web.region.title"), regions: facts.regions.joined(separator: ", "),
            departments: facts.departments.map { line in
                let department = line.department
                return Department(code: department.code, name: department.name, region: department.region,
                                  kind: t.departmentKindShort(department.kind), href: "/departments/\(WebPages.queryValue(department.code))",
                                  counts: t("web.region.reportCounts", ["ongoing": String(line.ongoing), "overdue": String(line.overdue)]),
                                  hasOverdue: line.overdue > 0)
            },
            departmentForm: DepartmentForm(
                error: departmentNotice.error, details: departmentNotice.details, code: value("department", "code"),
                name: value("department", "name"), region: value("department", "region", facts.regions.first ?? ""),
                kinds: [("hospital", t.departmentKind(.hospital)), ("general-practice", t.departmentKind(.generalPractice))].map {
                    Choice(value: $0.0, label: $0.1, selected: kind == $0.0)
                }),
            people: facts.people.map { person in
                Person(handle: person.handle, name: person.name, href: "/region/people/\(WebPages.queryValue(person.handle))",
                       roles: facts.roles[person.handle].map { $0.joined(separator: ", ") } ?? t("web.region.noRole"))
            },
            personForm: PersonForm(error: personNotice.error, details: personNotice.details, handle: value("person", "handle"),
                                   name: value("person", "name"), authorisation: value("person", "authorisation_id"),
                                   email: value("person", "email")),
            grantForm: GrantForm(
                error: grantNotice.error, details: grantNotice.details, handle: value("grant", "handle"),
                from: value("grant", "from", facts.today.iso),
                roles: [GrantRole.uao, .tutor].map { Choice(value: $0.rawValue, label: t.roleName($0), selected: grantRole == $0.rawValue) },
                departments: facts.departments.map {
                    Choice(value: $0.department.code, label: "\($0.department.code) · \($0.department.name)",
                           selected: grantDepartment == $0.department.code)
                }),
            inviteForm: InviteForm(error: inviteNotice.error, details: inviteNotice.details, result: inviteNotice.result,
                                   handle: value("invite", "handle"), link: notice?.form == "invite" ? notice?.invitationLink : nil),
            mailInvite: mailInvite,
            curricula: facts.curricula.map { summary in
                let stored = summary.curriculum
                return Listed(label: t("web.region.curriculumLine", ["specialty": stored.specialty, "version": stored.version,
                                                                     "level": stored.level.rawValue, "validFrom": t.date(stored.validFrom)]),
                              title: stored.title,
                              counts: t("web.region.curriculumCounts", ["competencies": String(summary.competencies),
                                                                        "courses": String(summary.courses)]))
            },
            curriculumForm: CurriculumForm(
                error: curriculumNotice.error, details: curriculumNotice.details, result: curriculumNotice.result,
                resultLines: curriculumNotice.resultLines, specialty: value("curriculum", "specialty"),
                version: value("curriculum", "version"), validFrom: value("curriculum", "valid_from")),
            programs: facts.programs.map { program in
                Listed(label: t("web.region.programLine", ["department": program.departmentCode, "version": program.version,
                                                           "specialty": program.specialty, "curriculum": program.curriculumVersion]),
                       title: program.title,
                       counts: t("web.region.programCounts", ["items": String(program.itemCount),
                                                              "approved": program.approvedOn.map(t.date) ?? "—"]))
            },
            programForm: outcome("program"), failedOnly: facts.failedOnly,
            logIns: facts.logIns.map { entry in
                let attempt = entry.attempt
                return LogIn(when: Accounts.moment(attempt.at, t),
                             who: entry.name.map { t("web.region.logInWho", ["name": $0, "handle": attempt.handle]) }
                                 ?? (attempt.handle.isEmpty ? t("logIns.notAHandle") : attempt.handle),
                             address: attempt.address, ok: attempt.ok,
                             outcome: t(attempt.ok ? "web.region.logInOk" : "web.region.logInFailed"))
            },
            logInLimit: t("web.region.logInsLimit", ["count": String(facts.logInLimit)]),
            problem: notice.flatMap { notice in notice.error.map { FormProblem(message: $0, href: "#\(notice.form)-error") } })
    }
}

/// A person on "Regionen": their details, roles, positions and corrections, and the form to correct name and e-mail.
struct RegionPersonPage: WebPage {
    static let template = "region-person"

    struct Position: Sendable { let href, line: String }

    let title, name, handle, authorisation, email: String
    let grants: [String]
    let positions: [Position]
    let changes: [String]
    let action, formName, formEmail, formReason: String
    let error: String?
    let problem: FormProblem?

    static func make(person: PersonRecord, grants: [GrantRecord], positions: [PositionFacts], changes: [PersonChange],
                     today: CalendarDate, refused: (values: WebForm, message: String)?, t: Texts) -> RegionPersonPage {
        RegionPersonPage(
            title: person.name, name: person.name, handle: person.handle, authorisation: person.authorisationID ?? "—",
            email: person.email ?? "—",
            grants: grants.map { grant in
                t("web.region.grantLine", ["role": t.roleShort(grant.grant.role), "where": grant.departmentCode ?? grant.grant.region ?? "",
                                           "from": t.date(grant.grant.validFrom), "status": t.grantStatus(Grants.status(grant.grant, on: today))])
            },
            positions: positions.map { facts in
                Position(href: "/positions/\(facts.id)",
                         line: t("web.region.positionLine", ["department": facts.department.code, "curriculum": facts.curriculum.label,
                                                             "start": t.date(facts.position.start), "end": t.date(facts.schedule.end)]))
            },
            changes: changes.map { change in
                t("web.region.changeLine", ["field": change.field.rawValue, "old": change.old ?? "—", "new": change.new ?? "—",
                                            "by": change.changedBy, "at": change.changedAt, "reason": change.reason])
            },
            action: "/region/people/\(WebPages.queryValue(person.handle))/corrections#correct",
            formName: refused.map { $0.values["name"] ?? "" } ?? person.name,
            formEmail: refused.map { $0.values["email"] ?? "" } ?? (person.email ?? ""),
            formReason: refused?.values["reason"] ?? "", error: refused?.message,
            problem: refused.map { FormProblem(message: $0.message, href: "#correct-error") })
    }
}

/// The 413 page for a form bigger than its limit.
struct TooLargePage: WebPage {
    static let template = "error"
    let title: String
    let message: String
}

import LogbookApp
import LogbookDomain

/// A refusal on a department page: the position it concerns (nil for the start form), the form and what was typed.
struct DepartmentRefusal: Sendable {
    let position: Int64?
    let form: String
    let values: WebForm
    let message: String
    /// The input the refusal concerns (`trainee`, `start`), when one: said by that field.
    var input: String? = nil
}

/// A supervisor one may choose: handle and full name.
struct PersonChoice: Sendable {
    let handle: String
    let name: String
}

/// The department pages' sub-navigation (`current`: "report", "access" or "" for a page below them).
enum DepartmentNav {
    /// `mayStart`: whether the reader may start a position here (the link to the start form is for them only).
    static func items(_ code: String, current: String, mayStart: Bool = true, _ t: Texts) -> [NavItem] {
        let base = "/departments/\(WebPages.queryValue(code))"
        let links = [("report", base, "web.dept.nav.report"), ("start", "\(base)#start", "web.dept.nav.start"),
                     ("access", "\(base)/access", "web.dept.nav.access")].filter { mayStart || $0.0 != "start" }
        return links.map { name, href, key in
            NavItem(href: href, text: t(key), current: name == current, id: "dept-nav-\(name)")
        }
    }
}

/// "Afdelingen": the department report on screen, each position with its acts, and the form that starts a position.
struct DepartmentPage: WebPage {
    static let template = "department"

    struct Statement: Sendable { let action, text, fieldID: String }
    struct Row: Sendable {
        let id, name, href, manage, manageText, supervisor, terms, progress, approved, total, department, show: String
        let error: String?
        let atRisk: Bool
        let risk: String?
        let overdue: [String]
        let missing: [String]
        let time: String?
        let timeHint: String?
        let element: String?
        let statement: Statement?
        let done: [String]
    }
    struct StartForm: Sendable {
        let action, trainee: String
        let curricula: [Choice]
        let programmes: [Choice]
        let start, partTime: String
        let kbu: Bool
        let supervisors: [Choice]
        /// The people to pick as the trainee (a `<datalist>`: a name picks the user name; one may still type it).
        let trainees: [Choice]
        let error: String?
        let traineeError, startError, partTimeError, supervisorError: FieldError?
    }
    /// What the start form offers: the intro målbeskrivelser, the department's programmes and its supervisors today.
    struct StartOptions: Sendable {
        let curricula: [CurriculumRecord]
        let programmes: [ProgramRecord]
        let supervisors: [PersonChoice]
        let today: CalendarDate
        /// The people the reader may choose as the trainee (by name, with the user name), for the field's list.
        var trainees: [PersonChoice] = []
    }

    let title, heading: String
    let nav: [NavItem]
    let reportLine: String
    let filters: [NavItem]
    /// The counts, each a link to the list it counts (all, with overdue deadlines, at risk), the one shown marked.
    let summary: [NavItem]
    /// Which list is shown when it is filtered ("overdue", "risk"), in words; nil: every position.
    let filterLine: String?
    let legend: String
    let positions: [Row]
    /// Said instead of the attest buttons to a reader who may not attest (a hovedvejleder, the secretariat).
    let leadActs: String?
    /// Only for whom may start a position here; the others read who does.
    let startForm: StartForm?
    let startNotYours: String?
    /// A refusal of the start form where the reader has none, said at the top.
    let pageError: String?
    let problem: FormProblem?

    /// `attestable`: the positions whose time, element and statement the reader may attest today; `mayStart`: whether
    /// the reader may start a position here (both asked of the acts' own `Access` rules, `PageActions`).
    /// `only`: "overdue" lists the positions with an overdue deadline, "risk" those at risk, most at risk first.
    static func make(_ report: DepartmentReport, statuses: [Int64: PositionStatus], start: StartOptions, all: Bool,
                     attestable: Set<Int64>, mayStart: Bool, refused: DepartmentRefusal?, only: String? = nil, t: Texts) -> DepartmentPage {
        let title = t("web.department.title", ["name": report.departmentName, "code": report.departmentCode])
        let base = "/departments/\(WebPages.queryValue(report.departmentCode))"
        let showAll = all ? "show=all&" : ""
        var listed = report.rows
        switch only {
        case "overdue": listed = listed.filter { $0.overdue > 0 }
        case "risk": listed = listed.filter(\.atRisk)
        default: break
        }
        if only != nil {
            listed.sort { ($0.atRisk ? 1 : 0, $0.overdue, -$0.end.dayNumber) > ($1.atRisk ? 1 : 0, $1.overdue, -$1.end.dayNumber) }
        }
        let rows = listed.map { row -> Row in
            let mine = refused?.position == row.positionID
            var risk: String?
            if row.atRisk {
                let missing = [("report.atRisk.competencies", row.competenciesMissing), ("report.atRisk.courses", row.coursesMissing),
                               ("report.atRisk.overdue", row.overdue)].filter { $0.1 > 0 }.map { t.plural($0.0, count: $0.1) }
                    .joined(separator: ", ")
                risk = t("report.atRisk.ends", ["end": t.date(row.end), "missing": missing])
            }
            let overdue = row.overdueItems.map { overdue -> String in
                switch overdue {
                case .competency(let code, let title, let since):
                    return t("report.overdue.competency", ["code": code, "title": title, "since": t.date(since)])
                case .course(let name, let since): return t("report.overdue.course", ["course": name, "since": t.date(since)])
                case .meeting(let kind, let since): return t("report.overdue.meeting", ["meeting": t.meeting(kind), "since": t.date(since)])
                }
            }
            let status = statuses[row.positionID]
            let mayAttest = attestable.contains(row.positionID)
            var done: [String] = [], missing: [String] = []
            var time: String?, timeHint: String?, element: String?, statement: Statement?
            if let on = row.timeAttested { done.append(t("web.department.timeDone", ["date": t.date(on)])) } else if let status {
                if mayAttest { time = "/positions/\(row.positionID)/attestations/time" }
                timeHint = t(status.timeAttestable ? "web.dept.time.now" : "web.dept.time.from", ["date": t.date(status.schedule.timeAttestableFrom)])
            }
            if let on = row.elementAttested { done.append(t("web.department.elementDone", ["date": t.date(on)])) } else if let status {
                missing = t.missing(status.completion)
                if missing.isEmpty && mayAttest { element = "/positions/\(row.positionID)/attestations/element" }
            }
            if let on = row.statement {
                done.append(t("web.department.statementDone", ["date": t.date(on)]))
            } else if mayAttest, row.elementAttested == nil, row.start <= report.on, report.on <= row.end {
                statement = Statement(action: "/positions/\(row.positionID)/statement",
                                      text: mine && refused?.form == "statement" ? (refused?.values["text"] ?? "") : "",
                                      fieldID: "statement-text-\(row.positionID)")
            }
            return Row(
                id: String(row.positionID), name: row.traineeName, href: "/positions/\(row.positionID)",
                manage: "\(base)/positions/\(row.positionID)", manageText: t("web.dept.manage", ["name": row.traineeName]),
                supervisor: row.supervisorName.map { t("web.position.supervisor", ["name": $0]) } ?? t("web.dept.noSupervisor"),
                terms: t("web.dept.terms", ["specialty": row.specialty, "version": row.curriculumVersion, "start": t.date(row.start),
                                            "end": t.date(row.end), "time": t.partTime(row.partTime)]),
                progress: t("web.trainees.row", ["approved": String(row.approved), "total": String(row.total), "end": t.date(row.end)]),
                approved: String(row.approved), total: String(row.total), department: report.departmentCode, show: all ? "all" : "",
                error: mine ? refused?.message : nil, atRisk: row.atRisk, risk: risk, overdue: overdue, missing: missing,
                time: time, timeHint: timeHint, element: element, statement: statement, done: done)
        }
        return DepartmentPage(
            title: title, heading: title, nav: DepartmentNav.items(report.departmentCode, current: "report", mayStart: mayStart, t),
            reportLine: t(all ? "web.dept.report.all" : "web.dept.report.ongoing", ["date": t.date(report.on)]),
            filters: [
                NavItem(href: base, text: t("web.dept.filter.ongoing"), current: !all, id: "filter-ongoing"),
                NavItem(href: "\(base)?show=all", text: t("web.dept.filter.all"), current: all, id: "filter-all"),
            ],
            summary: [
                NavItem(href: all ? "\(base)?show=all" : base, text: t.plural("web.dept.summary.positions", count: report.rows.count),
                        current: only == nil, id: "summary-all"),
                NavItem(href: "\(base)?\(showAll)only=overdue", text: t.plural("web.dept.summary.overdue", count: report.withOverdue),
                        current: only == "overdue", id: "summary-overdue"),
                NavItem(href: "\(base)?\(showAll)only=risk", text: t.plural("web.dept.summary.atRisk", count: report.atRisk),
                        current: only == "risk", id: "summary-risk"),
            ],
            filterLine: only.map { t("web.dept.only.\($0)", ["count": String(listed.count)]) },
            legend: t("web.dept.legend"), positions: rows,
            leadActs: report.rows.contains { !attestable.contains($0.positionID) } ? t("web.dept.leadActs") : nil,
            startForm: mayStart ? startForm(code: report.departmentCode, start, refused: refused?.form == "start" ? refused : nil, t: t) : nil,
            startNotYours: mayStart ? nil : t("web.dept.start.notYours"),
            pageError: refused?.form == "start" && !mayStart ? refused?.message : nil,
            problem: refused.flatMap { refused -> FormProblem? in
                if refused.form == "start" {
                    guard mayStart else { return nil }
                    if let field = fieldError(refused, ["trainee", "start", "part-time", "supervisor"]) {
                        return FormProblem(message: refused.message, href: "#\(field.id.dropLast("-error".count))", focusesField: true)
                    }
                    return FormProblem(message: refused.message, href: "#start-error")
                }
                return refused.position.map { FormProblem(message: refused.message, href: "#position-\($0)-error") }
            })
    }

    /// The form to start a position: målbeskrivelser to choose, the department's programmes and hovedvejledere.
    /// Unless a refused form says otherwise, the målbeskrivelse of the department's own newest programme is chosen
    /// (never another specialty's), the programme is left to `Positions.start` (the department's one for the chosen
    /// målbeskrivelse), and today is the start.
    static func startForm(code: String, _ options: StartOptions, refused: DepartmentRefusal?, t: Texts) -> StartForm {
        let kept = refused?.values ?? WebForm()
        let own = options.programmes.max { $0.id < $1.id }
        let curriculumChosen = refused != nil ? kept["curriculum"] : own.map { "\($0.specialty)@\($0.curriculumVersion)" }
        let programmeChosen = kept["program"]
        return StartForm(
            action: "/departments/\(WebPages.queryValue(code))/positions", trainee: kept["trainee"] ?? "",
            curricula: options.curricula.map { curriculum in
                let value = "\(curriculum.specialty)@\(curriculum.version)"
                return Choice(value: value, label: t("web.dept.start.curriculumOption", ["specialty": curriculum.specialty, "version": curriculum.version]),
                              selected: curriculumChosen == value)
            },
            programmes: options.programmes.map { programme in
                Choice(value: String(programme.id), label: t("web.dept.start.programmeOption", ["title": programme.title, "version": programme.version]),
                       selected: programmeChosen == String(programme.id))
            },
            start: kept["start"] ?? options.today.iso, partTime: kept["part_time"] ?? "", kbu: kept["kbu_general_practice"] == "on",
            supervisors: options.supervisors.map { person in
                Choice(value: person.handle, label: t("web.dept.person", ["name": person.name, "handle": person.handle]),
                       selected: kept["supervisor"] == person.handle)
            },
            trainees: options.trainees.map { Choice(value: $0.handle, label: $0.name, selected: false) },
            error: fieldError(refused, ["trainee", "start", "part-time", "supervisor"]) == nil ? refused?.message : nil,
            traineeError: fieldError(refused, ["trainee"]), startError: fieldError(refused, ["start"]),
            partTimeError: fieldError(refused, ["part-time"]), supervisorError: fieldError(refused, ["supervisor"]))
    }

    /// The refusal of the start form said by its field, when it concerns one of `inputs`.
    static func fieldError(_ refused: DepartmentRefusal?, _ inputs: Set<String>) -> FieldError? {
        guard let refused, let input = refused.input, inputs.contains(input) else { return nil }
        return FieldError(id: "start-\(input == "start" ? "date" : input)-error", message: refused.message)
    }
}

/// One position as its department sees it: the hovedvejleder (and the form to change it) and the acts that stand, each
/// with a form to revoke it with a reason, then the revoked ones.
struct DepartmentPositionPage: WebPage {
    static let template = "department-position"

    struct SupervisorForm: Sendable {
        let action: String
        let options: [Choice]
        let from: String
        let error: String?
    }
    struct Standing: Sendable {
        let id, line, text, action, reason, label: String
        let error: String?
        /// Whether the reader may revoke it: its maker, or the department's UAO/tutorlæge.
        let revocable: Bool
    }

    let title, heading: String
    let nav: [NavItem]
    let statusHref, statusText, departmentLine, terms, curriculum, supervisor: String
    /// Only for the department's UAO/tutorlæge; others read who appoints.
    let supervisorForm: SupervisorForm?
    let supervisorNotYours: String?
    let standing: [Standing]
    let revoked: [String]
    /// A refusal of the hovedvejleder form where the reader has none, said at the top.
    let pageError: String?
    let problem: FormProblem?

    /// `reader`: the handle of who reads it; `mayManage`: whether they may appoint the hovedvejleder and revoke anyone's
    /// act (`PageActions.mayManage`); anyone may revoke their own.
    static func make(code: String, id: Int64, header: StatusHeader, status: PositionStatus, supervisors: [PersonChoice],
                     events: [EventRecord], names: [String: String], reader: String, mayManage: Bool, refused: DepartmentRefusal?,
                     t: Texts) -> DepartmentPositionPage {
        let title = t("web.dept.position.title", ["name": header.traineeName])
        let base = "/departments/\(WebPages.queryValue(code))"
        let supervising = refused?.form == "supervisor"
        let kept = refused?.values ?? WebForm()
        func describe(_ event: EventRecord) -> String {
            let content = event.content
            return t("web.history.line", ["date": t.date(content.effectiveOn), "what": t.historyWhat(content),
                                          "by": t.by(name: names[content.actor] ?? content.actor, role: content.actorRole)])
        }
        let revoking = refused?.form == "revoke" ? refused : nil
        return DepartmentPositionPage(
            title: title, heading: title, nav: DepartmentNav.items(code, current: "", mayStart: mayManage, t),
            statusHref: "/positions/\(id)", statusText: t("web.trainees.status", ["name": header.traineeName]),
            departmentLine: t("status.department", ["name": header.departmentName, "code": header.department]),
            terms: t("status.terms", ["start": t.date(status.schedule.terms.start), "end": t.date(status.schedule.end),
                                      "time": t.partTime(status.schedule.terms.partTime)]),
            curriculum: t("status.curriculum", ["specialty": header.specialty, "version": header.curriculumVersion]),
            supervisor: header.hovedvejlederName.map { t("web.position.supervisor", ["name": $0]) } ?? t("web.dept.noSupervisor"),
            supervisorForm: !mayManage ? nil : SupervisorForm(
                action: "\(base)/positions/\(id)/supervisor",
                options: supervisors.map { person in
                    Choice(value: person.handle, label: t("web.dept.person", ["name": person.name, "handle": person.handle]),
                           selected: supervising ? kept["handle"] == person.handle : person.handle == header.hovedvejleder)
                },
                from: supervising ? (kept["from"] ?? "") : "", error: supervising ? refused?.message : nil),
            supervisorNotYours: mayManage ? nil : t("web.dept.supervisor.notYours"),
            standing: events.filter { $0.kind.isRevocableAct && $0.revokedBy == nil }.reversed().map { event in
                let mine = revoking?.values["event"] == String(event.id)
                return Standing(id: String(event.id), line: describe(event), text: event.content.text,
                                action: "\(base)/positions/\(id)/revocations", reason: mine ? (revoking?.values["reason"] ?? "") : "",
                                label: t("web.dept.revoke.reasonFor", ["what": describe(event)]), error: mine ? revoking?.message : nil,
                                revocable: mayManage || event.content.actor == reader)
            },
            revoked: events.filter { $0.kind.isRevocableAct && $0.revokedBy != nil }.reversed().compactMap { event in
                event.revokedBy.map { revocation in
                    t("web.dept.revoke.revokedLine", [
                        "line": describe(event), "by": names[revocation.actor] ?? revocation.actorName, "date": t.date(revocation.on),
                        "reason": revocation.reason,
                    ])
                }
            },
            pageError: refused?.form == "supervisor" && !mayManage ? refused?.message : nil,
            problem: refused.flatMap { refused -> FormProblem? in
                if refused.form == "supervisor" { return mayManage ? FormProblem(message: refused.message, href: "#supervisor-error") : nil }
                return refused.values["event"].map { FormProblem(message: refused.message, href: "#revoke-\($0)-error") }
            })
    }
}

import LogbookApp
import LogbookDomain

/// "Mine uddannelseslæger": the inbox with approve and decline on each request, the ongoing positions one may see with
/// their progress, and a link to "Afdelingen" of each of their departments.
struct TraineesPage: WebPage {
    static let template = "trainees"

    /// A refused answer to request `request`: the message and the reason typed.
    struct Refusal: Sendable {
        let request: Int64
        let message: String
        let reason: String
    }
    struct RequestAnswer: Sendable {
        let id, heading, approve, decline: String
        let error: String?
        let reason: String
        /// What the approver approves: each competency by title, with the assessments behind it.
        let evidence: [Evidence]
    }
    /// A requested competency in words, and its assessments (method, date, assessor, note), newest first.
    struct Evidence: Sendable {
        let competency: String
        let assessments: [String]
        let none: String?
    }
    /// What a request asks to be approved, as the use cases give it: the competency's title and the assessments the
    /// request names (or, when it names none, those recorded for the competency).
    struct RequestEvidence: Sendable {
        let code, title: String
        let assessments: [AssessmentRecord]
    }
    struct Item: Sendable {
        let text, href, link: String
        let request: RequestAnswer?
    }
    struct Row: Sendable {
        let name, href, department, progress: String
        let overdue: String?
    }

    let title: String
    let inbox: [Item]
    let positions: [Row]
    let departments: [NavItem]
    let pageError: String?
    let problem: FormProblem?

    static func make(inbox items: [InboxItem], positions: [(PositionFacts, PositionStatus)], refused: Refusal?,
                     evidence: [Int64: [RequestEvidence]] = [:], names: [String: String] = [:], t: Texts) -> TraineesPage {
        let inbox = items.map { item -> Item in
            var answer: RequestAnswer?
            if item.kind == .request, let id = item.request {
                let here = refused?.request == id
                answer = RequestAnswer(
                    id: String(id), heading: t("web.trainees.request", ["id": String(id), "name": item.trainee.name, "items": item.subject]),
                    approve: "/requests/\(id)/approve", decline: "/requests/\(id)/decline",
                    error: here ? refused?.message : nil, reason: here ? refused?.reason ?? "" : "",
                    evidence: (evidence[id] ?? []).map { item in
                        Evidence(competency: t("inbox.competency", ["code": item.code, "title": item.title]),
                                 assessments: item.assessments.sorted { $0.assessedOn > $1.assessedOn }.map { entry in
                                     let assessor = entry.assessor.map { names[$0] ?? $0 }
                                     let line = t(assessor == nil ? "web.trainees.evidence.line" : "web.trainees.evidence.lineBy", [
                                         "method": entry.method.map { t.method($0) } ?? entry.otherMethod ?? "",
                                         "date": t.date(entry.assessedOn), "assessor": assessor ?? "",
                                     ])
                                     return entry.note.isEmpty ? line : t("web.trainees.evidence.note", ["line": line, "note": entry.note])
                                 },
                                 none: item.assessments.isEmpty ? t("web.trainees.evidence.none") : nil)
                    })
            }
            return Item(text: item.text, href: "/positions/\(item.positionID)", link: t("web.trainees.status", ["name": item.trainee.name]),
                        request: answer)
        }
        let rows = positions.map { facts, status in
            Row(name: facts.trainee.name, href: "/positions/\(facts.id)",
                department: t("status.department", ["name": facts.department.name, "code": facts.department.code]),
                progress: t("web.trainees.row", ["approved": String(status.approvedCount), "total": String(status.competencies.count),
                                                 "end": t.date(status.schedule.end)]),
                overdue: status.overdueCount > 0 ? t("web.trainees.overdue", ["count": String(status.overdueCount)]) : nil)
        }
        var departments: [String: String] = [:]
        for (facts, _) in positions { departments[facts.department.code] = facts.department.name }
        return TraineesPage(
            title: t("web.trainees.title"), inbox: inbox, positions: rows,
            departments: departments.sorted { $0.key < $1.key }.map { code, name in
                NavItem(href: "/departments/\(WebPages.queryValue(code))", text: t("web.department.link", ["name": name]), current: false, id: "")
            },
            // A refusal for a request not in this person's inbox (addressed to someone else) is said at the top.
            pageError: refused.flatMap { refused in items.contains { $0.request == refused.request } ? nil : refused.message },
            problem: refused.flatMap { refused in
                items.contains { $0.request == refused.request }
                    ? FormProblem(message: refused.message, href: "#request-\(refused.request)-error") : nil
            })
    }
}

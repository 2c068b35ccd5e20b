import Foundation
import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain

/// "Afdelingen", minimal: the department's ongoing positions (`Overviews.report`, as `GET /api/v1/departments/{code}/report`)
/// with a link to each status and one-click forms for the UAO/tutor's acts — attest time (`Approvals.attestTime`),
/// attest the element (`Approvals.attestElement`) and give the forhåndsudtalelse (`Approvals.statement`, its standard
/// text) — as `POST /api/v1/positions/{id}/attestations/time`, `.../attestations/element` and `.../statement`. Who may
/// do which is the use cases' rule: anyone else is told why on the page.
extension WebPages {
    func addDepartmentRoutes(to pages: RouterGroup<ServerRequestContext>) {
        pages.get("departments/{code}", use: departmentPage)
        pages.post("positions/{id}/attestations/time", use: attestTime)
        pages.post("positions/{id}/attestations/element", use: attestElement)
        pages.post("positions/{id}/statement", use: giveStatement)
    }

    /// GET /departments/{code}: a department out of sight is the same 404 page as one that does not exist.
    @Sendable func departmentPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        return WebResponse.html(try await renderDepartment(request, context: context, code: code, refused: nil))
    }

    func renderDepartment(_ request: Request, context: ServerRequestContext, code: String, refused: (position: Int64, message: String)?)
        async throws -> String {
        let handle = try context.handle()
        let language = WebLanguage.of(request)
        let key = Self.sessionID(request)
        return try await database.run(as: handle, writing: false, language: language) { session in
            let t = session.texts
            let report = try Overviews.report(session, department: code, on: nil, selection: .ongoing)
            let userName = try session.names([handle])[handle] ?? handle
            let title = t("web.department.title", ["name": report.departmentName, "code": report.departmentCode])
            var data = Self.base(request, language: language, title: title, user: userName, formKey: key)
            data["heading"] = title
            data["positions"] = report.rows.map { row -> [String: Any] in
                var item: [String: Any] = [
                    "name": row.traineeName, "href": "/positions/\(row.positionID)",
                    "progress": t("web.trainees.row", ["approved": String(row.approved), "total": String(row.total), "end": t.date(row.end)]),
                    "department": report.departmentCode,
                    "error": Self.section(refused?.position == row.positionID ? refused?.message : nil),
                ]
                var done: [String] = []
                if let on = row.timeAttested { done.append(t("web.department.timeDone", ["date": t.date(on)])) } else {
                    item["time"] = "/positions/\(row.positionID)/attestations/time"
                }
                if let on = row.elementAttested { done.append(t("web.department.elementDone", ["date": t.date(on)])) } else {
                    item["element"] = "/positions/\(row.positionID)/attestations/element"
                }
                if let on = row.statement { done.append(t("web.department.statementDone", ["date": t.date(on)])) } else if row.elementAttested == nil {
                    item["statement"] = "/positions/\(row.positionID)/statement"
                }
                if row.overdue > 0 { item["overdue"] = t("web.trainees.overdue", ["count": String(row.overdue)]) }
                item["done"] = done
                return item
            }
            return WebTemplates.render("department", data)
        }
    }

    /// After an act on the department page: 303 back to it, or the page again with the refusal by the position.
    func departmentAct(_ request: Request, context: ServerRequestContext, done: String,
                       _ act: @escaping @Sendable (Session, Int64) throws -> Void) async throws -> Response {
        let handle = try context.handle(), id = try Self.id(context)
        let language = WebLanguage.of(request)
        let code = context.webForm?["department"] ?? ""
        let back = "/departments/\(Self.queryValue(code))"
        do {
            try await database.run(as: handle, writing: true, language: language) { try act($0, id) }
            return WebResponse.redirect("\(back)?done=\(done)")
        } catch let error as LogbookError where error.reason != .notFound && !code.isEmpty {
            return WebResponse.html(try await renderDepartment(request, context: context, code: code, refused: (id, error.shown)),
                                    status: Problem.status(of: error))
        }
    }

    /// POST /positions/{id}/attestations/time.
    @Sendable func attestTime(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentAct(request, context: context, done: "time") { _ = try Approvals.attestTime($0, positionID: $1, comment: nil) }
    }

    /// POST /positions/{id}/attestations/element.
    @Sendable func attestElement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentAct(request, context: context, done: "element") { _ = try Approvals.attestElement($0, positionID: $1, comment: nil) }
    }

    /// POST /positions/{id}/statement (the standard text).
    @Sendable func giveStatement(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await departmentAct(request, context: context, done: "statement") { _ = try Approvals.statement($0, positionID: $1, text: nil) }
    }
}

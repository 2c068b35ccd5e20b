import Testing
@testable import LogbookApp
import LogbookDomain
@testable import LogbookServer

/// The page models without HTTP or a database: built from domain values by their pure `make`, then rendered with the
/// templates as the server renders them.
@Suite("Web page models")
struct WebPageModelTests {
    static func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    static let t = Texts(.da)

    /// A position started 1 September 2026 with four competencies, I1 approved, I4 due in month 6 and assessed twice.
    static func view(reader: String, today: String = "2027-03-10", traineeName: String = "Berit Lund",
                     section: PositionSection = .competencies) -> PositionView {
        let terms = PositionTerms(start: date("2026-09-01"), workplace: .hospital)
        let schedule = TimeRules.schedule(for: terms, absences: [])
        let competencies = ["I1", "I2", "I3", "I4"].enumerated().map { index, code in
            Competency(code: code, sortOrder: index + 1, title: "Titel \(code)", roles: [.medicalExpert], methods: [.miniCEX])
        }
        let act = Act(eventID: 1, actor: "dr.hoved", role: "supervisor", on: date("2026-11-20"))
        let status = PositionStatus(StatusInput(
            today: date(today), schedule: schedule, competencies: competencies, courses: [clinicalSupervisionCourse],
            assessments: ["I4": AssessmentSummary(count: 2, lastOn: date("2027-02-01"), methods: ["Mini-CEX"])],
            approvals: ["I1": act], revokedApprovals: [:], courseApprovals: [:],
            programItems: [ProgramItem(subject: .competency(code: "I4"), dueMonth: 6)],
            meetings: [], timeAttestation: nil, elementAttestation: nil, statement: nil))
        let header = StatusHeader(positionID: 7, trainee: "dr.berit", traineeName: traineeName, department: "KARD",
                                  departmentName: "Kardiologisk afdeling", specialty: "Kardiologi", curriculumVersion: "2022",
                                  hovedvejleder: "dr.hoved", hovedvejlederName: "Hanne Hoved")
        return PositionView(id: 7, reader: reader, header: header, status: status, section: section, meetings: [],
                            absence: AbsenceListing(positionID: 7, schedule: schedule, kindsShown: true, lines: []),
                            requests: [], events: [], names: [:], mayApprove: reader == "dr.hoved")
    }

    static func chrome(_ title: String) -> Chrome {
        Chrome(lang: "da", title: title, switchLanguage: "/language?to=en&back=/", otherLang: "en", user: "Logget ind som Berit Lund",
               regionMenu: false, csrf: "token", flash: nil, pageError: nil)
    }

    @Test("the trainee's own page: the overdue competency by name, a next step linking to its form, the forms, no approve form")
    func ownPosition() {
        let page = PositionPage.make(Self.view(reader: "dr.berit"), refused: nil, preselect: (nil, nil), t: Self.t)
        #expect(page.own)
        #expect(page.heading == Self.t("web.position.mine"))
        #expect(page.title == "Kompetencer · " + Self.t("web.position.mine"), "a section names itself first in the title")
        #expect(page.overdue.filter { $0.contains("I4 Titel I4") }.count == 1, "the overdue competency named once")
        #expect(!page.overdue.contains { $0.contains("I1") }, "an approved competency is never overdue")
        #expect(page.nextSteps.contains { $0.href == "/positions/7/competencies?request=I4#request" })
        #expect(page.recordForm?.codes.map(\.value) == ["I1", "I2", "I3", "I4"])
        #expect(page.recordForm?.date == "2027-03-10", "today is the default date")
        #expect(page.requestForm?.codes.map(\.value) == ["I2", "I3", "I4"], "only what is not approved can be asked for")
        #expect(page.approveForm == nil)
        #expect(page.bundle == "/api/v1/positions/7/bundle")
        #expect(page.pageError == nil)
        let html = WebTemplates.render(page, chrome: Self.chrome(page.title), language: .da)
        #expect(html.components(separatedBy: "<li class=\"competency").count == 5, "the four competencies listed in their section")
    }

    @Test("the record form opened from a next step: that competency and the method the step names are chosen")
    func recordDefaults() {
        let page = PositionPage.make(Self.view(reader: "dr.berit"), refused: nil, preselect: ("I4", nil), t: Self.t)
        #expect(page.recordForm?.codes.first { $0.selected }?.value == "I4")
        #expect(page.recordForm?.methods.filter(\.selected).map(\.value) == ["Mini-CEX"])
    }

    @Test("a supervisor's view: the approve form, none of the trainee's forms; a refusal of a form not shown goes to the top")
    func supervisorView() {
        var form = WebForm()
        form.fields = [("code", "I2")]
        let refused = RefusedForm(form: "record", values: form, message: "Kun uddannelseslægen registrerer vurderinger")
        let page = PositionPage.make(Self.view(reader: "dr.hoved"), refused: refused, preselect: (nil, nil), t: Self.t)
        #expect(!page.own)
        #expect(page.recordForm == nil && page.requestForm == nil && page.meetingForm == nil && page.absenceForm == nil)
        #expect(page.approveForm?.codes.map(\.value) == ["I2", "I3", "I4"])
        #expect(page.pageError == refused.message)
        #expect(page.bundle == nil)
        let chrome = Chrome(lang: "da", title: page.title, switchLanguage: "/", otherLang: "en", user: nil, regionMenu: false,
                            csrf: nil, flash: nil, pageError: page.pageError)
        let html = WebTemplates.render(page, chrome: chrome, language: .da)
        #expect(html.contains("id=\"page-error\""), "said at the top of the page")
        #expect(html.contains(refused.message))
    }

    @Test("a refused record form keeps what was typed and carries the message on the form")
    func refusedRecordForm() {
        let values = WebForm(encoded: "code=I3&method=Mini-CEX&date=2027-04-01&assessor=dr.x&note=%3Cb%3Enote%3C%2Fb%3E")
        let refused = RefusedForm(form: "record", values: values, message: "Datoen ligger i fremtiden")
        let page = PositionPage.make(Self.view(reader: "dr.berit"), refused: refused, preselect: (nil, nil), t: Self.t)
        #expect(page.recordForm?.error == "Datoen ligger i fremtiden")
        #expect(page.recordForm?.codes.first { $0.selected }?.value == "I3")
        #expect(page.recordForm?.date == "2027-04-01")
        #expect(page.recordForm?.note == "<b>note</b>")
        #expect(page.pageError == nil)
        #expect(page.problem?.href == "#record-error", "the summary at the top links to the form's message")
    }

    @Test("rendered: typed text escaped, the next step's link, and a row's nil error does not show the page's")
    func rendered() {
        let values = WebForm(encoded: "kind=sickness&from=2027-01-01&to=2027-01-02")
        let refused = RefusedForm(form: "absence", values: values, message: "FRAVAERSFEJL")
        let page = PositionPage.make(Self.view(reader: "dr.berit", traineeName: "Nanna <b>fed</b>", section: .absence), refused: refused,
                                     preselect: (nil, nil), t: Self.t)
        let html = WebTemplates.render(page, chrome: Self.chrome(page.title), language: .da)
        #expect(html.contains("Nanna &lt;b&gt;fed&lt;/b&gt;"))
        #expect(!html.contains("<b>fed</b>"))
        #expect(html.components(separatedBy: "FRAVAERSFEJL").count == 2, "the message once, on the absence form only")
        #expect(html.contains("id=\"absence-error\""))
        #expect(!html.contains(">nil<"))
        #expect(html.contains("value=\"token\""), "the form token from the chrome inside every form")
    }

    @Test("a refusal about one field: the message by that field, which is focused; the summary links to it")
    func fieldRefusal() {
        let values = WebForm(encoded: "code=I3&method=Mini-CEX&date=2027-04-01")
        let refused = RefusedForm(form: "record", values: values, message: "Dato 01.04.2027 ligger i fremtiden", input: "date")
        let page = PositionPage.make(Self.view(reader: "dr.berit"), refused: refused, preselect: (nil, nil), t: Self.t)
        #expect(page.recordForm?.dateError?.id == "record-date-error")
        #expect(page.recordForm?.error == nil, "said once, by the field")
        #expect(page.problem?.href == "#record-date")
        #expect(page.problem?.focusesField == true)
        let html = WebTemplates.render(page, chrome: Self.chrome(page.title), language: .da)
        #expect(html.contains("id=\"record-date\" name=\"date\" type=\"date\" required value=\"2027-04-01\" aria-invalid=\"true\" aria-describedby=\"record-date-error\" autofocus"))
        #expect(html.components(separatedBy: "autofocus").count == 2, "only the wrong field takes the focus")
    }

    @Test("the overview: progress, declined requests first, tabs to each section, no forms")
    func overview() {
        var view = Self.view(reader: "dr.berit", section: .overview)
        view.requests = []
        let page = PositionPage.make(view, refused: nil, preselect: (nil, nil), t: Self.t)
        #expect(page.show.overviewPart && !page.show.competenciesPart)
        #expect(page.sections.map(\.href) == ["/positions/7", "/positions/7/competencies", "/positions/7/meetings", "/positions/7/absence",
                                               "/positions/7/history", "/positions/7/documents"])
        let html = WebTemplates.render(page, chrome: Self.chrome(page.title), language: .da)
        #expect(html.contains("href=\"/positions/7/competencies?request=I4#request\""), "a next step links to its form")
        #expect(!html.contains("<form method=\"post\" action=\"/positions/7/"), "the overview carries no form of the position")
        let supervisor = PositionPage.make(Self.view(reader: "dr.hoved", section: .overview), refused: nil, preselect: (nil, nil), t: Self.t)
        #expect(supervisor.approveLink == "/positions/7/competencies#approve")
    }

    @Test("the boxed model: nil is empty and false, and stays where it is")
    func boxing() {
        struct Row: Sendable { let error: String?; let name: String }
        struct Page: LogbookServer.WebPage {
            static let template = "error"
            let title: String
            let message: String
            let rows: [Row]
        }
        let root = MustacheModel.fields(of: Page(title: "T", message: "M", rows: [Row(error: nil, name: "a")]))
        let rows = root["rows"] as? [Any]
        let row = rows?.first as? MustacheModel.Object
        #expect(row?.child(named: "error") is MustacheModel.Null)
        #expect(row?.child(named: "name") as? String == "a")
        #expect(root["message"] as? String == "M")
    }
}

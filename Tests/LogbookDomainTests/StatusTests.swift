import Testing
@testable import LogbookDomain

@Suite("Position status")
struct StatusTests {
    static func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test("deadlines: month N ends the day before start + N months; part time stretches; month 0 is 14 days",
          arguments: [
            (6, "2026-09-01", "1/1", "2027-02-28"),
            (3, "2026-09-01", "1/1", "2026-11-30"),
            (12, "2026-09-01", "1/1", "2027-08-31"),
            (0, "2026-09-01", "1/1", "2026-09-14"),
            (6, "2026-03-01", "3/4", "2026-10-31"),
            (3, "2026-01-31", "1/1", "2026-04-29"),
          ])
    func deadlines(month: Int, start: String, partTime: String, expected: String) {
        let deadline = Deadline.forMonth(month, start: Self.date(start), partTime: PartTime(storageText: partTime)!)
        #expect(deadline.date == Self.date(expected))
    }

    func input(today: String, approvals: [String: Act] = [:], assessments: [String: AssessmentSummary] = [:],
               meetings: [(kind: MeetingKind, on: CalendarDate)] = [], time: Act? = nil, element: Act? = nil,
               courses: [String: Act] = [:]) -> StatusInput {
        let terms = PositionTerms(start: Self.date("2026-09-01"), workplace: .hospital)
        let competencies = ["I1", "I2", "I3", "I4"].enumerated().map { index, code in
            Competency(code: code, sortOrder: index + 1, title: "Title \(code)", roles: [.medicalExpert], methods: [.miniCEX])
        }
        return StatusInput(
            today: Self.date(today), schedule: TimeRules.schedule(for: terms, absences: []), competencies: competencies,
            courses: [clinicalSupervisionCourse], assessments: assessments, approvals: approvals, revokedApprovals: [:],
            courseApprovals: courses,
            programItems: [
                ProgramItem(subject: .competency(code: "I1"), dueMonth: 3), ProgramItem(subject: .competency(code: "I4"), dueMonth: 6),
                ProgramItem(subject: .course(name: clinicalSupervisionCourse), dueMonth: 9),
                ProgramItem(subject: .meeting(.adjustment), dueMonth: 3),
            ],
            meetings: meetings, timeAttestation: time, elementAttestation: element, statement: nil)
    }

    @Test("an unapproved competency past its programme month is overdue, with the first overdue day in next steps")
    func overdue() {
        let act = Act(eventID: 1, actor: "dr.berg", role: "supervisor", on: Self.date("2026-11-20"))
        let status = PositionStatus(input(
            today: "2027-03-10", approvals: ["I1": act], assessments: ["I4": AssessmentSummary(count: 2, lastOn: Self.date("2027-02-01"), methods: ["Mini-CEX"])],
            meetings: [(.introduction, Self.date("2026-09-05")), (.adjustment, Self.date("2026-11-25"))]))
        #expect(status.approvedCount == 1)
        #expect(status.percent == 25)
        let i4 = status.competencies[3]
        #expect(i4.isOverdue)
        #expect(i4.state == .inProgress)
        #expect(!status.competencies[1].isOverdue, "no programme deadline, never overdue")
        #expect(status.nextSteps.contains(.askApproval(code: "I4", Due(deadline: i4.deadline!, isOverdue: true))))
        #expect(i4.deadline?.overdueSince == Self.date("2027-03-01"))
        #expect(status.nextSteps.contains(.timeAttestable(from: Self.date("2027-08-01"))))
        #expect(status.overdueCount == 1)
    }

    @Test("next steps name the method the programme gives a competency (its earliest item), else the målbeskrivelse's first")
    func programMethod() {
        var given = input(today: "2026-09-10")
        // The målbeskrivelse lists them for I4 (issue 28: only a listed method is suggested; see the next test).
        given.competencies[3].methods = [.miniCEX, .directObservation, .osats]
        given.programItems += [
            ProgramItem(subject: .competency(code: "I4"), dueMonth: 8, method: .directObservation),
            ProgramItem(subject: .competency(code: "I4"), dueMonth: 5, method: .osats),
        ]
        let status = PositionStatus(given)
        #expect(status.competencies[3].programMethod == .osats)
        #expect(status.nextSteps.contains { if case .getAssessed("I4", .osats, _) = $0 { return true } else { return false } })
        #expect(status.nextSteps.contains { if case .getAssessed("I1", .miniCEX, _) = $0 { return true } else { return false } },
                "no programme method: the målbeskrivelse's first")
    }

    @Test("Issue 28: a programme method the målbeskrivelse does not list for the competency is never suggested (record would refuse it)")
    func unlistedProgramMethod() {
        var given = input(today: "2026-09-10")
        given.programItems += [ProgramItem(subject: .competency(code: "I4"), dueMonth: 5, method: .osats)]
        let status = PositionStatus(given)
        #expect(status.competencies[3].programMethod == nil)
        #expect(status.nextSteps.contains { if case .getAssessed("I4", .miniCEX, _) = $0 { return true } else { return false } })
    }

    @Test("a missing introduktionssamtale is overdue after 14 days")
    func introductionMeeting() {
        let early = PositionStatus(input(today: "2026-09-14"))
        #expect(!early.meetings[0].isOverdue)
        let late = PositionStatus(input(today: "2026-09-15"))
        #expect(late.meetings[0].kind == .introduction && late.meetings[0].isOverdue)
        #expect(late.nextSteps.first == .holdMeeting(.introduction, Due(deadline: late.meetings[0].deadline!, isOverdue: true)))
        #expect(late.meetings[0].deadline?.overdueSince == Self.date("2026-09-15"))
    }

    @Test("with everything approved and time attested the next step is the element attestation")
    func readyForElement() {
        let act = Act(eventID: 1, actor: "dr.berg", role: "supervisor", on: Self.date("2027-01-01"))
        let all = Dictionary(uniqueKeysWithValues: ["I1", "I2", "I3", "I4"].map { ($0, act) })
        let status = PositionStatus(input(
            today: "2027-08-10", approvals: all, meetings: [(.introduction, Self.date("2026-09-05")), (.adjustment, Self.date("2026-11-25"))],
            time: act, courses: [clinicalSupervisionCourse: act]))
        #expect(status.completion.isComplete)
        #expect(status.nextSteps == [.askElementAttestation])
        #expect(status.overdueCount == 0)
    }

    @Test("an attested element has nothing overdue and nothing to do")
    func attested() {
        let act = Act(eventID: 9, actor: "dr.uao", role: "uao", on: Self.date("2027-08-20"))
        let status = PositionStatus(input(today: "2028-01-01", element: act))
        #expect(status.overdueCount == 0)
        #expect(status.nextSteps == [.nothing(elementAttested: act)])
    }
}

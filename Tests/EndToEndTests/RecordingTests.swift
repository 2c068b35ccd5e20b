import Foundation
import Testing

@Suite("absence, assessments and meetings")
struct RecordingTests {
    @Test("absence above the allowance moves the end, and position show explains why in one sentence")
    func absenceMovesEnd() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        // 48 days allowed at 3/4 time; 48 counted days do not move the end.
        let atAllowance = try box.must(["absence", "add", "--position", "1", "--from", "2026-04-01", "--to", "2026-05-18", "--kind", "sygdom"],
                                       as: "dr.ung")
        #expect(atAllowance.stdout.contains("48 days, 48 counted"))
        #expect(atAllowance.stdout.contains("counted absence: 48 of 48 allowed days, 0 left"))
        #expect(atAllowance.stdout.contains("end: 2027-06-30 (unchanged)"))
        // One more day moves the end by all 49 counted days, to the end of that month.
        let above = try box.must(["absence", "add", "--position", "1", "--from", "2026-05-19", "--to", "2026-05-19", "--kind", "barns-sygedag"],
                                 as: "dr.berg")
        #expect(above.stdout.contains("end moved from 2027-06-30 to 2027-08-31"))
        let show = try box.must(["position", "show", "1"])
        #expect(show.stdout.contains("""
            Ends 2027-08-31: 12 months at 3/4 time is 16 months from 2026-03-01, to
              2027-06-30; moved to 2027-08-31 because 49 days of counted absence exceed the
              allowance of 48 days.
            """))
        // Holiday neither counts nor extends.
        let holiday = try box.must(["absence", "add", "--position", "1", "--from", "2026-07-01", "--to", "2026-07-21", "--kind", "ferie",
                                    "--note", "sommer"], as: "dr.lead")
        #expect(holiday.stdout.contains("not counted against the allowance"))
        let list = try box.must(["absence", "list", "--position", "1"])
        #expect(list.stdout.contains("counted days: 49\nallowance: 48\nallowance left: 0\nend: 2027-08-31\nEnds 2027-08-31"))
        #expect(list.stdout.contains("sommer"))
        #expect(try box.sql("SELECT count(*) FROM absence").contains("3"))
    }

    @Test("parental leave extends the position by its length without using the allowance")
    func parentalLeave() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let result = try box.must(["absence", "add", "--position", "1", "--from", "2026-05-01", "--to", "2026-05-31", "--kind", "barsel"], as: "dr.ung")
        #expect(result.stdout.contains("counted absence: 0 of 48 allowed days, 48 left"))
        #expect(result.stdout.contains("end moved from 2027-06-30 to 2027-07-31"))
    }

    @Test("bad absence: --to before --from, overlap, outside the position, unknown kind, no grant")
    func badAbsence() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["absence", "add", "--position", "1", "--from", "2026-04-01", "--to", "2026-04-10", "--kind", "sickness"], as: "dr.ung")
        let add = ["absence", "add", "--position", "1"]
        try box.refused(add + ["--from", "2026-05-03", "--to", "2026-05-01", "--kind", "sygdom"], status: 64,
                        ["'--to' 2026-05-01 is before '--from' 2026-05-03"], as: "dr.ung")
        try box.refused(add + ["--from", "2026-04-10", "--to", "2026-04-12", "--kind", "ferie"], status: 1,
                        ["overlaps absence 1 (sickness, 2026-04-01 to 2026-04-10)"], as: "dr.ung")
        try box.refused(add + ["--from", "2026-02-27", "--to", "2026-03-02", "--kind", "sygdom"], status: 1,
                        ["'--from' 2026-02-27 is outside position 1, which runs 2026-03-01 to 2027-06-30"], as: "dr.ung")
        try box.refused(add + ["--from", "2027-06-30", "--to", "2027-07-01", "--kind", "ferie"], status: 1,
                        ["'--to' 2027-07-01 is outside position 1, which runs 2026-03-01 to 2027-06-30"], as: "dr.ung")
        try box.refused(add + ["--from", "2026-05-01", "--to", "2026-05-01", "--kind", "sygdomm"], status: 64,
                        ["'--kind'", "did you mean \"sygdom\"?"], as: "dr.ung")
        try box.refused(add + ["--from", "2026-05-01", "--to", "2026-05-01", "--kind", "sygdom"], status: 1,
                        ["dr.dkv is not the trainee, main supervisor or UAO for position 1 on 2026-06-15"], as: "dr.dkv")
        try box.refused(add + ["--from", "2026-05-01", "--to", "2026-05-01", "--kind", "sygdom"], status: 1,
                        ["dr.ny is not the trainee, main supervisor or UAO for position 1"], as: "dr.ny")
    }

    @Test("record an assessment: code and method from the pinned målbeskrivelse; list marks superseded entries")
    func record() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let first = try box.must(["record", "--position", "1", "I1", "--method", "kompetencekort", "--date", "1.6.2026", "--assessor", "dr.berg"],
                                 as: "dr.dkv")
        #expect(first.stdout == "entry 1: I1 by Kompetencekort on 2026-06-01\n")
        try box.must(["record", "--position", "1", "I2", "--method", "Mini-CEX", "--other-method", "--date", "2026-06-02"], as: "dr.ung")
        try box.must(["record", "--position", "1", "I2", "--method", "Simulation", "--other-method", "--date", "2026-06-03", "--corrects", "2"],
                     as: "dr.ung")
        let list = try box.must(["record", "list", "--position", "1", "--format", "csv"])
        #expect(list.stdout.unixLines == """
            Entry,Code,Method,Date,Assessor,Assessor handle,Recorded by,Recorded by handle,Corrects,Superseded by,Correction,Note
            1,I1,Kompetencekort,2026-06-01,Bo Berg,dr.berg,Dorte Klinisk,dr.dkv,,,,
            2,I2,Mini-CEX,2026-06-02,,,Ulla Ung,dr.ung,,3,replaced by 3,
            3,I2,Simulation,2026-06-03,,,Ulla Ung,dr.ung,2,,corrects 2,

            """)
        #expect(try box.sql("SELECT method_id IS NULL, other_method, recorded_by = (SELECT id FROM person WHERE handle = 'dr.ung') FROM assessment WHERE id = 3")
            == "1|Simulation|1\n")
        #expect(try box.must(["record", "assessments", "--position", "1"]).stdout.contains("Simulation"))
        try box.refused(["record", "--position", "1", "I2", "--method", "Audit", "--date", "2026-06-03", "--corrects", "2"], status: 1,
                        ["entry 2 is already corrected by entry 3; correct 3 instead"], as: "dr.ung")
        try box.refused(["record", "--position", "1", "I2", "--method", "Audit", "--date", "2026-06-03", "--corrects", "9"], status: 1,
                        ["'--corrects': no entry 9"], as: "dr.ung")
    }

    @Test("bad assessments: unknown code, code of another version, unknown or unlisted method, dates, no grant")
    func badRecord() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let record = ["record", "--position", "1"]
        try box.refused(record + ["I3", "--method", "Mini-CEX", "--date", "2026-06-01"], status: 1,
                        ["no competency \"I3\" in Kardiologi 2022", "did you mean \"I1\"?"], as: "dr.ung")
        try box.refused(record + ["X9", "--method", "Mini-CEX", "--date", "2026-06-01"], status: 1,
                        ["competency \"X9\" is in Kardiologi 2018, but position 1 is pinned to Kardiologi 2022"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CX", "--date", "2026-06-01"], status: 64,
                        ["'--method': unknown method \"Mini-CX\"", "did you mean \"Mini-CEX\"?"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Audit", "--date", "2026-06-01"], status: 1,
                        ["Kardiologi 2022 does not name Audit for competency I1 (it names: Mini-CEX, Kompetencekort); give --other-method"],
                        as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "2026-06-16"], status: 1,
                        ["'--date' 2026-06-16 is in the future (today is 2026-06-15)"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "2026-02-28"], status: 1,
                        ["'--date' 2026-02-28 is outside position 1, which runs 2026-03-01 to 2027-06-30"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "someday"], status: 64, ["'--date': \"someday\" is not a date"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "2026-06-01", "--assessor", "dr.brg"], status: 1,
                        ["'--assessor': no person \"dr.brg\"", "did you mean \"dr.berg\"?"], as: "dr.ung")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "2026-06-01"], status: 1,
                        ["dr.ny is not the trainee, main supervisor, UAO or clinical supervisor for position 1 on 2026-06-15"], as: "dr.ny")
        try box.refused(record + ["I1", "--method", "Mini-CEX", "--date", "2026-06-01"], status: 64, ["who is acting?"])
    }

    @Test("meetings: Danish kinds, plan from a file or stdin, dates checked")
    func meetings() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let plan = try box.write("plan.txt", "Mål: EKG\nKursus i klinisk vejledning i efteråret\n")
        let first = try box.must(["meeting", "add", "--position", "1", "--kind", "introduktionssamtale", "--date", "2026-03-10", "--plan", plan],
                                 as: "dr.berg")
        #expect(first.stdout == "meeting 1: introduction meeting on 2026-03-10, plan of 2 lines\n")
        try box.must(["meeting", "add", "--position", "1", "--kind", "adjustment", "--date", "today", "--plan", "-"], stdin: "Revideret plan\n",
                     as: "dr.ung")
        #expect(try box.sql("SELECT plan FROM meeting WHERE id = 2") == "Revideret plan\n\n")
        let list = try box.must(["meeting", "list", "--position", "1", "--format", "csv"])
        #expect(list.stdout.unixLines.contains("2,adjustment meeting,2026-06-15,Ulla Ung,dr.ung,\"Revideret plan\n\""))
        let add = ["meeting", "add", "--position", "1"]
        try box.refused(add + ["--kind", "slutsamtale", "--date", "2026-06-16"], status: 1, ["'--date' 2026-06-16 is in the future"], as: "dr.ung")
        try box.refused(add + ["--kind", "slutsamtale", "--date", "2026-02-01"], status: 1, ["outside position 1, which runs 2026-03-01 to 2027-06-30"],
                        as: "dr.ung")
        try box.refused(add + ["--kind", "justeringsamtale", "--date", "2026-06-01"], status: 64, ["did you mean \"justeringssamtale\"?"], as: "dr.ung")
        try box.refused(add + ["--kind", "final", "--date", "2026-06-01", "--plan", "missing.txt"], status: 66, ["missing.txt"], as: "dr.ung")
        try box.refused(add + ["--kind", "final", "--date", "2026-06-01"], status: 1, ["dr.dkv is not the trainee, main supervisor or UAO"], as: "dr.dkv")
    }
}

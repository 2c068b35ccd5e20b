import Foundation
import Testing

@Suite("intro positions")
struct PositionTests {
    @Test("start a part-time position: pins the version in force, prints id and planned end with its reason")
    func start() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let result = try box.run(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "kardiologi",
                                  "--start", "2026-03-01", "--part-time", "30/37", "--supervisor", "dr.berg"], as: "dr.lead")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            position 1: Ulla Ung (dr.ung) in KARD, Kardiologi 2022
            from 2026-03-01, planned end 2027-05-31
            Ends 2027-05-31: 12 months at 30/37 time is 14 months and 24 days from
              2026-03-01, moved forward to the last day of the month.

            """)
        #expect(try box.sql("SELECT c.version, p.part_time, p.started_by FROM position p JOIN curriculum c ON c.id = p.curriculum_id")
            == "2022|30/37|\(try box.sql("SELECT id FROM person WHERE handle = 'dr.lead'").trimmingCharacters(in: .whitespacesAndNewlines))\n")
        #expect(try box.sql("SELECT count(*) FROM position_supervisor").contains("1"))
        let show = try box.must(["position", "show", "1"])
        #expect(show.stdout.contains("curriculum: Kardiologi 2022"))
        #expect(show.stdout.contains("part time: 30/37 (81 %)"))
        #expect(show.stdout.contains("main supervisor: Bo Berg (dr.berg) from 2026-03-01"))
        #expect(show.stdout.contains("absence: 0 counted days of 44 allowed, 44 left"))
    }

    @Test("a start before the newer version's valid-from pins the older version; @VERSION not yet valid is refused")
    func pinning() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.seedCurriculum(version: "2027", validFrom: "2027-01-01", competencies: [SeedCompetency(code: "N1", title: "New", methods: [2])])
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi@2027",
                         "--start", "2026-03-01"], status: 1, ["Kardiologi 2027 is valid from 2027-01-01, after the start 2026-03-01"], as: "dr.lead")
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi@2099",
                         "--start", "2026-03-01"], status: 1, ["Kardiologi has no version \"2099\""], as: "dr.lead")
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiolgi",
                         "--start", "2026-03-01"], status: 1, ["did you mean \"Kardiologi\"?"], as: "dr.lead")
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Geriatri",
                         "--start", "2026-03-01"], status: 1, ["no curriculum for Geriatri has been imported"], as: "dr.lead")
        let pinned = try box.must(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi@2018",
                                   "--start", "2026-03-01"], as: "dr.lead")
        #expect(pinned.stdout.contains("Kardiologi 2018"))
    }

    @Test("general practice: 6 months with --kbu-general-practice; the flag is refused for hospital departments")
    func generalPractice() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let result = try box.must(["position", "start", "--trainee", "dr.ny", "--department", "LAEGE", "--curriculum", "Kardiologi",
                                   "--start", "2026-09-01", "--kbu-general-practice"], as: "dr.tutor")
        #expect(result.stdout.contains("planned end 2027-02-28"))
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi",
                         "--start", "2026-09-01", "--kbu-general-practice"], status: 64, ["'--kbu-general-practice' only applies"], as: "dr.lead")
    }

    @Test("one intro at a time: a second overlapping position is refused, naming the first")
    func secondOngoing() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "LAEGE", "--curriculum", "Kardiologi",
                         "--start", "2027-01-01"], status: 1,
                        ["dr.ung already has position 1 in KARD running 2026-03-01 to 2027-06-30", "one intro position at a time"], as: "sek.a")
        // The day after the first one ends is fine.
        try box.must(["position", "start", "--trainee", "dr.ung", "--department", "LAEGE", "--curriculum", "Kardiologi",
                      "--start", "2027-07-01"], as: "sek.a")
    }

    @Test("bad position input: part time, dates, unknown trainee or department, supervisor without grant, no grant to start")
    func badStart() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let base = ["position", "start", "--trainee", "dr.ung", "--department", "KARD", "--curriculum", "Kardiologi"]
        try box.refused(base + ["--start", "2026-03-01", "--part-time", "0.3"], status: 64,
                        ["'--part-time' must be between 0.5 and 1.0 (got 0.3)"], as: "dr.lead")
        try box.refused(base + ["--start", "2026-03-01", "--part-time", "120%"], status: 64, ["'--part-time' must be between 0.5 and 1.0"], as: "dr.lead")
        try box.refused(base + ["--start", "2026-03-01", "--part-time", "lots"], status: 64, ["'--part-time'", "not a fraction"], as: "dr.lead")
        try box.refused(base + ["--start", "31.2.2026"], status: 64, ["'--start'", "February 2026 has 28 days"], as: "dr.lead")
        try box.refused(["position", "start", "--trainee", "dr.unk", "--department", "KARD", "--curriculum", "Kardiologi", "--start", "2026-03-01"],
                        status: 1, ["'--trainee': no person \"dr.unk\"", "did you mean \"dr.ung\"?"], as: "dr.lead")
        try box.refused(["position", "start", "--trainee", "dr.ung", "--department", "KAR", "--curriculum", "Kardiologi", "--start", "2026-03-01"],
                        status: 1, ["no department \"KAR\"", "did you mean \"KARD\"?"], as: "dr.lead")
        try box.refused(base + ["--start", "2026-03-01", "--supervisor", "dr.ny"], status: 1,
                        ["dr.ny is not main supervisor in department KARD on 2026-03-01"], as: "dr.lead")
        try box.refused(base + ["--start", "2026-03-01"], status: 1, ["dr.berg is not UAO or secretariat of region Syddanmark for department KARD on 2026-06-15"],
                        as: "dr.berg")
        try box.refused(base + ["--start", "2026-03-01"], status: 64, ["who is acting?"])
    }

    @Test("position list filters by trainee, department and ongoing; show counts assessments and meetings")
    func listAndShow() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.must(["position", "start", "--trainee", "dr.ny", "--department", "LAEGE", "--curriculum", "Kardiologi", "--start", "2026-09-01"],
                     as: "dr.tutor")
        let all = try box.must(["position", "list", "--format", "csv"])
        #expect(all.stdout.unixLines.split(separator: "\n").count == 3)
        let ongoing = try box.must(["position", "list", "--ongoing", "--format", "csv"])
        #expect(ongoing.stdout.unixLines == "ID,Trainee,Name,Department,Curriculum,Start,Part time,End,Ongoing,Cancelled\n1,dr.ung,Ulla Ung,KARD,Kardiologi 2022,2026-03-01,75 %,2027-06-30,yes,no\n")
        let byDepartment = try box.must(["position", "list", "--department", "LAEGE", "--format", "csv"])
        #expect(byDepartment.stdout.contains("dr.ny") && !byDepartment.stdout.contains("dr.ung"))
        let byTrainee = try box.must(["position", "list", "--trainee", "dr.ung", "--format", "json"])
        #expect(byTrainee.stdout.contains("\"trainee\": \"dr.ung\"") && !byTrainee.stdout.contains("dr.ny"))
        try box.must(["record", "--position", "1", "I1", "--method", "Mini-CEX", "--date", "2026-06-01"], as: "dr.ung")
        let show = try box.must(["position", "show", "1"])
        #expect(show.stdout.contains("assessments: 1"))
        #expect(show.stdout.contains("meetings: 0"))
        try box.refused(["position", "show", "7"], status: 1, ["no position 7"])
    }

    @Test("position supervisor changes the hovedvejleder (UAO only; the new one needs a supervisor grant)")
    func changeSupervisor() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny"], status: 1, ["dr.ny is not main supervisor in department KARD"], as: "dr.lead")
        try box.must(["grant", "dr.ny", "supervisor", "--department", "KARD"], as: "dr.lead")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny"], status: 1, ["dr.berg is not UAO for position 1 on 2026-06-15"],
                        as: "dr.berg")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny", "--from", "2028-01-01"], status: 1,
                        ["'--from' 2028-01-01 is outside position 1, which runs 2026-03-01 to 2027-06-30"], as: "dr.lead")
        try box.must(["position", "supervisor", "--position", "1", "dr.ny"], as: "dr.lead")
        #expect(try box.must(["position", "show", "1"]).stdout.contains("main supervisor: Niels Ny (dr.ny) from 2026-06-15"))
        // The old hovedvejleder no longer records for the position; the new one does.
        try box.refused(["absence", "add", "--position", "1", "--from", "2026-06-01", "--to", "2026-06-01", "--kind", "ferie"], status: 1,
                        ["dr.berg is not the trainee, main supervisor or UAO for position 1 on 2026-06-15"], as: "dr.berg")
        try box.must(["absence", "add", "--position", "1", "--from", "2026-06-01", "--to", "2026-06-01", "--kind", "ferie"], as: "dr.ny")
    }

    @Test("a hovedvejleder must hold the grant through today and never be the trainee; check flags a position left without one")
    func supervisorChecks() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        #expect(!(try box.run(["check", "--position", "1"]).stdout.contains("main supervisor")))
        // A grant that ended before today does not carry a back-dated assignment.
        try box.must(["grant", "dr.ny", "supervisor", "--department", "KARD", "--from", "2026-03-01", "--until", "2026-05-31"], as: "dr.lead")
        let before = try box.sql("SELECT count(*) FROM position_supervisor")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny", "--from", "2026-04-01"], status: 1,
                        ["dr.ny no longer holds a main supervisor grant in department KARD today (2026-06-15)"], as: "dr.lead")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ny", "--from", "2026-04-01", "--lang", "da"], status: 1,
                        ["dr.ny har ikke længere en hovedvejledertilladelse i afdeling KARD i dag (15.06.2026)"], as: "dr.lead")
        // The trainee is never their own hovedvejleder, grant or not.
        try box.must(["grant", "dr.ung", "supervisor", "--department", "KARD"], as: "dr.lead")
        try box.refused(["position", "supervisor", "--position", "1", "dr.ung"], status: 1,
                        ["dr.ung is the trainee of this position and cannot be its own main supervisor"], as: "dr.lead")
        #expect(try box.sql("SELECT count(*) FROM position_supervisor") == before)
        // The hovedvejleder's grant ends: check says the position has no valid one, in both languages.
        let grant = try box.sql("SELECT id FROM role_grant WHERE role = 'supervisor' AND person_id = (SELECT id FROM person WHERE handle = 'dr.berg')")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try box.must(["grant", "end", grant, "--on", "2026-06-14"], as: "dr.lead")
        let check = try box.run(["check", "--position", "1"])
        #expect(check.stdout.contains("position 1 (dr.ung): main supervisor Bo Berg holds no main supervisor grant in the department on 2026-06-15"))
        let dansk = try box.run(["check", "--position", "1", "--lang", "da"])
        #expect(dansk.stdout.contains("stilling 1 (dr.ung): hovedvejleder Bo Berg har ingen hovedvejledertilladelse i afdelingen den 15.06.2026"))
    }

    @Test("a hovedvejleder's own view: position list --supervisor, and status points them at their trainees")
    func supervisorView() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.startPosition()
        let mine = try box.must(["position", "list", "--supervisor", "dr.berg", "--format", "csv"]).stdout
        #expect(mine.contains("1,dr.ung,Ulla Ung,KARD"))
        #expect(try box.must(["position", "list", "--supervisor", "dr.dkv", "--format", "json"]).stdout == "[]\n")
        try box.refused(["position", "list", "--supervisor", "dr.berg", "--trainee", "dr.ung"], status: 64,
                        ["give only one of '--trainee', '--department' and '--supervisor'"])
        try box.refused(["status"], status: 1, ["dr.berg has no intro position of their own; as main supervisor: position 1 (Ulla Ung)",
                                                "`logbook position list --supervisor dr.berg`"], as: "dr.berg")
        try box.refused(["status", "--lang", "da"], status: 1, ["dr.berg har ingen introduktionsstilling selv; som hovedvejleder: stilling 1 (Ulla Ung)"],
                        as: "dr.berg")
        try box.refused(["status"], status: 1, ["dr.dkv has no intro position; see `logbook position list`"], as: "dr.dkv")
        // After a change of hovedvejleder, the old one's list is empty and the new one's holds the position.
        try box.must(["grant", "dr.ny", "supervisor", "--department", "KARD"], as: "dr.lead")
        try box.must(["position", "supervisor", "--position", "1", "dr.ny"], as: "dr.lead")
        #expect(try box.must(["position", "list", "--supervisor", "dr.berg", "--format", "json"]).stdout == "[]\n")
        #expect(try box.must(["position", "list", "--supervisor", "dr.ny", "--format", "csv"]).stdout.contains("1,dr.ung,"))
    }
}

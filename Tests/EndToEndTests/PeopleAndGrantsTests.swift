import Foundation
import Testing

@Suite("departments, people and grants")
struct PeopleAndGrantsTests {
    @Test("bootstrap: the first person and the first secretariat grant need no --as, and say so")
    func bootstrap() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.must(["init"])
        let person = try box.must(["person", "add", "sek.a", "--name", "Sekretær A"])
        #expect(person.stdout.contains("bootstrap"))
        let grant = try box.must(["grant", "sek.a", "sekretariat", "--region", "Syddanmark"])
        #expect(grant.stdout.contains("grant 1: Sekretær A (sek.a) is secretariat in region Syddanmark"))
        #expect(grant.stdout.contains("bootstrap"))
        #expect(try box.sql("SELECT granted_by IS NULL FROM role_grant WHERE id = 1").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // Once a grant exists, nobody acts without --as.
        try box.refused(["person", "add", "dr.x", "--name", "X"], status: 64, ["who is acting? give --as HANDLE or set LOGBOOK_USER"])
        try box.refused(["grant", "sek.a", "secretariat", "--region", "Hovedstaden"], status: 64, ["who is acting?"])
        let second = try box.must(["person", "add", "dr.x", "--name", "X"], as: "sek.a")
        #expect(!second.stdout.contains("bootstrap"))
        #expect(try box.sql("SELECT p.handle FROM person x JOIN person p ON p.id = x.created_by WHERE x.handle = 'dr.x'")
            .contains("sek.a"))
    }

    @Test("LOGBOOK_USER names the actor when --as is absent")
    func logbookUser() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        box.environment["LOGBOOK_USER"] = "sek.a"
        try box.must(["person", "add", "dr.env", "--name", "Env"])
    }

    @Test("an unknown acting handle is refused with a suggestion")
    func unknownActor() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["person", "add", "dr.x", "--name", "X"], status: 1, ["'--as': no person \"sek.b\"", "did you mean \"sek.a\"?"], as: "sek.b")
    }

    @Test("department add, list and show with Danish kinds and current grants")
    func departments() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let list = try box.must(["department", "list", "--format", "csv"])
        #expect(list.stdout.unixLines == "Code,Name,Kind,Region\nKARD,Kardiologisk afdeling,hospital,Syddanmark\nLAEGE,Lægehuset,general practice,Syddanmark\n")
        let json = try box.must(["department", "list", "--format", "json"])
        #expect(json.stdout.contains("\"kind\": \"general-practice\""))
        let show = try box.must(["department", "show", "KARD"])
        #expect(show.stdout.contains("kind: hospital department"))
        #expect(show.stdout.contains("Lise Lead"))
        #expect(show.stdout.contains("Dorte Klinisk"))
        try box.refused(["department", "show", "KRAD"], status: 1, ["no department \"KRAD\"", "did you mean \"KARD\"?"])
        try box.refused(["department", "add", "NEU", "--name", "N", "--kind", "hospitl", "--region", "Syddanmark"], status: 64,
                        ["'--kind'", "did you mean \"hospital\"?"], as: "sek.a")
        // Only the region's own secretariat adds departments there.
        try box.refused(["department", "add", "AAR", "--name", "A", "--kind", "hospital", "--region", "Midtjylland"], status: 1,
                        ["sek.a is not secretariat for region Midtjylland on 2026-06-15"], as: "sek.a")
        try box.refused(["department", "add", "NEU", "--name", "N", "--kind", "hospital", "--region", "Syddanmark"], status: 1,
                        ["dr.lead is not secretariat for region Syddanmark"], as: "dr.lead")
        try box.refused(["department", "add", "KARD", "--name", "N", "--kind", "hospital", "--region", "Syddanmark"], status: 1,
                        ["department KARD already exists"], as: "sek.a")
    }

    @Test("person add, list and show")
    func people() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.must(["person", "add", "dr.aut", "--name", "Aut", "--authorisation-id", "X1234"], as: "dr.lead")
        let list = try box.must(["person", "list", "--format", "json"])
        #expect(list.stdout.contains("\"authorisation_id\": \"X1234\""))
        let show = try box.must(["person", "show", "dr.berg"])
        #expect(show.stdout.contains("name: Bo Berg"))
        #expect(show.stdout.contains("MS"))
        try box.refused(["person", "add", "dr.berg", "--name", "Again"], status: 1, ["already exists"], as: "sek.a")
        try box.refused(["person", "add", "dr.y", "--name", "Y", "--authorisation-id", "X1234"], status: 1, ["already belongs to dr.aut"], as: "sek.a")
        // A hovedvejleder is no administrator.
        try box.refused(["person", "add", "dr.z", "--name", "Z"], status: 1,
                        ["dr.berg is not secretariat, UAO or tutor for any department or region on 2026-06-15"], as: "dr.berg")
        try box.refused(["person", "show", "dr.brg"], status: 1, ["did you mean \"dr.berg\"?"])
    }

    @Test("UAO only in hospital departments, tutor only in general practice")
    func leadByKind() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["grant", "dr.ny", "uao", "--department", "LAEGE"], status: 1, ["its education lead is tutor, not UAO; grant tutor instead"],
                        as: "sek.a")
        try box.refused(["grant", "dr.ny", "tutor", "--department", "KARD"], status: 1, ["grant uao instead"], as: "sek.a")
        // The UAO cannot grant UAO; the secretariat cannot grant supervisors.
        try box.refused(["grant", "dr.ny", "uao", "--department", "KARD"], status: 1, ["dr.lead is not secretariat of region Syddanmark for department KARD"],
                        as: "dr.lead")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD"], status: 1, ["sek.a is not UAO for department KARD on 2026-06-15"],
                        as: "sek.a")
        try box.must(["grant", "dr.ny", "supervisor", "--department", "LAEGE"], as: "dr.tutor")
    }

    @Test("bad grant input: unknown role, handle or department, scope flags, --may-approve, dates")
    func badGrants() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["grant", "dr.ny", "hovedvejlder", "--department", "KARD"], status: 64, ["did you mean \"hovedvejleder\"?"], as: "dr.lead")
        try box.refused(["grant", "dr.nyy", "supervisor", "--department", "KARD"], status: 1, ["no person \"dr.nyy\"", "did you mean \"dr.ny\"?"],
                        as: "dr.lead")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KRD"], status: 1, ["did you mean \"KARD\"?"], as: "dr.lead")
        try box.refused(["grant", "dr.ny", "supervisor"], status: 64, ["needs '--department CODE'"], as: "dr.lead")
        try box.refused(["grant", "dr.ny", "secretariat", "--department", "KARD"], status: 64, ["give '--region NAME'"], as: "sek.a")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD", "--may-approve"], status: 64, ["'--may-approve'"], as: "dr.lead")
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD", "--from", "2026-07-01", "--until", "2026-06-01"], status: 64,
                        ["'--until' 2026-06-01 is before '--from' 2026-07-01"], as: "dr.lead")
        try box.refused(["grant", "dr.berg", "supervisor", "--department", "KARD"], status: 1, ["dr.berg already holds main supervisor"], as: "dr.lead")
    }

    @Test("grant end: the grant counts through its last day; a grant that ended yesterday no longer counts")
    func grantEnd() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        let added = try box.must(["grant", "dr.ny", "clinical-supervisor", "--department", "KARD", "--may-approve"], as: "dr.lead")
        #expect(added.stdout.contains("may approve competencies"))
        let list = try box.must(["grant", "list", "--person", "dr.lead", "--format", "csv"])
        #expect(list.stdout.contains("dr.lead,Lise Lead,head of training,KARD,2026-01-01,,no,Sekretær A,current"))
        // End dr.lead's UAO grant yesterday: from today on, dr.lead may grant nothing.
        let leadGrant = try box.sql("SELECT id FROM role_grant WHERE role = 'uao'").trimmingCharacters(in: .whitespacesAndNewlines)
        try box.refused(["grant", "end", leadGrant, "--on", "2026-06-14"], status: 1, ["dr.berg is not secretariat of region Syddanmark"], as: "dr.berg")
        let ended = try box.must(["grant", "end", leadGrant, "--on", "2026-06-14"], as: "sek.a")
        #expect(ended.stdout.contains("ends on 2026-06-14"))
        #expect(try box.sql("SELECT valid_until IS NULL FROM role_grant WHERE id = \(leadGrant)").contains("1"))
        try box.refused(["grant", "dr.ny", "supervisor", "--department", "KARD"], status: 1, ["dr.lead is not UAO for department KARD on 2026-06-15"],
                        as: "dr.lead")
        try box.refused(["grant", "end", leadGrant], status: 1, ["already ended on 2026-06-14"], as: "sek.a")
        try box.refused(["grant", "end", "99"], status: 1, ["no grant 99"], as: "sek.a")
        let after = try box.must(["grant", "list", "--department", "KARD"])
        #expect(after.stdout.contains("ended"))
    }

    @Test("a grant from tomorrow does not count today")
    func grantFromTomorrow() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.must(["grant", "dr.ny", "uao", "--department", "KARD", "--from", "2026-06-16"], as: "sek.a")
        try box.refused(["grant", "dr.ung", "supervisor", "--department", "KARD"], status: 1, ["dr.ny is not UAO for department KARD on 2026-06-15"],
                        as: "dr.ny")
        box.environment["LOGBOOK_TODAY"] = "2026-06-16"
        try box.must(["grant", "dr.ung", "supervisor", "--department", "KARD"], as: "dr.ny")
    }

    @Test("grant delegate / undelegate: one current grant at a time, the change on a day, by the UAO only")
    func delegation() throws {
        let box = try Sandbox()
        defer { box.cleanup() }
        try box.setUpDepartment()
        try box.refused(["grant", "delegate", "dr.ny", "--department", "KARD"], status: 1,
                        ["dr.ny holds no clinical supervisor grant in department KARD on 2026-06-15"], as: "dr.lead")
        try box.refused(["grant", "delegate", "dr.dkv", "--department", "KARD"], status: 1, ["sek.a is not"], as: "sek.a")
        let given = try box.must(["grant", "delegate", "dr.dkv", "--department", "KARD", "--from", "2026-06-20"], as: "dr.lead")
        #expect(given.stdout.contains("Dorte Klinisk (dr.dkv) may approve single competencies in KARD from 2026-06-20"))
        try box.refused(["grant", "delegate", "dr.dkv", "--department", "KARD", "--from", "2026-06-25"], status: 1,
                        ["dr.dkv may already approve in department KARD on 2026-06-25"], as: "dr.lead")
        // One grant counts on each day: without the delegation until the 19th, with it from the 20th.
        let list = try box.must(["grant", "list", "--person", "dr.dkv", "--format", "csv"]).stdout
        #expect(list.contains(",2026-01-01,2026-06-19,no,"))
        #expect(list.contains(",2026-06-20,,yes,"))
        box.environment["LOGBOOK_TODAY"] = "2026-07-01"
        let current = try box.must(["grant", "list", "--person", "dr.dkv", "--format", "json"]).stdout
        #expect(current.components(separatedBy: "\"status\": \"current\"").count == 2, "exactly one current grant")
        let withdrawn = try box.must(["grant", "undelegate", "dr.dkv", "--department", "KARD", "--lang", "da"], as: "dr.lead")
        #expect(withdrawn.stdout.contains("Dorte Klinisk (dr.dkv) godkender ikke længere i KARD fra 01.07.2026"))
        try box.refused(["grant", "undelegate", "dr.dkv", "--department", "KARD"], status: 1,
                        ["dr.dkv has no delegation to approve in department KARD on 2026-07-01"], as: "dr.lead")
    }
}

import Foundation
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookStore
import Testing

/// Issue 28: rules a real department meets. Each item of the issue holds here (or in EndToEndTests where only the
/// binary shows it), in both languages where text is concerned.
@Suite("Issue 28: programmes, conflicts of interest, cancelled positions, who reads, Danish")
struct Issue28Tests {
    /// A session on `db` as `handle` in `language`.
    func session(_ db: TestDatabase, _ handle: String?, _ language: Language = .en) -> Session {
        Session(store: db.store, today: db.today, actorHandle: handle, language: language)
    }

    // MARK: Nobody acts on their own record

    /// `started()` with dr.ung (the trainee of the position) also holding a UAO grant in KARD, and I1 approved by dr.berg.
    func traineeWithLeadGrant() throws -> (TestDatabase, Int64, EventRecord) {
        let (db, id) = try TestDatabase.started()
        try db.grant("dr.ung", .uao, in: "KARD", by: "sek.a")
        let approval = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: nil)
        return (db, id, try #require(approval.first))
    }

    @Test("Own record: a trainee holding a UAO grant in the department may not revoke, attest, state, assign the hovedvejleder, cancel or start their own position — in both languages")
    func ownRecordActs() throws {
        let (db, id, approval) = try traineeWithLeadGrant()
        for (language, revoke, assign, cancel, statement) in [
            (Language.en, "a trainee cannot revoke anything on their own position", "a trainee cannot assign their own main supervisor",
             "a trainee cannot cancel their own position", "a trainee cannot attest their own position"),
            (Language.da, "en uddannelseslæge kan ikke tilbagekalde noget i sin egen stilling",
             "en uddannelseslæge kan ikke udpege sin egen hovedvejleder", "en uddannelseslæge kan ikke annullere sin egen stilling",
             "en uddannelseslæge kan ikke attestere sin egen stilling"),
        ] {
            let ung = session(db, "dr.ung", language)
            try db.refused(["dr.ung", revoke]) { try Approvals.revoke(ung, eventID: approval.id, reason: "fejl") }
            try db.refused(["dr.ung", assign]) { try Positions.assignSupervisor(ung, positionID: id, handle: "dr.berg", from: nil) }
            try db.refused(["dr.ung", cancel]) { try Positions.cancel(ung, positionID: id, reason: "fejl") }
            try db.refused(["dr.ung", statement]) { try Approvals.statement(ung, positionID: id, text: nil) }
            try db.refused(["dr.ung"]) { try Approvals.approveCompetencies(ung, positionID: id, codes: ["I2"], date: nil, comment: nil) }
        }
        // The UAO who is not the trainee still may: the rule is about the person, not the grant.
        _ = try Approvals.revoke(db.as("dr.lead"), eventID: approval.id, reason: "fejl")
    }

    @Test("Own record: the trainee cannot start their own intro position, even holding the department's UAO grant")
    func ownRecordStart() throws {
        let (db, _) = try TestDatabase.started()
        try db.grant("dr.ny", .uao, in: "KARD", by: "sek.a")
        for (language, text) in [(Language.en, "a trainee cannot start their own intro position"),
                                 (Language.da, "en uddannelseslæge kan ikke oprette sin egen introduktionsstilling")] {
            try db.refused(["dr.ny", text]) {
                try Positions.start(session(db, "dr.ny", language), Positions.StartRequest(
                    trainee: "dr.ny", department: "KARD", curriculum: "Kardiologi", start: "1.5.2026", partTime: nil, supervisor: "dr.berg"))
            }
        }
    }

    @Test("Own record: a trainee cannot name themself assessor; nor be named their own hovedvejleder")
    func ownRecordAssessorAndSupervisor() throws {
        let (db, id) = try TestDatabase.started()
        try db.grant("dr.ung", .supervisor, in: "KARD", by: "dr.lead")
        for (language, text) in [(Language.en, "cannot be the assessor on their own position"),
                                 (Language.da, "kan ikke selv være bedømmer i sin egen stilling")] {
            try db.refused(["dr.ung", text]) {
                try Assessments.record(session(db, "dr.ung", language), .init(positionID: id, code: "I1", method: "Mini-CEX",
                                                                              date: "2026-05-01", assessor: "dr.ung"))
            }
        }
        try db.refused(["dr.ung"]) { try Positions.assignSupervisor(db.as("dr.lead"), positionID: id, handle: "dr.ung", from: nil) }
        // Another assessor is fine.
        _ = try Assessments.record(db.as("dr.ung"), .init(positionID: id, code: "I1", method: "Mini-CEX", date: "2026-05-01", assessor: "dr.berg"))
    }

    // MARK: Curriculum CSV from Excel

    static let almen = CurriculumImportFlags(specialty: "Almen medicin", version: "2023", validFrom: "2023-03-01")

    @Test("Excel CSV: a first line sep=; names the delimiter (with a BOM, CRLF); errors keep the file's line numbers")
    func excelSeparatorLine() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let text = "\u{FEFF}sep=;\r\nkode;titel;roller;metoder\r\nI1;EKG, hjerte;Kommunikator;Mini-CEX|Casebaseret diskussion, skriftlig\r\nI2;Journal;Kommunikator;Audit, Mini-CEX\r\n"
        _ = try CurriculumImport.run(db.as(nil), path: "almen.csv", bytes: Array(text.utf8), flags: Self.almen)
        let (curriculum, content) = try CurriculumCatalog.find(db.as(nil), reference: "Almen medicin@2023")
        #expect(curriculum.version == "2023")
        let i1 = try #require(content.competencies.first { $0.code == "I1" })
        #expect(i1.title == "EKG, hjerte")
        #expect(i1.methods.map(\.name).contains("Casebaseret diskussion, skriftlig"), "\(i1.methods.map(\.name))")
        #expect(i1.methods.count == 2)
        let i2 = try #require(content.competencies.first { $0.code == "I2" })
        #expect(i2.methods.count == 2, "commas between seeded methods still split: \(i2.methods.map(\.name))")
        // Line numbers after the sep= line are the file's physical lines.
        let bad = "sep=;\nkode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\nI1;Igen;Kommunikator;Audit\n"
        try db.refused(.dataError, ["bad.csv:4: competency code \"I1\" appears twice (first on line 3)"]) {
            try CurriculumImport.run(db.as(nil), path: "bad.csv", bytes: Array(bad.utf8),
                                     flags: CurriculumImportFlags(specialty: "Almen medicin", version: "2024", validFrom: "2024-03-01"))
        }
    }

    @Test("Excel CSV: a comma inside a method's name is never split silently — a cell that cannot be split safely is refused with its line, in both languages")
    func commaInMethodName() throws {
        let db = try TestDatabase(today: "2026-06-15")
        let text = "kode;titel;roller;metoder\nI1;EKG;Kommunikator;Audit\nI2;Journal;Kommunikator;Mini-CEX, Logbog, skriftlig\n"
        for (language, message) in [
            (Language.en, "bad.csv:3: the methods \"Mini-CEX, Logbog, skriftlig\" are separated only by commas, and \"Logbog\" is no known method"),
            (Language.da, "bad.csv:3: metoderne \"Mini-CEX, Logbog, skriftlig\" er kun adskilt med komma, og \"Logbog\" er ikke en kendt metode"),
        ] {
            try db.refused(.dataError, [message, "|"]) {
                try CurriculumImport.run(session(db, nil, language), path: "bad.csv", bytes: Array(text.utf8), flags: Self.almen)
            }
        }
    }

    // MARK: Programme and målbeskrivelse agree on methods

    @Test("Programme methods: a method the målbeskrivelse does not list for that competency (a seeded one too) is refused at programme import with its line, in both languages; status only suggests listed methods")
    func programmeMethodNotListed() throws {
        let db = try TestDatabase.department()
        // Kardiologi 2022 lists Mini-CEX and Kompetencekort for I1: OSATS is seeded, but not I1's.
        let program = """
            {"department": "KARD", "specialty": "Kardiologi", "curriculumVersion": "2022", "title": "P", "version": "1",
             "items": [{"competency": "I2", "dueMonth": 2, "method": "Audit"},
                       {"competency": "I1", "dueMonth": 3, "method": "OSATS"}]}
            """
        for (language, message) in [
            (Language.en, "Kardiologi 2022 does not name the assessment method \"OSATS\" for competency \"I1\""),
            (Language.da, "Kardiologi 2022 nævner ikke vurderingsmetoden \"OSATS\" for kompetence \"I1\""),
        ] {
            try db.refused(.dataError, ["p.json:3: $.items[1].method", message]) {
                try ProgramImport.run(session(db, "dr.lead", language), path: "p.json", bytes: Array(program.utf8))
            }
        }
        let listed = program.replacingOccurrences(of: "\"OSATS\"", with: "\"Kompetencekort\"")
        _ = try ProgramImport.run(db.as("dr.lead"), path: "p.json", bytes: Array(listed.utf8))
        let facts = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.ung", department: "KARD", curriculum: "Kardiologi", start: "1.3.2026", partTime: nil, supervisor: "dr.berg"))
        let status = try Overviews.status(db.as("dr.ung"), position: facts.id, trainee: nil, on: nil).status
        let i1 = try #require(status.competencies.first { $0.competency.code == "I1" })
        #expect(i1.suggestedMethod?.name == "Kompetencekort")
        // What the programme suggests, `record` accepts.
        _ = try Assessments.record(db.as("dr.ung"), .init(positionID: facts.id, code: "I1", method: "Kompetencekort", date: "2026-05-01"))
    }

    // MARK: Percentages

    @Test("Percentages are rounded: 5 of 12 is 42 %, never 100 % before all nor 0 % after one", arguments: [
        (5, 12, 42), (1, 3, 33), (2, 3, 67), (1, 2, 50), (199, 200, 99), (1, 300, 1), (0, 12, 0), (12, 12, 100), (0, 0, 0),
    ])
    func roundedPercent(_ part: Int, _ whole: Int, _ expected: Int) {
        #expect(Progress.percent(part, of: whole) == expected)
    }

    // MARK: A new målbeskrivelse version and the department's programme

    /// A programme for KARD on Kardiologi `version` (`code` due by month 2).
    func program(_ version: String, code: String, label: String) -> [UInt8] {
        Array("""
            {"department": "KARD", "specialty": "Kardiologi", "curriculumVersion": "\(version)", "title": "Program \(version)",
             "version": "\(label)", "items": [{"competency": "\(code)", "dueMonth": 2}]}
            """.utf8)
    }

    @Test("New version without the department's programme: said at start, flagged by check and the report, attached by the UAO only within the version — in both languages")
    func missingProgramme() throws {
        let db = try TestDatabase.department()
        _ = try ProgramImport.run(db.as("dr.lead"), path: "p2018.json", bytes: program("2018", code: "X9", label: "2018-1"))
        let facts = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.ung", department: "KARD", curriculum: "Kardiologi", start: "1.3.2026", partTime: nil, supervisor: "dr.berg"))
        #expect(facts.curriculum.label == "Kardiologi 2022" && facts.position.programID == nil, "never guessed across versions")
        let gap = try #require(try Positions.programGap(db.as("dr.lead"), facts))
        #expect(gap.otherVersions == ["Kardiologi 2018"] && gap.choices.isEmpty)
        #expect(Texts(.en).programGap(gap).contains("position \(facts.id) has no department programme (uddannelsesprogram): KARD has none for Kardiologi 2022"))
        #expect(Texts(.da).programGap(gap).contains("stilling \(facts.id) har intet uddannelsesprogram: KARD har intet for Kardiologi 2022"))
        #expect(Texts(.da).programGapShort(gap).hasPrefix("Intet uddannelsesprogram for Kardiologi 2022 i KARD"))
        // check flags it, in both languages; so does the report.
        let english = try Overviews.check(session(db, "dr.lead"), scope: .department("KARD"), on: nil)
        #expect(english.contains { $0.hasPrefix("position \(facts.id) (dr.ung): no department programme (uddannelsesprogram) for Kardiologi 2022 in KARD") }, "\(english)")
        let danish = try Overviews.check(session(db, "dr.lead", .da), scope: .department("KARD"), on: nil)
        #expect(danish.contains { $0.hasPrefix("stilling \(facts.id) (dr.ung): intet uddannelsesprogram for Kardiologi 2022 i KARD") }, "\(danish)")
        let report = try Overviews.report(db.as("dr.lead"), department: "KARD", on: nil, selection: .ongoing)
        #expect(report.withoutProgram == [facts.id] && report.rows.first?.program == nil)
        #expect(ReportRendering.html(report, texts: Texts(.da)).contains("intet uddannelsesprogram: ingen frister"))
        // The 2018 programme is never attached across versions; the trainee never attaches one.
        let old = try #require(try ProgramCatalog.list(db.as(nil)).first).id
        for (language, text) in [(Language.en, "follows another målbeskrivelse version than position \(facts.id) (Kardiologi 2022)"),
                                 (Language.da, "følger en anden version af målbeskrivelsen end stilling \(facts.id) (Kardiologi 2022)")] {
            try db.refused([text]) { try Positions.attachProgram(session(db, "dr.lead", language), positionID: facts.id, programID: old) }
        }
        // The UAO imports the department's programme for 2022 and attaches it: deadlines from the position's start.
        _ = try ProgramImport.run(db.as("dr.lead"), path: "p2022.json", bytes: program("2022", code: "I1", label: "2026-1"))
        let new = try #require(try ProgramCatalog.list(db.as(nil)).first { $0.version == "2026-1" }).id
        try db.refused(["dr.ung"]) { try Positions.attachProgram(db.as("dr.ung"), positionID: facts.id, programID: new) }
        let (attached, chosen) = try Positions.attachProgram(db.as("dr.lead"), positionID: facts.id, programID: new)
        #expect(attached.position.programID == new && chosen.version == "2026-1")
        #expect(try Positions.programGap(db.as("dr.lead"), attached) == nil)
        let status = try Overviews.status(db.as("dr.ung"), position: facts.id, trainee: nil, on: nil).status
        #expect(status.competencies.first { $0.competency.code == "I1" }?.deadline?.month == 2)
        // Due by 2026-04-30, overdue on 2026-06-15: check now says so instead of the missing programme.
        let after = try Overviews.check(db.as("dr.lead"), scope: .department("KARD"), on: nil)
        #expect(!after.contains { $0.contains("no department programme") } && after.contains { $0.contains("I1") }, "\(after)")
        try db.refused(["already follows programme \(new)"]) {
            try Positions.attachProgram(db.as("dr.lead"), positionID: facts.id, programID: new)
        }
    }

    @Test("Two målbeskrivelse versions valid from the same day are refused at import, naming the other, in both languages")
    func sameValidFrom() throws {
        let db = try TestDatabase.department()
        for (language, text) in [(Language.en, "Kardiologi 2023 would be valid from 2022-01-01, the same day as Kardiologi 2022"),
                                 (Language.da, "Kardiologi 2023 ville gælde fra 01.01.2022, samme dag som Kardiologi 2022")] {
            try db.refused([text]) {
                try CurriculumImport.run(session(db, "sek.a", language), path: "k.json", bytes: Array("""
                    {"specialty": "Kardiologi", "level": "intro", "version": "2023", "validFrom": "2022-01-01", "title": "T",
                     "courses": [], "competencies": [{"code": "I1", "title": "T", "roles": ["Kommunikator"], "methods": ["Audit"]}]}
                    """.utf8), flags: CurriculumImportFlags())
            }
        }
    }

    // MARK: Holiday in working days

    @Test("Holiday is shown in working days (Monday to Friday, not public holidays); it never counts, other kinds stay calendar days")
    func holidayInWorkingDays() throws {
        let (db, id) = try TestDatabase.started()
        let ung = db.as("dr.ung")
        _ = try Absences.add(ung, positionID: id, from: "2026-07-06", to: "2026-07-24", kind: "ferie", note: nil)
        _ = try Absences.add(ung, positionID: id, from: "2027-03-22", to: "2027-04-02", kind: "holiday", note: nil)
        _ = try Absences.add(ung, positionID: id, from: "2026-05-04", to: "2026-05-10", kind: "sygdom", note: nil)
        let listing = try Absences.listing(ung, positionID: id, all: false)
        #expect(listing.lines.map(\.days) == [7, 15, 7], "sickness in calendar days; three weeks of ferie are 15 feriedage; Easter 2027 takes skærtorsdag, langfredag and 2. påskedag")
        #expect(listing.schedule.countedAbsenceDays == 7, "holiday never counts toward the allowance")
        #expect(WorkingDays.easterSunday(2027) == day("2027-03-28") && WorkingDays.easterSunday(2026) == day("2026-04-05"))
        #expect(WorkingDays.isPublicHoliday(day("2023-05-05")) && !WorkingDays.isPublicHoliday(day("2024-04-26")), "store bededag until 2023")
    }

    // MARK: Cancelled positions

    /// `started()` with dr.ny's position in KARD from 2026-05-01, cancelled (started by mistake). Returns it too.
    func withCancelled() throws -> (TestDatabase, Int64, Int64) {
        let (db, id) = try TestDatabase.started()
        let cancelled = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.ny", department: "KARD", curriculum: "Kardiologi", start: "1.5.2026", partTime: nil, supervisor: "dr.berg")).id
        _ = try Positions.cancel(db.as("dr.lead"), positionID: cancelled, reason: "forkert uddannelseslæge")
        return (db, id, cancelled)
    }

    @Test("Cancelled positions are left out of the report in every selection and format, and of eligibility reasons", arguments: [
        Overviews.ReportSelection.all, .ongoing, .overlapping(from: "2026-01-01", to: "2027-12-31"),
    ])
    func cancelledLeftOut(_ selection: Overviews.ReportSelection) throws {
        let (db, id, cancelled) = try withCancelled()
        let report = try Overviews.report(db.as("dr.lead"), department: "KARD", on: nil, selection: selection)
        #expect(report.rows.map(\.positionID) == [id], "cancelled position \(cancelled) must not be counted or listed")
        #expect(!ReportRendering.csv(report, style: CSVStyle(delimiter: ";", byteOrderMark: false), texts: Texts(.da)).contains("dr.ny"))
        #expect(!ReportRendering.json(report).contains("dr.ny") && !ReportRendering.html(report, texts: Texts(.en)).contains("dr.ny"))
        let answer = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ny", specialty: "Kardiologi", on: nil).answer
        #expect(answer.why == .noIntro(specialty: "Kardiologi"), "the cancelled position is no intro: \(answer.why)")
    }

    // MARK: Eligibility

    @Test("Eligibility: the official names and the group; reasons name each position with its own specialty, in Danish too")
    func eligibilityNames() throws {
        let (db, id) = try TestDatabase.started()
        for name in ["Intern medicin: nefrologi", "intern medicin:kardiologi", "Intern medicin"] {
            let (_, shown, answer) = try EligibilityCheck.evaluate(db.as(nil), trainee: "dr.ung", specialty: name, on: nil)
            #expect(shown == (name == "Intern medicin" ? "Intern medicin" : name.contains("nefro") ? "Nefrologi" : "Kardiologi"), "\(name): \(shown)")
            guard case .neither(let positions, _) = answer.why else {
                Issue.record("\(name): expected the intro named, got \(answer.why)")
                continue
            }
            #expect(positions == [IntroPosition(id: id, specialty: "Kardiologi")])
            #expect(Texts(.en).eligibility(answer.why) == "intro position \(id) in Kardiologi has neither an element attestation nor an advance statement")
            #expect(Texts(.da).eligibility(answer.why).hasPrefix("introduktionsstilling \(id) i Kardiologi har hverken en attestation"))
        }
    }
}

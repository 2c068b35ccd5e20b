import Foundation
import LogbookApp
import LogbookDomain
import LogbookFormats
import LogbookStore
import Testing

@Suite("Input that becomes permanent: handles, texts, codes, dates and sizes are checked before anything is stored")
struct InputUseCaseTests {
    @Test("a handle outside the alphabet, or confusable with an existing one, is refused")
    func handles() throws {
        let db = try TestDatabase.department()
        try db.refused(.usage, ["HANDLE \"dr.h\\u{043E}ved\" holds U+043E (not ASCII)", "a handle is 2 to 32 characters"]) {
            try People.add(db.as("sek.a"), handle: "dr.h\u{43E}ved", name: "N", authorisationID: nil)
        }
        try db.refused(.usage, ["U+202E (a bidirectional control)"]) {
            try People.add(db.as("sek.a"), handle: "dr.\u{202E}x", name: "N", authorisationID: nil)
        }
        try db.refused(["handle \"dr-berg\" is too easily mistaken for the existing \"dr.berg\""]) {
            try People.add(db.as("sek.a"), handle: "dr-berg", name: "N", authorisationID: nil)
        }
        let added = try People.add(db.as("sek.a"), handle: "DR.Hoved", name: "  Ho\u{301}ved  ", authorisationID: nil)
        #expect(added.person.handle == "dr.hoved")
        #expect(Array(added.person.name.unicodeScalars) == Array("Hóved".unicodeScalars))
    }

    @Test("names, notes, comments, reasons and statements refuse control, bidi and zero-width characters with the code point")
    func texts() throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(.usage, ["'--name' contains U+001B (a control character)"]) {
            try People.add(db.as("sek.a"), handle: "dr.esc", name: "A\u{1B}]0;owned\u{7}", authorisationID: nil)
        }
        try db.refused(.usage, ["'--note' contains U+0000 (NUL)"]) {
            try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-04-01", to: "2026-04-02", kind: "sygdom", note: "a\u{0}b")
        }
        try db.refused(.usage, ["'--comment' contains U+200B (an invisible (zero-width) character)"]) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil, comment: "ok\u{200B}")
        }
        try db.refused(.usage, ["competency code contains U+200B"]) {
            try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1\u{200B}"], date: nil, comment: nil)
        }
        try db.refused(.usage, ["the statement's text contains U+2066 (a bidirectional control)"]) {
            try Approvals.statement(db.as("dr.lead"), positionID: id, text: "ok \u{2066}x")
        }
        try db.refused(.usage, ["'--note' contains U+0085 (a C1 control character)"]) {
            try Assessments.record(db.as("dr.ung"), Assessments.Request(positionID: id, code: "I1", method: "Mini-CEX", date: "2026-06-01",
                                                                          note: "x\u{85}"))
        }
        let event = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: id, codes: ["I1"], date: nil,
                                                      comment: "Mini-CEX ok\r\nfint")[0]
        #expect(event.content.text == "Mini-CEX ok\nfint")
        try db.refused(.usage, ["'--reason' contains U+202E"]) { try Approvals.revoke(db.as("dr.berg"), eventID: event.id, reason: "\u{202E}x") }
    }

    @Test("a plan with a NUL or larger than the text limit is refused (65); a plan is stored in NFC")
    func plans() throws {
        let (db, id) = try TestDatabase.started()
        let nul = db.folder.appendingPathComponent("nul.txt")
        try Data("Mål\u{0}EKG\n".utf8).write(to: nul)
        try db.refused(.dataError, ["nul.txt: the plan contains U+0000 (NUL)"]) {
            try Meetings.add(db.as("dr.berg"), positionID: id, kind: "introduction", date: "2026-03-10", plan: nul.path)
        }
        let big = db.folder.appendingPathComponent("big.txt")
        try Data(repeating: UInt8(ascii: "x"), count: 10 * 1_048_576).write(to: big)
        try db.refused(.dataError, ["big.txt is 10 MB; this file may be at most 390 KB"]) {
            try Meetings.add(db.as("dr.berg"), positionID: id, kind: "introduction", date: "2026-03-10", plan: big.path)
        }
        let long = db.folder.appendingPathComponent("long.txt")
        try Data(String(repeating: "æ", count: InputLimits.text + 1).utf8).write(to: long)
        try db.refused(.dataError, ["long.txt: the plan is 100001 characters long; it may be at most 100000 characters"]) {
            try Meetings.add(db.as("dr.berg"), positionID: id, kind: "introduction", date: "2026-03-10", plan: long.path)
        }
        let decomposed = db.folder.appendingPathComponent("nfd.txt")
        try Data("Ma\u{30A}l: EKG\n".utf8).write(to: decomposed)
        let meeting = try Meetings.add(db.as("dr.berg"), positionID: id, kind: "introduction", date: "2026-03-10", plan: decomposed.path)
        #expect(Array(meeting.plan.unicodeScalars) == Array("Mål: EKG\n".unicodeScalars))
    }

    @Test("an imported code that looks like another (Cyrillic С1 beside C1) or holds a zero-width space is refused (65)")
    func confusableCodes() throws {
        let db = try TestDatabase.department()
        try db.refused(.dataError, ["competency code \"\\u{0421}1\" looks like \"C1\"", "another script"]) {
            try db.seedCurriculum(version: "2023", validFrom: "2023-01-01", [Seed(code: "C1", methods: ["Mini-CEX"]),
                                                                             Seed(code: "\u{421}1", methods: ["Mini-CEX"])])
        }
        try db.refused(.dataError, ["\"code\" contains U+200B"]) {
            try db.seedCurriculum(version: "2023", validFrom: "2023-01-01", [Seed(code: "C1\u{200B}", methods: ["Mini-CEX"])])
        }
        try db.refused(.dataError, ["\"title\" contains U+202E"]) {
            let json = #"{"specialty": "Kardiologi", "version": "2024", "validFrom": "2024-01-01", "title": "T\u202e", "competencies": [{"code": "A", "title": "A", "roles": ["Kommunikator"], "methods": ["Mini-CEX"]}]}"#
            try CurriculumImport.run(db.as("sek.a"), path: "x.json", bytes: Array(json.utf8), flags: CurriculumImportFlags())
        }
    }

    @Test("a CSV header followed by a million empty columns is refused (65) before it is read further")
    func wideCSV() throws {
        let db = try TestDatabase.department()
        let csv = "kode;titel;roller;metoder" + String(repeating: ";", count: 1_000_000) + "\nA1;T;Kommunikator;Mini-CEX\n"
        try db.refused(.dataError, ["wide.csv:1: the row has more than 256 fields"]) {
            try CurriculumImport.run(db.as("sek.a"), path: "wide.csv", bytes: Array(csv.utf8),
                                     flags: CurriculumImportFlags(specialty: "Kardiologi", version: "2030", validFrom: "2026-01-01"))
        }
    }

    @Test("dates outside what the domain allows are refused with the bound")
    func dates() throws {
        let (db, id) = try TestDatabase.started()
        try db.refused(["'--to' would move the position's end to", "a position lasts at most 6 years", "until 2032-02-29 at the latest"]) {
            try Absences.add(db.as("dr.ung"), positionID: id, from: "2026-05-01", to: "9999-12-31", kind: "barsel", note: nil)
        }
        try db.refused(["'--start' 9999-12-01 is more than 2 years after today (2026-06-15)"]) {
            try Positions.start(db.as("dr.lead"), Positions.StartRequest(trainee: "dr.ny", department: "KARD", curriculum: "Kardiologi",
                                                                         start: "9999-12-01"))
        }
        try db.refused(["'--from' 0001-01-01 is more than 10 years before today (2026-06-15); a grant may start at the earliest on 2016-06-15"]) {
            try db.grant("dr.ny", .supervisor, in: "KARD", by: "dr.lead", from: "0001-01-01")
        }
        try db.refused(["'--until' 9999-12-31 is more than 10 years after today"]) {
            try db.grant("dr.ny", .supervisor, in: "KARD", by: "dr.lead", until: "9999-12-31")
        }
    }
}

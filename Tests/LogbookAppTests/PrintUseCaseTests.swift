@testable import LogbookApp
import LogbookDomain
import LogbookStore
import Testing

/// Issue 16: the printable logbook of one position, and the department report's HTML for a head of department.
@Suite("Printable logbook and the report's HTML")
struct PrintUseCaseTests {
    /// A session on `db` in `language`, optionally scoped to its actor as the server's are.
    func session(_ db: TestDatabase, _ handle: String?, _ language: Language = .en, scoped: Bool = false) -> Session {
        Session(store: db.store, today: db.today, actorHandle: handle, now: { "\(db.today.iso)T10:00:00.000Z" },
                readScope: scoped ? .actor : .everything, language: language)
    }

    @Test("on the page: the bundle to download is the very bundle whose SHA-256 the page prints")
    func bundleOnThePage() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let document = try PrintableLogbook.document(session(db, nil), positionID: lund, bundle: .onThePage)
        let href = try #require(document.html.firstMatch(of: /id="bundle-download" download="[^"]*" href="data:application\/json;base64,([^"]*)"/)).1
        let bytes = try #require(Base64.decode(String(href)))
        #expect(bytes == Array(document.bundle.utf8), "the bytes offered are the bundle whose SHA-256 is printed")
        #expect(document.html.contains("id=\"bundle-hash\">\(document.bundleHash)<"))
    }

    @Test("every section is there: position, competencies with approver and date, courses, meetings, absence, attestations, verification")
    func sections() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        _ = try Absences.add(db.as("dr.lund"), positionID: lund, from: "2026-11-02", to: "2026-11-06", kind: "sygdom", note: nil)
        let document = try PrintableLogbook.document(session(db, nil), positionID: lund)
        let html = document.html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for part in ["Logbook of an intro position", "Ida Lund (dr.lund) · position \(lund)", "Kardiologi, version 2022",
                     "Peter Juhl (dr.hoved)", "<h2>Competencies</h2>", "3 of 12 competencies approved (25 %)",
                     "approved 2026-11-15 by Peter Juhl (main supervisor)", "<h2>Courses</h2>", "Kursus i klinisk vejledning",
                     "<h2>Supervisor meetings</h2>", "2026-09-08", "<h2>Absence and end</h2>", "Counted absence: 5 of 36 allowed days.",
                     "Ends 2027-08-31", "sickness", "<h2>Attestations and advance statement</h2>", "not attested (possible from 2027-08-01)",
                     "<h2>Verification</h2>", document.bundleHash, "SHA-256 is a fingerprint of the documentation bundle",
                     "The bundle was not saved with this page", "Countersigned by the education lead (UAO) / head of department:",
                     "@page { size: A4 portrait;", "counter(page)", "counter(pages)", "printed 2027-03-10", "Printed 10 March 2027", "class=\"running\"",
                     "overdue since 2027-02-01"] {
            #expect(html.contains(part), "missing: \(part)")
        }
        // A document for the authorities: no shell commands anywhere in it.
        for command in ["logbook print", "logbook verify", "logbook export", "sha256sum", "python3", "--bundle", "<code>"] {
            #expect(!html.contains(command), "a command in the printed logbook: \(command)")
        }
        #expect(document.bundleHash.count == 64)
        #expect(document.bundleHash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(document.bundle.contains("\"format\""))
        #expect(!html.lowercased().contains("<script"))
        #expect(try PrintableLogbook.html(session(db, nil), positionID: lund).contains("<h2>Verification</h2>"))
    }

    @Test("an attested element and its time attestation, with who attested")
    func attested() throws {
        let (db, _, _, aero) = try TestDatabase.cardiology()
        let html = try PrintableLogbook.html(session(db, nil), positionID: aero)
        #expect(html.contains("by Hanne Mortensen (head of training)"))
        #expect(html.contains("attested "))
        #expect(html.contains("The intro position is approved and completed."))
        #expect(html.contains("12 of 12 competencies approved (100 %)"))
    }

    @Test("Danish by the session's language: Danish headings, terms and dates")
    func danish() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let html = try PrintableLogbook.html(session(db, nil, .da), positionID: lund)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"da\">"))
        for part in ["Logbog for introduktionsstilling", "<h2>Kompetencer</h2>", "godkendt 15.11.2026 af Peter Juhl (hovedvejleder)",
                     "<h2>Vejledersamtaler</h2>", "<h2>Fravær og slutdato</h2>", "<h2>Attestationer og forhåndsudtalelse</h2>",
                     "<h2>Kontrol</h2>", "udskrevet 10.03.2027", "Udskrevet 10. marts 2027", "\"Side \" counter(page) \" af \" counter(pages)", "Kontrasigneret af",
                     "Slutter 31.08.2027"] {
            #expect(html.contains(part), "missing: \(part)")
        }
        for english in ["Competencies", "Verification", "Printed", "main supervisor"] {
            #expect(!html.contains(english), "English in the Danish page: \(english)")
        }
    }

    @Test("a hostile name, comment and plan are shown as text; nothing can end the style sheet")
    func escaping() throws {
        let db = try TestDatabase.department()
        let hostile = #"<script>alert("x");</script> & Co"#
        _ = try People.add(db.as("sek.a"), handle: "dr.x", name: hostile, authorisationID: nil)
        let position = try Positions.start(db.as("dr.lead"), Positions.StartRequest(
            trainee: "dr.x", department: "KARD", curriculum: "Kardiologi", start: "1.3.2026", partTime: nil, supervisor: "dr.berg")).id
        _ = try Meetings.add(db.as("dr.x"), positionID: position, kind: "introduction", date: "2026-03-05", plan: nil,
                             planText: "Mål:\n<b>fed</b> & \"citat\"; næste linje")
        _ = try Approvals.approveCompetencies(db.as("dr.berg"), positionID: position, codes: ["I1"], date: "2026-06-01",
                                              comment: "ok;\n</style><script>x()</script>")
        let html = try PrintableLogbook.html(session(db, nil), positionID: position)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>fed"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;);&lt;/script&gt; &amp; Co"))
        #expect(html.contains("Mål:\n&lt;b&gt;fed&lt;/b&gt; &amp; &quot;citat&quot;; næste linje"))
        #expect(html.contains("&lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;"))
        // One style element, ended once.
        #expect(html.components(separatedBy: "</style>").count == 2)
        // The CSS strings hold only catalog text and dates, escaped.
        #expect(PrintableLogbook.cssString("a\"b</style>\n") == #""a\22 b\3c \2f style\3e \a ""#)
    }

    @Test("a revoked approval is shown struck through as revoked, with who revoked it, when and why")
    func revoked() throws {
        let (db, lund, _, _) = try TestDatabase.cardiology()
        let approval = try #require(Approvals.history(db.as(nil), positionID: lund).events.first {
            $0.kind == .competencyApproval && $0.content.competencyCode == "I7"
        })
        _ = try Approvals.revoke(db.as("dr.hoved"), eventID: approval.id, reason: "approved on the wrong position")
        let html = try PrintableLogbook.html(session(db, nil), positionID: lund)
        #expect(html.contains("<del>approved 2026-11-15 by Peter Juhl (main supervisor)</del>"))
        #expect(html.contains("revoked 2027-03-10 by Peter Juhl (main supervisor): approved on the wrong position"))
        #expect(html.contains("2 of 12 competencies approved"))
        let danish = try PrintableLogbook.html(session(db, nil, .da), positionID: lund)
        #expect(danish.contains("tilbagekaldt 10.03.2027 af Peter Juhl (hovedvejleder): approved on the wrong position"))
    }

    @Test("an unknown position, and one out of the reader's sight, are the usual not-found answer")
    func notFound() throws {
        let (db, lund, kim, _) = try TestDatabase.cardiology()
        try db.refused(["no position 99"]) { try PrintableLogbook.html(db.as(nil), positionID: 99) }
        // Scoped to its actor, as the server is: dr.kim may read her own position, not dr.lund's.
        #expect(try PrintableLogbook.html(session(db, "dr.kim", scoped: true), positionID: kim).contains("Kim Nørgaard"))
        let error = try #require(try db.refused(["no position \(lund)"]) {
            try PrintableLogbook.html(session(db, "dr.kim", scoped: true), positionID: lund)
        })
        #expect(error.reason == .notFound)
    }

    @Test("report HTML: overdue items by name, the main supervisor, the legend first, an at-risk flag, page numbers and date")
    func reportHTML() throws {
        let (db, lund, kim, _) = try TestDatabase.cardiology()
        try db.setToday("2027-06-15")
        let report = try Overviews.report(db.as(nil), department: "OUH-KAR", on: nil, selection: .ongoing)
        let lundRow = try #require(report.rows.first { $0.positionID == lund })
        let kimRow = try #require(report.rows.first { $0.positionID == kim })
        #expect(lundRow.atRisk, "ends 2027-08-31 with competencies missing")
        #expect(!kimRow.atRisk, "ends in 2028")
        #expect(lundRow.supervisorName == "Peter Juhl" && lundRow.supervisor == "dr.hoved")
        #expect(lundRow.overdueItems.contains { if case .competency("I3", _, _) = $0 { true } else { false } })
        #expect(lundRow.overdueItems.count == lundRow.overdue)
        #expect(report.atRisk == 1)
        // The CSV keeps its columns (issue 28 added the 17th: the programme the position follows).
        #expect(lundRow.cells.count == ReportRow.headers.count && ReportRow.headers.count == 17)

        let html = ReportRendering.html(report, texts: Texts(.en))
        let i3 = try #require(lundRow.overdueItems.compactMap { item -> String? in
            if case .competency("I3", let title, _) = item { return title } else { return nil }
        }.first)
        for part in ["<th>Main supervisor</th>", "Peter Juhl", "I3 \(ReportRendering.escape(i3)) (since 2027-02-01)",
                     "<span class=\"risk-flag\">At risk</span>", "ends 2027-08-31; 9 competencies not approved, 1 course not approved, ", "class=\"risk\"", "How to read the report:",
                     "counter(page)", "\"Report date 2027\\2d 06\\2d 15\"", "class=\"running\""] {
            #expect(html.contains(part), "missing: \(part)")
        }
        let legend = try #require(html.range(of: "How to read the report:"))
        let table = try #require(html.range(of: "<table>"))
        #expect(legend.lowerBound < table.lowerBound, "the legend comes before the table")
        #expect(!html.lowercased().contains("<script"))

        let danish = ReportRendering.html(report, texts: Texts(.da))
        for part in ["<th>Hovedvejleder</th>", "I risiko", "Sådan læses rapporten:", "\"Side \" counter(page)", "\"Rapportdato 15\\2e 06\\2e 2027\"",
                     "(siden 01.02.2027)"] {
            #expect(danish.contains(part), "missing: \(part)")
        }
    }
}

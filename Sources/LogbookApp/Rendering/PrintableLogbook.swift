import Crypto
import LogbookDomain

/// The printable logbook of one position (issue 16): one self-contained A4 HTML document for the slutsamtale and the
/// application for a hoveduddannelse — the position, the competencies with who approved each and when (revocations as
/// such), courses, meetings, absence and the end date with its reason, the attestations and the forhåndsudtalelse, and
/// the documentation bundle's SHA-256 with how to check it.
///
/// It reads only through the scoped use cases `status`, `history`, `meeting list`, `absence list` and `export` use, in
/// one snapshot, so a server session scoped to its actor gets exactly what that person may see, and a position out of
/// sight is answered like a missing one. No script anywhere (the server's CSP forbids it); the style sheet is inline.
public enum PrintableLogbook {
    /// The page and the bundle it names: `bundleHash` is the SHA-256 of `bundle`'s UTF-8 bytes, as `sha256sum` prints it.
    public struct Document: Sendable {
        public let html: String
        public let bundle: String
        public let bundleHash: String
    }

    /// Where the reader of the page finds the documentation bundle it names.
    public enum BundlePlace: Sendable, Equatable {
        /// On the page itself: a download link whose bytes are the bundle of this very snapshot (the web page), so the
        /// file downloaded is the one whose SHA-256 the page prints.
        case onThePage
        /// Saved beside the page under this file name (`logbook print --bundle FILE`).
        case file(String)
        /// Not with the page (`logbook print` without `--bundle`): made again with `logbook export`, under another
        /// export time and so another hash.
        case elsewhere
    }

    /// The printable logbook of position `positionID` as the session's reader may see it.
    public static func html(_ session: Session, positionID: Int64, bundle place: BundlePlace = .elsewhere) throws -> String {
        try document(session, positionID: positionID, bundle: place).html
    }

    /// The page and the documentation bundle it names, from one snapshot (so the bundle written beside the page, or
    /// offered on it, is the one whose hash the page prints).
    public static func document(_ session: Session, positionID: Int64, bundle place: BundlePlace = .elsewhere) throws -> Document {
        try session.store.read {
            let (header, status) = try Overviews.status(session, position: positionID, trainee: nil, on: nil)
            let history = try Approvals.history(session, positionID: positionID)
            let meetings = try Meetings.list(session, positionID: positionID)
            let absence = try Absences.listing(session, positionID: positionID, all: true)
            let bundle = try Bundles.text(session, positionID: positionID)
            let hash = Hex.lowercase(SHA256.hash(data: Array(bundle.utf8)))
            let page = Page(texts: session.texts, printedOn: session.today, exportedAt: exportedAt(bundle), header: header,
                            status: status, events: history.events, names: history.names, meetings: meetings, absence: absence,
                            bundleEvents: bundleEventCount(bundle), bundleHash: hash, bundlePlace: place,
                            bundleHref: place == .onThePage ? "data:application/json;base64," + Base64.encode(Array(bundle.utf8)) : nil)
            return Document(html: page.render(), bundle: bundle, bundleHash: hash)
        }
    }

    /// The bundle's `exported_at` (its third line).
    static func exportedAt(_ bundle: String) -> String {
        for line in bundle.split(separator: "\n").prefix(4) where line.hasPrefix("  \"exported_at\": \"") {
            return String(line.dropFirst("  \"exported_at\": \"".count).prefix { $0 != "\"" })
        }
        return ""
    }

    /// The number of events in the bundle: one line each between `"events": [` and its `]`.
    static func bundleEventCount(_ bundle: String) -> Int {
        var inside = false, count = 0
        for line in bundle.split(separator: "\n") {
            if line.hasPrefix("  \"events\": [") { if line.hasSuffix("[]") || line.hasSuffix("[],") { return 0 }; inside = true; continue }
            if inside { if line.hasPrefix("  ]") { return count }; count += 1 }
        }
        return count
    }

    /// Text for HTML element content and attribute values.
    static func e(_ text: String) -> String { ReportRendering.escape(text) }

    /// Text as a CSS string literal: everything but letters, digits and spaces as a hexadecimal escape, so nothing in it
    /// can end the string, the rule or the style element.
    static func cssString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            if (scalar.properties.isAlphabetic && scalar.value > 0x7F) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == " " {
                output.unicodeScalars.append(scalar)
            } else {
                output += "\\" + String(scalar.value, radix: 16) + " "
            }
        }
        return output + "\""
    }

    /// `template` with `{page}` and `{pages}` as CSS page counters: `"Side " counter(page) " af " counter(pages)`.
    static func pageCounter(_ t: Texts) -> String {
        let filled = t("print.page", ["page": "\u{1}", "pages": "\u{2}"])
        var parts: [String] = []
        var literal = ""
        for character in filled {
            if character == "\u{1}" || character == "\u{2}" {
                if !literal.isEmpty { parts.append(cssString(literal)); literal = "" }
                parts.append(character == "\u{1}" ? "counter(page)" : "counter(pages)")
            } else {
                literal.append(character)
            }
        }
        if !literal.isEmpty { parts.append(cssString(literal)) }
        return parts.joined(separator: " ")
    }

    /// The style sheet: screen and A4 print. Every rule on one line.
    static func style(_ t: Texts, printed: String) -> String {
        """
        @page { size: A4 portrait; margin: 16mm 15mm 20mm 15mm; }
        @page { @bottom-left { content: \(cssString(printed)); font-size: 8pt; color: #5a6775; font-family: "Helvetica Neue", Arial, sans-serif; } }
        @page { @bottom-right { content: \(pageCounter(t)); font-size: 8pt; color: #5a6775; font-family: "Helvetica Neue", Arial, sans-serif; } }
        body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d2733; margin: 2em auto; max-width: 900px; padding: 0 1em; font-size: 10.5pt; line-height: 1.35; }
        h1 { font-size: 1.5em; margin: 0 0 0.2em 0; }
        h2 { font-size: 1.15em; margin: 1.4em 0 0.4em 0; border-bottom: 1px solid #c9d1d9; padding-bottom: 0.15em; break-after: avoid; page-break-after: avoid; }
        p { margin: 0.3em 0; }
        p.meta, .muted { color: #5a6775; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0.6em 0; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        table.list { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
        table.list th, table.list td { text-align: left; padding: 0.3em 0.45em; border-bottom: 1px solid #e4e8ec; vertical-align: top; }
        table.list th { background: #f3f5f7; font-size: 0.9em; }
        table.list thead { display: table-header-group; }
        table.list tr { break-inside: avoid; page-break-inside: avoid; }
        td.code, td.date, td.num { white-space: nowrap; }
        td.num { text-align: right; }
        .approved { color: #1b5e20; }
        .revoked { color: #8a4b00; }
        .revoked del { color: #5a6775; }
        .overdue { color: #b3261e; font-weight: bold; }
        .cancelled { border: 2px solid #b3261e; color: #b3261e; padding: 0.4em 0.6em; font-weight: bold; }
        .plan { white-space: pre-wrap; font-size: 0.92em; }
        code, .hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
        .verification { border: 1px solid #c9d1d9; border-radius: 4px; padding: 0.5em 0.8em; break-inside: avoid; page-break-inside: avoid; }
        .verification li { margin: 0.2em 0; }
        table.frame { width: 100%; border-collapse: collapse; }
        table.frame > tbody > tr > td, table.frame > tfoot > tr > td { padding: 0; }
        table.frame > tfoot { display: table-footer-group; }
        .running { color: #5a6775; font-size: 8pt; border-top: 1px solid #c9d1d9; margin-top: 1.5em; padding-top: 0.3em; }
        .countersign { margin-top: 0.6em; color: #1d2733; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: flex-end; }
        .countersign .blank { display: inline-block; min-width: 9em; border-bottom: 1px solid #1d2733; padding-top: 1.2em; }
        .countersign .blank.wide { min-width: 14em; }
        @media print { body { margin: 0; max-width: none; font-size: 9.5pt; } .running { margin-top: 0.8em; } a { color: inherit; text-decoration: none; } }
        @media screen { @media (max-width: 640px) {
          body { margin: 1em auto; overflow-wrap: anywhere; }
          dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.4em; }
          table.list, table.list tbody, table.list tr, table.list td { display: block; width: auto; }
          table.list thead { display: none; }
          table.list tr { border-bottom: 1px solid #e4e8ec; padding: 0.35em 0; }
          table.list td { border: none; padding: 0.05em 0; }
          td.code, td.date, td.num { white-space: normal; text-align: left; }
        } }
        """
    }

    /// Everything one page shows, gathered; `render` writes it.
    struct Page {
        let texts: Texts
        let printedOn: CalendarDate
        let exportedAt: String
        let header: StatusHeader
        let status: PositionStatus
        let events: [EventRecord]
        let names: [String: String]
        let meetings: [MeetingRecord]
        let absence: AbsenceListing
        let bundleEvents: Int
        let bundleHash: String
        let bundlePlace: BundlePlace
        /// The bundle's bytes as a `data:` link (the web page); nil elsewhere.
        let bundleHref: String?

        var t: Texts { texts }

        func e(_ text: String) -> String { PrintableLogbook.e(text) }

        /// "Sara Holm (daglig klinisk vejleder)" for the maker of an event.
        func maker(_ event: EventRecord) -> String {
            t.by(name: names[event.content.actor] ?? event.actorName, role: event.content.actorRole)
        }

        /// The revocation event of `event`, for its maker's role.
        func revocationEvent(_ event: EventRecord) -> EventRecord? {
            guard let revocation = event.revokedBy else { return nil }
            return events.first { $0.id == revocation.eventID }
        }

        /// One act as HTML: "approved 26.08.2026 by Sara Holm (daglig klinisk vejleder)" with its comment; a revoked act
        /// struck through with who revoked it, when and why.
        func act(_ event: EventRecord, key: String) -> String {
            var text = e(t(key, ["date": t.date(event.content.effectiveOn), "actor": maker(event)]))
            let comment = event.content.text.trimmingSpaces
            if !comment.isEmpty, event.kind != .statement { text += " <span class=\"muted\">\(e(t("print.comment", ["text": comment])))</span>" }
            guard let revocation = event.revokedBy else { return "<span class=\"approved\">\(text)</span>" }
            let revoker = revocationEvent(event).map(maker) ?? (names[revocation.actor] ?? revocation.actorName)
            return "<span class=\"revoked\"><del>\(text)</del><br/><strong>\(e(t("print.revoked", ["date": t.date(revocation.on), "actor": revoker, "reason": revocation.reason])))</strong></span>"
        }

        func deadline(_ deadline: Deadline?, overdue: Bool) -> String {
            guard let deadline else { return "" }
            let due = deadline.month == 0 ? t("print.due.first14", ["date": t.date(deadline.date)])
                : t("print.due", ["month": String(deadline.month), "date": t.date(deadline.date)])
            guard overdue else { return e(due) }
            return "\(e(due))<br/><span class=\"overdue\">\(e(t("print.overdue", ["since": t.date(deadline.overdueSince)])))</span>"
        }

        func render() -> String {
            let schedule = status.schedule
            let title = t("print.title", ["name": header.traineeName, "id": String(header.positionID)])
            let printed = t("print.printed", ["date": t.date(printedOn)])
            var html = """
                <!DOCTYPE html>
                <html lang="\(t.language.rawValue)">
                <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>\(e(title))</title>
                <style>
                \(PrintableLogbook.style(t, printed: printed))
                </style>
                </head>
                <body>
                <table class="frame">
                <tfoot><tr><td><div class="running">\(e(t("print.footer", ["name": header.traineeName, "handle": header.trainee, "id": String(header.positionID), "date": t.date(printedOn)])))
                <div class="countersign"><span>\(e(t("print.countersign")))</span> <span class="blank">\(e(t("print.countersign.name")))</span> <span class="blank">\(e(t("print.countersign.date")))</span> <span class="blank wide">\(e(t("print.countersign.signature")))</span></div></div></td></tr></tfoot>
                <tbody><tr><td>
                <h1>\(e(t("print.heading")))</h1>
                <p class="meta">\(e(t("print.subtitle", ["name": header.traineeName, "handle": header.trainee, "id": String(header.positionID)])))</p>
                <p class="meta">\(e(t("print.printedLong", ["date": t.longDate(printedOn)])))</p>

                """
            if header.cancelled {
                html += "<p class=\"cancelled\">\(e(t("print.cancelled", ["id": String(header.positionID)])))</p>\n"
            }

            // The position.
            html += "<h2>\(e(t("print.section.position")))</h2>\n<dl class=\"facts\">\n"
            func fact(_ key: String, _ value: String) { html += "<dt>\(e(t(key)))</dt>\n<dd>\(value)</dd>\n" }
            fact("print.trainee", e(t("print.person", ["name": header.traineeName, "handle": header.trainee])))
            fact("print.department", e(t("print.person", ["name": header.departmentName, "handle": header.department])))
            fact("print.curriculum", e(t("print.curriculumVersion", ["specialty": header.specialty, "version": header.curriculumVersion])))
            if let supervisor = header.hovedvejlederName {
                fact("print.supervisor", e(header.hovedvejleder.map { t("print.person", ["name": supervisor, "handle": $0]) } ?? supervisor))
            }
            fact("print.start", e(t.date(schedule.terms.start)))
            fact("print.workingTime", e(t.partTime(schedule.terms.partTime)))
            fact("print.end", "<strong>\(e(t.date(schedule.end)))</strong><br/>\(e(t.explanation(schedule, absenceKinds: absence.kindsShown)))")
            html += "</dl>\n"

            // Competencies.
            html += "<h2>\(e(t("print.section.competencies")))</h2>\n"
            html += "<p>\(e(t("print.progress", ["approved": String(status.approvedCount), "total": String(status.competencies.count), "percent": t.percent(status.percent)])))</p>\n"
            html += "<table class=\"list\">\n<thead><tr><th>\(e(t("print.column.code")))</th><th>\(e(t("print.column.competency")))</th><th>\(e(t("print.column.approval")))</th><th>\(e(t("print.column.deadline")))</th></tr></thead>\n<tbody>\n"
            for line in status.competencies {
                let code = line.competency.code
                let acts = events.filter { $0.kind == .competencyApproval && $0.content.competencyCode == code }
                var cell = acts.map { act($0, key: "print.approved") }.joined(separator: "<br/>")
                if !line.isApproved {
                    if !cell.isEmpty { cell += "<br/>" }
                    cell += e(t("print.notApproved"))
                    if line.assessments.count > 0 {
                        cell += "<br/><span class=\"muted\">\(e(t.plural("status.assessments", count: line.assessments.count, ["date": line.assessments.lastOn.map(t.date) ?? "?", "methods": line.assessments.methods.map { t.method($0) }.joined(separator: ", ")])))</span>"
                    }
                }
                html += "<tr><td class=\"code\">\(e(code))</td><td>\(e(line.competency.title))</td><td>\(cell)</td><td class=\"date\">\(line.isApproved ? "" : deadline(line.deadline, overdue: line.isOverdue))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"

            // Courses: the mandatory ones, then any other course approved on the position.
            html += "<h2>\(e(t("print.section.courses")))</h2>\n"
            let courseEvents = events.filter { $0.kind == .courseApproval }
            var courseNames = status.courses.map(\.name)
            for event in courseEvents { if let name = event.content.course, !courseNames.contains(name) { courseNames.append(name) } }
            if courseNames.isEmpty {
                html += "<p class=\"muted\">\(e(t("print.courses.none")))</p>\n"
            } else {
                html += "<table class=\"list\">\n<thead><tr><th>\(e(t("print.column.course")))</th><th>\(e(t("print.column.approval")))</th><th>\(e(t("print.column.deadline")))</th></tr></thead>\n<tbody>\n"
                for name in courseNames {
                    let line = status.courses.first { $0.name == name }
                    var cell = courseEvents.filter { $0.content.course == name }.map { act($0, key: "print.courseApproved") }.joined(separator: "<br/>")
                    let approved = line?.approval != nil || (line == nil && courseEvents.contains { $0.content.course == name && $0.isStanding })
                    if !approved { cell += (cell.isEmpty ? "" : "<br/>") + e(t("print.notApproved")) }
                    html += "<tr><td>\(e(name))</td><td>\(cell)</td><td class=\"date\">\(approved ? "" : deadline(line?.deadline, overdue: line?.isOverdue ?? false))</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
            }

            // Meetings: those held with their plans, then those expected and not held.
            html += "<h2>\(e(t("print.section.meetings")))</h2>\n"
            if meetings.isEmpty {
                html += "<p class=\"muted\">\(e(t("print.meetings.none")))</p>\n"
            } else {
                html += "<table class=\"list\">\n<thead><tr><th>\(e(t("print.column.meeting")))</th><th>\(e(t("print.column.date")))</th><th>\(e(t("print.column.plan")))</th></tr></thead>\n<tbody>\n"
                for meeting in meetings {
                    let plan = meeting.plan.trimmingSpaces
                    html += "<tr><td>\(e(t.meeting(meeting.kind)))</td><td class=\"date\">\(e(t.date(meeting.heldOn)))</td><td class=\"plan\">\(plan.isEmpty ? "<span class=\"muted\">–</span>" : e(plan))</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
            }
            let missingMeetings = status.meetings.filter { $0.heldOn == nil }
            if !missingMeetings.isEmpty {
                html += "<p>\(e(t("print.meetings.expected")))</p>\n<ul>\n"
                for meeting in missingMeetings {
                    html += "<li>\(e(t.meeting(meeting.kind))): \(e(t("print.meeting.notHeld")))\(meeting.deadline == nil ? "" : " · " + deadline(meeting.deadline, overdue: meeting.isOverdue).replacingBreaks)</li>\n"
                }
                html += "</ul>\n"
            }

            // Absence and the end it gives.
            html += "<h2>\(e(t("print.section.absence")))</h2>\n"
            html += "<p\(schedule.countedAbsenceDays > schedule.allowanceDays ? " class=\"overdue\"" : "")>\(e(t("print.absence.summary", ["counted": String(schedule.countedAbsenceDays), "allowed": String(schedule.allowanceDays)])))</p>\n"
            if schedule.parentalLeaveDays > 0 && absence.kindsShown {
                html += "<p>\(e(t("print.absence.parental", ["days": String(schedule.parentalLeaveDays)])))</p>\n"
            }
            html += "<p>\(e(t.explanation(schedule, absenceKinds: absence.kindsShown)))</p>\n"
            if absence.lines.isEmpty {
                html += "<p class=\"muted\">\(e(t("print.absence.none")))</p>\n"
            } else {
                html += "<table class=\"list\">\n<thead><tr><th>\(e(t("print.column.from")))</th><th>\(e(t("print.column.to")))</th><th>\(e(t("print.column.days")))</th><th>\(e(t("print.column.kind")))</th><th>\(e(t("print.column.counts")))</th><th>\(e(t("print.column.note")))</th></tr></thead>\n<tbody>\n"
                for line in absence.lines {
                    var note = line.note.map { e($0) } ?? ""
                    if let withdrawal = line.withdrawn {
                        let by = names[withdrawal.by] ?? withdrawal.byName
                        let text = withdrawal.reason.map { t("print.absence.withdrawn", ["date": t.date(withdrawal.on), "by": by, "reason": $0]) }
                            ?? t("print.absence.withdrawn.noReason", ["date": t.date(withdrawal.on), "by": by])
                        note += (note.isEmpty ? "" : "<br/>") + "<strong class=\"revoked\">\(e(text))</strong>"
                    }
                    // A withdrawn period is struck through, with who withdrew it and why.
                    let struck = line.withdrawn != nil
                    func cell(_ text: String, _ kind: String = "") -> String {
                        "<td\(kind.isEmpty ? "" : " class=\"\(kind)\"")>\(struck ? "<del>\(text)</del>" : text)</td>"
                    }
                    let cells = cell(e(t.date(line.from)), "date") + cell(e(t.date(line.to)), "date") + cell(String(line.days), "num")
                        + cell(e(line.kind.map(t.absence) ?? "–")) + cell(e(t(line.counts ? "print.yes" : "print.no")))
                    html += "<tr\(struck ? " class=\"revoked\"" : "")>\(cells)<td>\(note)</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
            }

            // Attestations and the forhåndsudtalelse.
            html += "<h2>\(e(t("print.section.attestations")))</h2>\n<dl class=\"facts\">\n"
            let time = events.filter { $0.kind == .timeAttestation }
            fact("print.time", time.isEmpty ? e(t("print.time.open", ["date": t.date(schedule.timeAttestableFrom)]))
                : time.map { act($0, key: "print.attested") }.joined(separator: "<br/>") + (status.timeAttestation == nil ? "<br/>" + e(t("print.time.open", ["date": t.date(schedule.timeAttestableFrom)])) : ""))
            let element = events.filter { $0.kind == .elementAttestation }
            var elementCell = element.map { act($0, key: "print.attested") }.joined(separator: "<br/>")
            if status.elementAttestation != nil {
                elementCell += "<br/><strong>\(e(t("print.element.approved")))</strong>"
            } else {
                let missing = t.missing(status.completion)
                elementCell += (elementCell.isEmpty ? "" : "<br/>") + e(t("print.element.open"))
                if !missing.isEmpty { elementCell += "<br/><span class=\"muted\">\(e(t("print.element.missing", ["missing": missing.joined(separator: "; ")])))</span>" }
            }
            fact("print.element", elementCell)
            let statements = events.filter { $0.kind == .statement }
            fact("print.statement", statements.isEmpty ? e(t("print.statement.none")) : statements.map { event in
                act(event, key: "print.given") + (event.content.text.trimmingSpaces.isEmpty ? "" : "<br/><q>\(e(event.content.text.trimmingSpaces))</q>")
            }.joined(separator: "<br/>"))
            html += "</dl>\n"
            let unsigned = events.filter { $0.signature == nil }.count
            if !events.isEmpty {
                html += "<p class=\"muted\">\(e(unsigned == 0 ? t("print.signedAll") : t.plural("print.unsigned", count: unsigned)))</p>\n"
            }

            // Verification, in words for the reader at the authority: what the hash proves and where the bundle is. No
            // commands: a document for people, not a shell.
            html += "<h2>\(e(t("print.section.verification")))</h2>\n<div class=\"verification\">\n"
            html += "<p>\(e(t("print.hash")))<br/><span class=\"hash\" id=\"bundle-hash\">\(e(bundleHash))</span></p>\n"
            html += "<p>\(e(t("print.bundle.contents", ["events": String(bundleEvents), "at": exportedAt])))</p>\n"
            html += "<p>\(e(t("print.verify.proves")))</p>\n"
            switch bundlePlace {
            case .onThePage:
                let file = t("print.bundleFile.position", ["id": String(header.positionID)])
                html += "<p><a id=\"bundle-download\" download=\"\(e(file))\" href=\"\(e(bundleHref ?? ""))\">\(e(t("print.bundle.download", ["file": file])))</a></p>\n"
                html += "<p>\(e(t("print.bundle.onThePage")))</p>\n"
            case .file(let file):
                html += "<p>\(e(t("print.bundle.beside", ["file": file])))</p>\n"
            case .elsewhere:
                html += "<p>\(e(t("print.bundle.elsewhere")))</p>\n"
            }
            html += "<p>\(e(t("print.verify.how")))</p>\n"
            html += "<p class=\"muted\">\(e(t("print.verify.later")))</p>\n</div>\n"

            html += "</td></tr></tbody>\n</table>\n</body>\n</html>\n"
            return html
        }
    }
}

extension String {
    /// Without leading and trailing spaces and line breaks.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// `<br/>` as a space (for a deadline inside a list item).
    fileprivate var replacingBreaks: String { split(separator: "<br/>", omittingEmptySubsequences: false).map(String.init).joined(separator: " ") }
}

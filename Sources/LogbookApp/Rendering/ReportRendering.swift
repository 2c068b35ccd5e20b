import LogbookDomain
import LogbookFormats

/// Renders a department report as CSV, JSON and a self-contained HTML page.
public enum ReportRendering {
    /// CSV for Excel and LibreOffice in `style` (docs/formats.md: one convention for every CSV the program writes).
    /// The header vocabulary is the reader's language (docs/formats.md); values stay machine-readable (ISO dates).
    public static func csv(_ report: DepartmentReport, style: CSVStyle, texts: Texts) -> String {
        let partTime = ReportRow.headers.firstIndex(of: "part time")!
        let rows = report.rows.map { row in
            var cells = row.cells
            cells[partTime] = texts.partTime(row.partTime)
            return cells
        }
        return CSVReader.write(rows: [headers(texts)] + rows, style: style)
    }

    /// The CSV column headers in `texts`' language, in the order of `ReportRow.cells`.
    public static func headers(_ texts: Texts) -> [String] {
        ReportRow.headers.indices.map { texts("report.csv.\($0 + 1)") }
    }

    /// JSON following docs/schemas/report.schema.json.
    public static func json(_ report: DepartmentReport) -> String {
        report.json.serialized(pretty: true) + "\n"
    }

    /// One HTML file with no external assets or scripts: a summary, then one row per trainee with a progress
    /// bar; readable on screen and printable on A4 landscape.
    public static func html(_ report: DepartmentReport, texts t: Texts) -> String {
        let title = t("report.title", ["department": report.departmentName])
        let printed = t("report.printed", ["date": t.date(report.on)])
        var html = """
            <!DOCTYPE html>
            <html lang="\(t.language.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escape(title))</title>
            <style>
            @page { size: A4 landscape; margin: 12mm 12mm 16mm 12mm; }
            @page { @bottom-left { content: \(PrintableLogbook.cssString(printed)); font-size: 8pt; color: #5a6775; font-family: "Helvetica Neue", Arial, sans-serif; } }
            @page { @bottom-right { content: \(PrintableLogbook.pageCounter(t)); font-size: 8pt; color: #5a6775; font-family: "Helvetica Neue", Arial, sans-serif; } }
            body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d2733; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            p.meta { color: #5a6775; margin-top: 0; }
            .summary { display: flex; gap: 1em; margin: 1.2em 0; flex-wrap: wrap; }
            .card { border: 1px solid #d5dbe1; border-radius: 6px; padding: 0.6em 1em; min-width: 9em; }
            .card b { display: block; font-size: 1.6em; }
            .card.warn b { color: #b3261e; }
            table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
            th, td { text-align: left; padding: 0.35em 0.5em; border-bottom: 1px solid #e4e8ec; vertical-align: top; }
            th { background: #f3f5f7; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.date, td.progress { white-space: nowrap; }
            .bar { background: #e4e8ec; border-radius: 3px; height: 0.7em; width: 8em; display: inline-block; vertical-align: middle; }
            .bar span { background: #2e7d32; border-radius: 3px; height: 100%; display: block; }
            .overdue { color: #b3261e; font-weight: bold; }
            .muted { color: #8a96a3; }
            footer { margin-top: 2em; color: #8a96a3; font-size: 0.8em; }
            p.legend { background: #f3f5f7; border-left: 4px solid #8a96a3; padding: 0.5em 0.8em; font-size: 0.88em; }
            ul.items { margin: 0.2em 0 0 0; padding-left: 1.1em; font-size: 0.92em; min-width: 13em; }
            ul.items li { margin: 0; }
            td.overdue ul.items { font-weight: normal; color: #1d2733; }
            tr.risk td { background: #fdf3f2; }
            tr.risk td:first-child { border-left: 4px solid #b3261e; }
            .risk-flag { display: inline-block; border: 1px solid #b3261e; color: #b3261e; font-weight: bold; border-radius: 3px; padding: 0 0.3em; font-size: 0.85em; }
            .card.risk b { color: #b3261e; }
            table.frame { width: 100%; border-collapse: collapse; font-size: 1em; }
            table.frame > tbody > tr > td, table.frame > tfoot > tr > td { padding: 0; border: 0; }
            table.frame > tfoot { display: table-footer-group; }
            .running { color: #8a96a3; font-size: 8pt; border-top: 1px solid #e4e8ec; margin-top: 1em; padding-top: 0.3em; }
            thead { display: table-header-group; }
            .risk-note { display: block; color: #b3261e; min-width: 11em; }
            @media print { body { margin: 0; max-width: none; font-size: 8.5pt; } .card { break-inside: avoid; } tr { break-inside: avoid; page-break-inside: avoid; } table.frame > tbody > tr { break-inside: auto; page-break-inside: auto; } .bar { width: 4em; } .summary { margin: 0.6em 0; } }
            </style>
            </head>
            <body>
            <table class="frame">
            <tfoot><tr><td><div class="running">\(escape(t("report.running", ["department": report.departmentName, "date": t.date(report.on)])))</div></td></tr></tfoot>
            <tbody><tr><td>
            <h1>\(escape(title))</h1>
            <p class="meta">\(escape(report.departmentCode)) · \(escape(report.region)) · \(escape(t.reportScope(report.selection))) · \(escape(t("report.on", ["date": t.date(report.on)])))</p>
            <div class="summary">
            <div class="card"><b>\(report.rows.count)</b>\(escape(t.plural("report.card.positions", count: report.rows.count)))</div>
            <div class="card\(report.withOverdue > 0 ? " warn" : "")"><b>\(report.withOverdue)</b>\(escape(t("report.card.overdue")))</div>
            <div class="card"><b>\(report.attested)</b>\(escape(t("report.card.attested")))</div>
            <div class="card\(report.overAllowance > 0 ? " warn" : "")"><b>\(report.overAllowance)</b>\(escape(t("report.card.overAllowance")))</div>
            <div class="card\(report.atRisk > 0 ? " risk" : "")"><b>\(report.atRisk)</b>\(escape(t("report.card.atRisk")))</div>
            </div>
            <p class="legend">\(escape(t("report.legend.html")))</p>

            """
        if report.rows.isEmpty {
            html += "<p class=\"muted\">\(escape(t("report.empty")))</p>\n"
        } else {
            html += """
                <table>
                <thead><tr>\(["trainee", "supervisor", "specialty", "start", "end", "competencies", "overdue", "absence", "time", "element", "statement"].map { "<th>\(escape(t("report.column.\($0)")))</th>" }.joined())</tr></thead>
                <tbody>

                """
            for row in report.rows {
                let partTime = row.partTime == .full ? "" : "<br/><span class=\"muted\">\(escape(t.partTime(row.partTime)))</span>"
                html += row.atRisk ? "<tr class=\"risk\">" : "<tr>"
                html += "<td>\(escape(row.traineeName))<br/><span class=\"muted\">\(escape(t("report.traineePosition", ["handle": row.trainee, "id": String(row.positionID)])))</span>"
                if row.programMissing {
                    html += "<br/><span class=\"risk-flag\">\(escape(t("report.noProgram")))</span>"
                }
                if row.atRisk {
                    // What is missing, naming only what there is: "2 competencies not approved, 1 item overdue".
                    let missing = [("report.atRisk.competencies", row.competenciesMissing), ("report.atRisk.courses", row.coursesMissing),
                                   ("report.atRisk.overdue", row.overdue)].filter { $0.1 > 0 }.map { t.plural($0.0, count: $0.1) }
                        .joined(separator: ", ")
                    html += "<br/><span class=\"risk-flag\">\(escape(t("report.atRisk")))</span> <span class=\"risk-note\">\(escape(t("report.atRisk.ends", ["end": t.date(row.end), "missing": missing])))</span>"
                }
                html += "</td>"
                html += "<td>\(row.supervisorName.map { escape($0) } ?? "<span class=\"muted\">\(escape(t("report.noSupervisor")))</span>")</td>"
                html += "<td>\(escape(row.specialty)) \(escape(row.curriculumVersion))</td>"
                html += "<td class=\"date\">\(t.date(row.start))</td><td class=\"date\">\(t.date(row.end))\(partTime)</td>"
                html += "<td class=\"progress\"><span class=\"bar\"><span style=\"width: \(row.percent)%\"></span></span> \(row.approved)/\(row.total)</td>"
                html += "<td class=\"\(row.overdue > 0 ? "overdue" : "num")\">\(row.overdue)\(overdueList(row.overdueItems, t))</td>"
                html += "<td class=\"num\(row.absenceUsed > row.absenceAllowed ? " overdue" : "")\">\(row.absenceUsed)/\(row.absenceAllowed)</td>"
                html += "<td class=\"date\">\(row.timeAttested.map(t.date) ?? "–")</td><td class=\"date\">\(row.elementAttested.map(t.date) ?? "–")</td>"
                html += "<td class=\"date\">\(row.statement.map(t.date) ?? "–")</td>"
                html += "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<footer>\(escape(t("report.footer")))</footer>\n</td></tr></tbody>\n</table>\n</body>\n</html>\n"
        return html
    }

    /// The overdue items by name under their count, one per line ("I3 Title (since 01.02.2027)").
    static func overdueList(_ items: [OverdueItem], _ t: Texts) -> String {
        guard !items.isEmpty else { return "" }
        let lines = items.map { item -> String in
            switch item {
            case .competency(let code, let title, let since):
                return t("report.overdue.competency", ["code": code, "title": title, "since": t.date(since)])
            case .course(let name, let since): return t("report.overdue.course", ["course": name, "since": t.date(since)])
            case .meeting(let kind, let since): return t("report.overdue.meeting", ["meeting": t.meeting(kind), "since": t.date(since)])
            }
        }
        return "<ul class=\"items\">" + lines.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}

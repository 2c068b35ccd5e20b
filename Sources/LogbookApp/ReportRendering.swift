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
        var html = """
            <!DOCTYPE html>
            <html lang="\(t.language.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escape(title))</title>
            <style>
            @page { size: A4 landscape; margin: 12mm; }
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
            @media print { body { margin: 0; max-width: none; } .card { break-inside: avoid; } tr { break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p class="meta">\(escape(report.departmentCode)) · \(escape(report.region)) · \(escape(t.reportScope(report.selection))) · \(escape(t("report.on", ["date": t.date(report.on)])))</p>
            <div class="summary">
            <div class="card"><b>\(report.rows.count)</b>\(escape(t.plural("report.card.positions", count: report.rows.count)))</div>
            <div class="card\(report.withOverdue > 0 ? " warn" : "")"><b>\(report.withOverdue)</b>\(escape(t("report.card.overdue")))</div>
            <div class="card"><b>\(report.attested)</b>\(escape(t("report.card.attested")))</div>
            <div class="card\(report.overAllowance > 0 ? " warn" : "")"><b>\(report.overAllowance)</b>\(escape(t("report.card.overAllowance")))</div>
            </div>

            """
        if report.rows.isEmpty {
            html += "<p class=\"muted\">\(escape(t("report.empty")))</p>\n"
        } else {
            html += """
                <table>
                <thead><tr>\(["trainee", "specialty", "start", "end", "competencies", "overdue", "absence", "time", "element", "statement"].map { "<th>\(escape(t("report.column.\($0)")))</th>" }.joined())</tr></thead>
                <tbody>

                """
            for row in report.rows {
                let partTime = row.partTime == .full ? "" : "<br/><span class=\"muted\">\(escape(t.partTime(row.partTime)))</span>"
                html += "<tr>"
                html += "<td>\(escape(row.traineeName))<br/><span class=\"muted\">\(escape(t("report.traineePosition", ["handle": row.trainee, "id": String(row.positionID)])))</span></td>"
                html += "<td>\(escape(row.specialty)) \(escape(row.curriculumVersion))</td>"
                html += "<td class=\"date\">\(t.date(row.start))</td><td class=\"date\">\(t.date(row.end))\(partTime)</td>"
                html += "<td class=\"progress\"><span class=\"bar\"><span style=\"width: \(row.percent)%\"></span></span> \(row.approved)/\(row.total)</td>"
                html += "<td class=\"num\(row.overdue > 0 ? " overdue" : "")\">\(row.overdue)</td>"
                html += "<td class=\"num\(row.absenceUsed > row.absenceAllowed ? " overdue" : "")\">\(row.absenceUsed)/\(row.absenceAllowed)</td>"
                html += "<td class=\"date\">\(row.timeAttested.map(t.date) ?? "–")</td><td class=\"date\">\(row.elementAttested.map(t.date) ?? "–")</td>"
                html += "<td class=\"date\">\(row.statement.map(t.date) ?? "–")</td>"
                html += "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<footer>\(escape(t("report.footer")))</footer>\n</body>\n</html>\n"
        return html
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

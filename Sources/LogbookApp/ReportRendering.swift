import LogbookDomain
import LogbookFormats

/// Renders a department report as CSV, JSON and a self-contained HTML page.
public enum ReportRendering {
    /// CSV for Excel and LibreOffice in `style` (docs/formats.md: one convention for every CSV the program writes).
    public static func csv(_ report: DepartmentReport, style: CSVStyle) -> String {
        CSVReader.write(rows: [ReportRow.headers] + report.rows.map(\.cells), style: style)
    }

    /// JSON following docs/report.schema.json.
    public static func json(_ report: DepartmentReport) -> String {
        report.json.serialized(pretty: true) + "\n"
    }

    /// One HTML file with no external assets or scripts: a summary, then one row per trainee with a progress
    /// bar; readable on screen and printable on A4 landscape.
    public static func html(_ report: DepartmentReport) -> String {
        let title = "Status for introduktionslæger — \(report.departmentName)"
        var html = """
            <!DOCTYPE html>
            <html lang="da">
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
            <p class="meta">\(escape(report.departmentCode)) · \(escape(report.region)) · \(escape(report.scope)) · status pr. \(report.on.iso)</p>
            <div class="summary">
            <div class="card"><b>\(report.rows.count)</b>positions</div>
            <div class="card\(report.withOverdue > 0 ? " warn" : "")"><b>\(report.withOverdue)</b>with overdue items</div>
            <div class="card"><b>\(report.attested)</b>element attested</div>
            <div class="card\(report.overAllowance > 0 ? " warn" : "")"><b>\(report.overAllowance)</b>absence over allowance</div>
            </div>

            """
        if report.rows.isEmpty {
            html += "<p class=\"muted\">No positions in this report.</p>\n"
        } else {
            html += """
                <table>
                <thead><tr><th>Trainee</th><th>Specialty</th><th>Start</th><th>End</th><th>Competencies</th><th>Overdue</th><th>Absence</th><th>Time</th><th>Element</th><th>Forhåndsudtalelse</th></tr></thead>
                <tbody>

                """
            for row in report.rows {
                let partTime = row.partTime == .full ? "" : "<br/><span class=\"muted\">part time \(escape(row.partTime.description))</span>"
                html += "<tr>"
                html += "<td>\(escape(row.traineeName))<br/><span class=\"muted\">\(escape(row.trainee)) · position \(row.positionID)</span></td>"
                html += "<td>\(escape(row.specialty)) \(escape(row.curriculumVersion))</td>"
                html += "<td class=\"date\">\(row.start.iso)</td><td class=\"date\">\(row.end.iso)\(partTime)</td>"
                html += "<td class=\"progress\"><span class=\"bar\"><span style=\"width: \(row.percent)%\"></span></span> \(row.approved)/\(row.total)</td>"
                html += "<td class=\"num\(row.overdue > 0 ? " overdue" : "")\">\(row.overdue)</td>"
                html += "<td class=\"num\(row.absenceUsed > row.absenceAllowed ? " overdue" : "")\">\(row.absenceUsed)/\(row.absenceAllowed)</td>"
                html += "<td class=\"date\">\(row.timeAttested?.iso ?? "–")</td><td class=\"date\">\(row.elementAttested?.iso ?? "–")</td>"
                html += "<td class=\"date\">\(row.statement?.iso ?? "–")</td>"
                html += "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<footer>Made by logbook. Absence: counted days / allowance (10 % of the planned length). Overdue: items past the uddannelsesprogram's deadline.</footer>\n</body>\n</html>\n"
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

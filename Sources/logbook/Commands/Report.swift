import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// `logbook report --department D`: one row per position, as a table, CSV for Excel, JSON or a printable HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: Help.abstract("help.report"), discussion: Help.text("help.report.discussion"))

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

    @OptionGroup var global: GlobalOptions
    @Option(help: Help.option("help.report.department", valueName: "code")) var department: String
    @Option(help: Help.option("help.report.on", valueName: "date")) var on: String?
    @Flag(help: Help.option("help.report.ongoing")) var ongoing = false
    @Option(help: Help.option("help.report.from", valueName: "date")) var from: String?
    @Option(help: Help.option("help.report.to", valueName: "date")) var to: String?
    @Flag(help: Help.option("help.report.all")) var all = false
    @Option(help: Help.option("help.report.format")) var format: Format?
    @Option(name: .shortAndLong, help: Help.option("help.report.output", valueName: "file")) var output: String?
    @OptionGroup var csv: CSVOptions

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError(Help.text("error.report.fromTo")) }
        if [ongoing, from != nil, all].filter({ $0 }).count > 1 {
            throw ValidationError(Help.text("error.report.oneScope"))
        }
        _ = try chosenFormat
    }

    /// The format: `--format`, else from `-o`'s extension (.csv, .json, .html, .txt), else table.
    var chosenFormat: Format {
        get throws {
            if let format { return format }
            guard let output else { return .table }
            let name = output.split(separator: "/").last.map(String.init) ?? output
            let suffix = name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
            switch suffix {
            case "csv": return .csv
            case "json": return .json
            case "html", "htm": return .html
            case "txt", "": return .table
            default:
                throw ValidationError(Help.text("error.report.suffix", ["file": output, "suffix": suffix]))
            }
        }
    }

    func run() throws {
        let selection: Overviews.ReportSelection
        if let from, let to { selection = .overlapping(from: from, to: to) } else if all { selection = .all } else { selection = .ongoing }
        let session = try global.session()
        let report = try Overviews.report(session, department: department, on: on, selection: selection)
        let text: String
        switch try chosenFormat {
        case .csv: text = ReportRendering.csv(report, style: csv.style(session.texts.language, toFile: output != nil), texts: session.texts)
        case .json: text = ReportRendering.json(report)
        case .html: text = ReportRendering.html(report, texts: session.texts)
        case .table: text = table(report, texts: session.texts)
        }
        if let output {
            try OutputFile.write(text, to: output)
            Terminal.note(session.texts.plural("report.wrote", count: report.rows.count, ["file": output]))
        } else {
            Terminal.write(text)
        }
    }

    /// The 80-column view: the headline numbers per position.
    /// Trainees by full name (the handle is in CSV and JSON); the specialty column only when the department's positions
    /// follow more than one målbeskrivelse, else the one is named above the table.
    func table(_ report: DepartmentReport, texts t: Texts) -> String {
        let curricula = Set(report.rows.map { "\($0.specialty)\u{0}\($0.curriculumVersion)" })
        let oneCurriculum = curricula.count == 1 ? report.rows.first : nil
        var columns: [Listing.Column] = [
            .init(t("report.table.pos"), alignRight: true), .init(t("report.table.trainee"), flexible: true),
            .init(t("report.table.specialty"), flexible: true), .init(t("report.table.end")),
            .init(t("report.table.done"), alignRight: true), .init(t("report.table.late"), alignRight: true),
            .init(t("report.table.absence"), alignRight: true), .init(t("report.table.attested"), flexible: true),
        ]
        if oneCurriculum != nil { columns.remove(at: 2) }
        var listing = Listing(columns: columns)
        for row in report.rows {
            let attested = [row.timeAttested.map { _ in t("report.attested.time") }, row.elementAttested.map { _ in t("report.attested.element") },
                            row.statement.map { _ in t("report.attested.statement") }].compactMap { $0 }
            var cells: [JSONValue] = [
                .int(row.positionID), .string(row.traineeName), .string("\(row.specialty) \(row.curriculumVersion)"), .string(t.date(row.end)),
                .string("\(row.approved)/\(row.total)"), .int(Int64(row.overdue)), .string("\(row.absenceUsed)/\(row.absenceAllowed)"),
                .string(attested.isEmpty ? "–" : attested.joined(separator: "+")),
            ]
            if oneCurriculum != nil { cells.remove(at: 2) }
            listing.rows.append(cells)
        }
        var heading = "\(report.departmentName)\n\(report.departmentCode) · \(t.reportScope(report.selection)) · \(t.date(report.on))\n"
        if let row = oneCurriculum {
            heading += t("status.curriculum", ["specialty": row.specialty, "version": row.curriculumVersion]) + "\n"
        }
        let summary = t("report.summary", [
            "positions": t.plural("report.positions", count: report.rows.count), "overdue": String(report.withOverdue),
            "attested": String(report.attested), "over": String(report.overAllowance),
        ])
        // Issue 28: positions without a department programme have no deadlines, so "Late" cannot count for them.
        var missing = ""
        if !report.withoutProgram.isEmpty {
            missing = "\n" + t("report.withoutProgram", ["positions": report.withoutProgram.map(String.init).joined(separator: ", ")])
                .wrapped(width: 80, indent: "").joined(separator: "\n")
        }
        return heading + summary + missing + "\n\n" + (report.rows.isEmpty ? t("report.none") + "\n" : listing.render(.table))
            + "\n" + t("report.legend").wrapped(width: 80, indent: "").joined(separator: "\n") + "\n"
    }
}

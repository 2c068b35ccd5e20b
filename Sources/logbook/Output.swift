import ArgumentParser
import LogbookApp
import LogbookDomain
import LogbookFormats

/// The output formats every listing shares.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `--format table|csv|json` and `-o FILE`, defined once and used by every listing command.
struct FormatOptions: ParsableArguments {
    @Option(help: Help.option("help.option.format"))
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: Help.option("help.option.output", valueName: "file"))
    var output: String?

    @OptionGroup var csv: CSVOptions

    func validate() throws { _ = try chosen }

    /// The format: `--format`, else from `-o`'s extension (.csv, .json, .txt), else a table.
    var chosen: OutputFormat {
        get throws {
            if let format { return format }
            guard let output else { return .table }
            switch OutputFormat.suffix(of: output) {
            case "csv": return .csv
            case "json": return .json
            case "txt", "": return .table
            case let suffix:
                throw ValidationError(Help.text("error.outputSuffix", ["file": output, "suffix": suffix]))
            }
        }
    }

    /// Whether the output is the 80-column table (commands leave out the legend lines otherwise).
    var isTable: Bool { (try? chosen) == .table }

    /// `listing` in the chosen format: tables and CSV with headers and yes/no in `texts`' language and CSV in its
    /// convention; JSON keys and values as they are, whatever the language.
    func render(_ listing: Listing, _ texts: Texts) -> String {
        let format = (try? chosen) ?? .table
        return format == .json
            ? listing.render(.json)
            : listing.localized(texts).render(format, csv: csv.style(texts.language, toFile: output != nil))
    }

    /// Writes `text` (a rendered listing and, for tables, what follows it) to `-o FILE` or standard output. A file
    /// is written whole or not at all, and a line on standard error says where it went.
    func emit(_ text: String, _ texts: Texts) throws {
        guard let output else { return Terminal.write(text) }
        try OutputFile.write(text, to: output)
        Terminal.note(texts("output.wrote", ["file": output]))
    }

    /// Renders `listing` and writes it (`render` then `emit`).
    func emit(_ listing: Listing, _ texts: Texts) throws {
        try emit(render(listing, texts), texts)
    }
}

extension OutputFormat {
    /// The lower-cased extension of a file name ("" when it has none).
    static func suffix(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
    }
}

/// `--delimiter` and `--bom`: one CSV convention for every command that writes CSV (docs/formats.md).
struct CSVOptions: ParsableArguments {
    @Option(help: Help.option("help.option.delimiter", valueName: "char"))
    var delimiter: String?

    @Flag(help: Help.option("help.option.bom"))
    var bom = false

    func validate() throws {
        if let delimiter, ![",", ";", "\t", "\\t"].contains(delimiter) {
            throw ValidationError(Help.text("error.delimiter", ["value": delimiter]))
        }
    }

    /// The style for CSV in `language`, written to a file (`toFile`) or to standard output.
    func style(_ language: Language, toFile: Bool) -> CSVStyle {
        let chosen: Character = delimiter.map { $0 == "\\t" || $0 == "\t" ? "\t" : Character($0) } ?? (language == .da ? ";" : ",")
        return CSVStyle(delimiter: chosen, byteOrderMark: toFile || bom)
    }
}

/// Rows of typed cells with named columns, rendered as an 80-column table, CSV or JSON.
struct Listing {
    /// One column: its header for tables and CSV, its key for JSON.
    struct Column {
        var header: String
        let key: String
        /// May be truncated with an ellipsis to fit the terminal (titles, names).
        var flexible = false
        var alignRight = false
        /// Shown in CSV and JSON only: the table view leaves it out to stay within 80 columns.
        var inTable = true
        /// Flexible, but a cell too wide is broken at spaces onto further lines of its row instead of being cut
        /// (what a reader must see whole, like the course a history line approves).
        var wraps = false

        init(_ header: String, key: String? = nil, flexible: Bool = false, alignRight: Bool = false, inTable: Bool = true,
             wraps: Bool = false) {
            self.header = header
            self.key = key ?? header.lowercased().replacingSpaces()
            self.flexible = flexible || wraps
            self.alignRight = alignRight
            self.inTable = inTable
            self.wraps = wraps
        }
    }

    let columns: [Column]
    var rows: [[JSONValue]] = []

    /// Renders in `format`; tables fit in `width` columns.
    func render(_ format: OutputFormat, width: Int = 80, csv: CSVStyle = CSVStyle(delimiter: ",", byteOrderMark: false)) -> String {
        switch format {
        case .json: return jsonValue.serialized(pretty: true) + "\n"
        case .csv: return CSVReader.write(rows: [columns.map(\.header)] + rows.map { $0.map(Listing.text) }, style: csv)
        case .table: return table(width: width)
        }
    }

    /// The listing with its headers (`column.<key>` in the catalog) and yes/no cells in `texts`' language.
    func localized(_ texts: Texts) -> Listing {
        let columns = self.columns.map { column in
            var copy = column
            copy.header = texts.template("column.\(column.key)") ?? column.header
            return copy
        }
        let rows = self.rows.map { row in
            row.map { cell -> JSONValue in
                if case .bool(let flag) = cell { return .string(texts(flag ? "value.yes" : "value.no")) }
                return cell
            }
        }
        return Listing(columns: columns, rows: rows)
    }

    /// The rows as an array of objects keyed by the column keys.
    var jsonValue: JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0.key, $1) }) })
    }

    /// A cell as text: booleans as yes/no, arrays joined by ", ", null as empty.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text
        case .array(let values): return values.map(text).joined(separator: ", ")
        case .object: return value.serialized()
        }
    }

    /// An aligned table that never breaks its columns: flexible columns are cut with "…" to fit `width`.
    func table(width: Int) -> String {
        if rows.isEmpty { return "" }
        let shown = columns.indices.filter { columns[$0].inTable }
        if shown.count < columns.count {
            return Listing(columns: shown.map { columns[$0] }, rows: rows.map { row in shown.map { row[$0] } }).table(width: width)
        }
        let cells = rows.map { $0.map { Listing.text($0).singleLine() } }
        var widths = columns.indices.map { column in
            max(columns[column].header.count, cells.map { $0[column].count }.max() ?? 0)
        }
        let separator = 2
        var total: Int { widths.reduce(0, +) + separator * (widths.count - 1) }
        // Shrink the widest flexible column, one character at a time, down to 8 characters.
        while total > width {
            guard let widest = columns.indices.filter({ columns[$0].flexible && widths[$0] > 8 })
                .max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() {
                let fitted = value.truncated(to: widths[index])
                let padding = String(repeating: " ", count: widths[index] - fitted.count)
                let isLast = index == values.count - 1
                parts.append(columns[index].alignRight ? padding + fitted : (isLast ? fitted : fitted + padding))
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var output = line(columns.map(\.header)) + "\n"
        for row in cells {
            let pieces = row.indices.map { columns[$0].wraps ? row[$0].wrapped(width: widths[$0], indent: "") : [row[$0]] }
            for index in 0..<(pieces.map(\.count).max() ?? 1) {
                output += line(pieces.map { index < $0.count ? $0[index] : "" }) + "\n"
            }
        }
        return output
    }
}

extension String {
    func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}

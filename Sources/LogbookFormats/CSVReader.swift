import LogbookDomain

/// A parsed CSV file (regneark eksporteret som CSV): detected delimiter, trimmed header names and data rows.
public struct CSVTable: Hashable, Sendable {
    /// The delimiter found on the header line: `;`, `,` or a tab.
    public let delimiter: Character
    /// Header names, trimmed of surrounding whitespace.
    public let header: [String]
    /// Data rows after the header, blank rows skipped.
    public let rows: [CSVRow]
    /// The physical line of the header: 1, or 2 after Excel's `sep=;` line.
    public let headerLine: Int

    /// Creates a table.
    public init(delimiter: Character, header: [String], rows: [CSVRow], headerLine: Int = 1) {
        self.delimiter = delimiter
        self.header = header
        self.rows = rows
        self.headerLine = headerLine
    }

    /// The index of the first header column named `name` (case-insensitive, trimmed), or nil.
    public func columnIndex(_ name: String) -> Int? {
        let wanted = name.trimmed.lowercased()
        return header.firstIndex { $0.lowercased() == wanted }
    }
}

/// One CSV record (række).
public struct CSVRow: Hashable, Sendable {
    /// The 1-based physical line where the record starts (for error messages).
    public let line: Int
    /// The fields as written, untrimmed; trailing empty fields are kept.
    public let fields: [String]

    /// Creates a row.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// The field at `index`, or "" when the row is shorter.
    public subscript(safe index: Int) -> String {
        fields.indices.contains(index) ? fields[index] : ""
    }
}

/// Why a CSV file could not be read, with the 1-based physical line; the description is a user message.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A quoted field runs to the end of the file.
        case unclosedQuote
        /// Something other than a delimiter or line break follows a closing quote.
        case textAfterClosingQuote
        /// The bytes are not UTF-8 (often a Windows-1252 export with æøå).
        case invalidUTF8
        /// The file holds no header line.
        case emptyFile
        /// A NUL byte: not a text file (UTF-16 "Unicode text", a spreadsheet such as .xlsx, a binary file).
        case nulByte
        /// A row with more fields than `InputLimits.csvFields`.
        case tooManyFields
    }

    /// The 1-based physical line.
    public let line: Int
    /// What went wrong.
    public let kind: Kind

    /// Creates an error.
    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    /// "line N: ..." with a hint how to fix it.
    public var description: String { "line \(line): \(message)" }

    /// What is wrong and how to fix it, without the line.
    public var message: String {
        switch kind {
        case .unclosedQuote:
            return "a quoted field is not closed; check for a stray \" in this row"
        case .textAfterClosingQuote:
            return "text after a closing quote; inside a quoted field write a quote as \"\""
        case .invalidUTF8:
            return "the text is not UTF-8; save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"
        case .emptyFile:
            return "the file is empty; expected a header line"
        case .nulByte:
            return "a NUL byte; this is not a UTF-8 text file (UTF-16 \"Unicode text\" or a spreadsheet such as .xlsx?) "
                + "— save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"
        case .tooManyFields:
            return "the row has more than \(InputLimits.csvFields) fields; a row may have at most \(InputLimits.csvFields) "
                + "(delete the empty columns at the right in the spreadsheet)"
        }
    }
}

/// A small RFC 4180 CSV reader and writer for spreadsheets exported from Excel or LibreOffice.
public struct CSVReader: Sendable {
    /// Reads UTF-8 bytes (a leading BOM is skipped). The delimiter is the most frequent of `;`, `,`, tab outside
    /// quotes on the header record (ties: `;` before `,` before tab; none: `,`). Quoted fields may hold
    /// delimiters, doubled quotes and line breaks (LF, CRLF or CR). Rows whose fields are all empty or
    /// whitespace (blank lines, `;;;`) are skipped.
    ///
    /// Excel's first line `sep=;` (or `sep=,`, `sep=|`, `sep=` and a tab), written by "CSV (semikolonsepareret)" in some
    /// set-ups and understood by Excel when opening, names the delimiter: it is used, and the line is no record; line
    /// numbers stay physical (the header is then line 2).
    public static func read(_ data: [UInt8]) throws(CSVError) -> CSVTable {
        let bytes = data
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        try validateUTF8(bytes, from: start)
        var line = 1
        let delimiter: UInt8
        if let (named, next) = separatorLine(bytes, from: start) {
            delimiter = named
            start = next
            line = 2
        } else {
            delimiter = detectDelimiter(bytes, from: start)
        }
        let headerLine = line

        var records: [CSVRow] = []
        var i = start
        let count = bytes.count
        while i < count {
            let recordLine = line
            var fields: [String] = []
            var endOfRecord = false
            while !endOfRecord {
                var field: [UInt8] = []
                if i < count, bytes[i] == quote {
                    let openLine = line
                    i += 1
                    var closed = false
                    while i < count {
                        let byte = bytes[i]
                        if byte == quote {
                            if i + 1 < count, bytes[i + 1] == quote {
                                field.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if byte == lf || (byte == cr && !(i + 1 < count && bytes[i + 1] == lf)) { line += 1 }
                        field.append(byte)
                        i += 1
                    }
                    guard closed else { throw CSVError(line: openLine, kind: .unclosedQuote) }
                    while i < count, bytes[i] == space || (bytes[i] == tab && delimiter != tab) { i += 1 }
                    if i < count, bytes[i] != delimiter, bytes[i] != cr, bytes[i] != lf {
                        throw CSVError(line: line, kind: .textAfterClosingQuote)
                    }
                } else {
                    while i < count, bytes[i] != delimiter, bytes[i] != cr, bytes[i] != lf {
                        field.append(bytes[i])
                        i += 1
                    }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                if fields.count > InputLimits.csvFields { throw CSVError(line: recordLine, kind: .tooManyFields) }
                if i >= count {
                    endOfRecord = true
                } else if bytes[i] == delimiter {
                    i += 1
                } else {
                    i += bytes[i] == cr && i + 1 < count && bytes[i + 1] == lf ? 2 : 1
                    line += 1
                    endOfRecord = true
                }
            }
            if fields.contains(where: { !$0.trimmed.isEmpty }) {
                records.append(CSVRow(line: recordLine, fields: fields))
            }
        }
        guard let headerRow = records.first else { throw CSVError(line: 1, kind: .emptyFile) }
        return CSVTable(
            delimiter: Character(Unicode.Scalar(delimiter)),
            header: headerRow.fields.map { $0.trimmed },
            rows: Array(records.dropFirst()),
            headerLine: max(headerLine, headerRow.line)
        )
    }

    /// Excel's `sep=X` first line (case-insensitive `sep`, X one of `;` `,` tab `|`, nothing else on the line): the
    /// delimiter and where the next line starts; nil when the first line is no such line.
    static func separatorLine(_ bytes: [UInt8], from start: Int) -> (UInt8, Int)? {
        guard bytes.count >= start + 5 else { return nil }
        let prefix = bytes[start..<start + 4].map { $0 | 0x20 }
        guard prefix == Array("sep=".utf8) else { return nil }
        let named = bytes[start + 4]
        guard [semicolon, comma, tab, UInt8(ascii: "|")].contains(named) else { return nil }
        var i = start + 5
        while i < bytes.count, bytes[i] == space { i += 1 }
        if i == bytes.count { return (named, i) }
        if bytes[i] == cr { return (named, i + 1 < bytes.count && bytes[i + 1] == lf ? i + 2 : i + 1) }
        if bytes[i] == lf { return (named, i + 1) }
        return nil
    }

    /// Reads CSV text (see `read(_: [UInt8])`).
    public static func read(_ text: String) throws(CSVError) -> CSVTable {
        try read(Array(text.utf8))
    }

    /// Writes rows as CSV with CRLF after every row; a field is quoted (quotes doubled) when it holds the
    /// delimiter, a quote, CR or LF, or starts or ends with a space or tab.
    public static func write(rows: [[String]], delimiter: Character) -> String {
        write(rows: rows, style: CSVStyle(delimiter: delimiter, byteOrderMark: false))
    }

    /// CSV in `style`: CRLF line ends, fields quoted where needed, a byte-order mark first when the style asks, and every
    /// field that a spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`, a tab or a CR) written with a
    /// leading `'` so it shows as the text it is (OWASP's CSV-injection advice): a name `=HYPERLINK(…)` stays a name.
    public static func write(rows: [[String]], style: CSVStyle) -> String {
        var output = style.byteOrderMark ? "\u{FEFF}" : ""
        for row in rows {
            output += row.map { quoted(guarded($0), delimiter: style.delimiter) }.joined(separator: String(style.delimiter))
            output += "\r\n"
        }
        return output
    }

    /// `field` with a leading `'` when a spreadsheet would take it for a formula.
    static func guarded(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return field }
        return "'" + field
    }

    /// One field, quoted when needed.
    private static func quoted(_ field: String, delimiter: Character) -> String {
        let needsQuotes = field.contains(delimiter)
            || field.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || field.unicodeScalars.first.map { $0 == " " || $0 == "\t" } == true
            || field.unicodeScalars.last.map { $0 == " " || $0 == "\t" } == true
        guard needsQuotes else { return field }
        var result = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { result.unicodeScalars.append("\"") }
            result.unicodeScalars.append(scalar)
        }
        return result + "\""
    }

    /// Throws `.invalidUTF8` with the line of the first malformed byte sequence.
    private static func validateUTF8(_ bytes: [UInt8], from start: Int) throws(CSVError) {
        var iterator = bytes[start...].makeIterator()
        var decoder = UTF8()
        var line = 1
        var previousWasCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" { throw CSVError(line: line, kind: .nulByte) }
                if scalar == "\r" {
                    line += 1
                } else if scalar == "\n", !previousWasCR {
                    line += 1
                }
                previousWasCR = scalar == "\r"
            case .emptyInput:
                return
            case .error:
                throw CSVError(line: line, kind: .invalidUTF8)
            }
        }
    }

    /// Picks the delimiter by counting `;`, `,` and tab outside quotes on the first non-blank record.
    private static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var semicolons = 0, commas = 0, tabs = 0
        var blankSemicolons = 0, blankCommas = 0, blankTabs = 0
        var inQuotes = false
        var lineHasText = false
        for byte in bytes[start...] {
            if byte == quote {
                inQuotes.toggle()
                lineHasText = true
                continue
            }
            if inQuotes { continue }
            switch byte {
            case cr, lf:
                if lineHasText { break }
                // A line of only whitespace or delimiters is a blank row before the header: start over,
                // remembering its counts in case no line with text follows.
                (blankSemicolons, blankCommas, blankTabs) = (blankSemicolons + semicolons, blankCommas + commas, blankTabs + tabs)
                (semicolons, commas, tabs) = (0, 0, 0)
                continue
            case semicolon: semicolons += 1; continue
            case comma: commas += 1; continue
            case tab: tabs += 1; continue
            case space: continue
            default: lineHasText = true; continue
            }
            break
        }
        if !lineHasText { (semicolons, commas, tabs) = (blankSemicolons + semicolons, blankCommas + commas, blankTabs + tabs) }
        if semicolons >= commas, semicolons >= tabs, semicolons > 0 { return semicolon }
        if commas >= tabs, commas > 0 { return comma }
        if tabs > 0 { return tab }
        return comma
    }
}

private let quote = UInt8(ascii: "\"")
private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let tab = UInt8(ascii: "\t")
private let space = UInt8(ascii: " ")
private let semicolon = UInt8(ascii: ";")
private let comma = UInt8(ascii: ",")

/// How CSV is written: the delimiter (`;` for Danish Excel, `,` elsewhere) and whether a UTF-8 byte-order mark comes
/// first (Excel needs it to read æøå; pandas and csvkit read a pipe better without it).
public struct CSVStyle: Sendable, Equatable {
    public let delimiter: Character
    public let byteOrderMark: Bool

    /// Creates the style.
    public init(delimiter: Character, byteOrderMark: Bool) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
    }
}

import Testing
import LogbookDomain
@testable import LogbookFormats

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("delimiter detection", arguments: [
        ("navn;dato;type\r\nAnne;1.9.2026;sygdom\r\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\n1\t2\n", "\t"),
        ("navn;beskrivelse\nA;1,5 dage, ca.\n", ";"), ("\"a;b\",c\n1,2\n", ","), ("kode\n1\n", ","),
        ("\n\na;b\n1;2\n", ";"), (";;\nx,y\n", ","),
    ] as [(String, Character)])
    func delimiter(text: String, delimiter: Character) throws {
        #expect(try CSVReader.read(text).delimiter == delimiter)
    }

    @Test("semicolon file with CRLF")
    func semicolonCRLF() throws {
        let table = try CSVReader.read("navn;dato;type\r\nAnne;1.9.2026;sygdom\r\nBo;2.9.2026;ferie\r\n")
        #expect(table.header == ["navn", "dato", "type"])
        #expect(table.rows == [CSVRow(line: 2, fields: ["Anne", "1.9.2026", "sygdom"]),
                               CSVRow(line: 3, fields: ["Bo", "2.9.2026", "ferie"])])
    }

    @Test("UTF-8 BOM is skipped, æøå survive")
    func bom() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("kode;titel\n1;Første samtale\n2;Ærø Åbenrå\n".utf8)
        let table = try CSVReader.read(bytes)
        #expect(table.header == ["kode", "titel"])
        #expect(table.rows.map(\.fields) == [["1", "Første samtale"], ["2", "Ærø Åbenrå"]])
        #expect(table.rows.map(\.line) == [2, 3])
        #expect(table.columnIndex(" TITEL ") == 1)
    }

    @Test("quoted fields", arguments: [
        ("a,b\n\"x, y\",z\n", ["x, y", "z"]),
        ("a;b\n\"sagde \"\"hej\"\"\";2\n", ["sagde \"hej\"", "2"]),
        ("a;b\n\"\";x\n", ["", "x"]),
        ("a;b\n\"x\"  ;y\n", ["x", "y"]),
        ("a;b\n\"semi;colon\";\"\"\"\"\n", ["semi;colon", "\""]),
        ("a;b\nab\"c;d\n", ["ab\"c", "d"]),
        ("a;b\n\"Søren Ærø\";Åse\n", ["Søren Ærø", "Åse"]),
    ])
    func quoted(text: String, fields: [String]) throws {
        #expect(try CSVReader.read(text).rows.map(\.fields) == [fields])
    }

    @Test("line breaks inside quotes keep physical line numbers")
    func multiline() throws {
        let table = try CSVReader.read("a;b\r\n\"linje 1\r\nlinje 2\";x\r\nnext;y\r\n\"one\ntwo\nthree\";z\nlast;w")
        #expect(table.rows == [
            CSVRow(line: 2, fields: ["linje 1\r\nlinje 2", "x"]),
            CSVRow(line: 4, fields: ["next", "y"]),
            CSVRow(line: 5, fields: ["one\ntwo\nthree", "z"]),
            CSVRow(line: 8, fields: ["last", "w"]),
        ])
    }

    @Test("a row of only quoted empty fields is blank too")
    func quotedEmptyRow() throws {
        #expect(try CSVReader.read("a;b\n\"\";\"\"\n1;2\n").rows == [CSVRow(line: 3, fields: ["1", "2"])])
    }

    @Test("blank lines and empty rows are skipped; line numbers stay physical")
    func blankLines() throws {
        let table = try CSVReader.read("\na;b\n\n1;2\n\n;;\n  \n3;4\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [CSVRow(line: 4, fields: ["1", "2"]), CSVRow(line: 8, fields: ["3", "4"])])
    }

    @Test("trailing delimiters keep empty fields; header trimmed, fields not")
    func trailing() throws {
        let table = try CSVReader.read(" kode ; titel ;\n1 ; x;\n2;;\n3")
        #expect(table.header == ["kode", "titel", ""])
        #expect(table.rows.map(\.fields) == [["1 ", " x", ""], ["2", "", ""], ["3"]])
        #expect(table.rows[2][safe: 1] == "")
    }

    @Test("lone CR line endings")
    func loneCR() throws {
        let table = try CSVReader.read("a;b\r1;2\r3;4")
        #expect(table.rows == [CSVRow(line: 2, fields: ["1", "2"]), CSVRow(line: 3, fields: ["3", "4"])])
    }

    @Test("errors", arguments: [
        (Array("a;b\n1;2\n3;4\n5;6\n7;8\n9;10\n\"open;x\n12;13\n".utf8), CSVError(line: 7, kind: .unclosedQuote),
         "line 7: a quoted field is not closed; check for a stray \" in this row"),
        (Array("a;b\r\n1;\"ok\"\r\n2;\"not closed\r\n".utf8), CSVError(line: 3, kind: .unclosedQuote),
         "line 3: a quoted field is not closed; check for a stray \" in this row"),
        (Array("a;b\n\"x\"y;2\n".utf8), CSVError(line: 2, kind: .textAfterClosingQuote),
         "line 2: text after a closing quote; inside a quoted field write a quote as \"\""),
        (Array("a;b\n\"two\nlines\"x;2\n".utf8), CSVError(line: 3, kind: .textAfterClosingQuote),
         "line 3: text after a closing quote; inside a quoted field write a quote as \"\""),
        (Array("navn;by\n1;2\n".utf8) + [0x53, 0xF8, 0x72, 0x65, 0x6E] + Array(";3\n".utf8),
         CSVError(line: 3, kind: .invalidUTF8),
         "line 3: the text is not UTF-8; save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"),
        ([0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\n".utf8) + [0xC3] , CSVError(line: 3, kind: .invalidUTF8),
         "line 3: the text is not UTF-8; save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"),
        ([], CSVError(line: 1, kind: .emptyFile), "line 1: the file is empty; expected a header line"),
        ([0xEF, 0xBB, 0xBF], CSVError(line: 1, kind: .emptyFile), "line 1: the file is empty; expected a header line"),
        (Array("\n\r\n  \n;;\n".utf8), CSVError(line: 1, kind: .emptyFile), "line 1: the file is empty; expected a header line"),
        (Array("a;b\n1;x\0y\n".utf8), CSVError(line: 2, kind: .nulByte),
         "line 2: a NUL byte; this is not a UTF-8 text file (UTF-16 \"Unicode text\" or a spreadsheet such as .xlsx?) "
            + "— save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"),
        ([0xFF, 0xFE] + Array("a;b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, CSVError(line: 1, kind: .invalidUTF8),
         "line 1: the text is not UTF-8; save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"),
        (Array("a;b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, CSVError(line: 1, kind: .nulByte),
         "line 1: a NUL byte; this is not a UTF-8 text file (UTF-16 \"Unicode text\" or a spreadsheet such as .xlsx?) "
            + "— save as \"CSV UTF-8\" in Excel or choose UTF-8 in LibreOffice"),
    ] as [([UInt8], CSVError, String)])
    func errors(bytes: [UInt8], expected: CSVError, message: String) {
        #expect(throws: expected) { try CSVReader.read(bytes) }
        #expect(expected.description == message)
    }

    @Test("write quotes only when needed, CRLF line ends")
    func write() throws {
        let rows = [["kode", "titel"], ["1", "Første; anden"], ["2", "sagde \"hej\""], ["3", " indrykket"],
                    ["4", "linje\nto"], ["5", "slut "], ["6", ""], ["7", "a,b"]]
        let text = CSVReader.write(rows: rows, delimiter: ";")
        #expect(text == "kode;titel\r\n1;\"Første; anden\"\r\n2;\"sagde \"\"hej\"\"\"\r\n3;\" indrykket\"\r\n"
            + "4;\"linje\nto\"\r\n5;\"slut \"\r\n6;\r\n7;a,b\r\n")
        let back = try CSVReader.read(text)
        #expect(back.delimiter == ";")
        #expect([back.header] + back.rows.map(\.fields) == rows)
        #expect(CSVReader.write(rows: [["a,b", "c"]], delimiter: ",") == "\"a,b\",c\r\n")
        #expect(CSVReader.write(rows: [["x\r\ny"]], delimiter: ",") == "\"x\r\ny\"\r\n")
    }
}

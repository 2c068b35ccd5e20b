import LogbookDomain

/// The type of a JSON value, as messages name it ("a string", "an array").
public enum JSONType: String, Hashable, Sendable {
    case null, boolean, number, string, array, object

    /// "null", "a boolean", "a number", "a string", "an array", "an object".
    public var name: String {
        switch self {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue {
    /// The value's type.
    public var type: JSONType {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .int, .double: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }
}

/// What a JSON object in an imported file stands for, as messages name it.
public enum ImportThing: String, Hashable, Sendable {
    case curriculum, competency, program, item, department

    var english: String {
        switch self {
        case .curriculum: return "a målbeskrivelse"
        case .competency: return "a competency"
        case .program: return "an uddannelsesprogram"
        case .item: return "an item"
        case .department: return "the department"
        }
    }
}

/// The text of an imported file that a text check refused: a JSON key's value, a key itself, a CSV field.
public enum ImportField: Hashable, Sendable {
    /// The value of the JSON key, written `"title"`.
    case key(String)
    /// An object key itself.
    case anyKey
    /// A name in a list (a role, a method, a course).
    case name
    /// The name a CSV header gives column `n` (1-based).
    case columnName(Int)
    /// A CSV field in column `n` (1-based), with the header's name for it when there is one.
    case column(Int, header: String?)
    /// A competency code.
    case competencyCode

    /// The field as the English messages name it.
    public var english: String {
        switch self {
        case .key(let key): return "\"\(key)\""
        case .anyKey: return "a key"
        case .name: return "the name"
        case .columnName(let index): return "the name of column \(index)"
        case .column(let index, let header?): return "column \(index) (\"\(header)\")"
        case .column(let index, nil): return "column \(index)"
        case .competencyCode: return "competency code"
        }
    }
}

/// Where a competency first appeared, for a duplicate's message: a CSV line, or a JSON path with its line.
public enum ImportPlace: Hashable, Sendable {
    case line(Int)
    case json(path: String, line: Int?)

    /// "on line 6", "at $.competencies[1], line 12".
    public var english: String {
        switch self {
        case .line(let line): return "on line \(line)"
        case .json(let path, let line?): return "at \(path), line \(line)"
        case .json(let path, nil): return "at \(path)"
        }
    }
}

/// How a department described in a programme file differs from the stored one.
public enum DepartmentDifference: Hashable, Sendable {
    case name(stored: String, file: String)
    case kind(stored: WorkplaceKind, file: WorkplaceKind)
    case region(stored: String, file: String)

    public var english: String {
        switch self {
        case .name(let stored, let file): return "name \"\(stored)\" (file \"\(file)\")"
        case .kind(let stored, let file): return "kind \(stored.rawValue) (file \(file.rawValue))"
        case .region(let stored, let file): return "region \(stored) (file \(file))"
        }
    }
}

/// What is wrong with an imported file (målbeskrivelse or uddannelsesprogram) and how to fix it, as a value: the
/// application words it in the reader's language (LogbookApp's `Texts.importProblem`); `description` is the English.
public enum ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    // JSON
    /// The file is not valid JSON.
    case syntax(column: Int, JSONSyntaxProblem)
    /// A key written both in snake_case and in camelCase.
    case sameKey(snake: String, camel: String)
    /// A value that must be an object.
    case notObject(ImportThing, JSONType)
    /// A text refused by the input rules (`InputText.check`).
    case text(ImportField, InputTextProblem.Kind)
    /// A key the object does not have.
    case unknownKey(String, near: String?, allowed: [String])
    case missingString(key: String, example: String)
    /// `number` when the value is a whole number that should be written in quotes.
    case notString(key: String, JSONType, number: Int64?)
    case emptyString(key: String, example: String)
    case missingNumber(key: String, range: ClosedRange<Int>)
    case numberInQuotes(key: String, text: String)
    /// A value that is no whole number (a `.number` type is a fraction).
    case notWholeNumber(key: String, JSONType)
    case numberOutOfRange(key: String, range: ClosedRange<Int>, got: Int64)
    case missingArray(key: String, example: String)
    case notArray(key: String, JSONType)
    /// An element of a list of names that is not a string.
    case nameNotString(JSONType)
    /// An element of a list of names that is empty.
    case nameEmpty
    /// A date in another shape than YYYY-MM-DD (a Danish date, rewritten as `iso`).
    case dateNotISO(iso: String, got: String)
    case date(DateParseError)

    // Målbeskrivelse
    case unknownLevel(String, near: String?)
    case noCompetencies
    /// A competency without a role; `csv` points at the roller column.
    case noRole(code: String, csv: Bool)
    case noMethod(code: String, csv: Bool)
    case unknownRole(String, near: MedicalRole?)
    case emptyCourse
    case courseTwice(String, first: Int)
    case lookAlikeCode(String, first: String, place: ImportPlace)
    case duplicateCode(String, firstAs: String?, place: ImportPlace)
    case duplicateSortOrder(Int, code: String, other: String, place: ImportPlace, explicit: Bool)

    // CSV
    case csv(CSVError.Kind)
    case unknownColumn(String, near: String?)
    case duplicateColumn(first: Int, firstName: String, second: Int, secondName: String, column: String)
    case missingColumn(danish: String, english: String)
    case noRows
    case extraFields(columns: Int, delimiter: Character)
    case unnamedColumn(Int, value: String)
    case noCode(example: String)
    case noTitle(code: String)
    case badSortOrder(String)
    /// A methods cell separated only by commas where a part is no seeded method: a comma may be part of a name.
    case ambiguousMethodList(String, part: String)

    // Uddannelsesprogram
    case missingDepartment
    case unknownKind(String, near: String?)
    case departmentType(JSONType)
    case noItems
    case itemNamesNothing
    case itemNamesBoth([String])
    case unknownMeeting(String, near: String?)
    case methodNotCompetency
    case itemTwice(ProgramItem.Subject, firstPath: String, firstLine: Int?)
    /// Checked against what is stored.
    case unknownCompetency(String, curriculum: String, near: String?, codes: [String])
    case unknownCourse(String, curriculum: String, near: String?, courses: [String])
    /// A programme item's method that is neither seeded nor named by the målbeskrivelse for that competency.
    case methodNotNamed(String, code: String, curriculum: String, near: String?, methods: [String])
    case departmentDiffers(code: String, [DepartmentDifference])
    case unknownDepartment(String, near: String?)
    case noCurriculum(specialty: String, near: String?)
    case noCurriculumVersion(specialty: String, version: String, near: String?, versions: [String])

    static func hint(_ near: String?) -> String { near.map { " — did you mean \"\($0)\"?" } ?? "" }

    public var description: String {
        switch self {
        case .syntax(let column, let problem): return "column \(column): \(problem) (the file is not valid JSON)"
        case .sameKey(let snake, let camel): return "\"\(snake)\" and \"\(camel)\" are the same key; give it once"
        case .notObject(let what, let type): return "\(what.english) must be an object {...}, not \(type.name)"
        case .text(let field, let kind): return InputTextProblem(field: field.english, kind: kind).message
        case .unknownKey(let key, let near, let allowed):
            return "unknown key \"\(key)\"\(Self.hint(near)) (allowed: \(allowed.joined(separator: ", ")))"
        case .missingString(let key, let example): return "\"\(key)\" is missing; add for example \"\(key)\": \"\(example)\""
        case .notString(let key, let type, let number):
            return "\"\(key)\" must be a string, not \(type.name)\(number.map { "; write it in quotes: \"\($0)\"" } ?? "")"
        case .emptyString(let key, let example): return "\"\(key)\" is empty; write for example \"\(key)\": \"\(example)\""
        case .missingNumber(let key, let range):
            return "\"\(key)\" is missing; add a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .numberInQuotes(let key, let text): return "\"\(key)\" must be a number, not a string; write it without quotes: \(text)"
        case .notWholeNumber(let key, let type): return "\"\(key)\" must be a whole number, not \(type == .number ? "a fraction" : type.name)"
        case .numberOutOfRange(let key, let range, let got): return "\"\(key)\" must be from \(range.lowerBound) to \(range.upperBound) (got \(got))"
        case .missingArray(let key, let example): return "\"\(key)\" is missing; add for example \"\(key)\": \(example)"
        case .notArray(let key, let type): return "\"\(key)\" must be an array [...], not \(type.name)"
        case .nameNotString(let type): return "must be a string, not \(type.name)"
        case .nameEmpty: return "is empty; remove it or write a name"
        case .dateNotISO(let iso, let got): return "write the date as YYYY-MM-DD: \"\(iso)\" (got \"\(got)\")"
        case .date(let error): return error.description
        case .unknownLevel(let level, let near): return "unknown level \"\(level)\"\(Self.hint(near)) (use \"intro\" or \"main\")"
        case .noCompetencies: return "the målbeskrivelse has no competencies; add at least one"
        case .noRole(let code, false):
            return "competency \"\(code)\" has no role; name at least one lægerolle, e.g. \"Medicinsk ekspert/lægefaglig\""
        case .noRole(let code, true):
            return "competency \"\(code)\" has no role; name at least one lægerolle in the roller column, e.g. \"Medicinsk ekspert/lægefaglig\""
        case .noMethod(let code, false): return "competency \"\(code)\" has no assessment method; name at least one, e.g. \"Mini-CEX\""
        case .noMethod(let code, true):
            return "competency \"\(code)\" has no assessment method; name at least one in the metoder column, e.g. \"Mini-CEX\""
        case .unknownRole(let name, let near):
            return "unknown role \"\(name)\"\(Self.hint(near?.danishName)) (lægeroller: " + MedicalRole.allCases.map(\.danishName).joined(separator: ", ") + ")"
        case .emptyCourse: return "a course name is empty"
        case .courseTwice(let name, let first): return "the course \"\(name)\" is listed twice (first as course \(first)); list it once"
        case .lookAlikeCode(let code, let first, let place):
            return "competency code \"\(Handle.printable(code))\" looks like \"\(first)\" (\(place.english)) but is spelled with other letters "
                + "(another script); a reader cannot tell them apart, so give each competency a code of its own in Latin letters"
        case .duplicateCode(let code, let firstAs, let place):
            return "competency code \"\(code)\" appears twice (first\(firstAs.map { " (as \"\($0)\")" } ?? "") \(place.english)); "
                + "give each competency its own code"
        case .duplicateSortOrder(let order, let code, let other, let place, let explicit):
            return "sort order \(order) of \"\(code)\" is already used by \"\(other)\" (\(place.english)); give each competency its own place"
                + (explicit ? "" : " or leave sort orders out everywhere")
        case .csv(let kind): return CSVError(line: 0, kind: kind).message
        case .unknownColumn(let name, let near):
            return "unknown column \"\(name)\"\(Self.hint(near)) (columns: kode/code, titel/title, roller/roles, metoder/methods, "
                + "konkretisering/concretisation, læringsstrategier/learning strategies, rækkefølge/sort)"
        case .duplicateColumn(let first, let firstName, let second, let secondName, let column):
            return "columns \(first) (\"\(firstName)\") and \(second) (\"\(secondName)\") both hold the \(column); keep one"
        case .missingColumn(let danish, let english):
            return "the header has no \(danish)/\(english) column; the first line must name the columns, "
                + "e.g. kode;titel;roller;metoder;konkretisering;læringsstrategier"
        case .noRows: return "the file has a header but no competencies; add one row per competency"
        case .extraFields(let columns, let delimiter):
            return "the row has more fields than the header's \(columns) columns; a field holding \"\(delimiter)\" must be in double quotes"
        case .unnamedColumn(let index, let value): return "column \(index) has no name in the header but holds \"\(value)\"; name the column or empty it"
        case .noCode(let example): return "the competency has no code; fill in the kode column (e.g. \"\(example)\")"
        case .noTitle(let code): return "competency \"\(code)\" has no title; fill in the titel column"
        case .badSortOrder(let text): return "the sort order must be a whole number from 1 (got \"\(text)\")"
        case .ambiguousMethodList(let cell, let part):
            return "the methods \"\(cell)\" are separated only by commas, and \"\(part)\" is no known method: a comma may be part "
                + "of a method's name, so it cannot be split safely; separate methods with a line break (Alt+Enter), \"|\" or \";\" "
                + "(commas then belong to the names)"
        case .missingDepartment:
            return "\"department\" is missing; add the department's code, e.g. \"department\": \"OUH-KAR\", or an object "
                + "{\"code\", \"name\", \"kind\", \"region\"} to create it"
        case .unknownKind(let kind, let near): return "unknown kind \"\(kind)\"\(Self.hint(near)) (use \"hospital\" or \"general-practice\")"
        case .departmentType(let type): return "\"department\" must be a code string or an object, not \(type.name)"
        case .noItems: return "the programme has no items; add the competencies, courses and meetings with their due months"
        case .itemNamesNothing:
            return "the item names nothing; give one of \"competency\": \"I1\", \"course\": \"...\" or \"meeting\": \"introduction\""
        case .itemNamesBoth(let keys):
            return "the item names both \(keys.map { "\"\($0)\"" }.joined(separator: " and ")); split it into one item each"
        case .unknownMeeting(let name, let near):
            return "unknown meeting \"\(name)\"\(Self.hint(near)) (use introduction, adjustment or final, or introduktionssamtale, "
                + "justeringssamtale, slutsamtale)"
        case .methodNotCompetency: return "only a competency item takes a \"method\"; remove it from this item"
        case .itemTwice(let subject, let firstPath, let firstLine):
            let item = ProgramItem(subject: subject, dueMonth: 0)
            return "\(item.label) appears twice (first at \(firstPath)\(firstLine.map { ", line \($0)" } ?? "")); list it once"
        case .unknownCompetency(let code, let curriculum, let near, let codes):
            return "no competency \"\(code)\" in \(curriculum)\(Self.hint(near)) (codes: \(codes.joined(separator: ", ")))"
        case .methodNotNamed(let name, let code, let curriculum, let near, let methods):
            return "\(curriculum) does not name the assessment method \"\(name)\" for competency \"\(code)\"\(Self.hint(near)) "
                + "(it names: \(methods.joined(separator: ", "))); a programme may only use the methods the målbeskrivelse names for the competency: use one of those"
        case .unknownCourse(let name, let curriculum, let near, let courses):
            return "no course \"\(name)\" in \(curriculum)\(Self.hint(near)) (courses: \(courses.joined(separator: ", ")))"
        case .departmentDiffers(let code, let differences):
            return "department \(code) exists with \(differences.map(\.english).joined(separator: ", ")); correct the file, or give just the code \"\(code)\""
        case .unknownDepartment(let code, let near):
            return "no department \"\(code)\"\(Self.hint(near)); to create it, give the department as an object {\"code\", \"name\", \"kind\", \"region\"}"
        case .noCurriculum(let specialty, let near):
            return "no målbeskrivelse for \"\(specialty)\" is imported\(Self.hint(near)); import it first with `logbook curriculum import`"
        case .noCurriculumVersion(let specialty, let version, let near, let versions):
            return "\(specialty) has no imported version \"\(version)\"\(Self.hint(near)) (versions: \(versions.joined(separator: ", "))); import that version first"
        }
    }
}
